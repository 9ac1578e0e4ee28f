import { DomainError, newId, RecordedEvent } from '@hw/platform/core';
import { Projection } from '@hw/platform/projections';
import { eachTestWorld, noteEvent, sqliteReadDb } from '@hw/platform/projections/testing';
import { eventually } from '@hw/platform/testing';
import { loadConfig } from './config';
import { startProbes } from './testing/probes';

/**
 * Issue 14: what an operator's probes and scrapes say about the projections — parked events
 * and lag behind the log's head in /metrics, readiness false while a projection is parked or
 * further behind than READY_MAX_LAG_EVENTS — and /metrics closed without its token.
 */
describe('readiness and runner metrics (issue 14)', () => {
  const world = eachTestWorld(sqliteReadDb, 'observe');
  let base: string;
  let ready: () => Promise<{ status: number; body: Record<string, unknown> }>;
  /** Events the projection refuses (parked after its attempts). */
  let refused: Set<string>;
  /** While set, the projection waits on it: it falls behind the head. */
  let gate: Promise<void> | undefined;

  const notes: Projection = {
    name: 'obs-notes',
    streamPrefixes: ['obsnote-'],
    tables: [],
    async apply(event: RecordedEvent) {
      if (gate) await gate;
      if (refused.has(event.streamId)) throw new DomainError('NOTE_REFUSED', 'refused', 'R-TEST-1');
    },
  };

  const start = async (env: Record<string, string> = {}) => {
    const config = loadConfig({ DATA_DIR: world.dir, READY_MAX_LAG_EVENTS: '2', ...env });
    const probes = await startProbes(world, { service: 'messaging', projections: [notes] }, config);
    base = probes.base;
    ready = () => probes.get('/health/ready');
  };
  const append = (stream: string) => world.log.append(stream, [noteEvent(0)], 'no_stream');
  const metric = async (series: string, headers: Record<string, string> = {}): Promise<number | undefined> => {
    const response = await fetch(`${base}/metrics`, { headers });
    expect(response.status).toBe(200);
    const line = (await response.text()).split('\n').find((l) => l.startsWith(`${series} `));
    return line === undefined ? undefined : Number(line.slice(series.length + 1));
  };
  const labels = '{service="messaging",kind="projection",name="obs-notes"}';

  beforeEach(() => {
    refused = new Set();
    gate = undefined;
  });

  it('issue 14: a parked event shows in hw_runner_parked_events and turns /health/ready false (503 NOT_READY); the projection reaches the head (lag 0)', async () => {
    await start();
    expect((await ready()).status).toBe(200);
    const poisoned = `obsnote-${newId()}`;
    refused.add(poisoned);
    await append(poisoned);
    await append(`obsnote-${newId()}`);
    await eventually(async () => expect(await metric(`hw_runner_parked_events${labels}`)).toBe(1));
    expect(await metric(`hw_runner_lag_events${labels}`)).toBe(0);
    expect(await metric('hw_event_log_head_position')).toBe(2);
    expect(await metric(`hw_runner_position${labels}`)).toBe(2);
    const answer = await ready();
    expect(answer.status).toBe(503);
    expect(answer.body).toMatchObject({ code: 'NOT_READY', status: 'not-ready', projections: [{ name: 'obs-notes', parked: 1 }] });
  });

  it('issue 14: a projection further behind the head than READY_MAX_LAG_EVENTS shows its lag (events, seconds) and is not ready; ready again once it caught up', async () => {
    await start();
    let release: () => void = () => undefined;
    gate = new Promise<void>((resolve) => (release = resolve));
    for (let i = 0; i < 3; i++) await append(`obsnote-${newId()}`);
    await eventually(async () => expect(await metric(`hw_runner_lag_events${labels}`)).toBe(3));
    expect(await metric(`hw_runner_lag_seconds${labels}`)).toBeGreaterThanOrEqual(0);
    const behind = await ready();
    expect(behind.status).toBe(503);
    expect(behind.body).toMatchObject({ code: 'NOT_READY', lagging: [{ name: 'obs-notes', lagEvents: 3 }] });
    gate = undefined;
    release();
    await eventually(async () => expect(await ready()).toMatchObject({ status: 200 }));
    expect(await metric(`hw_runner_lag_events${labels}`)).toBe(0);
  });

  it('issue 14: with METRICS_TOKEN set, /metrics answers 401 without the bearer token (or with another) and 200 with it; HTTP durations are by route template', async () => {
    const token = 'scrape-token-of-sixteen-plus';
    await start({ METRICS_TOKEN: token });
    expect((await fetch(`${base}/metrics`)).status).toBe(401);
    expect((await fetch(`${base}/metrics`, { headers: { authorization: 'Bearer wrong-token-of-sixteen+' } })).status).toBe(401);
    const series = 'hw_http_request_duration_seconds_count{service="messaging",method="GET",route="/health/ready",status="200"}';
    const auth = { authorization: `Bearer ${token}` };
    const before = (await metric(series, auth)) ?? 0; // the registry is the process's: earlier tests counted too
    await fetch(`${base}/health/ready`);
    expect(await metric(series, auth)).toBe(before + 1);
  });

  it('issue 14: with NODE_ENV=production and no METRICS_TOKEN, /metrics is not served (404): never public in production', async () => {
    const previous = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      await start();
      expect((await fetch(`${base}/metrics`)).status).toBe(404);
    } finally {
      process.env.NODE_ENV = previous;
    }
  });
});
