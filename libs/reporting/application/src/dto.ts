import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';

const PERIOD = /^[0-9]{4}Q[1-4]$/;
const periodRule = { message: 'period must be written yyyyQn, e.g. 2026Q1', context: { rule: 'R-REP-1' } };
const figure = (field: string) => ({ message: `${field} must be a non-negative integer`, context: { rule: 'R-REP-2' } });

export class PeriodParams {
  @ApiProperty({ example: '2026Q1', description: 'calendar quarter, Japan time (R-REP-1)' })
  @Matches(PERIOD, periodRule)
  period!: string;
}

export class RegistrationPeriodParams extends PeriodParams {
  @ApiProperty()
  @Matches(/^[A-Za-z0-9_-]{1,64}$/, { message: 'registrationId must be an id of 1–64 letters, digits, _ or -' })
  registrationId!: string;
}

export class PeriodQueryDto {
  @ApiProperty({ example: '2026Q1' })
  @Matches(PERIOD, periodRule)
  period!: string;
}

/** R-REP-2: the figures the organisation enters; all 0 is a zero report. */
export class EnteredFiguresDto {
  @ApiProperty({ minimum: 0, example: 0 })
  @IsInt(figure('applicationsAccepted'))
  @Min(0, figure('applicationsAccepted'))
  @Max(1_000_000_000, figure('applicationsAccepted'))
  applicationsAccepted!: number;

  @ApiProperty({ minimum: 0, example: 0, description: '≤ applicationsAccepted (R-REP-2)' })
  @IsInt(figure('placements'))
  @Min(0, figure('placements'))
  @Max(1_000_000_000, figure('placements'))
  placements!: number;

  @ApiProperty({ minimum: 0, example: 0 })
  @IsInt(figure('paidServicesProvided'))
  @Min(0, figure('paidServicesProvided'))
  @Max(1_000_000_000, figure('paidServicesProvided'))
  paidServicesProvided!: number;
}

const reason = { message: 'reason must be 1–1000 characters', context: { rule: 'R-REP-2' } };

export class AmendmentDto extends EnteredFiguresDto {
  @ApiProperty({ minLength: 1, maxLength: 1000 })
  @IsString(reason)
  @Length(1, 1000, reason)
  reason!: string;
}

export class MarkFalseDto {
  @ApiProperty({ minLength: 1, maxLength: 1000 })
  @IsString(reason)
  @Length(1, 1000, reason)
  reason!: string;
}

export class SanctionDto {
  @ApiProperty({
    enum: ['suspension', 'termination', 'none'],
    description: 'R-REP-3: the officer decides; the proposal is in the bureau view',
  })
  @IsIn(['suspension', 'termination', 'none'], {
    message: 'decision must be one of suspension, termination, none',
    context: { rule: 'R-REP-3' },
  })
  decision!: 'suspension' | 'termination' | 'none';

  @ApiProperty({ minLength: 1, maxLength: 1000 })
  @IsString(reason)
  @Length(1, 1000, reason)
  reason!: string;

  @ApiPropertyOptional({ description: 'a clearly malicious false report: termination at once (R-REP-3)' })
  @IsOptional()
  @IsBoolean({ message: 'malicious must be true or false', context: { rule: 'R-REP-3' } })
  malicious?: boolean;
}
