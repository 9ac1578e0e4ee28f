import { BadRequestException, Body, Controller, Get, Headers, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiResponse, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { DomainError, newId } from '@hw/platform/core';
import { Allow, CurrentPrincipal, READ_DB, TokenClaims } from '@hw/platform/nest';
import { IDEMPOTENCY_KEY, OutboxQueryDto, ReplyDto, SendMessageDto, ThreadParams } from './dto';
import { MessagingMessage, MessagingThread } from './entities';
import { MessagingService } from './messaging.service';

const idempotencyKey = (value: string | undefined): string | undefined => {
  if (value === undefined) return undefined;
  if (!IDEMPOTENCY_KEY.test(value))
    throw new BadRequestException({ code: 'VALIDATION_FAILED', field: 'Idempotency-Key', rule: 'R-MSG-8', message: 'Idempotency-Key: 1–128 printable ASCII characters' });
  return value;
};
const threadNotFound = () => new DomainError('THREAD_NOT_FOUND', 'no such thread for this caller', 'R-MSG-1', 'not-found');

@ApiTags('messages')
@ApiBearerAuth()
@Controller()
export class MessagingController {
  constructor(
    private readonly messaging: MessagingService,
    @Inject(READ_DB) private readonly db: DataSource,
  ) {}

  /** R-MSG-1/2/4/5/6/7/8: an organisation user sends under the registration of its token. */
  @Post('messages')
  @HttpCode(201)
  @Allow('organisation-user')
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'R-MSG-8: a retried send with the same key is delivered and counted once' })
  @ApiResponse({ status: 201, description: 'recorded and counted' })
  @ApiResponse({ status: 422, description: 'R-MSG-5 / R-MSG-4 / R-MSG-6 refusal, each with its own code' })
  @ApiResponse({ status: 429, description: 'DAILY_LIMIT_REACHED (R-MSG-2): states limit and resetsAt (00:00 JST)' })
  async send(@Body() dto: SendMessageDto, @CurrentPrincipal() principal: TokenClaims, @Headers('idempotency-key') key?: string) {
    if (principal.kind !== 'organisation-user') throw threadNotFound();
    return this.messaging.send(
      { registrationId: principal.registrationId, departmentId: principal.departmentId, userId: principal.sub },
      dto,
      idempotencyKey(key),
      newId(),
    );
  }

  /** R-MSG-1: seekers reply in their threads; replies do not count toward any quota. */
  @Post('threads/:threadId/replies')
  @HttpCode(201)
  @Allow('seeker')
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  async reply(@Param() params: ThreadParams, @Body() dto: ReplyDto, @CurrentPrincipal() principal: TokenClaims, @Headers('idempotency-key') key?: string) {
    return this.messaging.reply(principal.sub, params.threadId, dto, idempotencyKey(key), newId());
  }

  /** A seeker's inbox (own threads only); an organisation's threads (its registration only). */
  @Get('threads')
  @Allow('seeker', 'organisation-user')
  async threads(@CurrentPrincipal() principal: TokenClaims) {
    const repo = this.db.getRepository(MessagingThread);
    if (principal.kind === 'seeker') {
      const rows = await repo.find({ where: { seekerId: principal.sub }, order: { lastMessageAt: 'DESC' }, take: 200 });
      return { items: rows.map((t) => ({ threadId: t.threadId, registrationId: t.registrationId, lastMessageAt: t.lastMessageAt, messageCount: t.messageCount })) };
    }
    if (principal.kind !== 'organisation-user') return { items: [] };
    const rows = await repo.find({ where: { registrationId: principal.registrationId }, order: { lastMessageAt: 'DESC' }, take: 200 });
    return {
      items: rows.map((t) => ({
        threadId: t.threadId,
        seekerRef: this.messaging.seekerRefFor(t.registrationId, t.seekerId),
        lastMessageAt: t.lastMessageAt,
        messageCount: t.messageCount,
        identityDisclosed: t.identityDisclosed,
      })),
    };
  }

  @Get('threads/:threadId/messages')
  @Allow('seeker', 'organisation-user')
  async messages(@Param() params: ThreadParams, @CurrentPrincipal() principal: TokenClaims) {
    const thread = await this.db.getRepository(MessagingThread).findOneBy({ threadId: params.threadId });
    const mine =
      thread && ((principal.kind === 'seeker' && thread.seekerId === principal.sub) || (principal.kind === 'organisation-user' && thread.registrationId === principal.registrationId));
    if (!thread || !mine) throw threadNotFound();
    const rows = await this.db.getRepository(MessagingMessage).find({ where: { threadId: thread.threadId }, order: { position: 'ASC' } });
    return {
      threadId: thread.threadId,
      items: rows.map((m) => ({
        messageId: m.messageId,
        sender: m.sender,
        kind: m.kind,
        body: m.body,
        sentAt: m.sentAt,
        ...(principal.kind === 'organisation-user' ? { departmentId: m.departmentId, userId: m.userId } : {}),
        ...(m.complaintOfficer ? { complaintOfficer: m.complaintOfficer } : {}),
      })),
    };
  }

  /** A department's outbox (R-MSG-7: registration, department, user and time of each message). */
  @Get('outbox')
  @Allow('organisation-user')
  async outbox(@Query() query: OutboxQueryDto, @CurrentPrincipal() principal: TokenClaims) {
    if (principal.kind !== 'organisation-user') return { items: [] };
    const rows = await this.db.getRepository(MessagingMessage).find({
      where: { registrationId: principal.registrationId, departmentId: query.departmentId ?? principal.departmentId, sender: 'organisation' },
      order: { position: 'DESC' },
      take: 200,
    });
    return { items: rows.map((m) => ({ messageId: m.messageId, threadId: m.threadId, departmentId: m.departmentId, userId: m.userId, kind: m.kind, sentAt: m.sentAt })) };
  }
}
