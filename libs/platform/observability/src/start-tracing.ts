import { NodeSDK } from '@opentelemetry/sdk-node';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { setTracingShutdown, setW3cTraceparentOnly } from './tracing';

/**
 * Whether the standard OpenTelemetry variables ask for traces: an OTLP endpoint
 * (`OTEL_EXPORTER_OTLP_ENDPOINT` / `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`) or
 * `OTEL_TRACES_EXPORTER=otlp|console`, and not `OTEL_SDK_DISABLED=true`. Off otherwise.
 */
export const tracingConfigured = (env: NodeJS.ProcessEnv = process.env): boolean => {
  if (env.OTEL_SDK_DISABLED === 'true') return false;
  const exporter = env.OTEL_TRACES_EXPORTER;
  if (exporter === 'none') return false;
  return Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || exporter);
};

let sdk: NodeSDK | undefined;

/**
 * Starts the OpenTelemetry Node SDK when configured (see tracingConfigured): the OTLP/HTTP
 * exporter (endpoint, headers, sampler from the standard `OTEL_*` variables), W3C trace context,
 * and the HTTP and pg instrumentations. Must run before the modules it instruments load, hence
 * tools/register.js calls it first. Incoming HTTP requests get their SERVER span from the HTTP
 * app (observeHttp: route template, W3C traceparent of the caller). kafkajs is traced by the platform's bus itself rather than
 * by @opentelemetry/instrumentation-kafkajs: that one injects the context active at
 * `producer.send`, which in the relay (a background subscriber publishing many requests'
 * events in one batch) is no request's, and it would start every trace afresh at the relay;
 * it also records message keys (stream ids) as attributes.
 * Returns whether it started. Prometheus metrics are prom-client's, not the SDK's.
 */
export const startTracing = (serviceName?: string, env: NodeJS.ProcessEnv = process.env): boolean => {
  if (sdk || !tracingConfigured(env)) return false;
  env.OTEL_METRICS_EXPORTER ??= 'none';
  env.OTEL_LOGS_EXPORTER ??= 'none';
  const exporter = env.OTEL_TRACES_EXPORTER;
  sdk = new NodeSDK({
    serviceName: env.OTEL_SERVICE_NAME ?? serviceName ?? 'hellowork',
    ...(exporter === undefined || exporter === 'otlp' ? { traceExporter: new OTLPTraceExporter() } : {}),
    instrumentations: [
      new HttpInstrumentation({
        // Incoming requests: the HTTP app opens their SERVER spans itself (observeHttp), named
        // after the route template, at a fraction of the cost; outgoing calls are traced here.
        disableIncomingRequestInstrumentation: true,
        // Query strings may carry search terms and addresses are personal data: withheld.
        requestHook: (span, request) => {
          const url = 'url' in request ? request.url : 'path' in request ? request.path : undefined;
          if (typeof url === 'string' && url.includes('?')) span.setAttribute('url.query', '[withheld]');
          span.setAttribute('client.address', '[withheld]');
          span.setAttribute('network.peer.address', '[withheld]');
        },
      }),
      new PgInstrumentation({ enhancedDatabaseReporting: false }),
    ],
  });
  sdk.start();
  // The traceparent the W3C propagator would write, formatted directly (tracing.ts), unless
  // OTEL_PROPAGATORS names others without it (b3, jaeger …): then the propagators inject.
  const propagators = (env.OTEL_PROPAGATORS ?? 'tracecontext,baggage').split(',').map((p) => p.trim());
  setW3cTraceparentOnly(propagators.includes('tracecontext'));
  setTracingShutdown(stopTracing);
  return true;
};

/** Flushes and stops the SDK (on shutdown). */
export const stopTracing = async (): Promise<void> => {
  const running = sdk;
  sdk = undefined;
  await running?.shutdown().catch(() => undefined);
};
