import type { OpenAPIObject } from '@nestjs/swagger';

/**
 * A deterministic fuzz corpus generated from a service's OpenAPI document: for every operation,
 * a base request built from the schema (examples, enums, the caller's overrides), then one
 * mutation at a time — of each path parameter, each query parameter, the body as a whole and
 * each of its fields — plus the content types and charsets the edge must refuse.
 */

type Schema = {
  $ref?: string;
  type?: string;
  format?: string;
  example?: unknown;
  enum?: unknown[];
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
};

export interface Operation {
  service: string;
  operationId: string;
  method: string;
  /** OpenAPI template, `/seekers/{seekerId}`. */
  template: string;
  pathParams: string[];
  queryParams: Array<{ name: string; schema: Schema }>;
  body?: Schema;
}

/** What the edge must answer, whoever calls: these refusals come before authentication. */
export interface Expected {
  status: number;
  field?: string;
  rule?: string;
}

export interface FuzzCase {
  operation: Operation;
  label: string;
  expected?: Expected;
  /** Expected only with a token (refused after authentication). */
  expectedWithToken?: Expected;
  method: string;
  path: string;
  contentType?: string;
  body?: Buffer;
}

/** Omit this property from base bodies. */
export const OMIT = Symbol('omit');
export type Overrides = Record<string, unknown>;

/** Text no answer may echo: every mutated string carries it. */
export const MARK = 'FUZZMARK13010';

/** mulberry32: a small seeded generator, so every run sends the same corpus. */
export const seeded = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

const POOLS = ['abcXYZ019', 'あいうえお介護福祉士東京', '😀🇯🇵👨‍👩‍👧', '\u0301\u200b\u202e\ufeff', ' \t\n', '"\\/<>&\'%{}[]', 'ｱｲｳ＠＃'];
const junk = (random: () => number, length: number): string => {
  let out = '';
  while (out.length < length) {
    const pool = [...POOLS[Math.floor(random() * POOLS.length)]];
    out += pool[Math.floor(random() * pool.length)];
  }
  return out;
};

export const operationsOf = (service: string, doc: OpenAPIObject): Operation[] => {
  const operations: Operation[] = [];
  for (const [template, item] of Object.entries(doc.paths)) {
    for (const method of ['get', 'post', 'put', 'patch', 'delete'] as const) {
      const op = (
        item as Record<
          string,
          {
            operationId: string;
            parameters?: Array<{ in: string; name: string; schema: Schema }>;
            requestBody?: { content?: Record<string, { schema: Schema }> };
          }
        >
      )[method];
      if (!op) continue;
      const parameters = op.parameters ?? [];
      operations.push({
        service,
        operationId: op.operationId,
        method: method.toUpperCase(),
        template,
        pathParams: parameters.filter((p) => p.in === 'path').map((p) => p.name),
        queryParams: parameters.filter((p) => p.in === 'query').map((p) => ({ name: p.name, schema: p.schema })),
        body: op.requestBody?.content?.['application/json']?.schema,
      });
    }
  }
  return operations;
};

const resolve = (doc: OpenAPIObject, schema: Schema): Schema =>
  schema.$ref ? resolve(doc, (doc.components?.schemas as Record<string, Schema>)[schema.$ref.split('/').pop() as string]) : schema;

/** A valid-looking value of `schema` for the property `name`. */
export const exampleOf = (doc: OpenAPIObject, raw: Schema, name: string, overrides: Overrides): unknown => {
  if (name in overrides) return overrides[name];
  const schema = resolve(doc, raw);
  if (schema.example !== undefined) return schema.example;
  if (schema.enum?.length) return schema.enum[0];
  if (schema.type === 'array') return [exampleOf(doc, schema.items ?? {}, `${name}[]`, overrides)];
  if (schema.properties) {
    const out: Record<string, unknown> = {};
    for (const [key, property] of Object.entries(schema.properties)) {
      const wanted =
        schema.required?.includes(key) ||
        key in overrides ||
        property.example !== undefined ||
        property.enum !== undefined ||
        property.$ref !== undefined;
      if (!wanted) continue;
      const value = exampleOf(doc, property, key, overrides);
      if (value !== OMIT) out[key] = value;
    }
    return out;
  }
  if (schema.type === 'number' || schema.type === 'integer') return 1;
  if (schema.type === 'boolean') return true;
  return schema.format === 'uuid' ? '0193a8f0-0000-7000-8000-000000000000' : 'fuzz';
};

/** Every field path of a value, `a`, `a.b`, `a.c[0]`, to `maxDepth`. */
const pathsOf = (value: unknown, prefix: Array<string | number> = [], maxDepth = 4): Array<Array<string | number>> => {
  if (prefix.length >= maxDepth || value === null || typeof value !== 'object') return [];
  const entries: Array<[string | number, unknown]> = Array.isArray(value) ? value.slice(0, 1).map((v, i) => [i, v]) : Object.entries(value);
  return entries.flatMap(([key, child]) => [[...prefix, key], ...pathsOf(child, [...prefix, key], maxDepth)]);
};

const DEEP = 'FUZZ_DEEP_PLACEHOLDER';
const deepArray = (n: number) => '['.repeat(n) + ']'.repeat(n);
const deepObject = (n: number) => '{"a":'.repeat(n) + '1' + '}'.repeat(n);

/** Sets (or deletes, for OMIT) the value at `path` in a deep copy of `base`; JSON text out. */
const withField = (base: unknown, path: Array<string | number>, value: unknown): string => {
  const copy = JSON.parse(JSON.stringify(base)) as Record<string | number, unknown>;
  let target = copy;
  for (const key of path.slice(0, -1)) target = target[key] as Record<string | number, unknown>;
  const last = path[path.length - 1];
  if (value === OMIT) {
    if (Array.isArray(target)) target.splice(Number(last), 1);
    else delete target[last];
  } else target[last] = value;
  return JSON.stringify(copy);
};

const fieldMutations = (random: () => number): Array<[string, unknown]> => [
  ['null', null],
  ['missing', OMIT],
  ['huge-number', Number('12345678901234567890')], // beyond 2^53: arrives as 12345678901234567000
  ['int32-overflow', 2_147_483_648],
  ['negative', -1],
  ['fraction', 1.5],
  ['boolean', true],
  ['empty-string', ''],
  ['huge-string-100k', `${MARK}${'x'.repeat(100_000)}`],
  ['nul', `ab\u0000cd${MARK}`],
  ['control', `bell\u0007${MARK}`],
  ['del', `del\u007f${MARK}`],
  ['emoji', '😀🇯🇵👨‍👩‍👧'],
  ['lone-surrogate', `\ud800${MARK}`],
  ['object', {}],
  ['array', []],
  ['deep-5000', DEEP],
  ['junk', junk(random, 1 + Math.floor(random() * 40))],
];

const PATH_MUTATIONS: Array<[string, string]> = [
  ['nul', '%00'],
  ['nul-inside', 'ab%00cd'],
  ['bad-percent', '%zz'],
  ['overlong-utf8', '%C0%AF'],
  ['not-an-id', 'not-a-uuid'],
  ['huge-number', '12345678901234567890'],
  ['negative', '-1'],
  ['over-max-length', `${MARK}${'x'.repeat(120)}`],
  ['emoji', '%F0%9F%98%80'],
  ['rtl-override', '%E2%80%AE'],
  ['dot-dot', '..'],
  ['encoded-slash', '%2e%2e%2f'],
];

const QUERY_MUTATIONS = (random: () => number): Array<[string, string]> => [
  ['nul', '%00'],
  ['nul-inside', 'ab%00cd'],
  ['control', 'a%07b'],
  ['huge-string-100k', `${MARK}${'x'.repeat(100_000)}`],
  ['huge-number', '12345678901234567890'],
  ['int32-overflow', '2147483648'],
  ['negative', '-1'],
  ['fraction', '1.5'],
  ['word', 'abc'],
  ['empty', ''],
  ['emoji', encodeURIComponent('😀🇯🇵')],
  ['bad-percent', '%zz'],
  ['junk', encodeURIComponent(junk(random, 1 + Math.floor(random() * 30)))],
];

const json = (text: string) => Buffer.from(text, 'utf8');

/**
 * Every case of one operation. `pathValues` and `overrides` make the base request valid where
 * the schema alone cannot (ids of the fuzz run's own seeker and registration, patterns).
 */
export const casesOf = (
  doc: OpenAPIObject,
  operation: Operation,
  pathValues: Record<string, string>,
  overrides: Overrides,
  seed: number,
): FuzzCase[] => {
  const random = seeded(seed);
  const cases: FuzzCase[] = [];
  const pathWith = (name?: string, raw?: string) =>
    operation.template.replace(/\{(\w+)\}/g, (_, param: string) =>
      param === name ? (raw as string) : encodeURIComponent(pathValues[param] ?? 'missing'),
    );
  const basePath = pathWith();
  const base = operation.body ? exampleOf(doc, operation.body, '', overrides) : undefined;
  const baseBody = base === undefined ? undefined : json(JSON.stringify(base));
  const add = (
    label: string,
    path = basePath,
    body: Buffer | undefined = baseBody,
    contentType: string | undefined = body ? 'application/json' : undefined,
    expected?: Expected,
    expectedWithToken?: Expected,
  ) => cases.push({ operation, label, method: operation.method, path, body, contentType, expected, expectedWithToken });

  add('base');
  const pathExpected: Record<string, Expected> = {
    nul: { status: 400, rule: 'INPUT-TEXT' },
    'nul-inside': { status: 400, rule: 'INPUT-TEXT' },
    'bad-percent': { status: 400, rule: 'INPUT-PARAM' },
    'overlong-utf8': { status: 400, rule: 'INPUT-PARAM' },
    'over-max-length': { status: 414, rule: 'INPUT-PARAM' },
  };
  for (const name of operation.pathParams)
    for (const [label, raw] of PATH_MUTATIONS)
      add(
        `path ${name}: ${label}`,
        pathWith(name, raw),
        baseBody,
        undefined,
        pathExpected[label] && { ...pathExpected[label], field: name },
      );
  for (const { name, schema } of operation.queryParams) {
    const valid = schema.enum?.[0] ?? schema.example ?? (schema.type === 'integer' || schema.type === 'number' ? 10 : 'abc');
    add(`query ${name}: valid`, `${basePath}?${name}=${encodeURIComponent(String(valid))}`);
    add(`query ${name}: repeated`, `${basePath}?${name}=${encodeURIComponent(String(valid))}&${name}=${encodeURIComponent(String(valid))}`);
    for (const [label, raw] of QUERY_MUTATIONS(random))
      add(
        `query ${name}: ${label}`,
        `${basePath}?${name}=${raw}`,
        baseBody,
        undefined,
        ['nul', 'nul-inside', 'control'].includes(label) ? { status: 400, field: name, rule: 'INPUT-TEXT' } : undefined,
      );
  }
  add('query: unknown parameter', `${basePath}?fuzzUnknown=1`, baseBody, undefined, undefined, { status: 400, field: 'fuzzUnknown' });
  add('query: __proto__', `${basePath}?__proto__=1`, baseBody, undefined, { status: 400, field: '__proto__', rule: 'INPUT-KEY' });
  add('query: name with NUL', `${basePath}?a%00b=1`, baseBody, undefined, { status: 400, rule: 'INPUT-TEXT' });
  if (!operation.body) return cases;

  const whole: Array<[string, string]> = [
    ['null', 'null'],
    ['array', '[]'],
    ['string', '"text"'],
    ['number', '42'],
    ['empty object', '{}'],
    ['malformed', '{"a":'],
    ['deep arrays 5000', deepArray(5000)],
    ['deep objects 5000', deepObject(5000)],
    ['extra field', JSON.stringify({ ...(base as object), fuzzExtra: 1 })],
    ['__proto__ key', JSON.stringify(base).replace(/^\{/, '{"__proto__":{"admin":true},')],
    ['constructor key', JSON.stringify(base).replace(/^\{/, '{"constructor":{"prototype":{"admin":true}},')],
    ['prototype key', JSON.stringify(base).replace(/^\{/, '{"prototype":1,')],
    ['NUL key', JSON.stringify(base).replace(/^\{/, '{"a\\u0000b":1,')],
  ];
  const wholeExpected: Record<string, Expected> = {
    malformed: { status: 400, rule: 'INPUT-JSON' },
    'deep arrays 5000': { status: 400, rule: 'INPUT-DEPTH' },
    'deep objects 5000': { status: 400, rule: 'INPUT-DEPTH' },
    '__proto__ key': { status: 400, field: '__proto__', rule: 'INPUT-KEY' },
    'constructor key': { status: 400, field: 'constructor', rule: 'INPUT-KEY' },
    'prototype key': { status: 400, field: 'prototype', rule: 'INPUT-KEY' },
    'NUL key': { status: 400, rule: 'INPUT-TEXT' },
  };
  for (const [label, text] of whole) add(`body: ${label}`, basePath, json(text), 'application/json', wholeExpected[label]);
  add('body: over 1 MiB', basePath, json(JSON.stringify({ ...(base as object), pad: 'x'.repeat(1_100_000) })), 'application/json', {
    status: 413,
    rule: 'INPUT-SIZE',
  });
  add('body: no content type', basePath, baseBody, undefined);
  add('content type: text/plain', basePath, baseBody, 'text/plain', { status: 415 });
  add('content type: application/xml', basePath, json('<body/>'), 'application/xml', { status: 415 });
  add('content type: form', basePath, json('a=1'), 'application/x-www-form-urlencoded', { status: 415 });
  add('charset: utf-16', basePath, Buffer.from(JSON.stringify(base), 'utf16le'), 'application/json; charset=utf-16', {
    status: 415,
    rule: 'INPUT-CHARSET',
  });
  add(
    'charset: iso-8859-1',
    basePath,
    Buffer.from(JSON.stringify(base).replace(/"$/, 'é"'), 'latin1'),
    'application/json; charset=iso-8859-1',
    { status: 415, rule: 'INPUT-CHARSET' },
  );
  add(
    'charset: invalid UTF-8 bytes',
    basePath,
    Buffer.concat([json('{"a":"'), Buffer.from([0xff, 0xfe]), json('"}')]),
    'application/json',
    { status: 400, rule: 'INPUT-CHARSET' },
  );
  for (const path of pathsOf(base)) {
    const name = path.reduce<string>((out, p) => (typeof p === 'number' ? `${out}[${p}]` : out ? `${out}.${p}` : p), '');
    for (const [label, value] of fieldMutations(random)) {
      const text = withField(base, path, value);
      const expected: Expected | undefined = ['nul', 'control', 'del', 'lone-surrogate'].includes(label)
        ? { status: 400, field: name, rule: 'INPUT-TEXT' }
        : label === 'deep-5000'
          ? { status: 400, rule: 'INPUT-DEPTH' }
          : undefined;
      add(
        `field ${name}: ${label}`,
        basePath,
        json(value === DEEP ? text.replace(`"${DEEP}"`, deepArray(5000)) : text),
        'application/json',
        expected,
      );
    }
  }
  return cases;
};
