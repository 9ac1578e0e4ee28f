import { RecordedEvent } from '@hw/platform/core';
import { EventLog } from '@hw/platform/event-log';
import { EventPlace, eventsAfter, placeOf } from './context';
import { maskPersonalData } from './masking';
import { table, toJson } from './output';
import { Revealer, revealedData } from './reveal';

/** One replayed event as an auditor reads it; personal data only as a marker (R-AUD-1, R-AUD-2). */
export interface ReplayedEvent extends EventPlace {
  occurredAt: string;
  recordedAt: string;
  principal: string;
  correlationId: string;
  causationId: string | null;
  data: unknown;
}

export const replayed = (event: RecordedEvent, revealer?: Revealer): ReplayedEvent => ({
  ...placeOf(event),
  occurredAt: String(event.metadata?.occurredAt ?? ''),
  recordedAt: event.recordedAt.toISOString(),
  principal: event.metadata?.principal ? `${event.metadata.principal.kind}:${event.metadata.principal.id}` : '',
  correlationId: String(event.metadata?.correlationId ?? ''),
  causationId: event.metadata?.causationId ?? null,
  data: revealer ? revealedData(event, revealer) : maskPersonalData(event.data),
});

/** One stream, in revision order. */
export const readOneStream = (log: EventLog, streamId: string): Promise<RecordedEvent[]> => log.readStream(streamId);

/** Every stream whose id starts with the prefix, in global order. */
export const readStreamsWithPrefix = async (log: EventLog, prefix: string): Promise<RecordedEvent[]> => {
  const events: RecordedEvent[] = [];
  for await (const event of eventsAfter(log, undefined, [prefix])) events.push(event);
  return events;
};

export const renderReplay = (events: RecordedEvent[], json: boolean, revealer?: Revealer): string[] => {
  const rows = events.map((e) => replayed(e, revealer));
  if (json) return rows.map((r) => toJson(r));
  return table(
    ['POS', 'STREAM', 'REV', 'TIME', 'TYPE', 'V', 'PRINCIPAL', 'CORRELATION', 'CAUSATION', 'DATA'],
    rows.map((r) => [
      r.position,
      r.streamId,
      r.revision,
      r.occurredAt,
      r.type,
      String(r.schemaVersion),
      r.principal,
      r.correlationId,
      r.causationId ?? '-',
      toJson(r.data),
    ]),
  );
};
