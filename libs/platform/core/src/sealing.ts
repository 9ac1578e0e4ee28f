import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Crypto-shredding (R-AUD-2): each seeker's personal data is sealed with the seeker's own
 * 256-bit data key (AES-256-GCM, a fresh 96-bit IV per seal, the seeker id as additional
 * authenticated data so a ciphertext cannot be moved to another seeker). The data key is
 * stored only wrapped by the master key (AES-256-GCM again). Destroying the wrapped key makes
 * every ciphertext of that seeker — in the log, its replays and its backups — unreadable.
 */
const ALGORITHM = 'aes-256-gcm';
const VERSION = 'v1';

/**
 * The master key from `PERSONAL_DATA_KEY`: any secret of ≥ 32 characters, stretched with
 * HKDF-SHA-256. `context` separates the contexts that hold sealed data: each derives its own
 * master key from the one secret, so no context can unwrap another's data keys.
 */
export const deriveMasterKey = (secret: string, context = 'registration'): Buffer =>
  Buffer.from(hkdfSync('sha256', secret, `hellowork-${context}`, 'personal-data-master-key', 32));

const seal = (key: Buffer, plaintext: Buffer, aad: string): string => {
  const iv = randomBytes(12);
  const cipher = createCipheriv(ALGORITHM, key, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return [VERSION, iv.toString('base64url'), ciphertext.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
};

const open = (key: Buffer, sealed: string, aad: string): Buffer => {
  const [version, iv, ciphertext, tag] = sealed.split('.');
  if (version !== VERSION || !iv || !ciphertext || !tag) throw new Error('not a sealed value of this version');
  const decipher = createDecipheriv(ALGORITHM, key, Buffer.from(iv, 'base64url'));
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]);
};

export const newDataKey = (): Buffer => randomBytes(32);

export const wrapKey = (master: Buffer, dataKey: Buffer, seekerId: string): string => seal(master, dataKey, `key:${seekerId}`);
export const unwrapKey = (master: Buffer, wrapped: string, seekerId: string): Buffer => open(master, wrapped, `key:${seekerId}`);

/** Free text a seeker wrote or received (messages, complaints), sealed under the seeker's key. */
export const sealText = (dataKey: Buffer, text: string, seekerId: string): string =>
  seal(dataKey, Buffer.from(text, 'utf8'), `seeker:${seekerId}`);
export const openText = (dataKey: Buffer, sealed: string, seekerId: string): string =>
  open(dataKey, sealed, `seeker:${seekerId}`).toString('utf8');

export const sealJson = (dataKey: Buffer, value: unknown, seekerId: string): string =>
  seal(dataKey, Buffer.from(JSON.stringify(value), 'utf8'), `seeker:${seekerId}`);
export const openJson = <T>(dataKey: Buffer, sealed: string, seekerId: string): T =>
  JSON.parse(open(dataKey, sealed, `seeker:${seekerId}`).toString('utf8')) as T;
