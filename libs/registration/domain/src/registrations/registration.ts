import { assertNever, Decider, DomainError } from '@hw/platform/core';
import { parseLocalGovernmentCode } from './local-government-code';
import { BRANCH_NUMBER_PATTERN, parsePermitNumber } from './permit-number';

/**
 * An organisation's registration (利用申請 / 利用承認): the unit that owns a daily quota and
 * under which every organisation action is made (R-ORG-1 … R-ORG-9). Stream `registration-<id>`.
 */
export type OrganisationKind = 'private-paid' | 'private-free' | 'local-government';
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
  | { type: 'ApplicationSubmitted'; data: { registrationId: string; prefecture: string; application: ApplicationDetails; submittedAt: string } }
  | {
      type: 'ApplicationApproved';
      data: { registrationId: string; summary: RegistrationSummary; usagePeriodEndsAt: string; complaintOfficerVersion: number; approvedAt: string };
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
  | { type: 'PaidServiceNotificationFiled'; data: { registrationId: string; notificationId: string; kind: string; price: number; filedAt: string } };

export interface RegistrationData {
  registrationId: string;
  prefecture: string;
  application: ApplicationDetails;
  /** Set at approval, moved by renewals (R-ORG-1). */
  usagePeriodEndsAt?: string;
  /** The stream revision of the event that approved the complaint officer now shown (R-ORG-7, R-MSG-4). */
  complaintOfficerVersion?: number;
  /** Every approved complaint officer, by the revision that approved it. */
  complaintOfficers: Record<number, Officer>;
  pendingChange?: { changeId: string; change: ChangeDetails };
  renewalRequested: boolean;
  suspensionRequested: boolean;
  paidServiceNotifications: Array<{ notificationId: string; kind: string; price: number; filedAt: string }>;
}

/** A union of statuses (R-ORG-1); `version` is the number of events folded = the next revision. */
export type RegistrationState =
  | { status: 'none'; version: number }
  | ({ status: 'submitted' | 'rejected' | 'active' | 'terminated' | 'expired'; version: number } & RegistrationData)
  | ({ status: 'suspended'; version: number; suspension: { reason: SuspensionReason; until?: string } } & RegistrationData);

export type RegistrationStatus = RegistrationState['status'];

export const registrationStreamId = (registrationId: string): string => `registration-${registrationId}`;

// ---------------------------------------------------------------- errors

export class RegistrationNotFound extends DomainError {
  constructor() {
    super('REGISTRATION_NOT_FOUND', 'no such registration', 'R-ORG-1', 'not-found');
  }
}
export class RegistrationExists extends DomainError {
  constructor() {
    super('REGISTRATION_EXISTS', 'this registration was already submitted', 'R-ORG-1', 'conflict');
  }
}
export class InvalidRegistrationTransition extends DomainError {
  constructor(action: string, status: string) {
    super('INVALID_REGISTRATION_TRANSITION', `cannot ${action} a registration that is ${status}`, 'R-ORG-1', 'conflict', 'status', { status });
  }
}
export class NotOwnBureau extends DomainError {
  constructor() {
    super(
      'NOT_OWN_BUREAU',
      "only a bureau officer of the prefecture of the organisation's main office decides this case",
      'R-ORG-2',
      'forbidden',
    );
  }
}
/** R-MSG-4: a seeker learns a registration's complaint officer from its messages — only once it has messaged them. */
export class NotMessagedBy extends DomainError {
  constructor() {
    super('NOT_MESSAGED_BY_REGISTRATION', "a seeker reads a registration's complaint officer only once the registration has messaged them", 'R-MSG-4', 'forbidden', 'registrationId');
  }
}
export class NotThisRegistration extends DomainError {
  constructor() {
    super('NOT_THIS_REGISTRATION', 'an organisation user acts only under the registration of its token', 'R-ORG-6', 'forbidden', 'registrationId');
  }
}
export class RegistrationRefused extends DomainError {
  constructor(code: string, message: string, rule: string, field: string) {
    super(code, message, rule, 'refused', field);
  }
}
export class PermitNumberTaken extends DomainError {
  constructor() {
    super('PERMIT_NUMBER_TAKEN', 'this permit number already has a live registration', 'R-ORG-3', 'conflict', 'application.permitNumber');
  }
}
export class LocalGovernmentRegistered extends DomainError {
  constructor() {
    super(
      'LOCAL_GOVERNMENT_REGISTERED',
      'this local government already has a live registration; its departments use it and do not file separately',
      'R-ORG-4',
      'conflict',
      'application.localGovernmentCode',
    );
  }
}
export class ChangePending extends DomainError {
  constructor() {
    super('CHANGE_PENDING', 'a change application is already pending for this registration', 'R-ORG-1', 'conflict', 'changeId');
  }
}
export class NoSuchChange extends DomainError {
  constructor() {
    super('NO_SUCH_CHANGE', 'no pending change application has this id', 'R-ORG-1', 'not-found', 'changeId');
  }
}

// ---------------------------------------------------------------- policies (one per rule)

/** R-ORG-1: the usage period (policy, default 3 years) runs from approval or from the end of the renewed period. */
export const usagePeriodPolicy = (from: string, years: number): string => {
  if (!Number.isInteger(years) || years < 1) throw new RegistrationRefused('USAGE_PERIOD_INVALID', 'the usage period is a whole number of years', 'R-ORG-1', 'usagePeriodYears');
  const end = new Date(from);
  end.setUTCFullYear(end.getUTCFullYear() + years);
  return end.toISOString();
};

/** R-ORG-2: decided only by a bureau officer of the prefecture of the organisation's main office. */
export const ownBureauPolicy = (by: RegistrationActor, prefecture: string): void => {
  if (by.kind !== 'staff' || by.role !== 'bureau-officer' || by.prefecture !== prefecture) throw new NotOwnBureau();
};

/** R-ORG-6: an organisation user acts under exactly the registration of its token. */
export const ownRegistrationPolicy = (by: RegistrationActor, registrationId: string): void => {
  if (by.kind !== 'organisation-user' || by.registrationId !== registrationId) throw new NotThisRegistration();
};

/** R-ORG-1: requests from the organisation, or filings, need a live, approved registration. */
const requireStatus = <S extends RegistrationState>(state: RegistrationState, action: string, ...allowed: RegistrationStatus[]): S & RegistrationData => {
  if (state.status === 'none') throw new RegistrationNotFound();
  if (!allowed.includes(state.status)) throw new InvalidRegistrationTransition(action, state.status);
  return state as S & RegistrationData;
};

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[0-9][0-9-]{8,14}$/;

/** R-ORG-7: each officer is named with department, phone and e-mail. */
export const officerPolicy = (officer: Officer | undefined, field: string): void => {
  const refuse = (part: string, message: string) => {
    throw new RegistrationRefused('OFFICER_INCOMPLETE', message, 'R-ORG-7', `${field}.${part}`);
  };
  if (!officer) throw new RegistrationRefused('OFFICER_REQUIRED', `${field} is required`, 'R-ORG-7', field);
  if (!officer.name?.trim()) refuse('name', 'the officer is named');
  if (!officer.department?.trim()) refuse('department', "the officer's department is given");
  if (!PHONE.test(officer.phone ?? '')) refuse('phone', "the officer's phone number is given (digits and hyphens)");
  if (!EMAIL.test(officer.email ?? '')) refuse('email', "the officer's e-mail address is given");
};

/** R-ORG-8: antivirus definitions kept current and automatic scanning on are both required. */
export const securityDeclarationPolicy = (security: SecurityDeclaration | undefined, field = 'application.security'): void => {
  if (security?.antivirusDefinitionsCurrent !== true)
    throw new RegistrationRefused('SECURITY_DECLARATION_MISSING', 'antivirus definitions must be kept current', 'R-ORG-8', `${field}.antivirusDefinitionsCurrent`);
  if (security?.automaticScanEnabled !== true)
    throw new RegistrationRefused('SECURITY_DECLARATION_MISSING', 'automatic scanning must be on', 'R-ORG-8', `${field}.automaticScanEnabled`);
};

const unique = (values: string[]): boolean => new Set(values).size === values.length;

/**
 * R-ORG-3: a private agency registers per permit number, filed by its main office; the offices
 * sharing the number are its units, each with a distinct branch number, exactly one the main office.
 * The number's `ユ`/`ム` matches the declared paid/free kind. Returns the main office's prefecture.
 */
export const permitNumberPolicy = (application: ApplicationDetails): string => {
  const permit = parsePermitNumber(application.permitNumber ?? '');
  if (!permit)
    throw new RegistrationRefused('PERMIT_NUMBER_INVALID', 'a private agency gives its permit number PP-ユ-NNNNNN or PP-ム-NNNNNN (PP 01–47)', 'R-ORG-3', 'application.permitNumber');
  if (permit.kind !== application.kind)
    throw new RegistrationRefused('PERMIT_KIND_MISMATCH', 'ユ numbers are paid agencies, ム numbers free agencies', 'R-ORG-3', 'application.kind');
  if (application.localGovernmentCode !== undefined)
    throw new RegistrationRefused('NOT_A_LOCAL_GOVERNMENT', 'a private agency has no local government code', 'R-ORG-3', 'application.localGovernmentCode');
  const offices = application.departments;
  if (offices.some((o) => !BRANCH_NUMBER_PATTERN.test(o.branchNumber ?? '')))
    throw new RegistrationRefused('BRANCH_NUMBER_REQUIRED', 'each office sharing the permit number has a branch number', 'R-ORG-3', 'application.departments');
  if (!unique(offices.map((o) => o.branchNumber as string)))
    throw new RegistrationRefused('BRANCH_NUMBER_DUPLICATE', 'offices sharing the permit number have different branch numbers', 'R-ORG-3', 'application.departments');
  if (offices.filter((o) => o.mainOffice).length !== 1)
    throw new RegistrationRefused('MAIN_OFFICE_REQUIRED', 'the registration is filed by the main office: exactly one office is the main office', 'R-ORG-3', 'application.departments');
  return permit.prefecture;
};

/** R-ORG-4: a local government registers as one unit, its departments under it; returns its prefecture. */
export const localGovernmentPolicy = (application: ApplicationDetails): string => {
  const code = parseLocalGovernmentCode(application.localGovernmentCode ?? '');
  if (!code)
    throw new RegistrationRefused('LOCAL_GOVERNMENT_CODE_INVALID', 'a local government gives its 6-digit code with a valid check digit', 'R-ORG-4', 'application.localGovernmentCode');
  if (application.permitNumber !== undefined)
    throw new RegistrationRefused('NOT_A_PRIVATE_AGENCY', 'a local government registers with its code, not a permit number', 'R-ORG-4', 'application.permitNumber');
  if (!unique(application.departments.map((d) => d.name)))
    throw new RegistrationRefused('DEPARTMENT_DUPLICATE', 'each department using the service is named once', 'R-ORG-4', 'application.departments');
  return code.prefecture;
};

/** R-ORG-5: contractors are placement agencies named by permit number, each once. */
export const contractorsPolicy = (contractors: Contractor[], field: string): void => {
  contractors.forEach((c, i) => {
    if (!parsePermitNumber(c.permitNumber))
      throw new RegistrationRefused('CONTRACTOR_PERMIT_INVALID', 'a contractor is a placement agency with a valid permit number', 'R-ORG-5', `${field}[${i}].permitNumber`);
  });
  if (!unique(contractors.map((c) => c.permitNumber)))
    throw new RegistrationRefused('CONTRACTOR_DUPLICATE', 'a contractor is named once', 'R-ORG-5', field);
};

/**
 * R-ORG-5 / R-ORG-6: only a local government's registration is joint and names contractors;
 * a private agency's registration is always its own, without contractors — a contractor's own
 * business needs its own registration (a different category, its own quota), never the joint one.
 */
export const categoryPolicy = (application: ApplicationDetails): void => {
  if (application.kind !== 'local-government') {
    if (application.category !== 'own' || application.contractors.length > 0)
      throw new RegistrationRefused('OWN_CATEGORY_ONLY', "a private agency's registration is its own: joint registrations are a local government's", 'R-ORG-6', 'application.category');
    return;
  }
  if (application.category === 'own' && application.contractors.length > 0)
    throw new RegistrationRefused('CONTRACTORS_NEED_JOINT', 'naming contractors makes a joint registration', 'R-ORG-5', 'application.category');
  if (application.category === 'joint' && application.contractors.length === 0)
    throw new RegistrationRefused('JOINT_NEEDS_CONTRACTORS', 'a joint registration names its contractors', 'R-ORG-5', 'application.contractors');
};

/** R-ORG-9: a paid-service notification states the kind of service and its price. */
export const paidServiceNotificationPolicy = (kind: string, price: number): void => {
  if (!kind?.trim()) throw new RegistrationRefused('PAID_SERVICE_KIND_REQUIRED', 'the notification names the kind of service', 'R-ORG-9', 'kind');
  if (!Number.isInteger(price) || price < 0) throw new RegistrationRefused('PAID_SERVICE_PRICE_INVALID', 'the price is a whole number of yen, 0 or more', 'R-ORG-9', 'price');
};

/** The whole application, checked before anything is reserved; returns the deciding bureau's prefecture. */
export const applicationPolicy = (application: ApplicationDetails): string => {
  categoryPolicy(application);
  const prefecture = application.kind === 'local-government' ? localGovernmentPolicy(application) : permitNumberPolicy(application);
  if (application.departments.length === 0)
    throw new RegistrationRefused('DEPARTMENT_REQUIRED', 'at least one department or office uses the service', application.kind === 'local-government' ? 'R-ORG-4' : 'R-ORG-3', 'application.departments');
  if (!unique(application.departments.map((d) => d.departmentId)))
    throw new RegistrationRefused('DEPARTMENT_DUPLICATE', 'department ids are unique', 'R-ORG-4', 'application.departments');
  contractorsPolicy(application.contractors, 'application.contractors');
  officerPolicy(application.contactOfficer, 'application.contactOfficer');
  officerPolicy(application.complaintOfficer, 'application.complaintOfficer');
  securityDeclarationPolicy(application.security);
  return prefecture;
};

/** The units an organisation user may belong to: departments/offices, and for a joint registration its contractors. */
export const registrationUnits = (state: RegistrationData): string[] => [
  ...state.application.departments.map((d) => d.departmentId),
  ...state.application.contractors.map((c) => c.contractorId),
];

const changePolicy = (change: ChangeDetails, data: RegistrationData): void => {
  const { contactOfficer, complaintOfficer, addContractors = [], removeContractorIds = [], addDepartments = [] } = change;
  if (!contactOfficer && !complaintOfficer && addContractors.length + removeContractorIds.length + addDepartments.length === 0)
    throw new RegistrationRefused('CHANGE_EMPTY', 'a change application changes an officer, contractors or departments', 'R-ORG-1', 'change');
  if (contactOfficer) officerPolicy(contactOfficer, 'change.contactOfficer');
  if (complaintOfficer) officerPolicy(complaintOfficer, 'change.complaintOfficer');
  if ((addContractors.length > 0 || removeContractorIds.length > 0) && data.application.kind !== 'local-government')
    throw new RegistrationRefused('OWN_CATEGORY_ONLY', "contractors join a local government's joint registration only", 'R-ORG-6', 'change.addContractors');
  const existing = data.application.contractors;
  contractorsPolicy([...existing, ...addContractors], 'change.addContractors');
  if (removeContractorIds.some((id) => !existing.some((c) => c.contractorId === id)))
    throw new RegistrationRefused('NO_SUCH_CONTRACTOR', 'only named contractors can be removed', 'R-ORG-5', 'change.removeContractorIds');
  const departments = [...data.application.departments, ...addDepartments];
  if (!unique(departments.map((d) => d.departmentId)) || !unique(departments.map((d) => d.name)))
    throw new RegistrationRefused('DEPARTMENT_DUPLICATE', 'each department is named once', 'R-ORG-4', 'change.addDepartments');
  if (data.application.kind !== 'local-government') {
    if (addDepartments.some((o) => !BRANCH_NUMBER_PATTERN.test(o.branchNumber ?? '') || o.mainOffice))
      throw new RegistrationRefused('BRANCH_NUMBER_REQUIRED', 'a further office has its own branch number and is not the main office', 'R-ORG-3', 'change.addDepartments');
    if (!unique(departments.map((d) => d.branchNumber as string)))
      throw new RegistrationRefused('BRANCH_NUMBER_DUPLICATE', 'offices sharing the permit number have different branch numbers', 'R-ORG-3', 'change.addDepartments');
  }
};

const applyChange = (application: ApplicationDetails, change: ChangeDetails): ApplicationDetails => {
  const contractors = [
    ...application.contractors.filter((c) => !(change.removeContractorIds ?? []).includes(c.contractorId)),
    ...(change.addContractors ?? []),
  ];
  return {
    ...application,
    contactOfficer: change.contactOfficer ?? application.contactOfficer,
    complaintOfficer: change.complaintOfficer ?? application.complaintOfficer,
    departments: [...application.departments, ...(change.addDepartments ?? [])],
    contractors,
    // R-ORG-5: a local government naming contractors holds a joint registration.
    category: application.kind === 'local-government' ? (contractors.length > 0 ? 'joint' : 'own') : 'own',
  };
};

/** Live statuses hold the permit number / local government code (R-ORG-3, R-ORG-4). */
export const isLiveRegistration = (status: RegistrationStatus): boolean => status === 'submitted' || status === 'active' || status === 'suspended';

// ---------------------------------------------------------------- decider

const BUREAU_DECISIONS: RegistrationCommand['type'][] = [
  'ApproveApplication',
  'RejectApplication',
  'ApproveChange',
  'RejectChange',
  'ApproveRenewal',
  'RejectRenewal',
  'ApproveSuspension',
  'SuspendAsSanction',
  'Resume',
  'Terminate',
];
const ORGANISATION_REQUESTS: RegistrationCommand['type'][] = ['RequestChange', 'RequestRenewal', 'RequestSuspension', 'FilePaidServiceNotification'];

export const registrationDecider: Decider<RegistrationCommand, RegistrationEvent, RegistrationState> = {
  initialState: () => ({ status: 'none', version: 0 }),

  decide(command, state): RegistrationEvent[] {
    const { registrationId, at, by } = command.data;
    // Authority before anything else, so another bureau or registration learns nothing of the case (R-ORG-2, R-ORG-6).
    if (state.status !== 'none' && BUREAU_DECISIONS.includes(command.type)) ownBureauPolicy(by, state.prefecture);
    if (ORGANISATION_REQUESTS.includes(command.type)) ownRegistrationPolicy(by, registrationId);
    switch (command.type) {
      case 'SubmitApplication': {
        if (state.status !== 'none') throw new RegistrationExists();
        const prefecture = applicationPolicy(command.data.application);
        // R-ORG-2: the bureau of the main office's prefecture receives the application.
        ownBureauPolicy(by, prefecture);
        return [{ type: 'ApplicationSubmitted', data: { registrationId, prefecture, application: command.data.application, submittedAt: at } }];
      }
      case 'ApproveApplication': {
        const s = requireStatus(state, 'approve', 'submitted');
        ownBureauPolicy(by, s.prefecture);
        // R-ORG-7: the complaint officer shown is the one approved at this revision.
        return [
          {
            type: 'ApplicationApproved',
            data: {
              registrationId,
              summary: registrationSummary(s.prefecture, s.application),
              usagePeriodEndsAt: usagePeriodPolicy(at, command.data.usagePeriodYears),
              complaintOfficerVersion: state.version,
              approvedAt: at,
            },
          },
        ];
      }
      case 'RejectApplication': {
        const s = requireStatus(state, 'reject', 'submitted');
        ownBureauPolicy(by, s.prefecture);
        return [{ type: 'ApplicationRejected', data: { registrationId, reason: command.data.reason, rejectedAt: at } }];
      }
      case 'RequestChange': {
        const s = requireStatus(state, 'change', 'active', 'suspended');
        ownRegistrationPolicy(by, registrationId);
        if (s.pendingChange) throw new ChangePending();
        changePolicy(command.data.change, s);
        return [{ type: 'ChangeRequested', data: { registrationId, changeId: command.data.changeId, change: command.data.change, requestedAt: at } }];
      }
      case 'ApproveChange': {
        const s = requireStatus(state, 'approve a change of', 'active', 'suspended');
        ownBureauPolicy(by, s.prefecture);
        if (s.pendingChange?.changeId !== command.data.changeId) throw new NoSuchChange();
        const officerChanged = s.pendingChange.change.complaintOfficer !== undefined;
        return [
          {
            type: 'ChangeApproved',
            data: {
              registrationId,
              changeId: command.data.changeId,
              summary: registrationSummary(s.prefecture, applyChange(s.application, s.pendingChange.change)),
              complaintOfficerVersion: officerChanged ? state.version : (s.complaintOfficerVersion as number),
              approvedAt: at,
            },
          },
        ];
      }
      case 'RejectChange': {
        const s = requireStatus(state, 'reject a change of', 'active', 'suspended');
        ownBureauPolicy(by, s.prefecture);
        if (s.pendingChange?.changeId !== command.data.changeId) throw new NoSuchChange();
        return [{ type: 'ChangeRejected', data: { registrationId, changeId: command.data.changeId, reason: command.data.reason, rejectedAt: at } }];
      }
      case 'RequestRenewal': {
        const s = requireStatus(state, 'renew', 'active');
        ownRegistrationPolicy(by, registrationId);
        if (s.renewalRequested) throw new InvalidRegistrationTransition('request another renewal of', 'awaiting renewal');
        securityDeclarationPolicy(command.data.security, 'security');
        return [{ type: 'RenewalRequested', data: { registrationId, security: command.data.security, requestedAt: at } }];
      }
      case 'ApproveRenewal': {
        const s = requireStatus(state, 'renew', 'active');
        ownBureauPolicy(by, s.prefecture);
        if (!s.renewalRequested) throw new InvalidRegistrationTransition('approve a renewal not requested of', 'active');
        // R-ORG-1: the new period follows the current one without a gap.
        return [{ type: 'RegistrationRenewed', data: { registrationId, usagePeriodEndsAt: usagePeriodPolicy(s.usagePeriodEndsAt as string, command.data.usagePeriodYears), renewedAt: at } }];
      }
      case 'RejectRenewal': {
        const s = requireStatus(state, 'reject a renewal of', 'active');
        ownBureauPolicy(by, s.prefecture);
        if (!s.renewalRequested) throw new InvalidRegistrationTransition('reject a renewal not requested of', 'active');
        return [{ type: 'RenewalRejected', data: { registrationId, reason: command.data.reason, rejectedAt: at } }];
      }
      case 'RequestSuspension': {
        const s = requireStatus(state, 'suspend', 'active');
        ownRegistrationPolicy(by, registrationId);
        if (s.suspensionRequested) throw new InvalidRegistrationTransition('request another suspension of', 'awaiting suspension');
        return [{ type: 'SuspensionRequested', data: { registrationId, reason: command.data.reason, requestedAt: at } }];
      }
      case 'ApproveSuspension': {
        const s = requireStatus(state, 'suspend', 'active');
        ownBureauPolicy(by, s.prefecture);
        if (!s.suspensionRequested) throw new InvalidRegistrationTransition('approve a suspension not requested of', 'active');
        return [{ type: 'RegistrationSuspended', data: { registrationId, reason: 'own-request', note: 'at the organisation\'s request', suspendedAt: at } }];
      }
      case 'SuspendAsSanction': {
        const s = requireStatus(state, 'suspend', 'active');
        ownBureauPolicy(by, s.prefecture);
        const { until, reason } = command.data;
        if (until !== undefined && !(until > at))
          throw new RegistrationRefused('SANCTION_END_IN_PAST', 'a sanction ends after it starts', 'R-ORG-1', 'until');
        return [{ type: 'RegistrationSuspended', data: { registrationId, reason: 'sanction', note: reason, ...(until ? { until } : {}), suspendedAt: at } }];
      }
      case 'Resume': {
        const s = requireStatus(state, 'resume', 'suspended');
        ownBureauPolicy(by, s.prefecture);
        return [{ type: 'RegistrationResumed', data: { registrationId, reason: 'bureau-decision', resumedAt: at } }];
      }
      case 'EndSanction': {
        // The clock's command: a sanction with an end date ends by itself, no earlier.
        if (state.status !== 'suspended' || state.suspension.reason !== 'sanction' || !state.suspension.until || state.suspension.until > at) return [];
        return [{ type: 'RegistrationResumed', data: { registrationId, reason: 'sanction-ended', resumedAt: state.suspension.until } }];
      }
      case 'Terminate': {
        const s = requireStatus(state, 'terminate', 'active', 'suspended');
        ownBureauPolicy(by, s.prefecture);
        return [{ type: 'RegistrationTerminated', data: { registrationId, reason: command.data.reason, terminatedAt: at } }];
      }
      case 'Expire': {
        // The clock's command: at the end of the usage period, unless renewed (renewal moved the end).
        if ((state.status !== 'active' && state.status !== 'suspended') || !state.usagePeriodEndsAt || state.usagePeriodEndsAt > at) return [];
        return [{ type: 'RegistrationExpired', data: { registrationId, usagePeriodEndsAt: state.usagePeriodEndsAt, expiredAt: state.usagePeriodEndsAt } }];
      }
      case 'FilePaidServiceNotification': {
        requireStatus(state, 'file a paid-service notification for', 'active');
        ownRegistrationPolicy(by, registrationId);
        paidServiceNotificationPolicy(command.data.kind, command.data.price);
        const { notificationId, kind, price } = command.data;
        return [{ type: 'PaidServiceNotificationFiled', data: { registrationId, notificationId, kind, price, filedAt: at } }];
      }
      default:
        return assertNever(command);
    }
  },

  evolve(state, event): RegistrationState {
    const version = state.version + 1;
    if (event.type === 'ApplicationSubmitted') {
      return {
        status: 'submitted',
        version,
        registrationId: event.data.registrationId,
        prefecture: event.data.prefecture,
        application: event.data.application,
        complaintOfficers: {},
        renewalRequested: false,
        suspensionRequested: false,
        paidServiceNotifications: [],
      };
    }
    if (state.status === 'none') return { ...state, version };
    const data: RegistrationData = state;
    // Data-only events keep the status (and a suspension's details); transitions start from `plain`.
    const keep = (patch: Partial<RegistrationData>): RegistrationState => ({ ...state, ...patch, version }) as RegistrationState;
    const plain = { ...dataOf(state), version };
    switch (event.type) {
      case 'ApplicationApproved':
        return {
          ...plain,
          status: 'active',
          usagePeriodEndsAt: event.data.usagePeriodEndsAt,
          complaintOfficerVersion: event.data.complaintOfficerVersion,
          complaintOfficers: { ...data.complaintOfficers, [event.data.complaintOfficerVersion]: data.application.complaintOfficer },
        };
      case 'ApplicationRejected':
        return { ...plain, status: 'rejected' };
      case 'ChangeRequested':
        return keep({ pendingChange: { changeId: event.data.changeId, change: event.data.change } });
      case 'ChangeApproved': {
        const application = data.pendingChange ? applyChange(data.application, data.pendingChange.change) : data.application;
        return keep({
          application,
          pendingChange: undefined,
          complaintOfficerVersion: event.data.complaintOfficerVersion,
          complaintOfficers: { ...data.complaintOfficers, [event.data.complaintOfficerVersion]: application.complaintOfficer },
        });
      }
      case 'ChangeRejected':
        return keep({ pendingChange: undefined });
      case 'RenewalRequested':
        return keep({ renewalRequested: true });
      case 'RegistrationRenewed':
        return keep({ renewalRequested: false, usagePeriodEndsAt: event.data.usagePeriodEndsAt });
      case 'RenewalRejected':
        return keep({ renewalRequested: false });
      case 'SuspensionRequested':
        return keep({ suspensionRequested: true });
      case 'RegistrationSuspended':
        return {
          ...plain,
          status: 'suspended',
          suspensionRequested: false,
          suspension: { reason: event.data.reason, ...(event.data.until ? { until: event.data.until } : {}) },
        };
      case 'RegistrationResumed':
        return { ...plain, status: 'active' };
      case 'RegistrationTerminated':
        return { ...plain, status: 'terminated' };
      case 'RegistrationExpired':
        return { ...plain, status: 'expired' };
      case 'PaidServiceNotificationFiled':
        return keep({
          paidServiceNotifications: [
            ...data.paidServiceNotifications,
            { notificationId: event.data.notificationId, kind: event.data.kind, price: event.data.price, filedAt: event.data.filedAt },
          ],
        });
      default:
        return assertNever(event);
    }
  },
};

/** The registration's data without the status or a suspension's details. */
const dataOf = (state: RegistrationData): RegistrationData => ({
  registrationId: state.registrationId,
  prefecture: state.prefecture,
  application: state.application,
  usagePeriodEndsAt: state.usagePeriodEndsAt,
  complaintOfficerVersion: state.complaintOfficerVersion,
  complaintOfficers: state.complaintOfficers,
  pendingChange: state.pendingChange,
  renewalRequested: state.renewalRequested,
  suspensionRequested: state.suspensionRequested,
  paidServiceNotifications: state.paidServiceNotifications,
});
