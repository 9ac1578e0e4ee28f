import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { newId } from '@hw/platform/core';
import { SqliteEventLog } from '@hw/platform/event-log';
import { loadConfig } from '@hw/platform/nest';
import { PersonalDataService } from '@hw/registration/application';

const ROOT = join(__dirname, '..', '..', '..');
const run = async (args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> => {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [join(ROOT, 'tools', 'ops.js'), ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
};

describe('the ops app as an operator runs it (package bin)', () => {
  it("status on a fresh data directory lists every service's real projections, relays and consumers; logs go to stderr, the table to stdout", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'hw-ops-app-'));
    const result = await run(['status'], { DATA_DIR: dataDir, EVENT_LOG: 'sqlite', READ_DB: 'sqlite', BUS: 'in-process' });
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n')[0]).toBe('log head: position 0');
    for (const name of [
      'registration-seeker-due',
      'relay-registration',
      'matching-search-profiles-v2',
      'messaging-threads',
      'relay-messaging',
      'messaging-erasure',
      'quota-daily-counts',
      'quota-registrations',
    ]) {
      expect(result.stdout).toMatch(new RegExp(`\\b${name}\\b.*no-read-db`));
    }
    expect(result.stdout).not.toContain('event log: sqlite');
    expect(result.stderr).toContain('event log: sqlite');
  }, 60_000);

  it('an invalid configuration exits 2 naming the setting', async () => {
    const result = await run(['status'], { READ_DB: 'oracle' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('READ_DB');
  }, 60_000);

  it("R-STF-2: --reveal opens registration's sealed personal data with registration's own key store, recorded first", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'hw-ops-app-'));
    const env = { DATA_DIR: dataDir, PERSONAL_DATA_KEY: 'a-personal-data-key-of-at-least-32-chars' };
    const config = loadConfig(env);
    const personalData = new PersonalDataService(config);
    const seekerId = newId();
    personalData.createKey(seekerId, '13010-12345678', new Date().toISOString());
    const sealed = personalData.seal(seekerId, { name: '山田 花子' } as never);
    personalData.onApplicationShutdown();
    const log = new SqliteEventLog({ file: config.eventLogFile });
    await log.append(
      `seeker-${seekerId}`,
      [
        {
          id: newId(),
          type: 'SeekerRegistered',
          schemaVersion: 1,
          data: { seekerId, personalData: sealed },
          metadata: { correlationId: newId(), principal: { kind: 'staff', id: 'counter-1' }, occurredAt: new Date().toISOString() },
        },
      ],
      'no_stream',
    );
    await log.close();

    const masked = await run(['stream', `seeker-${seekerId}`, '--json'], env);
    expect(JSON.parse(masked.stdout).data.personalData).toBe('[sealed]');
    const revealed = await run(
      ['stream', `seeker-${seekerId}`, '--json', '--reveal', '--operator', 'counter-1', '--reason', 'complaint C-7'],
      env,
    );
    expect(revealed.code).toBe(0);
    expect(JSON.parse(revealed.stdout).data.personalData).toEqual({ name: '山田 花子' });
    expect(revealed.stderr).toContain("reveal of 1 seeker(s)' personal data recorded in operations-");
  }, 60_000);

  it('keygen prints an Ed25519 key; no command prints the usage and exits 2', async () => {
    const key = await run(['keygen'], {});
    expect(key.code).toBe(0);
    expect(key.stdout).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    const none = await run([], {});
    expect(none.code).toBe(2);
    expect(none.stdout).toContain('usage: npm run ops -- <command>');
  }, 60_000);
});
