import { RecordedEvent } from '@hw/platform/core';
import { fieldCopier, IntegrationEvent, translator } from '@hw/platform/bus';
import { ComplaintEvent, ConsultationEvent } from '@hw/complaints/domain';
import { ComplaintsEvents, ComplaintsIntegrationEvent } from '@hw/complaints/contracts';

const copy = fieldCopier<ComplaintsIntegrationEvent>();

/** Domain → integration events: ids, categories, states, times. Never a text, a note, a reason or the seeker (R-AUD-2). */
const translateComplaint = translator<ComplaintEvent, ComplaintsIntegrationEvent>({
  ComplaintFiled: copy(ComplaintsEvents.ComplaintFiled, [
    'complaintId',
    'registrationId',
    'category',
    'filedAt',
    'acknowledgeBy',
    'answerBy',
  ]),
  ComplaintAcknowledged: copy(ComplaintsEvents.ComplaintAcknowledged, ['complaintId', 'at']),
  ComplaintAnswered: copy(ComplaintsEvents.ComplaintAnswered, ['complaintId', 'at']),
  ComplaintOverdue: copy(ComplaintsEvents.ComplaintOverdue, ['complaintId', 'step', 'dueAt', 'at']),
  ComplaintResolved: copy(ComplaintsEvents.ComplaintResolved, ['complaintId', 'at']),
  ComplaintEscalated: copy(ComplaintsEvents.ComplaintEscalated, ['complaintId', 'reason', 'officeCode', 'at']),
  DeskOutcomeRecorded: ({ complaintId, outcome, prefecture, at }) => ({
    type: ComplaintsEvents.DeskOutcomeRecorded,
    data: { complaintId, outcome, ...(prefecture ? { prefecture } : {}), at },
  }),
  SanctionDecided: ({ complaintId, registrationId, prefecture, decision, until, at }) => ({
    type: ComplaintsEvents.SanctionDecided,
    data: { complaintId, registrationId, prefecture, decision, ...(until ? { until } : {}), at },
  }),
  SanctionCarriedOut: copy(ComplaintsEvents.SanctionCarriedOut, ['complaintId', 'registrationId', 'registrationEventId', 'status', 'at']),
  // R-STF-2: who read the complaint's texts and when, for the auditors' record; never the text.
  ComplaintTextRead: copy(ComplaintsEvents.ComplaintTextRead, ['complaintId', 'staffId', 'role', 'at']),
  // R-CMP-2: that the desk took a step, who and when — the note stays sealed in the log (R-AUD-2).
  DeskStepRecorded: copy(ComplaintsEvents.DeskStepRecorded, ['complaintId', 'staffId', 'at']),
  // Messages and the desk's consultation texts stay in the complaint's own log (R-CMP-4).
  ComplaintMessagePosted: null,
  DeskConsulted: null,
  ConsultationAnswered: null,
});

/** R-CMP-3: a standalone consultation opened and answered — ids, office, times; never the text nor the thread (R-SKR-5). */
const translateConsultation = translator<ConsultationEvent, ComplaintsIntegrationEvent>({
  ConsultationOpened: copy(ComplaintsEvents.ConsultationOpened, ['consultationId', 'registrationId', 'officeCode', 'openedAt']),
  ConsultationAnswered: copy(ComplaintsEvents.ConsultationAnswered, ['consultationId', 'officeCode', 'at']),
  // R-STF-2: who read the consultation's thread and when; never the thread.
  ConsultationRead: copy(ComplaintsEvents.ConsultationRead, ['consultationId', 'staffId', 'role', 'at']),
});

export const translateComplaintEvent = (recorded: RecordedEvent): IntegrationEvent | null =>
  recorded.streamId.startsWith('consultation-') ? translateConsultation(recorded) : translateComplaint(recorded);
