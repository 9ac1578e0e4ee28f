import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { Client } from 'pg';
import { eventStoreConnectionString, kafkaBrokers, markInfra, postgresUrl, tcpReachable } from './infra';

export default async function globalSetup(): Promise<void> {
  const brokers = kafkaBrokers();
  let kafkaUp = await tcpReachable(brokers[0]);
  if (!kafkaUp && process.env.KAFKA_BROKERS === undefined && process.env.HW_TEST_START_KAFKA !== '0') {
    // `npm test` on a fresh clone: start the local broker (fetched from Maven Central once).
    kafkaUp = startLocalKafka();
  }
  markInfra('kafka', kafkaUp, kafkaUp ? 'reachable' : `no Kafka broker at ${brokers.join(',')} (start it: npm run kafka start)`);

  const pg = new Client({ connectionString: postgresUrl(), connectionTimeoutMillis: 2000 });
  try {
    await pg.connect();
    await pg.query('select 1');
    markInfra('postgres', true, 'reachable');
  } catch (error) {
    markInfra('postgres', false, `no PostgreSQL at ${postgresUrl()}: ${(error as Error).message}`);
  } finally {
    await pg.end().catch(() => undefined);
  }

  const esdb = eventStoreConnectionString();
  markInfra('eventstoredb', Boolean(esdb), esdb ? 'connection string given' : 'EVENTSTORE_CONNECTION_STRING is not set');
}

/** Starts deploy/local/kafka.sh; the broker keeps running for later runs (stop: npm run kafka stop). */
const startLocalKafka = (): boolean => {
  try {
    process.stdout.write('\nstarting the local Kafka broker (deploy/local/kafka.sh start)...\n');
    execFileSync('bash', [join(__dirname, '..', '..', '..', '..', 'deploy', 'local', 'kafka.sh'), 'start'], {
      stdio: 'inherit',
      timeout: 300_000,
    });
    return true;
  } catch (error) {
    process.stdout.write(`could not start Kafka: ${(error as Error).message}\n`);
    return false;
  }
};
