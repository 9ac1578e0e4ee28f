import { derivedUuid } from '@hw/messaging/contracts';

// The thread id is a public contract (registration derives it too); defined in messaging's contracts.
export { derivedUuid, threadIdOf } from '@hw/messaging/contracts';

export const messageIdOf = (registrationId: string, idempotencyKey: string): string =>
  derivedUuid('message', registrationId, idempotencyKey);
