import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel, Partitioners, Producer } from 'kafkajs';
import { envelopeOf, IntegrationEvent, KafkaBus } from '@hw/platform/bus';
import { RecordedEvent } from '@hw/platform/core';
import { SqliteEventLog } from '@hw/platform/event-log';
import { openReadDataSource, PLATFORM_ENTITIES, PLATFORM_MIGRATIONS, Relay } from '@hw/platform/projections';
import { seekerEvents } from '../libs/platform/projections/src/testing/stream-activity';
import { kafkaBrokers, tcpReachable } from '@hw/platform/testing';
import { BenchRow } from './types';

/**
 * Relay throughput, log → Kafka: 10,000 events in a SQLite log relayed by Relay (batches of
 * 500: read, translate, publish through KafkaBus — idempotent producer, acks=-1 — then commit
 * the checkpoint to a SQLite read DB with synchronous=FULL), next to raw kafkajs sending the
 * same integration events (same key, JSON value, headers, batches, producer settings) with
 * nothing else to do. Rounds in ABBA order (raw, relay, relay, raw) on fresh topics.
 */
const EVENTS = 10_000;
const STREAMS = 200;
const BATCH = 500;
const brokers = kafkaBrokers();

const translate =
  (context: string) =>
  (event: RecordedEvent): IntegrationEvent => ({
    ...envelopeOf(event),
    type: `${context}.${event.type}.v1`,
    data: { seq: Number(event.revision) },
  });

const toMessages = (events: IntegrationEvent[]) =>
  events.map((event) => ({
    key: event.key,
    value: JSON.stringify(event),
    headers: { 'event-id': event.id, 'event-type': event.type, 'correlation-id': event.correlationId as string },
  }));

const seconds = (started: bigint) => Number(process.hrtime.bigint() - started) / 1e9;

export async function run(): Promise<BenchRow[]> {
  if (!(await tcpReachable(brokers[0]))) {
    console.log(`relay bench skipped: no Kafka broker at ${brokers.join(',')} (start one: npm run kafka start)`);
    return [];
  }
  const dir = mkdtempSync(join(tmpdir(), 'hw-bench-relay-'));
  const suffix = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const topics: string[] = [];
  const topic = (side: string) => {
    const name = `benchrelay${side}${suffix}${topics.length}`;
    topics.push(name);
    return name;
  };
  const kafka = new Kafka({ clientId: `bench-relay-raw-${suffix}`, brokers, logLevel: logLevel.ERROR });
  const admin = new KafkaBus({ clientId: `bench-relay-admin-${suffix}`, brokers, partitions: 3 });
  let producer: Producer | undefined;
  const log = new SqliteEventLog({ file: join(dir, 'log.sqlite') });
  const ds = await openReadDataSource({ type: 'sqlite', file: join(dir, 'read.sqlite') }, PLATFORM_ENTITIES, PLATFORM_MIGRATIONS);
  try {
    const perStream = EVENTS / STREAMS;
    await Promise.all(
      Array.from({ length: STREAMS }, (_, s) => log.append(`seeker-${String(s).padStart(4, '0')}`, seekerEvents(perStream), 'no_stream')),
    );
    const events = await log.readAll();

    producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    await producer.connect();
    const raw = async (): Promise<number> => {
      const context = topic('raw');
      await admin.ensureTopics([context]);
      const outgoing = events.map(translate(context));
      const started = process.hrtime.bigint();
      for (let i = 0; i < outgoing.length; i += BATCH) {
        await (producer as Producer).send({ topic: context, acks: -1, messages: toMessages(outgoing.slice(i, i + BATCH)) });
      }
      return seconds(started);
    };

    let relays = 0;
    const relayed = async (): Promise<number> => {
      const context = topic('relay');
      await admin.ensureTopics([context]);
      const bus = new KafkaBus({ clientId: `bench-relay-${suffix}`, brokers, partitions: 3 });
      // Connect the producer outside the timing, as the raw side's is.
      const warm = topic('warm');
      await bus.publish(warm, [translate(warm)(events[0])]);
      const relay = new Relay(log, bus, ds, {
        name: `bench-relay-${relays++}`,
        streamPrefixes: ['seeker-'],
        translate: translate(context),
        batchSize: BATCH,
      });
      const started = process.hrtime.bigint();
      await relay.start();
      await relay.caughtUp();
      const took = seconds(started);
      if (relay.publishedCount !== EVENTS) throw new Error(`relay published ${relay.publishedCount} of ${EVENTS}`);
      await relay.stop();
      await bus.close();
      return took;
    };

    await raw(); // warm-up: producer id, metadata, JIT
    let rawSeconds = 0;
    let relaySeconds = 0;
    rawSeconds += await raw();
    relaySeconds += await relayed();
    relaySeconds += await relayed();
    rawSeconds += await raw();
    return [
      {
        name: `Relay log→Kafka, ${EVENTS} events (SQLite log, batches of ${BATCH}, checkpoint per batch, idempotent acks=-1)`,
        value: (2 * EVENTS) / relaySeconds,
        unit: 'events/s',
        baseline: 'raw kafkajs producer.send of the same events, same batches and settings',
        baselineValue: (2 * EVENTS) / rawSeconds,
      },
    ];
  } finally {
    await producer?.disconnect().catch(() => undefined);
    const cleanup = kafka.admin();
    await cleanup
      .connect()
      .then(() => cleanup.deleteTopics({ topics }))
      .catch(() => undefined);
    await cleanup.disconnect().catch(() => undefined);
    await admin.close();
    await ds.destroy();
    await log.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  run().then(
    (rows) => console.log(JSON.stringify(rows, null, 1)),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
