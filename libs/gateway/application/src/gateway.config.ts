import { integerSetting, PlatformConfig, ServiceName } from '@hw/platform/nest';

/** The owners the gateway forwards staff actions to, and the login it proxies. */
export const OWNERS = ['registration', 'complaints', 'reporting'] as const;
export type Owner = (typeof OWNERS)[number];

export interface GatewayConfig {
  /** Base URLs of the owning services' HTTP APIs (no trailing slash). */
  urls: Record<Owner | 'identity', string>;
  /** Console policy: days a bureau or desk has to decide a request before it shows as overdue (not a rule of the catalogue). */
  decisionDays: number;
  /** Console policy: an item due within this many days shows as "due soon". */
  dueSoonDays: number;
  /** Read your writes: how long a read waits for a position before 503 READ_MODEL_BEHIND. */
  waitMs: number;
  /** How long a forwarded action may take before 504. */
  forwardTimeoutMs: number;
}

export const GATEWAY_CONFIG = Symbol('GATEWAY_CONFIG');

/** Where a service answers by default: the platform's HOST (a wildcard address means this machine) and the service's port. */
const defaultUrl = (config: PlatformConfig, service: ServiceName): string => {
  const host = ['0.0.0.0', '::', ''].includes(config.HOST) ? '127.0.0.1' : config.HOST;
  return `http://${host.includes(':') ? `[${host}]` : host}:${config.ports[service]}`;
};

const url = (name: string, value: string | undefined, fallback: string): string => {
  if (value === undefined || value === '') return fallback;
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new Error(`invalid configuration:\n  - ${name}: must be an http(s) URL such as http://registration:3001, got "${value}"`);
  }
  if (!['http:', 'https:'].includes(parsed.protocol) || parsed.search || parsed.hash)
    throw new Error(`invalid configuration:\n  - ${name}: must be an http(s) base URL without query or fragment, got "${value}"`);
  return value.replace(/\/+$/, '');
};

/**
 * The gateway's settings. Owners' URLs default to the platform's HOST and their ports (the
 * embedded default, and one machine in distributed mode); in a cluster set REGISTRATION_URL,
 * COMPLAINTS_URL, REPORTING_URL (and IDENTITY_URL, where the login is served; default: registration).
 */
export const loadGatewayConfig = (config: PlatformConfig, env: NodeJS.ProcessEnv = process.env): GatewayConfig => {
  const registration = url('REGISTRATION_URL', env.REGISTRATION_URL, defaultUrl(config, 'registration'));
  return {
    urls: {
      registration,
      complaints: url('COMPLAINTS_URL', env.COMPLAINTS_URL, defaultUrl(config, 'complaints')),
      reporting: url('REPORTING_URL', env.REPORTING_URL, defaultUrl(config, 'reporting')),
      identity: url('IDENTITY_URL', env.IDENTITY_URL, registration),
    },
    decisionDays: integerSetting({ name: 'GATEWAY_DECISION_DAYS', defaultValue: 14, min: 1, max: 365, rule: 'console policy' }, env),
    dueSoonDays: integerSetting({ name: 'GATEWAY_DUE_SOON_DAYS', defaultValue: 3, min: 0, max: 90, rule: 'console policy' }, env),
    waitMs: integerSetting({ name: 'GATEWAY_WAIT_MS', defaultValue: 5000, min: 0, max: 60_000, rule: 'read your writes' }, env),
    forwardTimeoutMs: integerSetting(
      { name: 'GATEWAY_FORWARD_TIMEOUT_MS', defaultValue: 10_000, min: 100, max: 120_000, rule: 'forwarded actions' },
      env,
    ),
  };
};

/** The settings naming each owner's URL, from the addresses services actually listen on (tests on port 0, one process). */
export const ownerUrlSettings = (bases: Partial<Record<ServiceName, string>>): Record<string, string> =>
  Object.fromEntries(
    OWNERS.filter((owner) => bases[owner]).map((owner) => [`${owner.toUpperCase()}_URL`, bases[owner] as string]),
  ) as Record<string, string>;
