import { existsSync } from 'node:fs';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { RecordedEvent } from '@hw/platform/core';
import { EventLog } from '@hw/platform/event-log';
import { Infrastructure, openReadModels, PlatformConfig, ServiceDefinition, ServiceName, serviceReadDb } from '@hw/platform/nest';
import { ReadDbConfig } from '@hw/platform/projections';
import { Output } from './output';

/** What every command works on: the services' configuration, their log and their definitions. */
export interface OpsContext {
  config: PlatformConfig;
  infra: Infrastructure;
  /** Every service's read models, consumers and relay (the app builds them from the service modules). */
  definitions: ServiceDefinition[];
  output: Output;
  now: () => Date;
  /** stderr is a terminal the tool owns: progress as a bar rather than lines. */
  tty?: boolean;
}

/** A service's read database (serviceReadDb), by the name the command line gives. */
export const readDbConfigOf = (config: PlatformConfig, service: string): ReadDbConfig => serviceReadDb(config, service as ServiceName);

/** Whether the service's read database exists yet (the tool never creates one for a service that has not run). */
export const readDbExists = async (db: ReadDbConfig): Promise<boolean> => {
  if (db.type === 'sqlite') return existsSync(db.file);
  const client = new Client({ connectionString: db.url });
  await client.connect();
  try {
    const result = await client.query('SELECT 1 FROM information_schema.tables WHERE table_schema = $1 AND table_name = $2', [
      db.schema,
      'checkpoints',
    ]);
    return (result.rowCount ?? 0) > 0;
  } finally {
    await client.end();
  }
};

/**
 * Opens a service's read database as the service does (its migrations, which are idempotent by
 * name); `platformOnly` opens just the platform tables (checkpoints, inbox, dead letters).
 */
export const openServiceReadDb = async (config: PlatformConfig, definition: ServiceDefinition, platformOnly = false): Promise<DataSource> =>
  openReadModels(readDbConfigOf(config, definition.service), platformOnly ? {} : definition);

/** The log's head: its highest global position (0 when empty). */
export const headOf = async (log: EventLog): Promise<bigint> => {
  const sqlite = log as unknown as { headPosition?: () => bigint };
  if (typeof sqlite.headPosition === 'function') return sqlite.headPosition();
  let head = 0n;
  for (;;) {
    const page = await log.readAll({ after: head, maxCount: 5000 });
    if (page.length === 0) return head;
    head = page[page.length - 1].position;
  }
};

/** Where an event stands in the log and what it is, as text (positions and revisions are bigints): how replays and bundles name it. */
export interface EventPlace {
  position: string;
  streamId: string;
  revision: string;
  id: string;
  type: string;
  schemaVersion: number;
}

export const placeOf = (event: RecordedEvent): EventPlace => ({
  position: event.position.toString(),
  streamId: event.streamId,
  revision: event.revision.toString(),
  id: event.id,
  type: event.type,
  schemaVersion: event.schemaVersion,
});

/** Every event after `after` in the given streams' prefixes, page by page (bounded memory per page). */
export async function* eventsAfter(log: EventLog, after: bigint | undefined, streamPrefixes?: string[]): AsyncGenerator<RecordedEvent> {
  let cursor = after;
  for (;;) {
    const page = await log.readAll({ after: cursor, maxCount: 5000, streamPrefixes });
    if (page.length === 0) return;
    yield* page;
    cursor = page[page.length - 1].position;
  }
}
