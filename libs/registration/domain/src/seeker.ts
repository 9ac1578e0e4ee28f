import { assertNever, Decider, DomainError } from '@hw/platform/core';
import {
  applicationValidUntil,
  Eligibility,
  eligibilityPolicy,
  IneligibleReason,
  isNewUniversityGraduate,
  jstDate,
  SchoolStatus,
  SeekerNotEligible,
  validityAfterActivity,
} from './eligibility';

/** Provision scope chosen by the seeker (R-SKR-2): which kinds of organisation may see them. */
export type ProvisionScope = 'private-agencies' | 'local-governments';

export type EmploymentType = 'full-time' | 'part-time' | 'contract' | 'any';
export type EducationLevel = 'junior-high' | 'high' | 'vocational' | 'junior-college' | 'college-of-technology' | 'university' | 'graduate' | 'other';

/**
 * The anonymised profile organisations may see (R-SKR-5). No name, contact, birth date or
 * job-seeker number; work history as occupations and years, never employer names; age as a band.
 */
export interface AnonymisedProfile {
  /** MHLW occupational classification middle-group codes (seeker-occupations.ts). */
  desiredOccupations: string[];
  /** Prefecture codes 01–47. */
  desiredPrefectures: string[];
  /** Municipality codes (5 digits, or 6 with the check digit). */
  desiredMunicipalities?: string[];
  employmentType: EmploymentType;
  /** Desired working hours. */
  hours?: { perWeek?: number; from?: string; to?: string };
  /** Desired wage, yen, per hour or per month. */
  desiredWage?: { amount: number; per: 'hour' | 'month' };
  qualifications?: string[];
  educationLevel?: EducationLevel;
  workHistory?: Array<{ occupation: string; years: number }>;
  selfPr?: string;
  /** 5-year band (`35-39`), derived from the birth date at the command's time. */
  ageBand?: string;
}

/**
 * Personal data sealed with the seeker's own data key (AES-256-GCM, crypto-shredding, R-AUD-2):
 * opaque to the domain; only ciphertext is ever in the log.
 */
export type SealedPersonalData = string;

/** Who acts: counter staff act for the seekers of their own office (R-STF-1). */
export interface Actor {
  kind: 'seeker' | 'staff' | 'system' | 'organisation-user';
  id: string;
  role?: string;
  officeCode?: string;
}

export type PersonalDataPurpose = 'counter-service' | 'complaint-handling' | 'audit' | 'lawful-request';

/** R-SKR-5: the identity and contact fields a seeker may disclose to one organisation's registration. */
export const DISCLOSABLE_FIELDS = ['name', 'phone', 'email', 'address'] as const;
export type DisclosableField = (typeof DISCLOSABLE_FIELDS)[number];

type Cmd<T extends string, D> = { type: T; data: D & { seekerId: string; at: string; by?: Actor } };

export type SeekerCommand =
  | Cmd<
      'RegisterSeeker',
      {
        officeCode: string;
        personalData: SealedPersonalData;
        appliedOn: string;
        school: SchoolStatus;
        scope: ProvisionScope[];
        termsVersion: string;
        profile: AnonymisedProfile;
      }
    >
  | Cmd<'ChangeProfile', { profile: AnonymisedProfile }>
  | Cmd<'ChangePersonalData', { personalData: SealedPersonalData; ageBand?: string }>
  | Cmd<'ChangeScope', { scope: ProvisionScope[]; termsVersion: string }>
  | Cmd<'ChangeSchoolStatus', { school: SchoolStatus }>
  | Cmd<'StopUse', object>
  | Cmd<'ResumeUse', object>
  | Cmd<'RecordActivity', object>
  | Cmd<'RecordPlacement', object>
  | Cmd<'ExpireApplication', object>
  | Cmd<'CloseNewGraduateWindow', object>
  | Cmd<'BlockRegistration', { registrationId: string }>
  | Cmd<'UnblockRegistration', { registrationId: string }>
  | Cmd<'RecordPersonalDataRead', { reader: Actor; purpose: PersonalDataPurpose; route: string }>
  | Cmd<'EraseSeeker', { requestReference: string }>
  | Cmd<'DiscloseIdentity', { registrationId: string; fields: DisclosableField[] }>
  | Cmd<'WithdrawDisclosure', { registrationId: string }>
  | Cmd<'RecordDisclosedRead', { registrationId: string; userId: string; departmentId: string }>
  /** R-STF-1 / R-STF-2: counter staff issue (or reissue) the seeker's one-time activation code, saying why. */
  | Cmd<'IssueActivation', { reason: string; reissue: boolean; expiresAt: string }>
  /** The one-time code was used: the password it set replaces the seeker's old one from now. */
  | Cmd<'RecordCredentialActivated', object>
  /** R-STF-2: the seeker's own session read the personal data (a session may have been opened with a staff-issued code). */
  | Cmd<'RecordOwnPersonalDataRead', { route: string }>;

export type SeekerEvent =
  | {
      type: 'SeekerRegistered';
      data: {
        seekerId: string;
        officeCode: string;
        personalData: SealedPersonalData;
        scope: ProvisionScope[];
        termsVersion: string;
        profile: AnonymisedProfile;
        appliedOn: string;
        validUntil: string;
        school: SchoolStatus;
        newUniversityGraduate: boolean;
        eligible: boolean;
        ineligibleReason?: IneligibleReason;
        /** R-SKR-1: when a pending new graduate becomes eligible by itself (1 July 00:00 JST). */
        eligibleFrom?: string;
        registeredAt: string;
      };
    }
  | { type: 'SeekerProfileChanged'; data: { seekerId: string; profile: AnonymisedProfile; changedAt: string } }
  | { type: 'SeekerPersonalDataChanged'; data: { seekerId: string; personalData: SealedPersonalData; changedAt: string } }
  | { type: 'SeekerScopeChanged'; data: { seekerId: string; scope: ProvisionScope[]; termsVersion: string; changedAt: string } }
  | {
      type: 'SeekerSchoolStatusChanged';
      data: {
        seekerId: string;
        school: SchoolStatus;
        newUniversityGraduate: boolean;
        eligible: boolean;
        ineligibleReason?: IneligibleReason;
        eligibleFrom?: string;
        changedAt: string;
      };
    }
  | { type: 'SeekerStoppedUse'; data: { seekerId: string; stoppedAt: string } }
  | { type: 'SeekerResumedUse'; data: { seekerId: string; resumedAt: string } }
  | { type: 'SeekerApplicationExtended'; data: { seekerId: string; validUntil: string; extendedAt: string } }
  | { type: 'SeekerApplicationExpired'; data: { seekerId: string; validUntil: string; expiredAt: string } }
  | { type: 'SeekerPlaced'; data: { seekerId: string; placedAt: string } }
  | { type: 'SeekerNewGraduateWindowClosed'; data: { seekerId: string; eligible: boolean; ineligibleReason?: IneligibleReason; closedAt: string } }
  | { type: 'SeekerBlockedRegistration'; data: { seekerId: string; registrationId: string; blockedAt: string } }
  | { type: 'SeekerUnblockedRegistration'; data: { seekerId: string; registrationId: string; unblockedAt: string } }
  | {
      type: 'PersonalDataRead';
      data: { seekerId: string; reader: Actor; purpose: PersonalDataPurpose; route: string; readAt: string };
    }
  | { type: 'SeekerErased'; data: { seekerId: string; requestReference: string; erasedAt: string } }
  /** R-SKR-5: which fields (names only, never values) the seeker disclosed to this registration. */
  | { type: 'SeekerDisclosedIdentity'; data: { seekerId: string; registrationId: string; fields: DisclosableField[]; disclosedAt: string } }
  | { type: 'SeekerWithdrewDisclosure'; data: { seekerId: string; registrationId: string; withdrawnAt: string } }
  /** R-SKR-5: an organisation user of the registration read the disclosed fields (recorded before they are returned). */
  | {
      type: 'DisclosedIdentityRead';
      data: { seekerId: string; registrationId: string; userId: string; departmentId: string; fields: DisclosableField[]; readAt: string };
    }
  /**
   * R-STF-1 / R-STF-2: a staff action on the seeker's account — who, when, why. No code, not even
   * hashed; `reissue` says a credential existed (its password stays valid until the new code is used).
   */
  | { type: 'SeekerActivationIssued'; data: { seekerId: string; by: Actor; reason: string; reissue: boolean; expiresAt: string; issuedAt: string } }
  /** The code issued by `issuedBy` set the seeker's password; any earlier password stops working now. */
  | { type: 'SeekerCredentialActivated'; data: { seekerId: string; issuedBy?: Actor; activatedAt: string } }
  /** R-STF-2: a read of the personal data by the seeker's own session, recorded like a staff read. */
  | { type: 'OwnPersonalDataRead'; data: { seekerId: string; route: string; readAt: string } };

export interface RegisteredSeeker {
  seekerId: string;
  officeCode: string;
  scope: ProvisionScope[];
  termsVersion: string;
  profile: AnonymisedProfile;
  appliedOn: string;
  validUntil: string;
  school: SchoolStatus;
  placed: boolean;
  expired: boolean;
  eligibility: Eligibility;
  blockedRegistrationIds: string[];
  /** R-SKR-5: current disclosures, registration id → disclosed field names. */
  disclosures: Record<string, DisclosableField[]>;
  /** The staff member whose one-time code is outstanding (R-STF-2: the activation names them). */
  pendingActivationBy?: Actor;
}

/** A union of statuses; eligibility is the other dimension (a stopped seeker may be eligible). */
export type SeekerState =
  | { status: 'unregistered' }
  | ({ status: 'active' } & RegisteredSeeker)
  | ({ status: 'stopped' } & RegisteredSeeker)
  /** The office stays known (not personal data): staff of other offices learn nothing, not even the erasure (R-STF-1). */
  | { status: 'erased'; seekerId: string; officeCode?: string };

export const seekerStreamId = (seekerId: string): string => `seeker-${seekerId}`;

export class SeekerAlreadyRegistered extends DomainError {
  constructor() {
    super('SEEKER_ALREADY_REGISTERED', 'the seeker is already registered for the service', 'R-SKR-2', 'conflict');
  }
}
export class SeekerNotRegistered extends DomainError {
  constructor() {
    super('SEEKER_NOT_REGISTERED', 'no such seeker registration', 'R-SKR-2', 'not-found');
  }
}
export class SeekerErasedError extends DomainError {
  constructor() {
    super('SEEKER_ERASED', "the seeker's personal data was erased on a lawful request; nothing more can be done with it", 'R-AUD-2', 'conflict');
  }
}
export class ScopeRequired extends DomainError {
  constructor() {
    super('SCOPE_REQUIRED', 'the seeker must choose private agencies, local governments, or both', 'R-SKR-2', 'refused', 'scope');
  }
}
export class TermsNotAgreed extends DomainError {
  constructor() {
    super('TERMS_NOT_AGREED', 'the seeker must agree to the current version of the terms of use', 'R-SKR-2', 'refused', 'termsVersion');
  }
}
export class NotSeekersOffice extends DomainError {
  constructor() {
    super('NOT_SEEKERS_OFFICE', "counter staff act only for seekers registered at their own office", 'R-STF-1', 'forbidden');
  }
}
export class AlreadyStopped extends DomainError {
  constructor() {
    super('ALREADY_STOPPED', 'the seeker has already stopped use', 'R-SKR-4', 'conflict');
  }
}
export class NotStopped extends DomainError {
  constructor() {
    super('NOT_STOPPED', 'the seeker has not stopped use; nothing to resume', 'R-SKR-4', 'conflict');
  }
}
export class AlreadyBlocked extends DomainError {
  constructor() {
    super('ALREADY_BLOCKED', 'the seeker has already blocked this registration', 'R-SKR-6', 'conflict', 'registrationId');
  }
}
export class NotBlocked extends DomainError {
  constructor() {
    super('NOT_BLOCKED', 'the seeker has not blocked this registration', 'R-SKR-6', 'conflict', 'registrationId');
  }
}
export class ApplicationDateInvalid extends DomainError {
  constructor(message: string) {
    super('APPLICATION_DATE_INVALID', message, 'R-SKR-3', 'refused', 'appliedOn');
  }
}
export class GraduationDateInvalid extends DomainError {
  constructor() {
    super('GRADUATION_DATE_INVALID', 'a new graduate has a graduation date that is not in the future', 'R-SKR-1', 'refused', 'school.graduationDate');
  }
}
export class DisclosureBySeekerOnly extends DomainError {
  constructor() {
    super('DISCLOSURE_BY_SEEKER_ONLY', 'only the seeker may disclose or withdraw their own identity and contact', 'R-SKR-5', 'forbidden');
  }
}
export class DisclosureFieldsInvalid extends DomainError {
  constructor() {
    super('DISCLOSURE_FIELDS_INVALID', `fields name one or more of ${DISCLOSABLE_FIELDS.join(', ')}`, 'R-SKR-5', 'refused', 'fields');
  }
}
export class RegistrationBlocked extends DomainError {
  constructor() {
    super('REGISTRATION_BLOCKED', 'the seeker has blocked this registration', 'R-SKR-6', 'refused', 'registrationId');
  }
}
/** R-SKR-5: no current disclosure to this registration — `forbidden` for a read, `conflict` for a withdrawal. */
export class NotDisclosed extends DomainError {
  constructor(kind: 'forbidden' | 'conflict' = 'forbidden') {
    super('NOT_DISCLOSED', 'the seeker has not disclosed identity or contact to this registration', 'R-SKR-5', kind);
  }
}
export class NotSeekerStaff extends DomainError {
  constructor() {
    super('NOT_SEEKER_STAFF', 'bureau officers decide organisations’ cases; seekers are served by Hello Work offices', 'R-STF-1', 'forbidden');
  }
}
export class StaffReasonRequired extends DomainError {
  constructor() {
    super('STAFF_REASON_REQUIRED', 'a staff action on a seeker’s account states its reason', 'R-STF-2', 'refused', 'reason');
  }
}
export class PurposeRequired extends DomainError {
  constructor() {
    super('READ_PURPOSE_REQUIRED', 'a staff read of personal data states its purpose', 'R-STF-2', 'refused', 'purpose');
  }
}

/** R-SKR-2: registration and every change of scope needs a chosen scope and agreement to the terms. */
export const scopeAndTermsPolicy = (scope: ProvisionScope[], termsVersion: string): void => {
  if (scope.length === 0) throw new ScopeRequired();
  if (!termsVersion) throw new TermsNotAgreed();
};

/**
 * R-STF-1 / R-SKR-2: staff reach a seeker only where they work. Counter staff act — and read —
 * for the seekers of their own office; complaint-desk staff read only the seekers of their own
 * office too (R-CMP-2: the desk a complaint escalates to by default is the seeker's own office;
 * a complaint escalated elsewhere is not modelled yet, so fail closed); the HQ auditor reads
 * nationwide (the routes allow it reads only); bureau officers have no seeker cases. Which role
 * may do what at all is decided at the route (`@Allow`).
 */
export const ownOfficePolicy = (by: Actor | undefined, state: { officeCode?: string }): void => {
  if (by?.kind !== 'staff') return;
  if (by.role === 'bureau-officer') throw new NotSeekerStaff();
  if ((by.role === 'counter' || by.role === 'complaint-desk') && (!by.officeCode || by.officeCode !== state.officeCode)) throw new NotSeekersOffice();
};

/** R-STF-2: a staff action on the seeker's account is made by a member of staff, with a reason. */
const staffReasonPolicy = (by: Actor | undefined, reason: string): void => {
  if (by?.kind !== 'staff') throw new NotSeekersOffice();
  if (!reason.trim()) throw new StaffReasonRequired();
};

/** R-SKR-1: a new graduate's graduation date lies in the past; R-SKR-3: the application date is not in the future. */
const datesPolicy = (at: string, appliedOn: string | undefined, school: SchoolStatus): void => {
  const today = jstDate(at);
  if (appliedOn !== undefined && appliedOn > today) throw new ApplicationDateInvalid('the job application date is in the future');
  if (school.status === 'new-graduate' && school.graduationDate > today) throw new GraduationDateInvalid();
};

const eligibilityFields = (e: Eligibility) =>
  e.eligible ? { eligible: true as const } : { eligible: false as const, ineligibleReason: e.reason, ...(e.until ? { eligibleFrom: e.until } : {}) };

const live = (state: SeekerState): ({ status: 'active' | 'stopped' } & RegisteredSeeker) => {
  if (state.status === 'unregistered') throw new SeekerNotRegistered();
  if (state.status === 'erased') throw new SeekerErasedError();
  return state;
};

const uniq = <T>(values: T[]): T[] => [...new Set(values)];

/** R-SKR-5: only the seeker discloses or withdraws; a command without an actor is the seeker's own (tests, replays). */
const seekerThemselfPolicy = (by: Actor | undefined, seekerId: string): void => {
  if (by && (by.kind !== 'seeker' || by.id !== seekerId)) throw new DisclosureBySeekerOnly();
};

/** R-SKR-5: a disclosure names at least one of the disclosable fields, each once. */
const disclosureFieldsPolicy = (fields: readonly string[]): DisclosableField[] => {
  if (fields.length === 0 || fields.some((f) => !(DISCLOSABLE_FIELDS as readonly string[]).includes(f))) throw new DisclosureFieldsInvalid();
  return DISCLOSABLE_FIELDS.filter((f) => fields.includes(f));
};

/** R-SKR-6: nothing passes to a registration the seeker has blocked. */
const notBlockedPolicy = (seeker: RegisteredSeeker, registrationId: string): void => {
  if (seeker.blockedRegistrationIds.includes(registrationId)) throw new RegistrationBlocked();
};

export const seekerDecider: Decider<SeekerCommand, SeekerEvent, SeekerState> = {
  initialState: () => ({ status: 'unregistered' }),

  decide(command, state): SeekerEvent[] {
    const { seekerId, at } = command.data;
    if (command.type === 'RegisterSeeker') {
      if (state.status === 'erased') throw new SeekerErasedError();
      if (state.status !== 'unregistered') throw new SeekerAlreadyRegistered();
      const d = command.data;
      scopeAndTermsPolicy(d.scope, d.termsVersion);
      datesPolicy(at, d.appliedOn, d.school);
      const validUntil = applicationValidUntil(d.appliedOn);
      const eligibility = eligibilityPolicy({ validUntil, placed: false }, d.school, at);
      // R-SKR-1 / R-SKR-3: refused with its reason — except a new graduate before 1 July, who is
      // registered now and becomes eligible by itself when the window closes.
      if (!eligibility.eligible && eligibility.reason !== 'NEW_GRADUATE_BEFORE_JULY')
        throw new SeekerNotEligible(eligibility.reason, eligibility.reason === 'APPLICATION_EXPIRED' ? 'appliedOn' : 'school');
      return [
        {
          type: 'SeekerRegistered',
          data: {
            seekerId,
            officeCode: d.officeCode,
            personalData: d.personalData,
            scope: uniq(d.scope),
            termsVersion: d.termsVersion,
            profile: d.profile,
            appliedOn: d.appliedOn,
            validUntil,
            school: d.school,
            newUniversityGraduate: isNewUniversityGraduate(d.school),
            ...eligibilityFields(eligibility),
            registeredAt: at,
          },
        },
      ];
    }
    const seeker = live(state);
    switch (command.type) {
      case 'ChangeProfile':
        ownOfficePolicy(command.data.by, seeker);
        return [{ type: 'SeekerProfileChanged', data: { seekerId, profile: command.data.profile, changedAt: at } }];
      case 'ChangePersonalData': {
        ownOfficePolicy(command.data.by, seeker);
        const events: SeekerEvent[] = [{ type: 'SeekerPersonalDataChanged', data: { seekerId, personalData: command.data.personalData, changedAt: at } }];
        // R-SKR-5: a corrected birth date moves the age band organisations see.
        if (command.data.ageBand && command.data.ageBand !== seeker.profile.ageBand)
          events.push({ type: 'SeekerProfileChanged', data: { seekerId, profile: { ...seeker.profile, ageBand: command.data.ageBand }, changedAt: at } });
        return events;
      }
      case 'ChangeScope':
        // R-SKR-2: made by staff, with the seeker's chosen scope and the current terms.
        ownOfficePolicy(command.data.by, seeker);
        scopeAndTermsPolicy(command.data.scope, command.data.termsVersion);
        return [{ type: 'SeekerScopeChanged', data: { seekerId, scope: uniq(command.data.scope), termsVersion: command.data.termsVersion, changedAt: at } }];
      case 'ChangeSchoolStatus': {
        ownOfficePolicy(command.data.by, seeker);
        datesPolicy(at, undefined, command.data.school);
        const eligibility = eligibilityPolicy({ validUntil: seeker.validUntil, placed: seeker.placed }, command.data.school, at);
        return [
          {
            type: 'SeekerSchoolStatusChanged',
            data: { seekerId, school: command.data.school, newUniversityGraduate: isNewUniversityGraduate(command.data.school), ...eligibilityFields(eligibility), changedAt: at },
          },
        ];
      }
      case 'StopUse':
        // R-SKR-4: the seeker may stop at any time, effective at once.
        if (seeker.status === 'stopped') throw new AlreadyStopped();
        return [{ type: 'SeekerStoppedUse', data: { seekerId, stoppedAt: at } }];
      case 'ResumeUse':
        // R-SKR-4: resuming is done at Hello Work (the route allows counter staff only).
        ownOfficePolicy(command.data.by, seeker);
        if (seeker.status !== 'stopped') throw new NotStopped();
        return [{ type: 'SeekerResumedUse', data: { seekerId, resumedAt: at } }];
      case 'RecordActivity': {
        // R-SKR-3: activity in the last month extends the application by one month.
        ownOfficePolicy(command.data.by, seeker);
        if (seeker.placed) throw new SeekerNotEligible('PLACED');
        if (seeker.expired) throw new SeekerNotEligible('APPLICATION_EXPIRED');
        const extended = validityAfterActivity(seeker.validUntil, jstDate(at));
        return extended ? [{ type: 'SeekerApplicationExtended', data: { seekerId, validUntil: extended, extendedAt: at } }] : [];
      }
      case 'RecordPlacement':
        // R-SKR-3: the application becomes invalid on placement.
        ownOfficePolicy(command.data.by, seeker);
        if (seeker.placed) return [];
        return [{ type: 'SeekerPlaced', data: { seekerId, placedAt: at } }];
      case 'ExpireApplication':
        // R-SKR-3: the scheduler's command; nothing happens before the application's last day has passed.
        if (seeker.placed || seeker.expired) return [];
        if (eligibilityPolicy({ validUntil: seeker.validUntil, placed: false }, { status: 'none' }, at).eligible) return [];
        return [{ type: 'SeekerApplicationExpired', data: { seekerId, validUntil: seeker.validUntil, expiredAt: at } }];
      case 'CloseNewGraduateWindow': {
        // R-SKR-1: on 1 July (JST) a new graduate of a school below university level becomes eligible.
        if (seeker.eligibility.eligible || seeker.eligibility.reason !== 'NEW_GRADUATE_BEFORE_JULY') return [];
        const eligibility = eligibilityPolicy({ validUntil: seeker.validUntil, placed: seeker.placed }, seeker.school, at);
        if (!eligibility.eligible && eligibility.reason === 'NEW_GRADUATE_BEFORE_JULY') return [];
        return [
          {
            type: 'SeekerNewGraduateWindowClosed',
            data: { seekerId, ...(eligibility.eligible ? { eligible: true } : { eligible: false, ineligibleReason: eligibility.reason }), closedAt: at },
          },
        ];
      }
      case 'BlockRegistration':
        // R-SKR-6: the seeker blocks an organisation's registration.
        if (seeker.blockedRegistrationIds.includes(command.data.registrationId)) throw new AlreadyBlocked();
        return [{ type: 'SeekerBlockedRegistration', data: { seekerId, registrationId: command.data.registrationId, blockedAt: at } }];
      case 'UnblockRegistration':
        // R-SKR-6: blocks can be lifted by the seeker.
        if (!seeker.blockedRegistrationIds.includes(command.data.registrationId)) throw new NotBlocked();
        return [{ type: 'SeekerUnblockedRegistration', data: { seekerId, registrationId: command.data.registrationId, unblockedAt: at } }];
      case 'RecordPersonalDataRead':
        // R-STF-2: every staff read of personal data is itself recorded (counter staff: own office only).
        ownOfficePolicy(command.data.reader, seeker);
        if (!command.data.purpose) throw new PurposeRequired();
        return [
          { type: 'PersonalDataRead', data: { seekerId, reader: command.data.reader, purpose: command.data.purpose, route: command.data.route, readAt: at } },
        ];
      case 'EraseSeeker':
        // R-AUD-2: the log is not rewritten; the seeker's key is destroyed (application layer) and this marks it.
        ownOfficePolicy(command.data.by, seeker);
        return [{ type: 'SeekerErased', data: { seekerId, requestReference: command.data.requestReference, erasedAt: at } }];
      case 'DiscloseIdentity': {
        // R-SKR-5: the seeker discloses identity/contact to one registration; R-SKR-6: never to a blocked one.
        seekerThemselfPolicy(command.data.by, seekerId);
        const fields = disclosureFieldsPolicy(command.data.fields);
        notBlockedPolicy(seeker, command.data.registrationId);
        return [{ type: 'SeekerDisclosedIdentity', data: { seekerId, registrationId: command.data.registrationId, fields, disclosedAt: at } }];
      }
      case 'WithdrawDisclosure':
        // R-SKR-5: the seeker withdraws; that registration receives nothing more.
        seekerThemselfPolicy(command.data.by, seekerId);
        if (!seeker.disclosures[command.data.registrationId]) throw new NotDisclosed('conflict');
        return [{ type: 'SeekerWithdrewDisclosure', data: { seekerId, registrationId: command.data.registrationId, withdrawnAt: at } }];
      case 'RecordDisclosedRead': {
        // R-SKR-5: only the registration disclosed to receives it, and every read is recorded (a block ends the disclosure, R-SKR-6).
        const fields = seeker.disclosures[command.data.registrationId];
        if (!fields) throw new NotDisclosed();
        return [
          {
            type: 'DisclosedIdentityRead',
            data: { seekerId, registrationId: command.data.registrationId, userId: command.data.userId, departmentId: command.data.departmentId, fields, readAt: at },
          },
        ];
      }
      case 'IssueActivation':
        // R-STF-1: only counter staff of the seeker's office; R-STF-2: recorded with who and why.
        ownOfficePolicy(command.data.by, seeker);
        staffReasonPolicy(command.data.by, command.data.reason);
        if (command.data.by?.role !== 'counter') throw new NotSeekersOffice();
        return [
          {
            type: 'SeekerActivationIssued',
            data: { seekerId, by: command.data.by, reason: command.data.reason.trim(), reissue: command.data.reissue, expiresAt: command.data.expiresAt, issuedAt: at },
          },
        ];
      case 'RecordCredentialActivated':
        return [{ type: 'SeekerCredentialActivated', data: { seekerId, ...(seeker.pendingActivationBy ? { issuedBy: seeker.pendingActivationBy } : {}), activatedAt: at } }];
      case 'RecordOwnPersonalDataRead':
        seekerThemselfPolicy(command.data.by, seekerId);
        return [{ type: 'OwnPersonalDataRead', data: { seekerId, route: command.data.route, readAt: at } }];
      default:
        return assertNever(command);
    }
  },

  evolve(state, event): SeekerState {
    if (event.type === 'SeekerRegistered') {
      const d = event.data;
      return {
        status: 'active',
        seekerId: d.seekerId,
        officeCode: d.officeCode,
        scope: d.scope,
        termsVersion: d.termsVersion,
        profile: d.profile,
        appliedOn: d.appliedOn,
        validUntil: d.validUntil,
        school: d.school,
        placed: false,
        expired: false,
        eligibility: d.eligible ? { eligible: true } : { eligible: false, reason: d.ineligibleReason as IneligibleReason, until: d.eligibleFrom },
        blockedRegistrationIds: [],
        disclosures: {},
      };
    }
    if (event.type === 'SeekerErased') return { status: 'erased', seekerId: event.data.seekerId, ...('officeCode' in state && state.officeCode ? { officeCode: state.officeCode } : {}) };
    if (state.status === 'unregistered' || state.status === 'erased') return state;
    switch (event.type) {
      case 'SeekerProfileChanged':
        return { ...state, profile: event.data.profile };
      case 'SeekerPersonalDataChanged':
      case 'PersonalDataRead':
      case 'DisclosedIdentityRead':
      case 'OwnPersonalDataRead':
        return state;
      case 'SeekerActivationIssued':
        return { ...state, pendingActivationBy: event.data.by };
      case 'SeekerCredentialActivated': {
        const { pendingActivationBy: _used, ...rest } = state;
        return rest;
      }
      case 'SeekerDisclosedIdentity':
        return { ...state, disclosures: { ...state.disclosures, [event.data.registrationId]: event.data.fields } };
      case 'SeekerWithdrewDisclosure': {
        const { [event.data.registrationId]: _withdrawn, ...rest } = state.disclosures;
        return { ...state, disclosures: rest };
      }
      case 'SeekerScopeChanged':
        return { ...state, scope: event.data.scope, termsVersion: event.data.termsVersion };
      case 'SeekerSchoolStatusChanged':
        return {
          ...state,
          school: event.data.school,
          eligibility: event.data.eligible
            ? { eligible: true }
            : { eligible: false, reason: event.data.ineligibleReason as IneligibleReason, until: event.data.eligibleFrom },
        };
      case 'SeekerStoppedUse':
        return { ...state, status: 'stopped' };
      case 'SeekerResumedUse':
        return { ...state, status: 'active' };
      case 'SeekerApplicationExtended':
        return { ...state, validUntil: event.data.validUntil };
      case 'SeekerApplicationExpired':
        return { ...state, expired: true, eligibility: { eligible: false, reason: 'APPLICATION_EXPIRED' } };
      case 'SeekerPlaced':
        return { ...state, placed: true, eligibility: { eligible: false, reason: 'PLACED' } };
      case 'SeekerNewGraduateWindowClosed':
        return {
          ...state,
          eligibility: event.data.eligible ? { eligible: true } : { eligible: false, reason: event.data.ineligibleReason as IneligibleReason },
        };
      case 'SeekerBlockedRegistration': {
        // R-SKR-6: a block also ends any disclosure to that registration (lifting the block does not restore it).
        const { [event.data.registrationId]: _ended, ...disclosures } = state.disclosures;
        return { ...state, blockedRegistrationIds: [...state.blockedRegistrationIds, event.data.registrationId], disclosures };
      }
      case 'SeekerUnblockedRegistration':
        return { ...state, blockedRegistrationIds: state.blockedRegistrationIds.filter((id) => id !== event.data.registrationId) };
      default:
        return assertNever(event);
    }
  },
};
