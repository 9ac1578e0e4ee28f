import { generateKeyPairSync } from 'node:crypto';
import { EsdbClientModel, EsdbEventLog } from '@hw/platform/event-log';
import { loadConfig } from '@hw/platform/nest';
import { sealLog, verifyLog, verifyStreamChains } from './log-chain';
import { event, tempDataDir } from './testing/fixtures';

/**
 * R-AUD-1 on KurrentDB: seal-log and verify-log run the same chain and the same verifier over
 * the log as the event-log port reads it. No server here: EsdbEventLog over the in-memory model
 * of the KurrentDB client (the adapter's contract suite runs on the same model); a doctored
 * backup or a scavenged delete is played by editing or removing the model's stored event.
 */
describe('ops seal-log / verify-log over EsdbEventLog (KurrentDB client model)', () => {
  const setUp = async () => {
    const model = new EsdbClientModel();
    model.foreignWrite('$stats-127.0.0.1:2113', '$statsCollected'); // system events are not the platform's: never chained
    const log = new EsdbEventLog({ client: model.asClient(), pollIntervalMs: 10, pageSize: 7 });
    for (let i = 0; i < 4; i++)
      await log.append(`seeker-${i}`, [event('SeekerRegistered', { n: i }), event('SeekerStoppedUse', { n: i })], 'no_stream');
    const config = loadConfig({
      DATA_DIR: tempDataDir(),
      EVENT_LOG: 'eventstoredb',
      EVENTSTORE_CONNECTION_STRING: 'kurrentdb://127.0.0.1:2113?tls=false', // never dialled: the log is passed in
    });
    const key = generateKeyPairSync('ed25519').privateKey;
    return { model, log, config, key };
  };

  it('R-AUD-1: a sealed KurrentDB log verifies, event by event; events appended after the seal are counted as not sealed yet', async () => {
    const { log, config, key } = await setUp();
    const sealed = await sealLog(config, key, new Date('2026-12-01T00:00:00.000Z'), log);
    expect(sealed.added).toBe(8);
    await log.append('seeker-9', [event('SeekerRegistered', { n: 9 })], 'no_stream');
    const verdict = await verifyLog(config, undefined, log);
    expect(verdict).toMatchObject({ ok: true, verified: 8, sealedUpTo: sealed.position, heads: 1, unsealed: 1 });
    await log.close();
  });

  it('R-AUD-1: an event edited in the store (a doctored backup) is named, with its position and id', async () => {
    const { model, log, config, key } = await setUp();
    await sealLog(config, key, new Date('2026-12-01T00:00:00.000Z'), log);
    const [target] = await log.readStream('seeker-2', { fromRevision: 1n, maxCount: 1 });
    model.tamperForTest('seeker-2', 1n, { data: { n: 99 } });
    const verdict = await verifyLog(config, undefined, log);
    expect(verdict).toMatchObject({ ok: false, problem: 'edited', position: Number(target.position), eventId: target.id, verified: 5 });
    await log.close();
  });

  it('R-AUD-1: an event gone from $all (a scavenged delete) is named as deleted', async () => {
    const { model, log, config, key } = await setUp();
    await sealLog(config, key, new Date('2026-12-01T00:00:00.000Z'), log);
    const [target] = await log.readStream('seeker-1', { fromRevision: 0n, maxCount: 1 });
    model.tamperForTest('seeker-1', 0n, 'delete');
    const verdict = await verifyLog(config, undefined, log);
    expect(verdict).toMatchObject({ ok: false, problem: 'deleted', position: Number(target.position), eventId: target.id, verified: 2 });
    await log.close();
  });

  describe("the chain in the events' metadata (each stream's own; no seal, no file)", () => {
    it('R-AUD-1: every appended event carries its link; verify-log walks them without any seal, and events read back without it', async () => {
      const { log, config } = await setUp();
      const verdict = await verifyLog(config, undefined, log);
      expect(verdict).toMatchObject({ ok: true, streams: { verified: 8, unchained: 0 } });
      const [first] = await log.readStream('seeker-0');
      expect(first.metadata).not.toHaveProperty('chain'); // the port's RecordedEvent is unchanged
      await log.close();
    });

    it('R-AUD-1: concurrent appends to one stream (expected any) never fork its chain: one is re-pinned and follows the other', async () => {
      const { log } = await setUp();
      await Promise.all(Array.from({ length: 6 }, (_, i) => log.append('seeker-0', [event('SeekerProfileChanged', { n: i })], 'any')));
      await log.appendMulti([
        { streamId: 'seeker-1', events: [event('SeekerProfileChanged', { n: 1 })], expected: 'any' },
        { streamId: 'seeker-new', events: [event('SeekerRegistered', { n: 2 })], expected: 'no_stream' },
      ]);
      expect(await verifyStreamChains(log)).toEqual({ ok: true, verified: 16, unchained: 0 });
      await log.close();
    });

    it('R-AUD-1: an event edited in the store is named, with its position and id', async () => {
      const { model, log, config } = await setUp();
      const [target] = await log.readStream('seeker-2', { fromRevision: 1n, maxCount: 1 });
      model.tamperForTest('seeker-2', 1n, { data: { n: 99 } });
      expect(await verifyLog(config, undefined, log)).toMatchObject({
        ok: false,
        problem: 'edited',
        position: Number(target.position),
        eventId: target.id,
        verified: 5,
      });
      await log.close();
    });

    it('R-AUD-1: an event deleted from the store is named by the event after it in its stream', async () => {
      const { model, log, config } = await setUp();
      const [next] = await log.readStream('seeker-1', { fromRevision: 1n, maxCount: 1 });
      model.tamperForTest('seeker-1', 0n, 'delete');
      const verdict = await verifyLog(config, undefined, log);
      expect(verdict).toMatchObject({ ok: false, problem: 'deleted', position: Number(next.position), streamId: 'seeker-1', revision: 1 });
      expect(verdict.ok || verdict.reason).toMatch(/revision\(s\) 0…0 of the stream are missing/);
      await log.close();
    });

    it('R-AUD-1: an event inserted into a stream (not appended through the platform) is named', async () => {
      const { model, log, config } = await setUp();
      model.tamperForTest('seeker-3', 0n, { insertAfter: { type: 'SeekerErased', data: { forged: true } } });
      const verdict = await verifyLog(config, undefined, log);
      expect(verdict).toMatchObject({ ok: false, problem: 'inserted', streamId: 'seeker-3', revision: 1 });
      await log.close();
    });

    it('R-AUD-1: two events of a stream exchanged (reordered) are named, with the revision the event was appended at', async () => {
      const { model, log, config } = await setUp();
      await log.append('seeker-0', [event('SeekerResumedUse', { n: 0 })], 1n);
      const [second] = await log.readStream('seeker-0', { fromRevision: 1n, maxCount: 1 });
      model.tamperForTest('seeker-0', 1n, 'swapWithNext');
      const verdict = await verifyLog(config, undefined, log);
      expect(verdict).toMatchObject({
        ok: false,
        problem: 'reordered',
        position: Number(second.position),
        streamId: 'seeker-0',
        revision: 1,
      });
      expect(verdict.ok || verdict.reason).toMatch(/appended as revision 2/);
      await log.close();
    });

    it('R-AUD-1: a sealed log is checked both ways: the signed $all chain first, then every stream chain', async () => {
      const { log, config, key } = await setUp();
      const sealed = await sealLog(config, key, new Date('2026-12-01T00:00:00.000Z'), log);
      await log.append('seeker-9', [event('SeekerRegistered', { n: 9 })], 'no_stream');
      expect(await verifyLog(config, undefined, log)).toEqual({
        ok: true,
        verified: 8,
        sealedUpTo: sealed.position,
        heads: 1,
        unsealed: 1,
        streams: { verified: 9, unchained: 0 },
      });
      await log.close();
    });
  });
});
