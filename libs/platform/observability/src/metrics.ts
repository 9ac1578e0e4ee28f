import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { DomainError } from '@hw/platform/core';

/**
 * The process's Prometheus metrics (prom-client), one registry per process: on the embedded
 * default every service's `/metrics` shows the same registry, told apart by the `service` label.
 *
 * Label sets are bounded by construction: route templates (never raw paths), status codes,
 * refusal codes, projection / consumer / topic names — never ids, never personal data. A
 * registration id is an organisation's and not personal, but one series per registration
 * is unbounded, so quota use per registration is a distribution (`hw_quota_day_use_ratio`).
 */
export const registry = new Registry();

let defaultsCollected = false;
/** Node's default process metrics (CPU, memory, event-loop lag, GC), once per process. */
export const collectNodeMetrics = (): void => {
  if (defaultsCollected) return;
  defaultsCollected = true;
  collectDefaultMetrics({ register: registry });
};

const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export const httpRequestDuration = new Histogram({
  name: 'hw_http_request_duration_seconds',
  help: 'HTTP request duration by service, method, route template and status code',
  labelNames: ['service', 'method', 'route', 'status'] as const,
  buckets: LATENCY_BUCKETS,
  registers: [registry],
});

export const messagingSends = new Counter({
  name: 'hw_messaging_sends_total',
  help: 'Organisation message sends: outcome accepted, refused (reason = the refusal code, e.g. DAILY_LIMIT_REACHED) or failed (reason = error class)',
  labelNames: ['outcome', 'reason'] as const,
  registers: [registry],
});

export const quotaReservations = new Counter({
  name: 'hw_quota_reservations_total',
  help: 'Daily-quota reservations decided with an accepted send (R-MSG-2): one per message counted against a Japan-time day',
  registers: [registry],
});

export const quotaDayUse = new Histogram({
  name: 'hw_quota_day_use_ratio',
  help: "At each reservation, the registration's use of its day: messages reserved so far ÷ its daily limit (1 = at the limit)",
  buckets: [0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 1],
  registers: [registry],
});

export const eventLogAppendDuration = new Histogram({
  name: 'hw_event_log_append_duration_seconds',
  help: 'Event-log append latency (commit included) by operation (append, appendMulti) and outcome (ok, conflict, error)',
  labelNames: ['operation', 'outcome'] as const,
  buckets: LATENCY_BUCKETS,
  registers: [registry],
});

export const eventLogAppendEvents = new Histogram({
  name: 'hw_event_log_append_events',
  help: 'Events per event-log append call (group commits append many)',
  labelNames: ['operation'] as const,
  buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256, 512],
  registers: [registry],
});

export const logHead = new Gauge({
  name: 'hw_event_log_head_position',
  help: "The event log's head: global position of its last event",
  registers: [registry],
});

const RUNNER_LABELS = ['service', 'kind', 'name'] as const;

export const runnerPosition = new Gauge({
  name: 'hw_runner_position',
  help: 'Stored checkpoint (global log position) of a projection or relay (kind = projection | relay)',
  labelNames: RUNNER_LABELS,
  registers: [registry],
});

export const runnerLagEvents = new Gauge({
  name: 'hw_runner_lag_events',
  help: 'Events of its streams in the log after the checkpoint of a projection or relay, counted up to 10000',
  labelNames: RUNNER_LABELS,
  registers: [registry],
});

export const runnerLagSeconds = new Gauge({
  name: 'hw_runner_lag_seconds',
  help: 'Age of the oldest event of its streams not yet handled by a projection or relay (0 when caught up)',
  labelNames: RUNNER_LABELS,
  registers: [registry],
});

export const runnerParked = new Gauge({
  name: 'hw_runner_parked_events',
  help: 'Parked events (dead letters) of a projection or inbox consumer (kind = projection | consumer)',
  labelNames: RUNNER_LABELS,
  registers: [registry],
});

export const runnerFailures = new Gauge({
  name: 'hw_runner_consecutive_failures',
  help: 'Consecutive failures of a projection, relay or inbox consumer being retried (0 when healthy)',
  labelNames: RUNNER_LABELS,
  registers: [registry],
});

export const consumerEvents = new Counter({
  name: 'hw_consumer_events_total',
  help: 'Integration events handled by an inbox consumer, by outcome (applied, duplicate, parked, failed)',
  labelNames: ['consumer', 'outcome'] as const,
  registers: [registry],
});

export const consumerDelay = new Histogram({
  name: 'hw_consumer_delay_seconds',
  help: "Inbox consumer lag in seconds: from the integration event's occurredAt to its application in the read model",
  labelNames: ['consumer'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
  registers: [registry],
});

export const busPublished = new Counter({
  name: 'hw_bus_published_events_total',
  help: 'Integration events the bus had acknowledged (bus = kafka | in-process)',
  labelNames: ['bus', 'topic'] as const,
  registers: [registry],
});

export const busPublishErrors = new Counter({
  name: 'hw_bus_publish_errors_total',
  help: 'Failed publish calls (the relay retries them from its checkpoint)',
  labelNames: ['bus', 'topic'] as const,
  registers: [registry],
});

export const busConsumed = new Counter({
  name: 'hw_bus_consumed_events_total',
  help: 'Integration events delivered to a consumer group and handled (committed)',
  labelNames: ['bus', 'group', 'topic'] as const,
  registers: [registry],
});

export const busConsumeErrors = new Counter({
  name: 'hw_bus_consume_errors_total',
  help: 'Deliveries whose handler failed (delivered again after a backoff) or that could not be decoded',
  labelNames: ['bus', 'group', 'topic'] as const,
  registers: [registry],
});

export const busConsumerLag = new Gauge({
  name: 'hw_bus_consumer_lag_events',
  help: "Inbox consumer lag in events per partition: Kafka, behind the partition's high watermark after the group's last fetched batch; in-process, published and not yet handled",
  labelNames: ['bus', 'group', 'topic', 'partition'] as const,
  registers: [registry],
});

/** Runs `work`, observing its duration in seconds with `observe` (called also when it throws). */
export const timed = async <T>(work: () => Promise<T>, observe: (seconds: number, error?: unknown) => void): Promise<T> => {
  const started = process.hrtime.bigint();
  try {
    const result = await work();
    observe(Number(process.hrtime.bigint() - started) / 1e9);
    return result;
  } catch (error) {
    observe(Number(process.hrtime.bigint() - started) / 1e9, error);
    throw error;
  }
};

/** Runs a send and counts it: accepted, refused (by the refusal code), or failed (by the error class). */
export const countedSend = async <T>(send: () => Promise<T>): Promise<T> => {
  try {
    const result = await send();
    messagingSends.inc({ outcome: 'accepted', reason: '' });
    return result;
  } catch (error) {
    if (error instanceof DomainError) messagingSends.inc({ outcome: 'refused', reason: error.code });
    else messagingSends.inc({ outcome: 'failed', reason: error instanceof Error ? error.name : typeof error });
    throw error;
  }
};

/** One daily-quota reservation decided, with the registration's day use after it (used ÷ limit). */
export const countReservation = (used: number, limit: number): void => {
  quotaReservations.inc();
  if (limit > 0) quotaDayUse.observe(used / limit);
};
