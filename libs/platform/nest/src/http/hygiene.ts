import {
  BadRequestException,
  CallHandler,
  ExecutionContext,
  HttpException,
  Injectable,
  NestInterceptor,
  PipeTransform,
  Type,
} from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { Observable } from 'rxjs';

/**
 * Input hygiene at the HTTP edge, decided once for every route and both read databases
 * (PostgreSQL `text` refuses U+0000 where SQLite stores it; class-validator recurses over any
 * depth). Each refusal names its rule: these ids are the platform's, not the domain catalogue's.
 */
export const INPUT_RULES = {
  /** Strings are well-formed Unicode without C0 controls (tab, LF and CR allowed) or DEL. */
  text: 'INPUT-TEXT',
  /** Bodies nest at most MAX_BODY_DEPTH arrays/objects. */
  depth: 'INPUT-DEPTH',
  /** Bodies are at most MAX_BODY_BYTES. */
  size: 'INPUT-SIZE',
  /** JSON bodies are UTF-8 (RFC 8259 §8.1). */
  charset: 'INPUT-CHARSET',
  /** Bodies are JSON. */
  json: 'INPUT-JSON',
  /** No `__proto__`, `constructor` or `prototype` keys (prototype pollution; Nest would drop them silently). */
  key: 'INPUT-KEY',
  /** Only the query parameters a route declares. */
  query: 'INPUT-QUERY',
  /** Path parameters in their route's format. */
  param: 'INPUT-PARAM',
  /** Requests Node's HTTP parser refuses (a control character in a header, headers over 16 KiB). */
  http: 'INPUT-HTTP',
} as const;

export const MAX_BODY_BYTES = 1_048_576; // 1 MiB
export const MAX_BODY_DEPTH = 32;

// C0 controls but \t \n \r, and DEL; a lone surrogate cannot be encoded as UTF-8 (it would be stored as U+FFFD).
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const RESERVED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** A key as a field name: controls escaped, bounded, so a refusal never carries raw input. */
export const fieldName = (key: string): string => {
  // eslint-disable-next-line no-control-regex -- escaping control characters is the point
  const escaped = key.replace(/[\u0000-\u001F\u007F\uD800-\uDFFF]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return escaped.length > 64 ? `${escaped.slice(0, 64)}…` : escaped;
};

export const refusal = (field: string, rule: string, message: string, status = 400, code = 'VALIDATION_FAILED'): HttpException =>
  new HttpException({ code, message: `${field}: ${message} (${rule})`, field, rule, violations: [{ field, rule, message }] }, status);

const textProblem = (value: string): string | undefined =>
  CONTROL.test(value)
    ? 'must not contain control characters (U+0000–U+001F but tab, LF, CR; U+007F)'
    : LONE_SURROGATE.test(value)
      ? 'must be well-formed Unicode'
      : undefined;

const join = (path: string, key: string): string => (path ? `${path}.${fieldName(key)}` : fieldName(key));

/** The first hygiene violation in a parsed value (depth already bounded), as a refusal. */
export const inspectValue = (value: unknown, path: string): HttpException | undefined => {
  if (typeof value === 'string') {
    const problem = textProblem(value);
    return problem ? refusal(path || 'body', INPUT_RULES.text, problem) : undefined;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = inspectValue(value[i], `${path || 'body'}[${i}]`);
      if (found) return found;
    }
    return undefined;
  }
  if (value !== null && typeof value === 'object') {
    for (const key of Object.keys(value)) {
      const field = join(path, key);
      if (RESERVED_KEYS.has(key)) return refusal(field, INPUT_RULES.key, 'is a reserved key');
      const problem = textProblem(key);
      if (problem) return refusal(field, INPUT_RULES.text, `name ${problem}`);
      const found = inspectValue((value as Record<string, unknown>)[key], field);
      if (found) return found;
    }
  }
  return undefined;
};

/** Whether JSON text nests deeper than `max`, found without parsing (so without recursion). */
export const nestsDeeperThan = (text: string, max: number): boolean => {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
};

/** The `charset` parameter of a Content-Type, or undefined. */
export const charsetOf = (contentType: string | undefined): string | undefined => {
  const match = /;\s*charset\s*=\s*"?([^";\s]*)"?/i.exec(contentType ?? '');
  return match ? match[1] : undefined;
};

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** A body that does not parse: not UTF-8, or not JSON (`what`), under the rule it breaks. */
const malformed = (what: string, rule: string): { error: HttpException } => ({
  error: new BadRequestException({ code: 'MALFORMED_JSON', message: `the body is not valid ${what} (${rule})`, rule }),
});

/**
 * JSON body parsing with the hygiene rules, in order: charset, UTF-8, depth (before any
 * recursion), syntax, then every key and string. An empty body is no body (clients send a
 * content type on DELETE and body-less POSTs too). Refusals never echo the input.
 */
export const parseJsonBody = (contentType: string | undefined, body: Buffer): { value?: unknown; error?: HttpException } => {
  const charset = charsetOf(contentType);
  if (charset !== undefined && !/^utf-?8$/i.test(charset)) {
    const named = /^[A-Za-z0-9._:-]{1,40}$/.test(charset) ? charset : '(unreadable)';
    return {
      error: new HttpException(
        {
          code: 'UNSUPPORTED_CHARSET',
          message: `charset ${named} is not accepted: JSON bodies are UTF-8 (${INPUT_RULES.charset})`,
          rule: INPUT_RULES.charset,
          charset: named,
        },
        415,
      ),
    };
  }
  if (body.length === 0) return { value: undefined };
  let text: string;
  try {
    text = UTF8.decode(body);
  } catch {
    return malformed('UTF-8', INPUT_RULES.charset);
  }
  if (nestsDeeperThan(text, MAX_BODY_DEPTH))
    return {
      error: new BadRequestException({
        code: 'BODY_TOO_DEEP',
        message: `the body nests deeper than ${MAX_BODY_DEPTH} levels (${INPUT_RULES.depth})`,
        rule: INPUT_RULES.depth,
        limit: MAX_BODY_DEPTH,
      }),
    };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return malformed('JSON', INPUT_RULES.json);
  }
  const error = inspectValue(value, '');
  return error ? { error } : { value };
};

/** Query strings and path parameters: flat records of strings (or arrays of strings). */
export const inspectRecord = (record: unknown): HttpException | undefined => {
  if (record === null || typeof record !== 'object') return undefined;
  for (const key of Object.keys(record)) {
    const field = fieldName(key);
    if (RESERVED_KEYS.has(key)) return refusal(field, INPUT_RULES.key, 'is a reserved name');
    const problem = textProblem(key);
    if (problem) return refusal(field, INPUT_RULES.text, `name ${problem}`);
    const value = (record as Record<string, unknown>)[key];
    for (const item of Array.isArray(value) ? value : [value]) {
      const itemProblem = typeof item === 'string' ? textProblem(item) : undefined;
      if (itemProblem) return refusal(field, INPUT_RULES.text, itemProblem);
    }
  }
  return undefined;
};

interface RouteArg {
  index: number;
  data?: unknown;
  pipes?: Array<PipeTransform | Type<PipeTransform>>;
}

interface RoutePlan {
  /** Query names the route reads one by one; undefined when a query DTO governs them (forbidNonWhitelisted). */
  queryNames?: string[];
  params: Array<{ name: string; pipes: PipeTransform[]; metatype?: Type<unknown> }>;
}

/**
 * Per route, from its parameter decorators: refuses query parameters it does not declare
 * (a route without @Query takes none), and checks each `@Param('name', Pipe)` so that its
 * refusal names the parameter (Nest's pipes say only "uuid is expected").
 */
@Injectable()
export class RouteInputInterceptor implements NestInterceptor {
  private readonly plans = new Map<object, RoutePlan>();

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    if (context.getType() !== 'http') return next.handle();
    const plan = this.planOf(context);
    const request = context.switchToHttp().getRequest<{ query?: Record<string, unknown>; params?: Record<string, unknown> }>();
    if (plan.queryNames) {
      const unknown = Object.keys(request.query ?? {}).find((key) => !plan.queryNames?.includes(key));
      if (unknown !== undefined) throw refusal(fieldName(unknown), INPUT_RULES.query, 'is not a query parameter of this route');
    }
    for (const { name, pipes, metatype } of plan.params) {
      let value = request.params?.[name];
      for (const pipe of pipes) {
        try {
          value = await pipe.transform(value, { type: 'param', data: name, metatype });
        } catch (error) {
          if (error instanceof HttpException && error.getStatus() === 400) {
            const detail = (error.getResponse() as { message?: unknown }).message;
            throw refusal(name, INPUT_RULES.param, typeof detail === 'string' ? detail : 'is not valid');
          }
          throw error;
        }
      }
    }
    return next.handle();
  }

  private planOf(context: ExecutionContext): RoutePlan {
    const handler = context.getHandler();
    const known = this.plans.get(handler);
    if (known) return known;
    const controller = context.getClass();
    const args: Record<string, RouteArg> = Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, handler.name) ?? {};
    const types: Array<Type<unknown>> = Reflect.getMetadata('design:paramtypes', controller.prototype, handler.name) ?? [];
    const entries = Object.entries(args).map(([key, arg]) => ({ type: Number(key.split(':')[0]), arg }));
    const queries = entries.filter((e) => e.type === RouteParamtypes.QUERY);
    // A query DTO: the validation pipe's whitelist decides (forbidNonWhitelisted).
    const governedByDto = queries.some((e) => typeof e.arg.data !== 'string');
    const plan: RoutePlan = { queryNames: governedByDto ? undefined : queries.map((e) => e.arg.data as string), params: [] };
    for (const { type, arg } of entries) {
      if (type !== RouteParamtypes.PARAM || typeof arg.data !== 'string' || !arg.pipes?.length) continue;
      const pipes = arg.pipes.map((p) => (typeof p === 'function' ? new (p as Type<PipeTransform>)() : p));
      plan.params.push({ name: arg.data, pipes, metatype: types[arg.index] });
    }
    this.plans.set(handler, plan);
    return plan;
  }
}

/** The pattern segments of a route (`/seekers/:seekerId` → ['seekers', ':seekerId']). */
const segmentsOf = (url: string): string[] =>
  url
    .split('?')[0]
    .split('/')
    .filter((s, i) => i > 0 || s !== '');

/**
 * Names the path parameter of a URL Fastify could not route (bad percent-encoding, or over the
 * parameter length): the first segment that fails `bad`, under a route of the same shape.
 */
export const badPathParameter = (
  routes: Array<{ method: string; url: string }>,
  method: string,
  rawUrl: string,
  bad: (segment: string) => boolean,
): string | undefined => {
  const segments = segmentsOf(rawUrl);
  for (const route of routes) {
    if (route.method !== method) continue;
    const pattern = segmentsOf(route.url);
    if (pattern.length !== segments.length) continue;
    let name: string | undefined;
    let fits = true;
    for (let i = 0; i < pattern.length && fits; i++) {
      if (pattern[i].startsWith(':')) {
        if (name === undefined && bad(segments[i])) name = pattern[i].slice(1);
      } else fits = pattern[i] === segments[i];
    }
    if (fits && name !== undefined) return name;
  }
  return undefined;
};

export const decodesBadly = (segment: string): boolean => {
  try {
    decodeURIComponent(segment);
    return false;
  } catch {
    return true;
  }
};

/**
 * Node's parser refuses some requests before Fastify routes them (a control character in a
 * header, a request line or headers over 16 KiB): answered in the platform's shape, with the
 * rule, and never with the request.
 */
export const clientErrorHandler = (
  error: Error & { code?: string },
  socket: { writable: boolean; destroy(e?: Error): void; end(data: string): void },
): void => {
  if (error.code === 'ECONNRESET' || !socket.writable) return socket.destroy(error);
  const [status, reason, code] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'Request Header Fields Too Large', 'HEADERS_TOO_LARGE']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'Request Timeout', 'REQUEST_TIMEOUT']
        : [400, 'Bad Request', 'MALFORMED_REQUEST'];
  const body = JSON.stringify({
    statusCode: status,
    code,
    message: `the request is not valid HTTP/1.1 or too large (${INPUT_RULES.http})`,
    rule: INPUT_RULES.http,
  });
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
};
