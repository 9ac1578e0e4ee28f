import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Started, startProcess, waitForHealth } from './support/processes';

/**
 * Issue 15, the rehearsal clock as a user starts it: two launcher processes of one staging
 * deployment (SERVICES=quota,complaints on 3664 and 3669, SERVICES=messaging on 3665, one DATA_DIR), both with
 * CLOCK_START. The second starts after the first is up; both report the same platform time
 * (their offset from the wall clock is one), 30 June 2027 in Japan, and say so loudly at start.
 */
const CLOCK_START = '2027-06-30T12:00:00+09:00';

interface Health {
  clock?: { platform: string; wall: string; start: string };
}

describe('CLOCK_START across processes (issue 15)', () => {
  let dataDir: string;
  const started: Started[] = [];

  beforeAll(() => (dataDir = mkdtempSync(join(tmpdir(), 'hw-rehearsal-'))));
  afterAll(async () => {
    for (const p of started) await p.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('every service of every process shares one platform time that started at CLOCK_START and runs forward', async () => {
    const env = { DATA_DIR: dataDir, DEPLOYMENT: 'staging', CLOCK_START };
    const quota = startProcess('apps/launcher/src/main.ts', {
      ...env,
      SERVICES: 'quota,complaints',
      QUOTA_PORT: '3664',
      COMPLAINTS_PORT: '3669',
    });
    started.push(quota);
    await waitForHealth(3664, quota);
    await waitForHealth(3669, quota);
    const messaging = startProcess('apps/launcher/src/main.ts', { ...env, SERVICES: 'messaging', MESSAGING_PORT: '3665' });
    started.push(messaging);
    await waitForHealth(3665, messaging);

    const health = async (port: number) => ((await (await fetch(`http://127.0.0.1:${port}/health`)).json()) as Health).clock;
    const [a, b, c] = [await health(3664), await health(3665), await health(3669)];
    if (!a || !b || !c) throw new Error(`no clock in /health: ${JSON.stringify({ a, b, c })}`);
    const offset = (c: NonNullable<Health['clock']>) => Date.parse(c.platform) - Date.parse(c.wall);
    // The same anchor (the log's platform-clock stream): the offsets agree to the millisecond or two
    // a health answer takes between its two readings — not the seconds between the two starts.
    expect(Math.abs(offset(a) - offset(b))).toBeLessThanOrEqual(5);
    expect(Math.abs(offset(a) - offset(c))).toBeLessThanOrEqual(5); // two services of one process
    expect(c.start).toBe(a.start);
    expect(a.start).toBe('2027-06-30T03:00:00.000Z');
    expect(b.start).toBe(a.start);
    expect(Date.parse(b.platform)).toBeGreaterThanOrEqual(Date.parse(a.platform)); // runs forward
    expect(Date.parse(a.platform)).toBeGreaterThanOrEqual(Date.parse(a.start));
    for (const p of [quota, messaging])
      expect(p.output()).toMatch(/REHEARSAL CLOCK \(DEPLOYMENT=staging\): CLOCK_START=2027-06-30T12:00:00\+09:00/);
  }, 120_000);
});
