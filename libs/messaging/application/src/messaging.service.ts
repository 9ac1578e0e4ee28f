import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { BoundedMap, Clock, DomainError, EventMetadata, newId, RecordedEvent } from '@hw/platform/core';
import { EventLog, StreamFolds, WrongExpectedRevisionError } from '@hw/platform/event-log';
import { CLOCK, CONFIG, EVENT_LOG, PlatformConfig, READ_DB } from '@hw/platform/nest';
import {
  mayMessagePolicy,
  OrganisationMessageKind,
  OrganisationMessageSentData,
  SeekerMessageKind,
  ThreadCommand,
  threadDecider,
  ThreadEvent,
  ThreadState,
  threadStreamId,
} from '@hw/messaging/domain';
import { foldSeekerConsent, initialSeekerConsent, SeekerConsent, seekerConsentStreamId } from '@hw/registration/contracts';
import { resolveSeekerReference, seekerReference } from '@hw/matching/contracts';
import { messageIdOf, threadIdOf } from './derived-ids';
import { MessagingRegistration } from './entities';
import { QuotaGate } from './quota-gate';

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

type StoredEvent = Pick<RecordedEvent, 'id' | 'type' | 'data'>;
/** The thread commands this service appends: messages, whose event id is the message id (R-MSG-8). Disclosures come from registration (disclosures.consumer.ts). */
type MessageCommand = Extract<ThreadCommand, { type: 'SendOrganisationMessage' | 'SendSeekerReply' }>;

/** A thread's fold; `byId`: every recorded event by id (bodies dropped), for R-MSG-8. */
interface ThreadFold {
  state: ThreadState;
  byId: Map<string, StoredEvent>;
}
/** A thread stream folded up to `revision`. */
type ThreadView = { revision: bigint | undefined } & ThreadFold;

const foldThread = (fold: ThreadFold, events: StoredEvent[]): ThreadFold => {
  let state = fold.state;
  for (const r of events) {
    state = threadDecider.evolve(state, { type: r.type, data: r.data } as ThreadEvent);
    fold.byId.set(r.id, { id: r.id, type: r.type, data: withoutBody(r.data) }); // recorded: only ever added
  }
  return { state, byId: fold.byId };
};

const withoutBody = (data: unknown): unknown => {
  if (typeof data !== 'object' || data === null || !('body' in data)) return data;
  const { body: _body, ...rest } = data as Record<string, unknown>;
  return rest;
};

const seekerNotFound = () => new DomainError('SEEKER_NOT_FOUND', 'no seeker behind this reference', 'R-MSG-1', 'not-found');

/**
 * The send path. Order matters:
 *  1. resolve the pseudonymous reference (R-SKR-5) and derive the thread and message ids;
 *  2. a message already in the thread is the original result of a retry (R-MSG-8);
 *  3. R-MSG-5: the registration (read model) and the seeker's consent read from the LOG at this
 *     moment (so a returned stop or block refuses every send that starts after it, R-SKR-4/6);
 *  4. the thread rules (R-MSG-4, R-MSG-6) on the current thread, before spending quota;
 *  5. reserve the day's quota (R-MSG-2, group commit; a retry finds its reservation);
 *  6. append the message to the thread with the message id as event id (a retry after a crash
 *     between 5 and 6 completes here, counted once).
 */
@Injectable()
export class MessagingService {
  private readonly quota: QuotaGate;
  /**
   * The seeker's consent as the LOG holds it now (R-SKR-4/6: a returned stop or block refuses
   * every send that starts after it): every read asks the log for the events after the fold.
   */
  private readonly consents: StreamFolds<SeekerConsent>;
  /** Each thread, brought up to date before every decision; bodies are not kept. */
  private readonly threads: StreamFolds<ThreadFold>;

  constructor(
    @Inject(EVENT_LOG) private readonly log: EventLog,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(READ_DB) private readonly db: DataSource,
    @Inject(CONFIG) private readonly config: PlatformConfig,
    @Inject(MESSAGING_POLICY) private readonly policy: MessagingPolicy,
  ) {
    this.quota = new QuotaGate(log);
    this.consents = new StreamFolds(log, initialSeekerConsent, (consent, events) => foldSeekerConsent(events, consent), 100_000);
    this.threads = new StreamFolds(log, () => ({ state: threadDecider.initialState(), byId: new Map() }), foldThread);
  }

  /**
   * The registration as projected from registration's events, cached for at most a second per
   * process: the read database serialises its transactions, so a lookup per send would queue
   * behind projection batches. Registration events reach messaging asynchronously anyway;
   * the cache adds at most a second to that lag. (Seeker consent is never cached: R-SKR-4/6.)
   */
  private readonly registrations = new BoundedMap<string, { at: number; value: MessagingRegistration | null }>(10_000);
  private async registration(registrationId: string): Promise<MessagingRegistration | null> {
    const now = Date.now();
    const cached = this.registrations.get(registrationId);
    if (cached && now - cached.at < 1000) return cached.value;
    const value = await this.db.getRepository(MessagingRegistration).findOneBy({ registrationId });
    this.registrations.set(registrationId, { at: now, value });
    return value;
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

  async send(
    actor: OrganisationActor,
    input: { seekerRef: string; kind: OrganisationMessageKind; body: string },
    idempotencyKey: string | undefined,
    correlationId: string,
  ): Promise<SentMessage> {
    const at = this.clock.now();
    const resolved = this.resolveReference(actor.registrationId, input.seekerRef);
    if (!resolved) throw seekerNotFound();
    const { seekerId, threadId } = resolved;
    const messageId = idempotencyKey ? messageIdOf(actor.registrationId, idempotencyKey) : newId();
    const streamId = threadStreamId(threadId);

    const thread = await this.readThread(streamId);
    const done = this.alreadySent(thread, messageId, input.seekerRef);
    if (done) return done;

    const [registration, consent] = await Promise.all([this.registration(actor.registrationId), this.readConsent(seekerId)]);
    const active = mayMessagePolicy(registration ?? undefined, consent, actor.registrationId);

    const command: ThreadCommand = {
      type: 'SendOrganisationMessage',
      data: {
        threadId,
        messageId,
        registrationId: actor.registrationId,
        seekerId,
        departmentId: actor.departmentId,
        userId: actor.userId,
        kind: input.kind,
        body: input.body,
        organisationKind: active.organisationKind,
        complaintOfficerVersion: registration?.complaintOfficerVersion ?? undefined,
        paidServiceNotificationOnFile: (registration?.paidServiceNotifications ?? 0) > 0,
        seekerIsNewUniversityGraduate: consent.newUniversityGraduate,
        at,
      },
    };
    threadDecider.decide(command, thread.state); // R-MSG-4 / R-MSG-6 refusals cost no quota

    const metadata: EventMetadata = {
      correlationId,
      principal: { kind: 'organisation-user', id: actor.userId },
      occurredAt: at.toISOString(),
      registrationId: actor.registrationId,
      departmentId: actor.departmentId,
    };
    const reserved = await this.quota.reserve(
      {
        type: 'ReserveMessageQuota',
        data: { registrationId: actor.registrationId, messageId, departmentId: actor.departmentId, userId: actor.userId, limit: this.policy.dailyMessageLimit, at },
      },
      metadata,
      idempotencyKey !== undefined,
    );
    command.data.quotaDay = reserved.day; // the day it is counted on (a retry across midnight: the day before)
    const result = await this.appendToThread(streamId, command, metadata, thread);
    const sent = this.alreadySent(result.appended, messageId, input.seekerRef) ?? this.alreadySent(result.thread, messageId, input.seekerRef);
    if (!sent) throw new Error('message not recorded');
    return sent;
  }

  async reply(
    seekerId: string,
    threadId: string,
    input: { kind: SeekerMessageKind; body: string },
    idempotencyKey: string | undefined,
    correlationId: string,
  ): Promise<{ messageId: string; threadId: string; sentAt: string }> {
    const at = this.clock.now();
    const messageId = idempotencyKey ? messageIdOf(`seeker:${seekerId}`, idempotencyKey) : newId();
    const metadata: EventMetadata = { correlationId, principal: { kind: 'seeker', id: seekerId }, occurredAt: at.toISOString() };
    const { thread, appended } = await this.appendToThread(
      threadStreamId(threadId),
      { type: 'SendSeekerReply', data: { threadId, messageId, seekerId, kind: input.kind, body: input.body, at } },
      metadata,
    );
    const recorded = appended.find((e) => e.id === messageId) ?? thread.byId.get(messageId);
    return { messageId, threadId, sentAt: (recorded?.data as { sentAt: string } | undefined)?.sentAt ?? at.toISOString() };
  }

  private async readConsent(seekerId: string): Promise<SeekerConsent> {
    return (await this.consents.read(seekerConsentStreamId(seekerId))).state;
  }

  private async readThread(streamId: string): Promise<ThreadView> {
    const { revision, state } = await this.threads.read(streamId);
    return { revision, ...state };
  }

  /** What this process appended is folded into its kept view, so the next send need not read it back. */
  private rememberAppended(streamId: string, before: ThreadView, appended: StoredEvent[], nextRevision: bigint): void {
    this.threads.remember(streamId, { revision: nextRevision, state: foldThread(before, appended) });
  }

  private alreadySent(thread: ThreadView | StoredEvent[], messageId: string, seekerRef: string): SentMessage | undefined {
    const recorded = Array.isArray(thread) ? thread.find((e) => e.id === messageId) : thread.byId.get(messageId);
    if (!recorded || recorded.type !== 'OrganisationMessageSent') return undefined;
    const d = recorded.data as OrganisationMessageSentData;
    return { messageId, threadId: d.threadId, seekerRef, kind: d.kind, day: d.day, sentAt: d.sentAt, ...(d.complaintOfficer ? { complaintOfficer: d.complaintOfficer } : {}) };
  }

  /**
   * read → decide → append (event id = message id) with the expected revision; a conflict
   * re-reads and re-decides. Returns the appended events, or none when already recorded
   * (R-MSG-8), with the thread as read before the append.
   */
  private async appendToThread(
    streamId: string,
    command: MessageCommand,
    metadata: EventMetadata,
    known?: ThreadView,
  ): Promise<{ thread: ThreadView; appended: StoredEvent[] }> {
    for (let attempt = 1; ; attempt++) {
      const thread = attempt === 1 && known ? known : await this.readThread(streamId);
      const decided = threadDecider.decide(command, thread.state);
      if (decided.length === 0) return { thread, appended: [] }; // R-MSG-8: already recorded
      const appended = decided.map((e) => ({ id: command.data.messageId, type: e.type, data: e.data }));
      let nextRevision: bigint;
      try {
        ({ nextRevision } = await this.log.append(
          streamId,
          appended.map((event) => ({ ...event, schemaVersion: 1, metadata })),
          thread.revision === undefined ? 'no_stream' : thread.revision,
        ));
      } catch (error) {
        if (error instanceof WrongExpectedRevisionError && attempt < 50) continue;
        throw error;
      }
      this.rememberAppended(streamId, thread, appended, nextRevision);
      return { thread, appended };
    }
  }
}
