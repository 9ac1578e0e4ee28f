import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { ManualClock, newId } from '@hw/platform/core';
import { SqliteEventLog } from '@hw/platform/event-log';
import { ProjectionRunner, withTransaction } from '@hw/platform/projections';
import { postgresReadDb, sqliteReadDb, TestReadDb } from '@hw/platform/projections/testing';
import { describeWith } from '@hw/platform/testing';
import { DAILY_QUOTA_STREAM_PREFIX, MessageQuotaReservedLogV1 } from '@hw/messaging/contracts';
import { countReservations } from '@hw/quota/domain';
import { dailyQuotaProjection } from './daily-quota.projection';
import { QUOTA_ENTITIES, QuotaDay } from './entities';
import { QUOTA_MIGRATIONS } from './migrations';
import { reserveMessages } from './testing/daily-quota-log';

const rows = async (ds: DataSource) =>
  (await ds.getRepository(QuotaDay).find({ order: { registrationId: 'ASC', day: 'ASC' } })).map((r) => ({
    ...r,
    lastPosition: String(r.lastPosition),
  }));

/**
 * The daily counts on a real SQLite log: N sends across the Japan-time day boundary
 * (23:59:59.999 / 00:00:00.000 JST, injected clock), live and caught up; the rows equal what the
 * log holds; re-applying an event changes nothing; a rebuild gives the same rows (R-AUD-1).
 */
const scenario = async (db: TestReadDb) => {
  const dir = mkdtempSync(join(tmpdir(), 'hw-quota-log-'));
  const log = new SqliteEventLog({ file: join(dir, 'events.sqlite'), pollIntervalMs: 10 });
  const ds = await db.open(QUOTA_ENTITIES, QUOTA_MIGRATIONS);
  const runner = new ProjectionRunner(log, ds, dailyQuotaProjection);
  const clock = new ManualClock('2026-11-25T14:59:59.000Z'); // 23:59:59.000 JST, 25 Nov
  const a = `reg-${newId()}`;
  const b = `reg-${newId()}`;
  try {
    // Before the runner starts (catch-up) …
    await reserveMessages(log, clock, a, 7, { limit: 10 });
    await reserveMessages(log, clock, b, 3, { limit: 10 });
    // Events of other streams are not counted.
    await log.append(
      `thread-${newId()}`,
      [
        {
          id: newId(),
          type: 'OrganisationMessageSent',
          schemaVersion: 1,
          data: { registrationId: a },
          metadata: { correlationId: newId(), principal: { kind: 'system', id: 't' }, occurredAt: clock.now().toISOString() },
        },
      ],
      'no_stream',
    );
    await runner.start();
    // … and live, across the boundary.
    clock.set('2026-11-25T14:59:59.999Z');
    await reserveMessages(log, clock, a, 2, { limit: 10 });
    clock.set('2026-11-25T15:00:00.000Z'); // 00:00:00.000 JST, 26 Nov
    await reserveMessages(log, clock, a, 5, { limit: 12 });
    await reserveMessages(log, clock, b, 1, { limit: 12 });
    await runner.caughtUp();

    const live = await rows(ds);
    const mine = live.filter((r) => r.registrationId === a || r.registrationId === b);
    expect(mine.map((r) => [r.registrationId, r.day, r.sent, r.dayLimit])).toEqual(
      [
        [a, '20261125', 9, 10],
        [a, '20261126', 5, 12],
        [b, '20261125', 3, 10],
        [b, '20261126', 1, 12],
      ].sort((x, y) => `${x[0]}${x[1]}`.localeCompare(`${y[0]}${y[1]}`)),
    );
    // Exactly what the log holds (the reference fold over the log's reservations).
    const reservations = await log.readAll({ streamPrefixes: [DAILY_QUOTA_STREAM_PREFIX] });
    const expected = [...countReservations(reservations.map((e) => e.data as MessageQuotaReservedLogV1)).values()];
    expect(live.map((r) => ({ registrationId: r.registrationId, day: r.day, sent: r.sent, limit: r.dayLimit }))).toEqual(
      expected.sort((x, y) => `${x.registrationId}${x.day}`.localeCompare(`${y.registrationId}${y.day}`)),
    );
    expect(live.reduce((n, r) => n + r.sent, 0)).toBe(reservations.length);
    expect(mine.find((r) => r.registrationId === a && r.day === '20261125')).toMatchObject({
      firstReservedAt: '2026-11-25T14:59:59.000Z',
      lastReservedAt: '2026-11-25T14:59:59.999Z',
    });

    // Idempotent on its own: an event applied again (a redelivered batch) is not counted twice.
    await withTransaction(ds, async (tx) => {
      for (const event of reservations.slice(-3)) await dailyQuotaProjection.apply(event, tx);
    });
    expect(await rows(ds)).toEqual(live);

    // R-AUD-1: the rebuilt read model equals the live one, row by row.
    await runner.rebuild();
    expect(await rows(ds)).toEqual(live);
  } finally {
    await runner.stop();
    await db.dispose();
    await log.close();
    rmSync(dir, { recursive: true, force: true });
  }
};

describe('dailyQuotaProjection — SQLite log, SQLite read DB', () => {
  it('R-MSG-2 / R-AUD-1: counts per Japan-time day equal the log across 00:00 JST; idempotent; a rebuild gives the same rows', () =>
    scenario(sqliteReadDb('quota-read')));
});

describeWith(['postgres'], 'dailyQuotaProjection — SQLite log, PostgreSQL read DB', () => {
  it('R-MSG-2 / R-AUD-1: the same rows with the same portable SQL', () => scenario(postgresReadDb('quota')));
});
