import { DomainError } from '@hw/platform/core';
import { handlersByType, IntegrationEvent } from '@hw/platform/bus';
import { EventLog, handleCommand } from '@hw/platform/event-log';
import { causedBy, IntegrationProjection } from '@hw/platform/projections';
import { REGISTRATION_TOPIC, RegistrationIntegrationEvent, SeekerEvents } from '@hw/registration/contracts';
import { ThreadCommand, threadDecider, threadStreamId } from '@hw/messaging/domain';
import { derivedUuid, threadIdOf } from './derived-ids';

/** The thread command a disclosure or its withdrawal causes (ids derived from the event's id); any other registration event causes none. */
const commandOf: (event: IntegrationEvent) => ThreadCommand | null = handlersByType<RegistrationIntegrationEvent>()(
  {
    [SeekerEvents.SeekerDisclosedIdentity]: (d, event) => ({
      type: 'DiscloseIdentity',
      data: {
        threadId: threadIdOf(d.registrationId, d.seekerId),
        seekerId: d.seekerId,
        disclosureId: derivedUuid('disclosure', event.id),
        fields: [...d.fields],
        at: new Date(d.disclosedAt),
      },
    }),
    [SeekerEvents.SeekerWithdrewDisclosure]: (d, event) => ({
      type: 'WithdrawDisclosure',
      data: {
        threadId: threadIdOf(d.registrationId, d.seekerId),
        seekerId: d.seekerId,
        withdrawalId: derivedUuid('withdrawal', event.id),
        at: new Date(d.withdrawnAt),
      },
    }),
  },
  () => null,
);

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
    const command = commandOf(event);
    if (!command) return;
    const metadata = causedBy(event, { kind: 'seeker', id: command.data.seekerId });
    try {
      await handleCommand(log, threadDecider, threadStreamId(command.data.threadId), command, metadata);
    } catch (error) {
      if (error instanceof DomainError && error.code === 'THREAD_NOT_FOUND') return; // no thread between them
      throw error;
    }
  },
});
