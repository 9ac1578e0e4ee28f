import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newId } from '@hw/platform/core';
import { SqliteEventLog } from '@hw/platform/event-log';
import { describeWith, eventually, kafkaBrokers } from '@hw/platform/testing';
import { seekerReference } from '@hw/matching/contracts';
import { CollectedSpan, OtlpCollector } from './support/otlp-collector';
import {
  appendRegistrationApproved,
  appendSeekerEvent,
  AUTH_SECRET,
  bearer,
  http,
  startProcess,
  Started,
  waitForHealth,
} from './support/processes';

/**
 * Issue 14 — what an operator's tools read, from services running as processes: Prometheus
 * metrics at /metrics that move under load, a trace from the HTTP request through the log and
 * the relay to another service's consumer (in-process bus, then Kafka between processes), JSON
 * log lines with correlation and trace ids and no personal data, liveness and readiness.
 * Ports 3650–3659 (3659: the OTLP collector).
 */
const COLLECTOR_PORT = 3659;
const collector = new OtlpCollector();
beforeAll(async () => {
  await collector.start(COLLECTOR_PORT);
});
afterAll(async () => {
  await collector.stop();
});

const TRACING = {
  OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${COLLECTOR_PORT}`,
  OTEL_BSP_SCHEDULE_DELAY: '100',
};

/** Parses the Prometheus text format into `name{labels}` → value. */
const parseMetrics = (text: string): Map<string, number> => {
  const values = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    values.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return values;
};
const scrape = async (port: number): Promise<{ text: string; values: Map<string, number> }> => {
  const response = await fetch(`http://127.0.0.1:${port}/metrics`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/plain');
  const text = await response.text();
  return { text, values: parseMetrics(text) };
};

/** A registration the send path knows as active, a seeker it may message, and the org user's token. */
const seedSender = async (log: SqliteEventLog) => {
  const registrationId = `reg-obs-${newId()}`;
  const seekerId = newId();
  await appendRegistrationApproved(log, registrationId);
  await appendSeekerEvent(log, seekerId, 'SeekerRegistered', { scope: ['private-agencies'], eligible: true });
  const auth = bearer({
    kind: 'organisation-user',
    sub: 'user-obs',
    registrationId,
    departmentId: 'dept-0',
    organisationKind: 'private-free',
  });
  return { registrationId, seekerId, auth, seekerRef: seekerReference(AUTH_SECRET, registrationId, seekerId) };
};

/**
 * The spans of one trace, once the ones named have arrived. Across Kafka the consumer's span comes
 * after its group has joined and its exporter's batch delay: under a loaded CI that is far slower.
 */
const traceOf = async (traceId: string, names: RegExp[], withinMs = 30_000): Promise<CollectedSpan[]> =>
  eventually(() => {
    const spans = collector.spans.filter((s) => s.traceId === traceId);
    for (const name of names) expect(spans.map((s) => s.name)).toEqual(expect.arrayContaining([expect.stringMatching(name)]));
    return spans;
  }, withinMs);

/** Follows parent links from a span up to the root of its trace (what a trace viewer draws). */
const ancestry = (spans: CollectedSpan[], span: CollectedSpan): string[] => {
  const chain: string[] = [];
  for (let at: CollectedSpan | undefined = span; at; at = spans.find((s) => s.spanId === at?.parentSpanId)) chain.unshift(at.name);
  return chain;
};

describe('observability on the embedded default: metrics, traces, JSON logs, health (issue 14)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'hw-observe-e2e-'));
  const ports = { registration: 3650, messaging: 3651, quota: 3652 };
  let launcher: Started;
  let log: SqliteEventLog;

  beforeAll(async () => {
    launcher = startProcess('apps/launcher/src/main.ts', {
      SERVICES: 'registration,messaging,quota',
      DATA_DIR: dataDir,
      REGISTRATION_PORT: String(ports.registration),
      MESSAGING_PORT: String(ports.messaging),
      QUOTA_PORT: String(ports.quota),
      DAILY_MESSAGE_LIMIT: '2',
      LOG_LEVEL: 'log',
      ...TRACING,
    });
    for (const port of Object.values(ports)) await waitForHealth(port, launcher, 90_000);
    log = new SqliteEventLog({ file: join(dataDir, 'events.sqlite') });
  }, 120_000);

  afterAll(async () => {
    await launcher?.stop();
    await log?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('metrics: sends accepted and refused by reason, quota reservations, HTTP durations by route template (never ids), runners at the head, Node defaults', async () => {
    const { auth, seekerRef, seekerId, registrationId } = await seedSender(log);
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) {
      const sent = await eventually(async () => {
        const r = await http('POST', `http://127.0.0.1:${ports.messaging}/messages`, auth, {
          seekerRef,
          kind: 'guidance',
          body: 'ご案内です',
        });
        expect([201, 429]).toContain(r.status);
        return r;
      }, 30_000);
      statuses.push(sent.status);
    }
    expect(statuses).toEqual([201, 201, 429]); // R-MSG-2 with DAILY_MESSAGE_LIMIT=2
    const { text, values } = await scrape(ports.messaging);
    expect(values.get('hw_messaging_sends_total{outcome="accepted",reason=""}')).toBe(2);
    expect(values.get('hw_messaging_sends_total{outcome="refused",reason="DAILY_LIMIT_REACHED"}')).toBe(1);
    expect(values.get('hw_quota_reservations_total')).toBe(2);
    expect(values.get('hw_quota_day_use_ratio_bucket{le="1"}')).toBe(2);
    expect(values.get('hw_http_request_duration_seconds_count{service="messaging",method="POST",route="/messages",status="201"}')).toBe(2);
    expect(values.get('hw_http_request_duration_seconds_count{service="messaging",method="POST",route="/messages",status="429"}')).toBe(1);
    expect(values.get('hw_event_log_append_duration_seconds_count{operation="appendMulti",outcome="ok"}')).toBeGreaterThanOrEqual(2);
    expect(values.get('hw_bus_published_events_total{bus="in-process",topic="messaging"}')).toBeGreaterThanOrEqual(2);
    expect(values.has('process_cpu_user_seconds_total')).toBe(true);
    expect(values.has('nodejs_eventloop_lag_seconds')).toBe(true);
    // Bounded labels: no registration, seeker or thread id anywhere in the exposition.
    for (const id of [registrationId, seekerId, seekerRef]) expect(text).not.toContain(id);
    // Every projection and the relay reach the head: lag 0, nothing parked.
    await eventually(async () => {
      const now = (await scrape(ports.messaging)).values;
      const head = now.get('hw_event_log_head_position') as number;
      expect(head).toBeGreaterThan(0);
      for (const name of ['messaging-threads', 'relay-messaging']) {
        const kind = name.startsWith('relay') ? 'relay' : 'projection';
        expect(now.get(`hw_runner_lag_events{service="messaging",kind="${kind}",name="${name}"}`)).toBe(0);
        expect(now.get(`hw_runner_parked_events{service="messaging",kind="${kind}",name="${name}"}`)).toBe(0);
      }
      expect(now.get('hw_runner_lag_events{service="quota",kind="projection",name="quota-daily-counts"}')).toBe(0);
      // Inbox consumers' lag on the in-process bus: per group and partition, nothing left to handle.
      const consumerLag = [...now].filter(([series]) =>
        series.startsWith('hw_bus_consumer_lag_events{bus="in-process",group="registration-messaged-threads"'),
      );
      expect(consumerLag.length).toBeGreaterThan(0);
      for (const [series, value] of consumerLag) expect({ series, value }).toEqual({ series, value: 0 });
    }, 30_000);
  }, 90_000);

  it("a trace spans the request (continuing the caller's traceparent) → the log → the relay → the consumer of another service (in-process bus)", async () => {
    const { auth, seekerRef } = await seedSender(log);
    // The caller's W3C trace context (a gateway's, a browser's): the service continues that trace.
    const traceId = randomBytes(16).toString('hex');
    const callerSpan = randomBytes(8).toString('hex');
    const sent = await http(
      'POST',
      `http://127.0.0.1:${ports.messaging}/messages`,
      auth,
      { seekerRef, kind: 'guidance', body: 'ご案内です' },
      { traceparent: `00-${traceId}-${callerSpan}-01` },
    );
    expect(sent.status).toBe(201);
    // The event's metadata carries the request's trace context (what the relay continues).
    const [stored] = await log.readStream(`thread-${sent.body.threadId}`);
    expect(String(stored.metadata.traceparent).split('-')[1]).toBe(traceId);
    const spans = await traceOf(traceId, [/^POST \/messages$/, /^publish messaging\./, /^consume messaging\./]);
    const server = spans.find((s) => s.name === 'POST /messages') as CollectedSpan;
    expect(server.kind).toBe(2); // SERVER, named after the route template
    expect(server.parentSpanId).toBe(callerSpan);
    expect(server.attributes['http.route']).toBe('/messages');
    const consumer = spans.find(
      (s) => s.name.startsWith('consume messaging.') && s.attributes['messaging.consumer.group.name'] === 'registration-messaged-threads',
    );
    expect(consumer).toBeDefined();
    const chain = ancestry(spans, consumer as CollectedSpan);
    expect(chain[0]).toBe('POST /messages');
    expect(chain[chain.length - 2]).toMatch(/^publish messaging\./);
  }, 60_000);

  it('logs: JSON lines with service, level, message, correlation id and trace id; a request carrying personal data and a token leaves none of it in the log', async () => {
    const { auth, seekerRef } = await seedSender(log);
    const sentinels = [
      '山田太郎',
      '090-1234-5678',
      'SENTINEL-FREE-TEXT-7f3a',
      auth.slice('Bearer '.length),
      '佐藤花子',
      'sato.hanako@example.jp',
    ];
    const correlationId = `obs-${newId()}`;
    const base = `http://127.0.0.1:${ports.messaging}`;
    const headers = { 'content-type': 'application/json', authorization: auth, 'x-correlation-id': correlationId, 'x-note': sentinels[2] };
    // Accepted, with personal data in the free text.
    const accepted = await fetch(`${base}/messages`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ seekerRef, kind: 'guidance', body: `${sentinels[0]}様 ${sentinels[1]} ${sentinels[2]}` }),
    });
    expect(accepted.status).toBe(201);
    expect(accepted.headers.get('x-correlation-id')).toBe(correlationId);
    // The request's correlation id is the events' (the send's metadata), so log lines and events join.
    const { threadId } = (await accepted.json()) as { threadId: string };
    expect((await log.readStream(`thread-${threadId}`)).map((e) => e.metadata.correlationId)).toContain(correlationId);
    // Refused by validation (the field is named, the value is not logged), and a query string with personal data.
    const invalid = await fetch(`${base}/messages`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ seekerRef: sentinels[4], kind: 'no-such-kind', body: sentinels[5] }),
    });
    expect(invalid.status).toBe(400);
    const query = await fetch(`${base}/threads?name=${encodeURIComponent(sentinels[0])}&phone=${sentinels[1]}`, { headers });
    expect(query.status).toBeLessThan(500);
    const lines = await eventually(() => {
      const parsed = launcher
        .output()
        .split('\n')
        .filter((l) => l.trim() !== '' && !l.startsWith('(node:') && !l.startsWith('(Use `node'))
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(parsed.filter((l) => l.correlationId === correlationId && l.route === '/messages')).toHaveLength(2);
      return parsed;
    }, 30_000);
    for (const line of lines) {
      expect(Object.keys(line)).toEqual(expect.arrayContaining(['time', 'level', 'service', 'message', 'correlationId', 'traceId']));
      expect(['trace', 'debug', 'info', 'warn', 'error', 'fatal']).toContain(line.level);
    }
    const request = lines.find((l) => l.correlationId === correlationId && l.status === 201) as Record<string, unknown>;
    expect(request).toMatchObject({ service: 'messaging', method: 'POST', route: '/messages', message: 'request completed' });
    expect(request.traceId).toMatch(/^[0-9a-f]{32}$/);
    const output = launcher.output();
    for (const sentinel of sentinels) expect({ sentinel, found: output.includes(sentinel) }).toEqual({ sentinel, found: false });
  }, 60_000);

  it('health: /health/live answers without touching a dependency; /health/ready is ok with the log, read database and runners at the head', async () => {
    expect(await http('GET', `http://127.0.0.1:${ports.messaging}/health/live`)).toEqual({
      status: 200,
      body: { status: 'ok', service: 'messaging' },
    });
    await eventually(async () => {
      const ready = await http('GET', `http://127.0.0.1:${ports.messaging}/health/ready`);
      expect(ready).toEqual({ status: 200, body: { status: 'ok', service: 'messaging', eventLog: 'ok', readDb: 'ok' } });
    }, 30_000);
  }, 60_000);
});

describeWith(
  ['kafka'],
  'observability in distributed mode: a trace across Kafka between processes, bus metrics, readiness with the bus (issue 14)',
  () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'hw-observe-kafka-e2e-'));
    const ports = { messaging: 3653, registration: 3654 };
    const processes: Started[] = [];
    let log: SqliteEventLog;

    beforeAll(async () => {
      const env = { BUS: 'kafka', KAFKA_BROKERS: kafkaBrokers().join(','), DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...TRACING };
      processes.push(startProcess('apps/messaging/src/main.ts', { ...env, MESSAGING_PORT: String(ports.messaging) }));
      processes.push(startProcess('apps/registration/src/main.ts', { ...env, REGISTRATION_PORT: String(ports.registration) }));
      await waitForHealth(ports.messaging, processes[0], 90_000);
      await waitForHealth(ports.registration, processes[1], 90_000);
      log = new SqliteEventLog({ file: join(dataDir, 'events.sqlite') });
    }, 120_000);

    afterAll(async () => {
      await Promise.all(processes.map((p) => p.stop()));
      await log?.close();
      rmSync(dataDir, { recursive: true, force: true });
    });

    it("one trace: POST /messages in messaging → its relay → Kafka (traceparent header) → registration's inbox consumer in another process", async () => {
      const { auth, seekerRef } = await seedSender(log);
      const sent = await eventually(async () => {
        const r = await http('POST', `http://127.0.0.1:${ports.messaging}/messages`, auth, {
          seekerRef,
          kind: 'guidance',
          body: 'ご案内です',
        });
        expect(r.status).toBe(201);
        return r;
      }, 60_000);
      const [stored] = await log.readStream(`thread-${sent.body.threadId}`);
      const traceId = String(stored.metadata.traceparent).split('-')[1];
      expect(traceId).toMatch(/^[0-9a-f]{32}$/);
      const spans = await traceOf(traceId, [/^POST \/messages$/, /^publish messaging\./, /^consume messaging\./], 120_000);
      const consumer = spans.find((s) => s.name.startsWith('consume messaging.') && s.service === 'registration') as CollectedSpan;
      expect(consumer).toBeDefined();
      expect(spans.find((s) => s.name === 'POST /messages')?.service).toBe('messaging');
      expect(ancestry(spans, consumer)[0]).toBe('POST /messages');
      // Bus metrics on both sides, and readiness that includes the bus.
      await eventually(async () => {
        expect(
          (await scrape(ports.messaging)).values.get('hw_bus_published_events_total{bus="kafka",topic="messaging"}'),
        ).toBeGreaterThanOrEqual(1);
        const consumed = (await scrape(ports.registration)).values.get(
          'hw_bus_consumed_events_total{bus="kafka",group="registration-messaged-threads",topic="messaging"}',
        );
        expect(consumed).toBeGreaterThanOrEqual(1);
        const lag = [...(await scrape(ports.registration)).values.keys()].filter((k) =>
          k.startsWith('hw_bus_consumer_lag_events{bus="kafka",group="registration-messaged-threads",topic="messaging"'),
        );
        expect(lag.length).toBeGreaterThan(0);
      }, 30_000);
      const ready = await http('GET', `http://127.0.0.1:${ports.messaging}/health/ready`);
      expect(ready.status).toBe(200);
      expect(ready.body.bus).toBe('ok');
    }, 240_000);
  },
);
