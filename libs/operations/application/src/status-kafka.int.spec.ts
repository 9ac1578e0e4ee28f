import { randomBytes } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { ServiceDefinition } from '@hw/platform/nest';
import { describeWith, kafkaBrokers } from '@hw/platform/testing';
import { ops, tempDataDir } from './testing/fixtures';

describeWith(['kafka'], 'ops status in distributed mode (BUS=kafka, real broker)', () => {
  it("shows each consumer group's lag per partition (end offset minus the committed offset); messages waiting with nothing processed is stalled (exit 1)", async () => {
    const suffix = randomBytes(4).toString('hex');
    const topic = `opstest${suffix}`;
    const prefix = `ops-${suffix}-`;
    const kafka = new Kafka({ clientId: `ops-test-${suffix}`, brokers: kafkaBrokers(), logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    const producer = kafka.producer();
    /** The group's committed offsets of partitions 0 and 1. */
    const commit = (first: string, second: string) =>
      admin.setOffsets({
        groupId: `${prefix}ops-test-consumer`,
        topic,
        partitions: [
          { partition: 0, offset: first },
          { partition: 1, offset: second },
        ],
      });
    const definition: ServiceDefinition = {
      service: 'quota',
      consumers: [{ name: 'ops-test-consumer', topics: [topic], handle: async () => undefined }],
    };
    const distributed = { BUS: 'kafka', KAFKA_BROKERS: kafkaBrokers().join(','), KAFKA_GROUP_PREFIX: prefix };
    const status = (argv: string[]) => ops(argv, { DATA_DIR: tempDataDir(), ...distributed }, [definition]);
    await admin.connect();
    await producer.connect();
    try {
      await admin.createTopics({ topics: [{ topic, numPartitions: 2, replicationFactor: 1 }], waitForLeaders: true });
      await producer.send({ topic, messages: [0, 1, 2, 3, 4].map((n) => ({ partition: 0, value: String(n) })) });
      await producer.send({ topic, messages: [{ partition: 1, value: 'x' }] });
      // The group has consumed 2 of partition 0's 5 and all of partition 1.
      await commit('2', '1');

      const result = await status(['status', '--json']);
      // 3 messages waiting and nothing ever processed: stalled.
      expect(result.code).toBe(1);
      const report = JSON.parse(result.out);
      expect(report.rows).toEqual([
        expect.objectContaining({ kind: 'consumer', name: 'ops-test-consumer', behindEvents: 3, state: 'stalled' }),
      ]);
      expect(report.problems).toEqual([`ops-test-consumer: 3 message(s) waiting in Kafka, nothing processed for over 60s`]);
      expect(report.kafka).toEqual([
        { group: `${prefix}ops-test-consumer`, topic, partition: 0, committed: '2', end: '5', lag: 3 },
        { group: `${prefix}ops-test-consumer`, topic, partition: 1, committed: '1', end: '1', lag: 0 },
      ]);
      const table = await status(['status']);
      expect(table.out).toMatch(new RegExp(`${prefix}ops-test-consumer\\s+${topic}\\s+0\\s+2\\s+5\\s+3`));

      // Caught up: nothing waiting, not stalled.
      await commit('5', '1');
      const caughtUp = await status(['status', '--json']);
      expect(caughtUp.code).toBe(0);
      expect(JSON.parse(caughtUp.out).rows[0]).toEqual(expect.objectContaining({ behindEvents: 0, state: 'no-read-db' }));
    } finally {
      await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
      await producer.disconnect();
      await admin.disconnect();
    }
  }, 60_000);
});
