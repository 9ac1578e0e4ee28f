import { DynamicModule, Inject, Injectable, Logger, Module, OnApplicationBootstrap, OnApplicationShutdown, Type } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { DataSource, MixedList } from 'typeorm';
import { RecordedEvent } from '@hw/platform/core';
import { IntegrationEvent } from '@hw/platform/bus';
import {
  CheckpointedSubscriber,
  InboxConsumer,
  IntegrationProjection,
  openReadDataSource,
  PLATFORM_ENTITIES,
  PLATFORM_MIGRATIONS,
  Projection,
  ProjectionRunner,
  ReadDbConfig,
  Relay,
  RetryOutcome,
} from '@hw/platform/projections';
import { AuthGuard } from './auth/auth.guard';
import { PlatformConfig, ServiceName } from './config';
import { HealthController } from './health.controller';
import { MetricsController } from './metrics.controller';
import { exportRunnersOnScrape, observeRunners, RunnerSnapshot } from './observation';
import { ErrorsFilter } from './http/errors.filter';
import { Infrastructure } from './infrastructure';
import { BUS, CLOCK, CONFIG, EVENT_LOG, READ_DB, RunnerHealth, RUNNERS, SERVICE_NAME, TOKENS } from './tokens';

/* eslint-disable @typescript-eslint/no-unsafe-function-type */
export interface ServiceDefinition {
  service: ServiceName;
  /** Read-model entities and their migrations (never synchronize). */
  entities?: MixedList<Function>;
  migrations?: MixedList<Function>;
  /** Read models projected from this service's own log streams. */
  projections?: Projection[];
  /** Read models fed by other contexts' integration events (through the inbox). */
  consumers?: IntegrationProjection[];
  /** Publishes this context's integration events from the log to the bus. */
  relay?: { streamPrefixes: string[]; translate: (event: RecordedEvent) => IntegrationEvent | null };
}

/**
 * A context mounted in another context's service process (identity in registration's): its Nest
 * module (routes, providers) and the tables it brings to the host's read database. The host
 * takes mounts as values, so neither context imports the other's application.
 */
export interface ServiceMount {
  module: Type<unknown> | DynamicModule;
  entities?: Function[];
  migrations?: Function[];
  /** Its read models projected from its own streams, run by the host's projection runner. */
  projections?: (infra: Infrastructure) => Projection[];
}
/* eslint-enable @typescript-eslint/no-unsafe-function-type */

const DEFINITION = Symbol('SERVICE_DEFINITION');

/**
 * Starts the service's projections and inbox consumers at bootstrap, and its relay once every
 * service of the process is up (so in-process consumers have joined before anything is
 * published); stops them all on shutdown.
 */
@Injectable()
export class BackgroundWork implements OnApplicationBootstrap, OnApplicationShutdown, RunnerHealth {
  private readonly logger = new Logger('background');
  private readonly running: Array<{ stop(): Promise<void> }> = [];
  private readonly projectionRunners: ProjectionRunner[] = [];
  private readonly consumerRunners: InboxConsumer[] = [];
  private relay: Relay | undefined;
  private stopExporting: (() => void) | undefined;

  constructor(
    @Inject(DEFINITION) private readonly definition: ServiceDefinition,
    @Inject(READ_DB) private readonly dataSource: DataSource,
    @Inject('INFRA') private readonly infra: Infrastructure,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { log, bus } = this.infra;
    for (const projection of this.definition.projections ?? []) {
      const runner = new ProjectionRunner(log, this.dataSource, projection);
      await runner.start();
      this.running.push(runner);
      this.projectionRunners.push(runner);
    }
    for (const consumer of this.definition.consumers ?? []) {
      const runner = new InboxConsumer(bus, this.dataSource, consumer);
      await runner.start();
      this.running.push(runner);
      this.consumerRunners.push(runner);
    }
    this.logger.log(`${this.definition.service}: ${this.running.length} projection(s)/consumer(s) started`);
    this.stopExporting = exportRunnersOnScrape(this.definition.service, () => this.observe(), log);
  }

  /** Checkpoint, lag, parked events and failures of each projection, consumer and the relay (metrics, readiness). */
  async observe(): Promise<RunnerSnapshot[]> {
    return observeRunners(
      {
        projections: this.projectionRunners,
        consumers: this.consumerRunners,
        relay: this.relay ? { runner: this.relay, streamPrefixes: this.definition.relay?.streamPrefixes ?? [] } : undefined,
      },
      this.infra.log,
      this.dataSource,
    );
  }

  /**
   * Projection runners, consumers and the relay retrying a failure (for readiness): transient
   * failures are retried for as long as they last, and the relay never parks (a skipped
   * integration event would be missing for every consumer), so these show here.
   */
  retrying(): Array<{ name: string; failures: number }> {
    return [
      ...this.projectionRunners.map((r) => ({ name: r.name, failures: r.consecutiveFailures })),
      ...this.consumerRunners.map((c) => ({ name: c.projection.name, failures: c.consecutiveFailures })),
      ...(this.relay ? [{ name: this.relay.name, failures: this.relay.consecutiveFailures }] : []),
    ].filter((r) => r.failures > 0);
  }

  /**
   * Applies the parked events of one projection or consumer again, after a fix (for an
   * operator's tool running in the service's process; see ProjectionRunner.retryParked).
   */
  async retryParked(name: string): Promise<RetryOutcome> {
    const runner = [...this.projectionRunners, ...this.consumerRunners].find((r) => r.projection.name === name);
    if (!runner) throw new Error(`no projection or consumer named ${name} in ${this.definition.service}`);
    return runner.retryParked();
  }

  async startRelay(): Promise<void> {
    if (!this.definition.relay) return;
    const { log, bus } = this.infra;
    const relay = new Relay(log, bus, this.dataSource, { name: `relay-${this.definition.service}`, ...this.definition.relay });
    await relay.start();
    this.running.push(relay);
    this.relay = relay;
    this.logger.log(`${this.definition.service}: relay started`);
  }

  /**
   * Resolves once every projection and the relay have handled the log as it is now (on the
   * in-process bus the relay's publish waits for the inbox consumers too); rejects when one is
   * failing, e.g. on text its read database refuses.
   */
  async caughtUp(): Promise<void> {
    for (const runner of this.running) {
      if (!(runner instanceof CheckpointedSubscriber)) continue;
      await runner.caughtUp();
      if (runner.consecutiveFailures > 0) throw new Error(`${runner.name}: ${runner.consecutiveFailures} consecutive failure(s)`);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopExporting?.();
    await Promise.allSettled(this.running.splice(0).map((r) => r.stop()));
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}

/** Where a service's read database is: its SQLite file under DATA_DIR, or its PostgreSQL schema. */
export const serviceReadDb = (config: PlatformConfig, service: ServiceName): ReadDbConfig =>
  config.READ_DB === 'postgres'
    ? { type: 'postgres', url: config.DATABASE_URL as string, schema: `${config.READ_DB_SCHEMA_PREFIX}${service}` }
    : { type: 'sqlite', file: config.readDbFile(service) };

/**
 * Opens a read database as a service opens its own: the platform's tables and the definition's
 * read models (their migrations run, idempotent by name).
 */
export const openReadModels = (db: ReadDbConfig, definition: Pick<ServiceDefinition, 'entities' | 'migrations'>): Promise<DataSource> =>
  openReadDataSource(
    db,
    [...PLATFORM_ENTITIES, ...((definition.entities as []) ?? [])],
    [...PLATFORM_MIGRATIONS, ...((definition.migrations as []) ?? [])],
  );

@Module({})
export class PlatformModule {
  static forService(definition: ServiceDefinition, infra: Infrastructure): DynamicModule {
    const { config } = infra;
    return {
      module: PlatformModule,
      global: true,
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: DEFINITION, useValue: definition },
        { provide: 'INFRA', useValue: infra },
        { provide: SERVICE_NAME, useValue: definition.service },
        { provide: CONFIG, useValue: config },
        { provide: EVENT_LOG, useValue: infra.log },
        { provide: BUS, useValue: infra.bus },
        { provide: CLOCK, useValue: infra.clock },
        { provide: TOKENS, useValue: infra.tokens },
        {
          provide: READ_DB,
          useFactory: () => openReadModels(serviceReadDb(config, definition.service), definition),
        },
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: ErrorsFilter },
        BackgroundWork,
        { provide: RUNNERS, useExisting: BackgroundWork },
      ],
      exports: [SERVICE_NAME, CONFIG, EVENT_LOG, BUS, CLOCK, TOKENS, READ_DB],
    };
  }
}

/**
 * The definition a service module was registered with (its read models, consumers and relay),
 * found in the dynamic module's imports without starting anything: for operator tools that
 * open a service's read database from another process (the ops command line).
 */
export const serviceDefinitionOf = (module: DynamicModule): ServiceDefinition | undefined => {
  for (const imported of module.imports ?? []) {
    const dynamic = imported as DynamicModule;
    if (dynamic?.module === PlatformModule) {
      const provider = (dynamic.providers ?? []).find((p) => typeof p === 'object' && 'provide' in p && p.provide === DEFINITION) as
        { useValue: ServiceDefinition } | undefined;
      if (provider) return provider.useValue;
    }
    if (dynamic && typeof dynamic === 'object' && 'module' in dynamic) {
      const nested = serviceDefinitionOf(dynamic);
      if (nested) return nested;
    }
  }
  return undefined;
};
