import { DataSource } from 'typeorm';
import { Bus } from '@hw/platform/bus';
import { EventLog } from '@hw/platform/event-log';
import { InboxConsumer, parkedCounts, ProjectionRunner, Relay } from '@hw/platform/projections';
import {
  busConsumerLag,
  logHead,
  onScrape,
  runnerFailures,
  runnerLagEvents,
  runnerLagSeconds,
  runnerParked,
  runnerPosition,
} from '@hw/platform/observability';

/** Lag is counted up to this many events (a scrape reads at most this many rows per runner). */
export const LAG_COUNT_CAP = 5000;

export interface RunnerSnapshot {
  kind: 'projection' | 'relay' | 'consumer';
  name: string;
  /** Stored checkpoint (projections and the relay); null: nothing handled yet. */
  position?: bigint | null;
  /** Events of its streams after the checkpoint, up to LAG_COUNT_CAP. */
  lagEvents?: number;
  /** Age in seconds of the oldest of them (0 when caught up). */
  lagSeconds?: number;
  parked: number;
  failures: number;
}

export interface ObservedRunners {
  projections: ProjectionRunner[];
  consumers: InboxConsumer[];
  relay?: { runner: Relay; streamPrefixes: string[] };
}

/** The log's head position where the adapter can say it cheaply (SQLite: MAX(position); KurrentDB: the last event of $all). */
export const headOf = async (log: EventLog): Promise<bigint | undefined> => {
  const adapter = log as unknown as { headPosition?: () => bigint; head?: () => Promise<bigint> };
  if (typeof adapter.headPosition === 'function') return adapter.headPosition();
  if (typeof adapter.head === 'function') return adapter.head();
  return undefined;
};

const lagOf = async (
  log: EventLog,
  position: bigint | null | undefined,
  streamPrefixes: string[] | undefined,
  nowMs: number,
): Promise<{ lagEvents: number; lagSeconds: number }> => {
  const pending = await log.readAll({ after: position ?? undefined, streamPrefixes, maxCount: LAG_COUNT_CAP });
  const oldest = pending[0]?.recordedAt;
  return { lagEvents: pending.length, lagSeconds: oldest ? Math.max(0, (nowMs - oldest.getTime()) / 1000) : 0 };
};

/**
 * Every projection's, relay's and inbox consumer's state as operators read it: checkpoint,
 * lag in events and seconds, parked events and failures in a row. Inbox consumers have no log
 * position: their lag is the bus's (hw_bus_consumer_lag_events, hw_consumer_delay_seconds).
 */
export const observeRunners = async (runners: ObservedRunners, log: EventLog, dataSource: DataSource): Promise<RunnerSnapshot[]> => {
  const parked = new Map((await parkedCounts(dataSource)).map((p) => [p.projection, p.parked]));
  const now = Date.now(); // wall time, as the log's recordedAt is
  const snapshots: RunnerSnapshot[] = [];
  const checkpointed: Array<{ kind: 'projection' | 'relay'; runner: ProjectionRunner | Relay; prefixes?: string[] }> = [
    ...runners.projections.map((runner) => ({ kind: 'projection' as const, runner, prefixes: runner.projection.streamPrefixes })),
    ...(runners.relay ? [{ kind: 'relay' as const, runner: runners.relay.runner, prefixes: runners.relay.streamPrefixes }] : []),
  ];
  for (const { kind, runner, prefixes } of checkpointed) {
    const position = (await runner.checkpoint()) ?? null;
    snapshots.push({
      kind,
      name: runner.name,
      position,
      ...(await lagOf(log, position, prefixes, now)),
      parked: parked.get(runner.name) ?? 0,
      failures: runner.consecutiveFailures,
    });
  }
  for (const consumer of runners.consumers) {
    const name = consumer.projection.name;
    snapshots.push({ kind: 'consumer', name, parked: parked.get(name) ?? 0, failures: consumer.consecutiveFailures });
  }
  return snapshots;
};

/** Sets the runner gauges of one service from a snapshot. */
export const exportSnapshots = (service: string, snapshots: RunnerSnapshot[]): void => {
  for (const s of snapshots) {
    const labels = { service, kind: s.kind, name: s.name };
    if (s.position !== undefined) runnerPosition.set(labels, s.position === null ? 0 : Number(s.position));
    if (s.lagEvents !== undefined) runnerLagEvents.set(labels, s.lagEvents);
    if (s.lagSeconds !== undefined) runnerLagSeconds.set(labels, s.lagSeconds);
    runnerParked.set(labels, s.parked);
    runnerFailures.set(labels, s.failures);
  }
};

/** Refreshes a service's runner gauges and the log head before each scrape; returns the removal. */
export const exportRunnersOnScrape = (service: string, snapshot: () => Promise<RunnerSnapshot[]>, log: EventLog): (() => void) =>
  onScrape(async () => {
    const head = await headOf(log);
    if (head !== undefined) logHead.set(Number(head));
    exportSnapshots(service, await snapshot());
  });

/** The in-process bus's consumer lag per group and partition, before each scrape (Kafka's comes from its consumers). */
export const exportBusLagOnScrape = (bus: Bus): (() => void) | undefined => {
  const lagOf = (bus as Bus & { consumerLag?: () => Array<{ group: string; topic: string; partition: number; lag: number }> }).consumerLag;
  if (typeof lagOf !== 'function') return undefined;
  return onScrape(async () => {
    for (const { group, topic, partition, lag } of lagOf.call(bus))
      busConsumerLag.set({ bus: 'in-process', group, topic, partition: String(partition) }, lag);
  });
};

/** Whether the bus answers (distributed mode: the Kafka cluster); true for a bus without a probe. */
export const busAnswers = async (bus: Bus, timeoutMs = 2_000): Promise<boolean> => {
  const probe = (bus as Bus & { ping?: () => Promise<void> }).ping;
  if (typeof probe !== 'function') return true;
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([probe.call(bus), new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('timeout')), timeoutMs)))]);
    return true;
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
};
