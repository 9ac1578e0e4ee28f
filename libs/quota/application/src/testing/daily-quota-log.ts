import { Clock, newId, tokyoDay } from '@hw/platform/core';
import { EventLog } from '@hw/platform/event-log';
import { DAILY_QUOTA_STREAM_PREFIX, MESSAGE_QUOTA_RESERVED, MessageQuotaReservedLogV1 } from '@hw/messaging/contracts';

/**
 * Writes what messaging's send path writes to the log, in the contract's shape
 * (`@hw/messaging/contracts`): one `MessageQuotaReserved` per accepted organisation message in
 * `daily-quota-<registrationId>-<yyyymmdd>` (Japan-time day of the send's instant), with the
 * stream's expected revision and the 1-based sequence, as the daily-quota decider does.
 */
export const reserveMessages = async (
  log: EventLog,
  clock: Clock,
  registrationId: string,
  count: number,
  options: { limit?: number; departmentId?: string; userId?: string } = {},
): Promise<void> => {
  for (let i = 0; i < count; i++) {
    const at = clock.now();
    const day = tokyoDay(at);
    const streamId = `${DAILY_QUOTA_STREAM_PREFIX}${registrationId}-${day}`;
    const revision = await log.streamRevision(streamId);
    const messageId = newId();
    const data: MessageQuotaReservedLogV1 = {
      registrationId,
      day,
      messageId,
      departmentId: options.departmentId ?? 'd1',
      userId: options.userId ?? 'u1',
      sequence: revision === undefined ? 1 : Number(revision) + 2,
      limit: options.limit ?? 1000,
      reservedAt: at.toISOString(),
    };
    await log.append(
      streamId,
      [
        {
          id: newId(),
          type: MESSAGE_QUOTA_RESERVED,
          schemaVersion: 1,
          data,
          metadata: { correlationId: newId(), principal: { kind: 'organisation-user', id: data.userId }, occurredAt: at.toISOString() },
        },
      ],
      revision === undefined ? 'no_stream' : revision,
    );
  }
};
