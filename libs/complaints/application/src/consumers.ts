import { EntityManager } from 'typeorm';
import { Logger } from '@nestjs/common';
import { DomainError } from '@hw/platform/core';
import { IntegrationEvent } from '@hw/platform/bus';
import { EventLog, handleCommand } from '@hw/platform/event-log';
import { causedBy, IntegrationProjection, destroySeekerKey, runSql } from '@hw/platform/projections';
import { MESSAGING_TOPIC, MessageSentV1, MessagingEvents, threadIdOf } from '@hw/messaging/contracts';
import {
  REGISTRATION_TOPIC,
  RegistrationApprovedV1,
  RegistrationLifecycleEvents,
  RegistrationStatusChangedV1,
  SeekerErasedV1,
  SeekerEvents,
} from '@hw/registration/contracts';
import { complaintDecider, complaintStreamId } from '@hw/complaints/domain';

const logger = new Logger('complaints-consumers');

/**
 * R-CMP-1: which threads exist, from `messaging.MessageSent.v1` — a seeker may complain about a
 * registration they share a thread with (`threadIdOf(registrationId, seekerId)`). No personal data.
 */
export const complaintThreadsConsumer: IntegrationProjection = {
  name: 'complaints-threads',
  topics: [MESSAGING_TOPIC],
  tables: ['complaints_threads'],
  async handle(event: IntegrationEvent, tx: EntityManager): Promise<void> {
    if (event.type !== MessagingEvents.MessageSent) return;
    const d = event.data as MessageSentV1;
    await runSql(
      tx,
      'INSERT INTO complaints_threads (thread_id, registration_id) VALUES (:threadId, :registrationId) ON CONFLICT (thread_id) DO NOTHING',
      {
        threadId: d.threadId,
        registrationId: d.registrationId,
      },
    );
  },
};

/** R-ORG-2 / R-CMP-5: each registration's prefecture, from `registration.RegistrationApproved.v1`: the bureau that decides. */
export const complaintRegistrationsConsumer: IntegrationProjection = {
  name: 'complaints-registrations',
  topics: [REGISTRATION_TOPIC],
  tables: ['complaints_registrations'],
  async handle(event: IntegrationEvent, tx: EntityManager): Promise<void> {
    if (event.type !== RegistrationLifecycleEvents.RegistrationApproved) return;
    const d = event.data as RegistrationApprovedV1;
    await runSql(
      tx,
      'INSERT INTO complaints_registrations (registration_id, prefecture) VALUES (:registrationId, :prefecture) ON CONFLICT (registration_id) DO NOTHING',
      {
        registrationId: d.registrationId,
        prefecture: d.prefecture,
      },
    );
  },
};

/**
 * R-CMP-5, the link back: registration carried out a complaint's sanction (its status change names
 * the complaint: `complaintId`), so the complaint records `SanctionCarriedOut` with registration's
 * event id. A redelivery records nothing new (the decider records it once).
 */
export const sanctionCarriedOutConsumer = (log: EventLog): IntegrationProjection => ({
  name: 'complaints-sanctions-carried-out',
  topics: [REGISTRATION_TOPIC],
  async handle(event: IntegrationEvent): Promise<void> {
    if (event.type !== RegistrationLifecycleEvents.RegistrationStatusChanged) return;
    const d = event.data as RegistrationStatusChangedV1;
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
});

/**
 * R-AUD-2 in complaints: on `registration.SeekerErased.v1` the seeker's complaints key is
 * destroyed — the complaint texts, the conversations, notes and reasons, sealed under it in the log
 * and its backups, no longer open. The events stay: counts, states and times stay correct.
 */
export const complaintsErasureConsumer: IntegrationProjection = {
  name: 'complaints-erasure',
  topics: [REGISTRATION_TOPIC],
  async handle(event: IntegrationEvent, tx: EntityManager): Promise<void> {
    if (event.type !== SeekerEvents.SeekerErased) return;
    const { seekerId, erasedAt } = event.data as SeekerErasedV1;
    await runSql(
      tx,
      'INSERT INTO complaints_erased_seekers (seeker_id, erased_at) VALUES (:seekerId, :erasedAt) ON CONFLICT (seeker_id) DO NOTHING',
      { seekerId, erasedAt },
    );
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
        await runSql(
          tx,
          'INSERT INTO complaints_erased_consultations (consultation_id, erased_at) VALUES (:consultationId, :erasedAt) ON CONFLICT (consultation_id) DO NOTHING',
          { consultationId, erasedAt },
        );
        await destroySeekerKey(tx, consultationId);
      }
    }
  },
};
