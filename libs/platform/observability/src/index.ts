/**
 * @hw/platform/observability — what operators' tools read.
 *
 * - metrics: the process's prom-client registry and the platform's metrics (`hw_*`, Node's defaults).
 *   the relay and the bus to the consumers; off unless the standard OTEL_* variables ask for it.
 * - logging: pino JSON lines with service, correlation id and trace id; personal data redacted.
 * - http: per-request correlation id, route-template metrics and one log line per request.
 * - instrumentEventLog: append latency, batch sizes and the trace context into event metadata.
 */
export * from './metrics';
export * from './tracing';
export * from './logging';
export * from './http';
export * from './instrumented-event-log';
export * from './scrape';
// start-tracing (the Node SDK and its instrumentations) is not exported here: it must load
// before the modules it instruments, so tools/register.js requires it by path.
