import { DomainError } from '@hw/platform/core';
import { IntegrationEvent } from '@hw/platform/bus';
import { EventLog, handleCommand } from '@hw/platform/event-log';
import { causedBy, IntegrationProjection } from '@hw/platform/projections';
import { REGISTRATION_TOPIC, SeekerDisclosedIdentityV1, SeekerEvents, SeekerWithdrewDisclosureV1 } from '@hw/registration/contracts';
import { ThreadCommand, threadDecider, threadStreamId } from '@hw/messaging/domain';
import { derivedUuid, threadIdOf } from './derived-ids';

/**
 * R-SKR-5: the seeker discloses once, at registration (which seals and records it, and is the
 * only place the values are read). The disclosure is to a registration, and a registration and a
 * seeker share exactly one thread (R-MSG-1), so messaging records it — and its withdrawal — in
 * that thread, caused by registration's event: the organisation sees it in its thread list.
 * Ids derive from registration's event id: a redelivery records nothing new. A disclosure to a
 * registration that has no thread with the seeker has no thread to record it in.
 */
export const disclosuresConsumer = (log: EventLog): IntegrationProjection => ({
  name: 'messaging-disclosures',
  topics: [REGISTRATION_TOPIC],
  async handle(event: IntegrationEvent): Promise<void> {
    let command: ThreadCommand;
    let threadId: string;
    if (event.type === SeekerEvents.SeekerDisclosedIdentity) {
      const d = event.data as SeekerDisclosedIdentityV1;
      threadId = threadIdOf(d.registrationId, d.seekerId);
      command = {
        type: 'DiscloseIdentity',
        data: {
          threadId,
          seekerId: d.seekerId,
          disclosureId: derivedUuid('disclosure', event.id),
          fields: [...d.fields],
          at: new Date(d.disclosedAt),
        },
      };
    } else if (event.type === SeekerEvents.SeekerWithdrewDisclosure) {
      const d = event.data as SeekerWithdrewDisclosureV1;
      threadId = threadIdOf(d.registrationId, d.seekerId);
      command = {
        type: 'WithdrawDisclosure',
        data: { threadId, seekerId: d.seekerId, withdrawalId: derivedUuid('withdrawal', event.id), at: new Date(d.withdrawnAt) },
      };
    } else {
      return;
    }
    const metadata = causedBy(event, { kind: 'seeker', id: command.data.seekerId });
    try {
      await handleCommand(log, threadDecider, threadStreamId(threadId), command, metadata);
    } catch (error) {
      if (error instanceof DomainError && error.code === 'THREAD_NOT_FOUND') return; // no thread between them
      throw error;
    }
  },
});
