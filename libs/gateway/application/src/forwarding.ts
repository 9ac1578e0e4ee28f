import { HttpException, Inject, Injectable, Logger } from '@nestjs/common';
import { EVENT_LOG, EventLog } from '@hw/platform/event-log';
import { GATEWAY_CONFIG, GatewayConfig, Owner } from './gateway.config';
import { FreshnessService } from './freshness';

/** The owner's answer to a forwarded action, as the gateway passes it on. */
export interface Forwarded {
  status: number;
  body: unknown;
  /** On success: the log position of the newest event of the stream acted on (read your writes). */
  position?: bigint;
  owner: Owner | 'identity';
}

const unavailable = (owner: string, timedOut: boolean) =>
  new HttpException(
    {
      code: timedOut ? 'OWNER_TIMEOUT' : 'OWNER_UNAVAILABLE',
      message: timedOut
        ? `${owner} did not answer in time; the action may or may not have been taken`
        : `${owner} cannot be reached; nothing was forwarded`,
      owner,
    },
    timedOut ? 504 : 502,
  );

/**
 * Forwards staff actions to the service that owns them (the gateway decides nothing): the
 * staff member's own bearer token, the body as given, and the owner's status and body back.
 * After a success it reads the position of the newest event of the stream acted on, so the
 * caller (and the console) can wait until the read models reflect it.
 */
@Injectable()
export class ForwardingService {
  private readonly logger = new Logger('gateway-forward');

  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    @Inject(EVENT_LOG) private readonly log: EventLog,
    private readonly freshness: FreshnessService,
  ) {}

  async forward(
    owner: Owner | 'identity',
    path: string,
    authorization: string | undefined,
    body: unknown,
    stream?: (answer: unknown) => string | undefined,
    staff?: string,
  ): Promise<Forwarded> {
    let response: Response;
    try {
      response = await fetch(`${this.config.urls[owner]}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', ...(authorization ? { authorization } : {}) },
        body: JSON.stringify(body ?? {}),
        signal: AbortSignal.timeout(this.config.forwardTimeoutMs),
      });
    } catch (error) {
      const timedOut = (error as Error)?.name === 'TimeoutError';
      this.logger.warn(`forward to ${owner} failed: ${(error as Error)?.name ?? 'error'}`);
      throw unavailable(owner, timedOut);
    }
    const text = await response.text();
    let answer: unknown = undefined;
    if (text) {
      try {
        answer = JSON.parse(text);
      } catch {
        answer = { code: 'OWNER_ANSWER_NOT_JSON', status: response.status };
      }
    }
    const forwarded: Forwarded = { status: response.status, body: answer, owner };
    const streamId = response.ok ? stream?.(answer) : undefined;
    if (streamId) {
      const [last] = await this.log.readStream(streamId, { direction: 'backwards', maxCount: 1 });
      if (last) {
        forwarded.position = last.position;
        if (staff) this.freshness.wrote(staff, last.position);
      }
    }
    return forwarded;
  }
}
