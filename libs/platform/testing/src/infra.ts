import { Socket } from 'node:net';

/**
 * Real infrastructure for integration tests. jest's globalSetup probes Kafka and
 * PostgreSQL once and exports what it found through the environment.
 * Under CI=true a suite whose infrastructure is missing FAILS (never skips);
 * on a developer's machine it is skipped and says why.
 */
export type Infra = 'kafka' | 'postgres' | 'eventstoredb';

/** Whether something accepts TCP connections at host:port (Kafka's probe, and the benches'). */
export const tcpReachable = (hostPort: string, timeoutMs = 1500): Promise<boolean> =>
  new Promise((resolve) => {
    const [host, port] = hostPort.split(':');
    const socket = new Socket();
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.connect(Number(port), host, () => done(true));
  });

export const kafkaBrokers = (): string[] => (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
export const postgresUrl = (): string => process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const eventStoreConnectionString = (): string | undefined => process.env.EVENTSTORE_CONNECTION_STRING || undefined;

const flag = (infra: Infra) => `HW_TEST_${infra.toUpperCase()}_AVAILABLE`;
const reasonFlag = (infra: Infra) => `HW_TEST_${infra.toUpperCase()}_REASON`;

export const markInfra = (infra: Infra, available: boolean, reason: string): void => {
  process.env[flag(infra)] = available ? '1' : '0';
  process.env[reasonFlag(infra)] = reason;
};

export const infraAvailable = (infra: Infra): boolean => process.env[flag(infra)] === '1';
export const infraReason = (infra: Infra): string => process.env[reasonFlag(infra)] ?? 'not probed';

/**
 * `describe` for a suite that needs real infrastructure.
 * EventStoreDB cannot be installed on these machines: without a connection string its
 * suite is reported as skipped with the reason, in CI too (ARCHITECTURE).
 */
export const describeWith = (needs: Infra[], name: string, body: () => void): void => {
  const missing = needs.filter((i) => !infraAvailable(i));
  if (missing.length === 0) {
    describe(name, body);
    return;
  }
  const why = missing.map((i) => `${i}: ${infraReason(i)}`).join('; ');
  const mustFail = process.env.CI === 'true' && missing.some((i) => i !== 'eventstoredb');
  if (mustFail) {
    describe(name, () => {
      it(`requires ${missing.join(', ')} (CI=true: missing infrastructure is a failure)`, () => {
        throw new Error(`required infrastructure missing under CI=true — ${why}`);
      });
    });
    return;
  }
  describe.skip(`${name} [skipped — ${why}]`, body);
};
