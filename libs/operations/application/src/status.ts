import { Kafka, logLevel } from 'kafkajs';
import { DataSource } from 'typeorm';
import { groupPartitionOffsets } from '@hw/platform/bus';
import { Checkpoint, InboxEntry, parkedCounts } from '@hw/platform/projections';
import { headOf, eventsAfter, OpsContext, openServiceReadDb, readDbConfigOf, readDbExists } from './context';
import { table, toJson } from './output';

export type RowState = 'ok' | 'behind' | 'stalled' | 'parked' | 'beyond-head' | 'never-run' | 'no-read-db';

export interface StatusRow {
  service: string;
  kind: 'projection' | 'relay' | 'consumer' | 'checkpoint';
  name: string;
  /** Stored checkpoint (projections, relays); null = from the start; undefined = no row / not checkpointed here. */
  checkpoint?: bigint | null;
  /** Events of its streams after the checkpoint (capped at LAG_CAP). */
  behindEvents?: number;
  /** Age of the oldest event it has not processed yet. */
  lagSeconds?: number;
  /** Inbox consumers: when the last event was processed. */
  lastProcessedAt?: string;
  parked: number;
  state: RowState;
}

export interface KafkaLagRow {
  group: string;
  topic: string;
  partition: number;
  committed: string;
  end: string;
  lag: number;
}

export interface StatusReport {
  head: bigint;
  rows: StatusRow[];
  kafka?: KafkaLagRow[];
  kafkaError?: string;
  /** What makes the exit code non-zero. */
  problems: string[];
}

const LAG_CAP = 100_000;
const BAD: RowState[] = ['stalled', 'parked', 'beyond-head'];

export interface StatusOptions {
  /** Pending events older than this make a runner "stalled" (default 60 s). */
  stallSeconds?: number;
}

/**
 * The log's head and, per service, every projection's, relay's and consumer's checkpoint, lag
 * and parked events, read from the service's own read database (so it works while the services
 * run, in another process, on either mode).
 */
export const status = async (ctx: OpsContext, options: StatusOptions = {}): Promise<StatusReport> => {
  const stallSeconds = options.stallSeconds ?? 60;
  const head = await headOf(ctx.infra.log);
  const rows: StatusRow[] = [];
  for (const definition of ctx.definitions) {
    const runners = [
      ...(definition.projections ?? []).map((p) => ({ kind: 'projection' as const, name: p.name, prefixes: p.streamPrefixes })),
      ...(definition.relay
        ? [{ kind: 'relay' as const, name: `relay-${definition.service}`, prefixes: definition.relay.streamPrefixes }]
        : []),
    ];
    const consumers = definition.consumers ?? [];
    if (runners.length === 0 && consumers.length === 0) continue;
    if (!(await readDbExists(readDbConfigOf(ctx.config, definition.service)))) {
      for (const r of runners) rows.push({ service: definition.service, kind: r.kind, name: r.name, parked: 0, state: 'no-read-db' });
      for (const c of consumers) rows.push({ service: definition.service, kind: 'consumer', name: c.name, parked: 0, state: 'no-read-db' });
      continue;
    }
    const db = await openServiceReadDb(ctx.config, definition, true);
    try {
      const stored = new Map((await db.getRepository(Checkpoint).find()).map((c) => [c.name, c]));
      const parked = new Map((await parkedCounts(db)).map((p) => [p.projection, p.parked]));
      const known = new Set<string>();
      for (const runner of runners) {
        known.add(runner.name);
        const checkpoint = stored.get(runner.name);
        const parkedHere = parked.get(runner.name) ?? 0;
        if (!checkpoint) {
          rows.push({ service: definition.service, kind: runner.kind, name: runner.name, parked: parkedHere, state: 'never-run' });
          continue;
        }
        const position = checkpoint.position;
        const lag = await lagOf(ctx, position, runner.prefixes);
        const beyond = position !== null && position > head;
        const state: RowState = beyond
          ? 'beyond-head'
          : parkedHere > 0
            ? 'parked'
            : lag.behindEvents > 0 && lag.lagSeconds > stallSeconds
              ? 'stalled'
              : lag.behindEvents > 0
                ? 'behind'
                : 'ok';
        rows.push({
          service: definition.service,
          kind: runner.kind,
          name: runner.name,
          checkpoint: position,
          ...lag,
          parked: parkedHere,
          state,
        });
      }
      for (const consumer of consumers) {
        known.add(consumer.name);
        const parkedHere = parked.get(consumer.name) ?? 0;
        rows.push({
          service: definition.service,
          kind: 'consumer',
          name: consumer.name,
          lastProcessedAt: await lastProcessed(db, consumer.name),
          parked: parkedHere,
          state: parkedHere > 0 ? 'parked' : 'ok',
        });
      }
      // Checkpoints no definition names (a renamed projection): shown, so a stale one is seen.
      for (const [name, checkpoint] of stored) {
        if (known.has(name)) continue;
        const beyond = checkpoint.position !== null && checkpoint.position > head;
        rows.push({
          service: definition.service,
          kind: 'checkpoint',
          name,
          checkpoint: checkpoint.position,
          parked: parked.get(name) ?? 0,
          state: beyond ? 'beyond-head' : 'ok',
        });
      }
    } finally {
      await db.destroy();
    }
  }
  const report: StatusReport = { head, rows, problems: [] };
  if (ctx.config.BUS === 'kafka') {
    try {
      report.kafka = await kafkaLag(ctx);
    } catch (error) {
      report.kafkaError = (error as Error).name;
    }
    // A consumer with messages waiting that has processed nothing for --stall-seconds has stalled.
    for (const row of rows) {
      if (row.kind !== 'consumer' || row.state === 'parked') continue;
      const lag = (report.kafka ?? [])
        .filter((k) => k.group === `${ctx.config.KAFKA_GROUP_PREFIX}${row.name}`)
        .reduce((sum, k) => sum + k.lag, 0);
      row.behindEvents = lag;
      const idle = row.lastProcessedAt === undefined ? Infinity : (ctx.now().getTime() - Date.parse(row.lastProcessedAt)) / 1000;
      if (lag > 0 && idle > stallSeconds) row.state = 'stalled';
    }
  }
  for (const row of rows) {
    if (!BAD.includes(row.state)) continue;
    report.problems.push(
      row.state === 'beyond-head'
        ? `${row.name}: checkpoint ${row.checkpoint} is beyond the log's head ${head} (read database restored from a newer backup than the log, or the log from an older one)`
        : row.state === 'parked'
          ? `${row.name}: ${row.parked} parked event(s) (retry-parked ${row.name} after a fix)`
          : row.kind === 'consumer'
            ? `${row.name}: ${row.behindEvents} message(s) waiting in Kafka, nothing processed for over ${stallSeconds}s`
            : `${row.name}: ${row.behindEvents} event(s) pending, oldest ${row.lagSeconds}s old`,
    );
  }
  if (report.kafkaError) report.problems.push(`kafka: consumer groups unreadable (${report.kafkaError})`);
  return report;
};

const lagOf = async (
  ctx: OpsContext,
  position: bigint | null,
  prefixes?: string[],
): Promise<{ behindEvents: number; lagSeconds: number }> => {
  let behindEvents = 0;
  let oldest: Date | undefined;
  for await (const event of eventsAfter(ctx.infra.log, position ?? undefined, prefixes)) {
    oldest ??= event.recordedAt;
    if (++behindEvents >= LAG_CAP) break;
  }
  const lagSeconds = oldest ? Math.max(0, Math.round((ctx.now().getTime() - oldest.getTime()) / 1000)) : 0;
  return { behindEvents, lagSeconds };
};

const lastProcessed = async (db: DataSource, consumer: string): Promise<string | undefined> => {
  const row = await db.getRepository(InboxEntry).findOne({ where: { consumer }, order: { processedAt: 'DESC' } });
  return row ? new Date(row.processedAt).toISOString() : undefined;
};

/** Consumer groups' lag per partition (distributed mode): end offset minus the group's committed offset. */
const kafkaLag = async (ctx: OpsContext): Promise<KafkaLagRow[]> => {
  const kafka = new Kafka({ clientId: 'hellowork-ops', brokers: ctx.config.kafkaBrokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const rows: KafkaLagRow[] = [];
    for (const definition of ctx.definitions) {
      for (const consumer of definition.consumers ?? []) {
        const group = `${ctx.config.KAFKA_GROUP_PREFIX}${consumer.name}`;
        for (const { topic, partition, committed, next, end } of await groupPartitionOffsets(admin, group, consumer.topics))
          rows.push({ group, topic, partition, committed, end: end.toString(), lag: Number(end - next) });
      }
    }
    return rows;
  } finally {
    await admin.disconnect();
  }
};

export const renderStatus = (report: StatusReport, json: boolean): string[] => {
  if (json) return [toJson(report)];
  const lines = [`log head: position ${report.head}`, ''];
  lines.push(
    ...table(
      ['SERVICE', 'KIND', 'NAME', 'CHECKPOINT', 'BEHIND', 'LAG', 'PARKED', 'STATE'],
      report.rows.map((r) => [
        r.service,
        r.kind,
        r.name,
        r.checkpoint === undefined
          ? r.lastProcessedAt
            ? `last ${r.lastProcessedAt}`
            : '-'
          : r.checkpoint === null
            ? 'start'
            : String(r.checkpoint),
        r.behindEvents === undefined ? '-' : r.behindEvents >= LAG_CAP ? `≥${LAG_CAP}` : String(r.behindEvents),
        r.lagSeconds === undefined ? '-' : `${r.lagSeconds}s`,
        String(r.parked),
        r.state,
      ]),
    ),
  );
  if (report.kafka) {
    lines.push(
      '',
      ...table(
        ['GROUP', 'TOPIC', 'PARTITION', 'COMMITTED', 'END', 'LAG'],
        report.kafka.map((k) => [k.group, k.topic, String(k.partition), k.committed, k.end, String(k.lag)]),
      ),
    );
  }
  lines.push(
    '',
    report.problems.length === 0 ? 'all healthy' : `${report.problems.length} problem(s):`,
    ...report.problems.map((p) => `  - ${p}`),
  );
  return lines;
};
