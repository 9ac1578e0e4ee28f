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
  /** A Hello Work office code (its first two digits the prefecture). */
  officeCode: { type: 'string', pattern: '^[0-9A-Za-z-]{1,16}$' },
  /** A staff member's id. */
  staffId: { type: 'string', maxLength: 100 },
} as const;

const OPTIONAL = Symbol('optional');
type Optional = { [OPTIONAL]: object };
const isOptional = (schema: object): schema is Optional => OPTIONAL in schema;

/** A property that may be absent: every property of a schema not wrapped so is required. */
export const optional = (schema: object): Optional => ({ [OPTIONAL]: schema });

/** An object of exactly these properties, all required but those wrapped in `optional`. */
export const objectSchema = (properties: Record<string, object>) => ({
  type: 'object',
  additionalProperties: false,
  required: Object.keys(properties).filter((key) => !isOptional(properties[key])),
  properties: Object.fromEntries(Object.entries(properties).map(([key, schema]) => [key, isOptional(schema) ? schema[OPTIONAL] : schema])),
});

/** One event's schema: exactly these properties, all required but the `optional` ones. */
export const eventSchema = (title: string, properties: Record<string, object>) => ({
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  title,
  ...objectSchema(properties),
});

/** The same, named by `$id` (the event type) rather than a title: registration's schemas as published. */
export const eventSchemaById = ($id: string, properties: Record<string, object>) => ({ $id, ...objectSchema(properties) });

/**
 * A context's schemas, keyed by event type: `schema(type, properties)` for each name of its
 * names map, in the order given. Every name has its properties, and only the names of the map.
 */
export const eventSchemas = <Names extends Record<string, string>>(
  names: Names,
  schema: (type: string, properties: Record<string, object>) => object,
  properties: { [Name in keyof Names]: Record<string, object> },
): Record<string, object> =>
  Object.fromEntries(Object.entries(properties).map(([name, props]) => [names[name], schema(names[name], props)]));

/**
 * A context's integration-event union, spelled once: from its names map
 * (`{ Name: 'ctx.Name.v1', … } as const`) and the payload of each name (`{ Name: NameV1, … }`),
 * `{ type: 'ctx.Name.v1'; data: NameV1 }` for every name. The payload map names exactly the
 * names of the map: a name without a payload, or a payload without a name, does not compile.
 */
export type IntegrationEventUnion<
  Names extends Record<string, string>,
  Payloads extends { [Name in keyof Names]: unknown } & { [Extra in Exclude<keyof Payloads, keyof Names>]: never },
> = { [Name in keyof Names]: { type: Names[Name]; data: Payloads[Name] } }[keyof Names];
