import { RecordedEvent } from '@hw/platform/core';
import { toDomainEvent } from '@hw/platform/event-log';
import { IntegrationEnvelope, IntegrationEvent } from '@hw/platform/bus';
import { RegistrationLifecycleEvents } from '@hw/registration/contracts';
import { RegistrationEvent, RegistrationSummary } from '@hw/registration/domain';

const summaryFields = (s: RegistrationSummary) => ({
  organisationId: s.organisationId,
  organisationKind: s.organisationKind,
  category: s.category,
  prefecture: s.prefecture,
  ...(s.permitNumber ? { permitNumber: s.permitNumber } : {}),
  ...(s.localGovernmentCode ? { localGovernmentCode: s.localGovernmentCode } : {}),
  departmentIds: s.departmentIds,
  contractors: s.contractors,
});

/**
 * Organisations' registrations: domain events of `registration-<id>` streams → the public
 * `registration.Registration*.v1` events. Officers' names and contacts are never copied: the
 * events carry `complaintOfficerVersion` (R-ORG-7, R-MSG-4). Requests awaiting the bureau
 * (submitted, change/renewal/suspension requested) and rejections are not published.
 */
export const translateOrganisationRegistrationEvent = (recorded: RecordedEvent, envelope: IntegrationEnvelope): IntegrationEvent | null => {
  const event = toDomainEvent<RegistrationEvent>(recorded);
  const status = (status: 'active' | 'suspended' | 'terminated' | 'expired', reason: string, at: string, until?: string) => ({
    ...envelope,
    type: RegistrationLifecycleEvents.RegistrationStatusChanged,
    // R-CMP-5: a sanction carried out for a complaint names it (the command's metadata, never free text).
    data: {
      registrationId: event.data.registrationId,
      status,
      reason,
      ...(until ? { until } : {}),
      ...(typeof recorded.metadata.complaintId === 'string' ? { complaintId: recorded.metadata.complaintId } : {}),
      at,
    },
  });
  switch (event.type) {
    case 'ApplicationApproved':
      return {
        ...envelope,
        type: RegistrationLifecycleEvents.RegistrationApproved,
        data: {
          registrationId: event.data.registrationId,
          ...summaryFields(event.data.summary),
          usagePeriodEndsAt: event.data.usagePeriodEndsAt,
          complaintOfficerVersion: event.data.complaintOfficerVersion,
          approvedAt: event.data.approvedAt,
        },
      };
    case 'ChangeApproved':
      return {
        ...envelope,
        type: RegistrationLifecycleEvents.RegistrationChanged,
        data: {
          registrationId: event.data.registrationId,
          category: event.data.summary.category,
          departmentIds: event.data.summary.departmentIds,
          contractors: event.data.summary.contractors,
          complaintOfficerVersion: event.data.complaintOfficerVersion,
          changedAt: event.data.approvedAt,
        },
      };
    case 'RegistrationRenewed':
      return { ...envelope, type: RegistrationLifecycleEvents.RegistrationRenewed, data: event.data };
    case 'RegistrationSuspended':
      return status('suspended', event.data.reason, event.data.suspendedAt, event.data.until);
    case 'RegistrationResumed':
      return status('active', event.data.reason, event.data.resumedAt);
    case 'RegistrationTerminated':
      return status('terminated', 'terminated by the bureau', event.data.terminatedAt);
    case 'RegistrationExpired':
      return status('expired', 'usage period ended', event.data.expiredAt);
    case 'PaidServiceNotificationFiled':
      return { ...envelope, type: RegistrationLifecycleEvents.PaidServiceNotificationFiled, data: event.data };
    default:
      return null;
  }
};
