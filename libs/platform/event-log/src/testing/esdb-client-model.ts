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
 * - multiStreamAppend (KurrentDB 25.1+): see the method.
 * - readAll's fromPosition is inclusive; reading a missing stream fails with StreamNotFoundError
 *   when iterated; `created` has millisecond precision; data and metadata go through JSON.
 */
import {
  AppendResult,
  AppendStreamRequest,
  AppendStreamState,
  EventData,
  MultiAppendResult,
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
  /**
   * Test support for tamper-evidence (ops verify-log): what a doctored backup or a scavenged
   * delete leaves — the event at this revision of the stream edited in place, or gone from $all.
   */
  tamperForTest(
    streamId: string,
    revision: bigint,
    change: { data: unknown } | 'delete' | 'swapWithNext' | { insertAfter: { type: string; data: unknown } },
  ): void {
    const index = this.all.findIndex((r) => r.streamId === streamId && r.revision === revision);
    if (index < 0) throw new Error(`no ${streamId}@${revision}`);
    if (change === 'delete') this.all.splice(index, 1);
    else if (change === 'swapWithNext') {
      // Two events of the stream exchanged: each slot (position, revision) holds the other's event.
      const next = this.all.findIndex((r) => r.streamId === streamId && r.revision === revision + 1n);
      if (next < 0) throw new Error(`no ${streamId}@${revision + 1n}`);
      const [a, b] = [this.all[index], this.all[next]];
      const content = (r: StoredRecord) => ({ id: r.id, type: r.type, data: r.data, metadata: r.metadata, created: r.created });
      this.all[index] = { ...a, ...content(b) };
      this.all[next] = { ...b, ...content(a) };
    } else if ('insertAfter' in change) {
      // A forged event slipped in after it, the stream's later revisions renumbered.
      for (const r of this.all) if (r.streamId === streamId && r.revision > revision) r.revision += 1n;
      const at = this.all[index];
      this.all.splice(index + 1, 0, {
        ...at,
        id: randomUUID(),
        revision: revision + 1n,
        type: change.insertAfter.type,
        data: json(change.insertAfter.data),
        metadata: json({ schemaVersion: 1 }),
        position: { commit: at.position.commit + 1n, prepare: at.position.commit + 1n },
      });
    } else this.all[index] = { ...this.all[index], data: json(change.data) };
  }

  foreignWrite(streamId: string, type = 'ForeignEvent'): void {
    this.record(streamId, type, { foreign: true }, {});
  }

  /**
   * What the server decides for one stream of a write, before anything is written (IndexWriter.CheckCommit):
   * write at the end, an idempotent success (the original write's revisions), or a WrongExpectedVersionError.
   */
  private decide(
    streamName: string,
    ids: string[],
    expected: AppendStreamState,
  ): { write: true } | { write: false; revision: bigint; first: StoredRecord } {
    const stream = this.streams.get(streamName) ?? [];
    const current = BigInt(stream.length) - 1n; // -1: no stream
    const wrong = () =>
      new WrongExpectedVersionError(undefined, {
        streamName,
        current: current < 0n ? 'no_stream' : current,
        expected,
      });

    const idempotentFrom = (start: bigint) => {
      const slice = stream.slice(Number(start), Number(start) + ids.length);
      if (slice.length === ids.length && slice.every((r, i) => r.id === ids[i])) {
        return { write: false as const, revision: slice[slice.length - 1].revision, first: slice[0] };
      }
      throw wrong();
    };

    if (expected === 'no_stream' || typeof expected === 'bigint') {
      const expectedNumber = expected === 'no_stream' ? -1n : expected;
      if (expectedNumber < current) return idempotentFrom(expectedNumber + 1n);
      if (expectedNumber > current) throw wrong();
    } else {
      if (expected === 'stream_exists' && current < 0n) throw wrong();
      const firstAt = stream.findIndex((r) => r.id === ids[0]);
      if (firstAt >= 0) return idempotentFrom(BigInt(firstAt));
    }
    return { write: true };
  }

  /** What a real server also writes to $all now and then, between user writes. */
  private systemWrites(streamName: string): void {
    this.writes += 1;
    if (this.writes % 3 === 0) this.record('$stats-127.0.0.1:2113', '$statsCollected', { load: 0.1 }, {});
    if (this.writes % 4 === 0) this.record(`$ce-${streamName.split('-')[0]}`, '$>', `0@${streamName}`, {});
  }

  async appendToStream(
    streamName: string,
    eventOrEvents: EventData | EventData[],
    options: { streamState?: AppendStreamState } = {},
  ): Promise<AppendResult> {
    await Promise.resolve(); // the network: never synchronous
    const events = Array.isArray(eventOrEvents) ? eventOrEvents : [eventOrEvents];
    const decision = this.decide(
      streamName,
      events.map((e) => e.id as string),
      options.streamState ?? 'any',
    );
    if (!decision.write) return { success: true, nextExpectedRevision: decision.revision, position: decision.first.position };

    const written = events.map((e) => this.record(streamName, e.type, e.data, e.metadata, e.id));
    this.systemWrites(streamName);
    return { success: true, nextExpectedRevision: written[written.length - 1].revision, position: written[0].position };
  }

  /**
   * KurrentDB 25.1's multi-stream append (v2 StreamsService.AppendSession), as the client reports it:
   * - metadata must be a flat object of string values, refused on the client before anything is sent
   *   (the same condition and message as the real client's check);
   * - the server keeps the records' properties as the event's JSON metadata and adds `$schema.name`
   *   (the event type) and `$schema.format` ('Json'): what the client's own tests read back via v1;
   * - all or nothing: every stream is checked before any is written; a conflict is the client's
   *   WrongExpectedVersionError naming the stream, with its actual revision ('no_stream' if none),
   *   as convertToCommandError builds it from StreamRevisionConflictErrorDetails;
   * - the events of all streams are contiguous in $all (one transaction), each at its own position;
   * - a retry whose every stream is an idempotent repeat (same ids at the same place) succeeds with
   *   the original revisions and writes nothing; if only some streams repeat, the model refuses it
   *   as a conflict on the first repeating stream. NOT verified against a server: how KurrentDB 25.1
   *   treats a repeated multi-stream append is not documented; see EsdbEventLog.appendMulti.
   * - `position`: the last written event's log position; for an idempotent retry the original write's
   *   FIRST event's, deliberately not the last, so the adapter must not rely on it.
   * Not modelled: an empty request list, a request without events, a stream named twice (the adapter
   * refuses these before calling), the server's transaction size limit, tombstoned streams.
   */
  async multiStreamAppend(requests: AppendStreamRequest[]): Promise<MultiAppendResult> {
    for (const request of requests) {
      for (const { metadata } of request.events) {
        if (metadata === undefined || metadata === null) continue;
        const flat =
          typeof metadata === 'object' &&
          !(metadata instanceof Uint8Array) &&
          !Array.isArray(metadata) &&
          Object.values(metadata).every((value) => typeof value === 'string');
        if (!flat) throw new Error('multiStreamAppend requires metadata to be a plain object with string keys and string values.');
      }
    }
    await Promise.resolve(); // the network: never synchronous

    const decisions = requests.map((r) =>
      this.decide(
        r.streamName,
        r.events.map((e) => e.id as string),
        r.expectedState,
      ),
    );
    const repeats = decisions.findIndex((d) => !d.write);
    if (repeats >= 0) {
      if (decisions.every((d) => !d.write)) {
        return {
          position: (decisions[0] as { first: StoredRecord }).first.position.commit,
          responses: requests.map((r, i) => ({ streamName: r.streamName, revision: (decisions[i] as { revision: bigint }).revision })),
        };
      }
      const streamName = requests[repeats].streamName;
      const current = BigInt((this.streams.get(streamName) ?? []).length) - 1n;
      throw new WrongExpectedVersionError(undefined, { streamName, current, expected: requests[repeats].expectedState });
    }

    const responses = requests.map((r) => {
      const written = r.events.map((e) =>
        this.record(
          r.streamName,
          e.type,
          e.data,
          { ...((e.metadata as object | undefined) ?? {}), '$schema.name': e.type, '$schema.format': 'Json' },
          e.id,
        ),
      );
      return { streamName: r.streamName, revision: written[written.length - 1].revision };
    });
    const position = this.all[this.all.length - 1].position.commit;
    for (const r of requests) this.systemWrites(r.streamName);
    return { position, responses };
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
