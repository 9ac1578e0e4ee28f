import { generateKeyPairSync } from 'node:crypto';
import { EsdbClientModel, EsdbEventLog } from '@hw/platform/event-log';
import { loadConfig } from '@hw/platform/nest';
import { sealLog, verifyLog } from './log-chain';
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
    expect(verdict).toEqual({ ok: true, verified: 8, sealedUpTo: sealed.position, heads: 1, unsealed: 1 });
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
});
