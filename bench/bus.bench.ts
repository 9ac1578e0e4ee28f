import { randomBytes, randomUUID } from 'node:crypto';
import { Kafka, logLevel, Partitioners, Producer } from 'kafkajs';
import { IntegrationEvent, KafkaBus } from '@hw/platform/bus';
import { kafkaBrokers, tcpReachable } from '@hw/platform/testing';
import { BenchRow } from './types';

/**
 * Publish throughput of the Kafka bus against raw kafkajs doing the same work: the same
 * events, serialized the same way (key, JSON value, three headers), sent in batches of 100 by
 * an idempotent producer with acks=-1 and one request in flight, each batch awaited. The
 * difference is the adapter's own cost (validation, chunking, topic check).
 * Rounds alternate in ABBA order (raw, bus, bus, raw, ...) so warm-up and drift on a shared
 * machine hit both sides alike.
 */
const EVENTS = 20_000;
const BATCH = 100;
const ROUNDS = 4;
const WARMUP = 500;

const brokers = kafkaBrokers();

const makeEvents = (count: number): IntegrationEvent[] =>
  Array.from({ length: count }, (_, i) => ({
    id: randomUUID(),
    type: 'registration.SeekerRegistered.v1',
    key: `seeker-${i % 100}`,
    occurredAt: new Date().toISOString(),
    correlationId: randomUUID(),
    data: { seekerId: `seeker-${i % 100}`, localGovernmentCode: '131016', desiredOccupations: ['05-01', '08-12'], sequence: i },
  }));

const toMessages = (events: IntegrationEvent[]) =>
  events.map((event) => ({
    key: event.key,
    value: JSON.stringify(event),
    headers: { 'event-id': event.id, 'event-type': event.type, 'correlation-id': event.correlationId as string },
  }));

const rawPublish = async (producer: Producer, topic: string, events: IntegrationEvent[]): Promise<number> => {
  const started = process.hrtime.bigint();
  for (let i = 0; i < events.length; i += BATCH) {
    await producer.send({ topic, acks: -1, messages: toMessages(events.slice(i, i + BATCH)) });
  }
  return Number(process.hrtime.bigint() - started) / 1e9;
};

const busPublish = async (bus: KafkaBus, topic: string, events: IntegrationEvent[]): Promise<number> => {
  const started = process.hrtime.bigint();
  for (let i = 0; i < events.length; i += BATCH) await bus.publish(topic, events.slice(i, i + BATCH));
  return Number(process.hrtime.bigint() - started) / 1e9;
};

export async function run(): Promise<BenchRow[]> {
  if (!(await tcpReachable(brokers[0]))) {
    console.log(`bus bench skipped: no Kafka broker at ${brokers.join(',')} (start one: npm run kafka start)`);
    return [];
  }
  const suffix = `${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
  const rawTopic = `bench-raw-${suffix}`;
  const busTopic = `bench-bus-${suffix}`;
  const bus = new KafkaBus({
    clientId: `bench-bus-${suffix}`,
    brokers,
    logger: (level, message, fields) => level === 'error' && console.error(`[bus] ${message}`, fields),
  });
  const kafka = new Kafka({ clientId: `bench-raw-${suffix}`, brokers, logLevel: logLevel.ERROR });
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
    createPartitioner: Partitioners.DefaultPartitioner,
    retry: { retries: Number.MAX_SAFE_INTEGER, initialRetryTime: 100, maxRetryTime: 5_000 },
  });
  try {
    // Same topics on both sides (3 partitions, replication 1), created outside the timing.
    await bus.ensureTopics([rawTopic, busTopic], 3);
    await producer.connect();
    await rawPublish(producer, rawTopic, makeEvents(WARMUP));
    await busPublish(bus, busTopic, makeEvents(WARMUP));

    const perRound = EVENTS / ROUNDS;
    let rawSeconds = 0;
    let busSeconds = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const raw = () => rawPublish(producer, rawTopic, makeEvents(perRound));
      const viaBus = () => busPublish(bus, busTopic, makeEvents(perRound));
      if (round % 2 === 0) {
        rawSeconds += await raw();
        busSeconds += await viaBus();
      } else {
        busSeconds += await viaBus();
        rawSeconds += await raw();
      }
    }
    return [
      {
        name: `KafkaBus.publish throughput (${EVENTS} events, batches of ${BATCH}, idempotent, acks=-1)`,
        value: EVENTS / busSeconds,
        unit: 'events/s',
        baseline: `kafkajs producer.send, same events and settings`,
        baselineValue: EVENTS / rawSeconds,
      },
    ];
  } finally {
    await producer.disconnect().catch(() => undefined);
    await bus.close();
  }
}
