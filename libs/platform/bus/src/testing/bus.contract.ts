import { randomBytes } from 'node:crypto';
import { newId } from '@hw/platform/core';
import { eventually } from '@hw/platform/testing';
import { Bus, BusSubscription, Delivery, IntegrationEvent, IntegrationHandler } from '../bus.port';

export interface BusContractOptions {
  /**
   * Whether one event may reach two members of one group. Kafka may do that around a rebalance
   * (at-least-once per group); the in-process bus never does. Default false.
   */
  groupMembersMayOverlap?: boolean;
  /** Bound of every wait for delivery (default 20 s). */
  timeoutMs?: number;
}

/** A name nobody else uses: reruns against the same broker never collide. */
export const uniqueName = (prefix: string): string => `${prefix}-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;

const event = (key: string, n: number): IntegrationEvent<'contract.Happened.v1', { n: number }> => ({
  id: newId(),
  type: 'contract.Happened.v1',
  key,
  occurredAt: new Date().toISOString(),
  correlationId: newId(),
  causationId: newId(),
  data: { n },
});

const n = (e: IntegrationEvent): number => (e.data as { n: number }).n;

/**
 * One contract, every Bus adapter (ARCHITECTURE: integration bus, at-least-once delivery,
 * per-stream order with key = stream id). Every wait is a bounded poll, never a sleep.
 */
export const busContract = (name: string, makeBus: () => Bus | Promise<Bus>, options: BusContractOptions = {}): void => {
  const within = options.timeoutMs ?? 20_000;
  const until = <T>(check: () => T) => eventually(check, within);

  describe(`${name}: bus contract`, () => {
    let bus: Bus;
    let topic: string;
    const open: BusSubscription[] = [];
    const subscribe = async (groupId: string, handler: IntegrationHandler): Promise<BusSubscription> => {
      const sub = await bus.subscribe({ groupId, topics: [topic] }, handler);
      open.push(sub);
      return sub;
    };

    beforeAll(async () => {
      bus = await makeBus();
    });
    afterAll(async () => {
      await bus?.close();
    });
    beforeEach(() => {
      topic = uniqueName('contract');
    });
    afterEach(async () => {
      await Promise.all(open.splice(0).map((sub) => sub.stop()));
    });

    it('round trip: key, id, type, occurredAt, correlation/causation ids and data arrive unchanged, with where they came from (ARCHITECTURE: the log event id travels with the event)', async () => {
      const sent = event(`seeker-${newId()}`, 1);
      const got: Array<{ e: IntegrationEvent; d: Delivery }> = [];
      await subscribe(uniqueName('g'), async (e, d) => void got.push({ e, d }));
      await bus.publish(topic, [sent]);
      await until(() => expect(got).toHaveLength(1));
      expect(got[0].e).toEqual(sent);
      expect(got[0].d.topic).toBe(topic);
      expect(Number.isInteger(got[0].d.partition)).toBe(true);
      expect(got[0].d.offset).toMatch(/^\d+$/);
    });

    it('consumer groups: each of two groups receives every event (each context consumes independently)', async () => {
      const a: number[] = [];
      const b: number[] = [];
      await subscribe(uniqueName('a'), async (e) => void a.push(n(e)));
      await subscribe(uniqueName('b'), async (e) => void b.push(n(e)));
      const events = Array.from({ length: 12 }, (_, i) => event(`k${i % 4}`, i));
      await bus.publish(topic, events);
      const all = events.map(n);
      await until(() => {
        expect([...a].sort((x, y) => x - y)).toEqual(all);
        expect([...b].sort((x, y) => x - y)).toEqual(all);
      });
    });

    it(`consumer groups: two members of one group split the events, none is lost${options.groupMembersMayOverlap ? '' : ' and none is handled twice'}; when one member stops, the other takes over its share`, async () => {
      const groupId = uniqueName('split');
      const byMember: [string[], string[]] = [[], []];
      await subscribe(groupId, async (e) => void byMember[0].push(e.id));
      const second = await subscribe(groupId, async (e) => void byMember[1].push(e.id));
      const first = Array.from({ length: 60 }, (_, i) => event(`stream-${i % 30}`, i));
      await bus.publish(topic, first);
      const ids = first.map((e) => e.id).sort();
      await until(() => expect([...new Set(byMember.flat())].sort()).toEqual(ids));
      expect(byMember[0].length).toBeGreaterThan(0);
      expect(byMember[1].length).toBeGreaterThan(0);
      if (!options.groupMembersMayOverlap) expect(byMember.flat()).toHaveLength(ids.length);

      await second.stop();
      const later = Array.from({ length: 30 }, (_, i) => event(`stream-${i}`, 100 + i));
      await bus.publish(topic, later);
      await until(() => expect(byMember[0]).toEqual(expect.arrayContaining(later.map((e) => e.id))));
    });

    it('per-key order: 200 events over 7 keys, published in batches of varying size, reach the group in publish order per key (key = stream id)', async () => {
      const seen = new Map<string, number[]>();
      await subscribe(uniqueName('order'), async (e) => {
        seen.set(e.key, [...(seen.get(e.key) ?? []), n(e)]);
      });
      const events = Array.from({ length: 200 }, (_, i) => event(`stream-${i % 7}`, i));
      for (const [from, to] of [
        [0, 1],
        [1, 41],
        [41, 42],
        [42, 142],
        [142, 200],
      ])
        await bus.publish(topic, events.slice(from, to));
      await until(() => expect([...seen.values()].flat()).toHaveLength(200));
      expect([...seen.keys()].sort()).toEqual(Array.from({ length: 7 }, (_, k) => `stream-${k}`));
      for (const [key, ns] of seen) expect(ns).toEqual(events.filter((e) => e.key === key).map(n));
    });

    it('at-least-once: a handler that throws (Error or TypeError) sees the same event again, and no later event of that key overtakes it (ARCHITECTURE: inbox/at-least-once)', async () => {
      const attempts = new Map<string, string[]>();
      const ids = new Map<number, string[]>();
      const failed = new Set<number>();
      await subscribe(uniqueName('retry'), async (e) => {
        const i = n(e);
        ids.set(i, [...(ids.get(i) ?? []), e.id]);
        const log = attempts.get(e.key) ?? [];
        attempts.set(e.key, log);
        if ((i === 1 || i === 10) && !failed.has(i)) {
          failed.add(i);
          log.push(`${i}!`);
          if (i === 1) throw new Error('transient failure');
          throw new TypeError('a bug that gets fixed');
        }
        log.push(String(i));
      });
      const a = `a-${newId()}`;
      const b = `b-${newId()}`;
      await bus.publish(topic, [event(a, 0), event(b, 10), event(a, 1), event(b, 11), event(a, 2)]);
      await until(() => {
        expect(attempts.get(a)).toEqual(['0', '1!', '1', '2']);
        expect(attempts.get(b)).toEqual(['10!', '10', '11']);
      });
      // The same event (same id) came back, not a copy.
      expect(new Set(ids.get(1)).size).toBe(1);
      expect(new Set(ids.get(10)).size).toBe(1);
    });

    it('at-least-once across a stop: events published while the group had no member arrive when it subscribes again, and committed ones do not come back', async () => {
      const groupId = uniqueName('resume');
      const key = `seeker-${newId()}`;
      const first: number[] = [];
      const sub1 = await subscribe(groupId, async (e) => void first.push(n(e)));
      await bus.publish(topic, [event(key, 1), event(key, 2)]);
      await until(() => expect(first).toEqual([1, 2]));
      await sub1.stop();
      await bus.publish(topic, [event(key, 3), event(key, 4)]);
      const second: number[] = [];
      await subscribe(groupId, async (e) => void second.push(n(e)));
      // One key, one partition: a redelivered 1 or 2 would arrive before 3 and fail this.
      await until(() => expect(second).toEqual([3, 4]));
    });
  });
};
