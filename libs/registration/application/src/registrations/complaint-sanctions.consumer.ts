import { Logger } from '@nestjs/common';
import { DomainError } from '@hw/platform/core';
import { handlersByType } from '@hw/platform/bus';
import { EventLog, handleCommand } from '@hw/platform/event-log';
import { causedBy, IntegrationProjection } from '@hw/platform/projections';
import { COMPLAINTS_TOPIC, ComplaintsEvents, ComplaintsIntegrationEvent, sanctionReasonOf } from '@hw/complaints/contracts';
import { RegistrationCommand, registrationDecider, registrationStreamId } from '@hw/registration/domain';

const logger = new Logger('complaint-sanctions');

/**
 * R-CMP-5 / R-ORG-1: a sanction the bureau decided on a complaint (`complaints.SanctionDecided.v1`)
 * is carried out through the registration's own lifecycle — SuspendAsSanction (until the date) or
 * Terminate — acting as the deciding prefecture's bureau, which the decider checks again (R-ORG-2).
 * Linked both ways: the note names the complaint, the event's metadata carries its id (published in
 * `registration.RegistrationStatusChanged.v1`), and complaints records SanctionCarriedOut.
 * A registration no longer in a state to take it (e.g. already terminated) refuses; that is logged
 * by code and not retried.
 */
export const complaintSanctionsConsumer = (log: EventLog): IntegrationProjection => ({
  name: 'registration-complaint-sanctions',
  topics: [COMPLAINTS_TOPIC],
  handle: handlersByType<ComplaintsIntegrationEvent>()(
    {
      [ComplaintsEvents.SanctionDecided]: async (d, event) => {
        if (d.decision === 'no-action') return;
        const by = { kind: 'staff' as const, id: `complaint-${d.complaintId}`, role: 'bureau-officer', prefecture: d.prefecture };
        const base = { registrationId: d.registrationId, at: d.at, by };
        const reason = sanctionReasonOf(d.complaintId);
        const command: RegistrationCommand =
          d.decision === 'suspension'
            ? { type: 'SuspendAsSanction', data: { ...base, reason, ...(d.until ? { until: d.until } : {}) } }
            : { type: 'Terminate', data: { ...base, reason } };
        const metadata = { ...causedBy(event, { kind: 'staff', id: by.id }), complaintId: d.complaintId };
        try {
          await handleCommand(log, registrationDecider, registrationStreamId(d.registrationId), command, metadata);
        } catch (error) {
          if (!(error instanceof DomainError)) throw error;
          logger.warn(`sanction of a complaint not carried out: ${error.code} (${error.rule ?? 'no rule'})`);
        }
      },
    },
    // A complaint's other events: no sanction to carry out.
    async () => undefined,
  ),
});
