import { RecordedEvent as EsdbRecordedEvent, WrongExpectedVersionError } from '@kurrent/kurrentdb-client';
import { newId } from '@hw/platform/core';
import { DuplicateEventIdError, WrongExpectedRevisionError } from './event-log.port';
import {
  EsdbClient,
  EsdbEventLog,
  fromEsdbEvent,
  mapAppendError,
  toEsdbEvent,
  toEsdbExpectedRevision,
  toEsdbMultiAppendEvent,
} from './esdb-event-log';
import { EsdbClientModel } from './testing/esdb-client-model';
import { eventLogContract, makeEvent } from './testing/event-log.contract';

/**
 * The adapter's own logic, offline: the whole contract over an in-memory model of the KurrentDB client
 * (testing/esdb-client-model.ts; small pages so $all paging runs), plus the mappings one by one.
 * The real server runs the same contract in esdb-event-log.int.spec.ts when one is configured.
 */
eventLogContract(
  'EsdbEventLog over an in-memory model of the EventStoreDB client',
  async () => {
    const model = new EsdbClientModel();
    for (let i = 0; i < 5; i++) model.foreignWrite(`other-${newId()}`);
    model.foreignWrite('$settings', '$settings');
    return new EsdbEventLog({ client: model.asClient(), pollIntervalMs: 10, pageSize: 7 });
  },
  { refusesReusedEventIds: false },
);

describe('EsdbEventLog mappings', () => {
  it('given each expected revision of the port, when mapped, then it is the client constant or the same bigint', () => {
    expect(toEsdbExpectedRevision('no_stream')).toBe('no_stream');
    expect(toEsdbExpectedRevision('stream_exists')).toBe('stream_exists');
    expect(toEsdbExpectedRevision('any')).toBe('any');
    expect(toEsdbExpectedRevision(7n)).toBe(7n);
  });

  it('given a WrongExpectedVersionError, when mapped, then it is a WrongExpectedRevisionError with the actual revision', () => {
    const behind = mapAppendError(new WrongExpectedVersionError(undefined, { streamName: 's', current: 4n, expected: 2n }), 's', 2n);
    expect(behind).toBeInstanceOf(WrongExpectedRevisionError);
    expect(behind).toMatchObject({ streamId: 's', expected: 2n, actual: 4n });
    const missing = mapAppendError(
      new WrongExpectedVersionError(undefined, { streamName: 's', current: 'no_stream', expected: 'stream_exists' }),
      's',
      'stream_exists',
    );
    expect(missing).toMatchObject({ expected: 'stream_exists', actual: undefined });
    const other = new Error('unavailable');
    expect(mapAppendError(other, 's', 'any')).toBe(other);
  });

  it('given an event, when converted both ways, then the schema version travels in metadata and comes back out of it', () => {
    const event = makeEvent({ schemaVersion: 4 });
    const proposed = toEsdbEvent(event);
    expect(proposed).toMatchObject({ id: event.id, contentType: 'application/json', type: event.type, data: event.data });
    expect(proposed.metadata).toEqual({ ...event.metadata, schemaVersion: 4 });
    const recorded = fromEsdbEvent({
      streamId: 's-1',
      id: event.id,
      isJson: true,
      revision: 3n,
      type: event.type,
      created: new Date('2026-01-02T03:04:05.678Z'),
      data: proposed.data,
      metadata: proposed.metadata,
      position: { commit: 1234n, prepare: 1234n },
    });
    expect(recorded).toEqual({
      ...event,
      streamId: 's-1',
      revision: 3n,
      position: 1234n,
      recordedAt: new Date('2026-01-02T03:04:05.678Z'),
    });
  });

  it('given ids that are not lowercase UUIDs or metadata using the reserved key, when converting, then it refuses', () => {
    expect(() => toEsdbEvent(makeEvent({ id: 'order-1' }))).toThrow('not a lowercase UUID');
    expect(() => toEsdbEvent(makeEvent({ id: newId().toUpperCase() }))).toThrow('not a lowercase UUID');
    const event = makeEvent();
    expect(() => toEsdbEvent({ ...event, metadata: { ...event.metadata, schemaVersion: 2 } })).toThrow('reserved');
    expect(() => toEsdbMultiAppendEvent({ ...event, metadata: { ...event.metadata, metadataJson: '{}' } })).toThrow('reserved');
  });

  const recorded = (metadata: unknown, overrides: Record<string, unknown> = {}): EsdbRecordedEvent =>
    ({
      streamId: 's-1',
      id: newId(),
      isJson: true,
      revision: 0n,
      type: 'T',
      created: new Date('2026-01-02T03:04:05.678Z'),
      data: { n: 1 },
      metadata,
      position: { commit: 99n, prepare: 99n },
      ...overrides,
    }) as EsdbRecordedEvent;

  it('given an event, when encoded for a multi-stream append, then its metadata is one string and reads back as a single append stores it', () => {
    const event = makeEvent({ schemaVersion: 5 });
    const multi = toEsdbMultiAppendEvent(event);
    expect(Object.values(multi.metadata as object).every((v) => typeof v === 'string')).toBe(true);
    expect(multi).toMatchObject({ id: event.id, type: event.type, data: event.data, contentType: 'application/json' });
    // What KurrentDB's v1 read returns for a v2 append: the properties plus the server's $schema keys.
    const asServerStores = { ...(multi.metadata as object), '$schema.name': event.type, '$schema.format': 'Json' };
    const common = { id: event.id, type: event.type, data: event.data };
    expect(fromEsdbEvent(recorded(asServerStores, common))).toEqual(fromEsdbEvent(recorded(toEsdbEvent(event).metadata, common)));
    expect(fromEsdbEvent(recorded(asServerStores, common))).toMatchObject({ schemaVersion: 5, metadata: event.metadata });
  });

  it("given another tool's metadata with the encoding key, or bytes flagged as JSON by a v2 append, when read, then it is taken as stored or parsed", () => {
    expect(fromEsdbEvent(recorded({ metadataJson: 'not json', k: 'v' })).metadata).toEqual({ metadataJson: 'not json', k: 'v' });
    expect(fromEsdbEvent(recorded({ metadataJson: '[1]' })).metadata).toEqual({ metadataJson: '[1]' });
    const bytes = recorded({ '$schema.format': 'Json' }, { isJson: false, data: Buffer.from('{"a":[1]}') });
    expect(fromEsdbEvent(bytes).data).toEqual({ a: [1] });
    const binary = new Uint8Array([1, 2]);
    expect(fromEsdbEvent(recorded({}, { isJson: false, data: binary })).data).toBe(binary);
  });

  it('given one id twice in an append, then it throws DuplicateEventIdError without calling the server', async () => {
    const model = new EsdbClientModel();
    const log = new EsdbEventLog({ client: model.asClient() });
    const event = makeEvent();
    await expect(log.append(`s-${newId()}`, [event, event], 'no_stream')).rejects.toBeInstanceOf(DuplicateEventIdError);
    expect(model.allReads).toBe(0);
    await log.close();
    expect(model.disposed).toBe(false); // a client handed in belongs to its owner
  });

  it('given nested metadata, when the model is asked for a multi-stream append, then it refuses it before writing, as the real client does', async () => {
    const model = new EsdbClientModel();
    const stream = `s-${newId()}`;
    const nested = { streamName: stream, events: [toEsdbEvent(makeEvent())], expectedState: 'any' as const };
    await expect(model.multiStreamAppend([nested])).rejects.toThrow('plain object with string keys and string values');
    const binary = { ...nested, events: [{ ...toEsdbEvent(makeEvent()), metadata: new Uint8Array([1]) }] };
    await expect(model.multiStreamAppend([binary])).rejects.toThrow('plain object with string keys and string values');
    const log = new EsdbEventLog({ client: model.asClient() });
    expect(await log.readStream(stream)).toEqual([]);
    await log.appendMulti([{ streamId: stream, events: [makeEvent()], expected: 'no_stream' }]);
    const events = model.readStream(stream);
    const [raw] = await events[Symbol.asyncIterator]()
      .next()
      .then((r) => [r.value.event]);
    expect(Object.keys(raw.metadata as object).sort()).toEqual(['$schema.format', '$schema.name', 'metadataJson']);
  });

  it('given one id in two streams of an appendMulti, then it throws DuplicateEventIdError without calling the server', async () => {
    const model = new EsdbClientModel();
    const log = new EsdbEventLog({ client: model.asClient() });
    const event = makeEvent();
    const [a, b] = [`a-${newId()}`, `b-${newId()}`];
    const twice = [
      { streamId: a, events: [event], expected: 'no_stream' as const },
      { streamId: b, events: [event], expected: 'no_stream' as const },
    ];
    await expect(log.appendMulti(twice)).rejects.toBeInstanceOf(DuplicateEventIdError);
    expect(await log.streamRevision(a)).toBeUndefined();
    expect(await log.streamRevision(b)).toBeUndefined();
  });

  it('given a conflict that names none of the streams, when mapped, then the stream whose expected revision no longer holds is named', async () => {
    const model = new EsdbClientModel();
    const [a, b] = [`a-${newId()}`, `b-${newId()}`];
    const log = new EsdbEventLog({ client: model.asClient() });
    await log.append(b, [makeEvent(), makeEvent()], 'no_stream');
    const client: EsdbClient = {
      ...model.asClient(),
      readStream: model.readStream.bind(model) as unknown as EsdbClient['readStream'],
      multiStreamAppend: async () => {
        throw new WrongExpectedVersionError(undefined, { streamName: '', current: 'no_stream', expected: 'any' });
      },
    };
    const failing = new EsdbEventLog({ client });
    const error = await failing
      .appendMulti([
        { streamId: a, events: [makeEvent()], expected: 'no_stream' },
        { streamId: b, events: [makeEvent()], expected: 0n },
      ])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WrongExpectedRevisionError);
    expect(error).toMatchObject({ streamId: b, expected: 0n, actual: 1n });
  });

  it('given a server without multi-stream append, when appending to several streams, then its error is passed on', async () => {
    const model = new EsdbClientModel();
    const unsupported = new Error('multiStreamAppend requires server version 25.1 or higher.');
    // The model's own methods (the chain reads the stream's tail first), all but multiStreamAppend.
    const client: EsdbClient = Object.assign(Object.create(model) as EsdbClient, { multiStreamAppend: () => Promise.reject(unsupported) });
    const log = new EsdbEventLog({ client });
    await expect(log.appendMulti([{ streamId: `s-${newId()}`, events: [makeEvent()], expected: 'any' }])).rejects.toBe(unsupported);
  });

  it('given system and foreign events in $all, when reading the log, then only user events come back, paging through all of them', async () => {
    const model = new EsdbClientModel();
    const log = new EsdbEventLog({ client: model.asClient(), pageSize: 3 });
    for (let i = 0; i < 10; i++) {
      model.foreignWrite(`$stats-${i}`, '$statsCollected');
      model.foreignWrite(`user-${i}`);
    }
    const all = await log.readAll();
    expect(all.map((e) => e.streamId)).toEqual(Array.from({ length: 10 }, (_, i) => `user-${i}`));
    expect(model.allReads).toBeGreaterThanOrEqual(7); // 20 records, 3 per page, each page re-reads its first
  });

  it('given a connection string, when constructing, then nothing connects until used and close disposes the client', async () => {
    const log = new EsdbEventLog({ connectionString: 'kurrentdb://127.0.0.1:1?tls=false' });
    await expect(log.close()).resolves.toBeUndefined();
    expect(() => new EsdbEventLog({})).toThrow('connectionString or a client');
    expect(() => new EsdbEventLog({ connectionString: 'not a connection string' })).toThrow();
  });
});
