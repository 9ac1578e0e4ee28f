import { newId } from '@hw/platform/core';
import { eventually } from '@hw/platform/testing';
import { Bus, IntegrationEvent } from '../bus.port';

const event = (key: string, n: number): IntegrationEvent => ({
  id: newId(),
  type: 'contract.Happened.v1',
  key,
  occurredAt: new Date().toISOString(),
  correlationId: newId(),
  data: { n },
});

/** One contract, every Bus adapter (ARCHITECTURE: the bus port, at-least-once, per-key order). */
export const busContract = (name: string, makeBus: () => Promise<Bus>): void => {
  describe(`${name}: bus contract`, () => {
    let bus: Bus;
    let topic: string;
    beforeAll(async () => {
      bus = await makeBus();
    });
    afterAll(async () => bus.close());
    beforeEach(() => {
      topic = `contract-${newId()}`;
    });

    it('given a published event, when a group consumes, then key, id, type and data arrive unchanged', async () => {
      const sent = event('seeker-1', 1);
      const got: IntegrationEvent[] = [];
      const sub = await bus.subscribe({ groupId: `g-${newId()}`, topics: [topic] }, async (e) => {
        got.push(e);
      });
      await bus.publish(topic, [sent]);
      await eventually(() => expect(got).toEqual([sent]));
      await sub.stop();
    });

    it('given two consumer groups, when events are published, then each group receives every event', async () => {
      const a: number[] = [];
      const b: number[] = [];
      const subA = await bus.subscribe({ groupId: `a-${newId()}`, topics: [topic] }, async (e) => void a.push((e.data as { n: number }).n));
      const subB = await bus.subscribe({ groupId: `b-${newId()}`, topics: [topic] }, async (e) => void b.push((e.data as { n: number }).n));
      await bus.publish(topic, [event('k1', 1), event('k2', 2), event('k3', 3)]);
      await eventually(() => {
        expect([...a].sort()).toEqual([1, 2, 3]);
        expect([...b].sort()).toEqual([1, 2, 3]);
      });
      await Promise.all([subA.stop(), subB.stop()]);
    });

    it('given 200 events over 5 keys, when consumed, then every key sees its events in publish order', async () => {
      const seen = new Map<string, number[]>();
      const sub = await bus.subscribe({ groupId: `o-${newId()}`, topics: [topic] }, async (e) => {
        seen.set(e.key, [...(seen.get(e.key) ?? []), (e.data as { n: number }).n]);
      });
      const events = Array.from({ length: 200 }, (_, n) => event(`stream-${n % 5}`, n));
      for (let i = 0; i < events.length; i += 40) await bus.publish(topic, events.slice(i, i + 40));
      await eventually(() => expect([...seen.values()].flat()).toHaveLength(200));
      for (const [key, ns] of seen) {
        expect(ns).toEqual(events.filter((e) => e.key === key).map((e) => (e.data as { n: number }).n));
      }
      await sub.stop();
    });

    it('at-least-once: a handler that throws sees the same event again, and no later event of that key overtakes it', async () => {
      const handled: number[] = [];
      let failures = 0;
      const sub = await bus.subscribe({ groupId: `r-${newId()}`, topics: [topic] }, async (e) => {
        const n = (e.data as { n: number }).n;
        if (n === 1 && failures === 0) {
          failures++;
          throw new Error('transient failure');
        }
        handled.push(n);
      });
      await bus.publish(topic, [event('same', 0), event('same', 1), event('same', 2)]);
      await eventually(() => expect(handled).toEqual([0, 1, 2]));
      expect(failures).toBe(1);
      await sub.stop();
    });

    it('given a group that stopped, when events are published meanwhile and it subscribes again, then it gets them and not the committed ones', async () => {
      const groupId = `s-${newId()}`;
      const first: number[] = [];
      const sub1 = await bus.subscribe({ groupId, topics: [topic] }, async (e) => void first.push((e.data as { n: number }).n));
      await bus.publish(topic, [event('k', 1), event('k', 2)]);
      await eventually(() => expect(first).toEqual([1, 2]));
      await sub1.stop();
      await bus.publish(topic, [event('k', 3), event('k', 4)]);
      const second: number[] = [];
      const sub2 = await bus.subscribe({ groupId, topics: [topic] }, async (e) => void second.push((e.data as { n: number }).n));
      await eventually(() => expect(second).toEqual([3, 4]));
      await sub2.stop();
    });
  });
};
