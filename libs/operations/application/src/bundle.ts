import { createHash, createPrivateKey, createPublicKey, KeyObject, sign, verify } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { RecordedEvent } from '@hw/platform/core';
import { EventLog } from '@hw/platform/event-log';
import { EventPlace, eventsAfter, placeOf } from './context';
import { maskPersonalData } from './masking';

/**
 * Audit bundles (R-AUD-1): every event about one subject, in global order, chained and signed,
 * so an auditor can check them on a machine without the platform (`verify`). Sealed personal
 * data stays sealed (R-AUD-2); only its marker would be shown on screen.
 */
export const BUNDLE_FORMAT = 'hellowork-audit-bundle/1';
const GENESIS = '0'.repeat(64);

export interface BundleEvent extends EventPlace {
  recordedAt: string;
  metadata: unknown;
  /** As stored in the log: sealed values stay sealed. */
  data: unknown;
  /** The previous event's hash (GENESIS for the first). */
  previous: string;
  /** SHA-256 over `previous` and this event (see eventHash). */
  hash: string;
}

export interface BundleHeader {
  format: string;
  subject: { kind: 'seeker' | 'registration'; id: string };
  createdAt: string;
  operator: string;
  reason: string;
  streams: string[];
  count: number;
  /** The last event's hash (GENESIS for an empty bundle). */
  head: string;
}

export interface Bundle extends BundleHeader {
  events: BundleEvent[];
  signature: { algorithm: 'ed25519'; publicKey: string; value: string };
}

/**
 * The chain link of one event: SHA-256 over the previous hash and the event's id, stream,
 * revision, type, schema version, position, metadata and data as stored. Metadata and position
 * are chained too (beyond the log-level chain's fields) because an auditor relies on who, when
 * and in what order as much as on what.
 */
export const eventHash = (previous: string, e: Omit<BundleEvent, 'hash' | 'previous'>): string =>
  createHash('sha256')
    .update(previous)
    .update('\n')
    .update(JSON.stringify([e.id, e.streamId, e.revision, e.type, e.schemaVersion, e.position, e.recordedAt, e.metadata, e.data]))
    .digest('hex');

/** The bytes the signature covers: the header, in a fixed key order. */
const signedBytes = (h: BundleHeader): Buffer =>
  Buffer.from(
    JSON.stringify([h.format, h.subject.kind, h.subject.id, h.createdAt, h.operator, h.reason, h.streams, h.count, h.head]),
    'utf8',
  );

/** OPS_SIGNING_KEY: an Ed25519 private key as PEM, or the path of a PEM file. */
export const signingKeyFrom = (value: string | undefined): KeyObject => {
  if (!value) throw new UsageError('OPS_SIGNING_KEY is not set: an Ed25519 private key (PEM) or the path of one (`ops keygen` makes one)');
  const pem = value.includes('-----BEGIN') ? value : existsSync(value) ? readFileSync(value, 'utf8') : undefined;
  if (!pem) throw new UsageError('OPS_SIGNING_KEY is neither a PEM key nor the path of a readable file');
  const key = createPrivateKey(pem);
  if (key.asymmetricKeyType !== 'ed25519') throw new UsageError(`OPS_SIGNING_KEY must be an Ed25519 key, got ${key.asymmetricKeyType}`);
  return key;
};

export class UsageError extends Error {
  override name = 'UsageError';
}

/** The streams about a subject, and their events in global order. */
export const subjectEvents = async (log: EventLog, kind: 'seeker' | 'registration', id: string): Promise<RecordedEvent[]> => {
  // Threads name their seeker and registration in every event's data (messaging's events).
  const threads = new Set<string>();
  for await (const event of eventsAfter(log, undefined, ['thread-'])) {
    const data = event.data as { seekerId?: unknown; registrationId?: unknown } | null;
    if ((kind === 'seeker' ? data?.seekerId : data?.registrationId) === id) threads.add(event.streamId);
  }
  const own = kind === 'seeker' ? `seeker-${id}` : `registration-${id}`;
  const quotaPrefix = `daily-quota-${id}-`;
  const prefixes = [own, ...threads, ...(kind === 'registration' ? [quotaPrefix] : [])];
  const events: RecordedEvent[] = [];
  for await (const event of eventsAfter(log, undefined, prefixes)) {
    // Prefixes match longer ids too: keep exactly the subject's streams.
    const mine =
      event.streamId === own ||
      threads.has(event.streamId) ||
      (kind === 'registration' && /^\d{8}$/.test(event.streamId.slice(quotaPrefix.length)) && event.streamId.startsWith(quotaPrefix));
    if (mine) events.push(event);
  }
  return events;
};

export const buildBundle = (
  events: RecordedEvent[],
  header: Pick<BundleHeader, 'subject' | 'createdAt' | 'operator' | 'reason'>,
  privateKey: KeyObject,
): Bundle => {
  let previous = GENESIS;
  const chained: BundleEvent[] = events.map((event) => {
    const body = {
      ...placeOf(event),
      recordedAt: event.recordedAt.toISOString(),
      metadata: event.metadata,
      data: event.data,
    };
    const hash = eventHash(previous, body);
    const link = { ...body, previous, hash };
    previous = hash;
    return link;
  });
  const full: BundleHeader = {
    format: BUNDLE_FORMAT,
    ...header,
    streams: [...new Set(chained.map((e) => e.streamId))].sort(),
    count: chained.length,
    head: previous,
  };
  const publicKey = createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString();
  const value = sign(null, signedBytes(full), privateKey).toString('base64');
  return { ...full, events: chained, signature: { algorithm: 'ed25519', publicKey, value } };
};

/** The envelope every recorded event has (id, type, version, time, metadata: correlation id, principal, time). */
const shapeProblem = (e: BundleEvent): string | undefined => {
  if (typeof e.id !== 'string' || e.id.length === 0) return 'id missing';
  if (typeof e.type !== 'string' || e.type.length === 0) return 'type missing';
  if (!Number.isInteger(e.schemaVersion) || e.schemaVersion < 1) return 'schema version is not a positive integer';
  if (typeof e.recordedAt !== 'string' || Number.isNaN(Date.parse(e.recordedAt))) return 'recorded time is not an instant';
  const m = e.metadata as { correlationId?: unknown; principal?: { kind?: unknown; id?: unknown }; occurredAt?: unknown } | null;
  if (typeof m !== 'object' || m === null) return 'metadata missing';
  if (typeof m.correlationId !== 'string') return 'metadata has no correlation id';
  if (typeof m.principal?.kind !== 'string' || typeof m.principal?.id !== 'string') return 'metadata has no principal';
  if (typeof m.occurredAt !== 'string' || Number.isNaN(Date.parse(m.occurredAt))) return 'metadata has no time';
  return undefined;
};

export type VerifyResult =
  | { ok: true; count: number; publicKeyFingerprint: string }
  | { ok: false; kind: 'event' | 'signature' | 'format'; count: number; valid: number; eventId?: string; index?: number; reason: string };

export const fingerprint = (publicKeyPem: string): string =>
  createHash('sha256')
    .update(createPublicKey(publicKeyPem).export({ type: 'spki', format: 'der' }))
    .digest('hex')
    .slice(0, 16);

/**
 * Checks a bundle offline: each event's envelope (schema), its order (global position increasing, every stream's
 * revisions consecutive from 0), its link in the chain, then the head and the Ed25519
 * signature over the header. `trustedPublicKey` pins the signer (otherwise the bundle's own key
 * is used and its fingerprint printed for the auditor to compare).
 */
export const verifyBundle = (raw: unknown, trustedPublicKey?: string): VerifyResult => {
  const bundle = raw as Partial<Bundle>;
  if (!bundle || bundle.format !== BUNDLE_FORMAT || !Array.isArray(bundle.events) || !bundle.signature || typeof bundle.head !== 'string') {
    return { ok: false, kind: 'format', count: 0, valid: 0, reason: `not a ${BUNDLE_FORMAT} bundle` };
  }
  const events = bundle.events;
  const count = typeof bundle.count === 'number' ? bundle.count : events.length;
  let previous = GENESIS;
  let lastPosition = -1n;
  const revisions = new Map<string, bigint>();
  for (let index = 0; index < events.length; index++) {
    const e = events[index];
    const bad = (reason: string): VerifyResult => ({
      ok: false,
      kind: 'event',
      count,
      valid: index,
      eventId: typeof e?.id === 'string' ? e.id : undefined,
      index,
      reason,
    });
    if (typeof e !== 'object' || e === null || typeof e.streamId !== 'string' || typeof e.hash !== 'string')
      return bad('it is not an event record (stream id and hash missing)');
    const shape = shapeProblem(e);
    if (shape) return bad(`not a well-formed event: ${shape}`);
    let position: bigint;
    let revision: bigint;
    try {
      position = BigInt(e.position);
      revision = BigInt(e.revision);
    } catch {
      return bad('its position or revision is not a number');
    }
    if (position <= lastPosition) return bad(`out of order: position ${position} comes after ${lastPosition} (events swapped or moved)`);
    const expected = (revisions.get(e.streamId) ?? -1n) + 1n;
    if (revision !== expected)
      return bad(`revision ${revision} of ${e.streamId} where ${expected} was expected (an event of its stream is missing or moved)`);
    const { hash, previous: link, ...body } = e;
    if (link !== previous) return bad('it does not follow the event before it in the chain (an event removed, inserted or moved)');
    if (eventHash(link, body) !== hash) return bad('its content does not match its hash (edited)');
    previous = hash;
    lastPosition = position;
    revisions.set(e.streamId, revision);
  }
  const valid = events.length;
  if (events.length !== count)
    return {
      ok: false,
      kind: 'event',
      count,
      valid,
      reason: `the header says ${count} events, the bundle holds ${events.length} (events removed at the end or added)`,
    };
  if (previous !== bundle.head)
    return { ok: false, kind: 'event', count, valid, reason: 'the last event does not match the signed head (events removed at the end)' };
  const key = trustedPublicKey ?? bundle.signature.publicKey;
  let signatureOk = false;
  try {
    signatureOk = verify(null, signedBytes(bundle as BundleHeader), createPublicKey(key), Buffer.from(bundle.signature.value, 'base64'));
  } catch {
    signatureOk = false;
  }
  if (!signatureOk) {
    return {
      ok: false,
      kind: 'signature',
      count,
      valid,
      reason: trustedPublicKey
        ? 'the signature does not verify with the trusted public key'
        : 'the signature does not verify (header changed or re-signed)',
    };
  }
  return { ok: true, count, publicKeyFingerprint: fingerprint(key) };
};

/** What an operator sees of a bundle's events: the bundle itself keeps them as stored. */
export const maskedBundleEvent = (e: BundleEvent): unknown => ({ ...e, data: maskPersonalData(e.data) });
