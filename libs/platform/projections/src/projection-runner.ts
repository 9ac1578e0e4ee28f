import { RecordedEvent } from '@hw/platform/core';
import { EventLog } from '@hw/platform/event-log';
import { DataSource, EntityManager } from 'typeorm';
import { CheckpointedOptions, CheckpointedSubscriber } from './checkpointed-subscriber';
import { PLATFORM_TABLES } from './platform-tables';
import { withTransaction } from './read-db';
import { checkpoints, EventHandlingError } from './runner-support';

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
}

/**
 * Runs a projection: catch up from the stored checkpoint, then stay live.
 *
 * Each batch — apply every event, then move the checkpoint — is ONE transaction: after a
 * crash either the batch and its checkpoint are both there or neither is, and the runner
 * resumes after the checkpoint. Inside the transaction the checkpoint row is read (locked on
 * PostgreSQL) and events at or below it are skipped, so two instances of the same runner
 * never apply an event twice.
 */
export class ProjectionRunner extends CheckpointedSubscriber {
  constructor(
    log: EventLog,
    dataSource: DataSource,
    readonly projection: Projection,
    options: ProjectionRunnerOptions = {},
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

  protected async handleBatch(events: RecordedEvent[]): Promise<void> {
    const started = Date.now();
    await this.applyBatch(events);
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

  private async applyBatch(events: RecordedEvent[]): Promise<void> {
    await withTransaction(this.dataSource, async (tx) => {
      const stored = await checkpoints.read(tx, this.name, true);
      const after = stored?.position ?? undefined;
      let last: bigint | undefined;
      for (const event of events) {
        if (after !== undefined && event.position <= after) continue; // another instance got here first
        try {
          await this.projection.apply(event, tx);
        } catch (error) {
          throw new EventHandlingError(event, error);
        }
        last = event.position;
      }
      if (last !== undefined) await checkpoints.write(tx, this.name, last);
    });
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
    await withTransaction(this.dataSource, async (tx) => {
      for (const table of this.projection.tables) await this.empty(tx, table);
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
