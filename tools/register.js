// Runs TypeScript sources directly: SWC transpiles with decorator metadata
// (Nest's DI and ValidationPipe need it; esbuild-based loaders drop it) and
// resolves the tsconfig path aliases (@hw/...).
process.env.SWC_NODE_PROJECT = process.env.SWC_NODE_PROJECT || require('path').join(__dirname, '..', 'tsconfig.base.json');
require('@swc-node/register');
// OpenTelemetry before anything it instruments loads (http, pg): only when the standard OTEL_*
// variables ask for traces (libs/platform/observability/src/start-tracing.ts); off otherwise.
if (process.env.OTEL_EXPORTER_OTLP_ENDPOINT || process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || process.env.OTEL_TRACES_EXPORTER) {
  const service = /apps[\\/]([a-z-]+)[\\/]/.exec(process.argv[1] || '');
  require('../libs/platform/observability/src/start-tracing').startTracing(service ? service[1] : undefined);
}
