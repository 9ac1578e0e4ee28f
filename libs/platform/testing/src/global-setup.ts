import { Socket } from 'node:net';
import { Client } from 'pg';
import { eventStoreConnectionString, kafkaBrokers, markInfra, postgresUrl } from './infra';

const tcpReachable = (hostPort: string, timeoutMs = 1500): Promise<boolean> =>
  new Promise((resolve) => {
    const [host, port] = hostPort.split(':');
    const socket = new Socket();
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.connect(Number(port), host, () => done(true));
  });

export default async function globalSetup(): Promise<void> {
  const brokers = kafkaBrokers();
  const kafkaUp = await tcpReachable(brokers[0]);
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
