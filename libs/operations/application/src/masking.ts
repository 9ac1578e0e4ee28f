/**
 * What an operator's screen and a replay may show of an event's data: personal data only as a
 * marker (R-AUD-2, R-SKR-5). Sealed values (`v1.<iv>.<ciphertext>.<tag>`, @hw/platform/core
 * sealing.ts) print `[sealed]`; a plain `body` (messages recorded before bodies were sealed)
 * prints `[withheld]`, and so do the plain contact fields a registration's officers are
 * recorded with (R-ORG-7: name, phone, e-mail). Audit bundles keep the data as stored.
 */
const SEALED = /^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]{22}$/;
const PLAIN_PERSONAL_KEYS = new Set(['body', 'phone', 'email', 'address', 'birthDate', 'jobSeekerNumber']);
/** Inside these objects a `name` is a person's. */
const PERSON_OBJECT = /Officer$/;

export const isSealed = (value: unknown): boolean => typeof value === 'string' && SEALED.test(value);

export const maskPersonalData = (value: unknown, key?: string, parentKey?: string): unknown => {
  if (typeof value === 'string') {
    if (isSealed(value)) return '[sealed]';
    const personal =
      key !== undefined && (PLAIN_PERSONAL_KEYS.has(key) || (key === 'name' && parentKey !== undefined && PERSON_OBJECT.test(parentKey)));
    return personal ? '[withheld]' : value;
  }
  if (Array.isArray(value)) return value.map((v) => maskPersonalData(v, undefined, key));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, maskPersonalData(v, k, key)]));
  }
  return value;
};
