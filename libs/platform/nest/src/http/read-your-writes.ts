import { applyDecorators, BadRequestException, createParamDecorator, ExecutionContext, ServiceUnavailableException } from '@nestjs/common';
import { ApiHeader, ApiResponse } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DataSource } from 'typeorm';
import { BoundedMap } from '@hw/platform/core';
import { Checkpoint } from '@hw/platform/projections';

/**
 * Read your writes over HTTP: a write's answer names its log position (X-Log-Position); a later
 * read may name it back, and is answered once the read model reflects it — or 503
 * READ_MODEL_BEHIND after a bounded wait. Shared by every service whose reads lag its writes.
 */

/** The position a read must reflect, when the client names one (the X-Log-Position of an earlier answer); 400 when it names no position. */
export const readPositionOf = (request: FastifyRequest): bigint | undefined => {
  const value = request.headers['x-log-position'];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !/^[0-9]{1,19}$/.test(value))
    throw new BadRequestException({
      code: 'VALIDATION_FAILED',
      field: 'X-Log-Position',
      message: 'X-Log-Position: the decimal log position of an earlier answer',
    });
  return BigInt(value);
};
/** readPositionOf as a route parameter. */
export const ReadPosition = createParamDecorator((_: unknown, ctx: ExecutionContext): bigint | undefined =>
  readPositionOf(ctx.switchToHttp().getRequest<FastifyRequest>()),
);

/** The OpenAPI of a read that reflects the caller's writes: the header it may name (`header` describes it), the 503 it may answer (`behind` says why). */
export const ReadsYourWrites = (header: string, behind: string) =>
  applyDecorators(
    ApiHeader({ name: 'X-Log-Position', required: false, description: header }),
    ApiResponse({ status: 503, description: `READ_MODEL_BEHIND: ${behind}` }),
  );

/** The OpenAPI of a write's X-Log-Position header (a 201's `headers`), for a later read of it (ReadsYourWrites). */
export const WRITE_POSITION = {
  'X-Log-Position': {
    description: "the write's log position (decimal); name it on a later read (X-Log-Position) to read your own write",
    schema: { type: 'string', pattern: '^[0-9]{1,19}$' },
  },
};

/** A write's answer: its log position goes in the X-Log-Position header (WRITE_POSITION), the rest in the body. */
export const positionInHeader = <T extends { position?: bigint }>(reply: FastifyReply, { position, ...answer }: T) => {
  if (position !== undefined) reply.header('X-Log-Position', position.toString());
  return answer;
};

/** Each caller's last write in this process (at most `size` callers): their later reads wait for it without naming it. */
export class LastWrites {
  private readonly positions: BoundedMap<string, bigint>;

  constructor(size: number) {
    this.positions = new BoundedMap<string, bigint>(size);
  }

  /** Remembers the caller's write at `position` (the later one, when it wrote twice). */
  wrote(caller: string, position: bigint | undefined): void {
    if (position === undefined) return;
    const known = this.positions.get(caller);
    if (known === undefined || position > known) this.positions.set(caller, position);
  }

  /** The position a caller's read must reflect: the one it names, or its own last write here, whichever is later. */
  positionToRead(caller: string | undefined, named: bigint | undefined): bigint | undefined {
    const own = caller === undefined ? undefined : this.positions.get(caller);
    if (own === undefined) return named;
    return named === undefined || own > named ? own : named;
  }
}

export interface ReflectWait {
  /** How long a read waits, at most. */
  waitMs: number;
  /** The pause between two looks (by round, from 0). */
  pauseMs: number | ((round: number) => number);
  /** The 503's body besides `code: 'READ_MODEL_BEHIND'`: its message and what else it states. */
  behind: () => Promise<{ message: string; [key: string]: unknown }> | { message: string; [key: string]: unknown };
}

/** Waits until `reflects()` says the read model reflects the write; after `waitMs`, 503 READ_MODEL_BEHIND. */
export const waitUntilReflected = async (reflects: () => Promise<boolean>, { waitMs, pauseMs, behind }: ReflectWait): Promise<void> => {
  const deadline = Date.now() + waitMs;
  for (let round = 0; ; round++) {
    if (await reflects()) return;
    if (Date.now() >= deadline) throw new ServiceUnavailableException({ code: 'READ_MODEL_BEHIND', ...(await behind()) });
    await new Promise((resolve) => setTimeout(resolve, typeof pauseMs === 'number' ? pauseMs : pauseMs(round)));
  }
};

/** Whether the projection `name` has applied the log up to `position` (its checkpoint), in `db`. */
export const checkpointReached = async (db: DataSource, name: string, position: bigint): Promise<boolean> => {
  const checkpoint = await db.getRepository(Checkpoint).findOneBy({ name });
  return checkpoint?.position != null && checkpoint.position >= position;
};
