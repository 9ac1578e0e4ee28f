/**
 * A relay in its own process, for the crash test: `node -r ./tools/register.js relay-child.ts`
 * with RELAY_CHILD_CONFIG (JSON RelayChildConfig). Prints `relay-started` once subscribed;
 * stops cleanly on SIGTERM; a SIGKILL is the crash under test.
 */
import { Bus, KafkaBus } from '@hw/platform/bus';
import { SqliteEventLog } from '@hw/platform/event-log';
import { openReadDataSource } from '../read-db';
import { PLATFORM_ENTITIES, PLATFORM_MIGRATIONS } from '../platform-tables';
import { Relay } from '../relay';
import { RelayChildConfig, sampleTranslate } from './relay-sample';

const main = async (): Promise<void> => {
  const config = JSON.parse(process.env.RELAY_CHILD_CONFIG ?? '') as RelayChildConfig;
  const log = new SqliteEventLog({ file: config.logFile, pollIntervalMs: 20 });
  const dataSource = await openReadDataSource(config.readDb, PLATFORM_ENTITIES, PLATFORM_MIGRATIONS);
  const kafka = new KafkaBus({ clientId: `relay-child-${process.pid}`, brokers: config.brokers, partitions: 3 });
  await kafka.ensureTopics([config.context]);
  let publishes = 0;
  const bus: Bus = {
    publish: async (topic, events) => {
      await new Promise((resolve) => setTimeout(resolve, config.publishDelayMs));
      await kafka.publish(topic, events);
      publishes += 1;
      if (publishes === config.hangAfterPublishes) {
        process.stdout.write('acknowledged-not-checkpointed\n');
        await new Promise((resolve) => setTimeout(resolve, 600_000));
      }
    },
    subscribe: (options, handler) => kafka.subscribe(options, handler),
    close: () => kafka.close(),
  };
  const relay = new Relay(log, bus, dataSource, {
    name: config.name,
    streamPrefixes: ['seeker-'],
    translate: sampleTranslate(config.context),
    batchSize: config.batchSize,
    backoff: { initialMs: 50, maxMs: 1000 },
  });
  await relay.start();
  process.stdout.write('relay-started\n');
  process.once('SIGTERM', () => {
    void (async () => {
      await relay.stop();
      await bus.close();
      await dataSource.destroy();
      await log.close();
      process.exit(0);
    })();
  });
};

main().catch((error) => {
  process.stderr.write(`relay child failed: ${(error as Error).stack}\n`);
  process.exit(1);
});
