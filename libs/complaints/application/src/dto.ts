import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsISO8601, IsOptional, IsString, Length, Matches } from 'class-validator';
import {
  COMPLAINT_CATEGORIES,
  ComplaintCategory,
  DESK_OUTCOMES,
  DeskOutcome,
  ESCALATION_REASONS,
  EscalationReason,
  SANCTION_DECISIONS,
  SanctionDecision,
} from '@hw/complaints/domain';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const OFFICE = /^[0-9A-Za-z-]{1,16}$/;

export class FileComplaintDto {
  @ApiProperty({ description: 'the registration complained about; the seeker must share a messaging thread with it (R-CMP-1)' })
  @Matches(/^[A-Za-z0-9_-]{1,64}$/, {
    message: 'registrationId must be an id of 1–64 letters, digits, _ or -',
    context: { rule: 'R-CMP-1' },
  })
  registrationId!: string;

  @ApiProperty({ enum: COMPLAINT_CATEGORIES })
  @IsIn(COMPLAINT_CATEGORIES, { message: `category must be one of ${COMPLAINT_CATEGORIES.join(', ')}`, context: { rule: 'R-CMP-1' } })
  category!: ComplaintCategory;

  @ApiProperty({ minLength: 1, maxLength: 4000, description: 'sealed under the seeker key before it reaches the log (R-AUD-2)' })
  @IsString({ message: 'text must be text' })
  @Length(1, 4000, { message: 'text must be 1–4000 characters' })
  text!: string;

  @ApiPropertyOptional({ type: [String], description: 'messaging message ids the complaint is about' })
  @IsOptional()
  @IsArray({ message: 'messageIds must be a list of message ids' })
  @ArrayMaxSize(50, { message: 'messageIds: at most 50' })
  @Matches(UUID, { each: true, message: 'messageIds must be UUIDs' })
  messageIds?: string[];

  @ApiProperty({ description: "the seeker's Hello Work office code: the default complaint desk of an escalation (R-CMP-2)" })
  @Matches(OFFICE, { message: 'officeCode must be an office code of 1–16 letters, digits or -', context: { rule: 'R-CMP-2' } })
  officeCode!: string;
}

export class TextDto {
  @ApiProperty({ minLength: 1, maxLength: 4000, description: 'sealed under the complainant key (R-AUD-2)' })
  @IsString({ message: 'text must be text' })
  @Length(1, 4000, { message: 'text must be 1–4000 characters' })
  text!: string;
}

export class EscalateDto extends TextDto {
  @ApiProperty({ enum: ESCALATION_REASONS })
  @IsIn(ESCALATION_REASONS, { message: `reason must be one of ${ESCALATION_REASONS.join(', ')}`, context: { rule: 'R-CMP-2' } })
  reason!: EscalationReason;

  @ApiPropertyOptional({ description: 'another Hello Work office (default: the office named at filing)' })
  @IsOptional()
  @Matches(OFFICE, { message: 'officeCode must be an office code of 1–16 letters, digits or -', context: { rule: 'R-CMP-2' } })
  officeCode?: string;
}

export class ConsultationDto extends TextDto {
  @ApiPropertyOptional({ description: 'the Hello Work office consulted (default: the office named at filing)' })
  @IsOptional()
  @Matches(OFFICE, { message: 'officeCode must be an office code of 1–16 letters, digits or -', context: { rule: 'R-CMP-3' } })
  officeCode?: string;
}

export class DeskOutcomeDto extends TextDto {
  @ApiProperty({ enum: DESK_OUTCOMES })
  @IsIn(DESK_OUTCOMES, { message: `outcome must be one of ${DESK_OUTCOMES.join(', ')}`, context: { rule: 'R-CMP-2' } })
  outcome!: DeskOutcome;
}

export class SanctionDecisionDto {
  @ApiProperty({ enum: SANCTION_DECISIONS })
  @IsIn(SANCTION_DECISIONS, { message: `decision must be one of ${SANCTION_DECISIONS.join(', ')}`, context: { rule: 'R-CMP-5' } })
  decision!: SanctionDecision;

  @ApiPropertyOptional({ description: 'a suspension ends at this instant (UTC, ISO 8601)' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'until must be an ISO 8601 instant', context: { rule: 'R-CMP-5' } })
  until?: string;
}

export class ComplaintParams {
  @ApiProperty({ format: 'uuid', description: 'the complaint, as filing answered it' })
  @Matches(UUID, { message: 'complaintId must be a UUID' })
  complaintId!: string;
}

/** R-CMP-3: a standalone consultation of a Hello Work complaint desk by the registration's complaint officer. */
export class OpenConsultationDto extends TextDto {
  @ApiProperty({ description: 'the Hello Work office whose complaint desk is consulted' })
  @Matches(OFFICE, { message: 'officeCode must be an office code of 1–16 letters, digits or -', context: { rule: 'R-CMP-3' } })
  officeCode!: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description:
      "the registration's messaging thread with the seeker concerned (R-SKR-5: never a seeker id); omit to consult without naming a seeker",
  })
  @IsOptional()
  @Matches(UUID, { message: 'threadId must be a UUID (a thread of this registration)', context: { rule: 'R-CMP-3' } })
  threadId?: string;
}

export class ConsultationParams {
  @ApiProperty({ format: 'uuid', description: 'the consultation, as opening it answered' })
  @Matches(UUID, { message: 'consultationId must be a UUID' })
  consultationId!: string;
}
