import type { OrganisationKind } from '@hw/registration/contracts';

/**
 * An organisation's registration (利用申請 / 利用承認): the unit that owns a daily quota and
 * under which every organisation action is made (R-ORG-1 … R-ORG-9). Stream `registration-<id>`.
 */
export type { OrganisationKind };
/** R-ORG-6: an organisation's own registration, or a local government's joint one with contractors (R-ORG-5). */
export type RegistrationCategory = 'own' | 'joint';

/** R-ORG-7: a named officer. Personal data of the officer: stays in registration, never in integration events. */
export interface Officer {
  name: string;
  department: string;
  phone: string;
  email: string;
}

/**
 * A unit acting under the registration: a department of a local government (R-ORG-4) or an
 * office of a private agency sharing the permit number, told apart by its branch number (R-ORG-3).
 * Organisation users belong to one unit (the token's departmentId).
 */
export interface Department {
  departmentId: string;
  name: string;
  branchNumber?: string;
  mainOffice?: boolean;
}

/** R-ORG-5: a placement agency contracted by the local government, acting under its registration. */
export interface Contractor {
  contractorId: string;
  name: string;
  permitNumber: string;
}

/** R-ORG-8: the security measures the application declares. */
export interface SecurityDeclaration {
  antivirusDefinitionsCurrent: boolean;
  automaticScanEnabled: boolean;
}

export interface ApplicationDetails {
  organisationId: string;
  organisationName: string;
  kind: OrganisationKind;
  category: RegistrationCategory;
  permitNumber?: string;
  localGovernmentCode?: string;
  departments: Department[];
  contractors: Contractor[];
  contactOfficer: Officer;
  complaintOfficer: Officer;
  security: SecurityDeclaration;
}

export interface ChangeDetails {
  contactOfficer?: Officer;
  complaintOfficer?: Officer;
  addContractors?: Contractor[];
  removeContractorIds?: string[];
  addDepartments?: Department[];
}

/** Who acts (from the token): the domain checks the bureau's authority itself (R-ORG-2). */
export interface RegistrationActor {
  kind: 'seeker' | 'organisation-user' | 'staff' | 'system';
  id: string;
  role?: string;
  prefecture?: string;
  registrationId?: string;
}

export type PaidServiceKind = string;

type Cmd<T extends string, D = object> = { type: T; data: D & { registrationId: string; at: string; by: RegistrationActor } };

export type RegistrationCommand =
  | Cmd<'SubmitApplication', { application: ApplicationDetails }>
  | Cmd<'ApproveApplication', { usagePeriodYears: number }>
  | Cmd<'RejectApplication', { reason: string }>
  | Cmd<'RequestChange', { changeId: string; change: ChangeDetails }>
  | Cmd<'ApproveChange', { changeId: string }>
  | Cmd<'RejectChange', { changeId: string; reason: string }>
  | Cmd<'RequestRenewal', { security: SecurityDeclaration }>
  | Cmd<'ApproveRenewal', { usagePeriodYears: number }>
  | Cmd<'RejectRenewal', { reason: string }>
  | Cmd<'RequestSuspension', { reason: string }>
  | Cmd<'ApproveSuspension'>
  | Cmd<'SuspendAsSanction', { reason: string; until?: string }>
  | Cmd<'Resume'>
  | Cmd<'EndSanction'>
  | Cmd<'Terminate', { reason: string }>
  | Cmd<'Expire'>
  | Cmd<'FilePaidServiceNotification', { notificationId: string; kind: PaidServiceKind; price: number }>;
