import { AsyncLocalStorage } from 'node:async_hooks';
import type { LoggerService } from '@nestjs/common';
import pino, { DestinationStream, Logger as PinoLogger, LevelWithSilent } from 'pino';
import { context, Context, createContextKey } from '@opentelemetry/api';
import { activeTraceIds, tracingStarted } from './tracing';

/** What every line logged while handling one request (or one consumed event) carries. */
export interface LogScope {
  service?: string;
  correlationId?: string;
}

const storage = new AsyncLocalStorage<LogScope>();
const LOG_SCOPE = createContextKey('hellowork log scope');

/**
 * The request (or delivery) being handled, for the log lines written meanwhile. With tracing
 * on, the scope is a value of the OpenTelemetry context (one `context.with`, the SDK's one
 * AsyncLocalStorage) rather than a second AsyncLocalStorage: each store in use is copied onto
 * every promise and async resource the request creates, so two cost twice one
 * (bench/observability.bench.ts). Without the SDK, its own AsyncLocalStorage.
 */
export const logScope = {
  run<R>(scope: LogScope, work: () => R): R {
    return tracingStarted() ? context.with(context.active().setValue(LOG_SCOPE, scope), work) : storage.run(scope, work);
  },
  getStore(): LogScope | undefined {
    return (context.active().getValue(LOG_SCOPE) as LogScope | undefined) ?? storage.getStore();
  },
};

/** The OpenTelemetry context `parent` with a log scope in it (the HTTP app's request context: span and scope in one). */
export const withLogScope = (parent: Context, scope: LogScope): Context => parent.setValue(LOG_SCOPE, scope);

/**
 * The correlation id of the request being handled (its `X-Correlation-Id`, or the one minted
 * for it), or `fallback()` outside a request: commands put it in their events' metadata, so
 * the log line, the events and the integration events of one request share it.
 */
export const currentCorrelationId = (fallback: () => string): string => logScope.getStore()?.correlationId ?? fallback();

/** LOG_LEVEL (Nest's names, kept for compatibility) → pino's. */
const PINO_LEVEL: Record<string, LevelWithSilent> = { error: 'error', warn: 'warn', log: 'info', debug: 'debug' };

/**
 * Keys whose values never reach a log line, wherever they sit (request headers, error
 * objects, fields a caller passes): tokens, cookies, credentials and the personal data fields
 * of this platform's vocabulary (CONTRIBUTING: errors and logs never contain personal data).
 * Request lines log no headers, bodies or query strings at all; this is the second net.
 */
export const REDACTED_KEYS = [
  'authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
  'token',
  'accessToken',
  'password',
  'secret',
  'name',
  'fullName',
  'phone',
  'email',
  'address',
  'birthDate',
  'dateOfBirth',
  'jobSeekerNumber',
  'body',
  'text',
];

/** fast-redact paths for REDACTED_KEYS at the top level and two levels down (`req.headers.authorization`). */
const redactPaths = (): string[] =>
  REDACTED_KEYS.flatMap((key) => {
    const k = /^[A-Za-z_]\w*$/.test(key) ? `.${key}` : `["${key}"]`;
    return [k.startsWith('.') ? k.slice(1) : k, `*${k}`, `*.*${k}`];
  });

export interface LoggerOptions {
  /** `service` of lines outside any request (the process: one service, or `hellowork` for several). */
  service: string;
  /** LOG_LEVEL: error · warn · log · debug (default log). */
  level?: string;
  /** Where lines go (default stdout; tests capture them). */
  destination?: DestinationStream;
  /** Human-readable lines (pino-pretty) instead of JSON (default: stdout is a TTY and NODE_ENV is not production). */
  pretty?: boolean;
}

/**
 * The platform's pino logger: one JSON line per entry — `time`, `level` (label), `service`,
 * `message`, and, when known, `context`, `correlationId`, `traceId` and `spanId` (from the
 * request's scope and the active OpenTelemetry span). pino-pretty on a terminal in development.
 */
export const createLogger = (options: LoggerOptions): PinoLogger => {
  const pretty = options.pretty ?? (process.stdout.isTTY === true && process.env.NODE_ENV !== 'production' && !options.destination);
  const settings: pino.LoggerOptions = {
    level: PINO_LEVEL[options.level ?? 'log'] ?? 'info',
    messageKey: 'message',
    base: { service: options.service },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: { paths: redactPaths(), censor: '[redacted]' },
    mixin: () => {
      const scope = logScope.getStore();
      const ids = activeTraceIds();
      return {
        ...(scope?.service ? { service: scope.service } : {}),
        correlationId: scope?.correlationId ?? null,
        traceId: ids?.traceId ?? null,
        ...(ids ? { spanId: ids.spanId } : {}),
      };
    },
  };
  if (pretty) return pino({ ...settings, transport: { target: 'pino-pretty', options: { messageKey: 'message', colorize: true } } });
  return options.destination ? pino(settings, options.destination) : pino(settings);
};

const textOf = (message: unknown): string =>
  typeof message === 'string' ? message : message instanceof Error ? message.name : JSON.stringify(message);

/**
 * Nest's LoggerService over pino: `new Logger('context').log(...)` anywhere (runners, the
 * launcher) becomes a JSON line with `context`. A trailing Error's stack is logged, never its
 * message alone... (messages are the caller's responsibility: they never carry personal data).
 */
export class PinoNestLogger implements LoggerService {
  constructor(readonly pino: PinoLogger) {}

  private write(level: 'info' | 'warn' | 'error' | 'debug' | 'trace' | 'fatal', message: unknown, params: unknown[]): void {
    if (!this.pino.isLevelEnabled(level)) return;
    const context = params.length > 0 && typeof params[params.length - 1] === 'string' ? (params[params.length - 1] as string) : undefined;
    this.pino[level](context ? { context } : {}, textOf(message));
  }

  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params);
  }
  error(message: unknown, ...params: unknown[]): void {
    // Nest passes (message, stack?, context?): the stack is left out (it may quote data); the class name is kept.
    this.write('error', message, params);
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }
  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }
  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }
}

export type { PinoLogger };
