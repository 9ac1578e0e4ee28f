import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Column, DataSource, Entity, EntityManager, MigrationInterface, PrimaryColumn, QueryRunner, Table } from 'typeorm';
import { InProcessBus } from '@hw/platform/bus';
import { DomainError, newId, RecordedEvent } from '@hw/platform/core';
import { SqliteEventLog } from '@hw/platform/event-log';
import {
  openReadDataSource,
  parkedCounts,
  PLATFORM_ENTITIES,
  PLATFORM_MIGRATIONS,
  Projection,
  ReadDbConfig,
} from '@hw/platform/projections';
import { describeWith, dropSchema, eventually, postgresUrl, uniqueSchema } from '@hw/platform/testing';
import { baseUrlOf, createHttpApp } from './bootstrap';
import { HealthController } from './health.controller';
import { ErrorsFilter } from './http/errors.filter';
import { Infrastructure } from './infrastructure';
import { BackgroundWork, ServiceDefinition } from './platform.module';
import { EVENT_LOG, READ_DB, RUNNERS, SERVICE_NAME } from './tokens';

@Entity({ name: 'health_notes' })
class HealthNote {
  @PrimaryColumn({ type: 'varchar', length: 300, name: 'stream_id' })
  streamId!: string;

  @Column({ type: 'text' })
  note!: string;
}

class HealthNotes1764000000010 implements MigrationInterface {
  name = 'HealthNotes1764000000010';
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'health_notes',
        columns: [
          { name: 'stream_id', type: 'varchar', length: '300', isPrimary: true },
          { name: 'note', type: 'text' },
        ],
      }),
      true,
    );
  }
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('health_notes', true);
  }
}

const NUL = '\u0000';

const backends: Array<{
  name: string;
  needs: Array<'postgres'>;
  config: (dir: string) => ReadDbConfig;
  cleanup: (config: ReadDbConfig) => Promise<void>;
}> = [
  { name: 'SQLite', needs: [], config: (dir) => ({ type: 'sqlite', file: join(dir, 'read.sqlite') }), cleanup: async () => undefined },
  {
    name: 'PostgreSQL',
    needs: ['postgres'],
    config: () => ({ type: 'postgres', url: postgresUrl(), schema: uniqueSchema('health') }),
    cleanup: (config) => dropSchema((config as { schema: string }).schema),
  },
];

for (const backend of backends) {
  describeWith(backend.needs, `GET /health, /health/ready — ${backend.name} read model (issue 8)`, () => {
    let dir: string;
    let config: ReadDbConfig;
    let log: SqliteEventLog;
    let bus: InProcessBus;
    let ds: DataSource;
    let background: BackgroundWork;
    let app: NestFastifyApplication;
    let base: string;
    /** The "bug": refuses a note (SQLite) or writes U+0000 into a text column PostgreSQL refuses; false after the fix. */
    let buggy: boolean;
    let transient: boolean;
    let relayBroken: boolean;
    let consumerBroken: boolean;

    const notes: Projection = {
      name: 'health-notes',
      streamPrefixes: ['note-'],
      tables: ['health_notes'],
      async apply(event: RecordedEvent, tx: EntityManager) {
        const { note } = event.data as { note: string };
        if (transient) throw Object.assign(new Error('database is locked'), { name: 'SqliteError', code: 'SQLITE_BUSY' });
        if (buggy && backend.name === 'SQLite' && note.includes(NUL)) throw new DomainError('NOTE_REFUSED', 'refused', 'R-TEST-1');
        await tx.getRepository(HealthNote).insert({ streamId: event.streamId, note: buggy ? note : note.replace(NUL, '') });
      },
    };

    const get = async (path: string) => {
      const response = await fetch(`${base}${path}`);
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    const append = (stream: string, note: string) =>
      log.append(
        stream,
        [
          {
            id: newId(),
            type: 'NoteWritten',
            schemaVersion: 1,
            data: { note },
            metadata: { correlationId: newId(), principal: { kind: 'system', id: 't' }, occurredAt: new Date().toISOString() },
          },
        ],
        'no_stream',
      );
    const stored = async () => (await ds.getRepository(HealthNote).find()).map((n) => n.streamId).sort();

    beforeEach(async () => {
      buggy = true;
      transient = false;
      relayBroken = false;
      consumerBroken = false;
      dir = mkdtempSync(join(tmpdir(), 'hw-health-'));
      config = backend.config(dir);
      log = new SqliteEventLog({ file: join(dir, 'log.sqlite'), pollIntervalMs: 10 });
      bus = new InProcessBus();
      ds = await openReadDataSource(config, [...PLATFORM_ENTITIES, HealthNote], [...PLATFORM_MIGRATIONS, HealthNotes1764000000010]);
      const definition: ServiceDefinition = {
        service: 'messaging',
        projections: [notes],
        consumers: [
          {
            name: 'health-consumer',
            topics: ['health-notes'],
            async handle() {
              if (consumerBroken) throw Object.assign(new Error('Connection terminated unexpectedly'), { code: 'ECONNRESET' });
            },
          },
        ],
        relay: {
          streamPrefixes: ['note-'],
          translate: () => {
            if (relayBroken) throw new TypeError('translation failed');
            return null;
          },
        },
      };
      background = new BackgroundWork(definition, ds, { log, bus } as unknown as Infrastructure);
      @Module({
        controllers: [HealthController],
        providers: [
          { provide: SERVICE_NAME, useValue: 'messaging' },
          { provide: EVENT_LOG, useValue: log },
          { provide: READ_DB, useValue: ds },
          { provide: RUNNERS, useValue: background },
          { provide: APP_FILTER, useClass: ErrorsFilter },
        ],
      })
      class HealthTestModule {}
      app = await createHttpApp(HealthTestModule);
      await app.listen(0, '127.0.0.1');
      base = baseUrlOf(app); // Nest ran background's onApplicationBootstrap (a provider): the runner is live
    });

    afterEach(async () => {
      await app?.close();
      await background.onApplicationShutdown(); // already run by app.close(): stopped runners, closed the read DB
      await bus.close();
      await log.close();
      await backend.cleanup(config);
      rmSync(dir, { recursive: true, force: true });
    });

    it('issue 8: given a projection that cannot apply an event, then /health stays 200 but degraded and /health/ready is 503 naming the projection and its parked count; after the fix retryParked applies it and both are ok again', async () => {
      const ok = { status: 'ok', service: 'messaging', eventLog: 'ok', readDb: 'ok' };
      expect(await get('/health')).toEqual({ status: 200, body: ok });
      expect(await get('/health/ready')).toEqual({ status: 200, body: ok });

      const [poisoned, later] = [`note-${newId()}`, `note-${newId()}`];
      await append(poisoned, `山田${NUL}花子`);
      await append(later, '佐藤');
      await eventually(async () => expect(await stored()).toEqual([later])); // the later stream is projected

      const details = { ...ok, projections: [{ name: 'health-notes', parked: 1 }] };
      await eventually(async () => expect(await get('/health')).toEqual({ status: 200, body: { ...details, status: 'degraded' } }));
      const ready = await get('/health/ready');
      expect(ready).toEqual({ status: 503, body: { statusCode: 503, code: 'NOT_READY', ...details, status: 'not-ready' } });
      expect(JSON.stringify(ready.body)).not.toContain('山田');

      buggy = false; // the fix
      expect(await background.retryParked('health-notes')).toEqual({ applied: 1, stillParked: 0 });
      expect(await stored()).toEqual([later, poisoned].sort());
      expect(await get('/health')).toEqual({ status: 200, body: ok });
      expect(await get('/health/ready')).toEqual({ status: 200, body: ok });
    });

    it('issue 8: given a runner retrying a transient error, then /health is degraded with its failures, and /health/ready is 503 once it failed 5 times in a row; ok again when it recovers', async () => {
      transient = true;
      await append(`note-${newId()}`, 'ok');
      await eventually(async () => {
        const ready = await get('/health/ready');
        expect(ready.status).toBe(503);
        expect(ready.body).toMatchObject({
          code: 'NOT_READY',
          status: 'not-ready',
          retrying: [{ name: 'health-notes', failures: expect.any(Number) }],
        });
        expect((ready.body.retrying as Array<{ failures: number }>)[0].failures).toBeGreaterThanOrEqual(5);
      });
      expect((await get('/health')).body).toMatchObject({ status: 'degraded', retrying: [{ name: 'health-notes' }] });
      expect((await get('/health')).status).toBe(200);
      transient = false;
      await eventually(
        async () =>
          expect(await get('/health/ready')).toEqual({
            status: 200,
            body: { status: 'ok', service: 'messaging', eventLog: 'ok', readDb: 'ok' },
          }),
        60_000,
      );
      expect(await stored()).toHaveLength(1);
    });

    it('issue 8: given an inbox consumer retrying a lost connection, then /health/ready is 503 naming it once an event failed 5 times, and ok again when it recovers', async () => {
      consumerBroken = true;
      await bus.publish('health-notes', [
        { id: newId(), type: 'health.NoteWritten.v1', key: `note-${newId()}`, occurredAt: new Date().toISOString(), data: {} },
      ]);
      await eventually(async () => {
        const ready = await get('/health/ready');
        expect(ready).toMatchObject({ status: 503, body: { code: 'NOT_READY', retrying: [{ name: 'health-consumer' }] } });
        expect((ready.body.retrying as Array<{ failures: number }>)[0].failures).toBeGreaterThanOrEqual(5);
      });
      consumerBroken = false;
      await eventually(
        async () =>
          expect(await get('/health/ready')).toEqual({
            status: 200,
            body: { status: 'ok', service: 'messaging', eventLog: 'ok', readDb: 'ok' },
          }),
        60_000,
      );
      expect(await parkedCounts(ds)).toEqual([]); // transient: retried, never parked
    });

    it('issue 8: given a relay that keeps failing (it never parks: consumers would miss the event), then /health/ready is 503 naming it once it failed 5 times in a row, and ok again when it recovers', async () => {
      relayBroken = true;
      await background.startRelay();
      await append(`note-${newId()}`, 'ok');
      await eventually(async () => {
        const ready = await get('/health/ready');
        expect(ready).toMatchObject({ status: 503, body: { code: 'NOT_READY', retrying: [{ name: 'relay-messaging' }] } });
        expect((ready.body.retrying as Array<{ failures: number }>)[0].failures).toBeGreaterThanOrEqual(5);
      });
      relayBroken = false;
      await eventually(
        async () =>
          expect(await get('/health/ready')).toEqual({
            status: 200,
            body: { status: 'ok', service: 'messaging', eventLog: 'ok', readDb: 'ok' },
          }),
        60_000,
      );
    });
  });
}
