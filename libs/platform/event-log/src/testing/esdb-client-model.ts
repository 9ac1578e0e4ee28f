/**
 * An in-memory model of the parts of `@kurrent/kurrentdb-client` 1.3 that EsdbEventLog uses, following
 * the server's documented and source-level behaviour, so the adapter's own logic (revision mapping,
 * read-back of positions, $all paging, system-event skipping, prefix filtering, polling subscriptions)
 * runs through the event log contract without a server. It is a model, not EventStoreDB: the real
 * server is proven by esdb-event-log.int.spec.ts whenever EVENTSTORE_CONNECTION_STRING is set.
 *
 * Modelled (KurrentDB: IndexWriter.CheckCommit, StorageWriterService, AllReader):
 * - expected revision: no_stream / exact / any / stream_exists; with an explicit revision below the
 *   current one, the same ids at the following revisions make an idempotent success (the original
 *   last revision; the reported position is the log position of the original write's FIRST event,
 *   deliberately not the last one, so the adapter must not rely on it); any other mismatch is a
 *   WrongExpectedVersionError. `any` is idempotent when the first id is already in the stream.
 *   An explicit revision equal to the current one writes without looking at ids (duplicates allowed).
 * - every event of a write gets its own log position (commit = prepare), positions are sparse;
 *   system events ($stats streams, $> links in $ce- streams) are interleaved in $all.
 * - readAll's fromPosition is inclusive; reading a missing stream fails with StreamNotFoundError
 *   when iterated; `created` has millisecond precision; data and metadata go through JSON.
 */
import {
  AppendResult,
  AppendStreamState,
  EventData,
  Position,
  StreamNotFoundError,
  WrongExpectedVersionError,
} from '@kurrent/kurrentdb-client';
import { randomUUID } from 'node:crypto';
import type { EsdbClient } from '../esdb-event-log';

interface StoredRecord {
  streamId: string;
  id: string;
  revision: bigint;
  type: string;
  created: Date;
  data: unknown;
  metadata: unknown;
  isJson: true;
  position: Position;
}

interface ReadOptions {
  fromRevision?: bigint | 'start' | 'end';
  fromPosition?: 'start' | 'end' | Position;
  direction?: 'forwards' | 'backwards';
  maxCount?: number | bigint;
}

const json = (value: unknown) => (value === undefined ? undefined : JSON.parse(JSON.stringify(value)));

export class EsdbClientModel {
  private readonly all: StoredRecord[] = [];
  private readonly streams = new Map<string, StoredRecord[]>();
  private nextPosition = 1_000n;
  private writes = 0;
  /** Reads of $all served (tests can see the adapter pages). */
  allReads = 0;
  disposed = false;

  private record(streamId: string, type: string, data: unknown, metadata: unknown, id: string = randomUUID()): StoredRecord {
    const stream = this.streams.get(streamId) ?? [];
    const record: StoredRecord = {
      streamId,
      id,
      revision: BigInt(stream.length),
      type,
      created: new Date(Date.now()),
      data: json(data),
      metadata: json(metadata),
      isJson: true,
      position: { commit: this.nextPosition, prepare: this.nextPosition },
    };
    this.nextPosition += 37n + BigInt(Math.floor(Math.random() * 200));
    stream.push(record);
    this.streams.set(streamId, stream);
    this.all.push(record);
    return record;
  }

  /** A write by someone else (another service, or EventStoreDB itself). */
  foreignWrite(streamId: string, type = 'ForeignEvent'): void {
    this.record(streamId, type, { foreign: true }, {});
  }

  async appendToStream(
    streamName: string,
    eventOrEvents: EventData | EventData[],
    options: { streamState?: AppendStreamState } = {},
  ): Promise<AppendResult> {
    await Promise.resolve(); // the network: never synchronous
    const events = Array.isArray(eventOrEvents) ? eventOrEvents : [eventOrEvents];
    const expected = options.streamState ?? 'any';
    const stream = this.streams.get(streamName) ?? [];
    const current = BigInt(stream.length) - 1n; // -1: no stream
    const wrong = () =>
      new WrongExpectedVersionError(undefined, {
        streamName,
        current: current < 0n ? 'no_stream' : current,
        expected,
      });

    const idempotentFrom = (start: bigint): AppendResult | 'mismatch' => {
      const slice = stream.slice(Number(start), Number(start) + events.length);
      if (slice.length === events.length && slice.every((r, i) => r.id === events[i].id)) {
        return { success: true, nextExpectedRevision: slice[slice.length - 1].revision, position: slice[0].position };
      }
      return 'mismatch';
    };

    if (expected === 'no_stream' || typeof expected === 'bigint') {
      const expectedNumber = expected === 'no_stream' ? -1n : expected;
      if (expectedNumber < current) {
        const outcome = idempotentFrom(expectedNumber + 1n);
        if (outcome === 'mismatch') throw wrong();
        return outcome;
      }
      if (expectedNumber > current) throw wrong();
    } else {
      if (expected === 'stream_exists' && current < 0n) throw wrong();
      const firstAt = stream.findIndex((r) => r.id === events[0].id);
      if (firstAt >= 0) {
        const outcome = idempotentFrom(BigInt(firstAt));
        if (outcome === 'mismatch') throw wrong();
        return outcome;
      }
    }

    const written = events.map((e) => this.record(streamName, e.type, e.data, e.metadata, e.id));
    this.writes += 1;
    // Interleave what a real server also writes to $all.
    if (this.writes % 3 === 0) this.record('$stats-127.0.0.1:2113', '$statsCollected', { load: 0.1 }, {});
    if (this.writes % 4 === 0) this.record(`$ce-${streamName.split('-')[0]}`, '$>', `0@${streamName}`, {});
    return { success: true, nextExpectedRevision: written[written.length - 1].revision, position: written[0].position };
  }

  readStream(streamName: string, options: ReadOptions = {}): AsyncIterable<{ event: StoredRecord }> {
    const snapshot = [...(this.streams.get(streamName) ?? [])];
    const exists = this.streams.has(streamName);
    const max = Number(options.maxCount ?? Number.MAX_SAFE_INTEGER);
    const from = options.fromRevision ?? 'start';
    return (async function* () {
      await Promise.resolve();
      if (!exists) throw new StreamNotFoundError(undefined, streamName);
      let selected: StoredRecord[];
      if (options.direction === 'backwards') {
        const top = from === 'end' ? BigInt(snapshot.length - 1) : from === 'start' ? 0n : from;
        selected = snapshot.filter((r) => r.revision <= top).reverse();
      } else {
        const bottom = from === 'start' ? 0n : from === 'end' ? BigInt(snapshot.length) : from;
        selected = snapshot.filter((r) => r.revision >= bottom);
      }
      for (const event of selected.slice(0, max)) yield { event };
    })();
  }

  readAll(options: ReadOptions = {}): AsyncIterable<{ event: StoredRecord; commitPosition: bigint }> {
    this.allReads += 1;
    const snapshot = [...this.all];
    const max = Number(options.maxCount ?? Number.MAX_SAFE_INTEGER);
    const from = options.fromPosition ?? 'start';
    return (async function* () {
      await Promise.resolve();
      let selected: StoredRecord[];
      if (options.direction === 'backwards') {
        selected = (from === 'end' ? snapshot : snapshot.filter((r) => from !== 'start' && r.position.commit < from.commit)).reverse();
      } else {
        selected = from === 'start' ? snapshot : from === 'end' ? [] : snapshot.filter((r) => r.position.commit >= from.commit);
      }
      for (const event of selected.slice(0, max)) yield { event, commitPosition: event.position.commit };
    })();
  }

  async dispose(): Promise<void> {
    this.disposed = true;
  }

  /** As the adapter's client type (the model implements only what the adapter calls). */
  asClient(): EsdbClient {
    return this as unknown as EsdbClient;
  }
}
