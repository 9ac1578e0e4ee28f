import { EntityManager } from 'typeorm';
import { IntegrationEvent } from '@hw/platform/bus';
import { insertOnce, IntegrationProjection } from '@hw/platform/projections';
import { MESSAGING_TOPIC, MessageSentV1, MessagingEvents, SeekerRepliedV1 } from '@hw/messaging/contracts';
import { periodIdOfDay } from '@hw/reporting/domain';
import { run } from './sql';

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
    let fact: { registrationId: string; day: string };
    if (event.type === MessagingEvents.MessageSent) {
      const d = event.data as MessageSentV1;
      fact = d;
      await insertOnce(tx, 'reporting_messages', 'message_id', {
        message_id: d.messageId,
        registration_id: d.registrationId,
        department_id: d.departmentId,
        thread_id: d.threadId,
        day: d.day,
      });
    } else if (event.type === MessagingEvents.SeekerReplied) {
      const d = event.data as SeekerRepliedV1;
      fact = d;
      await insertOnce(tx, 'reporting_replies', 'message_id', {
        message_id: d.messageId,
        registration_id: d.registrationId,
        thread_id: d.threadId,
        day: d.day,
      });
    } else return;
    // The stamp changes with every fact, so a recount that read before this commit keeps the mark.
    await run(
      tx,
      `INSERT INTO reporting_prefill_checks (registration_id, period, stamp) VALUES (:registrationId, :period, :stamp)
       ON CONFLICT (registration_id, period) DO UPDATE SET stamp = excluded.stamp`,
      { registrationId: fact.registrationId, period: periodIdOfDay(fact.day), stamp: event.id },
    );
  },
};
