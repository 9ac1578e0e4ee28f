import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { TestWorld } from '@hw/platform/projections/testing';
import { baseUrlOf, createHttpApp } from '../bootstrap';
import { PlatformConfig } from '../config';
import { HealthController } from '../health.controller';
import { ErrorsFilter } from '../http/errors.filter';
import { Infrastructure } from '../infrastructure';
import { MetricsController } from '../metrics.controller';
import { BackgroundWork, ServiceDefinition } from '../platform.module';
import { CONFIG, EVENT_LOG, READ_DB, RUNNERS, SERVICE_NAME } from '../tokens';

export interface Probes {
  background: BackgroundWork;
  base: string;
  /** A GET of a probe: its status and JSON body. */
  get(path: string): Promise<{ status: number; body: Record<string, unknown> }>;
}

/**
 * A service's probes — /health, /health/ready and /metrics — over a test world's log, bus and
 * read database, with `definition`'s projections, consumers and relay run by BackgroundWork as in
 * a service; listening on a free port, closed after the test (before the world closes).
 * `config`: given to the probes as the service's (CONFIG), with its metrics and request lines on.
 */
export const startProbes = async (world: TestWorld, definition: ServiceDefinition, config?: PlatformConfig): Promise<Probes> => {
  const background = new BackgroundWork(definition, world.ds, { log: world.log, bus: world.bus, config } as unknown as Infrastructure);
  world.onTeardown(() => background.onApplicationShutdown()); // app.close() runs it first: stopped runners, closed the read DB
  @Module({
    controllers: [HealthController, MetricsController],
    providers: [
      { provide: SERVICE_NAME, useValue: definition.service },
      { provide: EVENT_LOG, useValue: world.log },
      { provide: READ_DB, useValue: world.ds },
      { provide: RUNNERS, useValue: background },
      ...(config ? [{ provide: CONFIG, useValue: config }] : []),
      { provide: APP_FILTER, useClass: ErrorsFilter },
    ],
  })
  class ProbesModule {}
  const app = await createHttpApp(ProbesModule, config ? { observe: { service: definition.service } } : {});
  world.onTeardown(() => app.close());
  await app.listen(0, '127.0.0.1');
  const base = baseUrlOf(app); // Nest ran background's onApplicationBootstrap (a provider): the runners are live
  const get = async (path: string) => {
    const response = await fetch(`${base}${path}`);
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  return { background, base, get };
};
