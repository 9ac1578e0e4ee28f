import { Bus, BusSubscription, ConsumerOptions, IntegrationEvent, IntegrationHandler } from './bus.port';

interface Member {
  handler: IntegrationHandler;
  active: boolean;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const hash = (key: string): number => {
  let h = 0;
  for (let i = 0; i < key.length; i++) h = (Math.imul(31, h) + key.charCodeAt(i)) | 0;
  return Math.abs(h);
};

/** A consumer group: one offset per topic, events handled one at a time in topic order. */
class Group {
  readonly members: Member[] = [];
  private readonly offsets = new Map<string, number>();
  private readonly draining = new Map<string, Promise<void>>();

  constructor(
    readonly id: string,
    readonly topics: Set<string>,
    private readonly log: (topic: string) => IntegrationEvent[],
    readonly fromBeginning: boolean,
  ) {}

  get live(): boolean {
    return this.members.some((m) => m.active);
  }

  offsetFor(topic: string): number {
    if (!this.offsets.has(topic)) this.offsets.set(topic, this.fromBeginning ? 0 : this.log(topic).length);
    return this.offsets.get(topic) as number;
  }

  /** Delivers everything not yet handled on the topic; resolves when caught up or no member is left. */
  drain(topic: string): Promise<void> {
    const running = this.draining.get(topic);
    if (running) return running.then(() => this.drain(topic));
    const work = this.deliver(topic).finally(() => this.draining.delete(topic));
    this.draining.set(topic, work);
    return work;
  }

  private async deliver(topic: string): Promise<void> {
    const events = this.log(topic);
    let backoff = 10;
    while (this.live && this.offsetFor(topic) < events.length) {
      const offset = this.offsetFor(topic);
      const event = events[offset];
      const active = this.members.filter((m) => m.active);
      const member = active[hash(event.key) % active.length];
      try {
        await member.handler(structuredClone(event), { topic, partition: 0, offset: String(offset) });
        this.offsets.set(topic, offset + 1); // commit only after the handler resolved
        backoff = 10;
      } catch {
        // At-least-once: the same event again after a pause; later events wait behind it.
        await sleep(backoff);
        backoff = Math.min(backoff * 2, 1000);
      }
    }
  }
}

/**
 * The embedded bus: topics are kept in memory for the process's lifetime, consumer groups
 * keep offsets, handlers see every event at least once, in order.
 * `publish` resolves once every live group subscribed to the topic has handled the events:
 * in one process that is the acknowledgement, so a relay advancing its checkpoint after
 * publish never loses an event across a crash (it republishes, the inbox drops duplicates).
 */
export class InProcessBus implements Bus {
  private readonly topics = new Map<string, IntegrationEvent[]>();
  private readonly groups = new Map<string, Group>();
  private closed = false;

  private log = (topic: string): IntegrationEvent[] => {
    let events = this.topics.get(topic);
    if (!events) this.topics.set(topic, (events = []));
    return events;
  };

  async publish(topic: string, events: IntegrationEvent[]): Promise<void> {
    if (this.closed) throw new Error('bus is closed');
    this.log(topic).push(...events.map((e) => structuredClone(e)));
    const waiting = [...this.groups.values()].filter((g) => g.topics.has(topic) && g.live).map((g) => g.drain(topic));
    await Promise.all(waiting);
  }

  async subscribe(options: ConsumerOptions, handler: IntegrationHandler): Promise<BusSubscription> {
    if (this.closed) throw new Error('bus is closed');
    let group = this.groups.get(options.groupId);
    if (!group) {
      group = new Group(options.groupId, new Set(options.topics), this.log, options.fromBeginning ?? true);
      this.groups.set(options.groupId, group);
    } else {
      options.topics.forEach((t) => group?.topics.add(t));
    }
    const member: Member = { handler, active: true };
    group.members.push(member);
    const joined = group;
    for (const topic of joined.topics) void joined.drain(topic);
    return {
      stop: async () => {
        member.active = false;
        joined.members.splice(joined.members.indexOf(member), 1);
        if (joined.live) for (const topic of joined.topics) void joined.drain(topic);
      },
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const group of this.groups.values()) group.members.forEach((m) => (m.active = false));
  }
}
