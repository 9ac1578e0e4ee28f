import Database from 'better-sqlite3';
import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { newId, RecordedEvent } from '@hw/platform/core';
import { SqliteEventLog } from './sqlite-event-log';
import { eventLogContract } from './testing/event-log.contract';

const repoRoot = resolve(__dirname, '../../../..');
const childScript = 'libs/platform/event-log/src/testing/sqlite-append-child.ts';

const dir = mkdtempSync(join(tmpdir(), 'hw-sqlite-event-log-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const tempFile = (label: string) => join(dir, `${label}-${newId()}.sqlite`);

eventLogContract('SqliteEventLog on a temp file', async () => new SqliteEventLog({ file: tempFile('contract') }));

interface Child {
  process: ChildProcess;
  lines: string[];
  stderr: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const startChild = (args: string[]): Child => {
  const child = spawn(process.execPath, ['-r', './tools/register.js', childScript, ...args], {
    cwd: repoRoot,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const stderr: string[] = [];
  let partial = '';
  child.stdout.on('data', (chunk: Buffer) => {
    const text = partial + chunk.toString('utf8');
    const parts = text.split('\n');
    partial = parts.pop() ?? ''; // an unterminated last line was cut by the kill: not an acknowledgement
    lines.push(...parts);
  });
  child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.on('exit', (code, signal) => done({ code, signal })),
  );
  return { process: child, lines, stderr, exited };
};

const waitFor = async (condition: () => boolean, what: string, timeoutMs: number, child?: Child): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}${child ? `; child stderr: ${child.stderr.join('')}` : ''}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
};

/** Acknowledged event ids, with the revision each must hold (the one its append expected). */
const acknowledged = (child: Child): Array<{ id: string; revision: bigint }> =>
  child.lines
    .filter((l) => l.startsWith('ACK '))
    .map((l) => {
      const [, id, revision] = l.split(' ');
      return { id, revision: BigInt(revision) };
    });

/** Acknowledged events that are missing, or stored at another revision than their append expected. */
const misplaced = (acked: Array<{ id: string; revision: bigint }>, stored: RecordedEvent[]) => {
  const revisionOf = new Map(stored.map((e) => [e.id, e.revision]));
  return acked.filter((a) => revisionOf.get(a.id) !== a.revision);
};

/** Per stream, revisions must be exactly 0..n-1. */
const expectContiguousRevisions = (events: RecordedEvent[]): void => {
  const byStream = new Map<string, bigint[]>();
  for (const e of events) byStream.set(e.streamId, [...(byStream.get(e.streamId) ?? []), e.revision]);
  for (const [stream, revisions] of byStream) {
    const sorted = [...revisions].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
    expect({ stream, revisions: sorted }).toEqual({ stream, revisions: sorted.map((_, i) => BigInt(i)) });
  }
};

describe('SqliteEventLog (SQLite-specific)', () => {
  it('given a new log, then the file is in WAL mode and the connection commits with synchronous=FULL', async () => {
    const file = tempFile('pragma');
    const log = new SqliteEventLog({ file });
    expect(log.durabilitySettings()).toEqual({ journalMode: 'wal', synchronous: 'FULL' });
    await log.close();
    // journal_mode is a property of the file: another connection sees it too.
    const raw = new Database(file, { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    raw.close();
    // The check reads the real setting: a log opened with NORMAL reports NORMAL.
    const relaxed = new SqliteEventLog({ file, synchronous: 'NORMAL' });
    expect(relaxed.durabilitySettings().synchronous).toBe('NORMAL');
    await relaxed.close();
  });

  it('given a process appending under load, when it is killed with SIGKILL, then every acknowledged event is in the reopened log and revisions stay contiguous', async () => {
    const file = tempFile('kill9');
    await new SqliteEventLog({ file }).close(); // create the file before the child starts
    const child = startChild(['load', file]);
    const threshold = 400 + Math.floor(Math.random() * 400);
    await waitFor(() => acknowledged(child).length >= threshold, `${threshold} acknowledgements`, 90_000, child);
    child.process.kill('SIGKILL');
    const exit = await child.exited;
    expect(exit.signal).toBe('SIGKILL'); // killed mid-load, not a clean exit or a crash
    const acked = acknowledged(child);
    expect(acked.length).toBeGreaterThanOrEqual(threshold);

    const reopened = new SqliteEventLog({ file });
    const stored = await reopened.readAll();
    await reopened.close();
    expect(misplaced(acked, stored)).toEqual([]); // none lost, each where its append expected
    expect(new Set(stored.map((e) => e.id)).size).toBe(stored.length);
    expect(stored.length).toBeGreaterThanOrEqual(acked.length);
    expectContiguousRevisions(stored);
    expect(new Set(stored.map((e) => e.streamId)).size).toBeGreaterThan(10); // single and batched streams both ran
  }, 120_000);

  it('given several processes appending to one stream at exact revisions, then exactly one wins each revision and no acknowledged append is lost', async () => {
    const file = tempFile('contend');
    const setup = new SqliteEventLog({ file });
    const stream = `contended-${newId()}`;
    const appendsPerChild = 60;
    const children = Array.from({ length: 3 }, () => startChild(['contend', file, stream, String(appendsPerChild)]));
    try {
      for (const child of children) await waitFor(() => child.lines.includes('READY'), 'READY', 60_000, child);
      for (const child of children) child.process.stdin?.write('GO\n'); // start together: real contention
      const exits = await Promise.all(children.map((c) => c.exited));
      children.forEach((child, i) =>
        expect({ child: i, ...exits[i], stderr: child.stderr.join('') }).toEqual({ child: i, code: 0, signal: null, stderr: '' }),
      );
    } finally {
      for (const child of children) if (child.process.exitCode === null) child.process.kill('SIGKILL');
    }

    const done = children.map((c) => {
      const line = c.lines.find((l) => l.startsWith('DONE ')) as string;
      const [, events, conflicts] = line.split(' ').map(Number);
      return { events, conflicts };
    });
    const acked = children.flatMap(acknowledged);
    const total = done.reduce((sum, d) => sum + d.events, 0);
    expect(acked).toHaveLength(total);

    const stored = await setup.readStream(stream);
    await setup.close();
    expect(stored.map((e) => e.revision)).toEqual(stored.map((_, i) => BigInt(i)));
    expect(stored).toHaveLength(total);
    expect(new Set(stored.map((e) => e.id)).size).toBe(total);
    expect(new Set(acked.map((a) => a.id))).toEqual(new Set(stored.map((e) => e.id)));
    // Each acknowledged append holds exactly the revisions it expected: it won them, nobody else did.
    expect(misplaced(acked, stored)).toEqual([]);
    // The processes really raced: some appends lost a revision to another process and retried.
    expect(done.reduce((sum, d) => sum + d.conflicts, 0)).toBeGreaterThan(0);
  }, 180_000);
});
