import { newId, RecordedEvent } from '@hw/platform/core';
import { SqliteEventLog } from './sqlite-event-log';
import { StreamFolds } from './stream-folds';

const meta = { correlationId: 'c', principal: { kind: 'system', id: 'test' }, occurredAt: '2026-11-26T00:00:00.000Z' } as const;
const add = (log: SqliteEventLog, streamId: string, n: number) =>
  log.append(streamId, [{ id: newId(), type: 'Added', schemaVersion: 1, data: { n }, metadata: meta }], 'any');

describe('StreamFolds: per-process folds brought up to date from the log on every read', () => {
  let log: SqliteEventLog;
  let folded: RecordedEvent[][];
  let folds: StreamFolds<number>;
  beforeEach(() => {
    log = new SqliteEventLog({ file: ':memory:' });
    folded = [];
    folds = new StreamFolds(
      log,
      () => 0,
      (sum, events) => {
        folded.push(events);
        return events.reduce((s, e) => s + (e.data as { n: number }).n, sum);
      },
      2,
    );
  });
  afterEach(() => log.close());

  it('given a folded stream, when another writer appends, then the next read folds only the new events', async () => {
    await add(log, 's', 1);
    await add(log, 's', 2);
    expect(await folds.read('s')).toEqual({ revision: 1n, state: 3 });
    await add(log, 's', 4);
    expect(await folds.read('s')).toEqual({ revision: 2n, state: 7 });
    expect(folded.map((events) => events.length)).toEqual([2, 1]);
    expect(await folds.read('s')).toEqual({ revision: 2n, state: 7 }); // nothing new: nothing folded
    expect(folded).toHaveLength(2);
  });

  it('an empty stream reads as the initial state at no revision', async () => {
    expect(await folds.read('empty')).toEqual({ revision: undefined, state: 0 });
  });

  it('remember keeps a later fold and never takes it back', async () => {
    folds.remember('s', { revision: 5n, state: 50 });
    folds.remember('s', { revision: 3n, state: 30 });
    await add(log, 's', 1); // the log is behind this test's remembered fold: nothing after revision 5
    expect(await folds.read('s')).toEqual({ revision: 5n, state: 50 });
  });

  it('forgotten or evicted streams are folded again from the start', async () => {
    await add(log, 'a', 1);
    await folds.read('a');
    folds.forget('a');
    expect(await folds.read('a')).toEqual({ revision: 0n, state: 1 });
    await add(log, 'b', 2);
    await add(log, 'c', 3);
    await folds.read('b');
    await folds.read('c'); // limit 2: the third stream empties the cache
    folded.length = 0;
    expect(await folds.read('a')).toEqual({ revision: 0n, state: 1 });
    expect(folded.map((events) => events.length)).toEqual([1]);
  });
});
