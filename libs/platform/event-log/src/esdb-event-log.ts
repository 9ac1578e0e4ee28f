import {
  AllStreamResolvedEvent,
  ANY,
  AppendStreamRequest,
  AppendStreamState,
  BACKWARDS,
  END,
  ErrorType,
  FORWARDS,
  JSONEventData,
  JSONType,
  KurrentDBClient,
  NO_STREAM,
  Position,
  ReadPosition,
  RecordedEvent as EsdbRecordedEvent,
  START,
  STREAM_EXISTS,
} from '@kurrent/kurrentdb-client';
import { createHash } from 'node:crypto';
import { EventMetadata, EventToAppend, isUuid, RecordedEvent } from '@hw/platform/core';
import {
  AppendResult,
  EventLog,
  ExpectedRevision,
  MultiAppendResult,
  ReadAllOptions,
  ReadStreamOptions,
  StreamAppend,
  WrongExpectedRevisionError,
} from './event-log.port';
import { lastPosition, LogAdapter, refuseRepeatedIds } from './log-adapter';
import { LogSource } from './log-subscription';

/** The part of the client this adapter uses (a test double can stand in for it). */
export type EsdbClient = Pick<KurrentDBClient, 'appendToStream' | 'multiStreamAppend' | 'readStream' | 'readAll' | 'dispose'>;

export interface EsdbEventLogOptions {
  /** e.g. `kurrentdb://127.0.0.1:2113?tls=false` (`esdb://` still works, with a deprecation warning). Either this or `client`. */
  connectionString?: string;
  /** A client to use instead; the log then leaves disposing it to its owner. */
  client?: EsdbClient;
  /** How often a live subscription polls $all for new events (ms). Default 100. */
  pollIntervalMs?: number;
  /** Events per $all read request. Default 500 (at least 2, so every page makes progress). */
  pageSize?: number;
  /**
   * Chain each appended event to the one before it IN ITS STREAM, in the event's metadata
   * (CHAIN_METADATA_KEY, R-AUD-1): default true. See streamChainHash and the class comment.
   */
  chain?: boolean;
}

/**
 * Metadata key of an event's link in its stream's hash chain: `{ previous, hash }`, hash =
 * streamChainHash(previous, the event). Kept out of RecordedEvent.metadata (read it with
 * readAllChained); reserved, as the schema version is.
 */
export const CHAIN_METADATA_KEY = 'chain';
export const STREAM_CHAIN_GENESIS = '0'.repeat(64);

export interface ChainLink {
  previous: string;
  hash: string;
}

/**
 * SHA-256 over the previous link's hash and the event's id, stream, revision, type, schema
 * version and data as stored (JSON): an edit of any of them, or an event removed, added or moved
 * within its stream, breaks the chain from there. Data as stored: crypto-shredding destroys keys,
 * never events (R-AUD-2), so it keeps the chain intact.
 */
export const streamChainHash = (
  previous: string,
  e: { id: string; streamId: string; revision: bigint; type: string; schemaVersion: number; data: unknown },
): string =>
  createHash('sha256')
    .update(previous)
    .update('\n')
    .update(JSON.stringify([e.id, e.streamId, e.revision.toString(), e.type, e.schemaVersion, e.data]))
    .digest('hex');

const chainLinkOf = (raw: unknown): ChainLink | undefined => {
  const metadata = storedMetadata(raw);
  const link = metadata[CHAIN_METADATA_KEY] as Partial<ChainLink> | undefined;
  return link && typeof link.previous === 'string' && typeof link.hash === 'string'
    ? { previous: link.previous, hash: link.hash }
    : undefined;
};

/** Metadata key that carries the schema version next to the envelope's metadata. */
export const SCHEMA_VERSION_KEY = 'schemaVersion';

export const toEsdbExpectedRevision = (expected: ExpectedRevision): AppendStreamState => {
  switch (expected) {
    case 'no_stream':
      return NO_STREAM;
    case 'stream_exists':
      return STREAM_EXISTS;
    case 'any':
      return ANY;
    default:
      return expected;
  }
};

const errorType = (error: unknown): string | undefined =>
  typeof error === 'object' && error !== null ? (error as { type?: string }).type : undefined;

/** The actual revision a WrongExpectedVersionError reports (`actualState`: a revision, or 'no_stream'). */
const actualRevisionOf = (error: unknown): bigint | undefined => {
  const actual = (error as { actualState?: unknown }).actualState;
  return typeof actual === 'bigint' && actual >= 0n ? actual : undefined;
};

/** WrongExpectedVersionError → WrongExpectedRevisionError; everything else unchanged. */
export const mapAppendError = (error: unknown, streamId: string, expected: ExpectedRevision): unknown => {
  if (errorType(error) !== ErrorType.WRONG_EXPECTED_VERSION) return error;
  return new WrongExpectedRevisionError(streamId, expected, actualRevisionOf(error));
};

/** Whether a stream at `actual` (undefined: no stream) satisfies the expected revision. */
const holds = (expected: ExpectedRevision, actual: bigint | undefined): boolean => {
  switch (expected) {
    case 'any':
      return true;
    case 'no_stream':
      return actual === undefined;
    case 'stream_exists':
      return actual !== undefined;
    default:
      return actual === expected;
  }
};

const isSystem = (event: { streamId: string; type: string }): boolean => event.streamId.startsWith('$') || event.type.startsWith('$');

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);

export const toEsdbEvent = (event: EventToAppend, link?: ChainLink): JSONEventData => {
  if (!isUuid(event.id) || event.id !== event.id.toLowerCase()) {
    // EventStoreDB stores ids as UUIDs and returns them lowercase: anything else would not round-trip.
    throw new Error(`event id ${event.id} is not a lowercase UUID`);
  }
  for (const reserved of [SCHEMA_VERSION_KEY, ENCODED_METADATA_KEY, CHAIN_METADATA_KEY]) {
    if (reserved in event.metadata) {
      const what =
        reserved === SCHEMA_VERSION_KEY
          ? "the event's schema version"
          : reserved === CHAIN_METADATA_KEY
            ? "the stream's hash chain"
            : 'encoded metadata';
      throw new Error(`metadata key "${reserved}" is reserved (${what})`);
    }
  }
  return {
    id: event.id,
    contentType: 'application/json',
    type: event.type,
    data: event.data as JSONType,
    metadata: { ...event.metadata, [SCHEMA_VERSION_KEY]: event.schemaVersion, ...(link ? { [CHAIN_METADATA_KEY]: link } : {}) },
  };
};

/**
 * Metadata key under which a multi-stream append carries the event's metadata. KurrentDB's v2 append
 * (multiStreamAppend) takes metadata only as a flat map of string values (the client refuses anything
 * else, the server stores the map as the event's JSON metadata), and ours is nested JSON (principal)
 * with a numeric schema version. So a multi-stream append sends `{ metadataJson: JSON.stringify(m) }`,
 * `m` being exactly the metadata a single append stores, and fromEsdbEvent decodes it: both ways of
 * appending read back as the same RecordedEvent.
 */
export const ENCODED_METADATA_KEY = 'metadataJson';

/** The event as a multi-stream append sends it: metadata encoded under ENCODED_METADATA_KEY. */
export const toEsdbMultiAppendEvent = (event: EventToAppend, link?: ChainLink): JSONEventData => {
  const proposed = toEsdbEvent(event, link);
  return { ...proposed, metadata: { [ENCODED_METADATA_KEY]: JSON.stringify(proposed.metadata) } };
};

/** The metadata as a single append stores it, also when a multi-stream append encoded it. */
const storedMetadata = (raw: unknown): Record<string, unknown> => {
  if (!isPlainObject(raw)) return {};
  const encoded = raw[ENCODED_METADATA_KEY];
  if (typeof encoded !== 'string') return raw;
  // The server adds its own keys beside the encoded one (`$schema.name`, `$schema.format`): dropped here.
  const decoded = parseJson(encoded);
  return isPlainObject(decoded) ? decoded : raw; // not ours (another tool's key): as stored
};

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

/**
 * Data of an event: JSON as the client parsed it. A v2 (multi-stream) append sends JSON with schema
 * format Json; should a server not flag such an event as JSON in v1 reads, the client would hand
 * back bytes: parse them then (defensive; not verified against a server either way).
 */
const storedData = (event: EsdbRecordedEvent): unknown => {
  if (event.isJson || !(event.data instanceof Uint8Array)) return event.data;
  if (!isPlainObject(event.metadata) || event.metadata['$schema.format'] !== 'Json') return event.data;
  return parseJson(Buffer.from(event.data).toString('utf8')) ?? event.data;
};

/**
 * An EventStoreDB event as the port's RecordedEvent: `position` is the commit position in $all.
 * Every event of a (non-legacy-transaction) append is committed at its own log position, so
 * commit positions are unique and strictly increasing. Events written by other tools without a
 * schema version read as version 1.
 */
export const fromEsdbEvent = (event: EsdbRecordedEvent): RecordedEvent => {
  if (!event.position) {
    throw new Error(
      `EventStoreDB returned no $all position for ${event.streamId}@${event.revision} (stream reads carry it from server 22.6 on)`,
    );
  }
  const { [SCHEMA_VERSION_KEY]: schemaVersion, [CHAIN_METADATA_KEY]: _link, ...metadata } = storedMetadata(event.metadata);
  return {
    id: event.id,
    streamId: event.streamId,
    revision: event.revision,
    position: event.position.commit,
    type: event.type,
    schemaVersion: typeof schemaVersion === 'number' ? schemaVersion : 1,
    data: storedData(event),
    metadata: metadata as EventMetadata,
    recordedAt: event.created,
  };
};

const drain = async <T>(read: AsyncIterable<T>): Promise<T[]> => {
  const items: T[] = [];
  for await (const item of read) items.push(item);
  return items;
};

const TRANSIENT = new Set<string>([ErrorType.UNAVAILABLE, ErrorType.DEADLINE_EXCEEDED, ErrorType.NOT_LEADER, ErrorType.TIMEOUT]);

/** Retries reads that failed for a transient reason (leader change, restart) before giving up. */
const retryTransient = async <T>(work: () => Promise<T>, attempts = 5): Promise<T> => {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= attempts || !TRANSIENT.has(errorType(error) ?? '')) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 * 2 ** attempt));
    }
  }
};

/**
 * The distributed event log: EventStoreDB / KurrentDB over gRPC (`@kurrent/kurrentdb-client` 1.3, the
 * successor of `@eventstore/db-client` 6.x: same API, `KurrentDBClient`, the expected revision passed
 * as `streamState`, WrongExpectedVersionError's `actualState`; stream and $all reads go through its
 * native bridge, `@kurrent/bridge`).
 *
 * - Expected revisions map one to one; WrongExpectedVersionError becomes WrongExpectedRevisionError.
 * - Idempotent retry: with an explicit expected revision (no_stream or a number) below the stream's
 *   current one, the server compares the ids at the following revisions; if all match it answers
 *   success and writes nothing, with `nextExpectedRevision` = the original last revision (KurrentDB
 *   IndexWriter.CheckCommit → CommitDecision.Idempotent → RequestManagerBase.ReturnCommitAt). A
 *   partial match is a WrongExpectedVersion. With `any`/`stream_exists` it only consults a bounded
 *   in-memory cache of recent event ids: best effort, a miss writes duplicates.
 *   The *position* in that answer is whatever the server found for the idempotent write: the last
 *   event's log position in current KurrentDB, -1 when it is not yet readable (IdempotentNotReady
 *   drops the write: the client times out and retries), and other positions on older servers; even
 *   for a fresh write the server's own comment calls the reported position "not technically correct".
 *   So after every append the adapter reads the last event back from the leader and reports its
 *   commit position: the first and the retried append return the same AppendResult. One extra read
 *   per append buys that.
 * - Event ids are not unique across streams in EventStoreDB (there is no global index of ids): an id
 *   reused in another stream is written, not refused. Only a repeat inside one append (or one
 *   appendMulti) is refused here.
 * - appendMulti uses KurrentDB's multi-stream append (`multiStreamAppend`, the v2 AppendSession;
 *   server 25.1 or later, older servers answer UnsupportedError): all streams in one transaction,
 *   each with its expected revision, all or nothing. Known from the client's source (1.3.1):
 *   · metadata must be a flat map of string values, so it travels JSON-encoded under one key
 *     (ENCODED_METADATA_KEY) and fromEsdbEvent decodes it; the server stores the map as the event's
 *     JSON metadata plus `$schema.name` / `$schema.format` (what the client's own tests read back);
 *   · a conflict is FAILED_PRECONDITION with StreamRevisionConflictErrorDetails, which the client turns
 *     into WrongExpectedVersionError { streamName, expectedState, actualState ('no_stream' or a
 *     revision) }: mapped to WrongExpectedRevisionError naming that stream;
 *   · the answer is one position for the whole transaction plus each stream's last revision.
 *   Positions: as with `append`, each stream's last event is read back from the leader and its commit
 *   position reported (so a retry reports the same), and the result's position is the greatest of
 *   them, i.e. the transaction's last event. The transaction's reported position is used only if
 *   a read-back misses (it may then be the position of another stream's last event).
 *   NOT verified without a server: what exactly that reported position is; that every event of the
 *   transaction has its own commit position in $all, as the events of one single-stream append do
 *   (readAll's exclusive `after` and the subscriptions rely on it); that v1 reads return a
 *   v2-written event with its type, as JSON, and with the metadata map as described; and how a retry
 *   is treated. A retry with the same ids at the same expected revisions should take the per-stream
 *   idempotency check the v1 append takes (IndexWriter.CheckCommit: success with the original
 *   revisions, nothing written), and the in-memory model assumes so (a retry where only some
 *   streams repeat is a conflict there); the contract's retry test proves it when run on a server.
 * - readAll / subscriptions read $all from a position. `fromPosition` is inclusive for reads, so
 *   events at or before `after` are dropped; system events (`$` stream or type) are skipped;
 *   `streamPrefixes` is filtered on the client (as with the 6.x client, whose readAll had no
 *   server-side filter; 1.x's `filter` option is not used).
 * - Subscriptions poll $all through LogSubscription (catch up from the checkpoint in batches, then
 *   poll; woken at once by this process's own appends). A catch-up `subscribeToAll` would save the
 *   polling, but its drop/resubscribe paths cannot be exercised here without a server; the polling
 *   path shares its logic with the SQLite adapter and is proven by the same contract.
 *   Transient read errors are retried; a lasting one rejects `done` and the caller resubscribes
 *   from its stored checkpoint, as with any adapter.
 */
export class EsdbEventLog extends LogAdapter implements EventLog {
  private readonly client: EsdbClient;
  private readonly ownsClient: boolean;
  private readonly pageSize: number;

  constructor(options: EsdbEventLogOptions) {
    super(options.pollIntervalMs ?? 100);
    if (options.client) {
      this.client = options.client;
      this.ownsClient = false;
    } else if (options.connectionString) {
      this.client = KurrentDBClient.connectionString(options.connectionString);
      this.ownsClient = true;
    } else {
      throw new Error('EsdbEventLog needs a connectionString or a client');
    }
    this.pageSize = Math.max(2, options.pageSize ?? 500);
    this.chain = options.chain ?? true;
  }

  private readonly chain: boolean;

  /**
   * The chain links of events about to be appended to `streamId` at `expected` (R-AUD-1), and the
   * state to append them with. A link names its revision and the hash of the event before it in
   * the stream, so a chained append is PINNED to the revision it follows: `any` / `stream_exists`
   * become the stream's last revision as read here, and a concurrent append to the same stream
   * then conflicts instead of forking the chain (the caller re-reads: `pinned`). Appends to
   * different streams stay as concurrent as KurrentDB makes them: each stream has its own chain;
   * global order is what seal-log's signed checkpoints of $all cover. An exact revision or
   * no_stream stays as given (a conflict is the caller's, as without the chain); for an exact
   * revision the link follows the event AT it, so a retried append carries the links it carried
   * the first time and the server's idempotent success still applies. After an event without a
   * link (written before the chain, or by another tool) the stream's chain starts again from
   * STREAM_CHAIN_GENESIS.
   */
  private async chainFor(
    streamId: string,
    events: EventToAppend[],
    expected: ExpectedRevision,
  ): Promise<{ links: ChainLink[]; state: AppendStreamState; pinned: boolean; done?: AppendResult }> {
    let after: EsdbRecordedEvent | undefined;
    let state = toEsdbExpectedRevision(expected);
    let pinned = false;
    if (typeof expected === 'bigint') {
      [after] = await this.readStreamRaw(streamId, { fromRevision: expected, maxCount: 1, direction: FORWARDS });
    } else if (expected !== 'no_stream') {
      [after] = await this.readStreamRaw(streamId, { fromRevision: END, maxCount: 1, direction: BACKWARDS });
      if (after) state = after.revision;
      else if (expected === 'any') state = NO_STREAM;
      pinned = after !== undefined || expected === 'any';
      // `any` retried after a success the caller did not see: the stream ends with this append's last event.
      if (after && after.id === events[events.length - 1].id && after.position)
        return { links: [], state, pinned, done: { nextRevision: after.revision, position: after.position.commit } };
    }
    let previous = (after && chainLinkOf(after.metadata)?.hash) ?? STREAM_CHAIN_GENESIS;
    let revision = after ? after.revision + 1n : 0n;
    const links = events.map((event) => {
      const hash = streamChainHash(previous, { ...event, streamId, revision });
      const link = { previous, hash };
      previous = hash;
      revision += 1n;
      return link;
    });
    return { links, state, pinned };
  }

  /**
   * The user events of $all after `after` (at most `maxCount`), each with its stream-chain link
   * (undefined: the event carries none): what ops verify-log walks on KurrentDB.
   */
  async readAllChained(options: { after?: bigint; maxCount?: number } = {}): Promise<Array<{ event: RecordedEvent; link?: ChainLink }>> {
    const { events } = await this.scan(options.after, undefined, options.maxCount ?? Number.MAX_SAFE_INTEGER, undefined, (raw) => ({
      event: fromEsdbEvent(raw),
      link: chainLinkOf(raw.metadata),
    }));
    return events;
  }

  async append(streamId: string, events: EventToAppend[], expected: ExpectedRevision): Promise<AppendResult> {
    const refused = this.refusal([{ streamId, events, expected }]);
    if (refused) throw refused;
    refuseRepeatedIds(streamId, events);
    let result: Awaited<ReturnType<EsdbClient['appendToStream']>>;
    for (let attempt = 1; ; attempt++) {
      const chained = this.chain ? await this.chainFor(streamId, events, expected) : undefined;
      if (chained?.done) return chained.done;
      const proposed = events.map((event, i) => toEsdbEvent(event, chained?.links[i]));
      try {
        result = await this.client.appendToStream(streamId, proposed, { streamState: chained?.state ?? toEsdbExpectedRevision(expected) });
        break;
      } catch (error) {
        // Pinned by the chain, not by the caller: another append to the stream came first; re-read its tail.
        if (chained?.pinned && errorType(error) === ErrorType.WRONG_EXPECTED_VERSION && attempt < 20) continue;
        throw mapAppendError(error, streamId, expected);
      }
    }
    if (!result.success) {
      // Only with a client built with throwOnAppendFailure=false; its reported revision is unreliable.
      throw new WrongExpectedRevisionError(streamId, expected, await this.streamRevision(streamId));
    }
    const nextRevision = result.nextExpectedRevision;
    const position = await this.positionOf(streamId, nextRevision, events[events.length - 1].id, result.position?.commit);
    this.live.appended();
    return { nextRevision, position };
  }

  /**
   * KurrentDB's multi-stream append (server 25.1+, `client.multiStreamAppend`): one transaction over
   * every stream, each with its expected revision; a conflict on one appends nothing to any.
   * See the class comment for what is and is not verified.
   */
  async appendMulti(appends: StreamAppend[]): Promise<MultiAppendResult> {
    const refused = this.refusal(appends);
    if (refused) throw refused;
    // One transaction: an id twice in it is refused as inside one append (the server has no global index).
    const seen = new Set<string>();
    for (const { streamId, events } of appends) refuseRepeatedIds(streamId, events, seen);
    let written: Awaited<ReturnType<EsdbClient['multiStreamAppend']>>;
    for (let attempt = 1; ; attempt++) {
      const chained = this.chain
        ? await Promise.all(appends.map(({ streamId, events, expected }) => this.chainFor(streamId, events, expected)))
        : undefined;
      const requests: AppendStreamRequest[] = appends.map(({ streamId, events, expected }, s) => ({
        streamName: streamId,
        events: events.map((event, i) => toEsdbMultiAppendEvent(event, chained?.[s].links[i])),
        // A stream already ending with its events (a retried `any`): its exact revision, so the server's idempotence applies.
        expectedState: chained?.[s].done
          ? chained[s].done.nextRevision - BigInt(events.length)
          : (chained?.[s].state ?? toEsdbExpectedRevision(expected)),
      }));
      try {
        written = await this.client.multiStreamAppend(requests);
        break;
      } catch (error) {
        if (chained?.some((c) => c.pinned) && errorType(error) === ErrorType.WRONG_EXPECTED_VERSION && attempt < 20) continue;
        throw await this.mapMultiAppendError(error, appends);
      }
    }
    const results = await Promise.all(
      appends.map(async ({ streamId, events }): Promise<AppendResult> => {
        const response = written.responses.find((r) => r.streamName === streamId);
        if (!response) throw new Error(`multi-stream append succeeded but reported no revision for ${streamId}`);
        const position = await this.positionOf(streamId, response.revision, events[events.length - 1].id, written.position);
        return { nextRevision: response.revision, position };
      }),
    );
    this.live.appended();
    return { results, position: lastPosition(results) };
  }

  /**
   * A conflict of a multi-stream append as WrongExpectedRevisionError naming the stream the server
   * names (StreamRevisionConflictErrorDetails.stream → WrongExpectedVersionError.streamName). Should it
   * name none of ours, the streams are read and the first whose expected revision no longer holds is
   * named (or the first stream, when they all hold again by now).
   */
  private async mapMultiAppendError(error: unknown, appends: StreamAppend[]): Promise<unknown> {
    if (errorType(error) !== ErrorType.WRONG_EXPECTED_VERSION) return error;
    const named = appends.find((a) => a.streamId === (error as { streamName?: unknown }).streamName);
    if (named) return new WrongExpectedRevisionError(named.streamId, named.expected, actualRevisionOf(error));
    for (const { streamId, expected } of appends) {
      const actual = await this.streamRevision(streamId);
      if (!holds(expected, actual)) return new WrongExpectedRevisionError(streamId, expected, actual);
    }
    return new WrongExpectedRevisionError(appends[0].streamId, appends[0].expected, await this.streamRevision(appends[0].streamId));
  }

  /** The commit position of the event at `revision`, read from the leader (see the class comment). */
  private async positionOf(streamId: string, revision: bigint, lastId: string, reported?: bigint): Promise<bigint> {
    const [stored] = await this.readStreamRaw(streamId, { fromRevision: revision, maxCount: 1, direction: FORWARDS });
    if (stored && stored.id === lastId && stored.position) return stored.position.commit;
    if (reported !== undefined && reported >= 0n) return reported;
    throw new Error(`append to ${streamId} succeeded but its last event cannot be read back at revision ${revision}`);
  }

  private async readStreamRaw(
    streamId: string,
    options: { fromRevision: bigint | typeof START | typeof END; maxCount: number; direction: typeof FORWARDS | typeof BACKWARDS },
  ): Promise<EsdbRecordedEvent[]> {
    try {
      const resolved = await drain(this.client.readStream(streamId, { ...options, resolveLinkTos: false, requiresLeader: true }));
      return resolved.flatMap((r) => (r.event ? [r.event as EsdbRecordedEvent] : []));
    } catch (error) {
      if (errorType(error) === ErrorType.STREAM_NOT_FOUND) return [];
      throw error;
    }
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const direction = options.direction === 'backwards' ? BACKWARDS : FORWARDS;
    const events = await this.readStreamRaw(streamId, {
      direction,
      fromRevision: options.fromRevision ?? (direction === BACKWARDS ? END : START),
      maxCount: options.maxCount ?? Number.MAX_SAFE_INTEGER,
    });
    return events.map(fromEsdbEvent);
  }

  async streamRevision(streamId: string): Promise<bigint | undefined> {
    const [last] = await this.readStreamRaw(streamId, { direction: BACKWARDS, fromRevision: END, maxCount: 1 });
    return last?.revision;
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const { events } = await this.scan(options.after, undefined, options.maxCount ?? Number.MAX_SAFE_INTEGER, options.streamPrefixes);
    return events;
  }

  /** Commit position of the last record in $all (0 when empty). */
  private async head(): Promise<bigint> {
    const [last] = await drain(this.client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1, resolveLinkTos: false }));
    return last?.event?.position.commit ?? last?.commitPosition ?? 0n;
  }

  /**
   * Matching user events in (after, upTo], at most `max`, paging through $all; `scannedTo` says how far
   * the scan got, so a filtered subscription advances past other streams.
   */
  private async scan<T = RecordedEvent>(
    after: bigint | undefined,
    upTo: bigint | undefined,
    max: number,
    prefixes: string[] | undefined,
    map: (event: EsdbRecordedEvent) => T = fromEsdbEvent as unknown as (event: EsdbRecordedEvent) => T,
  ): Promise<{ events: T[]; scannedTo: bigint }> {
    const matches = (streamId: string) => !prefixes || prefixes.length === 0 || prefixes.some((p) => streamId.startsWith(p));
    const events: T[] = [];
    let floor = after ?? -1n; // dropped: at or before it (fromPosition is inclusive)
    let from: ReadPosition = after === undefined ? START : { commit: after, prepare: after };
    for (;;) {
      const page: AllStreamResolvedEvent[] = await drain(
        this.client.readAll({ fromPosition: from, direction: FORWARDS, maxCount: this.pageSize, resolveLinkTos: false }),
      );
      for (const { event } of page) {
        if (!event) continue;
        const position = event.position.commit;
        if (position <= floor) continue;
        if (upTo !== undefined && position > upTo) return { events, scannedTo: upTo };
        floor = position;
        if (isSystem(event) || !matches(event.streamId)) continue;
        events.push(map(event as EsdbRecordedEvent));
        if (events.length >= max) return { events, scannedTo: position };
      }
      const last: Position | undefined = page[page.length - 1]?.event?.position;
      if (page.length < this.pageSize || !last) return { events, scannedTo: upTo ?? floor };
      from = last; // inclusive: the next page starts with it, and it is dropped as <= floor
    }
  }

  protected source(streamPrefixes: string[] | undefined): Pick<LogSource, 'head' | 'read'> {
    return {
      head: () => retryTransient(() => this.head()),
      read: (after, upTo, max) => retryTransient(() => this.scan(after, upTo, max, streamPrefixes)),
    };
  }

  protected async release(): Promise<void> {
    if (this.ownsClient) await this.client.dispose();
  }
}
