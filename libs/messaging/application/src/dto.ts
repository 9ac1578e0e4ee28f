import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { ORGANISATION_MESSAGE_KINDS, OrganisationMessageKind, SEEKER_MESSAGE_KINDS, SeekerMessageKind } from '@hw/messaging/domain';

export class SendMessageDto {
  @ApiProperty({ description: 'the pseudonymous reference matching shows this registration (R-SKR-5)', example: 'q0Jm3W6Qv2x0lHk7aZp9Ug' })
  @Matches(/^[A-Za-z0-9_-]{22}$/, { message: 'seekerRef must be the 22-character reference shown in search', context: { rule: 'R-SKR-5' } })
  seekerRef!: string;

  @ApiProperty({ enum: ORGANISATION_MESSAGE_KINDS })
  @IsIn(ORGANISATION_MESSAGE_KINDS, {
    message: `kind must be one of ${ORGANISATION_MESSAGE_KINDS.join(', ')}`,
    context: { rule: 'R-MSG-6' },
  })
  kind!: OrganisationMessageKind;

  @ApiProperty({ minLength: 1, maxLength: 4000 })
  @IsString({ message: 'body must be text' })
  @Length(1, 4000, { message: 'body must be 1–4000 characters' })
  body!: string;
}

export class ReplyDto {
  @ApiProperty({ enum: SEEKER_MESSAGE_KINDS })
  @IsIn(SEEKER_MESSAGE_KINDS, { message: `kind must be one of ${SEEKER_MESSAGE_KINDS.join(', ')}`, context: { rule: 'R-MSG-6' } })
  kind!: SeekerMessageKind;

  @ApiProperty({ minLength: 1, maxLength: 4000 })
  @IsString({ message: 'body must be text' })
  @Length(1, 4000, { message: 'body must be 1–4000 characters' })
  body!: string;
}

export class OutboxQueryDto {
  @ApiPropertyOptional({ description: "a department of the caller's registration (default: the caller's own)" })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,64}$/, { message: 'departmentId must be an id of 1–64 letters, digits, _ or -' })
  departmentId?: string;
}

export class ThreadParams {
  @ApiProperty({ format: 'uuid' })
  @Matches(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, { message: 'threadId must be a UUID' })
  threadId!: string;
}

export const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,128}$/;

/*
 * What the messaging routes answer, as OpenAPI schemas (issue 15: a response schema for each
 * status). The controller builds the answers; these classes only describe them. Never a seeker
 * id, name or contact: an organisation knows a seeker by its registration's seekerRef only (R-SKR-5).
 */
const MESSAGE_KINDS = [...ORGANISATION_MESSAGE_KINDS, ...SEEKER_MESSAGE_KINDS];

export class ComplaintOfficerReferenceView {
  @ApiProperty({ description: 'the registration whose complaint officer it is' }) registrationId!: string;
  @ApiProperty({
    type: 'integer',
    description: 'R-MSG-4: the complaint officer version approved when the first message was sent (1, 2, 3 …)',
  })
  version!: number;
  @ApiProperty({
    description: "where registration serves that officer's name and contact (GET, any principal of the thread)",
    example: '/registrations/0193a8f0-0000-7000-8000-000000000000/complaint-officer/1',
  })
  href!: string;
}

export class SentMessageView {
  @ApiProperty({ format: 'uuid', description: 'the message; the same for a retried send with the same Idempotency-Key (R-MSG-8)' })
  messageId!: string;
  @ApiProperty({ format: 'uuid', description: 'the thread of this registration and this seeker (one per pair)' }) threadId!: string;
  @ApiProperty({ description: 'the seeker, by the reference search showed this registration (R-SKR-5), as sent' }) seekerRef!: string;
  @ApiProperty({ enum: ORGANISATION_MESSAGE_KINDS }) kind!: OrganisationMessageKind;
  @ApiProperty({ description: 'the Japan-time day (yyyymmdd) whose quota it used (R-MSG-2)', example: '20261125' }) day!: string;
  @ApiProperty({ format: 'date-time', description: 'when it was recorded (UTC)' }) sentAt!: string;
  @ApiPropertyOptional({ type: ComplaintOfficerReferenceView, description: 'R-MSG-4: on the first message of a thread only' })
  complaintOfficer?: ComplaintOfficerReferenceView;
}

export class ReplyRecordedView {
  @ApiProperty({ format: 'uuid', description: 'the reply; the same for a retried reply with the same Idempotency-Key (R-MSG-8)' })
  messageId!: string;
  @ApiProperty({ format: 'uuid' }) threadId!: string;
  @ApiProperty({ format: 'date-time', description: 'when it was recorded (UTC)' }) sentAt!: string;
}

export class ThreadSummaryView {
  @ApiProperty({ format: 'uuid' }) threadId!: string;
  @ApiPropertyOptional({ description: "a seeker's inbox only: the organisation's registration on the other side" })
  registrationId?: string;
  @ApiPropertyOptional({ description: "an organisation's threads only: the seeker, by this registration's reference (R-SKR-5)" })
  seekerRef?: string;
  @ApiProperty({ format: 'date-time', description: 'the newest message of the thread (UTC); threads come newest first, at most 200' })
  lastMessageAt!: string;
  @ApiProperty({ type: 'integer', description: 'messages in the thread, both sides' }) messageCount!: number;
  @ApiPropertyOptional({
    description: "an organisation's threads only: the seeker has a current disclosure of identity/contact to this registration (R-SKR-5)",
  })
  identityDisclosed?: boolean;
}

export class ThreadsView {
  @ApiProperty({ type: [ThreadSummaryView] }) items!: ThreadSummaryView[];
}

export class ThreadMessageView {
  @ApiProperty({ format: 'uuid' }) messageId!: string;
  @ApiProperty({ enum: ['organisation', 'seeker'] }) sender!: 'organisation' | 'seeker';
  @ApiProperty({ enum: MESSAGE_KINDS, description: 'R-MSG-6: an organisation kind or a seeker kind, by sender' }) kind!: string;
  @ApiPropertyOptional({
    description: "the text, opened with the seeker's key (R-AUD-2); absent when that key no longer opens it",
  })
  body?: string;
  @ApiProperty({ format: 'date-time' }) sentAt!: string;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'organisation callers only (R-MSG-7): the department that sent it; null on a seeker’s message',
  })
  departmentId?: string | null;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'organisation callers only (R-MSG-7): the user that sent it; null on a seeker’s message',
  })
  userId?: string | null;
  @ApiPropertyOptional({ type: ComplaintOfficerReferenceView, description: 'R-MSG-4: on the first message of the thread' })
  complaintOfficer?: ComplaintOfficerReferenceView;
}

export class ThreadMessagesView {
  @ApiProperty({ format: 'uuid' }) threadId!: string;
  @ApiProperty({ type: [ThreadMessageView], description: 'oldest first' }) items!: ThreadMessageView[];
}

export class OutboxItemView {
  @ApiProperty({ format: 'uuid' }) messageId!: string;
  @ApiProperty({ format: 'uuid' }) threadId!: string;
  @ApiProperty({ type: String, nullable: true, description: 'R-MSG-7: the department that sent it' }) departmentId!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'R-MSG-7: the user that sent it' }) userId!: string | null;
  @ApiProperty({ enum: ORGANISATION_MESSAGE_KINDS }) kind!: string;
  @ApiProperty({ format: 'date-time' }) sentAt!: string;
}

export class OutboxView {
  @ApiProperty({ type: [OutboxItemView], description: 'newest first, at most 200; no text and no seeker (R-SKR-5)' })
  items!: OutboxItemView[];
}
