import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches, Validate, ValidatorConstraint, ValidatorConstraintInterface } from 'class-validator';
import { isJapanDay } from '@hw/quota/domain';

@ValidatorConstraint({ name: 'isJapanDay' })
class IsJapanDayConstraint implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return isJapanDay(value);
  }
  defaultMessage(): string {
    return '$property must be a Japan-time calendar day written yyyymmdd (e.g. 20261125)';
  }
}

/** R-MSG-2: a history is by Japan-time calendar day (`yyyymmdd`, as in the daily-quota streams). */
export class HistoryQueryDto {
  @ApiPropertyOptional({
    description: 'first Japan-time day, yyyymmdd (default: 29 days before `to`)',
    example: '20261101',
    pattern: '^[0-9]{8}$',
  })
  @IsOptional()
  @Validate(IsJapanDayConstraint, { context: { rule: 'R-MSG-2' } })
  from?: string;

  @ApiPropertyOptional({
    description: 'last Japan-time day, yyyymmdd (default: today, Japan time); at most 366 days after `from`',
    example: '20261130',
    pattern: '^[0-9]{8}$',
  })
  @IsOptional()
  @Validate(IsJapanDayConstraint, { context: { rule: 'R-MSG-2' } })
  to?: string;
}

/** No query parameters: an organisation user's registration comes from its token only (R-ORG-6). */
export class TodayQueryDto {}

export class RegistrationParams {
  @ApiProperty({ description: 'the registration whose counts to read', example: '0193a8f0-0000-7000-8000-000000000000' })
  @Matches(/^[A-Za-z0-9_-]{1,64}$/, { message: 'registrationId must be 1–64 letters, digits, - or _' })
  registrationId!: string;
}

export class TodayQuotaView {
  @ApiProperty({ description: "the registration counted: the caller's own (token), or the one named in the path" }) registrationId!: string;
  @ApiProperty({ description: 'today in Japan time, yyyymmdd' }) day!: string;
  @ApiProperty({
    description: 'organisation messages sent today (R-MSG-2: every department, user and contractor acting under the registration)',
  })
  sent!: number;
  @ApiProperty({ description: 'DAILY_MESSAGE_LIMIT in force (policy, default 1,000)' }) limit!: number;
  @ApiProperty({ description: 'messages still accepted today, never below 0' }) remaining!: number;
  @ApiProperty({ description: 'next 00:00 JST as a UTC instant', example: '2026-11-25T15:00:00.000Z' }) resetsAt!: string;
}

export class DayCountView {
  @ApiProperty({ description: 'Japan-time day, yyyymmdd' }) day!: string;
  @ApiProperty({ type: 'integer', description: 'organisation messages sent that day under the registration' }) sent!: number;
  @ApiProperty({ description: "the limit the day's messages were decided under (the current one for days without a message)" })
  limit!: number;
}

export class QuotaHistoryView {
  @ApiProperty({ description: 'the registration counted' }) registrationId!: string;
  @ApiProperty({ description: 'first Japan-time day of the range, yyyymmdd' }) from!: string;
  @ApiProperty({ description: 'last Japan-time day of the range, yyyymmdd' }) to!: string;
  @ApiProperty({ type: [DayCountView], description: 'every day of the range in order, 0 for days without a message' })
  days!: DayCountView[];
}
