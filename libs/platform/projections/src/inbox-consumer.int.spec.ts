import { randomBytes } from 'node:crypto';
import { describeWith, eventually } from '@hw/platform/testing';
import { InboxConsumer } from './inbox-consumer';
import { InboxEntry } from './platform-tables';
import { CapturingLogger, eachTestWorld, READ_DB_BACKENDS } from './testing/read-dbs';
import {
  integrationEvent,
  RECEIVED_ENTITIES,
  RECEIVED_MIGRATIONS,
  ReceivedCount,
  receivedCountsProjection,
} from './testing/received-counts';

for (const backend of READ_DB_BACKENDS) {
  describeWith(backend.needs, `InboxConsumer — in-process bus → ${backend.name} read model`, () => {
    const world = eachTestWorld(backend.create, 'inbox', { entities: RECEIVED_ENTITIES, migrations: RECEIVED_MIGRATIONS });
    let topic: string;
    beforeEach(() => (topic = `inboxtest${randomBytes(4).toString('hex')}`));

    const consumer = (name: string, options: Parameters<typeof receivedCountsProjection>[2] = {}, on = world.ds) =>
      world.track(new InboxConsumer(world.bus, on, receivedCountsProjection(name, [topic], options), { logger: new CapturingLogger() }));
    const counts = async (on = world.ds) =>
      (await on.getRepository(ReceivedCount).find()).map((r) => ({ ...r })).sort((a, b) => a.key.localeCompare(b.key));

    it('applies the same integration event delivered twice exactly once', async () => {
      const c = consumer('matching-sample');
      await c.start();
      const event = integrationEvent(topic, 'seeker-1', 1);
      const other = integrationEvent(topic, 'seeker-2', 1);
      await world.bus.publish(topic, [event]);
      await world.bus.publish(topic, [other, event]); // redelivery of `event` (e.g. relay restarted)
      await eventually(() => expect(c.stats.applied + c.stats.duplicates).toBe(3));
      expect(c.stats).toEqual({ applied: 2, duplicates: 1, failures: 0, parked: 0 });
      expect(await counts()).toEqual([
        { key: 'seeker-1', received: 1, lastType: event.type, lastSeq: 1 },
        { key: 'seeker-2', received: 1, lastType: other.type, lastSeq: 1 },
      ]);
      const inbox = await world.ds.getRepository(InboxEntry).find({ where: { consumer: 'matching-sample' } });
      expect(inbox.map((r) => r.eventId).sort()).toEqual([event.id, other.id].sort());
    });

    it("prunes its own inbox rows older than the retention (nothing older can be redelivered), keeping newer rows and other consumers' rows", async () => {
      const c = consumer('pruned', {}, world.ds);
      const other = consumer('kept-apart', {}, world.ds);
      const day = 86_400_000;
      const now = new Date('2026-11-26T00:00:00.000Z');
      const inbox = world.ds.getRepository(InboxEntry);
      await inbox.insert([
        { consumer: 'pruned', eventId: 'old-1', processedAt: new Date(now.getTime() - 15 * day) },
        { consumer: 'pruned', eventId: 'old-2', processedAt: new Date(now.getTime() - 14 * day - 1) },
        { consumer: 'pruned', eventId: 'recent', processedAt: new Date(now.getTime() - 13 * day) },
        { consumer: 'kept-apart', eventId: 'old-other', processedAt: new Date(now.getTime() - 30 * day) },
      ]);
      expect(await c.prune(now)).toBe(2);
      expect((await inbox.find()).map((r) => `${r.consumer}/${r.eventId}`).sort()).toEqual(['kept-apart/old-other', 'pruned/recent']);
      expect(await other.prune(now)).toBe(1);
    });

    it('a handler that fails rolls back its writes AND the inbox row; the redelivery applies it once', async () => {
      let failuresLeft = 1;
      const c = consumer('matching-flaky', { fault: () => failuresLeft-- > 0 });
      await c.start();
      const event = integrationEvent(topic, 'seeker-9', 4);
      await world.bus.publish(topic, [event]);
      await eventually(() => expect(c.stats.applied).toBe(1));
      expect(c.stats.failures).toBe(1);
      expect(await counts()).toEqual([{ key: 'seeker-9', received: 1, lastType: event.type, lastSeq: 4 }]);
      expect(await world.ds.getRepository(InboxEntry).count({ where: { consumer: 'matching-flaky' } })).toBe(1);
    });

    it('the inbox is per consumer: two consumer groups each apply the event once', async () => {
      const a = consumer('consumer-a');
      const b = consumer('consumer-b');
      await Promise.all([a.start(), b.start()]);
      const event = integrationEvent(topic, 'seeker-3', 1);
      await world.bus.publish(topic, [event]);
      await world.bus.publish(topic, [event]);
      await eventually(() => {
        expect(a.stats.applied + a.stats.duplicates).toBe(2);
        expect(b.stats.applied + b.stats.duplicates).toBe(2);
      });
      expect([a.stats.applied, b.stats.applied]).toEqual([1, 1]);
      // Both groups write the same sample table here: one increment each.
      expect(await counts()).toEqual([{ key: 'seeker-3', received: 2, lastType: event.type, lastSeq: 1 }]);
      expect(await world.ds.getRepository(InboxEntry).count()).toBe(2);
    });

    it('two instances racing on the same event: one applies it, the other sees a duplicate', async () => {
      // PostgreSQL: two connections, the inbox key decides. SQLite: one file per service and
      // process, transactions of a data source are queued, so the second finds the row.
      const second = backend.name === 'PostgreSQL' ? await world.readDb.open(RECEIVED_ENTITIES, RECEIVED_MIGRATIONS) : world.ds;
      const x = consumer('matching-race');
      const y = consumer('matching-race', {}, second);
      const event = integrationEvent(topic, 'seeker-5', 2);
      for (let round = 0; round < 5; round++) {
        const e = { ...event, id: `${event.id.slice(0, -1)}${round}` };
        const outcomes = await Promise.all([x.receive(e), y.receive(e)]);
        expect(outcomes.sort()).toEqual(['applied', 'duplicate']);
      }
      expect(await counts()).toEqual([{ key: 'seeker-5', received: 5, lastType: event.type, lastSeq: 2 }]);
    });
  });
}
