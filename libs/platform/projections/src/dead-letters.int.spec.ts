import { randomBytes } from 'node:crypto';
import { runInNewContext } from 'node:vm';
import { IntegrationEvent, KafkaBus } from '@hw/platform/bus';
import { DomainError, newId, RecordedEvent } from '@hw/platform/core';
import { describeWith, eventually, kafkaBrokers } from '@hw/platform/testing';
import { DataSource } from 'typeorm';
import { describeParkedError, isTransientError, parkedCounts } from './dead-letters';
import { InboxConsumer } from './inbox-consumer';
import { DeadLetter, InboxEntry } from './platform-tables';
import { Projection, ProjectionRunner } from './projection-runner';
import { withTransaction } from './read-db';
import {
  connectionLost,
  droppingNul,
  NOTE_ENTITIES,
  NOTE_MIGRATIONS,
  noteEvent,
  noteIntegrationEvent,
  notesConsumer,
  notesProjection,
  SampleNote,
  sqliteBusy,
} from './testing/notes';
import { CapturingLogger, eachTestWorld, READ_DB_BACKENDS } from './testing/read-dbs';

const NUL = '\u0000';
const refused = () => new DomainError('NOTE_REFUSED', 'note of 山田 花子 refused', 'R-TEST-1');

const notes = async (ds: DataSource): Promise<Record<string, string>> =>
  Object.fromEntries((await ds.getRepository(SampleNote).find()).map((n) => [n.streamId, n.applied]));

const letters = async (ds: DataSource, projection: string) =>
  (await ds.getRepository(DeadLetter).find({ where: { projection }, order: { id: 'ASC' } })).map((d) => ({ ...d }));

/** A note per stream per round, seq = the round: the streams interleave in the log. */
const interleaved = (streams: string[], rounds: number): Array<[string, number]> =>
  Array.from({ length: rounds }, (_, seq) => streams.map((stream): [string, number] => [stream, seq])).flat();

describe('dead letters: which failures are transient (issue 8)', () => {
  it('issue 8: given locks, lost connections, a full disk or a missing table, then they are transient; given data, constraint and domain errors, then they are not', () => {
    const wrap = (driverError: object) =>
      Object.assign(new Error('query failed'), { name: 'QueryFailedError', driverError, ...driverError });
    // An error of another realm (a native addon's, a test sandbox's) is judged by its shape.
    const foreign = runInNewContext(
      "Object.assign(new Error('database is locked'), { name: 'SqliteError', code: 'SQLITE_BUSY' })",
    ) as unknown;
    expect(foreign instanceof Error).toBe(false);
    expect(isTransientError(foreign)).toBe(true);
    expect(
      describeParkedError(
        runInNewContext(
          "Object.assign(new Error('NOT NULL constraint failed: t.c'), { name: 'SqliteError', code: 'SQLITE_CONSTRAINT_NOTNULL' })",
        ),
      ),
    ).toBe('SqliteError [SQLITE_CONSTRAINT_NOTNULL] NOT NULL constraint failed: t.c');
    expect(
      [
        wrap({ code: '42P01' }),
        Object.assign(new Error('SqliteError: no such table: sample_notes'), { name: 'QueryFailedError', code: 'SQLITE_ERROR' }),
      ].map(isTransientError),
    ).toEqual([true, true]);
    expect(
      [
        sqliteBusy(),
        connectionLost(),
        wrap({ code: '08006' }),
        wrap({ code: '40P01' }),
        wrap({ code: '53100' }),
        wrap({ code: 'SQLITE_FULL' }),
        Object.assign(new Error('x'), { code: 'ECONNRESET' }),
      ].map(isTransientError),
    ).toEqual([true, true, true, true, true, true, true]);
    expect(
      [
        wrap({ code: '22021' }),
        wrap({ code: '23505' }),
        wrap({ code: 'SQLITE_CONSTRAINT_NOTNULL' }),
        refused(),
        new TypeError("Cannot read properties of undefined (reading 'x')"),
      ].map(isTransientError),
    ).toEqual([false, false, false, false, false]);
  });

  it('issue 8: given a database error echoing a value, then the stored text keeps class, SQLSTATE, names and message but masks the value and never reads DETAIL', () => {
    const pgError = (code: string, message: string, extra: object = {}) =>
      Object.assign(new Error(message), {
        name: 'QueryFailedError',
        code,
        detail: 'Failing row contains (山田 花子, 090-1234-5678)',
        parameters: ['山田 花子'],
        ...extra,
      });
    expect(describeParkedError(pgError('22021', 'invalid byte sequence for encoding "UTF8": 0x00'))).toBe(
      'QueryFailedError [22021] invalid byte sequence for encoding "UTF8": 0x00',
    );
    expect(describeParkedError(pgError('22P02', 'invalid input syntax for type integer: "山田 花子"'))).toBe(
      'QueryFailedError [22P02] invalid input syntax for type integer: "…"',
    );
    expect(describeParkedError(pgError('22003', 'value "09012345678" is out of range for type integer'))).toBe(
      'QueryFailedError [22003] value "…" is out of range for type integer',
    );
    expect(describeParkedError(pgError('22021', 'invalid byte sequence for encoding "UTF8": 0xe5 0xb1'))).toBe(
      'QueryFailedError [22021] invalid byte sequence for encoding "UTF8": 0x…',
    );
    expect(
      describeParkedError(pgError('23505', 'duplicate key value violates unique constraint "pk_notes"', { constraint: 'pk_notes' })),
    ).toBe('QueryFailedError [23505] duplicate key value violates unique constraint "pk_notes" (constraint=pk_notes)');
    const notNull = describeParkedError(
      pgError('23502', 'null value in column "note" of relation "sample_notes" violates not-null constraint', {
        column: 'note',
        table: 'sample_notes',
      }),
    );
    expect(notNull).toBe(
      'QueryFailedError [23502] null value in column "note" of relation "sample_notes" violates not-null constraint (table=sample_notes, column=note)',
    );
    // A thrown error's own message may quote event data (JSON.parse does): only its class and code.
    expect(describeParkedError(refused())).toBe('DomainError [NOTE_REFUSED R-TEST-1]');
    expect(describeParkedError(new SyntaxError('Unexpected token \'山\', "山田 花子" is not valid JSON'))).toBe('SyntaxError');
  });
});

for (const backend of READ_DB_BACKENDS) {
  describeWith(backend.needs, `dead letters — ProjectionRunner, SQLite log → ${backend.name} read model (issue 8)`, () => {
    const world = eachTestWorld(backend.create, 'deadletters', { entities: NOTE_ENTITIES, migrations: NOTE_MIGRATIONS });
    const runner = (projection = notesProjection(), logger = new CapturingLogger(), maxAttempts = 3) =>
      world.track(
        new ProjectionRunner(world.log, world.ds, projection, { batchSize: 4, logger, maxAttempts, backoff: { initialMs: 5, maxMs: 50 } }),
      );
    /** Appends the notes `[stream, seq, note?]` in this order; returns the whole log. */
    const append = async (written: Array<[string, number, string?]>): Promise<RecordedEvent[]> => {
      for (const [stream, seq, note] of written) {
        const revision = await world.log.streamRevision(stream);
        await world.log.append(stream, [noteEvent(seq, note)], revision ?? 'no_stream');
      }
      return world.log.readAll();
    };

    it('issue 8: given a handler that throws deterministically on one event, when the runner meets it, then after 3 attempts it is parked with its error, the later events of its stream are parked behind it, other streams go on, and the checkpoint passes them', async () => {
      const a = `note-${newId()}`;
      const b = `note-${newId()}`;
      const all = await append([...interleaved([a, b], 3), [a, 3]]);
      const poisoned = all.find((e) => e.streamId === a && (e.data as { seq: number }).seq === 1) as RecordedEvent;
      let attempts = 0;
      let fixed = false;
      const logger = new CapturingLogger();
      const projection = notesProjection({ fault: (e) => (e.id === poisoned.id && !fixed ? (attempts++, refused()) : undefined) });
      const r = runner(projection, logger);
      await r.start();
      await eventually(() => r.caughtUp());

      expect(attempts).toBe(3);
      expect(await notes(world.ds)).toEqual({ [a]: '0', [b]: '0,1,2' });
      expect(await r.checkpoint()).toBe(all[all.length - 1].position);
      const parkedA = all.filter((e) => e.streamId === a && (e.data as { seq: number }).seq >= 1);
      expect(await letters(world.ds, 'sample-notes')).toEqual(
        parkedA.map((e, i) => ({
          id: expect.any(Number),
          projection: 'sample-notes',
          eventId: e.id,
          position: e.position,
          streamId: a,
          type: 'NoteWritten',
          error: i === 0 ? 'DomainError [NOTE_REFUSED R-TEST-1]' : `parked behind event ${poisoned.id} of its stream`,
          attempts: i === 0 ? 3 : 0,
          behindEventId: i === 0 ? null : poisoned.id,
          payload: null,
          parkedAt: expect.any(Date),
        })),
      );
      expect(await parkedCounts(world.ds)).toEqual([{ projection: 'sample-notes', parked: 3 }]);
      // A warning per parked event, naming it by id and position only.
      const warnings = logger.lines.filter((l) => l.level === 'warn').map((l) => l.message);
      expect(warnings).toHaveLength(3);
      expect(warnings[0]).toContain(`event ${poisoned.id} (NoteWritten) at position ${poisoned.position}`);
      expect(warnings[0]).toContain('after 3 attempt(s): DomainError [NOTE_REFUSED R-TEST-1]');
      expect(logger.lines.map((l) => l.message).join('\n')).not.toContain('山田');

      // Live: a new event of the parked stream waits behind it; a new stream goes on.
      const c = `note-${newId()}`;
      await append([
        [a, 4],
        [c, 0],
      ]);
      await eventually(async () => expect(await notes(world.ds)).toEqual({ [a]: '0', [b]: '0,1,2', [c]: '0' }));
      await eventually(async () => expect(await parkedCounts(world.ds)).toEqual([{ projection: 'sample-notes', parked: 4 }]));

      // The fix: retryParked applies them in log order, each with its dead letter's removal.
      fixed = true;
      expect(await r.retryParked()).toEqual({ applied: 4, stillParked: 0 });
      expect(await notes(world.ds)).toEqual({ [a]: '0,1,2,3,4', [b]: '0,1,2', [c]: '0' });
      expect(await parkedCounts(world.ds)).toEqual([]);
      await append([[a, 5]]);
      await eventually(async () => expect((await notes(world.ds))[a]).toBe('0,1,2,3,4,5'));
      expect(await r.checkpoint()).toBe((await world.log.readAll()).pop()?.position);
    });

    it('issue 8 (SQLSTATE 22021): given a text with U+0000, then PostgreSQL refuses it and the event is parked with the SQLSTATE and no value, SQLite stores it; either way the later event of another stream is applied, and after the fix retryParked applies it', async () => {
      const a = `note-${newId()}`;
      const b = `note-${newId()}`;
      await append([
        [a, 0, `山田${NUL}花子`],
        [b, 0],
      ]);
      const r = runner();
      await r.start();
      await eventually(() => r.caughtUp());
      const parked = await letters(world.ds, 'sample-notes');
      if (backend.name === 'PostgreSQL') {
        expect(await notes(world.ds)).toEqual({ [b]: '0' });
        expect(parked).toHaveLength(1);
        expect(parked[0].error).toBe('QueryFailedError [22021] invalid byte sequence for encoding "UTF8": 0x00');
        expect(parked[0].attempts).toBe(3);
        // The fix: a projection that drops U+0000 (text hygiene), run by the same name.
        await r.stop();
        expect(await runner(droppingNul(notesProjection())).retryParked()).toEqual({ applied: 1, stillParked: 0 });
        expect(await world.ds.getRepository(SampleNote).findOneByOrFail({ streamId: a })).toMatchObject({ note: '山田花子', applied: '0' });
      } else {
        expect(await notes(world.ds)).toEqual({ [a]: '0', [b]: '0' });
        expect(parked).toEqual([]);
        expect((await world.ds.getRepository(SampleNote).findOneByOrFail({ streamId: a })).note).toBe(`山田${NUL}花子`);
      }
      expect(await parkedCounts(world.ds)).toEqual([]);
    });

    it('issue 8: given SQLITE_BUSY once and a dropped connection once, then the event is retried with backoff and applied, never parked (even with maxAttempts 1)', async () => {
      const a = `note-${newId()}`;
      const all = await append(interleaved([a], 3));
      const failures = [sqliteBusy(), connectionLost()];
      const logger = new CapturingLogger();
      const r = runner(notesProjection({ fault: (e) => (e.id === all[1].id ? failures.shift() : undefined) }), logger, 1);
      await r.start();
      await eventually(() => r.caughtUp());
      expect(await notes(world.ds)).toEqual({ [a]: '0,1,2' });
      expect(await letters(world.ds, 'sample-notes')).toEqual([]);
      expect(logger.errors).toHaveLength(2);
      expect(logger.errors[0]).toContain('SqliteError [SQLITE_BUSY]');
      expect(failures).toEqual([]);
    });

    it('issue 8: given a missing table (a migration not run: wrong for every event alike), then the runner keeps retrying, parks nothing, and applies everything once the table exists', async () => {
      await world.reopen(NOTE_ENTITIES, []); // the entity, not its migration
      const a = `note-${newId()}`;
      await append(interleaved([a], 2));
      const logger = new CapturingLogger();
      const r = runner(notesProjection(), logger);
      await r.start();
      await eventually(() => expect(r.consecutiveFailures).toBeGreaterThanOrEqual(4));
      expect(await letters(world.ds, 'sample-notes')).toEqual([]);
      await withTransaction(world.ds, (tx) =>
        tx.query('CREATE TABLE sample_notes (stream_id varchar(300) PRIMARY KEY, note text NOT NULL, applied text NOT NULL)'),
      );
      await eventually(() => r.caughtUp());
      expect(await notes(world.ds)).toEqual({ [a]: '0,1' });
      expect(await letters(world.ds, 'sample-notes')).toEqual([]);
    });

    it('issue 8: given a handler that swallows its own database error (on PostgreSQL the transaction is aborted and the NEXT event fails with 25P02), then the event that failed is parked, not the next one', async () => {
      const [a, b] = [`note-${newId()}`, `note-${newId()}`];
      const all = await append([
        [a, 0, `山田${NUL}花子`],
        [b, 0],
      ]);
      const base = notesProjection();
      const swallowing: Projection = {
        ...base,
        async apply(event, tx) {
          try {
            await base.apply(event, tx);
          } catch {
            // the bug under test: an error swallowed inside the runner's transaction
          }
        },
      };
      const r = runner(swallowing);
      await r.start();
      await eventually(() => r.caughtUp());
      const parked = await letters(world.ds, 'sample-notes');
      if (backend.name === 'PostgreSQL') {
        expect(parked.map((l) => [l.eventId, l.attempts, l.error])).toEqual([
          [all[0].id, 3, 'QueryFailedError [25P02] current transaction is aborted, commands ignored until end of transaction block'],
        ]);
        expect(await notes(world.ds)).toEqual({ [b]: '0' });
      } else {
        expect(parked).toEqual([]); // SQLite stores U+0000, and a failed statement does not abort the transaction
        expect(await notes(world.ds)).toEqual({ [a]: '0', [b]: '0' });
      }
      expect(await r.checkpoint()).toBe(all[1].position);
    });

    it('issue 8 / R-AUD-1: given parked events, when the projection is rebuilt, then its dead letters are cleared and the replay parks again exactly what it still cannot apply', async () => {
      const a = `note-${newId()}`;
      const b = `note-${newId()}`;
      const all = await append(interleaved([a, b], 2));
      const projection = notesProjection({ fault: (e) => (e.id === all[0].id ? refused() : undefined) });
      const live = runner(projection, new CapturingLogger(), 1);
      await live.start();
      await eventually(() => live.caughtUp());
      const before = {
        notes: await notes(world.ds),
        letters: (await letters(world.ds, 'sample-notes')).map(({ eventId, error, behindEventId }) => ({ eventId, error, behindEventId })),
      };
      expect(before.letters.map((l) => l.eventId)).toEqual([all[0].id, all[2].id]);
      await live.stop();
      await runner(projection, new CapturingLogger(), 1).rebuild();
      expect({
        notes: await notes(world.ds),
        letters: (await letters(world.ds, 'sample-notes')).map(({ eventId, error, behindEventId }) => ({ eventId, error, behindEventId })),
      }).toEqual(before);
    });
  });

  describeWith(backend.needs, `dead letters — InboxConsumer, in-process bus → ${backend.name} read model (issue 8)`, () => {
    const world = eachTestWorld(backend.create, 'deadletters', {
      entities: NOTE_ENTITIES,
      migrations: NOTE_MIGRATIONS,
      bus: { initialBackoffMs: 5, maxBackoffMs: 50 },
    });
    let topic: string;
    beforeEach(() => (topic = `dlq${randomBytes(4).toString('hex')}`));

    const consumer = (
      name: string,
      fault?: (event: IntegrationEvent) => Error | undefined,
      logger = new CapturingLogger(),
      maxAttempts = 3,
    ) =>
      world.track(
        new InboxConsumer(world.bus, world.ds, notesConsumer(name, [topic], { fault }), { logger, maxAttempts, pruneEveryMs: 0 }),
      );

    it('issue 8: given an integration event the handler refuses, then after 3 deliveries it is parked with its inbox row, later events of its key wait behind it, other keys go on; a redelivery is a duplicate; after the fix retryParked applies them in order', async () => {
      const [a, b] = [`seeker-${newId()}`, `seeker-${newId()}`];
      const events = [
        noteIntegrationEvent(topic, a, 0),
        noteIntegrationEvent(topic, a, 1),
        noteIntegrationEvent(topic, a, 2),
        noteIntegrationEvent(topic, b, 0),
        noteIntegrationEvent(topic, b, 1),
      ];
      let fixed = false;
      let attempts = 0;
      const logger = new CapturingLogger();
      const c = consumer('notes-dlq', (e) => (e.id === events[1].id && !fixed ? (attempts++, refused()) : undefined), logger);
      await c.start();
      await world.bus.publish(topic, events);
      await eventually(() => expect(c.stats.applied + c.stats.parked).toBe(5));
      expect(attempts).toBe(3);
      expect(c.stats).toEqual({ applied: 3, duplicates: 0, failures: 3, parked: 2 });
      expect(await notes(world.ds)).toEqual({ [a]: '0', [b]: '0,1' });
      const parked = await letters(world.ds, 'notes-dlq');
      expect(
        parked.map(({ eventId, streamId, position, attempts: n, behindEventId, error }) => ({
          eventId,
          streamId,
          position,
          attempts: n,
          behindEventId,
          error,
        })),
      ).toEqual([
        {
          eventId: events[1].id,
          streamId: a,
          position: null,
          attempts: 3,
          behindEventId: null,
          error: 'DomainError [NOTE_REFUSED R-TEST-1]',
        },
        {
          eventId: events[2].id,
          streamId: a,
          position: null,
          attempts: 0,
          behindEventId: events[1].id,
          error: `parked behind event ${events[1].id} of its stream`,
        },
      ]);
      expect(JSON.parse(parked[0].payload as string)).toEqual(events[1]);
      expect(await world.ds.getRepository(InboxEntry).count({ where: { consumer: 'notes-dlq' } })).toBe(5);
      expect(await parkedCounts(world.ds)).toEqual([{ projection: 'notes-dlq', parked: 2 }]);
      expect(logger.lines.filter((l) => l.level === 'warn')).toHaveLength(2);
      expect(logger.lines.map((l) => l.message).join('\n')).not.toContain('山田');

      await world.bus.publish(topic, [events[1]]); // redelivered (a relay restarted): the inbox has it
      await eventually(() => expect(c.stats.duplicates).toBe(1));

      fixed = true;
      expect(await c.retryParked()).toEqual({ applied: 2, stillParked: 0 });
      expect(await notes(world.ds)).toEqual({ [a]: '0,1,2', [b]: '0,1' });
      await world.bus.publish(topic, [noteIntegrationEvent(topic, a, 3)]); // the key is no longer parked
      await eventually(async () => expect((await notes(world.ds))[a]).toBe('0,1,2,3'));
      expect(await parkedCounts(world.ds)).toEqual([]);
    });

    it('issue 8: given two event ids longer than the inbox key that share their first 64 characters, then both are applied once (the key is a hash, never a cut), and a redelivery is still a duplicate', async () => {
      const a = `seeker-${newId()}`;
      const prefix = 'x'.repeat(64);
      const first = { ...noteIntegrationEvent(topic, a, 0), id: `${prefix}-first` };
      const second = { ...noteIntegrationEvent(topic, a, 1), id: `${prefix}-second` };
      const c = consumer('notes-long-ids');
      expect(await c.receive(first)).toBe('applied');
      expect(await c.receive(second)).toBe('applied');
      expect(await c.receive(first)).toBe('duplicate');
      expect(await notes(world.ds)).toEqual({ [a]: '0,1' });
    });

    it('issue 8: given a parked event that still fails, when retried, then it stays parked with its attempts counted, and so do the later events of its key', async () => {
      const a = `seeker-${newId()}`;
      const events = [noteIntegrationEvent(topic, a, 0), noteIntegrationEvent(topic, a, 1)];
      const c = consumer('notes-still', (e) => (e.id === events[0].id ? refused() : undefined), new CapturingLogger(), 1);
      await c.start();
      await world.bus.publish(topic, events);
      await eventually(() => expect(c.stats.parked).toBe(2));
      expect(await c.retryParked()).toEqual({ applied: 0, stillParked: 2 });
      expect((await letters(world.ds, 'notes-still')).map((l) => [l.eventId, l.attempts])).toEqual([
        [events[0].id, 2],
        [events[1].id, 0],
      ]);
      expect(await notes(world.ds)).toEqual({});
    });

    it('issue 8 (SQLSTATE 22021): given an integration event with U+0000 in a text field, then PostgreSQL parks it (the payload stored escaped), SQLite applies it; a later event of another key is applied either way', async () => {
      const [a, b] = [`seeker-${newId()}`, `seeker-${newId()}`];
      const c = consumer('notes-nul');
      await c.start();
      await world.bus.publish(topic, [noteIntegrationEvent(topic, a, 0, `山田${NUL}花子`), noteIntegrationEvent(topic, b, 0)]);
      await eventually(() => expect(c.stats.applied + c.stats.parked).toBe(2));
      const parked = await letters(world.ds, 'notes-nul');
      if (backend.name === 'PostgreSQL') {
        expect(await notes(world.ds)).toEqual({ [b]: '0' });
        expect(parked.map((l) => l.error)).toEqual(['QueryFailedError [22021] invalid byte sequence for encoding "UTF8": 0x00']);
        expect((JSON.parse(parked[0].payload as string) as { data: { note: string } }).data.note).toBe(`山田${NUL}花子`);
      } else {
        expect(await notes(world.ds)).toEqual({ [a]: '0', [b]: '0' });
        expect(parked).toEqual([]);
      }
    });

    it('issue 8: given a handler that swallows its own database error, then on PostgreSQL (transaction aborted, COMMIT would roll back silently) the event is parked with 25P02, never counted as applied and lost; on SQLite it is applied', async () => {
      const [a, b] = [`seeker-${newId()}`, `seeker-${newId()}`];
      const base = notesConsumer('notes-swallow', [topic]);
      const c = world.track(
        new InboxConsumer(
          world.bus,
          world.ds,
          {
            ...base,
            async handle(event, tx) {
              try {
                await base.handle(event, tx);
              } catch {
                // the bug under test
              }
            },
          },
          { logger: new CapturingLogger(), pruneEveryMs: 0 },
        ),
      );
      await c.start();
      const events = [noteIntegrationEvent(topic, a, 0, `山田${NUL}花子`), noteIntegrationEvent(topic, b, 0)];
      await world.bus.publish(topic, events);
      await eventually(() => expect(c.stats.applied + c.stats.parked).toBe(2));
      const inbox = (await world.ds.getRepository(InboxEntry).find({ where: { consumer: 'notes-swallow' } })).map((r) => r.eventId).sort();
      expect(inbox).toEqual(events.map((e) => e.id).sort());
      if (backend.name === 'PostgreSQL') {
        expect(c.stats).toMatchObject({ applied: 1, parked: 1 });
        expect((await letters(world.ds, 'notes-swallow')).map((l) => [l.eventId, l.error])).toEqual([
          [events[0].id, 'QueryFailedError [25P02] current transaction is aborted, commands ignored until end of transaction block'],
        ]);
        expect(await notes(world.ds)).toEqual({ [b]: '0' });
      } else {
        expect(c.stats).toMatchObject({ applied: 2, parked: 0 });
        expect(await notes(world.ds)).toEqual({ [a]: '0', [b]: '0' });
      }
    });

    it('issue 8: given SQLITE_BUSY once and a dropped connection once, then the bus redelivers and the event is applied, never parked (even with maxAttempts 1)', async () => {
      const a = `seeker-${newId()}`;
      const events = [noteIntegrationEvent(topic, a, 0), noteIntegrationEvent(topic, a, 1)];
      const failures = [sqliteBusy(), connectionLost()];
      const c = consumer('notes-transient', (e) => (e.id === events[0].id ? failures.shift() : undefined), new CapturingLogger(), 1);
      await c.start();
      await world.bus.publish(topic, events);
      await eventually(() => expect(c.stats.applied).toBe(2));
      expect(c.stats).toEqual({ applied: 2, duplicates: 0, failures: 2, parked: 0 });
      expect(await notes(world.ds)).toEqual({ [a]: '0,1' });
      expect(await letters(world.ds, 'notes-transient')).toEqual([]);
    });
  });
}

for (const backend of READ_DB_BACKENDS) {
  describeWith(['kafka', ...backend.needs], `dead letters — InboxConsumer, Kafka → ${backend.name} read model (issue 8)`, () => {
    const world = eachTestWorld(backend.create, 'dlqkafka', { entities: NOTE_ENTITIES, migrations: NOTE_MIGRATIONS });

    it('issue 8: given an event the handler refuses on a real broker, then it is parked after 3 deliveries, the later event of its key behind it, and the partition goes on: the other key and a later good event are applied; after the fix retryParked applies both', async () => {
      const run = randomBytes(4).toString('hex');
      const topic = `dlq-kafka-${run}`;
      const bus = new KafkaBus({
        clientId: `dlq-${run}`,
        brokers: kafkaBrokers(),
        groupIdPrefix: `dlq-test-${run}-`,
        logger: () => undefined,
        consumer: {
          sessionTimeout: 6_000,
          heartbeatInterval: 300,
          rebalanceTimeout: 5_000,
          maxWaitTimeInMs: 100,
          retryBackoff: { initialMs: 20, maxMs: 200 },
        },
      });
      world.onTeardown(() => bus.close());
      await bus.ensureTopics([topic], 1); // one partition: the good events come after the refused one
      const [a, b] = [`seeker-${newId()}`, `seeker-${newId()}`];
      const events = [
        noteIntegrationEvent(topic, a, 0),
        noteIntegrationEvent(topic, a, 1),
        noteIntegrationEvent(topic, b, 0),
        noteIntegrationEvent(topic, a, 2),
        noteIntegrationEvent(topic, b, 1),
      ];
      let attempts = 0;
      let fixed = false;
      const c = world.track(
        new InboxConsumer(
          bus,
          world.ds,
          notesConsumer('notes-kafka', [topic], { fault: (e) => (e.id === events[1].id && !fixed ? (attempts++, refused()) : undefined) }),
          { logger: new CapturingLogger(), pruneEveryMs: 0 },
        ),
      );
      await c.start();
      await bus.publish(topic, events);
      await eventually(() => expect(c.stats.applied + c.stats.parked).toBe(5), 60_000);
      expect(attempts).toBe(3);
      expect(c.stats).toMatchObject({ applied: 3, parked: 2 });
      expect(await notes(world.ds)).toEqual({ [a]: '0', [b]: '0,1' });
      expect((await letters(world.ds, 'notes-kafka')).map((l) => [l.eventId, l.behindEventId])).toEqual([
        [events[1].id, null],
        [events[3].id, events[1].id],
      ]);
      fixed = true;
      expect(await c.retryParked()).toEqual({ applied: 2, stillParked: 0 });
      expect(await notes(world.ds)).toEqual({ [a]: '0,1,2', [b]: '0,1' });
    });
  });
}
