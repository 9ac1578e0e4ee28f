import { Bus, BusSubscription, Delivery, IntegrationEvent } from '@hw/platform/bus';
import { DataSource, EntityManager, LessThan } from 'typeorm';
import { InboxEntry } from './platform-tables';
import { isUniqueViolation, withTransaction } from './read-db';
import { defaultLogger, describeError, RunnerLogger } from './runner-support';

/** A read model fed by other contexts' integration events. */
export interface IntegrationProjection {
  /** The consumer group, and the inbox's consumer name. */
  name: string;
  topics: string[];
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
}

const DAY_MS = 86_400_000;

export type InboxOutcome = 'applied' | 'duplicate';

/** Thrown inside the transaction to roll it back when the inbox already holds the event. */
class AlreadyProcessed extends Error {}

/**
 * Applies integration events effectively once. The bus delivers at least once; per event,
 * ONE transaction inserts (consumer, event id) into the inbox and runs the handler. An event
 * already in the inbox is a redelivery and is skipped. A handler that throws rolls the inbox
 * row back with its writes, so the redelivery applies it.
 */
export class InboxConsumer {
  private subscription: BusSubscription | undefined;
  private pruning: NodeJS.Timeout | undefined;
  private readonly logger: RunnerLogger;
  private counts = { applied: 0, duplicates: 0, failures: 0 };

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
    const result = await this.dataSource.getRepository(InboxEntry).delete({ consumer: this.projection.name, processedAt: LessThan(before) });
    return result.affected ?? 0;
  }

  async stop(): Promise<void> {
    if (this.pruning) clearInterval(this.pruning);
    this.pruning = undefined;
    const subscription = this.subscription;
    this.subscription = undefined;
    await subscription?.stop();
  }

  /** What this instance did so far (for health and tests). */
  get stats(): { applied: number; duplicates: number; failures: number } {
    return { ...this.counts };
  }

  /** Applies one delivered event unless the inbox already holds it. Exposed for replay tools and tests. */
  async receive(event: IntegrationEvent, delivery?: Delivery): Promise<InboxOutcome> {
    let outcome: InboxOutcome;
    try {
      outcome = await this.applyOnce(event);
    } catch (error) {
      this.counts.failures += 1;
      const where = delivery ? ` (${delivery.topic}/${delivery.partition}@${delivery.offset})` : '';
      this.logger.error(
        `${this.projection.name}: integration event ${event.id} (${event.type})${where} failed: ${describeError(error)}; the bus redelivers it`,
      );
      throw error;
    }
    this.counts[outcome === 'applied' ? 'applied' : 'duplicates'] += 1;
    return outcome;
  }

  private async applyOnce(event: IntegrationEvent): Promise<InboxOutcome> {
    const consumer = this.projection.name;
    try {
      await withTransaction(this.dataSource, async (tx) => {
        const inbox = tx.getRepository(InboxEntry);
        if (await inbox.exists({ where: { consumer, eventId: event.id } })) throw new AlreadyProcessed();
        try {
          await inbox.insert({ consumer, eventId: event.id, processedAt: new Date() });
        } catch (error) {
          // Another instance committed it between our check and insert (the key is the last word).
          if (isUniqueViolation(error)) throw new AlreadyProcessed();
          throw error;
        }
        await this.projection.handle(event, tx);
      });
      return 'applied';
    } catch (error) {
      if (error instanceof AlreadyProcessed) return 'duplicate';
      throw error;
    }
  }
}
