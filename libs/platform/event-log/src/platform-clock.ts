import { decorateEventLog } from './decorated-event-log';
import { Clock, EventToAppend, newId, ShiftedClock, systemClock } from '@hw/platform/core';
import { EventLog, WrongExpectedRevisionError } from './event-log.port';

type EventToAppendList = EventToAppend[];

/** The stream recording each setting of a rehearsal clock: when (wall time) the platform was set to which instant. */
export const PLATFORM_CLOCK_STREAM = 'platform-clock';

interface ClockSet {
  start: string;
  wallAt: string;
}

/**
 * The rehearsal clock of CLOCK_START, shared by every process of the deployment: the first
 * process to start with a CLOCK_START records `{ start, wallAt }` on the `platform-clock`
 * stream; any process (or restart) with the same CLOCK_START reuses that anchor, so all read the
 * same platform time and it keeps running forward across restarts. A different CLOCK_START sets
 * the clock again (a new event: the log says when the platform's time was moved, and to what).
 */
export const platformClock = async (log: EventLog, start: Date, wall: Clock = systemClock): Promise<ShiftedClock> => {
  for (let attempt = 0; ; attempt++) {
    const events = await log.readStream(PLATFORM_CLOCK_STREAM);
    const last = events.at(-1);
    const set = last?.data as ClockSet | undefined;
    if (set && new Date(set.start).getTime() === start.getTime()) return new ShiftedClock(start, new Date(set.wallAt), wall);
    const wallAt = wall.now();
    const event: EventToAppendList[number] = {
      id: newId(),
      type: 'PlatformClockSet',
      schemaVersion: 1,
      data: { start: start.toISOString(), wallAt: wallAt.toISOString() } satisfies ClockSet,
      metadata: {
        correlationId: newId(),
        principal: { kind: 'system', id: 'platform-clock' },
        occurredAt: start.toISOString(),
        wallClockAt: wallAt.toISOString(),
      },
    };
    try {
      await log.append(PLATFORM_CLOCK_STREAM, [event], last ? last.revision : 'no_stream');
      return new ShiftedClock(start, wallAt, wall);
    } catch (error) {
      // Another process set it at the same moment: read again and take its anchor.
      if (!(error instanceof WrongExpectedRevisionError) || attempt >= 5) throw error;
    }
  }
};

/**
 * The log as services see it under a rehearsal clock: every appended event also records the real
 * wall time (`metadata.wallClockAt`) beside the platform time (`occurredAt`). Without a rehearsal
 * clock the two are one, and nothing is added.
 */
export const withWallTime = (log: EventLog, wall: Clock): EventLog => {
  const stamp = (events: EventToAppendList): EventToAppendList =>
    events.map((e) => ({ ...e, metadata: { ...e.metadata, wallClockAt: wall.now().toISOString() } }));
  return decorateEventLog(log, {
    append: (streamId, events, expected) => log.append(streamId, stamp(events), expected),
    appendMulti: (appends) => log.appendMulti(appends.map((a) => ({ ...a, events: stamp(a.events) }))),
  });
};
