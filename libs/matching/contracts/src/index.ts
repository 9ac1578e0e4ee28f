import { createCipheriv, createDecipheriv, createHmac } from 'node:crypto';

/**
 * The pseudonymous reference an organisation sees for a seeker (R-SKR-5): one per
 * (registration, seeker), unlinkable between registrations without the secret.
 *
 * Construction: a keyed pseudorandom permutation, not a truncated hash, so the holder of the
 * secret can reverse it without a lookup table. The per-registration key is
 * HMAC-SHA256(secret, "seeker-reference:" + registrationId); the seeker id (a UUID, exactly one
 * 16-byte AES block) is encrypted with AES-256 as a single block (ECB on one block = the raw
 * block cipher, a PRP). The reference is the block in base64url (22 characters). Two
 * registrations get independent keys, so their references for one seeker are unrelated; a
 * reference says nothing about the seeker without the secret.
 *
 * Why reversible: messaging must turn the reference an organisation addresses into the seeker
 * id at send time, exactly and at once (a projected reference table would lag behind new
 * seekers and grow with registrations × seekers). Matching shows references computed here;
 * messaging resolves them with `resolveSeekerReference` — both with the platform AUTH_SECRET.
 */
const keyFor = (secret: string, registrationId: string): Buffer =>
  createHmac('sha256', secret).update(`seeker-reference:${registrationId}`).digest();

const uuidToBytes = (uuid: string): Buffer => Buffer.from(uuid.replace(/-/g, ''), 'hex');
const bytesToUuid = (bytes: Buffer): string => {
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** RFC 9562 variant bits (10xx) and a version 1–8: what a decrypted forgery rarely has. */
const PLAUSIBLE = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

export const SEEKER_REFERENCE_PATTERN = /^[A-Za-z0-9_-]{22}$/;

export const seekerReference = (secret: string, registrationId: string, seekerId: string): string => {
  if (!UUID.test(seekerId)) throw new Error('seeker id must be a UUID');
  const cipher = createCipheriv('aes-256-ecb', keyFor(secret, registrationId), null);
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(uuidToBytes(seekerId)), cipher.final()]).toString('base64url');
};

/** The seeker id behind a reference shown to this registration, or undefined when it cannot be one. */
export const resolveSeekerReference = (secret: string, registrationId: string, reference: string): string | undefined => {
  if (!SEEKER_REFERENCE_PATTERN.test(reference)) return undefined;
  const block = Buffer.from(reference, 'base64url');
  if (block.length !== 16) return undefined;
  const decipher = createDecipheriv('aes-256-ecb', keyFor(secret, registrationId), null);
  decipher.setAutoPadding(false);
  const seekerId = bytesToUuid(Buffer.concat([decipher.update(block), decipher.final()]));
  return PLAUSIBLE.test(seekerId) ? seekerId.toLowerCase() : undefined;
};
