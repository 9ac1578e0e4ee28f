import { RecordedEvent } from '@hw/platform/core';
import { toDomainEvent } from '@hw/platform/event-log';
import { IntegrationEnvelope, IntegrationEvent } from '@hw/platform/bus';
import { ChangePartV1, RegistrationLifecycleEvents } from '@hw/registration/contracts';
import { ChangeDetails, RegistrationEvent, RegistrationSummary } from '@hw/registration/domain';

/** What a change application changes, by part (R-ORG-5, R-ORG-7): never the officers or contractors themselves. */
const changeParts = (change: ChangeDetails): ChangePartV1[] => [
  ...(change.contactOfficer ? (['contact-officer'] as const) : []),
  ...(change.complaintOfficer ? (['complaint-officer'] as const) : []),
  ...(change.addContractors?.length ? (['contractors-added'] as const) : []),
  ...(change.removeContractorIds?.length ? (['contractors-removed'] as const) : []),
  ...(change.addDepartments?.length ? (['departments-added'] as const) : []),
];

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
 * (submitted, change/renewal/suspension requested) and its refusals are published for staff-facing
 * read models (the gateway's queues, R-ORG-2) without officers, contractors' names or any reason text.
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
          changeId: event.data.changeId,
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
    case 'ApplicationSubmitted': {
      const a = event.data.application;
      return {
        ...envelope,
        type: RegistrationLifecycleEvents.ApplicationSubmitted,
        data: {
          registrationId: event.data.registrationId,
          organisationId: a.organisationId,
          organisationName: a.organisationName,
          organisationKind: a.kind,
          category: a.category,
          prefecture: event.data.prefecture,
          ...(a.permitNumber ? { permitNumber: a.permitNumber } : {}),
          ...(a.localGovernmentCode ? { localGovernmentCode: a.localGovernmentCode } : {}),
          submittedAt: event.data.submittedAt,
        },
      };
    }
    case 'ApplicationRejected':
      return {
        ...envelope,
        type: RegistrationLifecycleEvents.ApplicationRejected,
        data: { registrationId: event.data.registrationId, rejectedAt: event.data.rejectedAt },
      };
    case 'ChangeRequested':
      return {
        ...envelope,
        type: RegistrationLifecycleEvents.ChangeRequested,
        data: {
          registrationId: event.data.registrationId,
          changeId: event.data.changeId,
          parts: changeParts(event.data.change),
          requestedAt: event.data.requestedAt,
        },
      };
    case 'ChangeRejected':
      return {
        ...envelope,
        type: RegistrationLifecycleEvents.ChangeRejected,
        data: { registrationId: event.data.registrationId, changeId: event.data.changeId, rejectedAt: event.data.rejectedAt },
      };
    case 'RenewalRequested':
      return {
        ...envelope,
        type: RegistrationLifecycleEvents.RenewalRequested,
        data: { registrationId: event.data.registrationId, requestedAt: event.data.requestedAt },
      };
    case 'RenewalRejected':
      return {
        ...envelope,
        type: RegistrationLifecycleEvents.RenewalRejected,
        data: { registrationId: event.data.registrationId, rejectedAt: event.data.rejectedAt },
      };
    case 'SuspensionRequested':
      return {
        ...envelope,
        type: RegistrationLifecycleEvents.SuspensionRequested,
        data: { registrationId: event.data.registrationId, requestedAt: event.data.requestedAt },
      };
    default:
      return null;
  }
};
