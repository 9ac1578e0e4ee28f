import { Logger } from '@nestjs/common';
import { RecordedEvent } from '@hw/platform/core';
import { DataSource, EntityManager } from 'typeorm';
import { Checkpoint } from './platform-tables';
import { isPostgresDataSource, isUniqueViolation, withTransaction } from './read-db';

/** Where runners report; Nest's Logger fits. Messages never carry personal data. */
export interface RunnerLogger {
  log(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface BackoffOptions {
  /** First pause after a failure (default 100 ms). */
  initialMs?: number;
  /** Longest pause (default 30 s). */
  maxMs?: number;
}

export const defaultLogger = (context: string): RunnerLogger => new Logger(context);

/**
 * An error, described without its message: messages and a QueryFailedError's parameters may
 * carry event data (personal data). The class name and the driver's code are enough to triage.
 */
export const describeError = (error: unknown): string => {
  // By shape, not `instanceof Error`: a driver's error may come from another realm (a native addon, a test sandbox).
  const name = typeof error === 'object' && error !== null ? (error as { name?: unknown }).name : undefined;
  if (typeof name !== 'string') return typeof error;
  const code = (error as { code?: unknown }).code ?? (error as { driverError?: { code?: unknown } }).driverError?.code ?? undefined;
  return code === undefined ? name : `${name} [${String(code)}]`;
};

/** An event identified by what is safe to log: id, type, position. */
export const describeEvent = (event: RecordedEvent): string => `event ${event.id} (${event.type}) at position ${event.position}`;

/** Failure while handling one event: carries which event, so the log can say it without its data. */
export class EventHandlingError extends Error {
  constructor(
    readonly event: RecordedEvent,
    override readonly cause: unknown,
  ) {
    super(`${describeEvent(event)}: ${describeError(cause)}`);
    this.name = 'EventHandlingError';
  }
}

export class Backoff {
  private next: number;
  constructor(private readonly options: BackoffOptions = {}) {
    this.next = this.initial;
  }
  private get initial(): number {
    return this.options.initialMs ?? 100;
  }
  /** The pause to take now (with ±20 % jitter so several instances do not retry in step). */
  take(): number {
    const pause = this.next;
    this.next = Math.min(this.next * 2, this.options.maxMs ?? 30_000);
    return Math.round(pause * (0.8 + Math.random() * 0.4));
  }
  reset(): void {
    this.next = this.initial;
  }
}

export const checkpoints = {
  async read(manager: EntityManager, name: string, forUpdate = false): Promise<Checkpoint | null> {
    const lock = forUpdate && isPostgresDataSource(manager.connection) ? { mode: 'pessimistic_write' as const } : undefined;
    return manager.getRepository(Checkpoint).findOne({ where: { name }, ...(lock ? { lock } : {}) });
  },

  async write(manager: EntityManager, name: string, position: bigint | null): Promise<void> {
    const repository = manager.getRepository(Checkpoint);
    const updated = await repository.update({ name }, { position, updatedAt: new Date() });
    // Never lose a checkpoint silently: if the row is missing (deleted by hand), recreate it.
    if (!updated.affected) await repository.insert({ name, position, updatedAt: new Date() });
  },

  /**
   * Creates the row ("from the beginning") if missing, so later batches can lock it.
   * In its own transaction: on SQLite a bare statement would join whatever transaction
   * another runner has open on the shared connection, and vanish with its rollback.
   */
  async ensure(dataSource: DataSource, name: string): Promise<void> {
    try {
      await withTransaction(dataSource, async (tx) => {
        const repository = tx.getRepository(Checkpoint);
        if (await repository.exists({ where: { name } })) return;
        await repository.insert({ name, position: null, updatedAt: new Date() });
      });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error; // another instance created it meanwhile
    }
  },
};
