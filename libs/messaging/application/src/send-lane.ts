import { DomainError, EventMetadata, EventToAppend, newId, RecordedEvent, tokyoDay } from '@hw/platform/core';
import { countReservation } from '@hw/platform/observability';
import {
  DuplicateEventIdError,
  EventLog,
  foldRecorded,
  retryOnConflict,
  StreamAppend,
  StreamFolds,
  toDomainEvent,
} from '@hw/platform/event-log';
import {
  dailyQuotaDecider,
  DailyQuotaState,
  dailyQuotaStreamId,
  mayMessagePolicy,
  seekerErasedPolicy,
  RegistrationView,
  SendOrganisationMessage,
  SendSeekerReply,
  threadDecider,
  ThreadEvent,
  ThreadState,
  threadStreamId,
} from '@hw/messaging/domain';
import {
  foldRegistrationFacts,
  foldSeekerConsent,
  initialRegistrationFacts,
  initialSeekerConsent,
  RegistrationFacts,
  registrationFactsStreamId,
  registrationStatusAt,
  SeekerConsent,
  seekerConsentStreamId,
} from '@hw/registration/contracts';

type StoredEvent = Pick<RecordedEvent, 'id' | 'type' | 'data'>;

/** A thread's fold; `byId`: every recorded event by id (bodies dropped), for R-MSG-8. */
export interface ThreadFold {
  state: ThreadState;
  byId: Map<string, StoredEvent>;
}

const withoutBody = (data: unknown): unknown => {
  if (typeof data !== 'object' || data === null || !('body' in data)) return data;
  const { body: _body, ...rest } = data as Record<string, unknown>;
  return rest;
};

/** Adds recorded events to a thread's id index (bodies dropped); recorded events are only ever added. */
const recordIds = (byId: Map<string, StoredEvent>, events: StoredEvent[]): Map<string, StoredEvent> => {
  for (const r of events) byId.set(r.id, { id: r.id, type: r.type, data: withoutBody(r.data) });
  return byId;
};

export const foldThread = (fold: ThreadFold, events: StoredEvent[]): ThreadFold => ({
  state: events.reduce((state, r) => threadDecider.evolve(state, toDomainEvent<ThreadEvent>(r)), fold.state),
  byId: recordIds(fold.byId, events),
});

/** What a send or a reply needs from its caller; the lane adds the registration's and the seeker's facts as the log holds them now. */
export type OrganisationSend = Omit<
  SendOrganisationMessage['data'],
  | 'organisationKind'
  | 'complaintOfficerVersion'
  | 'paidServiceNotificationOnFile'
  | 'seekerIsNewUniversityGraduate'
  | 'quotaDay'
  | 'sealedBody'
> & { body: string };
export type SeekerReply = Omit<SendSeekerReply['data'], 'sealedBody'> & { body: string };
/** Seals a text under the seeker's key (R-AUD-2): bodies reach the log only sealed. */
export type Seal = (seekerId: string, text: string) => Promise<string>;

/** The recorded message (or reply) and the log position of its thread write (read your writes). */
export interface Recorded {
  event: StoredEvent;
  position: bigint | undefined;
}

type Work =
  | {
      kind: 'send';
      send: OrganisationSend;
      limit: number;
      retry: boolean;
      metadata: EventMetadata;
      resolve: (r: Recorded) => void;
      reject: (e: unknown) => void;
    }
  | { kind: 'reply'; reply: SeekerReply; metadata: EventMetadata; resolve: (r: Recorded) => void; reject: (e: unknown) => void };

/** R-MSG-8: a key already used for another request of this caller (another seeker, another kind) is refused, never replayed. */
export class IdempotencyKeyReusedError extends DomainError {
  constructor() {
    super(
      'IDEMPOTENCY_KEY_REUSED',
      'this Idempotency-Key was already used for a different request',
      'R-MSG-8',
      'refused',
      'Idempotency-Key',
    );
  }
}

const MAX_BATCH = 512;

/** The streams one batch writes, each with the revision it was decided on. */
class Writes {
  private readonly byStream = new Map<string, StreamAppend>();
  add(streamId: string, revision: bigint | undefined, event: EventToAppend): void {
    const existing = this.byStream.get(streamId);
    if (existing) existing.events.push(event);
    else this.byStream.set(streamId, { streamId, events: [event], expected: revision === undefined ? 'no_stream' : revision });
  }
  get appends(): StreamAppend[] {
    return [...this.byStream.values()];
  }
}

/**
 * The send path's one atomic decision (R-MSG-2, R-MSG-8). Every organisation send and seeker
 * reply of one registration in this process queues in that registration's lane. A worker takes
 * the whole queue, brings every stream it touches up to date from the LOG (the registration's
 * facts, each seeker's consent, each thread, each Japan-time day's quota — reading only events
 * after the revision already folded), decides every item in order against those states, and
 * commits the day's reservations AND the messages in ONE multi-stream append with each
 * stream's expected revision: a reservation never exists without its message, also across
 * kill -9. Contention stays inside the process; a conflict with another process re-reads and
 * re-decides the same queue, so a client only ever sees an R-MSG-5 refusal, never a conflict.
 */
export class SendLanes {
  private readonly queues = new Map<string, Work[]>();
  private readonly running = new Set<string>();
  readonly threads: StreamFolds<ThreadFold>;
  private readonly consents: StreamFolds<SeekerConsent>;
  private readonly registrations: StreamFolds<RegistrationFacts>;
  private readonly days: StreamFolds<DailyQuotaState>;

  constructor(
    private readonly log: EventLog,
    private readonly seal: Seal,
  ) {
    this.threads = new StreamFolds(log, () => ({ state: threadDecider.initialState(), byId: new Map() }), foldThread);
    this.consents = new StreamFolds(log, initialSeekerConsent, (consent, events) => foldSeekerConsent(events, consent), 100_000);
    this.registrations = new StreamFolds(log, initialRegistrationFacts, (facts, events) => foldRegistrationFacts(events, facts));
    this.days = new StreamFolds(log, dailyQuotaDecider.initialState, (state, events) => foldRecorded(dailyQuotaDecider, events, state));
  }

  send(send: OrganisationSend, limit: number, retry: boolean, metadata: EventMetadata): Promise<Recorded> {
    return new Promise((resolve, reject) =>
      this.enqueue(send.registrationId, { kind: 'send', send, limit, retry, metadata, resolve, reject }),
    );
  }

  reply(registrationId: string, reply: SeekerReply, metadata: EventMetadata): Promise<Recorded> {
    return new Promise((resolve, reject) => this.enqueue(registrationId, { kind: 'reply', reply, metadata, resolve, reject }));
  }

  private enqueue(registrationId: string, work: Work): void {
    const queue = this.queues.get(registrationId) ?? [];
    queue.push(work);
    this.queues.set(registrationId, queue);
    if (!this.running.has(registrationId)) void this.drain(registrationId);
  }

  private async drain(registrationId: string): Promise<void> {
    this.running.add(registrationId);
    try {
      for (;;) {
        const queue = this.queues.get(registrationId) ?? [];
        const batch = queue.splice(0, MAX_BATCH);
        if (queue.length === 0) this.queues.delete(registrationId);
        if (batch.length === 0) return;
        await this.commit(registrationId, batch);
      }
    } finally {
      this.running.delete(registrationId);
      if ((this.queues.get(registrationId)?.length ?? 0) > 0) void this.drain(registrationId);
    }
  }

  private async commit(registrationId: string, batch: Work[]): Promise<void> {
    let pending = batch;
    try {
      // A conflict (another process won a revision) re-reads and re-decides what is left, under the one retry policy.
      while (pending.length > 0) pending = await retryOnConflict(() => this.attempt(registrationId, pending));
    } catch (error) {
      for (const work of pending) work.reject(error);
    }
  }

  /** One read → decide → append. Returns the items still to decide (none, or all but a reused key's owner). */
  private async attempt(registrationId: string, batch: Work[]): Promise<Work[]> {
    const registration = await this.registrations.read(registrationFactsStreamId(registrationId));
    /** Each thread as kept (`kept`, not changed until an append wins) plus what this attempt decided on top of it. */
    const threads = new Map<string, { revision: bigint | undefined; kept: ThreadFold; state: ThreadState; added: StoredEvent[] }>();
    const consents = new Map<string, SeekerConsent>();
    const days = new Map<string, { revision: bigint | undefined; state: DailyQuotaState }>();
    const readThread = async (streamId: string) => {
      if (!threads.has(streamId)) {
        const f = await this.threads.read(streamId);
        threads.set(streamId, { revision: f.revision, kept: f.state, state: f.state.state, added: [] });
      }
      return threads.get(streamId)!; // eslint-disable-line @typescript-eslint/no-non-null-assertion
    };
    const readDay = async (streamId: string) => {
      if (!days.has(streamId)) {
        const f = await this.days.read(streamId); // copied: the kept fold changes only once an append has won
        days.set(streamId, { revision: f.revision, state: f.state });
      }
      return days.get(streamId)!; // eslint-disable-line @typescript-eslint/no-non-null-assertion
    };
    const readConsent = async (seekerId: string) => {
      if (!consents.has(seekerId)) consents.set(seekerId, (await this.consents.read(seekerConsentStreamId(seekerId))).state);
      return consents.get(seekerId)!; // eslint-disable-line @typescript-eslint/no-non-null-assertion
    };

    const writes = new Writes();
    const outcomes: Array<{ work: Work; threadStream?: string; recorded?: StoredEvent; error?: unknown }> = [];
    for (const work of batch) {
      const streamId = threadStreamId(work.kind === 'send' ? work.send.threadId : work.reply.threadId);
      const thread = await readThread(streamId);
      const messageId = work.kind === 'send' ? work.send.messageId : work.reply.messageId;
      const earlier = thread.kept.byId.get(messageId) ?? thread.added.find((e) => e.id === messageId);
      if (earlier) {
        // R-MSG-8: the original result of a retry — unless the key named another request.
        const same =
          work.kind === 'send'
            ? earlier.type === 'OrganisationMessageSent' && (earlier.data as { kind: string }).kind === work.send.kind
            : earlier.type === 'SeekerReplied' && (earlier.data as { kind: string }).kind === work.reply.kind;
        outcomes.push(same ? { work, threadStream: streamId, recorded: earlier } : { work, error: new IdempotencyKeyReusedError() });
        continue;
      }
      try {
        const decided =
          work.kind === 'send'
            ? await this.decideSend(work, registration.state, thread.state, readConsent, readDay, writes)
            : await this.decideReply(work, thread.state, readConsent);
        const event: StoredEvent = { id: messageId, type: decided[0].type, data: decided[0].data };
        writes.add(streamId, thread.revision, { ...event, schemaVersion: 1, metadata: work.metadata });
        thread.state = threadDecider.evolve(thread.state, decided[0]);
        thread.added.push(event);
        outcomes.push({ work, threadStream: streamId, recorded: event });
      } catch (error) {
        outcomes.push({ work, error });
      }
    }

    const appends = writes.appends;
    let positions = new Map<string, bigint>();
    if (appends.length > 0) {
      let result;
      try {
        result = await this.log.appendMulti(appends);
      } catch (error) {
        if (!(error instanceof DuplicateEventIdError)) throw error;
        // R-MSG-8: a key reused for a request in another thread (its message id is stored there): refuse that one, decide the rest again.
        const owner = batch.find((w) => (w.kind === 'send' ? w.send.messageId : w.reply.messageId) === error.eventId);
        if (!owner) throw error;
        owner.reject(new IdempotencyKeyReusedError());
        return batch.filter((w) => w !== owner);
      }
      positions = new Map(appends.map((a, i) => [a.streamId, result.results[i].position]));
      appends.forEach((a, i) => {
        const nextRevision = result.results[i].nextRevision;
        const thread = threads.get(a.streamId);
        // The attempt's state already holds the appended events: keep it (folding them into the kept
        // state again would grow an older version of its id set, which copies it).
        if (thread)
          this.threads.remember(a.streamId, {
            revision: nextRevision,
            state: { state: thread.state, byId: recordIds(thread.kept.byId, thread.added) },
          });
        else if (days.has(a.streamId))
          this.days.remember(a.streamId, { revision: nextRevision, state: (days.get(a.streamId) as { state: DailyQuotaState }).state });
      });
    }
    for (const { work, threadStream, recorded, error } of outcomes) {
      if (error !== undefined || !recorded) work.reject(error);
      else work.resolve({ event: recorded, position: threadStream ? positions.get(threadStream) : undefined });
    }
    return [];
  }

  /**
   * R-MSG-5 on the facts as the log holds them now, then the thread rules (R-MSG-4, R-MSG-6),
   * then the day's quota (R-MSG-2): refusals cost no quota. Adds the reservation to `writes`.
   */
  private async decideSend(
    work: Extract<Work, { kind: 'send' }>,
    facts: RegistrationFacts,
    thread: ThreadState,
    readConsent: (seekerId: string) => Promise<SeekerConsent>,
    readDay: (streamId: string) => Promise<{ revision: bigint | undefined; state: DailyQuotaState }>,
    writes: Writes,
  ) {
    const { send } = work;
    const status = registrationStatusAt(facts, send.at);
    const view: RegistrationView | undefined =
      status === 'none' || status === 'submitted' || status === 'rejected' || !facts.organisationKind
        ? undefined
        : { registrationId: send.registrationId, status, organisationKind: facts.organisationKind };
    const consent = await readConsent(send.seekerId);
    const active = mayMessagePolicy(view, consent, send.registrationId);
    const quotaDay = await this.reservedEarlier(work, readDay);
    const { body, ...rest } = send;
    const command: SendOrganisationMessage = {
      type: 'SendOrganisationMessage',
      data: {
        ...rest,
        sealedBody: '',
        organisationKind: active.organisationKind,
        complaintOfficerVersion: facts.complaintOfficerVersion,
        paidServiceNotificationOnFile: facts.paidServiceNotifications > 0,
        seekerIsNewUniversityGraduate: consent.newUniversityGraduate,
        ...(quotaDay ? { quotaDay } : {}),
      },
    };
    threadDecider.decide(command, thread); // R-MSG-4 / R-MSG-6 refusals cost no quota, nor a seal
    command.data.sealedBody = await this.seal(send.seekerId, body);
    const decided = threadDecider.decide(command, thread);
    if (quotaDay !== undefined) return decided; // counted once, on the day it was reserved
    const dayStream = dailyQuotaStreamId(send.registrationId, tokyoDay(send.at));
    const day = await readDay(dayStream);
    const [reservation] = dailyQuotaDecider.decide(
      {
        type: 'ReserveMessageQuota',
        data: {
          registrationId: send.registrationId,
          messageId: send.messageId,
          departmentId: send.departmentId,
          userId: send.userId,
          limit: work.limit,
          at: send.at,
        },
      },
      day.state,
    );
    writes.add(dayStream, day.revision, {
      id: newId(),
      type: reservation.type,
      schemaVersion: 1,
      data: reservation.data,
      metadata: work.metadata,
    }); // R-MSG-7: who reserved it
    day.state = dailyQuotaDecider.evolve(day.state, reservation);
    if (day.state.status === 'in-use') countReservation(day.state.used, work.limit); // metrics: decided with the send
    return decided;
  }

  /** R-MSG-1: a reply in the seeker's own thread; R-AUD-2: an erased seeker writes nothing more. */
  private async decideReply(
    work: Extract<Work, { kind: 'reply' }>,
    thread: ThreadState,
    readConsent: (seekerId: string) => Promise<SeekerConsent>,
  ) {
    const { body, ...reply } = work.reply;
    threadDecider.decide({ type: 'SendSeekerReply', data: { ...reply, sealedBody: '' } }, thread); // refusals before sealing
    seekerErasedPolicy(await readConsent(reply.seekerId));
    return threadDecider.decide({ type: 'SendSeekerReply', data: { ...reply, sealedBody: await this.seal(reply.seekerId, body) } }, thread);
  }

  /**
   * A reservation without its message can only come from a version of the platform that
   * appended them apart (before the atomic append): a keyed retry completes it, counted once,
   * on its own day — today's or, across one midnight, yesterday's (R-MSG-8, R-MSG-2).
   */
  private async reservedEarlier(
    work: Extract<Work, { kind: 'send' }>,
    readDay: (streamId: string) => Promise<{ revision: bigint | undefined; state: DailyQuotaState }>,
  ): Promise<string | undefined> {
    if (!work.retry) return undefined;
    const { registrationId, messageId, at } = work.send;
    for (const day of [tokyoDay(at), tokyoDay(new Date(at.getTime() - 86_400_000))]) {
      const { state } = await readDay(dailyQuotaStreamId(registrationId, day));
      if (state.status === 'in-use' && state.messageIds.has(messageId)) return day;
    }
    return undefined;
  }
}
