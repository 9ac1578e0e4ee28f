/**
 * The event log contract: every EventLog adapter must pass it (SQLite embedded, EventStoreDB distributed).
 *
 * Usage, inside a *.int.spec.ts:  eventLogContract('SqliteEventLog', async () => new SqliteEventLog({ file }));
 *
 * Every test writes to its own streams (ids from newId) under its own stream-id prefix and reads the
 * global log only after a position it recorded itself, so the suite also runs against a shared
 * EventStoreDB that other suites (or people) write to at the same time. No assertion measures time:
 * waits for live delivery poll a condition with a bounded deadline.
 */
import { EventMetadata, EventToAppend, newId, RecordedEvent } from '@hw/platform/core';
import {
  DuplicateEventIdError,
  EventLog,
  ExpectedRevision,
  SubscribeOptions,
  Subscription,
  WrongExpectedRevisionError,
} from '../event-log.port';

export interface EventLogContractOptions {
  /**
   * Whether the adapter refuses an event id already stored elsewhere in the log (another stream, another
   * place in the same stream, or mixed with new ids). SQLite enforces it with a unique index.
   * EventStoreDB only deduplicates a retry at the same place of the same stream and has no global index
   * of event ids, so its adapter declares `false` and those tests are reported as skipped, with the reason.
   */
  refusesReusedEventIds?: boolean;
  /** Upper bound of every wait for live delivery (ms). Default 15 000. */
  waitMs?: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls until `condition` holds; fails with `what` after `timeoutMs`. Never asserts on speed. */
export const waitUntil = async (condition: () => boolean, what: string, timeoutMs: number): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(10);
  }
};

/** A stream-id prefix no other test (or run) uses: `ct<12 random hex>-`. */
const uniquePrefix = (): string => `ct${newId().replace(/-/g, '').slice(-12)}-`;

let counter = 0;
export const makeEvent = (overrides: Partial<EventToAppend> = {}): EventToAppend => {
  counter += 1;
  const metadata: EventMetadata = {
    correlationId: newId(),
    causationId: newId(),
    principal: { kind: 'staff', id: newId() },
    occurredAt: '2026-04-01T00:00:00.000Z',
  };
  return { id: newId(), type: 'ContractEventHappened', schemaVersion: 1, data: { n: counter }, metadata, ...overrides };
};

const events = (n: number): EventToAppend[] => Array.from({ length: n }, () => makeEvent());

/** Captures what a promise throws (undefined if it resolves). */
const failureOf = async (promise: Promise<unknown>): Promise<unknown> => {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  return undefined;
};

interface Collector {
  events: RecordedEvent[];
  batches: RecordedEvent[][];
  subscription: Subscription;
}

const collect = (log: EventLog, options: SubscribeOptions, onBatch?: (batch: RecordedEvent[]) => Promise<void>): Collector => {
  const collector = { events: [] as RecordedEvent[], batches: [] as RecordedEvent[][] } as Collector;
  collector.subscription = log.subscribe(async (batch) => {
    if (onBatch) await onBatch(batch);
    collector.batches.push(batch);
    collector.events.push(...batch);
  }, options);
  return collector;
};

const ids = (list: Array<{ id: string }>): string[] => list.map((e) => e.id);

const expectStrictlyIncreasingPositions = (list: RecordedEvent[]): void => {
  for (let i = 1; i < list.length; i++) {
    if (!(list[i].position > list[i - 1].position)) {
      throw new Error(`positions not strictly increasing at ${i}: ${list[i - 1].position} then ${list[i].position}`);
    }
  }
};

export const eventLogContract = (name: string, makeLog: () => Promise<EventLog>, options: EventLogContractOptions = {}): void => {
  const waitMs = options.waitMs ?? 15_000;
  const refusesReusedIds = options.refusesReusedEventIds ?? true;
  const itReusedIds: jest.It = refusesReusedIds ? it : it.skip;
  const reusedIdsNote = refusesReusedIds ? '' : ' [skipped: this adapter cannot refuse ids reused elsewhere — no global event-id index]';

  describe(`EventLog contract: ${name}`, () => {
    let log: EventLog;
    const subscriptions: Subscription[] = [];
    const track = (c: Collector): Collector => {
      subscriptions.push(c.subscription);
      return c;
    };

    beforeAll(async () => {
      log = await makeLog();
    });
    afterEach(async () => {
      await Promise.allSettled(subscriptions.splice(0).map((s) => s.stop()));
    });
    afterAll(async () => {
      await log?.close();
    });

    /** A position at or after which everything this test writes lands. */
    const marker = async (prefix: string): Promise<bigint> => {
      const result = await log.append(`${prefix}marker-${newId()}`, [makeEvent({ type: 'Marker' })], 'no_stream');
      return result.position;
    };

    describe('append with an expected revision', () => {
      it('given no stream, when appending with no_stream, then the stream starts at revision 0 and the result names the last event', async () => {
        const stream = `${uniquePrefix()}s-${newId()}`;
        const batch = events(2);
        const result = await log.append(stream, batch, 'no_stream');
        const stored = await log.readStream(stream);
        expect(ids(stored)).toEqual(ids(batch));
        expect(stored.map((e) => e.revision)).toEqual([0n, 1n]);
        expect(result).toEqual({ nextRevision: 1n, position: stored[1].position });
      });

      it('given an existing stream, when appending with no_stream, then it throws WrongExpectedRevisionError with the actual revision and writes nothing', async () => {
        const stream = `${uniquePrefix()}s-${newId()}`;
        await log.append(stream, events(1), 'no_stream');
        const error = await failureOf(log.append(stream, events(1), 'no_stream'));
        expect(error).toBeInstanceOf(WrongExpectedRevisionError);
        expect(error).toMatchObject({ streamId: stream, expected: 'no_stream', actual: 0n, code: 'WRONG_EXPECTED_REVISION' });
        expect(await log.streamRevision(stream)).toBe(0n);
      });

      it('given a stream at revision 1, when appending at exact revision 1, then the events land at revisions 2 and 3', async () => {
        const stream = `${uniquePrefix()}s-${newId()}`;
        await log.append(stream, events(2), 'no_stream');
        const result = await log.append(stream, events(2), 1n);
        expect(result.nextRevision).toBe(3n);
        expect((await log.readStream(stream)).map((e) => e.revision)).toEqual([0n, 1n, 2n, 3n]);
      });

      it('given a stream at revision 2, when appending at a stale exact revision, then it throws WrongExpectedRevisionError with actual 2 and writes nothing', async () => {
        const stream = `${uniquePrefix()}s-${newId()}`;
        await log.append(stream, events(3), 'no_stream');
        const error = await failureOf(log.append(stream, events(1), 0n));
        expect(error).toBeInstanceOf(WrongExpectedRevisionError);
        expect(error).toMatchObject({ streamId: stream, expected: 0n, actual: 2n });
        const ahead = await failureOf(log.append(stream, events(1), 5n));
        expect(ahead).toBeInstanceOf(WrongExpectedRevisionError);
        expect(ahead).toMatchObject({ expected: 5n, actual: 2n });
        expect(await log.streamRevision(stream)).toBe(2n);
      });

      it('given no stream, when appending at an exact revision, then it throws WrongExpectedRevisionError with no actual revision', async () => {
        const stream = `${uniquePrefix()}s-${newId()}`;
        const error = await failureOf(log.append(stream, events(1), 0n));
        expect(error).toBeInstanceOf(WrongExpectedRevisionError);
        expect((error as WrongExpectedRevisionError).actual).toBeUndefined();
        expect(await log.readStream(stream)).toEqual([]);
      });

      it('given no stream or an existing one, when appending with any, then it appends at the end', async () => {
        const stream = `${uniquePrefix()}s-${newId()}`;
        expect((await log.append(stream, events(1), 'any')).nextRevision).toBe(0n);
        expect((await log.append(stream, events(2), 'any')).nextRevision).toBe(2n);
        expect((await log.readStream(stream)).map((e) => e.revision)).toEqual([0n, 1n, 2n]);
      });

      it('given no stream, when appending with stream_exists, then it throws WrongExpectedRevisionError; given one, it appends', async () => {
        const stream = `${uniquePrefix()}s-${newId()}`;
        const error = await failureOf(log.append(stream, events(1), 'stream_exists'));
        expect(error).toBeInstanceOf(WrongExpectedRevisionError);
        expect(error).toMatchObject({ expected: 'stream_exists', actual: undefined });
        expect(await log.streamRevision(stream)).toBeUndefined();
        await log.append(stream, events(1), 'no_stream');
        expect((await log.append(stream, events(1), 'stream_exists')).nextRevision).toBe(1n);
      });

      it('given two writers that read the same revision, when both append at it, then exactly one wins', async () => {
        const stream = `${uniquePrefix()}s-${newId()}`;
        await log.append(stream, events(1), 'no_stream');
        const outcomes = await Promise.allSettled([log.append(stream, events(1), 0n), log.append(stream, events(1), 0n)]);
        expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
        const rejected = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
        expect(rejected.reason).toBeInstanceOf(WrongExpectedRevisionError);
        expect((rejected.reason as WrongExpectedRevisionError).actual).toBe(1n);
        expect(await log.streamRevision(stream)).toBe(1n);
      });
    });

    describe('atomic multi-stream append (R-MSG-2: a reservation and its message together or not at all)', () => {
      it('given two new streams, when appending to both at once, then both hold their events and one position covers the write', async () => {
        const prefix = uniquePrefix();
        const [a, b] = [`${prefix}a-${newId()}`, `${prefix}b-${newId()}`];
        const [ea, eb] = [events(1), events(2)];
        const result = await log.appendMulti([
          { streamId: a, events: ea, expected: 'no_stream' },
          { streamId: b, events: eb, expected: 'no_stream' },
        ]);
        expect(ids(await log.readStream(a))).toEqual(ids(ea));
        expect(ids(await log.readStream(b))).toEqual(ids(eb));
        expect(result.results.map((r) => r.nextRevision)).toEqual([0n, 1n]);
        const positions = [...(await log.readStream(a)), ...(await log.readStream(b))].map((e) => e.position);
        expect(result.position).toBe(positions.reduce((max, p) => (p > max ? p : max), 0n));
      });

      it('given a stale expected revision on one stream, when appending to two, then it throws WrongExpectedRevisionError naming that stream and neither stream changes', async () => {
        const prefix = uniquePrefix();
        const [a, b] = [`${prefix}a-${newId()}`, `${prefix}b-${newId()}`];
        await log.append(a, events(1), 'no_stream');
        await log.append(b, events(2), 'no_stream');
        const error = await failureOf(
          log.appendMulti([
            { streamId: a, events: events(1), expected: 0n },
            { streamId: b, events: events(1), expected: 0n }, // b is at 1
          ]),
        );
        expect(error).toBeInstanceOf(WrongExpectedRevisionError);
        expect(error).toMatchObject({ streamId: b, expected: 0n, actual: 1n });
        expect(await log.streamRevision(a)).toBe(0n);
        expect(await log.streamRevision(b)).toBe(1n);
      });

      it('given two writers that read the same revisions, when both append to the same two streams, then exactly one wins on both streams', async () => {
        const prefix = uniquePrefix();
        const [a, b] = [`${prefix}a-${newId()}`, `${prefix}b-${newId()}`];
        const write = () =>
          log.appendMulti([
            { streamId: a, events: events(1), expected: 'no_stream' },
            { streamId: b, events: events(1), expected: 'no_stream' },
          ]);
        const outcomes = await Promise.allSettled([write(), write()]);
        expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
        expect((outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult).reason).toBeInstanceOf(WrongExpectedRevisionError);
        expect(await log.streamRevision(a)).toBe(0n);
        expect(await log.streamRevision(b)).toBe(0n);
      });

      it('given a multi-stream append that succeeded, when it is retried with the same ids and revisions, then it returns the original results and writes nothing', async () => {
        const prefix = uniquePrefix();
        const [a, b] = [`${prefix}a-${newId()}`, `${prefix}b-${newId()}`];
        const appends = [
          { streamId: a, events: events(1), expected: 'no_stream' as const },
          { streamId: b, events: events(1), expected: 'no_stream' as const },
        ];
        const original = await log.appendMulti(appends);
        const again = await log.appendMulti(appends);
        expect(again.results).toEqual(original.results);
        expect((await log.readStream(a)).length + (await log.readStream(b)).length).toBe(2);
      });

      it('given events with nested metadata, when appended to several streams at once, then every field reads back as a single append writes it', async () => {
        const prefix = uniquePrefix();
        const from = await marker(prefix);
        const [a, b] = [`${prefix}a-${newId()}`, `${prefix}b-${newId()}`];
        const rich: EventToAppend = {
          ...makeEvent({ type: 'MessageQuotaReserved', schemaVersion: 2 }),
          data: { messageId: newId(), count: 3, nested: { list: [1, 'two', null] }, text: '上限 "quoted"' },
        };
        rich.metadata = { ...rich.metadata, requestId: 'req-7' };
        const other = makeEvent();
        const result = await log.appendMulti([
          { streamId: a, events: [rich], expected: 'no_stream' },
          { streamId: b, events: [other], expected: 'no_stream' },
        ]);
        const [stored] = await log.readStream(a);
        expect(stored).toMatchObject({ id: rich.id, streamId: a, revision: 0n, type: 'MessageQuotaReserved', schemaVersion: 2 });
        expect(stored.data).toStrictEqual(rich.data);
        expect(stored.metadata).toStrictEqual(rich.metadata);
        expect(stored.position).toBe(result.results[0].position);
        expect(stored.recordedAt).toBeInstanceOf(Date);
        const byLog = (await log.readAll({ after: from, streamPrefixes: [prefix] })).find((e) => e.id === rich.id);
        expect(byLog).toEqual(stored);
        expect((await log.readStream(b))[0].metadata).toStrictEqual(other.metadata);
      });

      it('given a stream named twice or no events, when appending, then it is refused and nothing is written', async () => {
        const stream = `${uniquePrefix()}s-${newId()}`;
        expect(await failureOf(log.appendMulti([]))).toBeInstanceOf(Error);
        expect(await failureOf(log.appendMulti([{ streamId: stream, events: [], expected: 'any' }]))).toBeInstanceOf(Error);
        const twice = await failureOf(
          log.appendMulti([
            { streamId: stream, events: events(1), expected: 'any' },
            { streamId: stream, events: events(1), expected: 'any' },
          ]),
        );
        expect(twice).toBeInstanceOf(Error);
        expect(await log.readStream(stream)).toEqual([]);
      });
    });

    describe('idempotent retry and reused event ids', () => {
      it('given events appended with no_stream, when the same append is retried, then it returns the original result and writes nothing', async () => {
        const prefix = uniquePrefix();
        const stream = `${prefix}s-${newId()}`;
        const batch = events(3);
        const original = await log.append(stream, batch, 'no_stream');
        const retried = await log.append(stream, batch, 'no_stream');
        expect(retried).toEqual(original);
        expect(ids(await log.readStream(stream))).toEqual(ids(batch));
        expect(await log.readAll({ after: original.position, streamPrefixes: [prefix] })).toEqual([]);
      });

      it('given events appended at an exact revision, when the same append is retried, then it returns the original result and writes nothing', async () => {
        const stream = `${uniquePrefix()}s-${newId()}`;
        await log.append(stream, events(1), 'no_stream');
        const batch = events(2);
        const original = await log.append(stream, batch, 0n);
        const retried = await log.append(stream, batch, 0n);
        expect(retried).toEqual(original);
        expect((await log.readStream(stream)).length).toBe(3);
      });

      it('given a later append after the original, when the original append is retried, then it still returns the original result', async () => {
        const stream = `${uniquePrefix()}s-${newId()}`;
        const first = events(2);
        const original = await log.append(stream, first, 'no_stream');
        await log.append(stream, events(1), 1n);
        expect(await log.append(stream, first, 'no_stream')).toEqual(original);
        expect(await log.streamRevision(stream)).toBe(2n);
      });

      itReusedIds(
        `given ids stored in one stream, when appended to another stream, then it throws DuplicateEventIdError and writes nothing${reusedIdsNote}`,
        async () => {
          const prefix = uniquePrefix();
          const batch = events(2);
          await log.append(`${prefix}a-${newId()}`, batch, 'no_stream');
          const other = `${prefix}b-${newId()}`;
          const error = await failureOf(log.append(other, batch, 'no_stream'));
          expect(error).toBeInstanceOf(DuplicateEventIdError);
          expect(error).toMatchObject({ eventId: batch[0].id, streamId: other, code: 'DUPLICATE_EVENT_ID' });
          expect(await log.streamRevision(other)).toBeUndefined();
        },
      );

      itReusedIds(
        `given an id stored in a stream, when appended again at another place of that stream, then it throws DuplicateEventIdError${reusedIdsNote}`,
        async () => {
          const stream = `${uniquePrefix()}s-${newId()}`;
          const [stored] = events(1);
          await log.append(stream, [stored], 'no_stream');
          expect(await failureOf(log.append(stream, [stored], 0n))).toBeInstanceOf(DuplicateEventIdError);
          expect(await log.streamRevision(stream)).toBe(0n);
        },
      );

      itReusedIds(
        `given a stored id mixed with new ids, or one id twice in an append, then it throws DuplicateEventIdError and writes nothing${reusedIdsNote}`,
        async () => {
          const stream = `${uniquePrefix()}s-${newId()}`;
          const [stored] = events(1);
          await log.append(stream, [stored], 'no_stream');
          expect(await failureOf(log.append(stream, [stored, makeEvent()], 'no_stream'))).toBeInstanceOf(DuplicateEventIdError);
          const twice = makeEvent();
          expect(await failureOf(log.append(stream, [twice, twice], 0n))).toBeInstanceOf(DuplicateEventIdError);
          expect(await log.streamRevision(stream)).toBe(0n);
        },
      );
    });

    describe('reading a stream', () => {
      it('given five events, when reading forwards and backwards with fromRevision and maxCount, then it returns the requested slice in order', async () => {
        const stream = `${uniquePrefix()}s-${newId()}`;
        await log.append(stream, events(3), 'no_stream');
        await log.append(stream, events(2), 2n);
        const revisions = async (o: Parameters<EventLog['readStream']>[1]) =>
          (await log.readStream(stream, o)).map((e) => Number(e.revision));
        expect(await revisions(undefined)).toEqual([0, 1, 2, 3, 4]);
        expect(await revisions({ direction: 'forwards', fromRevision: 2n })).toEqual([2, 3, 4]);
        expect(await revisions({ direction: 'forwards', fromRevision: 1n, maxCount: 2 })).toEqual([1, 2]);
        expect(await revisions({ direction: 'forwards', fromRevision: 9n })).toEqual([]);
        expect(await revisions({ direction: 'backwards' })).toEqual([4, 3, 2, 1, 0]);
        expect(await revisions({ direction: 'backwards', maxCount: 2 })).toEqual([4, 3]);
        expect(await revisions({ direction: 'backwards', fromRevision: 2n })).toEqual([2, 1, 0]);
        expect(await revisions({ direction: 'backwards', fromRevision: 3n, maxCount: 2 })).toEqual([3, 2]);
      });

      it('given no stream, when reading it either way, then it returns no events', async () => {
        const stream = `${uniquePrefix()}missing-${newId()}`;
        expect(await log.readStream(stream)).toEqual([]);
        expect(await log.readStream(stream, { direction: 'backwards' })).toEqual([]);
      });

      it('given appends, when asking the stream revision, then it is the last revision; for no stream, undefined', async () => {
        const stream = `${uniquePrefix()}s-${newId()}`;
        expect(await log.streamRevision(stream)).toBeUndefined();
        await log.append(stream, events(3), 'no_stream');
        await log.append(stream, events(2), 2n);
        expect(await log.streamRevision(stream)).toBe(4n);
      });
    });

    describe('reading the whole log', () => {
      it('given events in several streams, when reading after a position, then it returns strictly later events in global order', async () => {
        const prefix = uniquePrefix();
        const from = await marker(prefix);
        const a = `${prefix}a-${newId()}`;
        const b = `${prefix}b-${newId()}`;
        const written: EventToAppend[] = [];
        for (const [stream, batch, expected] of [
          [a, events(2), 'no_stream'],
          [b, events(1), 'no_stream'],
          [a, events(1), 1n],
          [b, events(2), 0n],
        ] as Array<[string, EventToAppend[], ExpectedRevision]>) {
          await log.append(stream, batch, expected);
          written.push(...batch);
        }
        const all = await log.readAll({ after: from });
        expectStrictlyIncreasingPositions(all);
        expect(all.every((e) => e.position > from)).toBe(true);
        const ours = all.filter((e) => e.streamId.startsWith(prefix));
        expect(ids(ours)).toEqual(ids(written));

        // `after` is exclusive: reading after the third event starts at the fourth.
        const afterThird = await log.readAll({ after: ours[2].position, streamPrefixes: [prefix] });
        expect(ids(afterThird)).toEqual(ids(written.slice(3)));
      });

      it('given events in several streams, when reading with maxCount and streamPrefixes, then it returns only matching events, at most maxCount', async () => {
        const prefix = uniquePrefix();
        const from = await marker(prefix);
        const wanted = `${prefix}wanted-`;
        const w1 = events(2);
        const w2 = events(2);
        await log.append(`${wanted}${newId()}`, w1, 'no_stream');
        await log.append(`${prefix}other-${newId()}`, events(3), 'no_stream');
        await log.append(`${wanted}${newId()}`, w2, 'no_stream');
        expect(ids(await log.readAll({ after: from, streamPrefixes: [wanted] }))).toEqual(ids([...w1, ...w2]));
        expect(ids(await log.readAll({ after: from, streamPrefixes: [wanted], maxCount: 3 }))).toEqual(ids([...w1, w2[0]]));
        const both = await log.readAll({ after: from, streamPrefixes: [wanted, `${prefix}other-`], maxCount: 4 });
        expect(both).toHaveLength(4);
        expect(both.filter((e) => e.streamId.startsWith(`${prefix}other-`))).toHaveLength(2);
        expect(await log.readAll({ after: from, streamPrefixes: [`${prefix}nothing-`] })).toEqual([]);
      });
    });

    describe('every field round-trips', () => {
      it('given an event with rich data and metadata, when read back by stream, by log and by subscription, then every field is as written', async () => {
        const prefix = uniquePrefix();
        const from = await marker(prefix);
        const stream = `${prefix}seeker-${newId()}`;
        const written: EventToAppend = {
          id: newId(),
          type: 'SeekerConsentGiven',
          schemaVersion: 3,
          data: {
            text: '求職者の同意 ✓ "quoted" \\ back',
            count: 42,
            ratio: 1.25,
            negative: -7,
            flag: true,
            nothing: null,
            list: [1, 'two', { three: 3 }],
            nested: { deeper: { deepest: 'x' } },
          },
          metadata: {
            correlationId: newId(),
            causationId: newId(),
            principal: { kind: 'organisation-user', id: newId() },
            occurredAt: '2026-03-31T15:00:00.000Z',
            requestId: 'req-1',
          },
        };
        const before = Date.now();
        const first = makeEvent();
        await log.append(stream, [first], 'no_stream');
        const result = await log.append(stream, [written], 0n);
        const after = Date.now();

        const [byStream] = await log.readStream(stream, { fromRevision: 1n });
        const byLog = (await log.readAll({ after: from, streamPrefixes: [prefix] })).find((e) => e.id === written.id);
        const sub = track(collect(log, { after: from, streamPrefixes: [prefix] }));
        await sub.subscription.caughtUp();
        const bySubscription = sub.events.find((e) => e.id === written.id);

        expect(byStream.id).toBe(written.id);
        expect(byStream.streamId).toBe(stream);
        expect(byStream.type).toBe('SeekerConsentGiven');
        expect(byStream.schemaVersion).toBe(3);
        expect(byStream.data).toStrictEqual(written.data);
        expect(byStream.metadata).toStrictEqual(written.metadata);
        expect(byStream.revision).toBe(1n);
        expect(typeof byStream.position).toBe('bigint');
        expect(byStream.position).toBe(result.position);
        expect(byStream.position).toBeGreaterThan(from);
        expect(byStream.recordedAt).toBeInstanceOf(Date);
        // The log's clock may be another machine's (EventStoreDB): allow generous skew, never a speed bound.
        const skew = 10 * 60_000;
        expect(byStream.recordedAt.getTime()).toBeGreaterThanOrEqual(before - skew);
        expect(byStream.recordedAt.getTime()).toBeLessThanOrEqual(after + skew);
        expect(byLog).toEqual(byStream);
        expect(bySubscription).toEqual(byStream);
      });
    });

    describe('subscriptions', () => {
      it('given stored events and a stored checkpoint, when subscribing, then it catches up from the checkpoint and stays live, in global order, without duplicates or gaps, honouring streamPrefixes', async () => {
        const prefix = uniquePrefix();
        const foreign = uniquePrefix();
        const a = `${prefix}a-${newId()}`;
        const b = `${prefix}b-${newId()}`;
        const c = `${prefix}c-${newId()}`;
        const other = `${foreign}x-${newId()}`;
        await log.append(a, events(3), 'no_stream');
        await log.append(other, events(2), 'no_stream');
        await log.append(b, events(3), 'no_stream');
        const checkpoint = (await log.readStream(a))[1].position; // handled up to a's second event

        const sub = track(collect(log, { after: checkpoint, streamPrefixes: [prefix], batchSize: 2 }));
        await sub.subscription.caughtUp();
        const stored = await log.readAll({ after: checkpoint, streamPrefixes: [prefix] });
        expect(stored).toHaveLength(4);
        expect(sub.events).toEqual(stored);

        // Live: concurrent appends to several streams, one of them outside the prefix.
        await Promise.all([
          log.append(a, events(2), 2n),
          log.append(b, events(1), 2n),
          log.append(other, events(2), 1n),
          log.append(c, events(2), 'no_stream'),
        ]);
        await log.append(c, [makeEvent({ type: 'Sentinel' })], 1n); // written last: when it arrives, all before it have
        await waitUntil(() => sub.events.some((e) => e.type === 'Sentinel'), 'the sentinel event', waitMs);

        const expected = await log.readAll({ after: checkpoint, streamPrefixes: [prefix] });
        expect(expected).toHaveLength(10);
        expect(sub.events).toEqual(expected);
        expectStrictlyIncreasingPositions(sub.events);
        expect(new Set(ids(sub.events)).size).toBe(sub.events.length);
        expect(sub.events.every((e) => e.streamId.startsWith(prefix))).toBe(true);
        expect(sub.batches.every((batch) => batch.length >= 1 && batch.length <= 2)).toBe(true);

        await sub.subscription.stop();
        await expect(sub.subscription.done).resolves.toBeUndefined();
      });

      it('given many stored events and a slow handler, when caughtUp() resolves, then everything written before the call has been handled', async () => {
        const prefix = uniquePrefix();
        const from = await marker(prefix);
        const stream = `${prefix}s-${newId()}`;
        await log.append(stream, events(20), 'no_stream');
        await log.append(stream, events(17), 19n);
        // Later events outside the prefix: a filtered subscription must still reach the head.
        await log.append(`${uniquePrefix()}noise-${newId()}`, events(5), 'no_stream');

        const sub = track(
          collect(log, { after: from, streamPrefixes: [prefix], batchSize: 5 }, () => new Promise((r) => setTimeout(r, 5))),
        );
        await sub.subscription.caughtUp();
        expect(sub.events).toHaveLength(37);
        expect(ids(sub.events)).toEqual(ids(await log.readStream(stream)));
        expect(Math.max(...sub.batches.map((batch) => batch.length))).toBeLessThanOrEqual(5);
        await sub.subscription.caughtUp(); // already caught up: resolves again
        expect(sub.events).toHaveLength(37);
      });

      it('given a batch in flight, when stop() is called, then it waits for that batch, done resolves and later events are not delivered', async () => {
        const prefix = uniquePrefix();
        const from = await marker(prefix);
        const stream = `${prefix}s-${newId()}`;
        let release!: () => void;
        const gate = new Promise<void>((resolve) => (release = resolve));
        let entered = false;
        const sub = track(
          collect(log, { after: from, streamPrefixes: [prefix] }, async () => {
            entered = true;
            await gate;
          }),
        );
        await log.append(stream, events(1), 'no_stream');
        await waitUntil(() => entered, 'the handler to receive the first batch', waitMs);

        let stopped = false;
        const stopping = sub.subscription.stop().then(() => (stopped = true));
        await sleep(50);
        expect(stopped).toBe(false); // still handling the in-flight batch
        release();
        await stopping;
        await expect(sub.subscription.done).resolves.toBeUndefined();
        expect(sub.events).toHaveLength(1);

        // A witness subscription sees the next event; the stopped one never does.
        const next = makeEvent();
        await log.append(stream, [next], 0n);
        const witness = track(collect(log, { after: from, streamPrefixes: [prefix] }));
        await waitUntil(() => witness.events.some((e) => e.id === next.id), 'the witness to see the later event', waitMs);
        await sleep(100);
        expect(ids(sub.events)).not.toContain(next.id);
        await sub.subscription.caughtUp(); // a stopped subscription answers instead of hanging
      });

      it('given a handler that throws, then done rejects, and resubscribing from the stored checkpoint continues without loss or duplicates', async () => {
        const prefix = uniquePrefix();
        const from = await marker(prefix);
        const stream = `${prefix}s-${newId()}`;
        const written = events(6);
        await log.append(stream, written, 'no_stream');
        const poison = written[3].id;

        let checkpoint = from; // the caller's stored checkpoint: last event of the last handled batch
        const handled: RecordedEvent[] = [];
        const failing = log.subscribe(
          async (batch) => {
            if (batch.some((e) => e.id === poison)) throw new Error('projection failed');
            handled.push(...batch);
            checkpoint = batch[batch.length - 1].position;
          },
          { after: from, streamPrefixes: [prefix], batchSize: 2 },
        );
        subscriptions.push(failing);
        await expect(failing.done).rejects.toThrow('projection failed');
        await expect(failing.caughtUp()).rejects.toThrow('projection failed');
        expect(ids(handled)).toEqual(ids(written.slice(0, 2)));

        const more = events(2);
        await log.append(stream, more, 5n);
        const resumed = track(collect(log, { after: checkpoint, streamPrefixes: [prefix], batchSize: 2 }));
        await resumed.subscription.caughtUp();
        const live = makeEvent();
        await log.append(stream, [live], 7n);
        await waitUntil(() => resumed.events.some((e) => e.id === live.id), 'the live event after resubscribing', waitMs);
        expect(ids([...handled, ...resumed.events])).toEqual(ids([...written, ...more, live]));
      });
    });
  });
};
