import { EventMetadata, newId, Principal } from '@hw/platform/core';

/** Who calls, as a token states it (TokenClaims, or a context's own view of one): its kind and subject. */
export interface Caller {
  kind: Principal['kind'];
  sub: string;
}

/** The metadata of a command its caller issues: a new correlation, the caller as principal, the time it is issued (the injected CLOCK's). */
export const callerMetadata = (caller: Caller, occurredAt: string): EventMetadata => ({
  correlationId: newId(),
  principal: { kind: caller.kind, id: caller.sub },
  occurredAt,
});

/** The metadata of a command a service issues on its own (a clock's pass): a new correlation, the system principal `id`. */
export const systemMetadata = (id: string, occurredAt: string): EventMetadata => ({
  correlationId: newId(),
  principal: { kind: 'system', id },
  occurredAt,
});
