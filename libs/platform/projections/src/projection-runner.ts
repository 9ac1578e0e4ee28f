import { RecordedEvent } from '@hw/platform/core';
import { EventLog } from '@hw/platform/event-log';
import { DataSource, EntityManager } from 'typeorm';
import { CheckpointedOptions, CheckpointedSubscriber } from './checkpointed-subscriber';
import {
  DEFAULT_MAX_ATTEMPTS,
  deadLettersOf,
  describeParkedError,
  eventKey,
  isTransientError,
  parkedStreams,
  retryParkedLetters,
  RetryOutcome,
  storable,
} from './dead-letters';
import { DeadLetter, PLATFORM_TABLES } from './platform-tables';
import { withTransaction } from './read-db';
import { checkpoints, describeEvent, EventHandlingError } from './runner-support';

/**
 * A read model projected from the log. `apply` writes through `tx` only: the runner
 * commits a batch's changes and the checkpoint in one transaction.
 */
export interface Projection {
  /** Unique per read database: names the checkpoint. */
  name: string;
  /** Only events of streams whose id starts with one of these (default: every stream). */
  streamPrefixes?: string[];
  /** The read-model tables it owns (and only it writes): emptied by rebuild(). */
  tables: string[];
  apply(event: RecordedEvent, tx: EntityManager): Promise<void>;
  /**
   * Live pacing (default 0: a batch per wake-up). A batch that did not fill `batchSize` is
   * followed by a pause until this many ms after it started, so the events appended meanwhile
   * arrive as ONE batch: one read-model commit (an fsync on SQLite, taken in the event loop the
   * service shares) per interval instead of one per log append. Adds at most this much lag
   * (`caughtUp()` included); catching up (full batches) never pauses; `stop()` cuts a pause short.
   */
  minBatchIntervalMs?: number;
}

export interface ProjectionRunnerOptions extends Omit<CheckpointedOptions, 'streamPrefixes'> {
  /** Overrides the projection's own `minBatchIntervalMs`. */
  minBatchIntervalMs?: number;
  /** Attempts of an event failing deterministically (not a transient error) before it is parked (default 3). */
  maxAttempts?: number;
  /**
   * Applies nothing after this position (the checkpoint stops there): an operator's bounded
   * rebuild builds a shadow up to the live model's position, to compare the two at one position.
   */
  until?: bigint;
}

/**
 * Runs a projection: catch up from the stored checkpoint, then stay live.
 *
 * Each batch — apply every event, then move the checkpoint — is ONE transaction: after a
 * crash either the batch and its checkpoint are both there or neither is, and the runner
 * resumes after the checkpoint. Inside the transaction the checkpoint row is read (locked on
 * PostgreSQL) and events at or below it are skipped, so two instances of the same runner
 * never apply an event twice.
 *
 * An event it cannot apply never stalls it: a transient failure (lock, lost connection, full
 * disk: `isTransientError`) is retried with backoff for as long as it lasts; any other failure
 * is retried `maxAttempts` times, then the event is parked in `dead_letters` with its error, in
 * the transaction that moves the checkpoint past it, and the runner goes on. `retryParked()`
 * applies the parked events after a fix.
 */
export class ProjectionRunner extends CheckpointedSubscriber {
  constructor(
    log: EventLog,
    dataSource: DataSource,
    readonly projection: Projection,
    private readonly options: ProjectionRunnerOptions = {},
  ) {
    super(log, dataSource, projection.name, { ...options, streamPrefixes: projection.streamPrefixes });
    this.batchSize = options.batchSize ?? 500;
    this.minBatchIntervalMs = options.minBatchIntervalMs ?? projection.minBatchIntervalMs ?? 0;
    const own = projection.tables.filter((t) => PLATFORM_TABLES.includes(t));
    if (own.length > 0) throw new Error(`projection ${projection.name} cannot own platform tables: ${own.join(', ')}`);
  }

  private readonly batchSize: number;
  private readonly minBatchIntervalMs: number;
  private pause: { timer: NodeJS.Timeout; done: () => void } | undefined;
  /** The event failing deterministically right now, and how many times it failed. */
  private failing: { eventId: string; attempts: number } | undefined;
  /** Set after a failure: events up to this position are applied one per transaction (applyOrPark). */
  private isolateUntil: bigint | undefined;
  /** The event a batch's error named when it ran out of attempts: parked if the events before it apply alone. */
  private suspect: { eventId: string; error: string; attempts: number } | undefined;
  /** Events out of attempts, to park in the next transaction that reaches them. */
  private readonly toPark = new Map<string, { error: string; attempts: number }>();

  private get maxAttempts(): number {
    return Math.max(1, this.options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS);
  }

  protected async handleBatch(all: RecordedEvent[]): Promise<void> {
    const until = this.options.until;
    const events = until === undefined ? all : all.filter((e) => e.position <= until);
    if (events.length === 0) return;
    const started = Date.now();
    await this.applyOrPark(events);
    const wait = this.minBatchIntervalMs - (Date.now() - started);
    if (wait > 0 && events.length < this.batchSize && this.running) {
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          this.pause = undefined;
          resolve();
        };
        const timer = setTimeout(done, wait);
        this.pause = { timer, done };
      });
    }
  }

  /** Stops without waiting out a pacing pause. */
  override async stop(): Promise<void> {
    const stopping = super.stop();
    this.pause?.done();
    await stopping;
  }

  /**
   * Applies a batch. A deterministic failure is retried (the subscriber resubscribes from the
   * checkpoint with backoff) until the event it names is out of attempts; then the batch's
   * events up to it are applied one per transaction, right away, and the one that fails alone
   * is parked. Alone, because the event a batch's error names may not be the culprit: an error
   * a projection swallowed on PostgreSQL aborts the transaction and surfaces as 25P02 on the
   * NEXT event's statement, and a failure at commit names no event at all (such a batch is
   * isolated at once). Transient failures are retried as they are, never parked.
   */
  private async applyOrPark(events: RecordedEvent[]): Promise<void> {
    if (this.isolateUntil === undefined) {
      try {
        await this.applyBatch(events);
        return;
      } catch (error) {
        if (isTransientError(error instanceof EventHandlingError ? error.cause : error)) throw error;
        if (!(error instanceof EventHandlingError)) {
          this.isolateUntil = events[events.length - 1].position;
          throw error;
        }
        const attempts = this.countFailure(error);
        if (attempts < this.maxAttempts) throw error;
        this.isolateUntil = error.event.position;
        this.suspect = { eventId: error.event.id, error: describeParkedError(error.cause), attempts };
      }
    }
    const until = this.isolateUntil;
    for (const event of events) {
      if (event.position > until) break;
      // Every event before it applied alone: the batch's error was its own. Park it, without a further attempt.
      if (event.id === this.suspect?.eventId) this.toPark.set(event.id, { error: this.suspect.error, attempts: this.suspect.attempts });
      await this.applyAlone(event);
    }
    this.suspect = undefined;
    this.isolateUntil = undefined;
    const rest = events.filter((e) => e.position > until);
    if (rest.length > 0) await this.applyOrPark(rest);
  }

  /** One event in its own transaction; parked when it is out of attempts. */
  private async applyAlone(event: RecordedEvent): Promise<void> {
    for (;;) {
      try {
        await this.applyBatch([event]);
        return;
      } catch (error) {
        const failure = error instanceof EventHandlingError ? error : new EventHandlingError(event, error);
        this.suspect = undefined; // an earlier event failed alone: the batch's error may not have been the suspect's
        // Transient, or parking itself failed: back to the subscriber's backoff.
        if (isTransientError(failure.cause) || this.toPark.has(event.id)) throw failure;
        const attempts = this.countFailure(failure);
        if (attempts < this.maxAttempts) throw failure;
        this.failing = undefined;
        this.toPark.set(event.id, { error: describeParkedError(failure.cause), attempts });
      }
    }
  }

  /** Counts a deterministic failure of the event it names; returns its attempts so far. */
  private countFailure(failure: EventHandlingError): number {
    const attempts = this.failing?.eventId === failure.event.id ? this.failing.attempts + 1 : 1;
    this.failing = { eventId: failure.event.id, attempts };
    return attempts;
  }

  private async applyBatch(events: RecordedEvent[]): Promise<void> {
    const parkedHere: Array<{ event: RecordedEvent; letter: Partial<DeadLetter> }> = [];
    await withTransaction(this.dataSource, async (tx) => {
      const stored = await checkpoints.read(tx, this.name, true);
      const after = stored?.position ?? undefined;
      // Read after the checkpoint's lock: what another instance (or retryParked) parked or
      // un-parked before us is seen here.
      const parked = await parkedStreams(tx, this.name);
      let last: bigint | undefined;
      for (const event of events) {
        if (after !== undefined && event.position <= after) continue; // another instance got here first
        const stream = storable(event.streamId, 300);
        const failed = this.toPark.get(event.id);
        const behind = parked.get(stream);
        if (failed) {
          parkedHere.push({ event, letter: await this.park(tx, event, failed.error, failed.attempts, null) });
          parked.set(stream, eventKey(event.id));
        } else if (behind !== undefined) {
          // Per-stream order (Axon's sequenced dead-letter queue, not Marten's skip-one): a
          // read model folds a stream in order (a thread's count, a registration's status), so
          // applying later events of a stream without the parked one could leave a state the
          // log never had; they wait, parked behind it, and retryParked applies them in order.
          // Other streams go on.
          parkedHere.push({ event, letter: await this.park(tx, event, `parked behind event ${behind} of its stream`, 0, behind) });
        } else {
          try {
            await this.projection.apply(event, tx);
          } catch (error) {
            throw new EventHandlingError(event, error);
          }
        }
        last = event.position;
      }
      if (last !== undefined) await checkpoints.write(tx, this.name, last);
    });
    for (const event of events) this.toPark.delete(event.id);
    if (this.failing && events.some((e) => e.id === this.failing?.eventId)) this.failing = undefined;
    for (const { event, letter } of parkedHere) {
      const why = letter.behindEventId
        ? `behind event ${letter.behindEventId} of its stream`
        : `after ${letter.attempts} attempt(s): ${letter.error}`;
      this.logger.warn(`${this.name}: parked ${describeEvent(event)} ${why}; later events go on (retryParked applies it after a fix)`);
    }
  }

  private async park(
    tx: EntityManager,
    event: RecordedEvent,
    error: string,
    attempts: number,
    behindEventId: string | null,
  ): Promise<Partial<DeadLetter>> {
    const letter: Partial<DeadLetter> = {
      projection: this.name,
      eventId: eventKey(event.id),
      position: event.position,
      streamId: storable(event.streamId, 300),
      type: storable(event.type, 200),
      error,
      attempts,
      behindEventId,
      payload: null, // the event stays in the log, at its position
      parkedAt: new Date(),
    };
    await tx.getRepository(DeadLetter).insert(letter);
    return letter;
  }

  /**
   * Applies this projection's parked events again, in the order they were parked (log order),
   * after a fix: each in ONE transaction that applies it and deletes its dead letter. One that
   * fails again stays parked (its error and attempts updated), and so do the later ones of its
   * stream (per-stream order); other streams' go on. Safe while the runner is live: each
   * transaction takes the checkpoint's lock, as the runner's batches do. For operators (a CLI).
   */
  async retryParked(): Promise<RetryOutcome> {
    return retryParkedLetters({
      dataSource: this.dataSource,
      name: this.name,
      logger: this.logger,
      load: (letter) => this.parkedEvent(letter),
      lock: (tx) => checkpoints.read(tx, this.name, true),
      apply: (event, tx) => this.projection.apply(event, tx),
      describe: (letter) => `event ${letter.eventId} (${letter.type}) at position ${letter.position}`,
    });
  }

  /** This projection's dead letters, in parking order (for operators). */
  async parked(): Promise<DeadLetter[]> {
    return deadLettersOf(this.dataSource.manager, this.name);
  }

  private async parkedEvent(letter: DeadLetter): Promise<RecordedEvent> {
    const position = letter.position as bigint;
    const [event] = await this.log.readAll({ after: position > 0n ? position - 1n : undefined, maxCount: 1 });
    if (!event || event.position !== position || eventKey(event.id) !== letter.eventId) {
      throw new Error(`${this.name}: parked event ${letter.eventId} is not at position ${position} of the log`);
    }
    return event;
  }

  /**
   * Rebuilds the read model from the start of the log: stops the runner, then in ONE
   * transaction empties the owned tables and resets the checkpoint, then replays from
   * position zero. Resolves when the replay has caught up; the runner keeps running.
   * Readers see a partial model while it replays (a blue/green table swap would hide that).
   */
  async rebuild(): Promise<void> {
    await this.stop();
    await checkpoints.ensure(this.dataSource, this.name);
    this.failing = undefined;
    this.isolateUntil = undefined;
    this.suspect = undefined;
    this.toPark.clear();
    await withTransaction(this.dataSource, async (tx) => {
      for (const table of this.projection.tables) await this.empty(tx, table);
      // The replay parks again what it still cannot apply (R-AUD-1: the same model, the same dead letters).
      await tx.getRepository(DeadLetter).delete({ projection: this.name });
      await checkpoints.write(tx, this.name, null);
    });
    await this.start();
    await this.caughtUp();
  }

  private async empty(tx: EntityManager, table: string): Promise<void> {
    const entity = this.dataSource.entityMetadatas.find((m) => m.tableName === table || m.tablePath === table);
    if (entity) {
      await tx.createQueryBuilder().delete().from(entity.target).execute();
      return;
    }
    // A table without an entity: unqualified, so PostgreSQL resolves it in the service's schema.
    await tx.query(`DELETE FROM ${this.dataSource.driver.escape(table)}`);
  }
}
