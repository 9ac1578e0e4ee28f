import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { OtlpCollector } from '../e2e/support/otlp-collector';
import { CLIENT } from './send.bench';
import { BenchRow } from './types';

/**
 * Issue 14: what observability costs the send path. The same accepted-send workload as
 * send.bench.ts (spread case: one department to 500 seekers, keep-alive clients in a worker
 * thread) against four messaging processes started the way deployments start them, in
 * alternating slices of the same run:
 * - off: no HTTP metrics, the log's append metrics unwrapped, no OpenTelemetry SDK;
 * - metrics: prom-client metrics on (HTTP, sends, quota, log), /metrics scraped every second
 *   (Prometheus' default is 15 s: this is the pessimistic side);
 * - tracing: metrics + the OpenTelemetry Node SDK (HTTP instrumentation, every request sampled,
 *   batch export over OTLP/HTTP to a no-op collector in this process that accepts and discards);
 * - sampled: the same with one request in ten sampled (parentbased_traceidratio 0.1);
 * - all: tracing + one JSON log line per request (pino, to /dev/null).
 * Each figure is given against "off" of the same run: the throughput ratio (goal ≥ 0.90 with
 * tracing, ≥ 0.97 with metrics only), p99 latency and the server process's CPU per send.
 * Every round runs one slice of each mode (the order rotated); each mode's slice is divided by
 * the "off" slice of its round, and the rows give the median of these per-round ratios with
 * their min–max — the machine's load changes between rounds more than within one. CPU per
 * send (the server process's user + system time from /proc, what process.cpuUsage() would
 * report inside it, over its accepted sends) is steadier than throughput on a shared machine:
 * a neighbour taking a core slows the requests, not the work each one costs.
 */
const SLICES = 12;
const SLICE_MS = 1000;
const CLIENTS = 64;
const MODES = ['off', 'metrics', 'tracing', 'sampled', 'all'] as const;
type Mode = (typeof MODES)[number];

/** CPU time (ms) a process has used, from /proc (Linux; undefined elsewhere). */
const cpuMsOf = (pid: number): number | undefined => {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
};

/** Waits until a process used under 3 ms of CPU in 100 ms (idle), at most 5 s. */
const untilIdle = async (pid: number): Promise<void> => {
  for (let waited = 0, before = cpuMsOf(pid); waited < 5000 && before !== undefined; waited += 100) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const now = cpuMsOf(pid);
    if (now === undefined || now - before < 3) return;
    before = now;
  }
};

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

interface Server {
  mode: Mode;
  child: ChildProcess;
  base: string;
  refs: string[];
  auths: string[];
  dir: string;
}

const startServer = (mode: Mode, collectorUrl: string): Promise<Server> => {
  const dir = mkdtempSync(join(tmpdir(), `hw-bench-observe-${mode}-`));
  const tracing: Record<string, string> =
    mode === 'off' || mode === 'metrics' ? {} : { OTEL_EXPORTER_OTLP_ENDPOINT: collectorUrl, OTEL_SERVICE_NAME: 'messaging' };
  // Sampled: one request in ten recorded (its whole trace: parent-based downstream), the usual production setting.
  if (mode === 'sampled') Object.assign(tracing, { OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.1' });
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dir, OBSERVE: mode, ...tracing };
  for (const key of [
    'OTEL_EXPORTER_OTLP_ENDPOINT',
    'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT',
    'OTEL_TRACES_EXPORTER',
    'OTEL_TRACES_SAMPLER',
    'OTEL_TRACES_SAMPLER_ARG',
  ])
    if (!(key in tracing)) delete env[key];
  const child = spawn(process.execPath, ['-r', './tools/register.js', 'bench/support/observed-send-server.ts'], {
    cwd: join(__dirname, '..'),
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.once('exit', (code) => reject(new Error(`${mode} server exited with ${code}`)));
    child.stdout?.on('data', (d) => {
      out += d;
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve({ mode, child, dir, ...(JSON.parse(line) as { base: string; refs: string[]; auths: string[] }) });
    });
  });
};

export async function run(): Promise<BenchRow[]> {
  const collector = new OtlpCollector(false);
  const collectorUrl = await collector.start();
  const servers: Server[] = [];
  const client = new Worker(CLIENT, { eval: true, workerData: { clients: CLIENTS } });
  try {
    for (const mode of MODES) servers.push(await startServer(mode, collectorUrl));
    const ask = (message: Record<string, unknown>) =>
      new Promise<{ accepted: number; latencies: number[]; refused: number[] }>((resolve, reject) => {
        client.once('error', reject);
        client.once('message', (result) => {
          client.off('error', reject);
          resolve(result);
        });
        client.postMessage(message);
      });
    const results = new Map<Mode, { accepted: number; seconds: number; cpuMs: number; latencies: number[] }>(
      MODES.map((m) => [m, { accepted: 0, seconds: 0, cpuMs: 0, latencies: [] }]),
    );
    // Per round, per mode: throughput and CPU per send of its one slice (for the per-round ratios).
    const rounds: Array<Map<Mode, { rate: number; cpuPerSend?: number }>> = [];
    const slice = async (server: Server, record: boolean, round?: Map<Mode, { rate: number; cpuPerSend?: number }>) => {
      // Prometheus scraping while it serves (every second; none for "off", which serves no /metrics).
      const scraper =
        server.mode === 'off'
          ? undefined
          : setInterval(
              () =>
                void fetch(`${server.base}/metrics`).then(
                  (r) => r.text(),
                  () => undefined,
                ),
              1000,
            );
      const cpu = cpuMsOf(server.child.pid as number);
      const start = performance.now();
      const result = await ask({ slice: SLICE_MS, clients: CLIENTS, base: server.base, refs: server.refs, auths: server.auths });
      const seconds = (performance.now() - start) / 1000;
      if (scraper) clearInterval(scraper);
      // The work a slice leaves behind (its read models catching up, spans exported) is its own:
      // wait until the process is idle before the next slice, so it neither slows the next mode
      // nor escapes this one's CPU per send.
      await untilIdle(server.child.pid as number);
      if (result.refused.length > 0) throw new Error(`${server.mode}: send refused: ${result.refused[0]}`);
      if (!record) return;
      const r = results.get(server.mode)!;
      r.accepted += result.accepted;
      r.seconds += seconds;
      const after = cpuMsOf(server.child.pid as number);
      if (cpu !== undefined && after !== undefined) r.cpuMs += after - cpu;
      for (const ms of result.latencies) r.latencies.push(ms);
      round?.set(server.mode, {
        rate: result.accepted / seconds,
        cpuPerSend: cpu !== undefined && after !== undefined && result.accepted > 0 ? (after - cpu) / result.accepted : undefined,
      });
    };
    for (const server of servers) {
      await ask({ untilAccepted: true, base: server.base, refs: server.refs, auths: server.auths });
      await slice(server, false); // warm-up
    }
    for (let s = 0; s < SLICES; s++) {
      // Rotate the order each round, reversed every other round, so no mode always follows another.
      const round = new Map<Mode, { rate: number; cpuPerSend?: number }>();
      rounds.push(round);
      const order = servers.map((_, i) => servers[(i + s) % servers.length]);
      if (s % 2 === 1) order.reverse();
      for (const server of order) await slice(server, true, round);
    }
    if (collector.requests === 0) throw new Error('the traced servers exported no spans: tracing was not on');
    const off = results.get('off')!;
    const offRate = off.accepted / off.seconds;
    off.latencies.sort((a, b) => a - b);
    const label: Record<Mode, string> = {
      off: 'observability off',
      metrics: 'metrics only (scraped every 1 s)',
      tracing: 'metrics + tracing (sampler parentbased_always_on, the default: every request; OTLP to a no-op collector)',
      sampled: 'metrics + tracing (sampler parentbased_traceidratio 0.1: 1 request in 10)',
      all: 'metrics + tracing + a JSON log line per request',
    };
    const rows: BenchRow[] = [];
    for (const mode of MODES.filter((m) => m !== 'off')) {
      const r = results.get(mode)!;
      r.latencies.sort((a, b) => a - b);
      rows.push(
        {
          name: `accepted sends, ${label[mode]}, ${CLIENTS} clients`,
          value: r.accepted / r.seconds,
          unit: 'sends/s',
          baseline: `${label.off}, same run`,
          baselineValue: offRate,
        },
        {
          name: `send latency p99, ${label[mode]}`,
          value: pct(r.latencies, 99),
          unit: 'ms',
          baseline: `${label.off}, same run`,
          baselineValue: pct(off.latencies, 99),
        },
      );
      // Per-round ratios to the same round's "off" slice: median (min–max).
      const spread = (ratios: number[]) => {
        const sorted = [...ratios].sort((a, b) => a - b);
        const median =
          sorted.length % 2 === 1 ? sorted[(sorted.length - 1) / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
        return { median, range: `${sorted[0].toFixed(2)}–${sorted[sorted.length - 1].toFixed(2)}` };
      };
      const rates = spread(rounds.map((round) => round.get(mode)!.rate / round.get('off')!.rate));
      rows.push({
        name: `throughput ÷ off per round, median of ${rounds.length} (min–max ${rates.range}), ${label[mode]}`,
        value: rates.median,
        unit: '×',
        baseline: 'off in the same round',
        baselineValue: 1,
      });
      const cpuRatios = rounds
        .map((round) => [round.get(mode)!.cpuPerSend, round.get('off')!.cpuPerSend])
        .filter((pair): pair is [number, number] => pair[0] !== undefined && pair[1] !== undefined && pair[1] > 0)
        .map(([on, base]) => on / base);
      if (cpuRatios.length > 0) {
        const cpus = spread(cpuRatios);
        rows.push({
          name: `server CPU per send ÷ off per round, median of ${cpuRatios.length} (min–max ${cpus.range}), ${label[mode]}`,
          value: cpus.median,
          unit: '×',
          baseline: 'off in the same round',
          baselineValue: 1,
        });
      }
      if (r.cpuMs > 0 && off.cpuMs > 0)
        rows.push({
          name: `server CPU per accepted send, ${label[mode]}`,
          value: r.cpuMs / r.accepted,
          unit: 'ms',
          baseline: `${label.off}, same run`,
          baselineValue: off.cpuMs / off.accepted,
        });
    }
    return rows;
  } finally {
    await client.terminate();
    for (const server of servers) {
      server.child.removeAllListeners('exit');
      const exited = new Promise((resolve) => server.child.once('exit', resolve));
      server.child.kill('SIGTERM');
      await exited;
      rmSync(server.dir, { recursive: true, force: true });
    }
    await collector.stop();
  }
}
