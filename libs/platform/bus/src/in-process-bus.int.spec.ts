import { newId } from '@hw/platform/core';
import { eventually } from '@hw/platform/testing';
import { IntegrationEvent } from './bus.port';
import { InProcessBus } from './in-process-bus';
import { busContract, uniqueName } from './testing/bus.contract';

busContract('in-process bus', () => new InProcessBus());
busContract('in-process bus (acknowledge: consumed)', () => new InProcessBus({ acknowledge: 'consumed' }));

const event = (key: string, n: number): IntegrationEvent => ({
  id: newId(),
  type: 'contract.Happened.v1',
  key,
  occurredAt: new Date().toISOString(),
  data: { n },
});

const deferred = () => {
  let release!: () => void;
  const promise = new Promise<void>((resolve) => (release = resolve));
  return { promise, release };
};

/** Settles every pending microtask and I/O callback once; no timer is involved. */
const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('in-process bus: when publish resolves', () => {
  it("acknowledge 'enqueued' (default): publish resolves while a slow handler is still running (the broker's ack, not the consumer's)", async () => {
    const bus = new InProcessBus();
    const gate = deferred();
    const entered: number[] = [];
    const topic = uniqueName('t');
    await bus.subscribe({ groupId: 'g', topics: [topic] }, async (e) => {
      entered.push((e.data as { n: number }).n);
      await gate.promise;
    });
    await bus.publish(topic, [event('k', 1)]);
    await eventually(() => expect(entered).toEqual([1]));
    gate.release();
    await bus.close();
  });

  it("acknowledge 'consumed': publish resolves only after every live group handled the events (no loss when a crash follows the relay's checkpoint)", async () => {
    const bus = new InProcessBus({ acknowledge: 'consumed' });
    const topic = uniqueName('t');
    const gate = deferred();
    const handled: string[] = [];
    await bus.subscribe({ groupId: 'fast', topics: [topic] }, async () => void handled.push('fast'));
    await bus.subscribe({ groupId: 'slow', topics: [topic] }, async () => {
      await gate.promise;
      handled.push('slow');
    });
    let acknowledged = false;
    const publishing = bus.publish(topic, [event('k', 1)]).then(() => (acknowledged = true));
    await eventually(() => expect(handled).toEqual(['fast']));
    await flush();
    expect(acknowledged).toBe(false);
    gate.release();
    await publishing;
    expect(handled).toEqual(['fast', 'slow']);
    await bus.close();
  });

  it("acknowledge 'consumed': a handler that publishes to a topic its own group consumes does not deadlock", async () => {
    const bus = new InProcessBus({ acknowledge: 'consumed' });
    const topic = uniqueName('t');
    const seen: number[] = [];
    await bus.subscribe({ groupId: 'echo', topics: [topic] }, async (e) => {
      const n = (e.data as { n: number }).n;
      seen.push(n);
      if (n < 3) await bus.publish(topic, [event(e.key, n + 1)]);
    });
    await bus.publish(topic, [event('k', 1)]);
    await eventually(() => expect(seen).toEqual([1, 2, 3]));
    await bus.close();
  });

  it("acknowledge 'consumed': a handler that publishes after an await, passing its delivery, does not wait on its own group; other groups are still waited for", async () => {
    const bus = new InProcessBus({ acknowledge: 'consumed' });
    const topic = uniqueName('t');
    const seen: number[] = [];
    const other: number[] = [];
    await bus.subscribe({ groupId: 'other', topics: [topic] }, async (e) => void other.push((e.data as { n: number }).n));
    await bus.subscribe({ groupId: 'echo-later', topics: [topic] }, async (e, delivery) => {
      const n = (e.data as { n: number }).n;
      seen.push(n);
      await flush();
      if (n < 3) {
        await bus.publish(topic, [event(e.key, n + 1)], delivery);
        expect(other).toContain(n + 1); // 'other' consumed it before publish resolved
      }
    });
    await bus.publish(topic, [event('k', 1)]);
    await eventually(() => expect(seen).toEqual([1, 2, 3]));
    await bus.close();
  });

  it("acknowledge 'consumed': a group whose last member stops no longer holds publishers back; the event in hand still commits and the group resumes after it", async () => {
    const bus = new InProcessBus({ acknowledge: 'consumed' });
    const topic = uniqueName('t');
    const gate = deferred();
    let entered = 0;
    const sub = await bus.subscribe({ groupId: 'g', topics: [topic] }, async () => {
      entered++;
      await gate.promise;
    });
    const publishing = bus.publish(topic, [event('k', 1)]);
    await eventually(() => expect(entered).toBe(1));
    const stopping = sub.stop();
    await publishing; // released while the stopped member's handler is still in hand
    gate.release();
    await stopping; // graceful: the event in hand finished and committed
    const later: number[] = [];
    await bus.subscribe({ groupId: 'g', topics: [topic] }, async (e) => void later.push((e.data as { n: number }).n));
    await bus.publish(topic, [event('k', 2)]);
    expect(later).toEqual([2]); // 'consumed': handled by the time publish resolved
    await bus.close();
  });
});

describe('in-process bus: lifecycle', () => {
  it('close lets the handler in hand finish; publish and subscribe after close are refused', async () => {
    const bus = new InProcessBus();
    const topic = uniqueName('t');
    const gate = deferred();
    let finished = false;
    await bus.subscribe({ groupId: 'g', topics: [topic] }, async () => {
      await gate.promise;
      finished = true;
    });
    await bus.publish(topic, [event('k', 1)]);
    const closing = bus.close();
    gate.release();
    await closing;
    expect(finished).toBe(true);
    await expect(bus.publish(topic, [event('k', 2)])).rejects.toThrow(/closed/);
    await expect(bus.subscribe({ groupId: 'g', topics: [topic] }, async () => undefined)).rejects.toThrow(/closed/);
  });

  it('an event without a key is refused (per-key order needs one)', async () => {
    const bus = new InProcessBus();
    await expect(bus.publish('t', [{ ...event('k', 1), key: '' }])).rejects.toThrow(/no key/);
    await bus.close();
  });

  it('fromBeginning: false starts a new group at the end of the topic', async () => {
    const bus = new InProcessBus();
    const topic = uniqueName('t');
    await bus.publish(topic, [event('k', 1)]);
    const seen: number[] = [];
    await bus.subscribe(
      { groupId: 'late', topics: [topic], fromBeginning: false },
      async (e) => void seen.push((e.data as { n: number }).n),
    );
    await bus.publish(topic, [event('k', 2)]);
    await eventually(() => expect(seen).toEqual([2]));
    await bus.close();
  });
});
