import { newId, RecordedEvent } from '@hw/platform/core';
import { BatchHandler, EventLog, SqliteEventLog, SubscribeOptions } from '@hw/platform/event-log';
import { describeWith, eventually } from '@hw/platform/testing';
import { DataSource } from 'typeorm';
import { ProjectionRunner } from './projection-runner';
import {
  dumpStreamActivity,
  expectedStreamActivity,
  SAMPLE_ENTITIES,
  SAMPLE_MIGRATIONS,
  SAMPLE_TABLES,
  seekerEvents,
  StreamActivity,
  streamActivityProjection,
} from './testing/stream-activity';
import { CapturingLogger, eachTestWorld, READ_DB_BACKENDS } from './testing/read-dbs';

/** Appends one event per stream per round, so streams interleave in the global order. */
const appendRounds = async (log: SqliteEventLog, streams: string[], rounds: number): Promise<void> => {
  for (let r = 0; r < rounds; r++) {
    for (const stream of streams) {
      const revision = await log.streamRevision(stream);
      const next = revision === undefined ? 0 : Number(revision) + 1;
      await log.append(stream, seekerEvents(1, next), revision ?? 'no_stream');
    }
  }
};

/** Full raw table dumps (every column, driver representation), rows sorted. */
const rawDump = async (ds: DataSource): Promise<Record<string, unknown[]>> => {
  const dump: Record<string, unknown[]> = {};
  for (const table of SAMPLE_TABLES) {
    const rows = (await ds.query(`SELECT * FROM ${ds.driver.escape(table)}`)) as unknown[];
    dump[table] = rows.map((row) => JSON.stringify(row)).sort();
  }
  return dump;
};

const seekerStreams = (n: number): string[] => Array.from({ length: n }, () => `seeker-${newId()}`);

for (const backend of READ_DB_BACKENDS) {
  describeWith(backend.needs, `ProjectionRunner — SQLite log → ${backend.name} read model`, () => {
    const world = eachTestWorld(backend.create, 'projections', {
      entities: SAMPLE_ENTITIES,
      migrations: SAMPLE_MIGRATIONS,
      pollIntervalMs: 20,
    });

    const runner = (
      projection = streamActivityProjection(),
      logger = new CapturingLogger(),
      batchSize = 5,
      on = world.ds,
      maxAttempts?: number,
    ) =>
      world.track(
        new ProjectionRunner(world.log, on, projection, { batchSize, logger, backoff: { initialMs: 10, maxMs: 200 }, maxAttempts }),
      );
    const logged = async (): Promise<RecordedEvent[]> => world.log.readAll();

    it('(a) projects the log live: catches up, then follows appends made while it runs; other streams are ignored', async () => {
      const streams = seekerStreams(3);
      await appendRounds(world.log, streams, 4);
      const live = runner();
      await live.start();
      await live.caughtUp();
      expect(await dumpStreamActivity(world.ds.manager)).toEqual(expectedStreamActivity(await logged()));

      const more = seekerStreams(2);
      await appendRounds(world.log, [...streams, ...more], 3);
      await world.log.append(`employer-${newId()}`, seekerEvents(1), 'no_stream'); // not a seeker stream
      await appendRounds(world.log, more, 2);

      const expected = expectedStreamActivity(await logged());
      expect(expected.streams).toHaveLength(5);
      await eventually(async () => expect(await dumpStreamActivity(world.ds.manager)).toEqual(expected));
      const lastSeeker = (await logged()).filter((e) => e.streamId.startsWith('seeker-')).pop() as RecordedEvent;
      expect(await live.checkpoint()).toBe(lastSeeker.position);
      expect(await world.ds.getRepository(StreamActivity).count()).toBe(5);
    });

    it('(b) a batch and its checkpoint commit together: a fault on the 3rd event of a batch leaves neither, and a restart makes the model exact', async () => {
      const streams = seekerStreams(4);
      await appendRounds(world.log, streams, 5);
      const first = runner();
      await first.start();
      await first.caughtUp();
      await first.stop();
      const checkpointBefore = await first.checkpoint();
      const modelBefore = await dumpStreamActivity(world.ds.manager);
      expect(checkpointBefore).toBe((await logged()).pop()?.position);

      await appendRounds(world.log, streams, 3); // 12 new events: batches of 5, 5, 2
      const pending = (await logged()).filter((e) => e.position > (checkpointBefore as bigint));
      const poisoned = pending[2];
      const applied: string[] = [];
      const logger = new CapturingLogger();
      // Never parked here (dead-letters.int.spec.ts covers parking): this is about the rollback.
      const faulty = runner(
        streamActivityProjection({ fault: (e) => e.id === poisoned.id, onApply: (e) => applied.push(e.id) }),
        logger,
        5,
        world.ds,
        Number.MAX_SAFE_INTEGER,
      );
      await faulty.start();
      await eventually(() => expect(logger.errors.length).toBeGreaterThanOrEqual(1));
      await expect(faulty.caughtUp()).rejects.toThrow();
      await faulty.stop(); // the "crash": it never got past the poisoned batch

      // The first two events of the batch WERE applied inside the transaction, then rolled back.
      expect(applied.slice(0, 3)).toEqual(pending.slice(0, 3).map((e) => e.id));
      expect(await dumpStreamActivity(world.ds.manager)).toEqual(modelBefore);
      expect(await faulty.checkpoint()).toBe(checkpointBefore);

      // The log line names the event by id, type and position only: no event data.
      const line = logger.errors[0];
      expect(line).toContain(poisoned.id);
      expect(line).toContain(poisoned.type);
      expect(line).toContain(`position ${poisoned.position}`);
      expect(line).not.toContain('山田');
      expect(line).not.toContain('injected fault');

      const restarted = runner();
      await restarted.start();
      await restarted.caughtUp();
      const all = await logged();
      expect(await dumpStreamActivity(world.ds.manager)).toEqual(expectedStreamActivity(all));
      expect(await restarted.checkpoint()).toBe(all[all.length - 1].position);
    });

    it('(b) a transient failure is retried with backoff from the stored checkpoint, without a restart', async () => {
      const streams = seekerStreams(3);
      await appendRounds(world.log, streams, 4);
      const events = await logged();
      let failuresLeft = 2;
      const logger = new CapturingLogger();
      const flaky = runner(streamActivityProjection({ fault: (e) => e.id === events[7].id && failuresLeft-- > 0 }), logger);
      await flaky.start();
      await eventually(() => flaky.caughtUp(), 20_000, 20);
      expect(await dumpStreamActivity(world.ds.manager)).toEqual(expectedStreamActivity(events));
      expect(logger.errors).toHaveLength(2);
      expect(logger.lines.some((l) => l.level === 'log' && l.message.includes('recovered'))).toBe(true);
      expect(flaky.consecutiveFailures).toBe(0);
    });

    it('(c) rebuild from zero reproduces the live read model row by row (R-AUD-1), repairing a damaged one', async () => {
      const streams = seekerStreams(6);
      await appendRounds(world.log, streams, 3);
      const live = runner(streamActivityProjection(), new CapturingLogger(), 7);
      await live.start();
      await appendRounds(world.log, [...streams, ...seekerStreams(2)], 4); // appended while it runs
      await live.caughtUp();
      const liveDump = await rawDump(world.ds);
      expect(liveDump.sample_stream_activity).toHaveLength(8);
      expect(await dumpStreamActivity(world.ds.manager)).toEqual(expectedStreamActivity(await logged()));

      // Damage the read model: a wrong counter and a row no event explains.
      await world.ds.getRepository(StreamActivity).update({ streamId: streams[0] }, { eventCount: 999, status: 'stopped' });
      await world.ds.getRepository(StreamActivity).insert({
        streamId: 'seeker-bogus',
        eventCount: 1,
        lastEventType: 'SeekerRegistered',
        lastRevision: 0n,
        lastPosition: 1n,
        lastRecordedAt: new Date(0),
        status: 'active',
      });
      expect(await rawDump(world.ds)).not.toEqual(liveDump);

      const replayed: string[] = [];
      const rebuilding = runner(streamActivityProjection({ onApply: (e) => replayed.push(e.id) }), new CapturingLogger(), 7);
      await live.stop();
      await rebuilding.rebuild();
      const all = await logged();
      expect(replayed).toEqual(all.map((e) => e.id)); // every event, once, from position zero
      expect(await rawDump(world.ds)).toEqual(liveDump);
      expect(await rebuilding.checkpoint()).toBe(all[all.length - 1].position);
    });

    it('minBatchIntervalMs: appends made during the pause arrive as one batch; full batches (catch-up) never pause; stop() cuts the pause short', async () => {
      const streams = seekerStreams(3);
      await appendRounds(world.log, streams, 3); // 9 events: three full batches of 3, no pause between them
      const batches: number[] = [];
      const paced = world.track(
        new ProjectionRunner(
          world.log,
          world.ds,
          { ...streamActivityProjection(), minBatchIntervalMs: 60_000 },
          { batchSize: 3, logger: new CapturingLogger() },
        ),
      );
      const original = (paced as unknown as { applyBatch(events: RecordedEvent[]): Promise<void> }).applyBatch.bind(paced);
      (paced as unknown as { applyBatch(events: RecordedEvent[]): Promise<void> }).applyBatch = (events) => {
        batches.push(events.length);
        return original(events);
      };
      await paced.start();
      await paced.caughtUp();
      expect(batches).toEqual([3, 3, 3]);

      await world.log.append(streams[0], seekerEvents(1, 3), 2n); // a partial batch: the runner pauses after it
      await eventually(async () => expect(batches).toEqual([3, 3, 3, 1]));
      await appendRounds(world.log, streams.slice(1, 2), 3); // three appends during the pause: no batch yet
      const checkpoint = await paced.checkpoint();
      expect(batches).toEqual([3, 3, 3, 1]);
      await paced.stop(); // does not wait out the 60 s pause
      await paced.start(); // resumes from the checkpoint: the three appends as one (full, so unpaused) batch
      await paced.caughtUp();
      expect(batches).toEqual([3, 3, 3, 1, 3]);
      expect(checkpoint).toBe((await logged())[9].position);
      expect(await dumpStreamActivity(world.ds.manager)).toEqual(expectedStreamActivity(await logged()));
    });

    it('two instances of one projection (two connections) apply every event exactly once', async () => {
      const streams = seekerStreams(4);
      await appendRounds(world.log, streams, 5);
      // B reads its checkpoint (nothing yet) and receives its first batch, but is held before
      // handling it until A has applied everything: B's batch is then entirely stale.
      let openGate!: () => void;
      const gate = new Promise<void>((resolve) => (openGate = resolve));
      const gatedLog: EventLog = Object.create(world.log, {
        subscribe: {
          value: (handler: BatchHandler, options?: SubscribeOptions) =>
            world.log.subscribe(async (events) => {
              await gate;
              await handler(events);
            }, options),
        },
      });
      const other = await world.readDb.open(SAMPLE_ENTITIES, SAMPLE_MIGRATIONS);
      const b = world.track(
        new ProjectionRunner(gatedLog, other, streamActivityProjection(), {
          batchSize: 3,
          logger: new CapturingLogger(),
          backoff: { initialMs: 10, maxMs: 200 },
        }),
      );
      await b.start();
      const a = runner(streamActivityProjection(), new CapturingLogger(), 3, world.ds);
      await a.start();
      await a.caughtUp();
      expect(await dumpStreamActivity(world.ds.manager)).toEqual(expectedStreamActivity(await logged()));
      openGate();
      await eventually(() => b.caughtUp());
      expect(await dumpStreamActivity(world.ds.manager)).toEqual(expectedStreamActivity(await logged()));

      await appendRounds(world.log, streams, 3); // now both follow the log live
      const expected = expectedStreamActivity(await logged());
      await eventually(async () => {
        await Promise.all([a.caughtUp(), b.caughtUp()]);
        expect(await dumpStreamActivity(world.ds.manager)).toEqual(expected);
      });
    });
  });
}
