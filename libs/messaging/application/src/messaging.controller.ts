import {
  BadRequestException,
  Body,
  Controller,
  createParamDecorator,
  ExecutionContext,
  Get,
  HttpCode,
  Inject,
  Param,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiResponse, ApiTags, ApiOperation } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { countedSend, currentCorrelationId } from '@hw/platform/observability';
import { DataSource } from 'typeorm';
import { DomainError, newId } from '@hw/platform/core';
import {
  Allow,
  checkpointReached,
  CurrentPrincipal,
  positionInHeader,
  READ_DB,
  ReadPosition,
  ReadsYourWrites,
  TokenClaims,
  waitUntilReflected,
  WRITE_POSITION,
} from '@hw/platform/nest';
import { SeekerKeyRing } from '@hw/platform/projections';
import {
  IDEMPOTENCY_KEY,
  OutboxQueryDto,
  OutboxView,
  ReplyDto,
  ReplyRecordedView,
  SendMessageDto,
  SentMessageView,
  ThreadMessagesView,
  ThreadParams,
  ThreadsView,
} from './dto';
import { MessagingErasedSeeker, MessagingMessage, MessagingThread } from './entities';
import { MESSAGING_KEYS } from './messaging-keys';
import { MessagingService, organisationCaller, seekerCaller } from './messaging.service';
import { threadsProjection } from './threads.projection';

const idempotencyKey = (value: string | undefined): string | undefined => {
  if (value === undefined) return undefined;
  if (!IDEMPOTENCY_KEY.test(value))
    throw new BadRequestException({
      code: 'VALIDATION_FAILED',
      field: 'Idempotency-Key',
      rule: 'R-MSG-8',
      message: 'Idempotency-Key: 1–128 printable ASCII characters',
    });
  return value;
};
/** One header, read here (not with @Headers, which would add an undocumented required parameter to the OpenAPI document). */
const IdempotencyKey = createParamDecorator((_: unknown, ctx: ExecutionContext): string | undefined => {
  const value = ctx.switchToHttp().getRequest<FastifyRequest>().headers['idempotency-key'];
  return idempotencyKey(Array.isArray(value) ? value[0] : value);
});
const threadNotFound = () => new DomainError('THREAD_NOT_FOUND', 'no such thread for this caller', 'R-MSG-1', 'not-found');
const READ_MODEL_BEHIND = 'the threads read model has not reached your last write yet; retry shortly';
/** A read of the threads model that reflects the caller's writes (fresh): the header it may name (ReadsYourWrites). */
const READ_POSITION =
  'read your writes: the X-Log-Position of an earlier 201; the answer reflects at least that write (this process remembers your own writes anyway)';
const callerKey = (principal: TokenClaims): string | undefined =>
  principal.kind === 'seeker'
    ? seekerCaller(principal.sub)
    : principal.kind === 'organisation-user'
      ? organisationCaller(principal.registrationId)
      : undefined;

@ApiTags('messages')
@ApiBearerAuth()
@Controller()
export class MessagingController {
  constructor(
    private readonly messaging: MessagingService,
    @Inject(READ_DB) private readonly db: DataSource,
    @Inject(MESSAGING_KEYS) private readonly keys: SeekerKeyRing,
  ) {}

  /** R-AUD-2: an erased seeker's threads are in no one's view — also rows a rebuild brought back. */
  private visibleThreads(where: { seekerId: string } | { registrationId: string }) {
    const query = this.db
      .getRepository(MessagingThread)
      .createQueryBuilder('t')
      .where('seekerId' in where ? 't.seekerId = :id' : 't.registrationId = :id', {
        id: 'seekerId' in where ? where.seekerId : where.registrationId,
      })
      .andWhere(
        (qb) => `NOT EXISTS ${qb.subQuery().select('1').from(MessagingErasedSeeker, 'e').where('e.seekerId = t.seekerId').getQuery()}`,
      );
    return query.orderBy('t.lastMessageAt', 'DESC').take(200).getMany();
  }

  /** The text of a message: sealed bodies are opened with the seeker's key (gone after erasure). */
  private async bodyOf(seekerId: string, m: MessagingMessage): Promise<string | undefined> {
    return m.bodySealed ? this.keys.open(seekerId, m.body) : m.body;
  }

  /**
   * Read your writes (R-MSG-1): waits until the threads read model has applied the caller's last
   * write (in this process) or the position it names; the model lags the log by ~100 ms.
   */
  private async fresh(principal: TokenClaims, named: bigint | undefined): Promise<void> {
    const position = this.messaging.positionToRead(callerKey(principal), named);
    if (position === undefined) return;
    await waitUntilReflected(() => checkpointReached(this.db, threadsProjection.name, position), {
      waitMs: 5000,
      pauseMs: 5,
      behind: () => ({ message: READ_MODEL_BEHIND }),
    });
  }

  /** R-MSG-1/2/4/5/6/7/8: an organisation user sends under the registration of its token. */
  @Post('messages')
  @HttpCode(201)
  @Allow('organisation-user')
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description:
      'R-MSG-8: a retried send with the same key is delivered and counted once; the same key for a different request is refused (422 IDEMPOTENCY_KEY_REUSED)',
  })
  @ApiResponse({
    status: 201,
    type: SentMessageView,
    headers: WRITE_POSITION,
    description:
      "recorded and counted, in one atomic append (R-MSG-2); header X-Log-Position: the write's log position, for reads of your own write",
  })
  @ApiResponse({ status: 400, description: 'invalid body or header: names the field (and the rule)' })
  @ApiResponse({ status: 401, description: 'no valid bearer token' })
  @ApiResponse({
    status: 403,
    description:
      'REGISTRATION_NOT_ACTIVE (R-MSG-5, R-ORG-1): suspended, terminated, expired or not approved, as the log holds it now; or not an organisation user',
  })
  @ApiResponse({ status: 404, description: 'SEEKER_NOT_FOUND: no seeker behind this reference' })
  @ApiResponse({
    status: 422,
    description:
      'R-MSG-5 / R-MSG-4 / R-MSG-6 / R-AUD-2 refusal, each with its own code (SEEKER_STOPPED_USE, SEEKER_NOT_ELIGIBLE, SEEKER_OUTSIDE_SCOPE, SEEKER_BLOCKED_ORGANISATION, SEEKER_ERASED, COMPLAINT_OFFICER_UNKNOWN, FEE_STATEMENT_REQUIRED, PAID_SERVICE_*); IDEMPOTENCY_KEY_REUSED (R-MSG-8)',
  })
  @ApiResponse({ status: 429, description: 'DAILY_LIMIT_REACHED (R-MSG-2): states limit and resetsAt (00:00 JST)' })
  @ApiOperation({
    summary:
      "R-MSG-1/2/4/5/8: an organisation user sends a guidance message to a seeker it can see, under its token's registration, counted toward the day's limit",
  })
  async send(
    @Body() dto: SendMessageDto,
    @CurrentPrincipal() principal: TokenClaims,
    @IdempotencyKey() key: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    if (principal.kind !== 'organisation-user') throw threadNotFound();
    const sent = await countedSend(() =>
      this.messaging.send(
        { registrationId: principal.registrationId, departmentId: principal.departmentId, userId: principal.sub },
        dto,
        key,
        currentCorrelationId(newId),
      ),
    );
    return positionInHeader(reply, sent);
  }

  /** R-MSG-1: seekers reply in their threads; replies do not count toward any quota. */
  @Post('threads/:threadId/replies')
  @HttpCode(201)
  @Allow('seeker')
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'R-MSG-8: a retried reply with the same key is recorded once' })
  @ApiResponse({
    status: 201,
    type: ReplyRecordedView,
    headers: WRITE_POSITION,
    description: 'recorded; header X-Log-Position as for POST /messages',
  })
  @ApiResponse({ status: 404, description: 'THREAD_NOT_FOUND: no thread of this seeker with this id' })
  @ApiResponse({
    status: 422,
    description:
      'R-MSG-6 / R-AUD-2 refusal (a paid-service request or consent the thread does not allow, an erased seeker); IDEMPOTENCY_KEY_REUSED (R-MSG-8)',
  })
  @ApiOperation({ summary: 'R-MSG-1: the seeker replies in one of their threads (counted toward no limit)' })
  async reply(
    @Param() params: ThreadParams,
    @Body() dto: ReplyDto,
    @CurrentPrincipal() principal: TokenClaims,
    @IdempotencyKey() key: string | undefined,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    return positionInHeader(res, await this.messaging.reply(principal.sub, params.threadId, dto, key, currentCorrelationId(newId)));
  }

  /** A seeker's inbox (own threads only); an organisation's threads (its registration only). */
  @Get('threads')
  @Allow('seeker', 'organisation-user')
  @ReadsYourWrites(READ_POSITION, READ_MODEL_BEHIND)
  @ApiOperation({ summary: "R-MSG-1: the caller's threads — a seeker's inbox, or an organisation's threads of its registration" })
  @ApiResponse({
    status: 200,
    type: ThreadsView,
    description:
      '{ items }: threadId, the other party (a seeker’s registrationId, an organisation’s seekerRef), lastMessageAt, messageCount',
  })
  async threads(@CurrentPrincipal() principal: TokenClaims, @ReadPosition() position: bigint | undefined) {
    await this.fresh(principal, position);
    if (principal.kind === 'seeker') {
      const rows = await this.visibleThreads({ seekerId: principal.sub });
      return {
        items: rows.map((t) => ({
          threadId: t.threadId,
          registrationId: t.registrationId,
          lastMessageAt: t.lastMessageAt,
          messageCount: t.messageCount,
        })),
      };
    }
    if (principal.kind !== 'organisation-user') return { items: [] };
    const rows = await this.visibleThreads({ registrationId: principal.registrationId });
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
  @ReadsYourWrites(READ_POSITION, READ_MODEL_BEHIND)
  @ApiOperation({ summary: "R-MSG-1/4: the messages of one of the caller's threads, oldest first" })
  @ApiResponse({ status: 404, description: 'THREAD_NOT_FOUND: no thread of yours with this id' })
  @ApiResponse({
    status: 200,
    type: ThreadMessagesView,
    description: '{ threadId, items }: messageId, sender, kind, body, sentAt, the complaint officer reference on the first message',
  })
  async messages(@Param() params: ThreadParams, @CurrentPrincipal() principal: TokenClaims, @ReadPosition() position: bigint | undefined) {
    await this.fresh(principal, position);
    const thread = await this.db.getRepository(MessagingThread).findOneBy({ threadId: params.threadId });
    const mine =
      thread &&
      ((principal.kind === 'seeker' && thread.seekerId === principal.sub) ||
        (principal.kind === 'organisation-user' && thread.registrationId === principal.registrationId));
    if (!thread || !mine || (await this.db.getRepository(MessagingErasedSeeker).existsBy({ seekerId: thread.seekerId })))
      throw threadNotFound();
    const rows = await this.db.getRepository(MessagingMessage).find({ where: { threadId: thread.threadId }, order: { position: 'ASC' } });
    const bodies = await Promise.all(rows.map((m) => this.bodyOf(thread.seekerId, m)));
    return {
      threadId: thread.threadId,
      items: rows.map((m, i) => ({
        messageId: m.messageId,
        sender: m.sender,
        kind: m.kind,
        body: bodies[i],
        sentAt: m.sentAt,
        ...(principal.kind === 'organisation-user' ? { departmentId: m.departmentId, userId: m.userId } : {}),
        ...(m.complaintOfficer ? { complaintOfficer: m.complaintOfficer } : {}),
      })),
    };
  }

  /** A department's outbox (R-MSG-7: registration, department, user and time of each message). */
  @Get('outbox')
  @Allow('organisation-user')
  @ReadsYourWrites(READ_POSITION, READ_MODEL_BEHIND)
  @ApiOperation({ summary: "R-MSG-7: a department's sent messages with registration, department, user and time" })
  @ApiResponse({
    status: 200,
    type: OutboxView,
    description: '{ items }: the department’s sent messages with thread, department, user, kind and time',
  })
  async outbox(@Query() query: OutboxQueryDto, @CurrentPrincipal() principal: TokenClaims, @ReadPosition() position: bigint | undefined) {
    await this.fresh(principal, position);
    if (principal.kind !== 'organisation-user') return { items: [] };
    const rows = await this.db
      .getRepository(MessagingMessage)
      .createQueryBuilder('m')
      .where('m.registrationId = :registrationId AND m.departmentId = :departmentId AND m.sender = :sender', {
        registrationId: principal.registrationId,
        departmentId: query.departmentId ?? principal.departmentId,
        sender: 'organisation',
      })
      // R-AUD-2: nothing of an erased seeker's threads in any view.
      .andWhere(
        (qb) =>
          `NOT EXISTS ${qb.subQuery().select('1').from(MessagingThread, 't').innerJoin(MessagingErasedSeeker, 'e', 'e.seekerId = t.seekerId').where('t.threadId = m.threadId').getQuery()}`,
      )
      .orderBy('m.position', 'DESC')
      .take(200)
      .getMany();
    return {
      items: rows.map((m) => ({
        messageId: m.messageId,
        threadId: m.threadId,
        departmentId: m.departmentId,
        userId: m.userId,
        kind: m.kind,
        sentAt: m.sentAt,
      })),
    };
  }
}
