import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { Bus, BusSubscription, IntegrationEvent, KafkaBus } from '@hw/platform/bus';
import { newId, RecordedEvent } from '@hw/platform/core';
import { SqliteEventLog } from '@hw/platform/event-log';
import { describeWith, eventually, kafkaBrokers } from '@hw/platform/testing';
import { DataSource } from 'typeorm';
import { InboxConsumer } from './inbox-consumer';
import { checkpoints } from './runner-support';
import { Relay } from './relay';
import { CapturingLogger, postgresReadDb, sqliteReadDb, tempDir, TestReadDb } from './testing/read-dbs';
import { RECEIVED_ENTITIES, RECEIVED_MIGRATIONS, ReceivedCount, receivedCountsProjection } from './testing/received-counts';
import { sampleTranslate, spawnRelayChild } from './testing/relay-sample';
import { seekerEvents } from './testing/stream-activity';

/** Appends one event per stream per round (concurrently within a round: group commit). */
const appendRounds = async (log: SqliteEventLog, streams: string[], rounds: number): Promise<void> => {
  for (let r = 0; r < rounds; r++) {
    await Promise.all(
      streams.map(async (stream) => {
        const revision = await log.streamRevision(stream);
        await log.append(stream, seekerEvents(1, revision === undefined ? 0 : Number(revision) + 1), revision ?? 'no_stream');
      }),
    );
  }
};

/** What consumers must see: per stream, the published events in log order. */
const expectedPerKey = (events: RecordedEvent[], context: string): Map<string, string[]> => {
  const translate = sampleTranslate(context);
  const perKey = new Map<string, string[]>();
  for (const event of events) {
    if (!event.streamId.startsWith('seeker-') || translate(event) === null) continue;
    perKey.set(event.streamId, [...(perKey.get(event.streamId) ?? []), event.id]);
  }
  return perKey;
};

/**
 * None lost, per-stream order kept, duplicates only as re-deliveries: walking a key's received
 * sequence, each event is at most one step past the furthest seen so far (a step back is a
 * redelivery starting again from an earlier point), and the furthest ends at the last event.
 */
const assertDeliveredInOrder = (received: IntegrationEvent[], expected: Map<string, string[]>): { duplicates: number } => {
  const byKey = new Map<string, string[]>();
  for (const event of received) byKey.set(event.key, [...(byKey.get(event.key) ?? []), event.id]);
  expect([...byKey.keys()].sort()).toEqual([...expected.keys()].sort());
  for (const [key, ids] of expected) {
    const index = new Map(ids.map((id, i) => [id, i]));
    let furthest = -1;
    for (const id of byKey.get(key) ?? []) {
      const at = index.get(id);
      if (at === undefined) throw new Error(`${key}: received ${id}, which is not one of its published events`);
      if (at > furthest + 1) throw new Error(`${key}: received #${at} before #${furthest + 1} (gap or reorder)`);
      furthest = Math.max(furthest, at);
    }
    expect({ key, furthest }).toEqual({ key, furthest: ids.length - 1 });
  }
  return { duplicates: received.length - [...expected.values()].reduce((n, ids) => n + ids.length, 0) };
};

/** A bus that records and acknowledges on the test's command. */
class ScriptedBus implements Bus {
  readonly published: Array<{ topic: string; events: IntegrationEvent[] }> = [];
  failuresLeft = 0;
  hold: Promise<void> | undefined;
  async publish(topic: string, events: IntegrationEvent[]): Promise<void> {
    if (this.hold) await this.hold;
    if (this.failuresLeft > 0) {
      this.failuresLeft -= 1;
      throw Object.assign(new Error('broker not available'), { name: 'KafkaJSConnectionError' });
    }
    this.published.push({ topic, events });
  }
  async subscribe(): Promise<BusSubscription> {
    throw new Error('not used');
  }
  async close(): Promise<void> {
    this.published.length = 0;
  }
}

describe('Relay — SQLite log → scripted bus (checkpoint after acknowledgement)', () => {
  let dir: string;
  let log: SqliteEventLog;
  let readDb: TestReadDb;
  let ds: DataSource;
  let relay: Relay;
  let bus: ScriptedBus;
  let logger: CapturingLogger;

  beforeEach(async () => {
    dir = tempDir('relay');
    log = new SqliteEventLog({ file: join(dir, 'log.sqlite'), pollIntervalMs: 20 });
    readDb = sqliteReadDb('relay');
    ds = await readDb.open();
    bus = new ScriptedBus();
    logger = new CapturingLogger();
    relay = new Relay(log, bus, ds, {
      name: 'relay-sample',
      streamPrefixes: ['seeker-'],
      translate: sampleTranslate('sample'),
      batchSize: 4,
      logger,
      backoff: { initialMs: 10, maxMs: 100 },
    });
  });

  afterEach(async () => {
    await relay.stop();
    await log.close();
    await readDb.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('publishes translated events (topic = context, key = stream id, id = log event id), skips untranslated ones', async () => {
    const streams = [`seeker-${newId()}`, `seeker-${newId()}`];
    await appendRounds(log, streams, 5);
    await log.append(`employer-${newId()}`, seekerEvents(1), 'no_stream');
    await relay.start();
    await relay.caughtUp();
    const events = await log.readAll();
    const sent = bus.published.flatMap((p) => p.events.map((e) => ({ topic: p.topic, ...e })));
    const expected = events
      .filter((e) => e.streamId.startsWith('seeker-') && e.type !== 'ProfileUpdated')
      .map((e) => ({ topic: 'sample', id: e.id, key: e.streamId, type: `sample.${e.type}.v1` }));
    expect(expected.length).toBeGreaterThan(2);
    expect(sent.map(({ topic, id, key, type }) => ({ topic, id, key, type }))).toEqual(expected);
    expect(JSON.stringify(sent)).not.toContain('山田'); // personal data stays in the log
    const lastSeeker = events.filter((e) => e.streamId.startsWith('seeker-')).pop() as RecordedEvent;
    expect(await relay.checkpoint()).toBe(lastSeeker.position);
  });

  it('does not store the checkpoint before the bus acknowledged', async () => {
    await appendRounds(log, [`seeker-${newId()}`], 3);
    let acknowledge!: () => void;
    bus.hold = new Promise((resolve) => (acknowledge = resolve));
    await relay.start();
    await eventually(() => expect(bus.hold).toBeDefined());
    // The batch is in flight: give the relay every chance to (wrongly) move on.
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
    expect(await relay.checkpoint()).toBeUndefined();
    expect(bus.published).toHaveLength(0);
    acknowledge();
    await relay.caughtUp();
    expect(await relay.checkpoint()).toBe((await log.readAll()).pop()?.position);
  });

  it('a failed publish does not advance: it is retried from the checkpoint with backoff, order per key kept', async () => {
    const streams = [`seeker-${newId()}`, `seeker-${newId()}`, `seeker-${newId()}`];
    await appendRounds(log, streams, 4);
    await relay.start();
    await relay.caughtUp();
    const before = await relay.checkpoint();
    bus.failuresLeft = 3;
    await appendRounds(log, streams, 4);
    await eventually(() => expect(logger.errors).toHaveLength(3));
    await eventually(() => relay.caughtUp());
    const events = await log.readAll();
    expect(await relay.checkpoint()).toBe(events[events.length - 1].position);
    expect(before).toBeLessThan(events[events.length - 1].position);
    // Never a gap: after the failures the same batch went out again.
    const received = bus.published.flatMap((p) => p.events);
    const report = assertDeliveredInOrder(received, expectedPerKey(events, 'sample'));
    expect(report.duplicates).toBe(0); // failed publishes delivered nothing here
    expect(logger.errors[0]).toMatch(/batch of \d+ event\(s\) at positions \d+\.\.\d+: KafkaJSConnectionError/);
  });
});

describeWith(['kafka', 'postgres'], 'Relay — SQLite log → Kafka, killed mid-way (SIGKILL) and restarted', () => {
  let dir: string;
  let readDb: TestReadDb;
  let ds: DataSource;
  let context: string;
  const cleanups: Array<() => Promise<unknown>> = [];

  beforeEach(async () => {
    dir = tempDir('relay-kafka');
    readDb = postgresReadDb('relay');
    ds = await readDb.open(RECEIVED_ENTITIES, RECEIVED_MIGRATIONS);
    context = `relaytest${randomBytes(4).toString('hex')}`;
  });

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
    await readDb.dispose();
    rmSync(dir, { recursive: true, force: true });
    const admin = new Kafka({ clientId: 'relay-test-cleanup', brokers: kafkaBrokers(), logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [context] }).catch(() => undefined);
    await admin.disconnect();
  });

  it('every event arrives, per-stream order holds, duplicates are only redeliveries, and the inbox makes the model exact', async () => {
    const logFile = join(dir, 'log.sqlite');
    const log = new SqliteEventLog({ file: logFile, pollIntervalMs: 20 });
    cleanups.push(() => log.close());
    const streams = Array.from({ length: 40 }, () => `seeker-${newId()}`);
    await appendRounds(log, streams, 25); // 1,000 events; 3 in 4 are published
    const events = await log.readAll();
    const head = events[events.length - 1].position;
    const expected = expectedPerKey(events, context);
    const published = [...expected.values()].reduce((n, ids) => n + ids.length, 0);

    // Consumers first: a recorder (raw deliveries, to check order) and an inbox read model.
    const consumerBus = new KafkaBus({ clientId: 'relay-test-consumer', brokers: kafkaBrokers(), partitions: 3 });
    cleanups.push(() => consumerBus.close());
    await consumerBus.ensureTopics([context]);
    const received: IntegrationEvent[] = [];
    await consumerBus.subscribe({ groupId: `${context}-recorder`, topics: [context] }, async (event) => {
      received.push(event);
    });
    const inbox = new InboxConsumer(consumerBus, ds, receivedCountsProjection(`${context}-inbox`, [context]), {
      logger: new CapturingLogger(),
    });
    await inbox.start();
    cleanups.push(() => inbox.stop());

    const config = {
      logFile,
      readDb: readDb.config,
      brokers: kafkaBrokers(),
      context,
      name: 'relay-sample',
      batchSize: 20,
      publishDelayMs: 15,
    };
    const relayCheckpoint = async () => (await checkpoints.read(ds.manager, 'relay-sample'))?.position ?? 0n;

    // First run: killed with SIGKILL part-way, at the worst moment — the broker has
    // acknowledged a batch, the checkpoint does not say so yet.
    const first = await spawnRelayChild({ ...config, hangAfterPublishes: 12 });
    cleanups.push(async () => first.child.kill('SIGKILL'));
    await eventually(() => expect(first.output()).toContain('acknowledged-not-checkpointed'), 60_000);
    first.child.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');
    const atCrash = await relayCheckpoint();
    expect(atCrash).toBeLessThan(head); // it really died mid-way

    // Restart: resumes from the stored checkpoint.
    const second = await spawnRelayChild(config);
    cleanups.push(async () => second.child.kill('SIGKILL'));
    await eventually(async () => expect(await relayCheckpoint()).toBe(head), 120_000, 50);
    second.child.kill('SIGTERM');
    expect((await second.exited).code).toBe(0);

    const ids = new Set([...expected.values()].flat());
    await eventually(() => expect(new Set(received.map((e) => e.id)).size).toBe(ids.size), 60_000, 50);
    const report = assertDeliveredInOrder(received, expected);
    expect(received.every((e) => ids.has(e.id))).toBe(true);
    // The batch acknowledged before the crash went out again: the consumers saw duplicates.
    expect(report.duplicates).toBeGreaterThan(0);

    // The inbox read model: exactly one increment per published event, last = the stream's last.
    await eventually(async () => expect(await ds.getRepository(ReceivedCount).count()).toBe(expected.size), 60_000, 50);
    await eventually(
      async () => {
        const rows = (await ds.getRepository(ReceivedCount).find()).sort((a, b) => a.key.localeCompare(b.key));
        const want = [...expected]
          .map(([key, list]) => {
            const last = events.find((e) => e.id === list[list.length - 1]) as RecordedEvent;
            return { key, received: list.length, lastType: `${context}.${last.type}.v1`, lastSeq: Number(last.revision) };
          })
          .sort((a, b) => a.key.localeCompare(b.key));
        expect(rows.map((r) => ({ ...r }))).toEqual(want);
      },
      60_000,
      50,
    );
    expect(inbox.stats.applied).toBe(published);
    expect(inbox.stats.duplicates).toBeGreaterThan(0); // the inbox dropped the redelivered batch
    process.stdout.write(
      `relay crash test: ${published} events published, crash at position ${atCrash}/${head}, ${report.duplicates} redelivered, inbox skipped ${inbox.stats.duplicates}\n`,
    );
  });
});
