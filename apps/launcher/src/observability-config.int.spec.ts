import { INestApplication } from '@nestjs/common';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { BackgroundWork, DEFAULT_PORTS, Infrastructure, loadConfig, SERVICES, ServiceName, startService } from '@hw/platform/nest';
import { ALL_SERVICES } from './services';

/**
 * Issue 14 (dashboards): the Prometheus scrape configuration, the alert rules, the Grafana
 * provisioning and dashboard, the compose health checks and the cluster's probes are files in
 * the repository that no machine here runs; this validates them. They parse, every service is
 * scraped at its port, and every metric a dashboard panel or an alert queries is one the
 * services export — read from the `# TYPE` lines of each running service's /metrics.
 */
const ROOT = join(__dirname, '..', '..', '..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

/** PromQL words that are not metric names. */
const KEYWORDS = new Set([
  'by',
  'without',
  'offset',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'and',
  'or',
  'unless',
  'bool',
  'inf',
  'nan',
]);

/** The metric names a PromQL expression reads: identifiers that are not functions, keywords, labels or inside numbers (1d, 1e9). */
const metricNamesIn = (expr: string): string[] => {
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""') // string literals (label values)
    .replace(/\{[^}]*\}/g, '') // label matchers
    .replace(/\[[^\]]*\]/g, '') // range durations
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ''); // label lists
  const names = new Set<string>();
  for (const match of stripped.matchAll(/(?<![A-Za-z0-9_:.])[A-Za-z_:][A-Za-z0-9_:]*/g)) {
    const after = stripped.slice((match.index ?? 0) + match[0].length).trimStart();
    if (after.startsWith('(') || KEYWORDS.has(match[0].toLowerCase())) continue;
    names.add(match[0]);
  }
  return [...names];
};

/** Names a scrape offers: each `# TYPE` name, and a histogram's _bucket/_sum/_count (a summary's _sum/_count). */
const exportedNames = (text: string): Set<string> => {
  const names = new Set<string>();
  for (const [, name, type] of text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
    names.add(name);
    if (type === 'histogram') ['_bucket', '_sum', '_count'].forEach((s) => names.add(`${name}${s}`));
    if (type === 'summary') ['_sum', '_count'].forEach((s) => names.add(`${name}${s}`));
  }
  return names;
};

interface Dashboard {
  title: string;
  panels: Array<{ title: string; targets: Array<{ expr: string }> }>;
}

describe('dashboards, alerts and probes validate against what the services export (issue 14)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hw-observe-config-'));
  let infra: Infrastructure;
  const apps = new Map<ServiceName, INestApplication>();
  const exported = new Set<string>(['up']); // Prometheus' own, per target

  beforeAll(async () => {
    const ports = Object.fromEntries(ALL_SERVICES.map(([name]) => [`${name.toUpperCase()}_PORT`, '0']));
    infra = await Infrastructure.create(loadConfig({ DATA_DIR: dir, BUS: 'in-process', LOG_LEVEL: 'error', ...ports }));
    for (const [name, module] of ALL_SERVICES) apps.set(name, await startService(name, module(infra), infra));
    for (const app of apps.values()) await app.get(BackgroundWork, { strict: false }).startRelay();
    for (const [name, app] of apps) {
      const response = await fetch(`http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}/metrics`);
      expect({ name, status: response.status }).toEqual({ name, status: 200 });
      for (const metric of exportedNames(await response.text())) exported.add(metric);
    }
  }, 120_000);

  afterAll(async () => {
    for (const app of [...apps.values()].reverse()) await app.close();
    await infra?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the PromQL name extraction finds metric names and only them', () => {
    expect(
      metricNamesIn(
        'histogram_quantile(0.99, sum by (le, service) (rate(hw_http_request_duration_seconds_bucket{status=~"5.."}[5m]))) / up',
      ),
    ).toEqual(['hw_http_request_duration_seconds_bucket', 'up']);
    expect(metricNamesIn('sum(rate(a_total[10m] offset 1d)) > 3 * b + 0.1')).toEqual(['a_total', 'b']);
  });

  it('Prometheus scrapes every service at its port with the metrics token; the rule file is loaded', () => {
    const config = parse(read('deploy/observability/prometheus.yml'));
    expect(config.rule_files).toEqual(['/etc/prometheus/alerts.yml']);
    const [job] = config.scrape_configs;
    expect(job.metrics_path).toBe('/metrics');
    expect(job.authorization).toEqual({ type: 'Bearer', credentials_file: '/run/secrets/metrics_token' });
    const targets = job.static_configs.flatMap((c: { targets: string[] }) => c.targets).sort();
    expect(targets).toEqual(SERVICES.map((s) => `${s}:${DEFAULT_PORTS[s]}`).sort());
  });

  it('every metric the Grafana dashboard and the alert rules query is exported by the services; the dashboard covers sends, refusals, quota, lag, parked, latency and errors', () => {
    const dashboard = JSON.parse(read('deploy/observability/grafana/dashboards/hellowork.json')) as Dashboard;
    const alerts = parse(read('deploy/observability/alerts.yml')) as { groups: Array<{ rules: Array<{ alert: string; expr: string }> }> };
    const queries = [
      ...dashboard.panels.flatMap((p) => p.targets.map((t) => ({ where: `panel "${p.title}"`, expr: t.expr }))),
      ...alerts.groups.flatMap((g) => g.rules.map((r) => ({ where: `alert ${r.alert}`, expr: r.expr }))),
    ];
    expect(queries.length).toBeGreaterThan(20);
    const unknown = queries.flatMap(({ where, expr }) =>
      metricNamesIn(expr)
        .filter((n) => !exported.has(n))
        .map((n) => `${where}: ${n}`),
    );
    expect(unknown).toEqual([]);
    for (const { where, expr } of queries) expect({ where, names: metricNamesIn(expr).length > 0 }).toEqual({ where, names: true });
    const used = new Set(queries.flatMap((q) => metricNamesIn(q.expr)));
    for (const needed of [
      'hw_messaging_sends_total',
      'hw_quota_day_use_ratio_bucket',
      'hw_runner_lag_events',
      'hw_runner_lag_seconds',
      'hw_bus_consumer_lag_events',
      'hw_runner_parked_events',
      'hw_http_request_duration_seconds_bucket',
      'hw_bus_publish_errors_total',
    ])
      expect(used).toContain(needed);
    expect(dashboard.panels.some((p) => p.targets.some((t) => t.expr.includes('status=~"5.."')))).toBe(true);
    expect(alerts.groups[0].rules.map((r) => r.alert)).toEqual(
      expect.arrayContaining(['HelloworkParkedEvents', 'HelloworkProjectionLagging', 'HelloworkHigh5xxRate', 'HelloworkQuotaRefusalSpike']),
    );
  });

  it('Grafana provisions the Prometheus and Jaeger data sources and the dashboard folder', () => {
    const sources = parse(read('deploy/observability/grafana/provisioning/datasources/datasources.yml'));
    expect(sources.datasources.map((d: { type: string; uid: string }) => `${d.type}:${d.uid}`).sort()).toEqual([
      'jaeger:jaeger',
      'prometheus:prometheus',
    ]);
    const dashboard = JSON.parse(read('deploy/observability/grafana/dashboards/hellowork.json'));
    for (const panel of dashboard.panels) expect(panel.datasource.uid).toBe('prometheus');
    const providers = parse(read('deploy/observability/grafana/provisioning/dashboards/dashboards.yml'));
    expect(providers.providers[0].options.path).toBe('/var/lib/grafana/dashboards');
  });

  it("docker-compose runs Prometheus, Grafana and Jaeger; each service's health check is its readiness; k8s probes use /health/live and /health/ready", () => {
    const compose = parse(read('docker-compose.yml'));
    for (const name of ['prometheus', 'grafana', 'jaeger']) expect(Object.keys(compose.services)).toContain(name);
    expect(compose.services.prometheus.volumes).toEqual(
      expect.arrayContaining(['./deploy/observability/prometheus.yml:/etc/prometheus/prometheus.yml:ro']),
    );
    for (const service of SERVICES) {
      const check = compose.services[service].healthcheck.test.join(' ');
      expect(check).toContain(`http://127.0.0.1:${DEFAULT_PORTS[service]}/health/ready`);
    }
    const documents = parseAllDocuments(read('deploy/k8s/services.yaml')).map((d) => d.toJSON());
    const containers = documents
      .filter((d) => d?.kind === 'Deployment')
      .flatMap(
        (d) =>
          d.spec.template.spec.containers as Array<{
            name: string;
            readinessProbe: { httpGet: { path: string } };
            livenessProbe: { httpGet: { path: string } };
          }>,
      );
    expect(containers.map((c) => c.name).sort()).toEqual([...SERVICES].sort());
    for (const c of containers) {
      expect(c.readinessProbe.httpGet.path).toBe('/health/ready');
      expect(c.livenessProbe.httpGet.path).toBe('/health/live');
    }
  });
});
