import Database from 'better-sqlite3';
import { createPublicKey } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SqliteEventLog } from '@hw/platform/event-log';
import { event, ops, signingKeyPem, tempDataDir } from './testing/fixtures';

describe('ops seal-log and verify-log on the SQLite log (edited under the platform)', () => {
  let dataDir: string;
  let env: NodeJS.ProcessEnv;
  let log: SqliteEventLog;

  beforeEach(async () => {
    dataDir = tempDataDir();
    env = { DATA_DIR: dataDir, OPS_SIGNING_KEY: signingKeyPem() };
    log = new SqliteEventLog({ file: join(dataDir, 'events.sqlite') });
    for (const n of [1, 2, 3])
      await log.append(`opstest-${n}`, [event('Happened', { n }), event('Happened', { n, again: true })], 'no_stream');
    const sealed = await ops(['seal-log', '--operator', 'ops-sato', '--reason', 'daily seal'], env, []);
    expect(sealed.code).toBe(0);
    expect(sealed.out).toContain('sealed the log up to position 6 (6 new event(s))');
  });

  afterEach(() => log.close());

  /** Edits the log's file directly, as someone with access to the disk could. */
  const tamper = (sql: string) => {
    const db = new Database(join(dataDir, 'events.sqlite'));
    db.exec(sql);
    db.close();
  };

  it('R-AUD-1: an untouched log verifies; events after the last seal are reported as not sealed yet; the seal is recorded', async () => {
    await log.append('opstest-4', [event('Happened', { n: 4 })], 'no_stream');
    const result = await ops(['verify-log'], env, []);
    expect(result.code).toBe(0);
    // Position 7 is the seal's own operations event, 8 the append after it.
    expect(result.out).toBe('log intact: 6 event(s) up to position 6 match 1 signed head(s); 2 event(s) after it not sealed yet');
    const recorded = await log.readAll({ streamPrefixes: ['operations-'] });
    expect(recorded.map((e) => [e.type, (e.data as { position: number }).position, (e.data as { reason: string }).reason])).toEqual([
      ['LogChainSealed', 6, 'daily seal'],
    ]);
    // Sealing again extends the chain and the new head covers them.
    expect((await ops(['seal-log', '--operator', 'ops-sato', '--reason', 'daily seal'], env, [])).out).toContain(
      'up to position 8 (2 new event(s))',
    );
    expect((await ops(['verify-log'], env, [])).out).toBe(
      'log intact: 8 event(s) up to position 8 match 2 signed head(s); 1 event(s) after it not sealed yet',
    );
  });

  it('R-AUD-1: a row whose data was edited in the SQLite file is named by position and event', async () => {
    const [target] = await log.readStream('opstest-2');
    tamper(`UPDATE events SET data = '{"n":20}' WHERE position = ${target.position}`);
    const result = await ops(['verify-log'], env, []);
    expect(result.code).toBe(1);
    expect(result.out).toBe(
      `LOG TAMPERED at position 3 (event ${target.id}): position 3 (opstest-2 revision 0) differs from what was sealed (edited); 2 event(s) before it verified`,
    );
  });

  it('R-AUD-1: a deleted row is named', async () => {
    const [, second] = await log.readStream('opstest-1');
    tamper(`DELETE FROM events WHERE position = 2`);
    const result = await ops(['verify-log'], env, []);
    expect(result.code).toBe(1);
    expect(result.out).toBe(
      `LOG TAMPERED at position 2 (event ${second.id}): event ${second.id} at position 2 is missing from the log (deleted); 1 event(s) before it verified`,
    );
  });

  it('R-AUD-1: two rows swapped (reordered) are named at the first of them', async () => {
    const [a, b] = await log.readStream('opstest-3');
    tamper(
      `UPDATE events SET position = -1 WHERE position = 5; UPDATE events SET position = 5 WHERE position = 6; UPDATE events SET position = 6 WHERE position = -1;`,
    );
    const result = await ops(['verify-log'], env, []);
    expect(result.code).toBe(1);
    expect(result.out).toBe(
      `LOG TAMPERED at position 5 (event ${b.id}): position 5 holds event ${b.id} where the chain has ${a.id} (moved or replaced); 4 event(s) before it verified`,
    );
  });

  it('R-AUD-1: a row replaced by a forged one in the sealed range is named', async () => {
    tamper(
      `DELETE FROM events WHERE position = 4; INSERT INTO events (position, stream_id, revision, event_id, type, schema_version, data, metadata, recorded_at) VALUES (4, 'opstest-9', 0, 'forged', 'Happened', 1, '{}', '{}', '2026-12-01T00:00:00.000Z')`,
    );
    const result = await ops(['verify-log'], env, []);
    expect(result.code).toBe(1);
    expect(result.out).toContain('LOG TAMPERED at position 4 (event forged): position 4 holds event forged where the chain has');
  });

  it('R-AUD-1: a chain file rewritten to match an edited log fails its signed head; a different trusted key fails too', async () => {
    const chain = new Database(join(dataDir, 'log-chain.sqlite'));
    chain.exec(`UPDATE heads SET hash = '${'f'.repeat(64)}'`);
    chain.close();
    const result = await ops(['verify-log'], env, []);
    expect(result.code).toBe(1);
    expect(result.out).toContain('the signed head at position 6 does not verify (the chain file was rewritten)');

    const other = join(dataDir, 'other.pub.pem');
    writeFileSync(other, createPublicKey(signingKeyPem()).export({ type: 'spki', format: 'pem' }));
    expect((await ops(['verify-log', '--public-key', other], env, [])).code).toBe(1);
  });

  it('R-AUD-1: verify-log on a log never sealed says so and exits 1 (an empty chain proves nothing)', async () => {
    const fresh = tempDataDir();
    const other = new SqliteEventLog({ file: join(fresh, 'events.sqlite') });
    await other.append('opstest-1', [event('Happened', {})], 'no_stream');
    await other.close();
    const result = await ops(['verify-log'], { DATA_DIR: fresh }, []);
    expect(result.code).toBe(1);
    expect(result.out).toBe('log not verified: the log has never been sealed here (run seal-log first): nothing to verify against');
  });

  it('seal-log needs --reason and a signing key (exit 2)', async () => {
    expect((await ops(['seal-log', '--operator', 'o'], env, [])).code).toBe(2);
    expect((await ops(['seal-log', '--operator', 'o', '--reason', 'r'], { DATA_DIR: dataDir }, [])).code).toBe(2);
  });
});
