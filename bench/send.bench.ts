import 'reflect-metadata';
import Database from 'better-sqlite3';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { Body, Controller, DynamicModule, Headers, HttpCode, Post } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { newId } from '@hw/platform/core';
import {
  Allow,
  AuthGuard,
  baseUrlOf,
  CLOCK,
  createHttpApp,
  CurrentPrincipal,
  ErrorsFilter,
  Infrastructure,
  loadConfig,
  TokenClaims,
  TOKENS,
} from '@hw/platform/nest';
import { MessagingServiceModule, SendMessageDto } from '@hw/messaging/application';
import { seekerReference } from '@hw/matching/contracts';
import { approveBenchRegistration, registerBenchSeekers } from './support/send-world';
import { BenchRow } from './types';

/**
 * Accepted sends end to end — HTTP → the registration's lane: its facts, the seeker's consent,
 * the thread and the day's quota read from the log, decided in order, reservation + message in
 * one atomic multi-stream append (group commit) → reply — on the embedded
 * default (SQLite log WAL + synchronous=FULL, in-process bus, SQLite read model projecting
 * live in the same process), 16 and 64 concurrent keep-alive clients, three cases: spread (one
department, 500 seekers), hot thread (every client to one seeker) and many departments (8
departments and contractors of one registration to 4 seekers). Each send rate is also given as
a ratio to the HTTP floor of the same run; the hot-thread and many-departments cases also
against the spread case.
 * Baseline in the same run, alternating slices: raw better-sqlite3 single-row durable INSERT
 * commits (WAL, FULL), same directory and settings. Each accepted send durably commits two events
 * (reservation + message). The HTTP clients run in a worker thread, not in the server's event loop.
 * Main-thread CPU per accepted send (Linux: /proc) is next to the CPU of one raw durable commit.
 * The HTTP floor (the same stack doing no work) shows how much of a send is the framework's.
 */
const SLICES = 4;
const SLICE_MS = 1500;
/** Concurrent keep-alive clients: a throughput–latency pair at a light and at a heavy load. */
const CONCURRENCY = [16, 64];
const SEEKERS = 500;
const SECRET = 'bench-secret-of-at-least-thirty-two-characters';

/** The HTTP load generator (plain JS, run with `eval` in a worker thread). */
export const CLIENT = `
const { parentPort, workerData } = require('node:worker_threads');
const { performance } = require('node:perf_hooks');
const { clients } = workerData;
const http = require('node:http');
// node:http with keep-alive: about a third of fetch's CPU per request, which the server would otherwise lose on 2 cores.
const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
let n = 0;
// Each case names its targets: seeker references and the tokens of the departments/contractors sending.
const sendOnce = (target, refs, auth) => new Promise((resolve, reject) => {
  const { hostname, port } = new URL(target);
  const i = n++;
  const start = performance.now();
  const body = JSON.stringify({ seekerRef: refs[i % refs.length], kind: 'guidance', body: '求人のご案内です。' });
  const request = http.request({ agent, hostname, port, path: '/messages', method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization: auth, 'idempotency-key': 'k-' + i } }, (response) => {
    response.on('data', () => undefined);
    response.on('end', () => resolve([response.statusCode, performance.now() - start]));
  });
  request.on('error', reject);
  request.end(body);
});
parentPort.on('message', async (message) => {
  const result = { accepted: 0, latencies: [], refused: [] };
  if (message.untilAccepted) {
    for (let tries = 0; (await sendOnce(message.base, message.refs, message.auths[0]))[0] !== 201; tries++) if (tries > 200) { result.refused.push('registration never became active'); break; }
  } else {
    const start = performance.now();
    await Promise.all(Array.from({ length: message.clients }, async (_, c) => {
      const auth = message.auths[c % message.auths.length];
      while (performance.now() - start < message.slice) {
        const [status, ms] = await sendOnce(message.base, message.refs, auth);
        if (status !== 201) { result.refused.push(status); return; }
        result.accepted++;
        result.latencies.push(ms);
      }
    }));
  }
  parentPort.postMessage(result);
});
`;

/**
 * The HTTP floor: the same Nest + Fastify stack, token check (AuthGuard), validated body
 * (SendMessageDto) and error filter as the send route, answering 201 without doing anything.
 * What is left of a send's cost above it is the send itself (R-MSG-5 checks, quota, log).
 */
@Controller()
class FloorController {
  @Post('messages')
  @HttpCode(201)
  @Allow('organisation-user')
  send(@Body() dto: SendMessageDto, @CurrentPrincipal() principal: TokenClaims, @Headers('idempotency-key') key?: string) {
    return { seekerRef: dto.seekerRef, userId: principal.sub, key };
  }
}

const floorModule = (infra: Infrastructure): DynamicModule => ({
  module: class FloorModule {},
  controllers: [FloorController],
  providers: [
    { provide: TOKENS, useValue: infra.tokens },
    { provide: CLOCK, useValue: infra.clock },
    { provide: APP_GUARD, useClass: AuthGuard },
    { provide: APP_FILTER, useClass: ErrorsFilter },
  ],
});

/**
 * CPU time of this process's main thread (ms), from /proc (Linux; undefined elsewhere): what a
 * send costs the event loop, without the client thread's CPU or time spent waiting on fsync.
 */
const mainThreadCpuMs = (): number | undefined => {
  try {
    const fields = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * (1000 / 100); // utime + stime, USER_HZ = 100
  } catch {
    return undefined;
  }
};

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

export async function run(): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'hw-bench-send-'));
  const infra = await Infrastructure.create(loadConfig({ DATA_DIR: dir, AUTH_SECRET: SECRET, LOG_LEVEL: 'error' }));
  const app = await createHttpApp(MessagingServiceModule.register(infra, { DAILY_MESSAGE_LIMIT: '1000000' }));
  await app.listen(0, '127.0.0.1');
  const base = baseUrlOf(app);
  const floor = await createHttpApp(floorModule(infra));
  await floor.listen(0, '127.0.0.1');
  const floorBase = baseUrlOf(floor);
  const raw = new Database(join(dir, 'raw.sqlite'));
  try {
    raw.pragma('journal_mode = WAL');
    raw.pragma('synchronous = FULL');
    raw.exec('CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, k TEXT NOT NULL UNIQUE, data TEXT NOT NULL)');
    const insert = raw.prepare('INSERT INTO t (k, data) VALUES (?, ?)');

    // The registration's facts, in its stream in the log: what the send path reads at send time (R-ORG-1, R-MSG-4).
    const approve = (registrationId: string) => approveBenchRegistration(infra.log, registrationId);
    const seekers = await registerBenchSeekers(infra.log, SEEKERS);
    const token = (registrationId: string, departmentId: string, user: string) =>
      `Bearer ${infra.tokens.sign({ kind: 'organisation-user', sub: user, registrationId, departmentId, organisationKind: 'private-free' }, new Date(), 3600)}`;
    /**
     * spread: one department to 500 seekers; hot thread: every client to ONE seeker (one thread,
     * one day stream); many departments: 8 departments and contractors of one registration to 4 seekers.
     * Each case has its own registration, so no case's day fills another's.
     */
    const cases: Array<{ name: string; refs: string[]; auths: string[] }> = [];
    for (const [name, seekerCount, senders] of [
      ['spread', SEEKERS, 1],
      ['hot thread', 1, 1],
      ['many departments', 4, 8],
    ] as const) {
      const registrationId = `reg-bench-${newId()}`;
      await approve(registrationId);
      cases.push({
        name,
        refs: seekers.slice(0, seekerCount).map((s) => seekerReference(SECRET, registrationId, s)),
        auths: Array.from({ length: senders }, (_, d) => token(registrationId, `d${d}`, `bench-user-${d}`)),
      });
    }
    // The load generator runs in its own thread: HTTP clients parsing responses in the
    // server's event loop would bill the server for the client's CPU. It still shares the
    // machine's cores, hence node:http rather than fetch (undici + web streams cost about 0.35 ms
    // more CPU per request: on 2 cores, the server's throughput).
    const client = new Worker(CLIENT, { eval: true, workerData: { clients: Math.max(...CONCURRENCY) } });
    type Target = { base: string; refs: string[]; auths: string[] };
    const ask = (message: ({ slice: number; clients: number } | { untilAccepted: true }) & Target) =>
      new Promise<{ accepted: number; latencies: number[]; refused: number[] }>((resolve, reject) => {
        client.once('error', reject);
        client.once('message', (result) => {
          client.off('error', reject);
          resolve(result);
        });
        client.postMessage(message);
      });
    try {
      for (const c of cases) await ask({ untilAccepted: true, base, ...c });

      const runs = cases.flatMap((c) =>
        CONCURRENCY.map((clients) => ({
          case: c.name,
          clients,
          base,
          refs: c.refs,
          auths: c.auths,
          accepted: 0,
          seconds: 0,
          cpuMs: 0,
          latencies: [] as number[],
        })),
      );
      const floorRun = {
        case: 'floor',
        clients: Math.max(...CONCURRENCY),
        base: floorBase,
        refs: cases[0].refs,
        auths: cases[0].auths,
        accepted: 0,
        seconds: 0,
        cpuMs: 0,
        latencies: [] as number[],
      };
      let rawRows = 0;
      let rawSeconds = 0;
      let rawCpuMs = 0;
      const sendSlice = async (run: (typeof runs)[number], record: boolean) => {
        const start = performance.now();
        const cpu = mainThreadCpuMs();
        const result = await ask({ slice: SLICE_MS, clients: run.clients, base: run.base, refs: run.refs, auths: run.auths });
        if (record && cpu !== undefined) run.cpuMs += (mainThreadCpuMs() as number) - cpu;
        if (result.refused.length > 0) throw new Error(`send refused: ${result.refused[0]}`);
        if (record) {
          run.accepted += result.accepted;
          for (const ms of result.latencies) run.latencies.push(ms);
          run.seconds += (performance.now() - start) / 1000;
        }
      };
      const rawSlice = () => {
        const start = performance.now();
        const cpu = mainThreadCpuMs();
        let i = 0;
        while (performance.now() - start < SLICE_MS) insert.run(newId(), JSON.stringify({ i: i++, body: '求人のご案内です。' }));
        rawRows += i;
        rawSeconds += (performance.now() - start) / 1000;
        if (cpu !== undefined) rawCpuMs += (mainThreadCpuMs() as number) - cpu;
      };
      await sendSlice(runs[runs.length - 1], false); // warm-up
      for (let s = 0; s < SLICES; s++) {
        for (const run of runs) await sendSlice(run, true);
        await sendSlice(floorRun, true);
        rawSlice();
      }
      const rawRate = rawRows / rawSeconds;
      const rawLatency = 1000 / rawRate;
      const measured = mainThreadCpuMs() !== undefined;
      const floorRows: BenchRow[] = [
        {
          name: `HTTP floor: the same stack answering a validated, authenticated POST without work, ${floorRun.clients} clients`,
          value: floorRun.accepted / floorRun.seconds,
          unit: 'requests/s',
          baseline: 'raw better-sqlite3 single-row INSERT commits (WAL, FULL)',
          baselineValue: rawRate,
        },
        ...(measured
          ? [
              {
                name: 'HTTP floor: main-thread CPU per request',
                value: floorRun.cpuMs / floorRun.accepted,
                unit: 'ms',
                baseline: 'main-thread CPU per raw single-row durable commit',
                baselineValue: rawCpuMs / rawRows,
              },
            ]
          : []),
      ];
      const floorRate = floorRun.accepted / floorRun.seconds;
      const spreadRate = new Map(runs.filter((r) => r.case === 'spread').map((r) => [r.clients, r.accepted / r.seconds]));
      const sendRows = runs.flatMap((run) => {
        run.latencies.sort((a, b) => a - b);
        const label = `${run.case}, ${run.clients} clients`;
        const rate = run.accepted / run.seconds;
        return [
          {
            name: `accepted sends end to end (HTTP → facts, consent, thread, quota → one atomic append → reply), ${label}`,
            value: rate,
            unit: 'sends/s',
            baseline: `HTTP floor, ${floorRun.clients} clients, same run`,
            baselineValue: floorRate,
          },
          ...(run.case !== 'spread'
            ? [
                {
                  name: `accepted sends, ${label}`,
                  value: rate,
                  unit: 'sends/s',
                  baseline: `the spread case, ${run.clients} clients, same run`,
                  baselineValue: spreadRate.get(run.clients) as number,
                },
              ]
            : []),
          {
            name: `send latency p50, ${label}`,
            value: pct(run.latencies, 50),
            unit: 'ms',
            baseline: 'one raw single-row durable commit',
            baselineValue: rawLatency,
          },
          {
            name: `send latency p99, ${label}`,
            value: pct(run.latencies, 99),
            unit: 'ms',
            baseline: 'one raw single-row durable commit',
            baselineValue: rawLatency,
          },
          ...(measured
            ? [
                {
                  name: `main-thread CPU per accepted send, ${label}`,
                  value: run.cpuMs / run.accepted,
                  unit: 'ms',
                  baseline: 'main-thread CPU per raw single-row durable commit',
                  baselineValue: rawCpuMs / rawRows,
                },
              ]
            : []),
        ];
      });
      return [...sendRows, ...floorRows];
    } finally {
      await client.terminate();
    }
  } finally {
    raw.close();
    await floor.close();
    await app.close();
    await infra.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
