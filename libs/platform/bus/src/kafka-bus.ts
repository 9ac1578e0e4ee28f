import { Admin, Consumer, Kafka, logLevel, Producer } from 'kafkajs';
import { Bus, BusSubscription, ConsumerOptions, IntegrationEvent, IntegrationHandler } from './bus.port';

export interface KafkaBusOptions {
  clientId: string;
  brokers: string[];
  /** Partitions of topics this bus creates (default 3). */
  partitions?: number;
  /** Replication factor of topics this bus creates (default 1: the single local broker). */
  replicationFactor?: number;
}

const header = (value: Buffer | string | (Buffer | string)[] | undefined): string | undefined =>
  value === undefined ? undefined : Array.isArray(value) ? String(value[0]) : String(value);

/**
 * Kafka adapter (kafkajs 2.2.4). One topic per publishing context, key = stream id, the log
 * event id in the `event-id` header.
 * - Producer: idempotent, acks=-1, one request in flight — per-key order survives retries.
 * - Topics are created explicitly (auto-creation is off on our brokers).
 * - Consumers commit offset+1 only after the handler resolved: at-least-once; a handler
 *   that throws sees the message again (kafkajs seeks back and retries).
 */
export class KafkaBus implements Bus {
  private readonly kafka: Kafka;
  private producer: Producer | undefined;
  private producerReady: Promise<Producer> | undefined;
  private admin: Admin | undefined;
  private readonly knownTopics = new Set<string>();
  private readonly consumers = new Set<Consumer>();

  constructor(private readonly options: KafkaBusOptions) {
    this.kafka = new Kafka({
      clientId: options.clientId,
      brokers: options.brokers,
      logLevel: logLevel.ERROR,
      retry: { initialRetryTime: 100, retries: 8 },
    });
  }

  /** Creates the topics that do not exist yet (idempotent). */
  async ensureTopics(topics: string[]): Promise<void> {
    const missing = topics.filter((t) => !this.knownTopics.has(t));
    if (missing.length === 0) return;
    if (!this.admin) {
      this.admin = this.kafka.admin();
      await this.admin.connect();
    }
    const existing = new Set(await this.admin.listTopics());
    const toCreate = missing.filter((t) => !existing.has(t));
    if (toCreate.length > 0) {
      await this.admin.createTopics({
        waitForLeaders: true,
        topics: toCreate.map((topic) => ({
          topic,
          numPartitions: this.options.partitions ?? 3,
          replicationFactor: this.options.replicationFactor ?? 1,
        })),
      });
    }
    missing.forEach((t) => this.knownTopics.add(t));
  }

  private getProducer(): Promise<Producer> {
    if (!this.producerReady) {
      const producer = this.kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
      this.producerReady = producer.connect().then(() => (this.producer = producer));
      this.producerReady.catch(() => (this.producerReady = undefined));
    }
    return this.producerReady;
  }

  async publish(topic: string, events: IntegrationEvent[]): Promise<void> {
    if (events.length === 0) return;
    await this.ensureTopics([topic]);
    const producer = await this.getProducer();
    await producer.send({
      topic,
      acks: -1,
      messages: events.map((event) => ({
        key: event.key,
        value: JSON.stringify(event),
        headers: {
          'event-id': event.id,
          'event-type': event.type,
          ...(event.correlationId ? { 'correlation-id': event.correlationId } : {}),
        },
      })),
    });
  }

  async subscribe(options: ConsumerOptions, handler: IntegrationHandler): Promise<BusSubscription> {
    await this.ensureTopics(options.topics);
    const consumer = this.kafka.consumer({
      groupId: options.groupId,
      allowAutoTopicCreation: false,
      sessionTimeout: 10_000,
      rebalanceTimeout: 10_000,
      heartbeatInterval: 1_000,
      maxWaitTimeInMs: 100,
      retry: { initialRetryTime: 100, retries: Number.MAX_SAFE_INTEGER },
    });
    await consumer.connect();
    this.consumers.add(consumer);
    const joined = new Promise<void>((resolve) => {
      const off = consumer.on(consumer.events.GROUP_JOIN, () => {
        off();
        resolve();
      });
    });
    await consumer.subscribe({ topics: options.topics, fromBeginning: options.fromBeginning ?? true });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ topic, partition, message }) => {
        const event = JSON.parse(String(message.value)) as IntegrationEvent;
        event.id = header(message.headers?.['event-id']) ?? event.id;
        await handler(event, { topic, partition, offset: message.offset });
        await consumer.commitOffsets([{ topic, partition, offset: (BigInt(message.offset) + 1n).toString() }]);
      },
    });
    await joined;
    return {
      stop: async () => {
        this.consumers.delete(consumer);
        await consumer.disconnect();
      },
    };
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.consumers].map((c) => c.disconnect()));
    this.consumers.clear();
    if (this.producerReady) await (await this.producerReady.catch(() => undefined))?.disconnect();
    await this.admin?.disconnect();
  }
}
