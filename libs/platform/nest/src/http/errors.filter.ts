import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { DomainError, PlatformError } from '@hw/platform/core';
import { WrongExpectedRevisionError } from '@hw/platform/event-log';
import { INPUT_RULES, MAX_BODY_BYTES } from './hygiene';

const STATUS: Record<DomainError['kind'], number> = {
  refused: 422,
  conflict: 409,
  'not-found': 404,
  forbidden: 403,
  limit: 429,
};

/**
 * One error shape for every service: { statusCode, code, message, rule?, field?, violations? }.
 * Domain refusals become 4xx naming their rule; anything unexpected is a 500 whose body says
 * nothing about the input (no personal data in errors or logs).
 */
@Catch()
export class ErrorsFilter implements ExceptionFilter {
  private readonly logger = new Logger('errors');

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse();
    const { status, body } = this.toResponse(error);
    if (status >= 500) this.logger.error(`${(error as Error)?.name ?? 'Error'}: unexpected failure`, (error as Error)?.stack);
    this.adapterHost.httpAdapter.reply(response, body, status);
  }

  private toResponse(error: unknown): { status: number; body: Record<string, unknown> } {
    if (error instanceof DomainError) {
      return {
        status: STATUS[error.kind],
        body: {
          statusCode: STATUS[error.kind],
          code: error.code,
          message: error.message,
          rule: error.rule,
          field: error.field,
          ...error.details,
        },
      };
    }
    if (error instanceof WrongExpectedRevisionError) {
      return { status: 409, body: { statusCode: 409, code: error.code, message: 'concurrent change, retry the request' } };
    }
    if (error instanceof HttpException) {
      const status = error.getStatus();
      const payload = error.getResponse();
      const body =
        frameworkAnswer(status, payload) ?? (typeof payload === 'string' ? { message: payload } : (payload as Record<string, unknown>));
      return { status, body: { statusCode: status, code: body.code ?? httpCode(status), ...body } };
    }
    if (error instanceof PlatformError) {
      return { status: 500, body: { statusCode: 500, code: error.code, message: 'internal error' } };
    }
    return { status: 500, body: { statusCode: 500, code: 'INTERNAL', message: 'internal error' } };
  }
}

/**
 * Framework answers carry plain messages; two of them would echo input: Nest's unmatched route
 * ("Cannot GET /<path>") and Fastify's body limit. Neither echoes; the limit names its rule.
 */
const frameworkAnswer = (status: number, payload: string | object): Record<string, unknown> | undefined => {
  const own = typeof payload === 'object' && 'code' in payload;
  const message = typeof payload === 'string' ? payload : (payload as { message?: unknown }).message;
  if (own || typeof message !== 'string') return undefined;
  if (status === 404 && message.startsWith('Cannot ')) return { message: 'no such route' };
  if (status === 413)
    return { message: `the body is over ${MAX_BODY_BYTES} bytes (${INPUT_RULES.size})`, rule: INPUT_RULES.size, limit: MAX_BODY_BYTES };
  if (status === 415) return { message: 'the body must be application/json' };
  return undefined;
};

const httpCode = (status: number): string =>
  ({
    400: 'BAD_REQUEST',
    401: 'UNAUTHENTICATED',
    403: 'FORBIDDEN',
    404: 'NOT_FOUND',
    409: 'CONFLICT',
    413: 'PAYLOAD_TOO_LARGE',
    415: 'UNSUPPORTED_MEDIA_TYPE',
  })[status] ?? `HTTP_${status}`;
