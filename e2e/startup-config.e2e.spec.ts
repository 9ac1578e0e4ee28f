import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startProcess } from './support/processes';

/**
 * Issue 15, "configuration that explains itself": the launcher (`npm start`'s entry point) with
 * one bad setting stops before any service listens, exit code 2, and says why in ONE line on
 * stderr — the setting, for STAFF_ACCOUNTS the entry's index and field, what it accepts — and no
 * stack trace. Every port is 0: should a service start after all, it takes a free port.
 */

const PORTS = Object.fromEntries(
  ['GATEWAY', 'REGISTRATION', 'MATCHING', 'MESSAGING', 'QUOTA', 'COMPLAINTS', 'REPORTING'].map((s) => [`${s}_PORT`, '0']),
);
const staff = { login: 'counter-shinjuku', password: 'counter password 1', role: 'counter', officeCode: '13010' };

const cases: Array<{ name: string; env: Record<string, string>; line: RegExp; secret?: string }> = [
  {
    name: "R-STF-1: a STAFF_ACCOUNTS entry's unknown role (entry 1, field role, the four roles)",
    env: { STAFF_ACCOUNTS: JSON.stringify([staff, { ...staff, login: 'clerk-1', role: 'clerk' }]) },
    line: /^invalid configuration: STAFF_ACCOUNTS\[1\]\.role: accepts one of counter, complaint-desk, bureau-officer, hq-auditor, got "clerk"$/,
  },
  {
    name: "a STAFF_ACCOUNTS entry's short password (named, never repeated)",
    env: { STAFF_ACCOUNTS: JSON.stringify([{ ...staff, password: 'pw-short' }]) },
    line: /^invalid configuration: STAFF_ACCOUNTS\[0\]\.password: accepts at least 12 characters$/,
    secret: 'pw-short',
  },
  {
    name: 'STAFF_ACCOUNTS that is not JSON',
    env: { STAFF_ACCOUNTS: '[{"login":' },
    line: /^invalid configuration: STAFF_ACCOUNTS: accepts a JSON array of \{login, password, role, officeCode\?, prefecture\?\}; not JSON/,
  },
  {
    name: 'a platform setting (BUS) with its accepted values',
    env: { BUS: 'rabbit' },
    line: /^invalid configuration: BUS: must be one of the following values: in-process, kafka, got "rabbit"$/,
  },
  {
    name: 'CLOCK_START without a DEPLOYMENT that says it is not production (issue 15: the default is production)',
    env: { CLOCK_START: '2027-06-30T23:59:00+09:00' },
    line: /^invalid configuration: CLOCK_START: is refused in production — set DEPLOYMENT=staging or DEPLOYMENT=development/,
  },
  {
    name: 'SERVICES naming a service that does not exist',
    env: { SERVICES: 'registration,registraton' },
    line: /^invalid configuration: SERVICES: accepts a comma-separated subset of registration, matching, messaging, quota, complaints, reporting, gateway, got "registraton"$/,
  },
  {
    name: "a later service's own policy (complaints' COMPLAINT_ACK_DAYS, R-CMP-1): refused before the first service listens",
    env: { COMPLAINT_ACK_DAYS: '0' },
    line: /^invalid configuration: COMPLAINT_ACK_DAYS: must be an integer 1–90 \(R-CMP-1\), got "0"$/,
  },
];

describe('start-up with an invalid setting (issue 15)', () => {
  let dataDir: string;
  beforeAll(() => (dataDir = mkdtempSync(join(tmpdir(), 'hw-startup-config-'))));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it.each(cases)(
    '$name: exit 2, one line on stderr, no stack trace, nothing listening',
    async ({ env, line, secret }) => {
      let stderr = '';
      const started = startProcess('apps/launcher/src/main.ts', { ...PORTS, DATA_DIR: dataDir, ...env });
      started.process.stderr?.on('data', (d) => (stderr += d));
      const code = await Promise.race([started.exited, new Promise<string>((r) => setTimeout(() => r('still running'), 30_000).unref())]);
      await started.stop();
      const lines = stderr.split('\n').filter((l) => l.trim() !== '');
      expect({ code, lines }).toEqual({ code: 2, lines: [expect.stringMatching(line)] });
      expect(started.output()).not.toMatch(/^\s+at /m);
      expect(started.output()).not.toMatch(/listening on/);
      if (secret) expect(started.output()).not.toContain(secret);
    },
    60_000,
  );
});
