import { createCipheriv, createDecipheriv, createHmac } from 'node:crypto';

/**
 * The pseudonymous handle an organisation sees for a seeker (R-SKR-5), and the one it
 * messages. It is keyed per registration: the key is HMAC-SHA256(secret, registrationId), so
 * two registrations get unrelated references for the same seeker and cannot join their
 * results, while one registration always gets the same reference.
 *
 * Why a keyed permutation rather than a truncated HMAC of the seeker id: messaging must turn
 * the handle an organisation sends back into a seeker id. A hash would need a lookup table of
 * registrations × seekers (2M seekers × every registration); a block cipher under the
 * per-registration key is one-way for anyone without the secret, yet reversible for the
 * services that hold it. A seeker id that is a UUID (every platform id) is one AES block:
 * the reference is 22 base64url characters. Any other id is encrypted in CBC with a zero IV
 * (deterministic by design, and only ever under this one registration's key) and marked by a
 * leading `.`.
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ZERO_IV = Buffer.alloc(16);

const registrationKey = (secret: string, registrationId: string): Buffer =>
  createHmac('sha256', secret).update(`seeker-reference/v1/${registrationId}`).digest();

export const seekerReference = (secret: string, registrationId: string, seekerId: string): string => {
  const key = registrationKey(secret, registrationId);
  if (UUID.test(seekerId)) {
    const cipher = createCipheriv('aes-256-ecb', key, null).setAutoPadding(false);
    const block = Buffer.from(seekerId.replace(/-/g, '').toLowerCase(), 'hex');
    return Buffer.concat([cipher.update(block), cipher.final()]).toString('base64url');
  }
  const cipher = createCipheriv('aes-256-cbc', key, ZERO_IV);
  return `.${Buffer.concat([cipher.update(seekerId, 'utf8'), cipher.final()]).toString('base64url')}`;
};

/**
 * The seeker id behind a reference this registration was given, or null when the reference
 * is malformed or was not made under this registration's key (for UUID ids a foreign or
 * forged reference decodes to an id that exists nowhere; callers look it up and find nothing).
 */
export const resolveSeekerReference = (secret: string, registrationId: string, reference: string): string | null => {
  const other = reference.startsWith('.');
  if (!/^[A-Za-z0-9_-]{22,}$/.test(other ? reference.slice(1) : reference)) return null;
  const bytes = Buffer.from(other ? reference.slice(1) : reference, 'base64url');
  const key = registrationKey(secret, registrationId);
  try {
    if (!other) {
      if (bytes.length !== 16) return null;
      const decipher = createDecipheriv('aes-256-ecb', key, null).setAutoPadding(false);
      const hex = Buffer.concat([decipher.update(bytes), decipher.final()]).toString('hex');
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
    }
    if (bytes.length % 16 !== 0) return null;
    const decipher = createDecipheriv('aes-256-cbc', key, ZERO_IV);
    return Buffer.concat([decipher.update(bytes), decipher.final()]).toString('utf8');
  } catch {
    return null; // bad padding: not a reference of this registration
  }
};
