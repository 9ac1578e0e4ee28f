import { Logger } from '@nestjs/common';
import { Clock, ShiftedClock, systemClock } from '@hw/platform/core';
import { EsdbEventLog, EventLog, platformClock, SqliteEventLog, withWallTime } from '@hw/platform/event-log';
import { Bus, BusLogger, InProcessBus, KafkaBus } from '@hw/platform/bus';
import { instrumentEventLog } from '@hw/platform/observability';
import { TokenService } from './auth/tokens';
import { PlatformConfig } from './config';
import { exportBusLagOnScrape } from './observation';

/**
 * What services of one process share: the event log connection, the bus, the clock and
 * the token verifier. The embedded launcher builds one for all seven services (so the
 * in-process bus connects them); a distributed app builds its own.
 */
export class Infrastructure {
  private constructor(
    readonly config: PlatformConfig,
    readonly log: EventLog,
    readonly bus: Bus,
    readonly clock: Clock,
    readonly tokens: TokenService,
  ) {}

  /**
   * `clock` (tests) wins; otherwise CLOCK_START (refused in production by loadConfig) makes the
   * rehearsal clock every process of the deployment shares, and the log then records the wall
   * time of every event beside the platform's; otherwise the wall clock.
   */
  static async create(config: PlatformConfig, clock?: Clock): Promise<Infrastructure> {
    const logger = new Logger('platform');
    const stored = await createEventLog(config);
    const start = config.clockStart;
    const platform = clock ?? (start ? await platformClock(stored, start) : systemClock);
    const timed = platform instanceof ShiftedClock ? withWallTime(stored, { now: () => platform.wallNow() }) : stored;
    const log = instrumentEventLog(timed); // append metrics, trace context into metadata
    const bus = createBus(config);
    exportBusLagOnScrape(bus); // metrics: the in-process bus's consumer lag
    logger.log(`event log: ${config.EVENT_LOG}, bus: ${config.BUS}, read models: ${config.READ_DB}`);
    if (platform instanceof ShiftedClock) {
      // Loud on purpose: nobody should mistake a rehearsal's time for the real one.
      const line = '!'.repeat(78);
      for (const text of [
        line,
        `REHEARSAL CLOCK (DEPLOYMENT=${config.DEPLOYMENT}): CLOCK_START=${config.CLOCK_START}`,
        `platform time is now ${platform.now().toISOString()} — wall time ${platform.wallNow().toISOString()}`,
        `(set at wall time ${platform.wallAt.toISOString()}; every event records both, metadata.wallClockAt)`,
        line,
      ])
        logger.warn(text);
    }
    return new Infrastructure(config, log, bus, platform, new TokenService(config.AUTH_SECRET));
  }

  async close(): Promise<void> {
    await this.bus.close();
    await this.log.close();
  }
}

const createEventLog = async (config: PlatformConfig): Promise<EventLog> => {
  switch (config.EVENT_LOG) {
    case 'sqlite':
      return new SqliteEventLog({ file: config.eventLogFile, pollIntervalMs: config.POLL_INTERVAL_MS });
    case 'eventstoredb':
      return new EsdbEventLog({ connectionString: config.EVENTSTORE_CONNECTION_STRING as string });
  }
};

/** The Kafka adapter's lines through Nest's Logger (so the process's JSON logger); fields are plumbing only. */
const busLogger: BusLogger = (level, message, fields) => {
  const logger = new Logger('bus');
  const line = Object.keys(fields).length > 0 ? `${message} ${JSON.stringify(fields)}` : message;
  if (level === 'error') logger.error(line);
  else if (level === 'warn') logger.warn(line);
  else if (level === 'debug') logger.debug(line);
  else logger.log(line);
};

const createBus = (config: PlatformConfig): Bus => {
  switch (config.BUS) {
    case 'in-process':
      // Acknowledged once consumed: the relay's checkpoint never passes an unhandled event (embedded crash safety).
      return new InProcessBus({ acknowledge: 'consumed' });
    case 'kafka':
      return new KafkaBus({
        clientId: 'hellowork',
        brokers: config.kafkaBrokers,
        groupIdPrefix: config.KAFKA_GROUP_PREFIX,
        logger: busLogger,
      });
  }
};
