import { Admin, Consumer, Kafka, KafkaMessage, LogEntry, logLevel, Partitioners, Producer } from 'kafkajs';
import { busConsumed, busConsumeErrors, busPublished, busPublishErrors, busConsumerLag } from '@hw/platform/observability';
import { Bus, BusSubscription, ConsumerOptions, IntegrationEvent, IntegrationHandler, PartitionLag } from './bus.port';

export type BusLogLevel = 'error' | 'warn' | 'info' | 'debug';
/** Where the Kafka adapter's log lines go. Fields never carry event payloads (no personal data). */
export type BusLogger = (level: BusLogLevel, message: string, fields: Record<string, unknown>) => void;

export const consoleBusLogger: BusLogger = (level, message, fields) => {
  const line = `[bus] ${message}${Object.keys(fields).length > 0 ? ` ${JSON.stringify(fields)}` : ''}`;
  if (level === 'error') console.error(line);
  else if (level === 'warn') console.warn(line);
  else console.log(line);
};

export interface KafkaConsumerTuning {
  /** Broker-enforced minimum is group.min.session.timeout.ms (6 s by default). Default 10 s. */
  sessionTimeout?: number;
  /** Default 1 s. A member notices a rebalance at its next heartbeat. */
  heartbeatInterval?: number;
  /** How long the coordinator waits for members to rejoin. Default 10 s. */
  rebalanceTimeout?: number;
  /** Long-poll bound. Data arriving ends a poll at once; stop and resume-after-failure wait for it. Default 1 s. */
  maxWaitTimeInMs?: number;
  /**
   * Partitions one subscription handles at the same time (default 1: a handler is never called
   * concurrently, as with the in-process bus). Within a partition it is always one at a time.
   */
  partitionsConsumedConcurrently?: number;
  /** Pause before a failed event is delivered again: doubling from initialMs (100) to maxMs (5 000). */
  retryBackoff?: { initialMs?: number; maxMs?: number };
  /** `subscribe` fails when the group is not joined within this time (default 60 s). */
  joinTimeoutMs?: number;
}

export interface KafkaBusOptions {
  clientId: string;
  brokers: string[];
  /** Partitions of topics this bus creates (default 3). */
  partitions?: number;
  /** Replication factor of topics this bus creates (default 1: the single local broker). */
  replicationFactor?: number;
  /** Default: one line per entry on the console. */
  logger?: BusLogger;
  /** Least severe level logged, kafkajs's own lines included (default 'warn'). */
  logLevel?: BusLogLevel;
  consumer?: KafkaConsumerTuning;
  /** A publish is sent in requests of at most this many bytes of messages (default 512 KiB; the broker takes 1 MiB per batch). */
  maxRequestBytes?: number;
  /**
   * Prepended to every consumer group id (default none). Deployments sharing one cluster (staging
   * and production, parallel test runs) must differ here, or their members split one group's partitions.
   */
  groupIdPrefix?: string;
}

const LEVELS: Record<BusLogLevel, number> = { error: 0, warn: 1, info: 2, debug: 3 };
const KAFKAJS_LEVEL: Record<BusLogLevel, logLevel> = {
  error: logLevel.ERROR,
  warn: logLevel.WARN,
  info: logLevel.INFO,
  debug: logLevel.DEBUG,
};
const fromKafkajsLevel = (level: logLevel): BusLogLevel =>
  level <= logLevel.ERROR ? 'error' : level === logLevel.WARN ? 'warn' : level === logLevel.INFO ? 'info' : 'debug';

/** kafkajs log fields that describe the plumbing, never the messages' contents. */
const SAFE_FIELDS = [
  'broker',
  'clientId',
  'groupId',
  'memberId',
  'topic',
  'partition',
  'offset',
  'retryCount',
  'retryTime',
  'error',
  'type',
];

const header = (message: KafkaMessage, name: string): string | undefined => {
  const value = message.headers?.[name];
  if (value === undefined || value === null) return undefined;
  return String(Array.isArray(value) ? value[0] : value);
};

const decode = (message: KafkaMessage): IntegrationEvent => {
  const event = JSON.parse(message.value?.toString('utf8') ?? 'null') as IntegrationEvent | null;
  if (!event || typeof event !== 'object') throw new Error('message value is not an integration event');
  event.id ??= header(message, 'event-id') as string;
  event.type ??= header(message, 'event-type') as string;
  event.key ??= message.key?.toString('utf8') as string;
  const traceparent = header(message, 'traceparent');
  if (traceparent) event.traceparent = traceparent;
  return event;
};

const errorName = (error: unknown): string => (error instanceof Error ? error.name : typeof error);

interface Subscription {
  consumer: Consumer;
  stopping: boolean;
  stopped?: Promise<void>;
  /** Handler runs (and their commits) in progress: stop waits for them. */
  inflight: Set<Promise<void>>;
  /** Partitions paused after a failure, to resume after the backoff. */
  timers: Set<NodeJS.Timeout>;
}

/**
 * Kafka adapter (kafkajs 2.2.4). One topic per publishing context, key = stream id, the log
 * event id in the `event-id` header (ARCHITECTURE: names, the relay).
 * - Producer: idempotent, acks=-1, one request in flight, Java-compatible partitioner: per-key
 *   order survives retries, and `publish` resolves once the broker acknowledged every event.
 * - Topics are created explicitly (`ensureTopics`; auto-creation is off on our brokers).
 * - Consumers (autoCommit off) handle a partition's messages one at a time and commit offset+1
 *   only after the handler resolved: at-least-once. A handler that throws is not committed:
 *   the partition is sought back to that message and paused for a backoff, so the same event
 *   comes again and later events of its key wait behind it, while other partitions go on.
 * - `stop` lets the event in hand finish and commit, then leaves the group.
 */
export class KafkaBus implements Bus {
  private readonly kafka: Kafka;
  private readonly log: BusLogger;
  private readonly level: number;
  private readonly partitions: number;
  private readonly tuning: Required<Omit<KafkaConsumerTuning, 'retryBackoff'>> & { retryInitialMs: number; retryMaxMs: number };
  private producer: Promise<Producer> | undefined;
  private admin: Promise<Admin> | undefined;
  private readonly topics = new Map<string, Promise<void>>();
  private readonly subscriptions = new Set<Subscription>();
  private closed = false;

  constructor(private readonly options: KafkaBusOptions) {
    this.log = options.logger ?? consoleBusLogger;
    this.level = LEVELS[options.logLevel ?? 'warn'];
    this.partitions = options.partitions ?? 3;
    const c = options.consumer ?? {};
    this.tuning = {
      sessionTimeout: c.sessionTimeout ?? 10_000,
      heartbeatInterval: c.heartbeatInterval ?? 1_000,
      rebalanceTimeout: c.rebalanceTimeout ?? 10_000,
      maxWaitTimeInMs: c.maxWaitTimeInMs ?? 1_000,
      partitionsConsumedConcurrently: c.partitionsConsumedConcurrently ?? 1,
      joinTimeoutMs: c.joinTimeoutMs ?? 60_000,
      retryInitialMs: c.retryBackoff?.initialMs ?? 100,
      retryMaxMs: c.retryBackoff?.maxMs ?? 5_000,
    };
    this.kafka = new Kafka({
      clientId: options.clientId,
      brokers: options.brokers,
      logLevel: KAFKAJS_LEVEL[options.logLevel ?? 'warn'],
      logCreator:
        () =>
        ({ namespace, level, log }: LogEntry) => {
          const fields: Record<string, unknown> = {};
          for (const name of SAFE_FIELDS) if (log[name] !== undefined) fields[name] = name === 'error' ? String(log[name]) : log[name];
          // kafkajs logs every error response of the protocol (a rebalance in progress, a topic
          // that exists already) as an error before the layer above handles it; that layer
          // logs what matters, so these are info.
          const benign = namespace === 'Connection' && String(log.message).startsWith('Response ');
          this.emit(benign ? 'info' : fromKafkajsLevel(level), `kafkajs${namespace ? ` ${namespace}` : ''}: ${log.message}`, fields);
        },
      retry: { initialRetryTime: 100, retries: 8 },
    });
  }

  /**
   * Creates the topics that do not exist yet with `partitions` partitions (default: the bus's).
   * Idempotent, also across processes; an existing topic is left as it is (more partitions would
   * move keys and break per-key order).
   */
  async ensureTopics(topics: string[], partitions = this.partitions): Promise<void> {
    const waits: Promise<void>[] = [];
    const missing: string[] = [];
    for (const topic of new Set(topics)) {
      const known = this.topics.get(topic);
      if (known) waits.push(known);
      else missing.push(topic);
    }
    if (missing.length > 0) {
      const created = this.createTopics(missing, partitions);
      for (const topic of missing) this.topics.set(topic, created);
      created.catch(() => missing.forEach((t) => this.topics.delete(t)));
      waits.push(created);
    }
    await Promise.all(waits);
  }

  private async createTopics(topics: string[], partitions: number): Promise<void> {
    const admin = await this.getAdmin();
    // Resolves false when they all exist already (another process was first): fine.
    // kafkajs' own waitForLeaders gives up on "does not host this topic-partition", which a
    // fresh broker answers while the topic propagates; wait for the leaders here instead.
    await admin.createTopics({
      waitForLeaders: false,
      topics: topics.map((topic) => ({ topic, numPartitions: partitions, replicationFactor: this.options.replicationFactor ?? 1 })),
    });
    await this.waitForLeaders(admin, topics);
  }

  private async waitForLeaders(admin: Admin, topics: string[], timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (let delay = 50; ; delay = Math.min(delay * 2, 1_000)) {
      try {
        const { topics: metadata } = await admin.fetchTopicMetadata({ topics });
        const ready =
          metadata.length === topics.length && metadata.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0));
        if (ready) return;
      } catch (error) {
        if (Date.now() > deadline) throw error;
      }
      if (Date.now() > deadline) throw new Error(`topics have no leaders after ${timeoutMs} ms: ${topics.join(', ')}`);
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }

  private getAdmin(): Promise<Admin> {
    if (!this.admin) {
      const admin = this.kafka.admin();
      this.admin = admin.connect().then(() => admin);
      this.admin.catch(() => (this.admin = undefined));
    }
    return this.admin;
  }

  /**
   * A consumer group's lag per partition (end offset − committed offset), through the admin
   * client; topics that do not exist yet have none. Kafka does not tell when the oldest pending
   * event occurred.
   */
  async lag(groupId: string, topics: string[]): Promise<PartitionLag[]> {
    const offsets = await groupPartitionOffsets(await this.getAdmin(), `${this.options.groupIdPrefix ?? ''}${groupId}`, topics);
    return offsets.map(({ topic, partition, next, end }) => ({
      topic,
      partition,
      committed: next.toString(),
      end: end.toString(),
      behind: Number(end > next ? end - next : 0n),
    }));
  }

  private getProducer(): Promise<Producer> {
    if (!this.producer) {
      const producer = this.kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        allowAutoTopicCreation: false,
        createPartitioner: Partitioners.DefaultPartitioner,
        // Unbounded, as kafkajs advises for its idempotent producer: a send given up on and
        // sent again later could reuse sequence numbers. publish waits for the broker instead.
        retry: { initialRetryTime: 100, maxRetryTime: 5_000, retries: Number.MAX_SAFE_INTEGER },
      });
      this.producer = producer.connect().then(() => producer);
      this.producer.catch(() => (this.producer = undefined));
    }
    return this.producer;
  }

  async publish(topic: string, events: IntegrationEvent[]): Promise<void> {
    if (this.closed) throw new Error('bus is closed');
    if (events.length === 0) return;
    const messages = events.map((event) => {
      if (typeof event.key !== 'string' || event.key.length === 0)
        throw new Error(`integration event ${event.id} (${event.type}) has no key`);
      const headers: Record<string, string> = { 'event-id': event.id, 'event-type': event.type };
      if (event.correlationId) headers['correlation-id'] = event.correlationId;
      if (event.causationId) headers['causation-id'] = event.causationId;
      const { traceparent, ...value } = event; // W3C trace context travels as a header (Kafka's convention)
      if (traceparent) headers.traceparent = traceparent;
      return { key: event.key, value: JSON.stringify(value), headers };
    });
    try {
      await this.send(topic, messages);
    } catch (error) {
      busPublishErrors.inc({ bus: 'kafka', topic });
      throw error;
    }
    busPublished.inc({ bus: 'kafka', topic }, events.length);
  }

  private async send(topic: string, messages: Array<{ key: string; value: string; headers: Record<string, string> }>): Promise<void> {
    await this.ensureTopics([topic]);
    const producer = await this.getProducer();
    // Requests in order, one at a time: per-key order holds across them.
    const limit = this.options.maxRequestBytes ?? 512 * 1024;
    let batch: typeof messages = [];
    let bytes = 0;
    for (const message of messages) {
      const size = Buffer.byteLength(message.value) + Buffer.byteLength(message.key) + 100;
      if (batch.length > 0 && bytes + size > limit) {
        await producer.send({ topic, acks: -1, messages: batch });
        batch = [];
        bytes = 0;
      }
      batch.push(message);
      bytes += size;
    }
    await producer.send({ topic, acks: -1, messages: batch });
  }

  async subscribe(options: ConsumerOptions, handler: IntegrationHandler): Promise<BusSubscription> {
    if (this.closed) throw new Error('bus is closed');
    await this.ensureTopics(options.topics);
    const t = this.tuning;
    const groupId = `${this.options.groupIdPrefix ?? ''}${options.groupId}`;
    const consumer = this.kafka.consumer({
      groupId,
      allowAutoTopicCreation: false,
      sessionTimeout: t.sessionTimeout,
      heartbeatInterval: t.heartbeatInterval,
      rebalanceTimeout: t.rebalanceTimeout,
      maxWaitTimeInMs: t.maxWaitTimeInMs,
      retry: { initialRetryTime: 100, maxRetryTime: 5_000, retries: 10 },
    });
    const sub: Subscription = { consumer, stopping: false, inflight: new Set(), timers: new Set() };
    const failures = new Map<string, number>();

    await consumer.connect();
    this.subscriptions.add(sub);
    // Lag per partition after each fetched batch (kafkajs computes it from the high watermark).
    consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
      busConsumerLag.set(
        { bus: 'kafka', group: options.groupId, topic: payload.topic, partition: String(payload.partition) },
        Number(payload.offsetLag),
      );
    });
    // Registered before run: subscribe resolves once this member is in the group (or fails).
    let joinDone: (error?: Error) => void = () => undefined;
    const joined = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => joinDone(new Error(`consumer group ${groupId} not joined within ${t.joinTimeoutMs} ms`)),
        t.joinTimeoutMs,
      );
      const offJoin = consumer.on(consumer.events.GROUP_JOIN, () => joinDone());
      const offCrash = consumer.on(consumer.events.CRASH, ({ payload }) => {
        if (!payload.restart) joinDone(payload.error);
      });
      joinDone = (error?: Error) => {
        clearTimeout(timer);
        offJoin();
        offCrash();
        if (error) reject(error);
        else resolve();
      };
    });
    joined.catch(() => undefined);
    try {
      await consumer.subscribe({ topics: options.topics, fromBeginning: options.fromBeginning ?? true });
      await consumer.run({
        autoCommit: false,
        partitionsConsumedConcurrently: t.partitionsConsumedConcurrently,
        eachMessage: async ({ topic, partition, message, pause }) => {
          if (sub.stopping) {
            // Leaving: this message is neither handled nor committed; the next member gets it.
            consumer.seek({ topic, partition, offset: message.offset });
            pause();
            return;
          }
          const slot = `${topic}|${partition}`;
          const run = (async () => {
            let event: IntegrationEvent | undefined;
            try {
              event = decode(message);
              await handler(event, { topic, partition, offset: message.offset });
            } catch (error) {
              // At-least-once: not committed. Back to this offset after a pause; the partition's
              // later messages (so the key's later events) wait behind it.
              busConsumeErrors.inc({ bus: 'kafka', group: options.groupId, topic });
              const attempt = (failures.get(slot) ?? 0) + 1;
              failures.set(slot, attempt);
              this.emit(
                event ? 'warn' : 'error',
                event ? 'handler failed; the event will be delivered again' : 'undecodable message; retrying',
                {
                  groupId,
                  topic,
                  partition,
                  offset: message.offset,
                  eventId: event?.id,
                  eventType: event?.type,
                  attempt,
                  error: errorName(error),
                },
              );
              consumer.seek({ topic, partition, offset: message.offset });
              const resume = pause();
              const backoff = Math.min(t.retryInitialMs * 2 ** (attempt - 1), t.retryMaxMs);
              const timer = setTimeout(() => {
                sub.timers.delete(timer);
                resume();
              }, backoff);
              sub.timers.add(timer);
              return;
            }
            failures.delete(slot);
            busConsumed.inc({ bus: 'kafka', group: options.groupId, topic });
            await consumer.commitOffsets([{ topic, partition, offset: (BigInt(message.offset) + 1n).toString() }]);
          })();
          sub.inflight.add(run);
          try {
            await run;
          } finally {
            sub.inflight.delete(run);
          }
        },
      });
      await joined;
    } catch (error) {
      joinDone(error as Error);
      this.subscriptions.delete(sub);
      await consumer.disconnect().catch(() => undefined);
      throw error;
    }
    return { stop: () => this.stop(sub) };
  }

  private stop(sub: Subscription): Promise<void> {
    sub.stopped ??= (async () => {
      sub.stopping = true;
      sub.timers.forEach((timer) => clearTimeout(timer));
      sub.timers.clear();
      // The event in hand finishes and commits while the consumer still runs.
      await Promise.allSettled([...sub.inflight]);
      await sub.consumer.disconnect();
      this.subscriptions.delete(sub);
    })();
    return sub.stopped;
  }

  /** Readiness: resolves when the cluster answers a metadata request (the admin client connects on first use). */
  async ping(): Promise<void> {
    if (this.closed) throw new Error('bus is closed');
    await (await this.getAdmin()).describeCluster();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.allSettled([...this.subscriptions].map((sub) => this.stop(sub)));
    const producer = this.producer;
    const admin = this.admin;
    this.producer = undefined;
    this.admin = undefined;
    await Promise.allSettled([producer?.then((p) => p.disconnect()), admin?.then((a) => a.disconnect())]);
  }

  private emit(level: BusLogLevel, message: string, fields: Record<string, unknown>): void {
    if (LEVELS[level] <= this.level) this.log(level, message, fields);
  }
}

/** One partition of a consumer group's topics, as Kafka's admin client reports it. */
export interface GroupPartitionOffsets {
  topic: string;
  partition: number;
  /** The group's committed offset as Kafka reports it: '-1' while it has none. */
  committed: string;
  /** Where the group reads next: its committed offset, or the partition's low watermark while it has none. */
  next: bigint;
  /** The partition's end offset (the next offset to be written). */
  end: bigint;
}

/**
 * A consumer group's offsets in each partition of those of the topics that exist (a topic not
 * created yet has none), topic by topic in partition order: the bus's `lag` and the ops status
 * read consumer groups through this one function. `admin`: a connected admin client.
 */
export const groupPartitionOffsets = async (admin: Admin, groupId: string, topics: string[]): Promise<GroupPartitionOffsets[]> => {
  const existing = new Set(await admin.listTopics());
  const present = topics.filter((t) => existing.has(t));
  if (present.length === 0) return [];
  const rows: GroupPartitionOffsets[] = [];
  for (const topic of await admin.fetchOffsets({ groupId, topics: present })) {
    const ends = await admin.fetchTopicOffsets(topic.topic);
    for (const p of [...topic.partitions].sort((a, b) => a.partition - b.partition)) {
      const end = ends.find((e) => e.partition === p.partition);
      const low = BigInt(end?.low ?? '0');
      const next = BigInt(p.offset) < 0n ? low : BigInt(p.offset);
      rows.push({ topic: topic.topic, partition: p.partition, committed: p.offset, next, end: BigInt(end?.high ?? end?.offset ?? '0') });
    }
  }
  return rows;
};
