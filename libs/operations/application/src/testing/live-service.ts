import 'reflect-metadata';
import { createServer } from 'node:http';
import { SqliteEventLog } from '@hw/platform/event-log';
import { openReadModels } from '@hw/platform/nest';
import { Checkpoint, ProjectionRunner, ReadDbConfig } from '@hw/platform/projections';
import { countsDefinition, countsProjection, OpsTestLast } from './fixtures';

/**
 * A live service for the promote test, in its own process as a service runs: the counts
 * projection's runner on its read database, and `GET /counts` answering from its own
 * connection, opened before any rebuild — so a test sees what a running service serves while
 * the operator rebuilds and promotes.
 */
const main = async () => {
  const env = process.env;
  const db: ReadDbConfig =
    env.LIVE_READ_DB === 'postgres'
      ? { type: 'postgres', url: env.DATABASE_URL as string, schema: env.LIVE_SCHEMA as string }
      : { type: 'sqlite', file: env.LIVE_READ_FILE as string };
  const log = new SqliteEventLog({ file: env.LIVE_LOG_FILE as string });
  const dataSource = await openReadModels(db, countsDefinition());
  const quiet = {
    log: () => undefined,
    warn: (m: string) => process.stderr.write(`${m}\n`),
    error: (m: string) => process.stderr.write(`${m}\n`),
  };
  const runner = new ProjectionRunner(log, dataSource, countsProjection, {
    logger: quiet,
    minBatchIntervalMs: 250,
    backoff: { initialMs: 10, maxMs: 50 },
  });
  await runner.start();
  const server = createServer((request, response) => {
    void (async () => {
      try {
        const checkpoint = await dataSource.getRepository(Checkpoint).findOneBy({ name: countsProjection.name });
        const counts = (await dataSource.query('SELECT stream_id, n, total FROM ops_test_counts ORDER BY stream_id')) as unknown[];
        const last = await dataSource.getRepository(OpsTestLast).find({ order: { streamId: 'ASC' } });
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(
          JSON.stringify({ checkpoint: checkpoint?.position?.toString() ?? null, counts, last, head: log.headPosition().toString() }),
        );
      } catch (error) {
        response.writeHead(500);
        response.end(String((error as Error).name));
      }
    })();
    void request;
  });
  server.listen(Number(env.LIVE_PORT), '127.0.0.1', () => process.stdout.write('listening\n'));
  process.on('SIGTERM', () => {
    server.close();
    void runner.stop().then(async () => {
      await dataSource.destroy();
      await log.close();
      process.exit(0);
    });
  });
};

void main();
