import { RecordedEvent } from '@hw/platform/core';
import { BatchHandler, SubscribeOptions, Subscription } from './event-log.port';

export interface LogSource {
  /** Highest position written so far. */
  head(): Promise<bigint>;
  /** Matching events in (after, upTo], at most max, and how far the scan reached. */
  read(after: bigint, upTo: bigint, max: number): Promise<{ events: RecordedEvent[]; scannedTo: bigint }>;
  /** Wakes the subscription on a local append; returns the unsubscribe function. */
  onAppend?(listener: () => void): () => void;
  /** Fallback polling for appends made by other processes. */
  pollIntervalMs: number;
}

/**
 * A checkpointed catch-up subscription: reads from the checkpoint to the head in batches,
 * hands each batch to the handler and waits for it, then stays live (woken by local
 * appends, polling for other processes'). Delivery is in global order.
 */
export class LogSubscription implements Subscription {
  readonly done: Promise<void>;
  private stopped = false;
  private wake: (() => void) | undefined;
  private readonly waiters: Array<{ target: bigint; resolve: () => void; reject: (e: unknown) => void }> = [];
  private scanned: bigint;
  private failure: unknown;

  constructor(
    private readonly source: LogSource,
    private readonly handler: BatchHandler,
    private readonly options: SubscribeOptions,
  ) {
    this.scanned = options.after ?? 0n;
    this.done = this.loop();
    this.done.catch(() => undefined);
  }

  private async loop(): Promise<void> {
    const unlisten = this.source.onAppend?.(() => this.wake?.());
    const batchSize = this.options.batchSize ?? 500;
    try {
      while (!this.stopped) {
        const head = await this.source.head();
        let progressed = false;
        while (!this.stopped && this.scanned < head) {
          const { events, scannedTo } = await this.source.read(this.scanned, head, batchSize);
          if (events.length > 0) await this.handler(events);
          this.scanned = scannedTo;
          progressed = true;
          this.release();
        }
        this.release(head);
        if (!progressed && !this.stopped) await this.idle();
      }
    } catch (error) {
      this.failure = error;
      for (const waiter of this.waiters.splice(0)) waiter.reject(error);
      throw error;
    } finally {
      unlisten?.();
    }
  }

  private idle(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, this.source.pollIntervalMs);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = () => {
        this.wake = undefined;
        done();
      };
    });
  }

  private release(head?: bigint): void {
    for (let i = this.waiters.length - 1; i >= 0; i--) {
      const waiter = this.waiters[i];
      if (this.scanned >= waiter.target || (head !== undefined && head >= waiter.target && this.scanned >= head)) {
        this.waiters.splice(i, 1);
        waiter.resolve();
      }
    }
  }

  async caughtUp(): Promise<void> {
    if (this.failure) throw this.failure;
    const target = await this.source.head();
    if (this.failure) throw this.failure;
    // A stopped subscription delivers nothing more: answer now instead of waiting forever
    // (stop() likewise releases the callers already waiting).
    if (this.scanned >= target || this.stopped) return;
    await new Promise<void>((resolve, reject) => {
      this.waiters.push({ target, resolve, reject });
      this.wake?.();
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.done.catch(() => undefined);
    for (const waiter of this.waiters.splice(0)) waiter.resolve();
  }

  /** Position up to which the log has been read and handled. */
  get checkpoint(): bigint {
    return this.scanned;
  }
}

/**
 * The live subscriptions of one log connection: woken at once by this process's appends
 * (`appended()`), polling for other processes', all stopped on close. Shared by the adapters.
 */
export class LiveSubscriptions {
  private readonly listeners = new Set<() => void>();
  private readonly subscriptions = new Set<LogSubscription>();

  constructor(private readonly pollIntervalMs: number) {}

  /** Call after every successful append of this connection. */
  appended(): void {
    for (const listener of this.listeners) listener();
  }

  open(source: Pick<LogSource, 'head' | 'read'>, handler: BatchHandler, options: SubscribeOptions): Subscription {
    const subscription = new LogSubscription(
      {
        ...source,
        onAppend: (listener) => {
          this.listeners.add(listener);
          return () => this.listeners.delete(listener);
        },
        pollIntervalMs: this.pollIntervalMs,
      },
      handler,
      options,
    );
    this.subscriptions.add(subscription);
    subscription.done.finally(() => this.subscriptions.delete(subscription)).catch(() => undefined);
    return subscription;
  }

  async stopAll(): Promise<void> {
    await Promise.allSettled([...this.subscriptions].map((s) => s.stop()));
  }
}
