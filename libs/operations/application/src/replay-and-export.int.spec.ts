import { createPublicKey } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { newDataKey, newId, openJson, openText, sealJson, sealText } from '@hw/platform/core';
import { SqliteEventLog } from '@hw/platform/event-log';
import { threadIdOf } from '@hw/messaging/contracts';
import { eventHash } from './bundle';
import { event, ops, signingKeyPem, tempDataDir } from './testing/fixtures';

describe('ops stream, streams, export and verify on the embedded SQLite log', () => {
  let dataDir: string;
  let env: NodeJS.ProcessEnv;
  let log: SqliteEventLog;
  const seekerId = newId();
  const otherSeeker = newId();
  const registrationId = newId();
  const key = newDataKey();
  const personal = { name: '山田 花子', phone: '090-1234-5678' };
  const sealedPersonal = sealJson(key, personal, seekerId);
  const sealedBody = sealText(key, 'ご案内: 面接のお知らせ', seekerId);
  const thread = `thread-${threadIdOf(registrationId, seekerId)}`;
  const otherThread = `thread-${threadIdOf(registrationId, otherSeeker)}`;

  /** The command line with `--json --reveal`, by `operator` for `reason`, opening through the test's revealer. */
  const reveal = (argv: string[], operator: string, reason: string, revealer: Parameters<typeof ops>[4]) =>
    ops([...argv, '--json', '--reveal', '--operator', operator, '--reason', reason], env, [], undefined, revealer);

  beforeEach(async () => {
    dataDir = tempDataDir();
    env = { DATA_DIR: dataDir, OPS_SIGNING_KEY: signingKeyPem() };
    log = new SqliteEventLog({ file: join(dataDir, 'events.sqlite') });
    await log.append(`registration-${registrationId}`, [event('RegistrationApproved', { registrationId, prefecture: '13' })], 'no_stream');
    await log.append(
      `seeker-${seekerId}`,
      [event('SeekerRegistered', { seekerId, personalData: sealedPersonal, ageBand: '30-34' })],
      'no_stream',
    );
    await log.append(
      `seeker-${otherSeeker}`,
      [event('SeekerRegistered', { seekerId: otherSeeker, personalData: sealJson(key, personal, otherSeeker) })],
      'no_stream',
    );
    await log.appendMulti([
      {
        streamId: `daily-quota-${registrationId}-20261201`,
        events: [event('MessageQuotaReserved', { registrationId, day: '20261201' })],
        expected: 'no_stream',
      },
      {
        streamId: thread,
        events: [event('MessageSent', { threadId: thread.slice(7), registrationId, seekerId, sealedBody })],
        expected: 'no_stream',
      },
    ]);
    await log.append(
      otherThread,
      [
        event('MessageSent', {
          threadId: otherThread.slice(7),
          registrationId,
          seekerId: otherSeeker,
          sealedBody: sealText(key, 'x', otherSeeker),
        }),
      ],
      'no_stream',
    );
    await log.append(thread, [event('SeekerReplied', { threadId: thread.slice(7), registrationId, seekerId, sealedBody })], 0n);
    await log.append(`seeker-${seekerId}`, [event('SeekerStoppedUse', { seekerId })], 0n);
  });

  afterEach(() => log.close());

  const noPersonalData = (text: string) => {
    expect(text).not.toContain(sealedPersonal);
    expect(text).not.toContain(sealedBody);
    expect(text).not.toContain('山田');
    expect(text).not.toContain('090-1234');
  };

  it('R-AUD-1: stream replays one stream in order as JSON lines with type, version, time, principal, correlation, causation and data; personal data only as [sealed] (R-AUD-2)', async () => {
    const result = await ops(['stream', `seeker-${seekerId}`, '--json'], env, []);
    expect(result.code).toBe(0);
    const lines = result.lines.map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.revision, l.type, l.schemaVersion])).toEqual([
      ['0', 'SeekerRegistered', 1],
      ['1', 'SeekerStoppedUse', 1],
    ]);
    expect(lines[0]).toEqual(
      expect.objectContaining({
        streamId: `seeker-${seekerId}`,
        occurredAt: '2026-12-01T00:00:00.000Z',
        principal: 'staff:staff-1',
        correlationId: expect.any(String),
        causationId: expect.any(String),
      }),
    );
    expect(lines[0].data).toEqual({ seekerId, personalData: '[sealed]', ageBand: '30-34' });
    noPersonalData(result.out);
  });

  it('R-AUD-1: streams --prefix replays every matching stream in global order as a table, sealed bodies as [sealed]', async () => {
    const result = await ops(['streams', '--prefix', 'thread-'], env, []);
    expect(result.code).toBe(0);
    const [header, ...rows] = result.lines;
    expect(header).toMatch(/^POS\s+STREAM\s+REV\s+TIME\s+TYPE\s+V\s+PRINCIPAL\s+CORRELATION\s+CAUSATION\s+DATA$/);
    expect(rows.map((r) => r.split(/\s+/)[1])).toEqual([thread, otherThread, thread]);
    expect(rows.map((r) => r.split(/\s+/)[4])).toEqual(['MessageSent', 'MessageSent', 'SeekerReplied']);
    expect(rows.every((r) => r.includes('"sealedBody":"[sealed]"'))).toBe(true);
    noPersonalData(result.out);
  });

  it("R-AUD-2: a registration's officers' plain contact fields print as [withheld] on screen", async () => {
    const officer = { name: '連絡 太郎', department: '人事部', phone: '03-1234-5678', email: 'renraku@example.jp' };
    await log.append(
      `registration-${registrationId}`,
      [event('ApplicationChangeRequested', { registrationId, contactOfficer: officer })],
      0n,
    );
    const result = await ops(['stream', `registration-${registrationId}`, '--json'], env, []);
    expect(JSON.parse(result.lines[1]).data.contactOfficer).toEqual({
      name: '[withheld]',
      department: '人事部',
      phone: '[withheld]',
      email: '[withheld]',
    });
    expect(result.out).not.toContain('連絡');
  });

  it("R-STF-2: stream --reveal opens registration's personal data only after recording who, why and which seekers; an erased seeker shows [erased]; messaging's bodies stay sealed", async () => {
    const erased = new Set<string>();
    const closed: string[] = [];
    const revealer = () => ({
      open: (id: string, sealed: string) => (erased.has(id) ? undefined : openJson(key, sealed, id)),
      close: () => closed.push('closed'),
    });

    const refused = await ops(['stream', `seeker-${seekerId}`, '--reveal', '--operator', 'counter-1'], env, [], undefined, revealer);
    expect(refused.code).toBe(2);
    expect(refused.err).toContain('--reason is required: the purpose of the read (R-STF-2)');
    expect(refused.out).toBe('');
    expect(await log.readAll({ streamPrefixes: ['operations-'] })).toEqual([]);

    const revealed = await reveal(['stream', `seeker-${seekerId}`], 'counter-1', 'complaint C-7 (R-CMP-2)', revealer);
    expect(revealed.code).toBe(0);
    expect(JSON.parse(revealed.lines[0]).data.personalData).toEqual(personal);
    expect(closed).toEqual(['closed']);
    const recorded = await log.readAll({ streamPrefixes: ['operations-'] });
    expect(recorded.map((e) => [e.type, e.data, e.metadata.principal])).toEqual([
      [
        'PersonalDataRevealed',
        expect.objectContaining({
          replayed: `stream seeker-${seekerId}`,
          seekerIds: [seekerId],
          events: 2,
          operator: 'counter-1',
          reason: 'complaint C-7 (R-CMP-2)',
        }),
        { kind: 'staff', id: 'counter-1' },
      ],
    ]);
    // Recorded before it was opened: the position of the record precedes nothing it revealed.
    expect(revealed.err).toContain(`reveal of 1 seeker(s)' personal data recorded in ${recorded[0].streamId}`);

    erased.add(seekerId);
    const gone = await reveal(['stream', `seeker-${seekerId}`], 'counter-1', 'again', revealer);
    expect(JSON.parse(gone.lines[0]).data.personalData).toBe('[erased]');

    const threads = await reveal(['streams', '--prefix', thread], 'counter-1', 'thread audit', revealer);
    expect(threads.lines.map((l) => JSON.parse(l).data.sealedBody)).toEqual(['[sealed]', '[sealed]']);
  });

  it("R-STF-2, R-AUD-2: streams --reveal opens messaging's bodies through the revealer's body opener, after recording the seekers whose text it opens; an erased seeker's body shows [erased]", async () => {
    const erased = new Set<string>();
    const prepared: string[][] = [];
    const revealer = () => ({
      open: () => undefined,
      prepareBodies: async (bodies: Array<{ seekerId: string; sealed: string }>) => void prepared.push(bodies.map((b) => b.seekerId)),
      openBody: (id: string, sealed: string) => (erased.has(id) ? undefined : openText(key, sealed, id)),
      close: () => undefined,
    });
    const revealed = await reveal(['streams', '--prefix', thread], 'desk-1', 'complaint C-9 (R-CMP-2)', revealer);
    expect(revealed.code).toBe(0);
    const rows = revealed.lines.map((l) => JSON.parse(l).data);
    expect(rows.map((d) => d.body)).toEqual(['ご案内: 面接のお知らせ', 'ご案内: 面接のお知らせ']);
    expect(rows.every((d) => !('sealedBody' in d))).toBe(true);
    expect(prepared).toEqual([[seekerId, seekerId]]);
    const [record] = (await log.readAll({ streamPrefixes: ['operations-'] })).filter(
      (e) => (e.data as { reason?: string }).reason === 'complaint C-9 (R-CMP-2)',
    );
    expect(record).toMatchObject({ type: 'PersonalDataRevealed', data: { seekerIds: [seekerId], operator: 'desk-1' } });

    erased.add(seekerId);
    const gone = await reveal(['streams', '--prefix', thread], 'desk-1', 'again', revealer);
    expect(gone.lines.map((l) => JSON.parse(l).data.body)).toEqual(['[erased]', '[erased]']);
  });

  it('stream and streams refuse missing arguments (exit 2)', async () => {
    expect((await ops(['stream'], env, [])).code).toBe(2);
    expect((await ops(['streams'], env, [])).code).toBe(2);
    expect((await ops(['frobnicate'], env, [])).code).toBe(2);
  });

  const exportSeeker = async () => {
    const file = join(dataDir, 'bundle.json');
    const result = await ops(['export', 'seeker', seekerId, '--operator', 'ops-sato', '--reason', 'audit AUD-42', '--out', file], env, []);
    expect(result.code).toBe(0);
    return { file, result, bundle: JSON.parse(readFileSync(file, 'utf8')) };
  };

  it('R-AUD-1: export seeker bundles the seeker stream and its threads only, in global order, sealed data left sealed, recorded with operator and reason', async () => {
    const { bundle, result } = await exportSeeker();
    expect(result.out).toContain(`4 event(s) of 2 stream(s) about seeker ${seekerId}`);
    expect(bundle.events.map((e: { streamId: string; type: string }) => [e.streamId, e.type])).toEqual([
      [`seeker-${seekerId}`, 'SeekerRegistered'],
      [thread, 'MessageSent'],
      [thread, 'SeekerReplied'],
      [`seeker-${seekerId}`, 'SeekerStoppedUse'],
    ]);
    const positions = bundle.events.map((e: { position: string }) => BigInt(e.position));
    expect([...positions].sort((a, b) => (a < b ? -1 : 1))).toEqual(positions);
    // Sealed as stored (R-AUD-2): the ciphertext travels, never the plain text.
    expect(bundle.events[0].data.personalData).toBe(sealedPersonal);
    expect(bundle.events[0].metadata.principal).toEqual({ kind: 'staff', id: 'staff-1' });
    const raw = readFileSync(join(dataDir, 'bundle.json'), 'utf8');
    expect(raw).not.toContain('山田');
    expect(raw).not.toContain(otherSeeker);

    const recorded = await log.readAll({ streamPrefixes: ['operations-'] });
    expect(recorded).toHaveLength(1);
    expect(recorded[0].streamId).toMatch(/^operations-\d{8}$/);
    expect(recorded[0].type).toBe('AuditBundleExported');
    expect(recorded[0].data).toEqual(
      expect.objectContaining({
        subjectKind: 'seeker',
        subjectId: seekerId,
        events: 4,
        head: bundle.head,
        operator: 'ops-sato',
        reason: 'audit AUD-42',
      }),
    );
    expect(recorded[0].metadata.principal).toEqual({ kind: 'staff', id: 'ops-sato' });
  });

  it('R-AUD-1: export registration bundles the registration stream, its daily quotas and its threads', async () => {
    const result = await ops(['export', 'registration', registrationId, '--operator', 'ops-sato', '--reason', 'bureau audit'], env, []);
    expect(result.code).toBe(0);
    const bundle = JSON.parse(result.out);
    expect(bundle.streams).toEqual(
      [`daily-quota-${registrationId}-20261201`, `registration-${registrationId}`, thread, otherThread].sort(),
    );
    expect(bundle.count).toBe(5);
  });

  it('export without --reason, or without a signing key, is refused (exit 2) and records nothing', async () => {
    const noReason = await ops(['export', 'seeker', seekerId, '--operator', 'ops-sato'], env, []);
    expect(noReason.code).toBe(2);
    expect(noReason.err).toContain('--reason is required');
    const noKey = await ops(['export', 'seeker', seekerId, '--operator', 'ops-sato', '--reason', 'r'], { DATA_DIR: dataDir }, []);
    expect(noKey.code).toBe(2);
    expect(noKey.err).toContain('OPS_SIGNING_KEY is not set');
    expect(await log.readAll({ streamPrefixes: ['operations-'] })).toEqual([]);
  });

  it('R-AUD-1: verify accepts an untouched bundle offline: N/N events valid, exit 0', async () => {
    const { file } = await exportSeeker();
    const result = await ops(['verify', file], {}, []);
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/^4\/4 events valid; signature valid \(key [0-9a-f]{16}/);
  });

  const tampered = async (change: (bundle: { events: Array<Record<string, unknown>>; reason: string }) => void) => {
    const { file, bundle } = await exportSeeker();
    const original = JSON.parse(JSON.stringify(bundle));
    change(bundle);
    writeFileSync(file, JSON.stringify(bundle, null, 2));
    return { result: await ops(['verify', file], {}, []), original };
  };

  it("R-AUD-1: one byte of one event's data changed: refused naming that event (exit 1)", async () => {
    const { result, original } = await tampered((b) => {
      const data = b.events[1].data as { sealedBody: string };
      const last = data.sealedBody.at(-1) === 'A' ? 'B' : 'A';
      data.sealedBody = data.sealedBody.slice(0, -1) + last;
    });
    expect(result.code).toBe(1);
    expect(result.out).toBe(`1/4 events valid; INVALID: event #2 (${original.events[1].id}): its content does not match its hash (edited)`);
  });

  it('R-AUD-1: an event removed: refused naming the event after the gap (exit 1)', async () => {
    const { result, original } = await tampered((b) => b.events.splice(1, 1));
    expect(result.code).toBe(1);
    expect(result.out).toContain(`INVALID: event #2 (${original.events[2].id}): revision 1 of ${thread} where 0 was expected`);
  });

  it('R-AUD-1: the last event removed: refused, the signed head no longer matches (exit 1)', async () => {
    const { result } = await tampered((b) => b.events.pop());
    expect(result.code).toBe(1);
    expect(result.out).toContain('3/4 events valid; INVALID: the header says 4 events, the bundle holds 3');
  });

  it('R-AUD-1: two events swapped: refused naming the first out of place (exit 1)', async () => {
    const { result, original } = await tampered((b) => ([b.events[1], b.events[2]] = [b.events[2], b.events[1]]));
    expect(result.code).toBe(1);
    expect(result.out).toContain(`INVALID: event #2 (${original.events[2].id}): revision 1 of ${thread} where 0 was expected`);
  });

  it('R-AUD-1: the first two events (different streams) swapped: refused naming the one now first, which does not start the chain (exit 1)', async () => {
    const { result, original } = await tampered((b) => ([b.events[0], b.events[1]] = [b.events[1], b.events[0]]));
    expect(result.code).toBe(1);
    expect(result.out).toBe(
      `0/4 events valid; INVALID: event #1 (${original.events[1].id}): it does not follow the event before it in the chain (an event removed, inserted or moved)`,
    );
  });

  it('R-AUD-1: two events of different streams swapped with their links re-made: refused as out of global order (exit 1)', async () => {
    const { result, original } = await tampered((b) => {
      [b.events[2], b.events[3]] = [b.events[3], b.events[2]];
      // A forger re-chains them (without the private key the signed head still differs).
      for (let i = 2; i < 4; i++) {
        const { hash: _h, previous: _p, ...body } = b.events[i];
        b.events[i].previous = b.events[i - 1].hash;
        b.events[i].hash = eventHash(String(b.events[i].previous), body as never);
      }
    });
    expect(result.code).toBe(1);
    expect(result.out).toContain(`INVALID: event #4 (${original.events[2].id}): out of order: position`);
  });

  it('R-AUD-1: the header changed (the reason): the signature fails (exit 3); a bundle checked against another trusted key fails too', async () => {
    const { result } = await tampered((b) => (b.reason = 'something else'));
    expect(result.code).toBe(3);
    expect(result.out).toBe('4/4 events valid; signature invalid: the signature does not verify (header changed or re-signed)');

    const { file } = await exportSeeker();
    const otherKey = join(dataDir, 'other.pub.pem');
    writeFileSync(otherKey, createPublicKey(signingKeyPem()).export({ type: 'spki', format: 'pem' }));
    const pinned = await ops(['verify', file, '--public-key', otherKey], {}, []);
    expect(pinned.code).toBe(3);
    expect(pinned.out).toContain('the signature does not verify with the trusted public key');
  });

  it('R-AUD-1: an event record replaced by something else is refused naming its place (exit 1)', async () => {
    const { result } = await tampered((b) => (b.events[2] = null as never));
    expect(result.code).toBe(1);
    expect(result.out).toBe('2/4 events valid; INVALID: event #3: it is not an event record (stream id and hash missing)');
  });

  it('R-AUD-1: an event whose envelope is malformed (no principal) is refused naming it (exit 1)', async () => {
    const { result, original } = await tampered((b) => delete (b.events[3].metadata as { principal?: unknown }).principal);
    expect(result.code).toBe(1);
    expect(result.out).toBe(
      `3/4 events valid; INVALID: event #4 (${original.events[3].id}): not a well-formed event: metadata has no principal`,
    );
  });

  it('a failure the tool did not expect exits 1 naming the error class and code only', async () => {
    const result = await ops(['status'], { DATA_DIR: dataDir, READ_DB: 'postgres', DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' }, [
      { service: 'quota', projections: [{ name: 'p', tables: [], apply: async () => undefined }] },
    ]);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/^ops status failed: \w+( \[ECONNREFUSED\])?$/);
  });

  it('verify of a file that is not a bundle exits 2', async () => {
    const file = join(dataDir, 'nonsense.json');
    writeFileSync(file, '{"hello":1}');
    const result = await ops(['verify', file], {}, []);
    expect(result.code).toBe(2);
    expect(result.out).toContain('not a hellowork-audit-bundle/1 bundle');
  });
});
