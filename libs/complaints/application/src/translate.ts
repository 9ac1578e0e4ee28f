import { RecordedEvent } from '@hw/platform/core';
import { toDomainEvent } from '@hw/platform/event-log';
import { envelopeOf, IntegrationEvent } from '@hw/platform/bus';
import { ComplaintEvent } from '@hw/complaints/domain';
import { ComplaintsEvents, ComplaintsIntegrationEvent } from '@hw/complaints/contracts';

/** Domain → integration events: ids, categories, states, times. Never a text, a note, a reason or the seeker (R-AUD-2). */
export const translateComplaintEvent = (recorded: RecordedEvent): IntegrationEvent | null => {
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
    default:
      // Messages, reads and desk steps stay in the complaint's own log (R-CMP-4).
      return null;
  }
  return { ...envelopeOf(recorded), ...out };
};
