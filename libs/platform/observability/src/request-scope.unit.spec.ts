import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import type { EventToAppend } from '@hw/platform/core';
import type { EventLog, StreamAppend } from '@hw/platform/event-log';
import { instrumentEventLog } from './instrumented-event-log';
import { logScope } from './logging';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { setTracingShutdown, setW3cTraceparentOnly, traceparentOf } from './tracing';

/** Issue 14: the request's correlation id reaches its events through the log; the log scope rides the OpenTelemetry context when the SDK runs. */
const event = (correlationId: string): EventToAppend => ({
  id: `e-${correlationId}`,
  type: 'Happened',
  schemaVersion: 1,
  data: {},
  metadata: { correlationId, principal: { kind: 'system', id: 'test' }, occurredAt: '2026-12-02T00:00:00.000Z' },
});

const recording = () => {
  const appended: EventToAppend[][] = [];
  const log = {
    append: async (_stream: string, events: EventToAppend[]) => {
      appended.push(events);
      return { position: 1n, revision: 0n };
    },
    appendMulti: async (appends: StreamAppend[]) => {
      for (const a of appends) appended.push(a.events);
      return { position: 1n };
    },
  } as unknown as EventLog;
  return { appended, log: instrumentEventLog(log) };
};

describe('the request scope', () => {
  it('issue 14: an append inside a request takes the request correlation id, whatever id the command minted; outside a request and in group commits (appendMulti) the command’s id stays', async () => {
    const { appended, log } = recording();
    await logScope.run({ service: 'registration', correlationId: 'req-1' }, () => log.append('s-1', [event('minted-1')], 'any'));
    await log.append('s-2', [event('minted-2')], 'any');
    await logScope.run({ correlationId: 'req-3' }, () =>
      log.appendMulti([
        { streamId: 's-3', events: [event('lane-a')], expected: 'any' },
        { streamId: 's-4', events: [event('lane-b')], expected: 'any' },
      ] as StreamAppend[]),
    );
    expect(appended.map((events) => events.map((e) => e.metadata.correlationId))).toEqual([
      ['req-1'],
      ['minted-2'],
      ['lane-a'],
      ['lane-b'],
    ]);
  });

  describe('with the OpenTelemetry SDK running', () => {
    const manager = new AsyncLocalStorageContextManager();
    const provider = new BasicTracerProvider();
    beforeAll(() => {
      context.setGlobalContextManager(manager.enable());
      trace.setGlobalTracerProvider(provider);
      setTracingShutdown(async () => undefined);
    });
    afterAll(() => {
      setTracingShutdown(undefined);
      context.disable();
      trace.disable();
    });

    it('issue 14: the log scope is a value of the active context (one AsyncLocalStorage for span and scope), kept across awaits and seen by the span’s children', async () => {
      const span = trace.getTracer('t').startSpan('POST /x');
      const seen = await context.with(trace.setSpan(context.active(), span), () =>
        logScope.run({ correlationId: 'req-9' }, async () => {
          await new Promise((resolve) => setImmediate(resolve));
          return { scope: logScope.getStore(), traced: trace.getSpan(context.active()) === span };
        }),
      );
      span.end();
      expect(seen).toEqual({ scope: { correlationId: 'req-9' }, traced: true });
      expect(logScope.getStore()).toBeUndefined();
    });

    it('issue 14: traceparentOf formats the W3C header of the context’s span as the W3C propagator writes it', () => {
      setW3cTraceparentOnly(true);
      const span = trace.getTracer('t').startSpan('x');
      const ctx = trace.setSpan(context.active(), span);
      const carrier: Record<string, string> = {};
      new W3CTraceContextPropagator().inject(ctx, carrier, { set: (c, k, v) => (c[k] = v) });
      const { traceId, spanId } = span.spanContext();
      expect(traceparentOf(ctx)).toBe(`00-${traceId}-${spanId}-01`);
      expect(traceparentOf(ctx)).toBe(carrier.traceparent);
      span.end();
      setW3cTraceparentOnly(false);
    });
  });
});
