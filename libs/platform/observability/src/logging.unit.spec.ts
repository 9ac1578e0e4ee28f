import { Writable } from 'node:stream';
import { createLogger, logScope, PinoNestLogger } from './logging';

/** Issue 14 (logs): the line shape, LOG_LEVEL, and the redaction net for tokens and personal-data fields. */
const capture = (level?: string) => {
  const lines: Array<Record<string, unknown>> = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { lines, logger: createLogger({ service: 'messaging', level, destination }) };
};

describe('the platform logger (pino JSON lines)', () => {
  it('issue 14: every line has time, level, service, message, correlationId and traceId; a request scope supplies the correlation id', () => {
    const { lines, logger } = capture();
    logger.info('outside any request');
    logScope.run({ service: 'quota', correlationId: 'corr-1' }, () => logger.warn({ route: '/x' }, 'inside'));
    expect(lines).toEqual([
      expect.objectContaining({ level: 'info', service: 'messaging', message: 'outside any request', correlationId: null, traceId: null }),
      expect.objectContaining({ level: 'warn', service: 'quota', message: 'inside', correlationId: 'corr-1', traceId: null, route: '/x' }),
    ]);
    for (const line of lines) expect(typeof line.time).toBe('string');
  });

  it('issue 14: authorization, cookies, tokens and personal-data fields are redacted wherever they sit in a logged object', () => {
    const { lines, logger } = capture();
    logger.info(
      {
        headers: { authorization: 'Bearer SENTINEL-TOKEN', cookie: 'sid=SENTINEL-COOKIE' },
        seeker: { name: '山田太郎', phone: '090-1234-5678', email: 'yamada@example.jp', birthDate: '1990-01-01' },
        password: 'SENTINEL-PASSWORD',
        body: 'SENTINEL free text',
      },
      'a careless caller',
    );
    const text = JSON.stringify(lines);
    for (const sentinel of [
      'SENTINEL-TOKEN',
      'SENTINEL-COOKIE',
      '山田太郎',
      '090-1234-5678',
      'yamada@example.jp',
      '1990-01-01',
      'SENTINEL-PASSWORD',
      'SENTINEL free text',
    ])
      expect({ sentinel, found: text.includes(sentinel) }).toEqual({ sentinel, found: false });
    expect(text).toContain('[redacted]');
  });

  it("issue 14: LOG_LEVEL keeps working (error · warn · log · debug), through Nest's LoggerService too", () => {
    const { lines, logger } = capture('warn');
    const nest = new PinoNestLogger(logger);
    nest.log('dropped', 'ctx');
    nest.debug('dropped too', 'ctx');
    nest.warn('kept', 'runner');
    nest.error('also kept', undefined, 'runner');
    expect(lines.map((l) => [l.level, l.message, l.context])).toEqual([
      ['warn', 'kept', 'runner'],
      ['error', 'also kept', 'runner'],
    ]);
    const debug = capture('debug');
    new PinoNestLogger(debug.logger).debug('shown', 'ctx');
    expect(debug.lines.map((l) => l.level)).toEqual(['debug']);
  });
});
