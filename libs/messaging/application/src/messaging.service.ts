import { Inject, Injectable } from '@nestjs/common';
import { BoundedMap, Clock, DomainError, EventMetadata, newId } from '@hw/platform/core';
import { EventLog } from '@hw/platform/event-log';
import { CLOCK, CONFIG, EVENT_LOG, LastWrites, PlatformConfig } from '@hw/platform/nest';
import { traceMetadata } from '@hw/platform/observability';
import { SeekerKeyRing } from '@hw/platform/projections';
import {
  OrganisationMessageKind,
  OrganisationMessageSentData,
  replyInThreadPolicy,
  SeekerMessageKind,
  threadStreamId,
} from '@hw/messaging/domain';
import { resolveSeekerReference, seekerReference } from '@hw/matching/contracts';
import { messageIdOf, threadIdOf } from './derived-ids';
import { MESSAGING_KEYS } from './messaging-keys';
import { SendLanes } from './send-lane';

export const MESSAGING_POLICY = Symbol('MESSAGING_POLICY');
export interface MessagingPolicy {
  /** R-MSG-2: DAILY_MESSAGE_LIMIT. */
  dailyMessageLimit: number;
}

export interface OrganisationActor {
  registrationId: string;
  departmentId: string;
  userId: string;
}

export interface SentMessage {
  messageId: string;
  threadId: string;
  seekerRef: string;
  kind: OrganisationMessageKind;
  day: string;
  sentAt: string;
  complaintOfficer?: OrganisationMessageSentData['complaintOfficer'];
}

const seekerNotFound = () => new DomainError('SEEKER_NOT_FOUND', 'no seeker behind this reference', 'R-MSG-1', 'not-found');

/**
 * The send path (R-MSG-1/2/4/5/6/7/8). The controller's request becomes one item of the
 * registration's lane (send-lane.ts), which decides it against the registration's facts, the
 * seeker's consent, the thread and the day's quota as the LOG holds them at that moment, and
 * commits the reservation and the message in one atomic append. A returned approval, stop,
 * block or suspension is seen by every send that starts after it (read from the log, not a
 * read model); a client sees only an R-MSG-5 refusal, never a concurrency conflict.
 */
@Injectable()
export class MessagingService {
  private readonly lanes: SendLanes;
  /** R-MSG-1 read-your-writes: the log position of each caller's last write in this process. */
  private readonly lastWrites = new LastWrites(100_000);

  constructor(
    @Inject(EVENT_LOG) log: EventLog,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(CONFIG) private readonly config: PlatformConfig,
    @Inject(MESSAGING_POLICY) private readonly policy: MessagingPolicy,
    @Inject(MESSAGING_KEYS) keys: SeekerKeyRing,
  ) {
    this.lanes = new SendLanes(log, (seekerId, text) => keys.seal(seekerId, text));
  }

  /**
   * Reference → seeker id and thread id, memoised per process: the reference is a pure function
   * of (secret, registration, seeker) and the thread id of (registration, seeker); deriving the
   * registration's key + decrypting + hashing cost more CPU than the rest of the R-MSG-5 checks.
   * Bounded; cleared when full.
   */
  private readonly resolved = new BoundedMap<string, { seekerId: string; threadId: string } | undefined>(100_000);
  private resolveReference(registrationId: string, reference: string): { seekerId: string; threadId: string } | undefined {
    const key = `${registrationId}\u0000${reference}`;
    if (this.resolved.has(key)) return this.resolved.get(key);
    const seekerId = resolveSeekerReference(this.config.seekerReferenceSecret, registrationId, reference);
    const resolved = seekerId === undefined ? undefined : { seekerId, threadId: threadIdOf(registrationId, seekerId) };
    this.resolved.set(key, resolved);
    return resolved;
  }

  seekerRefFor(registrationId: string, seekerId: string): string {
    return seekerReference(this.config.seekerReferenceSecret, registrationId, seekerId);
  }

  /** The log position a caller's reads must reflect: its last write here, or a position it names (X-Log-Position). */
  positionToRead(callerKey: string | undefined, named?: bigint): bigint | undefined {
    return this.lastWrites.positionToRead(callerKey, named);
  }

  async send(
    actor: OrganisationActor,
    input: { seekerRef: string; kind: OrganisationMessageKind; body: string },
    idempotencyKey: string | undefined,
    correlationId: string,
  ): Promise<SentMessage & { position?: bigint }> {
    const at = this.clock.now();
    const resolved = this.resolveReference(actor.registrationId, input.seekerRef);
    if (!resolved) throw seekerNotFound();
    const { seekerId, threadId } = resolved;
    const messageId = idempotencyKey ? messageIdOf(actor.registrationId, idempotencyKey) : newId();
    const metadata: EventMetadata = {
      correlationId,
      principal: { kind: 'organisation-user', id: actor.userId },
      occurredAt: at.toISOString(),
      registrationId: actor.registrationId,
      departmentId: actor.departmentId,
      ...traceMetadata(), // the request's trace, carried by the log to the relay and the consumers
    };
    const { event, position } = await this.lanes.send(
      {
        threadId,
        messageId,
        registrationId: actor.registrationId,
        seekerId,
        departmentId: actor.departmentId,
        userId: actor.userId,
        kind: input.kind,
        body: input.body,
        at,
      },
      this.policy.dailyMessageLimit,
      idempotencyKey !== undefined,
      metadata,
    );
    this.lastWrites.wrote(organisationCaller(actor.registrationId), position);
    const d = event.data as OrganisationMessageSentData;
    return {
      messageId,
      threadId: d.threadId,
      seekerRef: input.seekerRef,
      kind: d.kind,
      day: d.day,
      sentAt: d.sentAt,
      ...(d.complaintOfficer ? { complaintOfficer: d.complaintOfficer } : {}),
      ...(position !== undefined ? { position } : {}),
    };
  }

  async reply(
    seekerId: string,
    threadId: string,
    input: { kind: SeekerMessageKind; body: string },
    idempotencyKey: string | undefined,
    correlationId: string,
  ): Promise<{ messageId: string; threadId: string; sentAt: string; position?: bigint }> {
    const at = this.clock.now();
    const messageId = idempotencyKey ? messageIdOf(`seeker:${seekerId}`, idempotencyKey) : newId();
    const metadata: EventMetadata = {
      correlationId,
      principal: { kind: 'seeker', id: seekerId },
      occurredAt: at.toISOString(),
      ...traceMetadata(),
    };
    // The thread names its registration, whose lane decides the reply with that registration's sends.
    const { state } = (await this.lanes.threads.read(threadStreamId(threadId))).state;
    const open = replyInThreadPolicy(state, seekerId);
    const { event, position } = await this.lanes.reply(
      open.registrationId,
      { threadId, messageId, seekerId, kind: input.kind, body: input.body, at },
      metadata,
    );
    this.lastWrites.wrote(seekerCaller(seekerId), position);
    return { messageId, threadId, sentAt: (event.data as { sentAt: string }).sentAt, ...(position !== undefined ? { position } : {}) };
  }
}

/** Read-your-writes keys: an organisation's users share their registration's view; a seeker has their own. */
export const organisationCaller = (registrationId: string): string => `registration:${registrationId}`;
export const seekerCaller = (seekerId: string): string => `seeker:${seekerId}`;
