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

/*
 * What the complaints and consultations routes answer, as OpenAPI schemas (issue 15). The
 * services build the answers; these classes only describe them. Lists carry no text; an
 * organisation never sees a seeker id (R-SKR-5), only its registration's seekerRef.
 */
const COMPLAINT_STATUSES = [
  'filed',
  'acknowledged',
  'answered',
  'resolved',
  'escalated',
  'closed-by-desk',
  'sanction-requested',
  'sanction-decided',
];

export class ComplaintFiledView {
  @ApiProperty({ format: 'uuid', description: 'the complaint, for every later step' }) complaintId!: string;
  @ApiProperty({ format: 'date-time', description: 'R-CMP-1: the complaint officer acknowledges by then' }) acknowledgeBy!: string;
  @ApiProperty({ format: 'date-time', description: 'R-CMP-1: the complaint officer answers by then' }) answerBy!: string;
}

export class ComplaintMessagePostedView {
  @ApiProperty({ format: 'uuid', description: "the message in the complaint's conversation" }) messageId!: string;
}

export class ComplaintSummaryView {
  @ApiProperty({ format: 'uuid' }) complaintId!: string;
  @ApiPropertyOptional({
    format: 'uuid',
    description: "seekers and staff only: the complainant's seeker id (pseudonymous; no name or contact)",
  })
  seekerId?: string;
  @ApiPropertyOptional({ description: "organisation callers only: the complainant, by this registration's reference (R-SKR-5)" })
  seekerRef?: string;
  @ApiProperty({ description: 'the registration complained about' }) registrationId!: string;
  @ApiProperty({ enum: COMPLAINT_CATEGORIES }) category!: string;
  @ApiProperty({ enum: COMPLAINT_STATUSES }) status!: string;
  @ApiProperty({ description: "the office named at filing: an escalation's default desk (R-CMP-2)" }) filingOffice!: string;
  @ApiProperty({ type: String, nullable: true, description: 'the office whose desk has it, once escalated (R-CMP-2)' })
  deskOffice!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'the office whose desk the complaint officer consulted (R-CMP-3)' })
  consultedOffice!: string | null;
  @ApiProperty({ type: String, nullable: true, description: "the bureau's prefecture, once a sanction is requested (R-ORG-2)" })
  prefecture!: string | null;
  @ApiProperty({ format: 'date-time' }) filedAt!: string;
  @ApiProperty({ format: 'date-time', description: 'R-CMP-1' }) acknowledgeBy!: string;
  @ApiProperty({ format: 'date-time', description: 'R-CMP-1' }) answerBy!: string;
  @ApiProperty({ description: 'R-CMP-1: not acknowledged by acknowledgeBy' }) acknowledgementOverdue!: boolean;
  @ApiProperty({ description: 'R-CMP-1: not answered by answerBy' }) answerOverdue!: boolean;
  @ApiProperty({
    type: String,
    nullable: true,
    description: `the bureau's decision (R-CMP-5): ${SANCTION_DECISIONS.join(', ')}; null until decided`,
  })
  sanction!: string | null;
  @ApiProperty({ format: 'date-time', description: 'the last change' }) updatedAt!: string;
}

export class ComplaintStepView {
  @ApiProperty({ description: "the event on the complaint's stream (R-CMP-4), e.g. ComplaintAnswered, ComplaintEscalated" })
  type!: string;
  @ApiProperty({ description: 'when (UTC, ISO 8601)' }) at!: string;
  @ApiPropertyOptional({ description: 'a message: who wrote it (seeker, complaint-officer, complaint-desk)' }) from?: string;
  @ApiPropertyOptional({
    description:
      'the text, opened for this reader; absent where the reader is not party to it (R-CMP-2, R-CMP-3) or the seeker is erased (R-AUD-2)',
  })
  text?: string;
  @ApiPropertyOptional({ enum: DESK_OUTCOMES }) outcome?: string;
  @ApiPropertyOptional({ enum: SANCTION_DECISIONS }) decision?: string;
  @ApiPropertyOptional({ enum: ESCALATION_REASONS }) reason?: string;
  @ApiPropertyOptional({ description: 'a suspension ends then (R-CMP-5)' }) until?: string;
}

export class ComplaintView {
  @ApiProperty({ format: 'uuid' }) complaintId!: string;
  @ApiProperty() registrationId!: string;
  @ApiProperty({ enum: COMPLAINT_CATEGORIES }) category!: string;
  @ApiProperty({ enum: COMPLAINT_STATUSES }) status!: string;
  @ApiProperty({ format: 'date-time' }) filedAt!: string;
  @ApiProperty({ format: 'date-time' }) acknowledgeBy!: string;
  @ApiProperty({ format: 'date-time' }) answerBy!: string;
  @ApiProperty({ type: [String], enum: ['acknowledgement', 'answer'], description: 'R-CMP-1: the steps flagged overdue' })
  overdue!: string[];
  @ApiPropertyOptional({ description: 'the office whose desk has it, once escalated' }) deskOffice?: string;
  @ApiPropertyOptional({ description: "the complaint's text; absent once the seeker is erased (R-AUD-2)" }) text?: string;
  @ApiProperty({ type: [String], description: 'messaging message ids the complaint is about' }) messageIds!: string[];
  @ApiProperty({ type: [ComplaintStepView], description: 'the course of handling, every step in order (R-CMP-4)' })
  history!: ComplaintStepView[];
}

export class ConsultationOpenedView {
  @ApiProperty({ format: 'uuid', description: 'the consultation (complaints.ConsultationOpened.v1)' }) consultationId!: string;
}

export class ConsultationSummaryView {
  @ApiProperty({ format: 'uuid' }) consultationId!: string;
  @ApiProperty({ description: 'the consulting registration' }) registrationId!: string;
  @ApiProperty({ description: 'the office whose complaint desk is consulted' }) officeCode!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    format: 'uuid',
    description: "the registration's thread naming the seeker, or null (never a seeker id, R-SKR-5)",
  })
  threadId!: string | null;
  @ApiProperty({ enum: ['open', 'answered'] }) status!: string;
  @ApiProperty({ format: 'date-time' }) openedAt!: string;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) answeredAt!: string | null;
}

export class ConsultationAnswerView {
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiPropertyOptional({ description: "the desk's answer; absent once the seeker the thread names is erased (R-AUD-2)" }) text?: string;
}

export class ConsultationReadView {
  @ApiProperty({ description: 'the staff role that read it (R-STF-2)' }) role!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
}

export class ConsultationView {
  @ApiProperty({ format: 'uuid' }) consultationId!: string;
  @ApiProperty() registrationId!: string;
  @ApiProperty() officeCode!: string;
  @ApiPropertyOptional({ format: 'uuid', description: "the registration's thread naming the seeker, when one is named" })
  threadId?: string;
  @ApiProperty({ enum: ['open', 'answered'] }) status!: string;
  @ApiProperty({ format: 'date-time' }) openedAt!: string;
  @ApiPropertyOptional({ description: 'the text; absent once the seeker the thread names is erased (R-AUD-2)' }) text?: string;
  @ApiPropertyOptional({ type: ConsultationAnswerView, description: 'once the desk answered (R-CMP-3)' }) answer?: ConsultationAnswerView;
  @ApiProperty({ type: [ConsultationReadView], description: 'every staff read, as recorded (R-STF-2)' }) reads!: ConsultationReadView[];
}
