import { RecordedEvent } from '@hw/platform/core';
import { fieldCopier, translator } from '@hw/platform/bus';
import {
  ChangePartV1,
  RegistrationLifecycleEvents,
  RegistrationLifecycleIntegrationEvent,
  RegistrationStatusChangedV1,
} from '@hw/registration/contracts';
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

/** The one public event of a status change: suspended, resumed, terminated or expired. */
const status = (
  recorded: RecordedEvent,
  registrationId: string,
  status: RegistrationStatusChangedV1['status'],
  reason: string,
  at: string,
  until?: string,
): RegistrationLifecycleIntegrationEvent => ({
  type: RegistrationLifecycleEvents.RegistrationStatusChanged,
  // R-CMP-5: a sanction carried out for a complaint names it (the command's metadata, never free text).
  data: {
    registrationId,
    status,
    reason,
    ...(until ? { until } : {}),
    ...(typeof recorded.metadata.complaintId === 'string' ? { complaintId: recorded.metadata.complaintId } : {}),
    at,
  },
});

const copy = fieldCopier<RegistrationLifecycleIntegrationEvent>();

/**
 * Organisations' registrations: domain events of `registration-<id>` streams → the public
 * `registration.Registration*.v1` events. Officers' names and contacts are never copied: the
 * events carry `complaintOfficerVersion` (R-ORG-7, R-MSG-4). Requests awaiting the bureau
 * (submitted, change/renewal/suspension requested) and its refusals are published for staff-facing
 * read models (the gateway's queues, R-ORG-2) without officers, contractors' names or any reason text.
 */
export const translateOrganisationRegistrationEvent = translator<RegistrationEvent, RegistrationLifecycleIntegrationEvent>({
  ApplicationApproved: (d) => ({
    type: RegistrationLifecycleEvents.RegistrationApproved,
    data: {
      registrationId: d.registrationId,
      ...summaryFields(d.summary),
      usagePeriodEndsAt: d.usagePeriodEndsAt,
      complaintOfficerVersion: d.complaintOfficerVersion,
      approvedAt: d.approvedAt,
    },
  }),
  ChangeApproved: (d) => ({
    type: RegistrationLifecycleEvents.RegistrationChanged,
    data: {
      registrationId: d.registrationId,
      changeId: d.changeId,
      category: d.summary.category,
      departmentIds: d.summary.departmentIds,
      contractors: d.summary.contractors,
      complaintOfficerVersion: d.complaintOfficerVersion,
      changedAt: d.approvedAt,
    },
  }),
  RegistrationRenewed: (d) => ({ type: RegistrationLifecycleEvents.RegistrationRenewed, data: d }),
  RegistrationSuspended: (d, recorded) => status(recorded, d.registrationId, 'suspended', d.reason, d.suspendedAt, d.until),
  RegistrationResumed: (d, recorded) => status(recorded, d.registrationId, 'active', d.reason, d.resumedAt),
  RegistrationTerminated: (d, recorded) => status(recorded, d.registrationId, 'terminated', 'terminated by the bureau', d.terminatedAt),
  RegistrationExpired: (d, recorded) => status(recorded, d.registrationId, 'expired', 'usage period ended', d.expiredAt),
  PaidServiceNotificationFiled: (d) => ({ type: RegistrationLifecycleEvents.PaidServiceNotificationFiled, data: d }),
  ApplicationSubmitted: ({ registrationId, prefecture, application: a, submittedAt }) => ({
    type: RegistrationLifecycleEvents.ApplicationSubmitted,
    data: {
      registrationId,
      organisationId: a.organisationId,
      organisationName: a.organisationName,
      organisationKind: a.kind,
      category: a.category,
      prefecture,
      ...(a.permitNumber ? { permitNumber: a.permitNumber } : {}),
      ...(a.localGovernmentCode ? { localGovernmentCode: a.localGovernmentCode } : {}),
      submittedAt,
    },
  }),
  ApplicationRejected: copy(RegistrationLifecycleEvents.ApplicationRejected, ['registrationId', 'rejectedAt']),
  ChangeRequested: ({ registrationId, changeId, change, requestedAt }) => ({
    type: RegistrationLifecycleEvents.ChangeRequested,
    data: { registrationId, changeId, parts: changeParts(change), requestedAt },
  }),
  ChangeRejected: copy(RegistrationLifecycleEvents.ChangeRejected, ['registrationId', 'changeId', 'rejectedAt']),
  RenewalRequested: copy(RegistrationLifecycleEvents.RenewalRequested, ['registrationId', 'requestedAt']),
  RenewalRejected: copy(RegistrationLifecycleEvents.RenewalRejected, ['registrationId', 'rejectedAt']),
  SuspensionRequested: copy(RegistrationLifecycleEvents.SuspensionRequested, ['registrationId', 'requestedAt']),
});
