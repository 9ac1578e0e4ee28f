/**
 * The building blocks of every context's integration-event JSON Schemas (draft 2020-12), spelled
 * once: the AsyncAPI catalogue and the consumers' checks read the same shapes everywhere.
 */
export const schemaTypes = {
  uuid: { type: 'string', format: 'uuid' },
  /** An opaque id (a department's, a thread's): 1–64 characters. */
  id: { type: 'string', minLength: 1, maxLength: 64 },
  /** A UTC instant, ISO 8601. */
  instant: { type: 'string', format: 'date-time' },
  /** A Japan-time day, yyyymmdd. */
  day: { type: 'string', pattern: '^[0-9]{8}$' },
  /** A JIS X 0401 prefecture code, 01–47. */
  prefecture: { type: 'string', pattern: '^(0[1-9]|[1-3][0-9]|4[0-7])$' },
  count: { type: 'integer', minimum: 0 },
} as const;

/** One event's schema: exactly these properties, all required but the `optional` ones. */
export const eventSchema = (title: string, properties: Record<string, object>, optional: string[] = []) => ({
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  title,
  type: 'object',
  additionalProperties: false,
  required: Object.keys(properties).filter((key) => !optional.includes(key)),
  properties,
});
