import { BoundedMap } from '@hw/platform/core';
import { Bus, BusSubscription, Delivery, IntegrationEvent } from '@hw/platform/bus';
import { context, ROOT_CONTEXT } from '@opentelemetry/api';
import { consumerDelay, consumerEvents, continueTrace, logScope, SpanKind } from '@hw/platform/observability';
import { DataSource, EntityManager, LessThan } from 'typeorm';
import {
  DEFAULT_MAX_ATTEMPTS,
  deadLettersOf,
  describeParkedError,
  eventKey,
  isStreamParked,
  isTransientError,
  retryParkedLetters,
  RetryOutcome,
  storable,
} from './dead-letters';
import { DeadLetter, InboxEntry } from './platform-tables';
import { isUniqueViolation, withTransaction } from './read-db';
import { defaultLogger, describeError, RunnerLogger } from './runner-support';

/** A read model fed by other contexts' integration events. */
export interface IntegrationProjection {
  /** The consumer group, and the inbox's consumer name. */
  name: string;
  topics: string[];
  /**
   * The read-model tables it owns (and only it writes), when it is a read model: the operator's
   * `rebuild` rebuilds it from the log through the publishing context's translation (R-AUD-1).
   * Consumers that act (append to the log, destroy keys) declare none and are never rebuilt.
   */
  tables?: string[];
  /** Writes through `tx` only: it commits together with the inbox row. */
  handle(event: IntegrationEvent, tx: EntityManager): Promise<void>;
}

export interface InboxConsumerOptions {
  /** Start at the earliest retained event when the group has no committed offset (default true). */
  fromBeginning?: boolean;
  logger?: RunnerLogger;
  /**
   * Inbox rows older than this are deleted (default 14 days): longer than the bus keeps events
   * (Kafka's default retention is 7 days), so nothing pruned can still be redelivered.
   */
  retentionMs?: number;
  /** How often a running consumer prunes (default hourly; 0: never, prune() by hand). */
  pruneEveryMs?: number;
  /** Deliveries of an event failing deterministically (not a transient error) before it is parked (default 3). */
  maxAttempts?: number;
}

const DAY_MS = 86_400_000;

export type InboxOutcome = 'applied' | 'duplicate' | 'parked';

/** Thrown inside the transaction to roll it back when the inbox already holds the event. */
class AlreadyProcessed extends Error {}

/**
 * Applies integration events effectively once. The bus delivers at least once; per event,
 * ONE transaction inserts (consumer, event id) into the inbox and runs the handler. An event
 * already in the inbox is a redelivery and is skipped. A handler that throws rolls the inbox
 * row back with its writes, so the redelivery applies it.
 *
 * An event it cannot apply never stalls its partition: a transient failure (lock, lost
 * connection: `isTransientError`) is redelivered by the bus with backoff for as long as it
 * lasts; any other failure is redelivered `maxAttempts` times, then the event is parked in
 * `dead_letters` together with its inbox row, and the bus moves on. Later events of the same
 * key (the stream it came from) are parked behind it, so the read model never applies a
 * stream out of order; `retryParked()` applies them, in order, after a fix.
 */
export class InboxConsumer {
  private subscription: BusSubscription | undefined;
  private pruning: NodeJS.Timeout | undefined;
  private readonly logger: RunnerLogger;
  private counts = { applied: 0, duplicates: 0, failures: 0, parked: 0 };
  /** Failed deliveries per event id (bounded: a forgotten count only means more attempts). */
  private readonly attempts = new BoundedMap<string, number>(10_000);
  /** Failed deliveries, transient ones included, of the events failing right now (for readiness). */
  private readonly failingNow = new BoundedMap<string, number>(1_000);

  constructor(
    private readonly bus: Bus,
    private readonly dataSource: DataSource,
    readonly projection: IntegrationProjection,
    private readonly options: InboxConsumerOptions = {},
  ) {
    this.logger = options.logger ?? defaultLogger(projection.name);
  }

  async start(): Promise<void> {
    if (this.subscription) return;
    this.subscription = await this.bus.subscribe(
      { groupId: this.projection.name, topics: this.projection.topics, fromBeginning: this.options.fromBeginning ?? true },
      async (event, delivery) => {
        await this.receive(event, delivery);
      },
    );
    const every = this.options.pruneEveryMs ?? 3_600_000;
    if (every > 0) {
      this.pruning = setInterval(() => {
        this.prune().catch((error) => this.logger.warn(`${this.projection.name}: inbox pruning failed: ${describeError(error)}`));
      }, every);
      this.pruning.unref();
    }
  }

  /** Deletes this consumer's inbox rows older than the retention; returns how many. */
  async prune(now = new Date()): Promise<number> {
    const before = new Date(now.getTime() - (this.options.retentionMs ?? 14 * DAY_MS));
    const result = await this.dataSource
      .getRepository(InboxEntry)
      .delete({ consumer: this.projection.name, processedAt: LessThan(before) });
    return result.affected ?? 0;
  }

  async stop(): Promise<void> {
    if (this.pruning) clearInterval(this.pruning);
    this.pruning = undefined;
    const subscription = this.subscription;
    this.subscription = undefined;
    await subscription?.stop();
  }

  /** Failed deliveries of the event that has failed most often among those failing now (0 when healthy; for readiness). */
  get consecutiveFailures(): number {
    return Math.max(0, ...this.failingNow.values());
  }

  /** What this instance did so far (for health and tests). */
  get stats(): { applied: number; duplicates: number; failures: number; parked: number } {
    return { ...this.counts };
  }

  /**
   * Applies one delivered event unless the inbox already holds it. Exposed for replay tools and tests.
   * Observed: a span continuing the publisher's trace (the event's traceparent), the event's
   * correlation id on the lines logged meanwhile, outcome counts and the delay since it occurred.
   */
  async receive(event: IntegrationEvent, delivery?: Delivery): Promise<InboxOutcome> {
    const consumer = this.projection.name;
    const span = continueTrace(`consume ${event.type}`, event.traceparent, SpanKind.CONSUMER, {
      'messaging.consumer.group.name': consumer,
      ...(delivery ? { 'messaging.destination.name': delivery.topic } : {}),
    });
    const scope = { correlationId: event.correlationId ?? event.id };
    try {
      const outcome = await context.with(span?.context ?? ROOT_CONTEXT, () =>
        logScope.run(scope, () => this.receiveObserved(event, delivery)),
      );
      consumerEvents.inc({ consumer, outcome });
      const occurred = Date.parse(event.occurredAt);
      if (outcome === 'applied' && Number.isFinite(occurred))
        consumerDelay.observe({ consumer }, Math.max(0, Date.now() - occurred) / 1000);
      span?.end();
      return outcome;
    } catch (error) {
      consumerEvents.inc({ consumer, outcome: 'failed' });
      span?.end(error);
      throw error;
    }
  }

  private async receiveObserved(event: IntegrationEvent, delivery?: Delivery): Promise<InboxOutcome> {
    let outcome: InboxOutcome;
    const where = delivery ? ` (${delivery.topic}/${delivery.partition}@${delivery.offset})` : '';
    try {
      outcome = await this.applyOnce(event);
    } catch (error) {
      this.counts.failures += 1;
      this.failingNow.set(event.id, (this.failingNow.get(event.id) ?? 0) + 1);
      const attempts = isTransientError(error) ? 0 : (this.attempts.get(event.id) ?? 0) + 1;
      if (attempts < Math.max(1, this.options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS)) {
        if (attempts > 0) this.attempts.set(event.id, attempts);
        this.logger.error(
          `${this.projection.name}: integration event ${event.id} (${event.type})${where} failed: ${describeError(error)}; the bus redelivers it`,
        );
        throw error;
      }
      const description = describeParkedError(error);
      outcome = await this.parkFailed(event, description, attempts); // rejects (redelivery) if the read DB fails too
      this.attempts.delete(event.id);
      if (outcome === 'parked') {
        this.logger.warn(
          `${this.projection.name}: parked integration event ${event.id} (${event.type})${where} after ${attempts} attempt(s): ${description}; later events go on (retryParked applies it after a fix)`,
        );
      }
    }
    if (outcome === 'applied') this.attempts.delete(event.id);
    this.failingNow.delete(event.id);
    this.counts[outcome === 'applied' ? 'applied' : outcome === 'parked' ? 'parked' : 'duplicates'] += 1;
    return outcome;
  }

  private async applyOnce(event: IntegrationEvent): Promise<InboxOutcome> {
    const consumer = this.projection.name;
    let behind: string | undefined;
    try {
      const outcome = await withTransaction(this.dataSource, async (tx): Promise<InboxOutcome> => {
        await this.checkInbox(tx, event);
        const first = await isStreamParked(tx, consumer, event.key);
        if (first) {
          // Per-stream order (Axon's sequenced dead-letter queue): the read model folds a key's
          // events in order (a registration's status, a profile), so a later event must not be
          // applied before the parked one; it waits behind it. Other keys go on.
          await this.insertInbox(tx, event);
          await this.park(tx, event, `parked behind event ${first.eventId} of its stream`, 0, first.eventId);
          behind = first.eventId;
          return 'parked';
        }
        await this.projection.handle(event, tx);
        // After the handler, not before: on PostgreSQL an error the handler swallowed has aborted
        // the transaction, and its COMMIT would roll back silently (the event lost, counted as
        // applied); this statement fails instead (25P02), and the event is retried, then parked.
        await this.insertInbox(tx, event);
        return 'applied';
      });
      if (outcome === 'parked')
        this.logger.warn(`${consumer}: parked integration event ${event.id} (${event.type}) behind event ${behind} of its stream`);
      return outcome;
    } catch (error) {
      if (error instanceof AlreadyProcessed) return 'duplicate';
      throw error;
    }
  }

  /** Throws AlreadyProcessed when the inbox holds the event (a redelivery). */
  private async checkInbox(tx: EntityManager, event: IntegrationEvent): Promise<void> {
    if (await tx.getRepository(InboxEntry).exists({ where: { consumer: this.projection.name, eventId: eventKey(event.id) } }))
      throw new AlreadyProcessed();
  }

  /** Inserts the inbox row; AlreadyProcessed when another instance committed it since the check. */
  private async insertInbox(tx: EntityManager, event: IntegrationEvent): Promise<void> {
    try {
      await tx.getRepository(InboxEntry).insert({ consumer: this.projection.name, eventId: eventKey(event.id), processedAt: new Date() });
    } catch (error) {
      // The key is the last word: the other instance's effect stands, ours rolls back.
      if (isUniqueViolation(error)) throw new AlreadyProcessed();
      throw error;
    }
  }

  /** Parks an event out of attempts, with its inbox row (a redelivery is then a duplicate). */
  private async parkFailed(event: IntegrationEvent, error: string, attempts: number): Promise<InboxOutcome> {
    try {
      await withTransaction(this.dataSource, async (tx) => {
        await this.checkInbox(tx, event);
        await this.insertInbox(tx, event);
        await this.park(tx, event, error, attempts, null);
      });
      return 'parked';
    } catch (failure) {
      if (failure instanceof AlreadyProcessed) return 'duplicate'; // another instance applied it meanwhile
      throw failure;
    }
  }

  private async park(
    tx: EntityManager,
    event: IntegrationEvent,
    error: string,
    attempts: number,
    behindEventId: string | null,
  ): Promise<void> {
    await tx.getRepository(DeadLetter).insert({
      projection: this.projection.name,
      eventId: eventKey(event.id),
      position: null,
      streamId: storable(event.key, 300),
      type: storable(event.type, 200),
      error,
      attempts,
      behindEventId,
      // The bus may no longer hold it when the fix comes. An integration event carries no
      // personal data (contracts); JSON.stringify escapes U+0000, which PostgreSQL's text refuses raw.
      payload: JSON.stringify(event),
      parkedAt: new Date(),
    });
  }

  /**
   * Applies this consumer's parked events again, in the order they were parked, after a fix:
   * each in ONE transaction that runs the handler and deletes its dead letter (the inbox row
   * stays: the event is processed once). One that fails again stays parked (error and attempts
   * updated), and so do the later ones of its key; other keys go on. For operators (a CLI).
   */
  async retryParked(): Promise<RetryOutcome> {
    return retryParkedLetters({
      dataSource: this.dataSource,
      name: this.projection.name,
      logger: this.logger,
      load: (letter) => JSON.parse(letter.payload ?? 'null') as IntegrationEvent,
      apply: (event, tx) => this.projection.handle(event, tx),
      describe: (letter) => `integration event ${letter.eventId} (${letter.type})`,
    });
  }

  /** This consumer's dead letters, in parking order (for operators). */
  async parked(): Promise<DeadLetter[]> {
    return deadLettersOf(this.dataSource.manager, this.projection.name);
  }
}
