import 'reflect-metadata';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { newId } from '@hw/platform/core';
import { baseUrlOf, createHttpApp, Infrastructure, loadConfig } from '@hw/platform/nest';
import { createLogger, uninstrumentedLog } from '@hw/platform/observability';
import { MessagingServiceModule } from '@hw/messaging/application';
import { seekerReference } from '@hw/matching/contracts';
import { approveBenchRegistration, registerBenchSeekers } from './send-world';

/**
 * One messaging app for bench/observability.bench.ts, in its own process so that each mode is
 * exactly what a deployment runs: OBSERVE=off (no HTTP metrics, the log's append metrics
 * unwrapped, no SDK), metrics (prom-client HTTP/send/quota/log metrics; the bench scrapes it),
 * tracing / sampled (metrics + the OpenTelemetry SDK, started by tools/register.js from OTEL_*
 * and exporting to the bench's no-op collector), all (tracing + a JSON line per request
 * written to /dev/null). Seeds a registration and 500 seekers (as send.bench.ts), then prints
 * `{ base, refs, auths }` as one JSON line on stdout.
 */
const SECRET = 'bench-secret-of-at-least-thirty-two-characters';
const mode = process.env.OBSERVE ?? 'off';

const main = async () => {
  const infra = await Infrastructure.create(
    loadConfig({ DATA_DIR: process.env.DATA_DIR as string, AUTH_SECRET: SECRET, LOG_LEVEL: 'error' }),
  );
  if (mode === 'off') Object.assign(infra, { log: uninstrumentedLog(infra.log) });
  const logger = mode === 'all' ? createLogger({ service: 'messaging', destination: createWriteStream('/dev/null') }) : undefined;
  const app = await createHttpApp(MessagingServiceModule.register(infra, { DAILY_MESSAGE_LIMIT: '1000000' }), {
    ...(mode === 'off' ? {} : { observe: { service: 'messaging', logger } }),
  });
  await app.listen(0, '127.0.0.1');
  const registrationId = `reg-bench-${newId()}`;
  await approveBenchRegistration(infra.log, registrationId);
  const seekers = await registerBenchSeekers(infra.log, 500);
  const auth = `Bearer ${infra.tokens.sign({ kind: 'organisation-user', sub: 'bench-user', registrationId, departmentId: 'd0', organisationKind: 'private-free' }, new Date(), 3600)}`;
  process.stdout.write(
    `${JSON.stringify({ base: baseUrlOf(app), refs: seekers.map((s) => seekerReference(SECRET, registrationId, s)), auths: [auth], dataDir: join(process.env.DATA_DIR as string) })}\n`,
  );
  process.once('SIGTERM', () => {
    void app
      .close()
      .then(() => infra.close())
      .finally(() => process.exit(0));
  });
};

void main();
