import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock, newId, ShiftedClock } from '@hw/platform/core';
import { PLATFORM_CLOCK_STREAM, platformClock, SqliteEventLog } from '@hw/platform/event-log';
import { loadConfig } from './config';
import { Infrastructure } from './infrastructure';

/**
 * Issue 15, the rehearsal clock: CLOCK_START=… with DEPLOYMENT=staging starts every service of a
 * deployment at that instant, shared by every process (the anchor is in the log), running
 * forward; every event records the real wall time beside the platform time.
 */
describe('rehearsal clock (CLOCK_START, issue 15)', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'hw-clock-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const START = '2027-06-30T23:59:00+09:00';

  /** Appends one event that occurred at `occurredAt` (the platform's time) to a new stream; returns the stream. */
  const appendProbe = async (infra: Infrastructure, occurredAt: string): Promise<string> => {
    const streamId = `clock-probe-${newId()}`;
    const metadata = { correlationId: newId(), principal: { kind: 'system' as const, id: 't' }, occurredAt };
    await infra.log.append(streamId, [{ id: newId(), type: 'Probed', schemaVersion: 1, data: {}, metadata }], 'no_stream');
    return streamId;
  };

  it('starts at CLOCK_START and runs forward with the wall clock', async () => {
    const log = new SqliteEventLog({ file: join(dir, 'events.sqlite') });
    const wall = new ManualClock('2026-12-02T01:00:00.000Z');
    const clock = await platformClock(log, new Date(START), wall);
    expect(clock.now().toISOString()).toBe('2027-06-30T14:59:00.000Z');
    wall.advance(90_000);
    // 23:59 JST + 90 s: the platform is in 1 July (Japan time), the wall clock still in 2026.
    expect(clock.now().toISOString()).toBe('2027-06-30T15:00:30.000Z');
    expect(clock.wallNow().toISOString()).toBe('2026-12-02T01:01:30.000Z');
    await log.close();
  });

  it('a second process (and a restart) with the same CLOCK_START takes the recorded anchor: one platform time; a new CLOCK_START sets it again, recorded', async () => {
    const file = join(dir, 'events.sqlite');
    const first = new SqliteEventLog({ file });
    const second = new SqliteEventLog({ file });
    const wall = new ManualClock('2026-12-02T01:00:00.000Z');
    const a = await platformClock(first, new Date(START), wall);
    wall.advance(5 * 60_000); // the second process starts five minutes later
    const b = await platformClock(second, new Date(START), wall);
    expect(b.now().toISOString()).toBe(a.now().toISOString());
    expect(b.now().toISOString()).toBe('2027-06-30T15:04:00.000Z');
    const moved = await platformClock(second, new Date('2027-09-30T23:00:00+09:00'), wall);
    expect(moved.now().toISOString()).toBe('2027-09-30T14:00:00.000Z');
    const settings = (await first.readStream(PLATFORM_CLOCK_STREAM)).map((e) => e.data);
    expect(settings).toEqual([
      { start: '2027-06-30T14:59:00.000Z', wallAt: '2026-12-02T01:00:00.000Z' },
      { start: '2027-09-30T14:00:00.000Z', wallAt: '2026-12-02T01:05:00.000Z' },
    ]);
    await first.close();
    await second.close();
  });

  it('Infrastructure: every service of the process shares the one clock; two processes on one data directory agree; an appended event records the wall time beside the platform time', async () => {
    const config = loadConfig({ DATA_DIR: dir, DEPLOYMENT: 'staging', CLOCK_START: START, LOG_LEVEL: 'error' });
    const one = await Infrastructure.create(config);
    const two = await Infrastructure.create(config);
    expect(one.clock).toBeInstanceOf(ShiftedClock);
    const [c1, c2] = [one.clock as ShiftedClock, two.clock as ShiftedClock];
    expect(c2.offsetMs).toBe(c1.offsetMs);
    expect(c1.now().getTime()).toBeGreaterThanOrEqual(new Date(START).getTime());
    const occurredAt = one.clock.now().toISOString();
    const streamId = await appendProbe(one, occurredAt);
    const [event] = await two.log.readStream(streamId);
    expect(event.metadata.occurredAt).toBe(occurredAt);
    const wallClockAt = Date.parse(event.metadata.wallClockAt as string);
    expect(Math.abs(wallClockAt - event.recordedAt.getTime())).toBeLessThan(60_000); // the real time, not 2027
    expect(new Date(occurredAt).getTime() - wallClockAt).toBeGreaterThan(24 * 3600_000);
    await one.close();
    await two.close();
  });

  it('without CLOCK_START the platform runs on the wall clock and events carry no second time', async () => {
    const infra = await Infrastructure.create(loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'error' }));
    expect(infra.clock).not.toBeInstanceOf(ShiftedClock);
    const streamId = await appendProbe(infra, infra.clock.now().toISOString());
    expect((await infra.log.readStream(streamId))[0].metadata.wallClockAt).toBeUndefined();
    await infra.close();
  });
});
