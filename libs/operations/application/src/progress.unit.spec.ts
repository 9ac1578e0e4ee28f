import { rebuildProgress } from './progress';

/** Issue 12: a rebuild shows processed / total, events per second and the time left; plain lines when not on a terminal. */
describe('rebuild progress (not on a terminal)', () => {
  const setUp = () => {
    let now = 0;
    const err: string[] = [];
    const progress = rebuildProgress(
      'quota-daily-counts',
      10_000n,
      { out: () => undefined, err: (l) => err.push(l) },
      {
        tty: false,
        everyMs: 1000,
        clock: () => now,
      },
    );
    return { progress, err, advance: (ms: number) => (now += ms) };
  };

  it('given events applied over time, then one plain line per interval says position of total, events applied, events per second and ETA', () => {
    const { progress, err, advance } = setUp();
    for (let position = 1; position <= 2500; position++) {
      if (position === 2500) advance(1000); // 2,500 events in the first second
      progress.tick(BigInt(position));
    }
    expect(err).toEqual(['quota-daily-counts: position 2,500 / 10,000 (25%), 2,500 event(s) applied, 2,500 events/s, ETA 3 s']);
    // Ticks within the interval print nothing more.
    progress.tick(2501n);
    expect(err).toHaveLength(1);
  });

  it('given the build is done, then the last line says 100 % and ETA 0 s, and the figures are returned', () => {
    const { progress, err, advance } = setUp();
    for (let position = 1; position <= 4000; position++) progress.tick(BigInt(position));
    advance(2000);
    const done = progress.done();
    expect(done).toEqual({ events: 4000, ms: 2000, perSecond: 2000 });
    expect(err[err.length - 1]).toBe(
      'quota-daily-counts: position 10,000 / 10,000 (100%), 4,000 event(s) applied, 2,000 events/s, ETA 0 s',
    );
  });

  it('given log lines while it runs, then they are printed as they come (logs stay visible)', () => {
    const { progress, err } = setUp();
    progress.log('quota-daily-counts: parked event 01… (MessageQuotaReserved) at position 7');
    expect(err).toEqual(['quota-daily-counts: parked event 01… (MessageQuotaReserved) at position 7']);
  });
});
