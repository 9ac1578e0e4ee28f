import { newId, tokyoDay } from '@hw/platform/core';
import { EventLog } from '@hw/platform/event-log';

/**
 * Operator actions are events (R-AUD-1; R-STF-2 for reveals): every export and retry is
 * appended to `operations-<yyyymmdd>` (Japan-time day) with who, when and why, before its
 * result is handed out — an action that could not be recorded is not done.
 */
export type OperatorAction =
  | {
      type: 'AuditBundleExported';
      data: { subjectKind: 'seeker' | 'registration'; subjectId: string; events: number; head: string; publicKeyFingerprint: string };
    }
  | { type: 'PersonalDataRevealed'; data: { replayed: string; seekerIds: string[]; events: number } }
  | { type: 'LogChainSealed'; data: { position: number; hash: string; publicKeyFingerprint: string } }
  | { type: 'ReadModelCompared'; data: { projection: string; events: number; equal: boolean; tables: unknown[] } }
  | {
      type: 'ReadModelPromoted';
      data: { projection: string; events: number; equal: boolean; tables: unknown[]; position: string };
    }
  | { type: 'ParkedEventsRetried'; data: { projection: string; service: string; applied: number; stillParked: number } };

export const operationsStreamOf = (at: Date): string => `operations-${tokyoDay(at)}`;

export const recordOperatorAction = async (
  log: EventLog,
  action: OperatorAction,
  who: { operator: string; reason: string; at: Date },
): Promise<{ streamId: string; position: bigint }> => {
  const streamId = operationsStreamOf(who.at);
  const id = newId();
  const result = await log.append(
    streamId,
    [
      {
        id,
        type: action.type,
        schemaVersion: 1,
        data: { ...action.data, operator: who.operator, reason: who.reason, at: who.at.toISOString() },
        metadata: { correlationId: id, principal: { kind: 'staff', id: who.operator }, occurredAt: who.at.toISOString() },
      },
    ],
    'any',
  );
  return { streamId, position: result.position };
};
