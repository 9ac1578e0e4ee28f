import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { ROOT, Started, startProcess, waitForHealth } from './support/processes';

/**
 * Issue 15, `npm run demo` as a user runs it: the platform started with the demo's staff accounts
 * (`npm run -s demo -- --staff-accounts`), the demo run twice with a smaller world (--seekers 40)
 * through the public APIs. The first run fills it — a dozen organisations of every kind, the
 * seekers, threads, a block, a disclosure, a stop — and prints the logins; the second adds
 * nothing: not one event more in the log. Registration, matching and messaging on 3666–3668.
 */

const PORTS = { REGISTRATION_PORT: '3666', MATCHING_PORT: '3667', MESSAGING_PORT: '3668' };

const npm = (args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> =>
  new Promise((resolve) => {
    const child = spawn('npm', ['run', '-s', 'demo', '--', ...args], { cwd: ROOT, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });

describe('npm run demo (issue 15)', () => {
  let dataDir: string;
  let platform: Started;
  const eventCount = () => {
    const db = new Database(join(dataDir, 'events.sqlite'), { readonly: true });
    try {
      return (db.prepare('SELECT COUNT(*) AS n FROM events').get() as { n: number }).n;
    } finally {
      db.close();
    }
  };
  const login = async (name: string, password: string) =>
    fetch(`http://127.0.0.1:${PORTS.REGISTRATION_PORT}/identity/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: name, password }),
    }).then(async (r) => ({ status: r.status, token: ((await r.json()) as { token?: string }).token }));

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'hw-demo-'));
    const staff = await npm(['--staff-accounts'], {});
    expect(staff.code).toBe(0);
    platform = startProcess('apps/launcher/src/main.ts', {
      ...PORTS,
      DATA_DIR: dataDir,
      SERVICES: 'registration,matching,messaging',
      STAFF_ACCOUNTS: staff.stdout.trim(),
    });
    for (const port of Object.values(PORTS)) await waitForHealth(Number(port), platform);
  }, 120_000);

  afterAll(async () => {
    await platform?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('the first run fills the platform through its APIs and prints the logins; the second adds nothing', async () => {
    const env = { ...PORTS, DATA_DIR: dataDir };
    const first = await npm(['--seekers', '40'], env);
    expect({ code: first.code, stderr: first.stderr }).toEqual({ code: 0, stderr: '' });
    expect(first.stdout).toMatch(
      /demo: added 12 organisations, \d+ organisation users, 40 seekers, 6 seeker logins, 1 blocks, 1 disclosures, 1 stops/,
    );
    // Not a terminal: plain progress lines instead of a bar.
    expect(first.stdout).toContain('seekers: 40/40 done');
    expect(first.stdout).toContain('Logins to try');
    const filled = eventCount();

    // What the logins printed open: the HQ auditor sees twelve active registrations of every kind.
    const auditor = await login('demo-hq-auditor', 'demo staff password');
    const cases = (await (
      await fetch(`http://127.0.0.1:${PORTS.REGISTRATION_PORT}/registrations`, { headers: { authorization: `Bearer ${auditor.token}` } })
    ).json()) as { items: Array<{ status: string; organisationKind: string; category: string; prefecture: string }> };
    expect(cases.items.map((c) => c.status)).toEqual(Array(12).fill('active'));
    expect(new Set(cases.items.map((c) => `${c.organisationKind}/${c.category}`))).toEqual(
      new Set(['private-paid/own', 'private-free/own', 'local-government/own', 'local-government/joint']),
    );
    expect(new Set(cases.items.map((c) => c.prefecture))).toEqual(new Set(['13', '27', '40']));
    const seekerLogin = /見本01: (S[A-Z0-9]+)/.exec(first.stdout)?.[1] as string;
    expect((await login(seekerLogin, 'demo seeker password')).status).toBe(200);
    expect((await login('demo-shinjuku-city-contractor1', 'demo organisation password')).status).toBe(200);

    const second = await npm(['--seekers', '40'], env);
    expect({ code: second.code, stderr: second.stderr }).toEqual({ code: 0, stderr: '' });
    expect(second.stdout).toContain('demo: added nothing: the demo world is already there');
    expect(second.stdout).toContain(`見本01: ${seekerLogin}`);
    expect(eventCount()).toBe(filled);
  }, 240_000);
});
