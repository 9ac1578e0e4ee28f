import { EntityManager } from 'typeorm';
import { handlersByType, IntegrationEvent } from '@hw/platform/bus';
import { insertOnce, IntegrationProjection } from '@hw/platform/projections';
import { MESSAGING_TOPIC, MessagingEvents, MessagingIntegrationEvent } from '@hw/messaging/contracts';
import { periodIdOfDay } from '@hw/reporting/domain';
import { run } from './sql';

/** A fact R-REP-2 counts: its row (one per message id) in its table, and the registration and Japan-time day it counts for. */
interface Fact {
  table: 'reporting_messages' | 'reporting_replies';
  row: Record<string, unknown>;
  registrationId: string;
  day: string;
}

/** The fact of each counted messaging event type (a message sent, a seeker's reply); any other type is none. */
const factOf: (event: IntegrationEvent) => Fact | null = handlersByType<MessagingIntegrationEvent>()(
  {
    [MessagingEvents.MessageSent]: (d) => ({
      table: 'reporting_messages',
      row: { message_id: d.messageId, registration_id: d.registrationId, department_id: d.departmentId, thread_id: d.threadId, day: d.day },
      registrationId: d.registrationId,
      day: d.day,
    }),
    [MessagingEvents.SeekerReplied]: (d) => ({
      table: 'reporting_replies',
      row: { message_id: d.messageId, registration_id: d.registrationId, thread_id: d.threadId, day: d.day },
      registrationId: d.registrationId,
      day: d.day,
    }),
  },
  () => null,
);

/**
 * The facts R-REP-2's prefill counts: each message sent and each seeker reply, with its
 * Japan-time day, one row per message id (inbox + primary key: effectively once). The figures a
 * report carries are copied into its own stream when it opens, so a later rebuild of these
 * tables can never change a filed report. Each new fact also marks its (registration, period)
 * for a recount: a message in transit on the bus at 00:00 JST reaches the report by the clock
 * pass's correction, never silently missed.
 */
export const reportingMessagesConsumer: IntegrationProjection = {
  name: 'reporting-messages',
  topics: [MESSAGING_TOPIC],
  tables: ['reporting_messages', 'reporting_replies'],
  async handle(event: IntegrationEvent, tx: EntityManager): Promise<void> {
    const fact = factOf(event);
    if (!fact) return;
    await insertOnce(tx, fact.table, 'message_id', fact.row);
    // The stamp changes with every fact, so a recount that read before this commit keeps the mark.
    await run(
      tx,
      `INSERT INTO reporting_prefill_checks (registration_id, period, stamp) VALUES (:registrationId, :period, :stamp)
       ON CONFLICT (registration_id, period) DO UPDATE SET stamp = excluded.stamp`,
      { registrationId: fact.registrationId, period: periodIdOfDay(fact.day), stamp: event.id },
    );
  },
};
