import { EntityManager } from 'typeorm';
import { RecordedEvent } from '@hw/platform/core';
import { toDomainEvent } from '@hw/platform/event-log';
import { Projection } from '@hw/platform/projections';
import { ComplaintEvent, ConsultationEvent } from '@hw/complaints/domain';
import { ComplaintRow, ConsultationRow } from './entities';

/**
 * The complaint list per seeker, registration, desk office and bureau prefecture, projected from
 * the `complaint-` streams (rebuildable, R-AUD-1). No text: it stays sealed in the log (R-AUD-2).
 */
export const complaintsProjection: Projection = {
  name: 'complaints-list',
  streamPrefixes: ['complaint-'],
  tables: ['complaints'],
  async apply(recorded: RecordedEvent, tx: EntityManager): Promise<void> {
    const event = toDomainEvent<ComplaintEvent>(recorded);
    const repo = tx.getRepository(ComplaintRow);
    const at = recorded.metadata.occurredAt;
    const update = (complaintId: string, change: Partial<ComplaintRow>) => repo.update({ complaintId }, { ...change, updatedAt: at });
    switch (event.type) {
      case 'ComplaintFiled': {
        const d = event.data;
        await repo
          .createQueryBuilder()
          .insert()
          .values({
            complaintId: d.complaintId,
            seekerId: d.seekerId,
            registrationId: d.registrationId,
            category: d.category,
            status: 'filed',
            filingOffice: d.officeCode,
            deskOffice: null,
            consultedOffice: null,
            prefecture: null,
            filedAt: d.filedAt,
            acknowledgeBy: d.acknowledgeBy,
            answerBy: d.answerBy,
            acknowledgementOverdue: false,
            answerOverdue: false,
            sanction: null,
            updatedAt: at,
          })
          .orIgnore()
          .execute();
        return;
      }
      case 'ComplaintAcknowledged':
        await update(event.data.complaintId, { status: 'acknowledged' });
        return;
      case 'ComplaintAnswered':
        await update(event.data.complaintId, { status: 'answered' });
        return;
      case 'ComplaintOverdue':
        await update(
          event.data.complaintId,
          event.data.step === 'acknowledgement' ? { acknowledgementOverdue: true } : { answerOverdue: true },
        );
        return;
      case 'ComplaintResolved':
        await update(event.data.complaintId, { status: 'resolved' });
        return;
      case 'ComplaintEscalated':
        await update(event.data.complaintId, { status: 'escalated', deskOffice: event.data.officeCode });
        return;
      case 'DeskOutcomeRecorded':
        await update(
          event.data.complaintId,
          event.data.outcome === 'sanction-requested'
            ? { status: 'sanction-requested', prefecture: event.data.prefecture ?? null }
            : { status: 'closed-by-desk' },
        );
        return;
      case 'SanctionDecided':
        await update(event.data.complaintId, { status: 'sanction-decided', sanction: event.data.decision });
        return;
      case 'SanctionCarriedOut':
        await update(event.data.complaintId, { sanction: `${event.data.status}` });
        return;
      case 'DeskConsulted':
        await update(event.data.complaintId, { consultedOffice: event.data.officeCode });
        return;
      case 'ConsultationAnswered':
      case 'ComplaintMessagePosted':
      case 'ComplaintTextRead':
      case 'DeskStepRecorded':
        return;
      default:
        return;
    }
  },
};

/** R-CMP-3: the standalone consultations per registration and desk office, from the `consultation-` streams (R-AUD-1). No text. */
export const consultationsProjection: Projection = {
  name: 'complaints-consultations',
  streamPrefixes: ['consultation-'],
  tables: ['complaints_consultations'],
  async apply(recorded: RecordedEvent, tx: EntityManager): Promise<void> {
    const event = toDomainEvent<ConsultationEvent>(recorded);
    const repo = tx.getRepository(ConsultationRow);
    switch (event.type) {
      case 'ConsultationOpened': {
        const d = event.data;
        await repo
          .createQueryBuilder()
          .insert()
          .values({
            consultationId: d.consultationId,
            registrationId: d.registrationId,
            officeCode: d.officeCode,
            threadId: d.threadId ?? null,
            status: 'open',
            openedAt: d.openedAt,
            answeredAt: null,
          })
          .orIgnore()
          .execute();
        return;
      }
      case 'ConsultationAnswered':
        await repo.update({ consultationId: event.data.consultationId }, { status: 'answered', answeredAt: event.data.at });
        return;
      default:
        return;
    }
  },
};
