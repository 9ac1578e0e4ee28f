import { Principal, RecordedEvent } from '@hw/platform/core';

/**
 * A domain event as the log hands it to a relay or a projection, for specs that feed one in
 * directly: the stream and revision say where it stands; the rest defaults to one fixed,
 * staff-caused event at `occurredAt` (position = revision + 1, recorded when it occurred).
 */
export const recordedEvent = (
  event: { type: string; data: unknown },
  where: { streamId: string; revision?: number; occurredAt: string; principal?: Principal },
): RecordedEvent => {
  const revision = where.revision ?? 0;
  return {
    id: '01a214ce-296c-7699-8547-3fba17ef4400',
    streamId: where.streamId,
    revision: BigInt(revision),
    position: BigInt(revision + 1),
    recordedAt: new Date(where.occurredAt),
    type: event.type,
    schemaVersion: 1,
    data: event.data,
    metadata: { correlationId: 'c1', principal: where.principal ?? { kind: 'staff', id: 's1' }, occurredAt: where.occurredAt },
  };
};
