import { context, propagation, ROOT_CONTEXT, Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { newId } from '@hw/platform/core';
import type { Logger as PinoLogger } from 'pino';
import { httpRequestDuration } from './metrics';
import { logScope, withLogScope } from './logging';
import { tracer, tracingStarted } from './tracing';

const SERVER_SPAN = Symbol('server span');

/** A caller's correlation id is taken as it is when it looks like one (no spaces, no data); otherwise a new one. */
const CORRELATION_ID = /^[A-Za-z0-9._:-]{1,100}$/;
export const CORRELATION_HEADER = 'x-correlation-id';

/** Routes operators' tools poll: logged at debug, not at every probe. */
const QUIET = /^\/(metrics|health)(\/|$)/;

interface FastifyLike {
  addHook(name: 'onRequest', hook: (request: RequestLike, reply: ReplyLike, done: () => void) => void): unknown;
  addHook(name: 'onResponse', hook: (request: RequestLike, reply: ReplyLike) => Promise<void>): unknown;
}
interface RequestLike {
  [SERVER_SPAN]?: Span;
  method: string;
  headers: Record<string, string | string[] | undefined>;
  routeOptions?: { url?: string };
}
interface ReplyLike {
  statusCode: number;
  elapsedTime: number;
  header(name: string, value: string): unknown;
}

/** The route template (`/threads/:threadId`), never the path with its ids; `unmatched` for a 404 without a route. */
export const routeOf = (request: RequestLike): string => request.routeOptions?.url ?? 'unmatched';

/**
 * Per request, on a Fastify instance: a correlation id (the caller's `X-Correlation-Id` when it
 * is one, else a new id; echoed in the answer) in the log scope of everything the request
 * logs; the route template on the OpenTelemetry server span; on completion the duration in
 * `hw_http_request_duration_seconds` and one line — method, route template, status, duration.
 * Never the URL (query strings and path parameters), headers or bodies.
 */
export const observeHttp = (fastify: FastifyLike, service: string, logger?: PinoLogger): void => {
  fastify.addHook('onRequest', (request, reply, done) => {
    const given = request.headers[CORRELATION_HEADER];
    const correlationId = typeof given === 'string' && CORRELATION_ID.test(given) ? given : newId();
    reply.header(CORRELATION_HEADER, correlationId);
    const scope = { service, correlationId };
    if (!tracingStarted() || QUIET.test(request.routeOptions?.url ?? '')) {
      logScope.run(scope, done);
      return;
    }
    // The SERVER span of the request, continuing the caller's W3C traceparent: opened here rather
    // than by @opentelemetry/instrumentation-http (whose incoming side is off, start-tracing.ts),
    // which binds every request's and response's event emitters to the context — most of
    // tracing's cost on this path (bench/observability.bench.ts) — and names spans without the route.
    const route = routeOf(request);
    // Without a caller's traceparent, no propagator walk (the usual case of a public API).
    const parent =
      request.headers.traceparent === undefined && request.headers.baggage === undefined
        ? ROOT_CONTEXT
        : propagation.extract(ROOT_CONTEXT, request.headers);
    const span = tracer().startSpan(
      `${request.method} ${route}`,
      { kind: SpanKind.SERVER, attributes: { 'http.request.method': request.method, 'http.route': route, 'url.scheme': 'http' } },
      parent,
    );
    request[SERVER_SPAN] = span;
    // One context holding the span and the log scope: one AsyncLocalStorage store for both (logging.ts).
    context.with(withLogScope(trace.setSpan(parent, span), scope), done);
  });
  fastify.addHook('onResponse', async (request, reply) => {
    const route = routeOf(request);
    const status = reply.statusCode;
    httpRequestDuration.observe({ service, method: request.method, route, status: String(status) }, reply.elapsedTime / 1000);
    const span = request[SERVER_SPAN];
    if (span) {
      span.setAttribute('http.response.status_code', status);
      if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    }
    if (!logger) return;
    const line = { method: request.method, route, status, durationMs: Math.round(reply.elapsedTime * 10) / 10 };
    if (status >= 500) logger.error(line, 'request failed');
    else if (QUIET.test(route)) logger.debug(line, 'request completed');
    else logger.info(line, 'request completed');
  });
};
