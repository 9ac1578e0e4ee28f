import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describeWith, kafkaBrokers } from '@hw/platform/testing';

/**
 * deploy/local/kafka.sh against real brokers (issue 8, finding 8). The shared broker (the one
 * KAFKA_BROKERS names) is only asked for its status and sent a `start` that must be a no-op —
 * never stopped or restarted. Stop/start are exercised on a second broker of our own, on
 * 127.0.0.1:19092/19093 with its state in a temp directory.
 */
const script = join(__dirname, 'kafka.sh');
const run = (args: string[], env: Record<string, string> = {}) => {
  const result = spawnSync('bash', [script, ...args], { env: { ...process.env, ...env }, encoding: 'utf8', timeout: 90_000 });
  return { code: result.status, out: `${result.stdout}${result.stderr}` };
};
const read = (file: string): string | undefined => (existsSync(file) ? readFileSync(file, 'utf8') : undefined);

/** The jars of a running kafka.Kafka process (its `-cp <dir>/*`), so the second broker needs no fetch. */
const runningBrokerLibs = (): string | undefined => {
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    let args: string[];
    try {
      args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    } catch {
      continue;
    }
    const cp = args.indexOf('-cp');
    if (args.includes('kafka.Kafka') && cp >= 0 && args[cp + 1]?.endsWith('/*')) return dirname(args[cp + 1]);
  }
  return undefined;
};
const libsDir = (): string => {
  if (process.env.KAFKA_LIBS) return process.env.KAFKA_LIBS;
  const own = join(__dirname, '.kafka', 'libs');
  if (existsSync(join(own, '.complete'))) return own;
  const found = runningBrokerLibs();
  if (!found) throw new Error('no Kafka jars: neither deploy/local/.kafka/libs nor a running broker to take them from (KAFKA_LIBS)');
  return found;
};

describeWith(['kafka'], 'deploy/local/kafka.sh', () => {
  const sharedPort = kafkaBrokers()[0].split(':')[1];
  const shared = { KAFKA_PORT: sharedPort };
  const sharedPidFile = join(__dirname, '.kafka', sharedPort === '9092' ? '' : `port-${sharedPort}`, 'kafka.pid');

  it('status of the running (shared) broker says running and exits 0', () => {
    const status = run(['status'], shared);
    expect(status.out).toMatch(/^running \(/);
    expect(status.code).toBe(0);
  });

  it('start while the broker answers is a no-op that exits 0 and leaves its pid file as it was', () => {
    const before = read(sharedPidFile);
    const started = run(['start'], shared);
    expect(started.code).toBe(0);
    expect(started.out).toMatch(/already running|already answers/);
    expect(read(sharedPidFile)).toBe(before);
    expect(run(['status'], shared).code).toBe(0);
  });

  describe('a second broker of our own (127.0.0.1:19092)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hw-kafka-script-'));
    const own = { KAFKA_PORT: '19092', KAFKA_CONTROLLER_PORT: '19093', KAFKA_DIR: dir, KAFKA_HEAP: '256m' };
    const pidFile = join(dir, 'kafka.pid');
    let env: Record<string, string>;

    beforeAll(() => {
      env = { ...own, KAFKA_LIBS: libsDir() };
    });
    afterAll(() => {
      if (env) run(['stop'], env);
      rmSync(dir, { recursive: true, force: true });
    });

    it('start launches it, answers, and writes the pid of the java process; a second start is a no-op keeping the pid file', () => {
      expect(run(['status'], env)).toMatchObject({ code: 1, out: expect.stringMatching(/^stopped/) });
      const started = run(['start'], env);
      expect([started.code, started.out]).toEqual([0, expect.stringContaining('started (pid')]);
      const pid = read(pidFile)?.trim();
      expect(readFileSync(`/proc/${pid}/cmdline`, 'utf8')).toContain('kafka.Kafka');
      const again = run(['start'], env);
      expect([again.code, again.out]).toEqual([0, expect.stringContaining(`already running (pid ${pid}`)]);
      expect(read(pidFile)?.trim()).toBe(pid);
      expect(run(['status'], env)).toMatchObject({ code: 0, out: expect.stringContaining(`running (pid ${pid}`) });
    }, 120_000);

    it('without its pid file, status and stop still find it by its server.properties, and stop stops it', () => {
      const pid = read(pidFile)?.trim();
      unlinkSync(pidFile);
      expect(run(['status'], env)).toMatchObject({ code: 0, out: expect.stringContaining(`running (pid ${pid}`) });
      expect(run(['stop'], env)).toMatchObject({ code: 0, out: expect.stringContaining('stopped') });
      expect(existsSync(`/proc/${pid}`)).toBe(false);
      expect(run(['status'], env)).toMatchObject({ code: 1, out: expect.stringMatching(/^stopped/) });
    }, 120_000);
  });
});
