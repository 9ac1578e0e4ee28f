import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './support/processes';
import { answers, bashBlocks, readmeSection } from './support/readme-walkthrough';

/**
 * Issue 15: the README's "Your first hour" is run exactly as written. Its first ```bash block
 * (`… npm start`) starts the platform on the embedded default in a temporary DATA_DIR; every
 * later block runs, in order, in one bash — a second terminal — and each line it prints must be
 * the `# →` answer written under the command. The only things the test sets are the ports
 * (`<SERVICE>_PORT`, which the walkthrough's variables follow) and the data directory: if the
 * README drifts from the platform, this fails.
 */

// The four services the walkthrough calls on 3660–3663; the others on any free port (0).
const PORTS = {
  REGISTRATION_PORT: '3660',
  MATCHING_PORT: '3661',
  MESSAGING_PORT: '3662',
  QUOTA_PORT: '3663',
  GATEWAY_PORT: '0',
  COMPLAINTS_PORT: '0',
  REPORTING_PORT: '0',
};

const section = readmeSection('Your first hour');
const [start, ...walk] = bashBlocks(section);

describe('README "Your first hour", run as written (issue 15)', () => {
  let dataDir: string;
  let platform: ChildProcess;
  let platformOutput = '';

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'hw-first-hour-'));
    expect(start.script).toMatch(/npm start/);
    // detached: npm and the launcher form one process group, stopped together below.
    platform = spawn('bash', ['-c', start.script], {
      cwd: ROOT,
      env: { ...process.env, ...PORTS, DATA_DIR: dataDir, LOG_LEVEL: 'log' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    platform.stdout?.on('data', (d) => (platformOutput += d));
    platform.stderr?.on('data', (d) => (platformOutput += d));
    const deadline = Date.now() + 90_000;
    for (const port of Object.values(PORTS).filter((p) => p !== '0')) {
      for (;;) {
        if (platform.exitCode !== null) throw new Error(`npm start exited early:\n${platformOutput}`);
        const healthy = await fetch(`http://127.0.0.1:${port}/health`).then(
          (r) => r.ok,
          () => false,
        );
        if (healthy) break;
        if (Date.now() > deadline) throw new Error(`no healthy service on ${port}:\n${platformOutput}`);
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  }, 120_000);

  afterAll(async () => {
    if (platform?.pid && platform.exitCode === null) {
      const exited = new Promise((resolve) => platform.once('exit', resolve));
      process.kill(-platform.pid, 'SIGTERM');
      await exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('the section has the steps the issue lists: every staff role, an approval, an activation, a department user, a seeker, a search, a message, a reply, a block, a stop', () => {
    const script = walk.map((b) => b.script).join('\n');
    for (const role of ['counter', 'complaint-desk', 'bureau-officer', 'hq-auditor']) expect(start.script).toContain(`"role":"${role}"`);
    for (const step of [
      '/registrations/$REG/approve',
      '/identity/activate',
      '/registrations/$REG/users',
      '$REGISTRATION/seekers ',
      '/identity/seekers/activate',
      '$MATCHING/profiles',
      '$MESSAGING/messages',
      '/replies',
      '/blocks',
      '/stop',
    ])
      expect(script).toContain(step);
  });

  it('every command prints the answer the README shows under it, and the walkthrough ends with a delivered message', () => {
    const script = ['set -eo pipefail', ...walk.map((b) => b.script)].join('\n');
    const expected = walk.flatMap((b) => b.expected);
    const run = spawnSync('bash', ['-c', script], {
      cwd: ROOT,
      env: { ...process.env, ...PORTS, DATA_DIR: dataDir },
      encoding: 'utf8',
      timeout: 90_000,
    });
    const printed = run.stdout.split('\n').filter((l) => l.trim() !== '');
    const context = `\n--- printed ---\n${run.stdout}\n--- stderr ---\n${run.stderr}`;
    expect({ exit: run.status, context }).toEqual({ exit: 0, context });
    // Line by line: a step that answers differently names itself (expected vs printed).
    for (let i = 0; i < Math.max(expected.length, printed.length); i++) {
      const pair = { step: i + 1, expected: expected[i], printed: printed[i] };
      expect({ ...pair, ok: expected[i] !== undefined && printed[i] !== undefined && answers(expected[i], printed[i]) }).toEqual({
        ...pair,
        ok: true,
      });
    }
    // The last answer is the thread as the organisation reads it: its message after the stop and
    // the resume was delivered, after the seeker's reply (R-MSG-1, R-SKR-4).
    const thread = JSON.parse(printed[printed.length - 1]) as Array<{ sender: string }>;
    expect(thread.map((m) => m.sender)).toEqual(['organisation', 'seeker', 'organisation']);
  }, 120_000);
});
