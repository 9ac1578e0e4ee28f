import { EntityManager } from 'typeorm';
import { RecordedEvent } from '@hw/platform/core';
import { Projection, runSql } from '@hw/platform/projections';
import { DAILY_QUOTA_STREAM_PREFIX, MESSAGE_QUOTA_RESERVED, MessageQuotaReservedLogV1 } from '@hw/messaging/contracts';

/**
 * Daily counts per registration (R-MSG-2), projected from messaging's daily-quota streams
 * (`daily-quota-<registrationId>-<yyyymmdd>`, the log-level contract in `@hw/messaging/contracts`).
 * Every `MessageQuotaReserved` is one organisation message counted against that Japan-time day:
 * the same events messaging decided the limit on, so the read model counts exactly what the
 * log holds (a retried send reserved once, R-MSG-8, is one event).
 *
 * One portable upsert per event (ON CONFLICT … DO UPDATE … WHERE, SQLite and PostgreSQL). The
 * runner commits the rows and its checkpoint together; the `last_position` guard also makes a
 * re-applied event a no-op (idempotent on its own, R-AUD-1). Nothing here depends on the time
 * of projection, so a rebuild gives the same rows.
 */
export const dailyQuotaProjection: Projection = {
  name: 'quota-daily-counts',
  streamPrefixes: [DAILY_QUOTA_STREAM_PREFIX],
  tables: ['quota_days'],
  async apply(recorded: RecordedEvent, tx: EntityManager): Promise<void> {
    if (recorded.type !== MESSAGE_QUOTA_RESERVED) return;
    const d = recorded.data as MessageQuotaReservedLogV1;
    await runSql(
      tx,
      `INSERT INTO quota_days (registration_id, day, sent, day_limit, first_reserved_at, last_reserved_at, last_position)
       VALUES (:registrationId, :day, 1, :limit, :reservedAt, :reservedAt, :position)
       ON CONFLICT (registration_id, day) DO UPDATE SET
         sent = quota_days.sent + 1,
         day_limit = excluded.day_limit,
         last_reserved_at = excluded.last_reserved_at,
         last_position = excluded.last_position
       WHERE quota_days.last_position < excluded.last_position`,
      { registrationId: d.registrationId, day: d.day, limit: d.limit, reservedAt: d.reservedAt, position: recorded.position.toString() },
    );
  },
};
