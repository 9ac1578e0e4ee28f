import { RecordedEvent } from '@hw/platform/core';
import { EventLog, Subscription } from '@hw/platform/event-log';
import { DataSource } from 'typeorm';
import { Backoff, BackoffOptions, checkpoints, defaultLogger, describeError, EventHandlingError, RunnerLogger } from './runner-support';

export interface CheckpointedOptions {
  /** Only events of streams whose id starts with one of these. */
  streamPrefixes?: string[];
  /** Events per batch (one transaction / one publish per batch; default 500). */
  batchSize?: number;
  logger?: RunnerLogger;
  backoff?: BackoffOptions;
}

/** A batch failed outside a single event's handling (commit, broker, lock): says where, not what. */
export class BatchHandlingError extends Error {
  constructor(
    readonly first: RecordedEvent,
    readonly last: RecordedEvent,
    readonly count: number,
    override readonly cause: unknown,
  ) {
    super(`batch of ${count} event(s) at positions ${first.position}..${last.position}: ${describeError(cause)}`);
    this.name = 'BatchHandlingError';
  }
}

/**
 * A checkpointed subscription to the log that survives failures: it starts after the
 * stored checkpoint, hands batches to `handleBatch`, and when the subscription drops
 * (a handler rejected, the log failed) it logs the failure — event id, type and position,
 * never event data — and resubscribes from the stored checkpoint with exponential backoff.
 * Subclasses decide what "handled" means and when the checkpoint moves.
 */
export abstract class CheckpointedSubscriber {
  private subscription: Subscription | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private resubscribing: Promise<void> | undefined;
  private state: 'idle' | 'running' | 'stopping' = 'idle';
  private lastError: unknown;
  private failures = 0;
  private readonly backoff: Backoff;
  protected readonly logger: RunnerLogger;

  protected constructor(
    protected readonly log: EventLog,
    protected readonly dataSource: DataSource,
    readonly name: string,
    protected readonly settings: CheckpointedOptions,
  ) {
    this.backoff = new Backoff(settings.backoff);
    this.logger = settings.logger ?? defaultLogger(name);
  }

  /** Handles one batch; resolves only when the batch is done for good (committed / acknowledged). */
  protected abstract handleBatch(events: RecordedEvent[]): Promise<void>;

  /** Subscribes from the stored checkpoint (creating it, "from the beginning", on first start). */
  async start(): Promise<void> {
    if (this.state === 'running') return;
    if (this.state === 'stopping') throw new Error(`${this.name} is stopping`);
    this.state = 'running';
    try {
      await checkpoints.ensure(this.dataSource, this.name);
      await this.subscribeFromCheckpoint();
    } catch (error) {
      this.state = 'idle';
      throw error;
    }
  }

  /** Stops delivering; resolves when the batch in flight (if any) has finished. */
  async stop(): Promise<void> {
    if (this.state !== 'running') return;
    this.state = 'stopping';
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    await this.resubscribing;
    const subscription = this.subscription;
    this.subscription = undefined;
    await subscription?.stop();
    this.state = 'idle';
  }

  /**
   * Resolves once everything in the log when it was called has been handled.
   * Rejects when the subscription fails meanwhile or is waiting to resubscribe after a
   * failure (the runner keeps retrying in the background; call again to wait for it).
   */
  async caughtUp(): Promise<void> {
    const subscription = this.subscription;
    if (!subscription) {
      if (this.state !== 'running') throw new Error(`${this.name} is not running`);
      throw this.lastError ?? new Error(`${this.name} is resubscribing`);
    }
    await subscription.caughtUp();
  }

  /** The stored checkpoint: the last handled global position (undefined: nothing yet). */
  async checkpoint(): Promise<bigint | undefined> {
    return (await checkpoints.read(this.dataSource.manager, this.name))?.position ?? undefined;
  }

  /** Failures since the last successful batch (0 when healthy). */
  get consecutiveFailures(): number {
    return this.failures;
  }

  get running(): boolean {
    return this.state === 'running';
  }

  private async subscribeFromCheckpoint(): Promise<void> {
    const stored = await checkpoints.read(this.dataSource.manager, this.name);
    if (this.state !== 'running') return;
    const subscription = this.log.subscribe((events) => this.onBatch(events), {
      after: stored?.position ?? undefined,
      streamPrefixes: this.settings.streamPrefixes,
      batchSize: this.settings.batchSize ?? 500,
    });
    this.subscription = subscription;
    subscription.done.then(
      () => undefined,
      (error: unknown) => this.dropped(subscription, error),
    );
  }

  private async onBatch(events: RecordedEvent[]): Promise<void> {
    try {
      await this.handleBatch(events);
    } catch (error) {
      if (error instanceof EventHandlingError || error instanceof BatchHandlingError) throw error;
      throw new BatchHandlingError(events[0], events[events.length - 1], events.length, error);
    }
    if (this.failures > 0) {
      this.logger.log(`${this.name}: recovered after ${this.failures} failure(s), now at position ${events[events.length - 1].position}`);
    }
    this.failures = 0;
    this.lastError = undefined;
    this.backoff.reset();
  }

  private dropped(subscription: Subscription, error: unknown): void {
    if (this.subscription !== subscription) return;
    this.subscription = undefined;
    this.lastError = error;
    if (this.state !== 'running') return;
    this.retryLater(error);
  }

  private retryLater(error: unknown): void {
    this.failures += 1;
    const pause = this.backoff.take();
    const what = error instanceof EventHandlingError || error instanceof BatchHandlingError ? error.message : describeError(error);
    this.logger.error(`${this.name}: ${what}; resubscribing from the stored checkpoint in ${pause} ms (failure ${this.failures})`);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.resubscribing = this.subscribeFromCheckpoint()
        .catch((failure: unknown) => {
          this.lastError = failure;
          if (this.state === 'running') this.retryLater(failure);
        })
        .finally(() => (this.resubscribing = undefined));
    }, pause);
  }
}
