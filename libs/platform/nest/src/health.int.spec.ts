import { DomainError, newId } from '@hw/platform/core';
import { parkedCounts, Projection } from '@hw/platform/projections';
import {
  droppingNul,
  eachTestWorld,
  NOTE_ENTITIES,
  NOTE_MIGRATIONS,
  noteEvent,
  notesProjection,
  READ_DB_BACKENDS,
  SampleNote,
  sqliteBusy,
} from '@hw/platform/projections/testing';
import { describeWith, eventually } from '@hw/platform/testing';
import { BackgroundWork, ServiceDefinition } from './platform.module';
import { Probes, startProbes } from './testing/probes';

const NUL = '\u0000';
const ok = { status: 'ok', service: 'messaging', eventLog: 'ok', readDb: 'ok' };

for (const backend of READ_DB_BACKENDS) {
  describeWith(backend.needs, `GET /health, /health/ready — ${backend.name} read model (issue 8)`, () => {
    const world = eachTestWorld(backend.create, 'health', { entities: NOTE_ENTITIES, migrations: NOTE_MIGRATIONS });
    let background: BackgroundWork;
    let get: Probes['get'];
    /** The "bug": refuses a note (SQLite) or writes U+0000 into a text column PostgreSQL refuses; false after the fix. */
    let buggy: boolean;
    let transient: boolean;
    let relayBroken: boolean;
    let consumerBroken: boolean;

    const written = notesProjection({
      name: 'health-notes',
      fault: (event) => {
        const { note } = event.data as { note: string };
        if (transient) return sqliteBusy();
        if (buggy && backend.name === 'SQLite' && note.includes(NUL)) return new DomainError('NOTE_REFUSED', 'refused', 'R-TEST-1');
        return undefined;
      },
    });
    const fixed = droppingNul(written);
    const notes: Projection = { ...written, apply: (event, tx) => (buggy ? written : fixed).apply(event, tx) };

    const append = (stream: string, note: string) => world.log.append(stream, [noteEvent(0, note)], 'no_stream');
    const stored = async () => (await world.ds.getRepository(SampleNote).find()).map((n) => n.streamId).sort();
    /** /health/ready answers 503 naming the runner `name` as retrying, once it failed 5 times in a row. */
    const stalled = (name: string) =>
      eventually(async () => {
        const ready = await get('/health/ready');
        expect(ready).toMatchObject({ status: 503, body: { code: 'NOT_READY', status: 'not-ready', retrying: [{ name }] } });
        expect((ready.body.retrying as Array<{ failures: number }>)[0].failures).toBeGreaterThanOrEqual(5);
      });
    /** /health/ready answers 200 and ok again (a runner recovered: up to a minute of backoff). */
    const readyAgain = () => eventually(async () => expect(await get('/health/ready')).toEqual({ status: 200, body: ok }), 60_000);

    beforeEach(async () => {
      buggy = true;
      transient = false;
      relayBroken = false;
      consumerBroken = false;
      const definition: ServiceDefinition = {
        service: 'messaging',
        projections: [notes],
        consumers: [
          {
            name: 'health-consumer',
            topics: ['health-notes'],
            async handle() {
              if (consumerBroken) throw Object.assign(new Error('Connection terminated unexpectedly'), { code: 'ECONNRESET' });
            },
          },
        ],
        relay: {
          streamPrefixes: ['note-'],
          translate: () => {
            if (relayBroken) throw new TypeError('translation failed');
            return null;
          },
        },
      };
      ({ background, get } = await startProbes(world, definition));
    });

    it('issue 8: given a projection that cannot apply an event, then /health stays 200 but degraded and /health/ready is 503 naming the projection and its parked count; after the fix retryParked applies it and both are ok again', async () => {
      expect(await get('/health')).toEqual({ status: 200, body: ok });
      expect(await get('/health/ready')).toEqual({ status: 200, body: ok });

      const [poisoned, later] = [`note-${newId()}`, `note-${newId()}`];
      await append(poisoned, `山田${NUL}花子`);
      await append(later, '佐藤');
      await eventually(async () => expect(await stored()).toEqual([later])); // the later stream is projected

      const details = { ...ok, projections: [{ name: 'health-notes', parked: 1 }] };
      await eventually(async () => expect(await get('/health')).toEqual({ status: 200, body: { ...details, status: 'degraded' } }));
      const ready = await get('/health/ready');
      expect(ready).toEqual({ status: 503, body: { statusCode: 503, code: 'NOT_READY', ...details, status: 'not-ready' } });
      expect(JSON.stringify(ready.body)).not.toContain('山田');

      buggy = false; // the fix
      expect(await background.retryParked('health-notes')).toEqual({ applied: 1, stillParked: 0 });
      expect(await stored()).toEqual([later, poisoned].sort());
      expect(await get('/health')).toEqual({ status: 200, body: ok });
      expect(await get('/health/ready')).toEqual({ status: 200, body: ok });
    });

    it('issue 8: given a runner retrying a transient error, then /health is degraded with its failures, and /health/ready is 503 once it failed 5 times in a row; ok again when it recovers', async () => {
      transient = true;
      await append(`note-${newId()}`, 'ok');
      await stalled('health-notes');
      expect((await get('/health')).body).toMatchObject({ status: 'degraded', retrying: [{ name: 'health-notes' }] });
      expect((await get('/health')).status).toBe(200);
      transient = false;
      await readyAgain();
      expect(await stored()).toHaveLength(1);
    });

    it('issue 8: given an inbox consumer retrying a lost connection, then /health/ready is 503 naming it once an event failed 5 times, and ok again when it recovers', async () => {
      consumerBroken = true;
      await world.bus.publish('health-notes', [
        { id: newId(), type: 'health.NoteWritten.v1', key: `note-${newId()}`, occurredAt: new Date().toISOString(), data: {} },
      ]);
      await stalled('health-consumer');
      consumerBroken = false;
      await readyAgain();
      expect(await parkedCounts(world.ds)).toEqual([]); // transient: retried, never parked
    });

    it('issue 8: given a relay that keeps failing (it never parks: consumers would miss the event), then /health/ready is 503 naming it once it failed 5 times in a row, and ok again when it recovers', async () => {
      relayBroken = true;
      await background.startRelay();
      await append(`note-${newId()}`, 'ok');
      await stalled('relay-messaging');
      relayBroken = false;
      await readyAgain();
    });
  });
}
