import { busConsumed, busConsumeErrors, busPublished } from '@hw/platform/observability';
import { Bus, BusSubscription, ConsumerOptions, Delivery, IntegrationEvent, IntegrationHandler, PartitionLag } from './bus.port';

export interface InProcessBusOptions {
  /**
   * Partitions per topic (default 3, as on the local broker): an event's partition is a hash
   * of its key, so per-key order holds while members of a group share the partitions.
   */
  partitions?: number;
  /**
   * When `publish` resolves:
   * - `'enqueued'` (default): once the events are appended to the topic in memory; delivery
   *   happens asynchronously, as with a broker.
   * - `'consumed'`: once every group with a live member subscribed to the topic has handled
   *   them. Memory does not survive a crash, so a relay that advances its checkpoint after
   *   `publish` can lose events in `'enqueued'` mode when the process dies before delivery;
   *   in `'consumed'` mode the consumers' own commits (their inbox) are the durable
   *   acknowledgement. A handler publishing to a topic its own group consumes is not waited
   *   for by its own group (that would deadlock): the bus knows the publisher is that handler
   *   when `publish` is called in the handler's synchronous part, or after an `await` when the
   *   handler passes the `Delivery` it received as `publish`'s third argument.
   */
  acknowledge?: 'enqueued' | 'consumed';
  /** First pause before a failed event is delivered again (default 10 ms), doubling up to `maxBackoffMs` (default 1 s). */
  initialBackoffMs?: number;
  maxBackoffMs?: number;
}

interface Member {
  readonly topics: ReadonlySet<string>;
  readonly handler: IntegrationHandler;
  active: boolean;
  /** Handler calls of one member run one at a time (as kafkajs runs `eachMessage`). */
  tail: Promise<unknown>;
}

interface Waiter {
  topic: string;
  partition: number;
  offset: number;
  resolve: () => void;
  reject: (error: Error) => void;
}

/** Thrown inside a queued delivery whose member stopped before its turn: not a handler failure. */
class NotDelivered extends Error {}

const slot = (topic: string, partition: number) => `${partition}:${topic}`;

/** FNV-1a over the key's UTF-16 units: stable across runs and processes. */
const hashKey = (key: string): number => {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
};

/** A consumer group: committed offsets per (topic, partition) and the members sharing them. */
class Group {
  readonly members: Member[] = [];
  /** Next offset to deliver, per partition: advanced only after the handler resolved. */
  readonly committed = new Map<string, number>();
  /** Partitions with a delivery loop running (at most one per partition: per-key order). */
  readonly running = new Set<string>();
  readonly waiters = new Set<Waiter>();

  constructor(readonly id: string) {}

  subscribes(topic: string): boolean {
    return this.members.some((m) => m.active && m.topics.has(topic));
  }

  /** Partition p of a topic belongs to the (p mod n)-th live member subscribed to it. */
  owner(topic: string, partition: number): Member | undefined {
    const candidates = this.members.filter((m) => m.active && m.topics.has(topic));
    return candidates.length === 0 ? undefined : candidates[partition % candidates.length];
  }

  commit(topic: string, partition: number, next: number): void {
    this.committed.set(slot(topic, partition), next);
    for (const w of this.waiters) {
      if (w.topic === topic && w.partition === partition && next > w.offset) {
        this.waiters.delete(w);
        w.resolve();
      }
    }
  }

  /** Publishers waiting on a topic no live member of this group consumes any more are released. */
  releaseOrphanedWaiters(): void {
    for (const w of this.waiters) {
      if (!this.subscribes(w.topic)) {
        this.waiters.delete(w);
        w.resolve();
      }
    }
  }
}

/**
 * The embedded bus (ARCHITECTURE: embedded mode): Kafka's delivery semantics in memory, for the
 * process's lifetime.
 * - Topics are split into partitions by key; a consumer group keeps one committed offset per
 *   partition; each event goes to one member of each group.
 * - At-least-once: the offset advances only after the handler resolved. A handler that throws
 *   gets the same event again after a backoff, and later events of its partition (so of its
 *   key) wait behind it.
 * - Offsets outlive the group's members: a group that stopped and subscribes again resumes
 *   where it committed, including events published meanwhile.
 */
export class InProcessBus implements Bus {
  private readonly partitions: number;
  private readonly acknowledge: 'enqueued' | 'consumed';
  private readonly initialBackoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly topics = new Map<string, IntegrationEvent[][]>();
  private readonly groups = new Map<string, Group>();
  private readonly pauses = new Map<NodeJS.Timeout, () => void>();
  /**
   * Which group a publish comes from, so a handler's publish does not wait on its own group.
   * No AsyncLocalStorage: on Node 20 it turns on promise hooks for the whole process, a tax on
   * every promise of every request (bench/send.bench.ts). Instead: the group whose handler is
   * being called right now (its synchronous part), and each delivery's own context object.
   */
  private current: Group | undefined;
  private readonly deliveries = new WeakMap<Delivery, Group>();
  private closed = false;

  constructor(options: InProcessBusOptions = {}) {
    this.partitions = options.partitions ?? 3;
    this.acknowledge = options.acknowledge ?? 'enqueued';
    this.initialBackoffMs = options.initialBackoffMs ?? 10;
    this.maxBackoffMs = options.maxBackoffMs ?? 1000;
    if (!Number.isInteger(this.partitions) || this.partitions < 1) throw new Error('partitions must be a positive integer');
  }

  /** `from`: the delivery a handler received, when it publishes after an `await` (see `acknowledge`). */
  async publish(topic: string, events: IntegrationEvent[], from?: Delivery): Promise<void> {
    if (this.closed) throw new Error('bus is closed');
    for (const e of events) {
      if (typeof e.key !== 'string' || e.key.length === 0) throw new Error(`integration event ${e.id} (${e.type}) has no key`);
    }
    const log = this.log(topic);
    const last = new Map<number, number>();
    for (const event of events) {
      const partition = hashKey(event.key) % this.partitions;
      log[partition].push(structuredClone(event));
      last.set(partition, log[partition].length - 1);
    }
    const waits: Promise<void>[] = [];
    const self = (from && this.deliveries.get(from)) ?? this.current;
    for (const group of this.groups.values()) {
      if (!group.subscribes(topic)) continue;
      for (const [partition, offset] of last) {
        if (this.acknowledge === 'consumed' && group !== self && this.committed(group, topic, partition) <= offset) {
          waits.push(new Promise((resolve, reject) => group.waiters.add({ topic, partition, offset, resolve, reject })));
        }
        this.kick(group, topic, partition);
      }
    }
    await Promise.all(waits);
    busPublished.inc({ bus: 'in-process', topic }, events.length);
  }

  async subscribe(options: ConsumerOptions, handler: IntegrationHandler): Promise<BusSubscription> {
    if (this.closed) throw new Error('bus is closed');
    if (options.topics.length === 0) throw new Error('subscribe needs at least one topic');
    let group = this.groups.get(options.groupId);
    if (!group) this.groups.set(options.groupId, (group = new Group(options.groupId)));
    const fromBeginning = options.fromBeginning ?? true;
    for (const topic of options.topics) {
      const log = this.log(topic);
      for (let p = 0; p < this.partitions; p++) {
        // A group without a committed offset starts at the beginning or at the current end.
        if (!group.committed.has(slot(topic, p))) group.committed.set(slot(topic, p), fromBeginning ? 0 : log[p].length);
      }
    }
    const member: Member = { topics: new Set(options.topics), handler, active: true, tail: Promise.resolve() };
    group.members.push(member);
    this.rebalance(group);
    const joined = group;
    let stopped: Promise<void> | undefined;
    return {
      stop: () =>
        (stopped ??= (async () => {
          member.active = false;
          joined.members.splice(joined.members.indexOf(member), 1);
          joined.releaseOrphanedWaiters();
          // Its partitions move on once the event in hand finished (and committed): one
          // delivery loop per partition, which picks the next owner after that event.
          this.rebalance(joined);
          await member.tail.catch(() => undefined);
        })()),
    };
  }

  /** A group's lag per partition: what was published and not handled yet, and when the oldest of it occurred. */
  async lag(groupId: string, topics: string[]): Promise<PartitionLag[]> {
    const group = this.groups.get(groupId);
    const rows: PartitionLag[] = [];
    for (const topic of topics) {
      const log = this.topics.get(topic);
      if (!log) continue;
      for (let p = 0; p < this.partitions; p++) {
        const committed = group ? this.committed(group, topic, p) : 0;
        const end = log[p].length;
        const oldest = log[p][committed];
        rows.push({
          topic,
          partition: p,
          committed: String(committed),
          end: String(end),
          behind: Math.max(0, end - committed),
          ...(oldest ? { oldestPendingAt: oldest.occurredAt } : {}),
        });
      }
    }
    return rows;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const members = [...this.groups.values()].flatMap((g) => g.members);
    members.forEach((m) => (m.active = false));
    for (const [timer, wake] of this.pauses) {
      clearTimeout(timer);
      wake();
    }
    this.pauses.clear();
    await Promise.all(members.map((m) => m.tail.catch(() => undefined)));
    for (const group of this.groups.values()) {
      for (const w of group.waiters) w.reject(new Error('bus closed before the events were consumed'));
      group.waiters.clear();
    }
  }

  /** Per group, topic and partition: events published and not yet handled (for metrics). */
  consumerLag(): Array<{ group: string; topic: string; partition: number; lag: number }> {
    const lags: Array<{ group: string; topic: string; partition: number; lag: number }> = [];
    for (const group of this.groups.values())
      for (const [topic, partitions] of this.topics)
        if (group.subscribes(topic))
          partitions.forEach((log, partition) =>
            lags.push({ group: group.id, topic, partition, lag: log.length - this.committed(group, topic, partition) }),
          );
    return lags;
  }

  private log(topic: string): IntegrationEvent[][] {
    let log = this.topics.get(topic);
    if (!log) this.topics.set(topic, (log = Array.from({ length: this.partitions }, () => [])));
    return log;
  }

  private committed(group: Group, topic: string, partition: number): number {
    return group.committed.get(slot(topic, partition)) ?? 0;
  }

  private rebalance(group: Group): void {
    const topics = new Set(group.members.flatMap((m) => [...m.topics]));
    for (const topic of topics) for (let p = 0; p < this.partitions; p++) this.kick(group, topic, p);
  }

  /** Starts the partition's delivery loop unless one runs already. */
  private kick(group: Group, topic: string, partition: number): void {
    const key = slot(topic, partition);
    if (group.running.has(key)) return;
    group.running.add(key);
    void this.deliver(group, topic, partition).finally(() => group.running.delete(key));
  }

  private async deliver(group: Group, topic: string, partition: number): Promise<void> {
    const log = this.log(topic)[partition];
    let backoff = this.initialBackoffMs;
    while (!this.closed) {
      const offset = this.committed(group, topic, partition);
      if (offset >= log.length) return;
      const member = group.owner(topic, partition);
      if (!member) return; // resumes when a member (re)joins
      const run = member.tail.then(() => {
        if (!member.active) throw new NotDelivered();
        const delivery: Delivery = { topic, partition, offset: String(offset) };
        this.deliveries.set(delivery, group);
        const outer = this.current;
        this.current = group;
        try {
          return member.handler(structuredClone(log[offset]), delivery);
        } finally {
          this.current = outer;
        }
      });
      member.tail = run.catch(() => undefined);
      try {
        await run;
        busConsumed.inc({ bus: 'in-process', group: group.id, topic });
        group.commit(topic, partition, offset + 1);
        backoff = this.initialBackoffMs;
      } catch (error) {
        if (error instanceof NotDelivered) continue; // the partition has another owner now
        busConsumeErrors.inc({ bus: 'in-process', group: group.id, topic });
        // At-least-once: not committed; the same event again after a pause, later ones wait.
        await this.pause(backoff);
        backoff = Math.min(backoff * 2, this.maxBackoffMs);
      }
    }
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pauses.delete(timer);
        resolve();
      }, ms);
      this.pauses.set(timer, resolve);
    });
  }
}
