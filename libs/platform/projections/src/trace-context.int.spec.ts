import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { context, propagation, trace } from '@opentelemetry/api';
import { node } from '@opentelemetry/sdk-node';
import { InMemorySpanExporter, ReadableSpan, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { Bus, InProcessBus, IntegrationEvent, KafkaBus } from '@hw/platform/bus';
import { newId } from '@hw/platform/core';
import { SqliteEventLog } from '@hw/platform/event-log';
import { instrumentEventLog, tracer } from '@hw/platform/observability';
import { describeWith, eventually, kafkaBrokers } from '@hw/platform/testing';
import { DataSource } from 'typeorm';
import { InboxConsumer } from './inbox-consumer';
import { Relay } from './relay';
import { CapturingLogger, sqliteReadDb, tempDir, TestReadDb } from './testing/read-dbs';

/**
 * Issue 14 (traces): the W3C trace context of the request survives log → relay → bus →
 * consumer, so one trace shows a send from the request to the read models it reached. An
 * OpenTelemetry provider with an in-memory exporter records the spans; the request is a span
 * started by the test (in a service, the HTTP instrumentation's server span).
 */
const exporter = new InMemorySpanExporter();
const provider = new node.NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });

const parentOf = (span: ReadableSpan): string | undefined => span.parentSpanContext?.spanId;

const buses: Array<{ name: string; needs: Array<'kafka'>; create: (runId: string) => Bus }> = [
  { name: 'in-process bus', needs: [], create: () => new InProcessBus({ acknowledge: 'consumed' }) },
  {
    name: 'Kafka',
    needs: ['kafka'],
    create: (runId) =>
      new KafkaBus({ clientId: `trace-${runId}`, brokers: kafkaBrokers(), groupIdPrefix: `trace-${runId}-`, logLevel: 'error' }),
  },
];

beforeAll(() => provider.register()); // the async-hooks context manager and the W3C propagator
afterAll(async () => {
  await provider.shutdown();
  trace.disable();
  context.disable();
  propagation.disable();
});

for (const variant of buses) {
  describeWith(variant.needs, `trace context across log → relay → ${variant.name} → inbox consumer (issue 14)`, () => {
    let dir: string;
    let log: SqliteEventLog;
    let readDb: TestReadDb;
    let ds: DataSource;
    let bus: Bus;
    let relay: Relay;
    let consumer: InboxConsumer;
    const received: IntegrationEvent[] = [];
    const runId = newId().replace(/-/g, '').slice(-12);
    const topic = `tracectx${runId}`;

    beforeAll(async () => {
      dir = tempDir('trace-context');
      log = instrumentEventLog(new SqliteEventLog({ file: join(dir, 'log.sqlite'), pollIntervalMs: 20 }));
      readDb = sqliteReadDb('trace-context');
      ds = await readDb.open();
      bus = variant.create(runId);
      consumer = new InboxConsumer(
        bus,
        ds,
        {
          name: `trace-consumer-${runId}`,
          topics: [topic],
          handle: async (event) => {
            received.push(event);
          },
        },
        { logger: new CapturingLogger(), pruneEveryMs: 0 },
      );
      await consumer.start();
      relay = new Relay(log, bus, ds, {
        name: `relay-trace-${runId}`,
        streamPrefixes: [`traced-${runId}-`, `untraced-${runId}-`],
        logger: new CapturingLogger(),
        translate: (event) => ({
          id: event.id,
          key: event.streamId,
          type: `${topic}.Happened.v1`,
          occurredAt: event.metadata.occurredAt,
          correlationId: event.metadata.correlationId,
          data: { n: 1 },
        }),
      });
      await relay.start();
    }, 90_000);

    afterAll(async () => {
      await relay?.stop();
      await consumer?.stop();
      await bus?.close();
      await log?.close();
      await readDb?.dispose();
      rmSync(dir, { recursive: true, force: true });
    });

    const append = (streamId: string) =>
      log.append(
        streamId,
        [
          {
            id: newId(),
            type: 'Happened',
            schemaVersion: 1,
            data: { n: 1 },
            metadata: { correlationId: newId(), principal: { kind: 'system', id: 'test' }, occurredAt: new Date().toISOString() },
          },
        ],
        'no_stream',
      );

    it('one trace: the request span → the log append (its traceparent in the event metadata) → the relay publish → the consumer; an event appended outside any trace starts none', async () => {
      exporter.reset();
      const streamId = `traced-${runId}-${newId()}`;
      const request = tracer().startSpan('POST /messages');
      await context.with(trace.setSpan(context.active(), request), () => append(streamId));
      request.end();
      await append(`untraced-${runId}-${newId()}`);
      await eventually(() => expect(received).toHaveLength(2), 60_000);

      const [stored] = await log.readStream(streamId);
      const { traceId } = request.spanContext();
      expect(String(stored.metadata.traceparent)).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-0[01]$`));

      const spans = () => exporter.getFinishedSpans().filter((s) => s.spanContext().traceId === traceId);
      await eventually(() => expect(spans().map((s) => s.name)).toContain(`consume ${topic}.Happened.v1`), 30_000);
      const byName = (name: string) => spans().find((s) => s.name === name) as ReadableSpan;
      const appendSpan = byName('event-log append');
      const publish = byName(`publish ${topic}.Happened.v1`);
      const consume = byName(`consume ${topic}.Happened.v1`);
      // The chain, parent by parent: request → append → publish → consume.
      expect(parentOf(appendSpan)).toBe(request.spanContext().spanId);
      expect(parentOf(publish)).toBe(appendSpan.spanContext().spanId);
      expect(parentOf(consume)).toBe(publish.spanContext().spanId);
      // What the consumer received carried the publish span's context (a Kafka header on the wire).
      const tracedEvent = received.find((e) => e.key === streamId) as IntegrationEvent;
      expect(tracedEvent.traceparent).toBe(`00-${traceId}-${publish.spanContext().spanId}-01`);
      // Privacy: span attributes are names and counts, never event data or keys (stream ids).
      for (const span of spans()) expect(JSON.stringify(span.attributes)).not.toContain(streamId);
      // The untraced event: no traceparent anywhere, no span of its own.
      const untraced = received.find((e) => e.key !== streamId) as IntegrationEvent;
      expect(untraced.traceparent).toBeUndefined();
      expect(exporter.getFinishedSpans().filter((s) => s.spanContext().traceId !== traceId && s.name.startsWith('consume'))).toEqual([]);
    }, 90_000);
  });
}
