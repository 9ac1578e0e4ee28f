/**
 * What an operator's screen, a replay and an audit bundle may show of an event's data: personal
 * data only as a marker (R-AUD-2, R-SKR-5). Sealed values (`v1.<iv>.<ciphertext>.<tag>`,
 * @hw/platform/core sealing.ts) print `[sealed]`; a plain `body` (messages recorded before
 * bodies were sealed) prints `[withheld]`.
 */
const SEALED = /^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]{22}$/;
const PLAIN_PERSONAL_KEYS = new Set(['body']);

export const isSealed = (value: unknown): boolean => typeof value === 'string' && SEALED.test(value);

export const maskPersonalData = (value: unknown, key?: string): unknown => {
  if (typeof value === 'string') {
    if (isSealed(value)) return '[sealed]';
    return key !== undefined && PLAIN_PERSONAL_KEYS.has(key) ? '[withheld]' : value;
  }
  if (Array.isArray(value)) return value.map((v) => maskPersonalData(v));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, maskPersonalData(v, k)]));
  }
  return value;
};
