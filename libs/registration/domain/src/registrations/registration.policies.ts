import { parseLocalGovernmentCode } from './local-government-code';
import { BRANCH_NUMBER_PATTERN, parsePermitNumber } from './permit-number';
import { ApplicationDetails, ChangeDetails, Contractor, Officer, RegistrationActor, SecurityDeclaration } from './registration.commands';
import {
  invalidRegistrationTransition,
  notOwnBureau,
  notThisRegistration,
  registrationNotFound,
  registrationNotActive,
  registrationRefused,
  unknownUnit,
} from './registration.errors';
import { RegistrationData, registrationUnits, RegistrationState, RegistrationStatus } from './registration.state';

/** The registration's rules, one function per rule, named after it (R-ORG-1 … R-ORG-9). */

/** R-ORG-1: the usage period (policy, default 3 years) runs from approval or from the end of the renewed period. */
/**
 * R-ORG-7 / R-MSG-4: the number of the next approved complaint officer, as users see it: 1 for
 * the first, then one more than the highest approved — never the stream revision, which other
 * events (a change requested, a renewal) move between two approvals. Numbers recorded before
 * this rule (revisions: 1, 3, …) keep naming their officer (messages link them), and the next
 * follows the highest, so no number is reused.
 */
export const nextComplaintOfficerVersionPolicy = (data: Pick<RegistrationData, 'complaintOfficers'> | undefined): number =>
  Math.max(0, ...Object.keys(data?.complaintOfficers ?? {}).map(Number)) + 1;

export const usagePeriodPolicy = (from: string, years: number): string => {
  if (!Number.isInteger(years) || years < 1)
    throw registrationRefused('USAGE_PERIOD_INVALID', 'the usage period is a whole number of years', 'R-ORG-1', 'usagePeriodYears');
  const end = new Date(from);
  end.setUTCFullYear(end.getUTCFullYear() + years);
  return end.toISOString();
};

/** R-ORG-2: decided only by a bureau officer of the prefecture of the organisation's main office. */
export const ownBureauPolicy = (by: RegistrationActor, prefecture: string): void => {
  if (by.kind !== 'staff' || by.role !== 'bureau-officer' || by.prefecture !== prefecture) throw notOwnBureau();
};

/** R-ORG-6: an organisation user acts under exactly the registration of its token. */
export const ownRegistrationPolicy = (by: RegistrationActor, registrationId: string): void => {
  if (by.kind !== 'organisation-user' || by.registrationId !== registrationId) throw notThisRegistration();
};

/** R-ORG-1: requests from the organisation, or filings, need a live, approved registration. */
export const requireStatus = <S extends RegistrationState>(
  state: RegistrationState,
  action: string,
  ...allowed: RegistrationStatus[]
): S & RegistrationData => {
  if (state.status === 'none') throw registrationNotFound();
  if (!allowed.includes(state.status)) throw invalidRegistrationTransition(action, state.status);
  return state as S & RegistrationData;
};

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[0-9][0-9-]{8,14}$/;

/** R-ORG-7: each officer is named with department, phone and e-mail. */
export const officerPolicy = (officer: Officer | undefined, field: string): void => {
  const refuse = (part: string, message: string) => {
    throw registrationRefused('OFFICER_INCOMPLETE', message, 'R-ORG-7', `${field}.${part}`);
  };
  if (!officer) throw registrationRefused('OFFICER_REQUIRED', `${field} is required`, 'R-ORG-7', field);
  if (!officer.name?.trim()) refuse('name', 'the officer is named');
  if (!officer.department?.trim()) refuse('department', "the officer's department is given");
  if (!PHONE.test(officer.phone ?? '')) refuse('phone', "the officer's phone number is given (digits and hyphens)");
  if (!EMAIL.test(officer.email ?? '')) refuse('email', "the officer's e-mail address is given");
};

/** R-ORG-8: antivirus definitions kept current and automatic scanning on are both required. */
export const securityDeclarationPolicy = (security: SecurityDeclaration | undefined, field = 'application.security'): void => {
  if (security?.antivirusDefinitionsCurrent !== true)
    throw registrationRefused(
      'SECURITY_DECLARATION_MISSING',
      'antivirus definitions must be kept current',
      'R-ORG-8',
      `${field}.antivirusDefinitionsCurrent`,
    );
  if (security?.automaticScanEnabled !== true)
    throw registrationRefused('SECURITY_DECLARATION_MISSING', 'automatic scanning must be on', 'R-ORG-8', `${field}.automaticScanEnabled`);
};

const unique = (values: string[]): boolean => new Set(values).size === values.length;

/**
 * R-ORG-3: a private agency registers per permit number, filed by its main office; the offices
 * sharing the number are its units, each with a distinct branch number, exactly one the main office.
 * The number's `ユ`/`ム` matches the declared paid/free kind. Returns the main office's prefecture.
 */
export const permitNumberPolicy = (application: ApplicationDetails): string => {
  const refuse = (code: string, message: string, field = 'application.departments') => registrationRefused(code, message, 'R-ORG-3', field);
  const PERMIT = 'application.permitNumber';
  const permit = parsePermitNumber(application.permitNumber ?? '');
  if (!permit)
    throw refuse('PERMIT_NUMBER_INVALID', 'a private agency gives its permit number PP-ユ-NNNNNN or PP-ム-NNNNNN (PP 01–47)', PERMIT);
  if (permit.kind !== application.kind)
    throw refuse('PERMIT_KIND_MISMATCH', 'ユ numbers are paid agencies, ム numbers free agencies', 'application.kind');
  if (application.localGovernmentCode !== undefined)
    throw refuse('NOT_A_LOCAL_GOVERNMENT', 'a private agency has no local government code', 'application.localGovernmentCode');
  const offices = application.departments;
  if (offices.some((o) => !BRANCH_NUMBER_PATTERN.test(o.branchNumber ?? '')))
    throw refuse('BRANCH_NUMBER_REQUIRED', 'each office sharing the permit number has a branch number');
  if (!unique(offices.map((o) => o.branchNumber as string)))
    throw refuse('BRANCH_NUMBER_DUPLICATE', 'offices sharing the permit number have different branch numbers');
  if (offices.filter((o) => o.mainOffice).length !== 1)
    throw refuse('MAIN_OFFICE_REQUIRED', 'the registration is filed by the main office: exactly one office is the main office');
  return permit.prefecture;
};

/** R-ORG-4: a local government registers as one unit, its departments under it; returns its prefecture. */
export const localGovernmentPolicy = (application: ApplicationDetails): string => {
  const refuse = (code: string, message: string, field: string) => registrationRefused(code, message, 'R-ORG-4', field);
  const CODE = 'application.localGovernmentCode';
  const code = parseLocalGovernmentCode(application.localGovernmentCode ?? '');
  if (!code) throw refuse('LOCAL_GOVERNMENT_CODE_INVALID', 'a local government gives its 6-digit code with a valid check digit', CODE);
  if (application.permitNumber !== undefined)
    throw refuse('NOT_A_PRIVATE_AGENCY', 'a local government registers with its code, not a permit number', 'application.permitNumber');
  if (!unique(application.departments.map((d) => d.name)))
    throw refuse('DEPARTMENT_DUPLICATE', 'each department using the service is named once', 'application.departments');
  return code.prefecture;
};

/** R-ORG-5: contractors are placement agencies named by permit number, each once. */
export const contractorsPolicy = (contractors: Contractor[], field: string): void => {
  contractors.forEach((c, i) => {
    if (!parsePermitNumber(c.permitNumber))
      throw registrationRefused(
        'CONTRACTOR_PERMIT_INVALID',
        'a contractor is a placement agency with a valid permit number',
        'R-ORG-5',
        `${field}[${i}].permitNumber`,
      );
  });
  if (!unique(contractors.map((c) => c.permitNumber)))
    throw registrationRefused('CONTRACTOR_DUPLICATE', 'a contractor is named once', 'R-ORG-5', field);
};

/**
 * R-ORG-5 / R-ORG-6: only a local government's registration is joint and names contractors;
 * a private agency's registration is always its own, without contractors — a contractor's own
 * business needs its own registration (a different category, its own quota), never the joint one.
 */
export const categoryPolicy = (application: ApplicationDetails): void => {
  if (application.kind !== 'local-government') {
    if (application.category !== 'own' || application.contractors.length > 0)
      throw registrationRefused(
        'OWN_CATEGORY_ONLY',
        "a private agency's registration is its own: joint registrations are a local government's",
        'R-ORG-6',
        'application.category',
      );
    return;
  }
  if (application.category === 'own' && application.contractors.length > 0)
    throw registrationRefused('CONTRACTORS_NEED_JOINT', 'naming contractors makes a joint registration', 'R-ORG-5', 'application.category');
  if (application.category === 'joint' && application.contractors.length === 0)
    throw registrationRefused(
      'JOINT_NEEDS_CONTRACTORS',
      'a joint registration names its contractors',
      'R-ORG-5',
      'application.contractors',
    );
};

/** R-ORG-9: a paid-service notification states the kind of service and its price. */
export const paidServiceNotificationPolicy = (kind: string, price: number): void => {
  if (!kind?.trim())
    throw registrationRefused('PAID_SERVICE_KIND_REQUIRED', 'the notification names the kind of service', 'R-ORG-9', 'kind');
  if (!Number.isInteger(price) || price < 0)
    throw registrationRefused('PAID_SERVICE_PRICE_INVALID', 'the price is a whole number of yen, 0 or more', 'R-ORG-9', 'price');
};

/** The whole application, checked before anything is reserved; returns the deciding bureau's prefecture. */
export const applicationPolicy = (application: ApplicationDetails): string => {
  categoryPolicy(application);
  const prefecture = application.kind === 'local-government' ? localGovernmentPolicy(application) : permitNumberPolicy(application);
  if (application.departments.length === 0)
    throw registrationRefused(
      'DEPARTMENT_REQUIRED',
      'at least one department or office uses the service',
      application.kind === 'local-government' ? 'R-ORG-4' : 'R-ORG-3',
      'application.departments',
    );
  if (!unique(application.departments.map((d) => d.departmentId)))
    throw registrationRefused('DEPARTMENT_DUPLICATE', 'department ids are unique', 'R-ORG-4', 'application.departments');
  contractorsPolicy(application.contractors, 'application.contractors');
  officerPolicy(application.contactOfficer, 'application.contactOfficer');
  officerPolicy(application.complaintOfficer, 'application.complaintOfficer');
  securityDeclarationPolicy(application.security);
  return prefecture;
};

/** R-ORG-1 / R-ORG-3 … R-ORG-7: a change application changes something, and what it changes obeys the application's rules. */
export const changePolicy = (change: ChangeDetails, data: RegistrationData): void => {
  const { contactOfficer, complaintOfficer, addContractors = [], removeContractorIds = [], addDepartments = [] } = change;
  if (!contactOfficer && !complaintOfficer && addContractors.length + removeContractorIds.length + addDepartments.length === 0)
    throw registrationRefused('CHANGE_EMPTY', 'a change application changes an officer, contractors or departments', 'R-ORG-1', 'change');
  if (contactOfficer) officerPolicy(contactOfficer, 'change.contactOfficer');
  if (complaintOfficer) officerPolicy(complaintOfficer, 'change.complaintOfficer');
  if ((addContractors.length > 0 || removeContractorIds.length > 0) && data.application.kind !== 'local-government')
    throw registrationRefused(
      'OWN_CATEGORY_ONLY',
      "contractors join a local government's joint registration only",
      'R-ORG-6',
      'change.addContractors',
    );
  const existing = data.application.contractors;
  contractorsPolicy([...existing, ...addContractors], 'change.addContractors');
  if (removeContractorIds.some((id) => !existing.some((c) => c.contractorId === id)))
    throw registrationRefused('NO_SUCH_CONTRACTOR', 'only named contractors can be removed', 'R-ORG-5', 'change.removeContractorIds');
  const departments = [...data.application.departments, ...addDepartments];
  if (!unique(departments.map((d) => d.departmentId)) || !unique(departments.map((d) => d.name)))
    throw registrationRefused('DEPARTMENT_DUPLICATE', 'each department is named once', 'R-ORG-4', 'change.addDepartments');
  if (data.application.kind !== 'local-government') {
    if (addDepartments.some((o) => !BRANCH_NUMBER_PATTERN.test(o.branchNumber ?? '') || o.mainOffice))
      throw registrationRefused(
        'BRANCH_NUMBER_REQUIRED',
        'a further office has its own branch number and is not the main office',
        'R-ORG-3',
        'change.addDepartments',
      );
    if (!unique(departments.map((d) => d.branchNumber as string)))
      throw registrationRefused(
        'BRANCH_NUMBER_DUPLICATE',
        'offices sharing the permit number have different branch numbers',
        'R-ORG-3',
        'change.addDepartments',
      );
  }
};

/**
 * R-ORG-1 / R-ORG-4: an organisation user is created (by identity, asked by registration) only
 * under an active registration and in one of its departments, offices or contractors.
 */
export const organisationUserPolicy = (state: RegistrationState, departmentId: string): RegistrationData => {
  if (state.status === 'none') throw registrationNotFound();
  if (state.status !== 'active') throw registrationNotActive(state.status);
  if (!registrationUnits(state).includes(departmentId)) throw unknownUnit();
  return state;
};
