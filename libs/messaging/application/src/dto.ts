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
