import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, DEFAULT_PORTS, integerSetting, integerSettings, loadConfig, SERVICES } from './config';

/** The port of each service as the README's table of services gives it (`| gateway      | 3000 | …`). */
const documentedPorts = (): Record<string, number> => {
  const readme = readFileSync(join(__dirname, '../../../../README.md'), 'utf8');
  const row = new RegExp(`^\\| (${SERVICES.join('|')}) +\\| (\\d+) \\|`, 'gm');
  return Object.fromEntries([...readme.matchAll(row)].map(([, service, port]) => [service, Number(port)]));
};

describe('configuration (validated at start-up)', () => {
  it('given no settings, when loaded, then the embedded default is chosen: SQLite log, in-process bus, SQLite read models, the documented ports', () => {
    const config = loadConfig({});
    expect(config.EVENT_LOG).toBe('sqlite');
    expect(config.BUS).toBe('in-process');
    expect(config.READ_DB).toBe('sqlite');
    expect(Object.keys(documentedPorts())).toEqual([...SERVICES]);
    expect(config.ports).toEqual(documentedPorts());
    expect(DEFAULT_PORTS.gateway).toBe(3000);
  });

  it('given an unknown bus, when loaded, then start-up stops naming the setting and the values it accepts', () => {
    expect(() => loadConfig({ BUS: 'rabbit' })).toThrow(ConfigError);
    expect(() => loadConfig({ BUS: 'rabbit' })).toThrow(
      /^invalid configuration: BUS: must be one of the following values: in-process, kafka, got "rabbit"$/,
    );
  });

  it('given EVENT_LOG=eventstoredb without a connection string, then the missing setting is named', () => {
    expect(() => loadConfig({ EVENT_LOG: 'eventstoredb' })).toThrow(
      /EVENTSTORE_CONNECTION_STRING: is required when EVENT_LOG=eventstoredb/,
    );
  });

  it('given READ_DB=postgres without DATABASE_URL, then the missing setting is named', () => {
    expect(() => loadConfig({ READ_DB: 'postgres' })).toThrow(/DATABASE_URL: is required when READ_DB=postgres/);
  });

  it('given a bad port, then the port setting is named with its range', () => {
    expect(() => loadConfig({ QUOTA_PORT: 'abc' })).toThrow(/QUOTA_PORT: must be a port number 0-65535/);
  });

  it('given several problems, then every one is reported at once', () => {
    try {
      loadConfig({ BUS: 'x', READ_DB: 'y', AUTH_SECRET: 'short' });
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect((error as ConfigError).problems).toHaveLength(3);
      // One line (issue 15): start-up prints it as it is; the secret is named, not repeated.
      expect((error as ConfigError).message).not.toContain('\n');
      expect((error as ConfigError).message).toContain('AUTH_SECRET: must be at least 32 characters');
      expect((error as ConfigError).message).not.toContain('short');
    }
  });

  it('given the distributed settings, then they are accepted', () => {
    const config = loadConfig({
      EVENT_LOG: 'eventstoredb',
      EVENTSTORE_CONNECTION_STRING: 'kurrentdb://127.0.0.1:2113?tls=false',
      BUS: 'kafka',
      KAFKA_BROKERS: 'a:9092, b:9092',
      READ_DB: 'postgres',
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test',
      MESSAGING_PORT: '4003',
    });
    expect(config.kafkaBrokers).toEqual(['a:9092', 'b:9092']);
    expect(config.ports.messaging).toBe(4003);
  });

  it('issue 15: CLOCK_START is refused in production, the default, naming the setting and how to rehearse', () => {
    expect(() => loadConfig({ CLOCK_START: '2027-06-30T23:59:00+09:00' })).toThrow(
      /^invalid configuration: CLOCK_START: is refused in production — set DEPLOYMENT=staging or DEPLOYMENT=development/,
    );
    expect(() => loadConfig({ CLOCK_START: '2027-06-30T23:59:00+09:00', DEPLOYMENT: 'production' })).toThrow(/refused in production/);
  });

  it('issue 15: CLOCK_START is accepted when the configuration says staging or development; an instant without its offset is refused', () => {
    for (const DEPLOYMENT of ['staging', 'development'])
      expect(loadConfig({ CLOCK_START: '2027-06-30T23:59:00+09:00', DEPLOYMENT }).clockStart?.toISOString()).toBe(
        '2027-06-30T14:59:00.000Z',
      );
    expect(loadConfig({}).clockStart).toBeUndefined();
    expect(() => loadConfig({ CLOCK_START: '2027-06-30 23:59', DEPLOYMENT: 'staging' })).toThrow(
      /CLOCK_START: accepts an instant with its offset, e.g. 2027-06-30T23:59:00\+09:00, got "2027-06-30 23:59"/,
    );
    expect(() => loadConfig({ DEPLOYMENT: 'prod' })).toThrow(
      /DEPLOYMENT: must be one of the following values: production, staging, development, got "prod"/,
    );
  });
});

describe('integer settings (integerSetting / integerSettings, read by readSettings)', () => {
  const limit = { name: 'DAILY_MESSAGE_LIMIT', defaultValue: 1000, min: 1, max: 1_000_000, rule: 'R-MSG-2' };

  it('unset or empty keeps the default; a whole number in range is taken', () => {
    expect(integerSetting(limit, {})).toBe(1000);
    expect(integerSetting(limit, { DAILY_MESSAGE_LIMIT: '' })).toBe(1000);
    expect(integerSetting(limit, { DAILY_MESSAGE_LIMIT: '3' })).toBe(3);
  });

  it.each(['0', '1000001', '2.5', 'many'])('%p is refused naming the setting, its range, its rule and the value', (value) => {
    expect(() => integerSetting(limit, { DAILY_MESSAGE_LIMIT: value })).toThrow(
      new ConfigError([`DAILY_MESSAGE_LIMIT: must be an integer 1–1000000 (R-MSG-2), got "${value}"`]),
    );
  });

  it('a setting with no rule is refused with its range only; several settings are refused at once', () => {
    const interval = { name: 'CLOCK_INTERVAL_MS', defaultValue: 60_000, min: 100, max: 3_600_000 };
    expect(() => integerSettings([limit, interval], { DAILY_MESSAGE_LIMIT: '0', CLOCK_INTERVAL_MS: '99' })).toThrow(
      new ConfigError([
        'DAILY_MESSAGE_LIMIT: must be an integer 1–1000000 (R-MSG-2), got "0"',
        'CLOCK_INTERVAL_MS: must be an integer 100–3600000, got "99"',
      ]),
    );
    expect(integerSettings([limit, interval], { CLOCK_INTERVAL_MS: '100' })).toEqual({ DAILY_MESSAGE_LIMIT: 1000, CLOCK_INTERVAL_MS: 100 });
  });
});
