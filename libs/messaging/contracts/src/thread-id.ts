import { createHash } from 'node:crypto';

/**
 * Deterministic UUIDs (RFC 9562 version 8, name-based on SHA-256) for things that must be the
 * same on every retry and in every process: the thread of (registration, seeker) and the
 * message of (registration, idempotency key) — R-MSG-8.
 */
export const derivedUuid = (...parts: string[]): string => {
  const bytes = createHash('sha256')
    .update(parts.map((p) => `${p.length}:${p}`).join('|'))
    .digest()
    .subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x80;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};

/**
 * The one thread a registration and a seeker share (R-MSG-1), as a public contract: the
 * `threadId` of messaging's events carries no seeker id, so a context that knows the seeker
 * (registration: which seekers a registration has messaged, for its complaint officer's contact,
 * R-MSG-4) derives the thread id and looks it up.
 */
export const threadIdOf = (registrationId: string, seekerId: string): string => derivedUuid('thread', registrationId, seekerId);
