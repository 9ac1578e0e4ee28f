import {
  Attributes,
  context,
  Context,
  isSpanContextValid,
  propagation,
  ROOT_CONTEXT,
  Span,
  SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';

/**
 * Trace context across the platform (W3C `traceparent`): HTTP request → the log event's
 * metadata (`instrumentEventLog`) → the relay's publish span → the Kafka message headers
 * (KafkaBus) or the in-process delivery → the inbox consumer's handling. Everything here is a
 * no-op until an OpenTelemetry SDK is registered (`startTracing`, or a test's provider): no
 * active span, no propagator, so no `traceparent` is written anywhere.
 *
 * Span attributes are names, types, topics and counts — never event data, ids of people or
 * message keys (a stream id names a seeker's thread).
 */
const TRACER = 'hellowork';

export const tracer = () => trace.getTracer(TRACER);

/** The `traceparent` of a context (undefined when it holds no sampled-or-not span, or tracing is off). */
export const traceparentOf = (ctx: Context): string | undefined => {
  const span = trace.getSpan(ctx);
  if (!span) return undefined;
  if (w3cOnly) {
    // W3C trace context, formatted directly (the propagator's inject builds a carrier, a trace
    // state and a composite walk for each call; the bench's per-send work).
    const { traceId, spanId, traceFlags } = span.spanContext();
    return isSpanContextValid(span.spanContext()) ? `00-${traceId}-${spanId}-0${(traceFlags & 1).toString(16)}` : undefined;
  }
  const carrier: Record<string, string> = {};
  propagation.inject(ctx, carrier);
  return carrier.traceparent;
};

/** The active context's `traceparent` (the HTTP request's span, for a command handled in a request). */
export const activeTraceparent = (): string | undefined => traceparentOf(context.active());

/**
 * `{ traceparent }` of the active context, or nothing: spread into an event's metadata where
 * it is built in the request (a group commit appends many requests' events in one call).
 */
export const traceMetadata = (): { traceparent?: string } => {
  const traceparent = activeTraceparent();
  return traceparent ? { traceparent } : {};
};

/** A context whose parent span is the one a `traceparent` names (ROOT_CONTEXT when absent or invalid). */
export const contextOfTraceparent = (traceparent: unknown): Context =>
  typeof traceparent === 'string' && traceparent.length > 0 && traceparent.length < 128
    ? propagation.extract(ROOT_CONTEXT, { traceparent })
    : ROOT_CONTEXT;

/** The trace id of the active span, for log lines (undefined when none). */
export const activeTraceIds = (): { traceId: string; spanId: string } | undefined => {
  const span = trace.getSpan(context.active());
  if (!span) return undefined;
  const { traceId, spanId } = span.spanContext();
  return { traceId, spanId };
};

/**
 * Runs `work` in a new span, child of `parent` (default: the active context); the span ends
 * when `work` settles, with an error status (the error's class, not its message) if it threw.
 */
export const inSpan = async <T>(
  name: string,
  options: { kind?: SpanKind; attributes?: Attributes; parent?: Context },
  work: (span: Span, ctx: Context) => Promise<T>,
): Promise<T> => {
  const parent = options.parent ?? context.active();
  const span = tracer().startSpan(name, { kind: options.kind ?? SpanKind.INTERNAL, attributes: options.attributes }, parent);
  const ctx = trace.setSpan(parent, span);
  try {
    return await context.with(ctx, () => work(span, ctx));
  } catch (error) {
    span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.name : typeof error });
    throw error;
  } finally {
    span.end();
  }
};

/** A span that continues the trace of a carried `traceparent`. */
export interface ContinuedSpan {
  /** The new span's own traceparent (to carry further). */
  traceparent: string | undefined;
  context: Context;
  end(error?: unknown): void;
}

/**
 * Starts a span child of the span a `traceparent` names — the causal parent, whatever context
 * happens to be active (a log subscriber's batch may run in another request's context) — or
 * undefined when nothing was carried (an untraced event starts no trace).
 */
export const continueTrace = (
  name: string,
  traceparent: unknown,
  kind: SpanKind,
  attributes: Attributes = {},
): ContinuedSpan | undefined => {
  const parent = contextOfTraceparent(traceparent);
  if (!trace.getSpan(parent)) return undefined;
  const span = tracer().startSpan(name, { kind, attributes }, parent);
  const ctx = trace.setSpan(parent, span);
  return {
    traceparent: traceparentOf(ctx),
    context: ctx,
    end: (error?: unknown) => {
      if (error !== undefined) span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.name : typeof error });
      span.end();
    },
  };
};

/** Set by startTracing when the propagators are W3C trace context only (the default): traceparentOf then formats it itself. */
let w3cOnly = false;
export const setW3cTraceparentOnly = (only: boolean): void => {
  w3cOnly = only;
};

let shutdownHook: (() => Promise<void>) | undefined;

/** Set by startTracing: what flushTracing runs; also says the SDK runs (tracingStarted). */
export const setTracingShutdown = (hook: (() => Promise<void>) | undefined): void => {
  shutdownHook = hook;
};

/** Whether the Node SDK was started in this process (the HTTP app then opens a server span per request). */
export const tracingStarted = (): boolean => shutdownHook !== undefined;

/** Exports the spans still buffered and stops the SDK (a no-op when tracing is off); on shutdown. */
export const flushTracing = async (): Promise<void> => {
  const hook = shutdownHook;
  shutdownHook = undefined;
  await hook?.().catch(() => undefined);
};

export { SpanKind };
