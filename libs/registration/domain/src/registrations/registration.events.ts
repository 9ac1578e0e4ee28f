import { ApplicationDetails, ChangeDetails, OrganisationKind, RegistrationCategory, SecurityDeclaration } from './registration.commands';

export type SuspensionReason = 'own-request' | 'sanction';

/** The public facts of a registration (no officer, no personal data): what the integration events carry. */
export interface RegistrationSummary {
  organisationId: string;
  organisationKind: OrganisationKind;
  category: RegistrationCategory;
  prefecture: string;
  permitNumber?: string;
  localGovernmentCode?: string;
  departmentIds: string[];
  contractors: Array<{ contractorId: string; permitNumber: string }>;
}

export const registrationSummary = (prefecture: string, application: ApplicationDetails): RegistrationSummary => ({
  organisationId: application.organisationId,
  organisationKind: application.kind,
  category: application.category,
  prefecture,
  ...(application.permitNumber ? { permitNumber: application.permitNumber } : {}),
  ...(application.localGovernmentCode ? { localGovernmentCode: application.localGovernmentCode } : {}),
  departmentIds: application.departments.map((d) => d.departmentId),
  contractors: application.contractors.map((c) => ({ contractorId: c.contractorId, permitNumber: c.permitNumber })),
});

export type RegistrationEvent =
  | {
      type: 'ApplicationSubmitted';
      data: { registrationId: string; prefecture: string; application: ApplicationDetails; submittedAt: string };
    }
  | {
      type: 'ApplicationApproved';
      data: {
        registrationId: string;
        summary: RegistrationSummary;
        usagePeriodEndsAt: string;
        complaintOfficerVersion: number;
        approvedAt: string;
      };
    }
  | { type: 'ApplicationRejected'; data: { registrationId: string; reason: string; rejectedAt: string } }
  | { type: 'ChangeRequested'; data: { registrationId: string; changeId: string; change: ChangeDetails; requestedAt: string } }
  | {
      type: 'ChangeApproved';
      data: { registrationId: string; changeId: string; summary: RegistrationSummary; complaintOfficerVersion: number; approvedAt: string };
    }
  | { type: 'ChangeRejected'; data: { registrationId: string; changeId: string; reason: string; rejectedAt: string } }
  | { type: 'RenewalRequested'; data: { registrationId: string; security: SecurityDeclaration; requestedAt: string } }
  | { type: 'RegistrationRenewed'; data: { registrationId: string; usagePeriodEndsAt: string; renewedAt: string } }
  | { type: 'RenewalRejected'; data: { registrationId: string; reason: string; rejectedAt: string } }
  | { type: 'SuspensionRequested'; data: { registrationId: string; reason: string; requestedAt: string } }
  | {
      type: 'RegistrationSuspended';
      data: { registrationId: string; reason: SuspensionReason; note: string; until?: string; suspendedAt: string };
    }
  | { type: 'RegistrationResumed'; data: { registrationId: string; reason: 'bureau-decision' | 'sanction-ended'; resumedAt: string } }
  | { type: 'RegistrationTerminated'; data: { registrationId: string; reason: string; terminatedAt: string } }
  | { type: 'RegistrationExpired'; data: { registrationId: string; usagePeriodEndsAt: string; expiredAt: string } }
  | {
      type: 'PaidServiceNotificationFiled';
      data: { registrationId: string; notificationId: string; kind: string; price: number; filedAt: string };
    };
