import { Kafka, logLevel } from 'kafkajs';
import { newId } from '@hw/platform/core';
import { describeWith, eventually, kafkaBrokers } from '@hw/platform/testing';
import { IntegrationEvent } from './bus.port';
import { BusLogger, KafkaBus, KafkaBusOptions } from './kafka-bus';
import { busContract, uniqueName } from './testing/bus.contract';

/** Fast group joins and rebalances for tests (the broker's minimum session timeout is 6 s). */
const tuning: KafkaBusOptions['consumer'] = {
  sessionTimeout: 6_000,
  heartbeatInterval: 300,
  rebalanceTimeout: 5_000,
  maxWaitTimeInMs: 100,
  retryBackoff: { initialMs: 50, maxMs: 500 },
};

/** Kept, not printed (BUS_TEST_LOG=1 prints them): a failing handler and a rebalance log warnings on purpose. */
const logged: Array<{ level: string; message: string; fields: Record<string, unknown> }> = [];
const logger: BusLogger = (level, message, fields) => {
  logged.push({ level, message, fields });
  if (process.env.BUS_TEST_LOG === '1') process.stdout.write(`${level} ${message} ${JSON.stringify(fields)}\n`);
};

const makeBus = (extra: Partial<KafkaBusOptions> = {}) =>
  new KafkaBus({ clientId: uniqueName('bus-test'), brokers: kafkaBrokers(), consumer: tuning, logger, ...extra });

const event = (key: string, n: number, data: Record<string, unknown> = {}): IntegrationEvent => ({
  id: newId(),
  type: 'contract.Happened.v1',
  key,
  occurredAt: new Date().toISOString(),
  correlationId: newId(),
  data: { n, ...data },
});

describeWith(['kafka'], 'Kafka bus (real broker)', () => {
  busContract('kafka bus', () => makeBus(), { groupMembersMayOverlap: true, timeoutMs: 30_000 });

  describe('kafka bus: topics and wire format', () => {
    const bus = makeBus();
    const kafka = new Kafka({ clientId: uniqueName('bus-test-raw'), brokers: kafkaBrokers(), logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    beforeAll(() => admin.connect());
    afterAll(async () => {
      await bus.close();
      await admin.disconnect();
    });

    it('ensureTopics creates topics with the partitions asked for, and is idempotent within and across clients (topics are created explicitly)', async () => {
      const topics = [uniqueName('ensure'), uniqueName('ensure')];
      await bus.ensureTopics(topics, 4);
      await bus.ensureTopics(topics, 4);
      const other = makeBus();
      await Promise.all([other.ensureTopics(topics, 4), other.ensureTopics([topics[0]])]);
      await other.close();
      const { topics: meta } = await admin.fetchTopicMetadata({ topics });
      expect(meta.map((t) => t.partitions.length)).toEqual([4, 4]);
    });

    it('wire format: key = event key, headers event-id / event-type / correlation-id, value = the event as JSON (ARCHITECTURE: the log event id travels in a header)', async () => {
      const topic = uniqueName('wire');
      const sent = event(`seeker-${newId()}`, 1);
      await bus.publish(topic, [sent]);
      const consumer = kafka.consumer({ groupId: uniqueName('raw'), maxWaitTimeInMs: 100, sessionTimeout: 6_000, heartbeatInterval: 300 });
      const got: Array<{ key?: string; headers: Record<string, string>; value: unknown }> = [];
      await consumer.connect();
      try {
        await consumer.subscribe({ topics: [topic], fromBeginning: true });
        await consumer.run({
          eachMessage: async ({ message }) => {
            const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]));
            got.push({ key: message.key?.toString(), headers, value: JSON.parse(String(message.value)) });
          },
        });
        await eventually(() => expect(got).toHaveLength(1), 30_000);
      } finally {
        await consumer.disconnect();
      }
      expect(got[0]).toEqual({
        key: sent.key,
        headers: { 'event-id': sent.id, 'event-type': sent.type, 'correlation-id': sent.correlationId },
        value: sent,
      });
    });

    it('a publish larger than the broker accepts in one request (1 MiB) is sent in several, all acknowledged', async () => {
      const topic = uniqueName('large');
      const filler = 'x'.repeat(1_000);
      const events = Array.from({ length: 3_000 }, (_, i) => event(`stream-${i % 10}`, i, { filler }));
      await bus.publish(topic, events);
      const offsets = await admin.fetchTopicOffsets(topic);
      expect(offsets.reduce((sum, p) => sum + Number(p.high), 0)).toBe(3_000);
    });

    it('groupIdPrefix: two deployments sharing one cluster each receive every event under the same group name, instead of splitting its partitions', async () => {
      const topic = uniqueName('prefixed');
      const group = uniqueName('shared-name');
      const [a, b] = [makeBus({ groupIdPrefix: 'staging-' }), makeBus({ groupIdPrefix: 'production-' })];
      const seen: Record<string, number[]> = { a: [], b: [] };
      try {
        await a.subscribe({ groupId: group, topics: [topic] }, async (e) => void seen.a.push((e.data as { n: number }).n));
        await b.subscribe({ groupId: group, topics: [topic] }, async (e) => void seen.b.push((e.data as { n: number }).n));
        await bus.publish(
          topic,
          Array.from({ length: 9 }, (_, i) => event(`stream-${i}`, i)),
        );
        await eventually(() => {
          expect([...seen.a].sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
          expect([...seen.b].sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
        }, 30_000);
        const { groups } = await admin.listGroups();
        expect(groups.map((g) => g.groupId)).toEqual(expect.arrayContaining([`staging-${group}`, `production-${group}`]));
      } finally {
        await Promise.all([a.close(), b.close()]);
      }
    });

    it('no personal data in logs: a failing handler is logged with ids, type and error name, never the event data or the error message', async () => {
      const topic = uniqueName('logs');
      const secret = `jobseeker-number-${newId()}`;
      const attempts: number[] = [];
      const sub = await bus.subscribe({ groupId: uniqueName('logs'), topics: [topic] }, async (e) => {
        attempts.push((e.data as { n: number }).n);
        if (attempts.length === 1) throw new Error(`cannot handle ${secret}`);
      });
      try {
        await bus.publish(topic, [event('k', 1, { secret })]);
        await eventually(() => expect(attempts).toEqual([1, 1]), 30_000);
      } finally {
        await sub.stop();
      }
      const failure = logged.find((l) => l.message.includes('handler failed') && l.fields.topic === topic);
      expect(failure?.fields).toMatchObject({ topic, eventType: 'contract.Happened.v1', attempt: 1, error: 'Error' });
      expect(JSON.stringify(logged)).not.toContain(secret);
    });
  });
});
