import { Logger } from '@nestjs/common';
import { DomainError } from '@hw/platform/core';
import { handlersByType } from '@hw/platform/bus';
import { EventLog, handleCommand } from '@hw/platform/event-log';
import { causedBy, destroySeekerKey, insertOnce, insertOnceConsumer, IntegrationProjection, runSql } from '@hw/platform/projections';
import { MESSAGING_TOPIC, MessagingEvents, MessagingIntegrationEvent, threadIdOf } from '@hw/messaging/contracts';
import { REGISTRATION_TOPIC, RegistrationIntegrationEvent, RegistrationLifecycleEvents, SeekerEvents } from '@hw/registration/contracts';
import { complaintDecider, complaintStreamId } from '@hw/complaints/domain';

const logger = new Logger('complaints-consumers');

/** A registration event these consumers do not act on: nothing to do (the inbox still records it consumed). */
const passedOver = async (): Promise<void> => undefined;

/**
 * R-CMP-1: which threads exist, from `messaging.MessageSent.v1` — a seeker may complain about a
 * registration they share a thread with (`threadIdOf(registrationId, seekerId)`). No personal data.
 */
export const complaintThreadsConsumer = insertOnceConsumer<MessagingIntegrationEvent>()({
  name: 'complaints-threads',
  topic: MESSAGING_TOPIC,
  eventType: MessagingEvents.MessageSent,
  table: 'complaints_threads',
  key: 'thread_id',
  row: (d) => ({ thread_id: d.threadId, registration_id: d.registrationId }),
});

/** R-ORG-2 / R-CMP-5: each registration's prefecture, from `registration.RegistrationApproved.v1`: the bureau that decides. */
export const complaintRegistrationsConsumer = insertOnceConsumer<RegistrationIntegrationEvent>()({
  name: 'complaints-registrations',
  topic: REGISTRATION_TOPIC,
  eventType: RegistrationLifecycleEvents.RegistrationApproved,
  table: 'complaints_registrations',
  key: 'registration_id',
  row: (d) => ({ registration_id: d.registrationId, prefecture: d.prefecture }),
});

/**
 * R-CMP-5, the link back: registration carried out a complaint's sanction (its status change names
 * the complaint: `complaintId`), so the complaint records `SanctionCarriedOut` with registration's
 * event id. A redelivery records nothing new (the decider records it once).
 */
export const sanctionCarriedOutConsumer = (log: EventLog): IntegrationProjection => ({
  name: 'complaints-sanctions-carried-out',
  topics: [REGISTRATION_TOPIC],
  handle: handlersByType<RegistrationIntegrationEvent>()(
    {
      [RegistrationLifecycleEvents.RegistrationStatusChanged]: async (d, event) => {
        const complaintId = d.complaintId;
        if (!complaintId) return;
        const metadata = causedBy(event, { kind: 'system', id: 'registration' });
        try {
          await handleCommand(
            log,
            complaintDecider,
            complaintStreamId(complaintId),
            {
              type: 'RecordSanctionCarriedOut',
              actor: { kind: 'system', id: 'registration' },
              registrationEventId: event.id,
              status: d.status,
              at: d.at,
            },
            metadata,
          );
        } catch (error) {
          // A change naming a complaint this log does not hold, or one with no sanction decided, is no link: not retried forever.
          if (!(error instanceof DomainError)) throw error;
          logger.warn(`sanction carried out not linked: ${error.code} (${error.rule ?? 'no rule'})`);
        }
      },
    },
    passedOver,
  ),
});

/**
 * R-AUD-2 in complaints: on `registration.SeekerErased.v1` the seeker's complaints key is
 * destroyed — the complaint texts, the conversations, notes and reasons, sealed under it in the log
 * and its backups, no longer open. The events stay: counts, states and times stay correct.
 */
export const complaintsErasureConsumer: IntegrationProjection = {
  name: 'complaints-erasure',
  topics: [REGISTRATION_TOPIC],
  handle: handlersByType<RegistrationIntegrationEvent>()(
    {
      [SeekerEvents.SeekerErased]: async ({ seekerId, erasedAt }, _event, tx) => {
        await insertOnce(tx, 'complaints_erased_seekers', 'seeker_id', { seeker_id: seekerId, erased_at: erasedAt });
        await destroySeekerKey(tx, seekerId);
        // R-CMP-3 / R-AUD-2: a standalone consultation names the seeker only by the registration's
        // thread; the thread of this seeker with each registration that named one is recomputed, and the
        // key of every consultation naming it destroyed.
        const named = (await tx.query(
          'SELECT DISTINCT registration_id AS "registrationId" FROM complaints_consultations WHERE thread_id IS NOT NULL',
        )) as Array<{ registrationId: string }>;
        for (const { registrationId } of named) {
          const threadId = threadIdOf(registrationId, seekerId);
          const hits = (await runSql(
            tx,
            'SELECT consultation_id AS "consultationId" FROM complaints_consultations WHERE registration_id = :registrationId AND thread_id = :threadId',
            { registrationId, threadId },
          )) as Array<{ consultationId: string }>;
          for (const { consultationId } of hits) {
            await insertOnce(tx, 'complaints_erased_consultations', 'consultation_id', {
              consultation_id: consultationId,
              erased_at: erasedAt,
            });
            await destroySeekerKey(tx, consultationId);
          }
        }
      },
    },
    passedOver,
  ),
};
