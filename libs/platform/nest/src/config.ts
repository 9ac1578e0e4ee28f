import { plainToInstance } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, ValidateIf, validateSync } from 'class-validator';
import { join, resolve } from 'node:path';
import { ConfigError } from '@hw/platform/core';

export const SERVICES = ['gateway', 'registration', 'matching', 'messaging', 'quota', 'complaints', 'reporting'] as const;
export type ServiceName = (typeof SERVICES)[number];

export const DEFAULT_PORTS: Record<ServiceName, number> = {
  gateway: 3000,
  registration: 3001,
  matching: 3002,
  messaging: 3003,
  quota: 3004,
  complaints: 3005,
  reporting: 3006,
};

const EVENT_LOGS = ['sqlite', 'eventstoredb'] as const;
export const DEPLOYMENTS = ['production', 'staging', 'development'] as const;
/** An instant with its offset: 2027-06-30T23:59:00+09:00, 2027-06-30T14:59:00Z. */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;
const BUSES = ['in-process', 'kafka'] as const;
const READ_DBS = ['sqlite', 'postgres'] as const;

/**
 * Validated configuration: which log, which bus, which read database.
 * Embedded default: SQLite log + in-process bus + SQLite read models under ./data.
 * Distributed: EventStoreDB / KurrentDB (25.1+ for the atomic multi-stream append) + Kafka + PostgreSQL, one process per app.
 */
export class PlatformConfig {
  @IsIn(EVENT_LOGS)
  EVENT_LOG: (typeof EVENT_LOGS)[number] = 'sqlite';

  @IsIn(BUSES)
  BUS: (typeof BUSES)[number] = 'in-process';

  @IsIn(READ_DBS)
  READ_DB: (typeof READ_DBS)[number] = 'sqlite';

  @IsString()
  @MinLength(1)
  DATA_DIR = './data';

  @ValidateIf((c: PlatformConfig) => c.EVENT_LOG === 'eventstoredb')
  @IsString()
  @MinLength(1, {
    message: 'EVENTSTORE_CONNECTION_STRING is required when EVENT_LOG=eventstoredb (e.g. kurrentdb://127.0.0.1:2113?tls=false)',
  })
  EVENTSTORE_CONNECTION_STRING?: string = undefined;

  @ValidateIf((c: PlatformConfig) => c.BUS === 'kafka')
  @IsString()
  @MinLength(1, { message: 'KAFKA_BROKERS is required when BUS=kafka (comma-separated host:port)' })
  KAFKA_BROKERS = '127.0.0.1:9092';

  /** Prefix of every Kafka consumer group id, to keep deployments (or test runs) sharing one cluster apart. */
  @IsString()
  @Matches(/^[A-Za-z0-9._-]*$/, { message: 'KAFKA_GROUP_PREFIX accepts letters, digits, ".", "_" and "-"' })
  KAFKA_GROUP_PREFIX = '';

  @ValidateIf((c: PlatformConfig) => c.READ_DB === 'postgres')
  @IsString()
  @MinLength(1, { message: 'DATABASE_URL is required when READ_DB=postgres (postgres://user@host:5432/db)' })
  DATABASE_URL?: string = undefined;

  /** Prefix of each service's PostgreSQL schema (`<prefix><service>`), to keep runs apart. */
  @IsString()
  @Matches(/^[a-z0-9_]*$/, { message: 'READ_DB_SCHEMA_PREFIX accepts lower-case letters, digits and _' })
  READ_DB_SCHEMA_PREFIX = '';

  /** HMAC secret of the bearer tokens every service verifies without a call. */
  @IsString()
  @MinLength(32, { message: 'AUTH_SECRET must be at least 32 characters' })
  AUTH_SECRET = 'embedded-default-secret-change-me-in-production!';

  /** Master key wrapping each seeker's personal-data key in registration (R-AUD-2); ≥ 32 characters. */
  @IsString()
  @MinLength(32, { message: 'PERSONAL_DATA_KEY must be at least 32 characters' })
  PERSONAL_DATA_KEY = 'embedded-default-personal-data-key-change-me!';

  /**
   * Key of the pseudonymous seeker references organisations see (R-SKR-5): per registration,
   * unlinkable across registrations (`seekerReference` in @hw/matching/contracts). Matching and
   * messaging must share it (read `seekerReferenceSecret`); rotating it changes every reference,
   * so it is kept apart from AUTH_SECRET. Unset: falls back to AUTH_SECRET. ≥ 32 characters.
   */
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'SEEKER_REFERENCE_SECRET must be at least 32 characters' })
  SEEKER_REFERENCE_SECRET?: string = undefined;

  /**
   * What this deployment is. Production-safe by default: only a configuration that says it is
   * not production (staging, development) may move the platform's clock.
   */
  @IsIn(DEPLOYMENTS)
  DEPLOYMENT: (typeof DEPLOYMENTS)[number] = 'production';

  /**
   * Rehearsal clock: every service starts at this instant and runs forward from it (month-ends,
   * 30 June, a quarter's due date on a running platform). Refused unless DEPLOYMENT says it is
   * not production; every event still records the real wall time.
   */
  @IsOptional()
  @Matches(INSTANT, { message: 'CLOCK_START accepts an instant with its offset, e.g. 2027-06-30T23:59:00+09:00' })
  CLOCK_START?: string = undefined;

  @IsOptional()
  @IsIn(['error', 'warn', 'log', 'debug'])
  LOG_LEVEL: 'error' | 'warn' | 'log' | 'debug' = 'log';

  @IsInt()
  @Min(10)
  @Max(10_000)
  POLL_INTERVAL_MS = 50;

  /**
   * Bearer token Prometheus sends to read `/metrics` (`Authorization: Bearer <token>`), ≥ 16
   * characters. Unset: /metrics is open on the embedded default and not served at all with
   * NODE_ENV=production (never public in production).
   */
  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'METRICS_TOKEN must be at least 16 characters' })
  METRICS_TOKEN?: string = undefined;

  /** Readiness fails when a projection or relay has more events than this to handle (1–5000). */
  @IsInt()
  @Min(1)
  @Max(5000)
  READY_MAX_LAG_EVENTS = 1000;

  /** Readiness fails when a projection's or relay's oldest unhandled event is older than this, in seconds. */
  @IsInt()
  @Min(1)
  @Max(86_400)
  READY_MAX_LAG_SECONDS = 60;

  /** Interface every service binds (0.0.0.0 inside containers). */
  @IsString()
  HOST = '127.0.0.1';

  /** Ports: <SERVICE>_PORT, e.g. MESSAGING_PORT. */
  ports: Record<ServiceName, number> = { ...DEFAULT_PORTS };

  /** CLOCK_START as an instant (undefined: the platform runs on the wall clock). */
  get clockStart(): Date | undefined {
    return this.CLOCK_START === undefined ? undefined : new Date(this.CLOCK_START);
  }

  /** The key of seekers' per-registration references (matching and messaging alike). */
  get seekerReferenceSecret(): string {
    return this.SEEKER_REFERENCE_SECRET ?? this.AUTH_SECRET;
  }
  get dataDir(): string {
    return resolve(this.DATA_DIR);
  }
  get eventLogFile(): string {
    return join(this.dataDir, 'events.sqlite');
  }
  readDbFile(service: ServiceName): string {
    return join(this.dataDir, `${service}.read.sqlite`);
  }
  /** Whether /metrics is served: always with a token; without one, everywhere but NODE_ENV=production. */
  get metricsServed(): boolean {
    return this.METRICS_TOKEN !== undefined || process.env.NODE_ENV !== 'production';
  }
  get kafkaBrokers(): string[] {
    return this.KAFKA_BROKERS.split(',')
      .map((b) => b.trim())
      .filter(Boolean);
  }
}

export { ConfigError, isConfigError } from '@hw/platform/core';

const numeric = new Set(['POLL_INTERVAL_MS', 'READY_MAX_LAG_EVENTS', 'READY_MAX_LAG_SECONDS']);
const SECRET_SETTINGS = new Set([
  'AUTH_SECRET',
  'PERSONAL_DATA_KEY',
  'SEEKER_REFERENCE_SECRET',
  'DATABASE_URL',
  'EVENTSTORE_CONNECTION_STRING',
  'METRICS_TOKEN',
]);

export interface SettingsReading {
  /** Settings read as numbers (class-validator then checks them as such). */
  numeric?: ReadonlySet<string>;
  /** Settings named in a refusal, never repeated (secrets, URLs that may hold a password). */
  secrets?: ReadonlySet<string>;
  /** Settings the caller parsed itself (JSON), taken as given. */
  parsed?: Record<string, unknown>;
}

/**
 * Reads the settings a config class declares (its UPPER_CASE properties) from the environment
 * and validates them with the class's decorators — the platform's settings and a context's own
 * alike: an unset or empty one keeps the class's default. Returns the config and one problem per
 * refused setting, `NAME: what it accepts, got "value"`, in the validators' words without the
 * setting's name; a nested object's refusals (its `children`) are left to the caller to word.
 */
export const readSettings = <T extends object>(
  Config: new () => T,
  env: NodeJS.ProcessEnv,
  reading: SettingsReading = {},
): { config: T; problems: string[] } => {
  const { numeric = new Set(), secrets = new Set(), parsed = {} } = reading;
  const raw: Record<string, unknown> = {};
  for (const key of Object.keys(new Config()).filter((k) => /^[A-Z][A-Z0-9_]*$/.test(k))) {
    if (key in parsed) raw[key] = parsed[key];
    else if (env[key] !== undefined && env[key] !== '') raw[key] = numeric.has(key) ? Number(env[key]) : env[key];
  }
  const config = plainToInstance(Config, raw);
  const problems = validateSync(config)
    .filter((error) => error.constraints !== undefined)
    .map((error) => {
      const constraints = { ...error.constraints };
      if (Object.keys(constraints).length > 1) delete constraints.isString; // "must be a string" says less than the rest
      const messages = Object.values(constraints).map((m) => (m.startsWith(`${error.property} `) ? m.slice(error.property.length + 1) : m));
      const got = secrets.has(error.property) || env[error.property] === undefined ? '' : `, got "${env[error.property]}"`;
      return `${error.property}: ${[...new Set(messages)].join(', ')}${got}`;
    });
  return { config, problems };
};

/** Reads and validates the environment; throws ConfigError naming each setting and what it accepts. */
export const loadConfig = (env: NodeJS.ProcessEnv = process.env): PlatformConfig => {
  const { config, problems } = readSettings(PlatformConfig, env, { numeric, secrets: SECRET_SETTINGS });
  if (config.CLOCK_START !== undefined && !problems.some((p) => p.startsWith('CLOCK_START'))) {
    if (Number.isNaN(new Date(config.CLOCK_START).getTime()))
      problems.push(`CLOCK_START: accepts an instant with its offset, e.g. 2027-06-30T23:59:00+09:00, got "${config.CLOCK_START}"`);
    else if (config.DEPLOYMENT === 'production')
      problems.push(
        'CLOCK_START: is refused in production — set DEPLOYMENT=staging or DEPLOYMENT=development (the default is production) to rehearse on a moved clock',
      );
  }
  for (const service of SERVICES) {
    const key = `${service.toUpperCase()}_PORT`;
    const value = env[key];
    if (value === undefined || value === '') continue;
    const port = Number(value);
    if (!Number.isInteger(port) || port < 0 || port > 65535) problems.push(`${key}: must be a port number 0-65535, got "${value}"`);
    else config.ports[service] = port;
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
};

/** An integer policy setting (e.g. DAILY_MESSAGE_LIMIT): its name, default, range and the rule it serves. */
export interface IntegerSetting {
  name: string;
  defaultValue: number;
  min: number;
  max: number;
  /** Named in the refusal, `must be an integer min–max (rule)`; none: `must be an integer min–max`. */
  rule?: string;
}

/** Integer settings as a config class (each its default, IsInt / Min / Max with one refusal), so readSettings reads them as it reads every other. */
const integerSettingsConfig = (settings: readonly IntegerSetting[]): new () => Record<string, number> => {
  class IntegerSettings {
    [name: string]: number;
    constructor() {
      for (const setting of settings) this[setting.name] = setting.defaultValue;
    }
  }
  for (const { name, min, max, rule } of settings) {
    const accepts = { message: `must be an integer ${min}–${max}${rule ? ` (${rule})` : ''}` };
    for (const decorate of [IsInt(accepts), Min(min, accepts), Max(max, accepts)]) decorate(IntegerSettings.prototype, name);
  }
  return IntegerSettings;
};

/** Reads integer settings from the environment; any invalid value stops start-up naming each, its range and its rule. */
export const integerSettings = <N extends string>(
  settings: ReadonlyArray<IntegerSetting & { name: N }>,
  env: NodeJS.ProcessEnv = process.env,
): Record<N, number> => {
  const names = new Set(settings.map((setting) => setting.name));
  const { config, problems } = readSettings(integerSettingsConfig(settings), env, { numeric: names });
  if (problems.length > 0) throw new ConfigError(problems);
  return config as Record<N, number>;
};

/** Reads one integer setting from the environment (integerSettings). */
export const integerSetting = (setting: IntegerSetting, env: NodeJS.ProcessEnv = process.env): number =>
  integerSettings([setting], env)[setting.name];
