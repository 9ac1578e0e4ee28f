import { EventToAppend } from '@hw/platform/core';
import { decorateEventLog, EventLog, StreamAppend, WrongExpectedRevisionError } from '@hw/platform/event-log';
import { eventLogAppendDuration, eventLogAppendEvents, timed } from './metrics';
import { context, trace } from '@opentelemetry/api';
import { inSpan, SpanKind, traceparentOf } from './tracing';
import { logScope } from './logging';

const outcomeOf = (error: unknown): string =>
  error === undefined ? 'ok' : error instanceof WrongExpectedRevisionError ? 'conflict' : 'error';

/**
 * Stamps the current trace context into each event's metadata (`traceparent`, unless the
 * caller set one), so the relay can continue the request's trace when it publishes the event
 * (ARCHITECTURE: trace context across Kafka). Metadata is free-form (EventMetadata's extra
 * keys) and a traceparent is no personal data.
 */
const stamped = (events: EventToAppend[], traceparent: string | undefined): EventToAppend[] =>
  traceparent === undefined
    ? events
    : events.map((event) => (event.metadata.traceparent ? event : { ...event, metadata: { ...event.metadata, traceparent } }));

/**
 * The correlation id of the request (or delivery) being handled — its `X-Correlation-Id` or the
 * one minted for it once (observeHttp), the consumed event's in an inbox consumer — as the
 * correlation id of the events it appends, whatever id the command minted (`newId()` in the
 * contexts' services): one mechanism for every context, so a request's log lines, its events
 * and the integration events they become share one id. Outside any scope (timers, the
 * launcher) the command's own id stays.
 */
const correlated = (events: EventToAppend[], correlationId: string | undefined): EventToAppend[] =>
  correlationId === undefined
    ? events
    : events.map((event) =>
        event.metadata.correlationId === correlationId ? event : { ...event, metadata: { ...event.metadata, correlationId } },
      );

const UNINSTRUMENTED = Symbol('uninstrumented event log');

/** The adapter behind instrumentEventLog (the bench's "observability off" case); the log itself otherwise. */
export const uninstrumentedLog = <L extends EventLog>(log: L): L => ((log as unknown as Record<symbol, L>)[UNINSTRUMENTED] ?? log) as L;

/**
 * The event log with metrics and traces around its appends — append latency by outcome,
 * events per append, one span per append whose context goes into the events' metadata — and
 * everything else forwarded untouched (a Proxy: adapter-specific members such as
 * SqliteEventLog.headPosition keep working, and `instanceof` still sees the adapter).
 */
export const instrumentEventLog = <L extends EventLog>(log: L): L => {
  const observe = (operation: string, events: number) => (seconds: number, error?: unknown) => {
    eventLogAppendDuration.observe({ operation, outcome: outcomeOf(error) }, seconds);
    if (error === undefined) eventLogAppendEvents.observe({ operation }, events);
  };
  // An append continues a trace (a request's); outside one (a timer's command) it starts none.
  const traced = () => trace.getSpan(context.active()) !== undefined;
  const scoped = () => logScope.getStore()?.correlationId;
  const append: EventLog['append'] = (streamId, given, expected) => {
    const events = correlated(given, scoped());
    return !traced()
      ? timed(() => log.append(streamId, events, expected), observe('append', events.length))
      : inSpan('event-log append', { kind: SpanKind.INTERNAL, attributes: { 'hw.events': events.length } }, (_span, ctx) =>
          timed(() => log.append(streamId, stamped(events, traceparentOf(ctx)), expected), observe('append', events.length)),
        );
  };
  // appendMulti is a group commit (messaging's send lane): many requests' events appended in
  // the context of whichever flushed them, so neither that request's correlation id nor its
  // trace is the others' — each event keeps what its command put there (currentCorrelationId,
  // traceMetadata at build time).
  const appendMulti: EventLog['appendMulti'] = (appends: StreamAppend[]) => {
    const count = appends.reduce((n, a) => n + a.events.length, 0);
    if (!traced()) return timed(() => log.appendMulti(appends), observe('appendMulti', count));
    return inSpan(
      'event-log appendMulti',
      { kind: SpanKind.INTERNAL, attributes: { 'hw.events': count, 'hw.streams': appends.length } },
      (_span, ctx) => {
        const traceparent = traceparentOf(ctx);
        return timed(
          () => log.appendMulti(appends.map((a) => ({ ...a, events: stamped(a.events, traceparent) }))),
          observe('appendMulti', count),
        );
      },
    );
  };
  return decorateEventLog(log, { append, appendMulti }, { [UNINSTRUMENTED]: log });
};
