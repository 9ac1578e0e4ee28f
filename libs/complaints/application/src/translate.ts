import { RecordedEvent } from '@hw/platform/core';
import { toDomainEvent } from '@hw/platform/event-log';
import { envelopeOf, IntegrationEvent } from '@hw/platform/bus';
import { ComplaintEvent, ConsultationEvent } from '@hw/complaints/domain';
import { ComplaintsEvents, ComplaintsIntegrationEvent } from '@hw/complaints/contracts';

/** Domain → integration events: ids, categories, states, times. Never a text, a note, a reason or the seeker (R-AUD-2). */
export const translateComplaintEvent = (recorded: RecordedEvent): IntegrationEvent | null => {
  if (recorded.streamId.startsWith('consultation-')) return translateConsultationEvent(recorded);
  const event = toDomainEvent<ComplaintEvent>(recorded);
  let out: ComplaintsIntegrationEvent;
  switch (event.type) {
    case 'ComplaintFiled': {
      const { complaintId, registrationId, category, filedAt, acknowledgeBy, answerBy } = event.data;
      out = { type: ComplaintsEvents.ComplaintFiled, data: { complaintId, registrationId, category, filedAt, acknowledgeBy, answerBy } };
      break;
    }
    case 'ComplaintAcknowledged':
      out = { type: ComplaintsEvents.ComplaintAcknowledged, data: { complaintId: event.data.complaintId, at: event.data.at } };
      break;
    case 'ComplaintAnswered':
      out = { type: ComplaintsEvents.ComplaintAnswered, data: { complaintId: event.data.complaintId, at: event.data.at } };
      break;
    case 'ComplaintOverdue': {
      const { complaintId, step, dueAt, at } = event.data;
      out = { type: ComplaintsEvents.ComplaintOverdue, data: { complaintId, step, dueAt, at } };
      break;
    }
    case 'ComplaintResolved':
      out = { type: ComplaintsEvents.ComplaintResolved, data: { complaintId: event.data.complaintId, at: event.data.at } };
      break;
    case 'ComplaintEscalated': {
      const { complaintId, reason, officeCode, at } = event.data;
      out = { type: ComplaintsEvents.ComplaintEscalated, data: { complaintId, reason, officeCode, at } };
      break;
    }
    case 'DeskOutcomeRecorded': {
      const { complaintId, outcome, prefecture, at } = event.data;
      out = { type: ComplaintsEvents.DeskOutcomeRecorded, data: { complaintId, outcome, ...(prefecture ? { prefecture } : {}), at } };
      break;
    }
    case 'SanctionDecided': {
      const { complaintId, registrationId, prefecture, decision, until, at } = event.data;
      out = {
        type: ComplaintsEvents.SanctionDecided,
        data: { complaintId, registrationId, prefecture, decision, ...(until ? { until } : {}), at },
      };
      break;
    }
    case 'SanctionCarriedOut': {
      const { complaintId, registrationId, registrationEventId, status, at } = event.data;
      out = { type: ComplaintsEvents.SanctionCarriedOut, data: { complaintId, registrationId, registrationEventId, status, at } };
      break;
    }
    case 'ComplaintTextRead': {
      // R-STF-2: who read the complaint's texts and when, for the auditors' record; never the text.
      const { complaintId, staffId, role, at } = event.data;
      out = { type: ComplaintsEvents.ComplaintTextRead, data: { complaintId, staffId, role, at } };
      break;
    }
    case 'DeskStepRecorded': {
      // R-CMP-2: that the desk took a step, who and when — the note stays sealed in the log (R-AUD-2).
      const { complaintId, staffId, at } = event.data;
      out = { type: ComplaintsEvents.DeskStepRecorded, data: { complaintId, staffId, at } };
      break;
    }
    default:
      // Messages and the desk's consultation texts stay in the complaint's own log (R-CMP-4).
      return null;
  }
  return { ...envelopeOf(recorded), ...out };
};

/** R-CMP-3: a standalone consultation opened and answered — ids, office, times; never the text nor the thread (R-SKR-5). */
const translateConsultationEvent = (recorded: RecordedEvent): IntegrationEvent | null => {
  const event = toDomainEvent<ConsultationEvent>(recorded);
  let out: ComplaintsIntegrationEvent;
  switch (event.type) {
    case 'ConsultationOpened': {
      const { consultationId, registrationId, officeCode, openedAt } = event.data;
      out = { type: ComplaintsEvents.ConsultationOpened, data: { consultationId, registrationId, officeCode, openedAt } };
      break;
    }
    case 'ConsultationAnswered': {
      const { consultationId, officeCode, at } = event.data;
      out = { type: ComplaintsEvents.ConsultationAnswered, data: { consultationId, officeCode, at } };
      break;
    }
    case 'ConsultationRead': {
      // R-STF-2: who read the consultation's thread and when; never the thread.
      const { consultationId, staffId, role, at } = event.data;
      out = { type: ComplaintsEvents.ConsultationRead, data: { consultationId, staffId, role, at } };
      break;
    }
    default:
      return null;
  }
  return { ...envelopeOf(recorded), ...out };
};
