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

/** A counter, gauge or histogram in the process's registry; `labelNames`: its label set. */
const counter = <L extends string = string>(name: string, help: string, labelNames: readonly L[] = []): Counter<L> =>
  new Counter<L>({ name, help, labelNames, registers: [registry] });
const gauge = <L extends string = string>(name: string, help: string, labelNames: readonly L[] = []): Gauge<L> =>
  new Gauge<L>({ name, help, labelNames, registers: [registry] });
const histogram = <L extends string = string>(name: string, help: string, buckets: number[], labelNames: readonly L[] = []): Histogram<L> =>
  new Histogram<L>({ name, help, buckets, labelNames, registers: [registry] });

let defaultsCollected = false;
/** Node's default process metrics (CPU, memory, event-loop lag, GC), once per process. */
export const collectNodeMetrics = (): void => {
  if (defaultsCollected) return;
  defaultsCollected = true;
  collectDefaultMetrics({ register: registry });
};

const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export const httpRequestDuration = histogram(
  'hw_http_request_duration_seconds',
  'HTTP request duration by service, method, route template and status code',
  LATENCY_BUCKETS,
  ['service', 'method', 'route', 'status'],
);

export const messagingSends = counter(
  'hw_messaging_sends_total',
  'Organisation message sends: outcome accepted, refused (reason = the refusal code, e.g. DAILY_LIMIT_REACHED) or failed (reason = error class)',
  ['outcome', 'reason'],
);

export const quotaReservations = counter(
  'hw_quota_reservations_total',
  'Daily-quota reservations decided with an accepted send (R-MSG-2): one per message counted against a Japan-time day',
);

export const quotaDayUse = histogram(
  'hw_quota_day_use_ratio',
  "At each reservation, the registration's use of its day: messages reserved so far ÷ its daily limit (1 = at the limit)",
  [0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 1],
);

export const eventLogAppendDuration = histogram(
  'hw_event_log_append_duration_seconds',
  'Event-log append latency (commit included) by operation (append, appendMulti) and outcome (ok, conflict, error)',
  LATENCY_BUCKETS,
  ['operation', 'outcome'],
);

export const eventLogAppendEvents = histogram(
  'hw_event_log_append_events',
  'Events per event-log append call (group commits append many)',
  [1, 2, 4, 8, 16, 32, 64, 128, 256, 512],
  ['operation'],
);

export const logHead = gauge('hw_event_log_head_position', "The event log's head: global position of its last event");

const RUNNER_LABELS = ['service', 'kind', 'name'] as const;

export const runnerPosition = gauge(
  'hw_runner_position',
  'Stored checkpoint (global log position) of a projection or relay (kind = projection | relay)',
  RUNNER_LABELS,
);

export const runnerLagEvents = gauge(
  'hw_runner_lag_events',
  'Events of its streams in the log after the checkpoint of a projection or relay, counted up to 10000',
  RUNNER_LABELS,
);

export const runnerLagSeconds = gauge(
  'hw_runner_lag_seconds',
  'Age of the oldest event of its streams not yet handled by a projection or relay (0 when caught up)',
  RUNNER_LABELS,
);

export const runnerParked = gauge(
  'hw_runner_parked_events',
  'Parked events (dead letters) of a projection or inbox consumer (kind = projection | consumer)',
  RUNNER_LABELS,
);

export const runnerFailures = gauge(
  'hw_runner_consecutive_failures',
  'Consecutive failures of a projection, relay or inbox consumer being retried (0 when healthy)',
  RUNNER_LABELS,
);

export const consumerEvents = counter(
  'hw_consumer_events_total',
  'Integration events handled by an inbox consumer, by outcome (applied, duplicate, parked, failed)',
  ['consumer', 'outcome'],
);

export const consumerDelay = histogram(
  'hw_consumer_delay_seconds',
  "Inbox consumer lag in seconds: from the integration event's occurredAt to its application in the read model",
  [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
  ['consumer'],
);

export const busPublished = counter(
  'hw_bus_published_events_total',
  'Integration events the bus had acknowledged (bus = kafka | in-process)',
  ['bus', 'topic'],
);

export const busPublishErrors = counter(
  'hw_bus_publish_errors_total',
  'Failed publish calls (the relay retries them from its checkpoint)',
  ['bus', 'topic'],
);

export const busConsumed = counter(
  'hw_bus_consumed_events_total',
  'Integration events delivered to a consumer group and handled (committed)',
  ['bus', 'group', 'topic'],
);

export const busConsumeErrors = counter(
  'hw_bus_consume_errors_total',
  'Deliveries whose handler failed (delivered again after a backoff) or that could not be decoded',
  ['bus', 'group', 'topic'],
);

export const busConsumerLag = gauge(
  'hw_bus_consumer_lag_events',
  "Inbox consumer lag in events per partition: Kafka, behind the partition's high watermark after the group's last fetched batch; in-process, published and not yet handled",
  ['bus', 'group', 'topic', 'partition'],
);

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
