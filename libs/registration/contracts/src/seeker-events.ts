/**
 * registration's public integration events about seekers (topic `registration`, key
 * `seeker-<seekerId>`). No personal data: the seeker id is a platform UUID, never the
 * job-seeker number; no name, contact or birth date (R-SKR-5). Every schema refuses extra
 * properties, so personal data cannot ride along unnoticed.
 */
/** Provision scope chosen by the seeker (R-SKR-2): declared once here, the owner; every context imports it. */
export type ProvisionScope = 'private-agencies' | 'local-governments';
export type IneligibleReasonV1 = 'STUDENT_OF_EXCLUDED_SCHOOL' | 'NEW_GRADUATE_BEFORE_JULY' | 'APPLICATION_EXPIRED' | 'PLACED';

/** The anonymised profile of R-SKR-5. The first three fields are required; the rest optional. */
export interface AnonymisedProfileV1 {
  /** MHLW occupational classification middle-group codes. */
  desiredOccupations: string[];
  /** Prefecture codes 01–47. */
  desiredPrefectures: string[];
  employmentType: 'full-time' | 'part-time' | 'contract' | 'any';
  desiredMunicipalities?: string[];
  hours?: { perWeek?: number; from?: string; to?: string };
  desiredWage?: { amount: number; per: 'hour' | 'month' };
  qualifications?: string[];
  educationLevel?: string;
  workHistory?: Array<{ occupation: string; years: number }>;
  selfPr?: string;
  /** 5-year band, e.g. `35-39`. */
  ageBand?: string;
}

export interface SeekerRegisteredV1 {
  seekerId: string;
  scope: ProvisionScope[];
  profile: AnonymisedProfileV1;
  registeredAt: string;
  /** R-SKR-1/R-SKR-3: eligible now (a new graduate before 1 July is registered but not yet eligible). */
  eligible?: boolean;
  ineligibleReason?: IneligibleReasonV1;
  /** R-MSG-6c. */
  newUniversityGraduate?: boolean;
}
export interface SeekerStoppedUseV1 {
  seekerId: string;
  stoppedAt: string;
}
export interface SeekerResumedUseV1 {
  seekerId: string;
  resumedAt: string;
}
export interface SeekerProfileChangedV1 {
  seekerId: string;
  profile: AnonymisedProfileV1;
  changedAt: string;
}
export interface SeekerScopeChangedV1 {
  seekerId: string;
  scope: ProvisionScope[];
  termsVersion: string;
  changedAt: string;
}
/** R-SKR-1 / R-SKR-3: the seeker became (in)eligible — school status, the 30 June window, expiry, placement. */
export interface SeekerEligibilityChangedV1 {
  seekerId: string;
  eligible: boolean;
  reason?: IneligibleReasonV1;
  newUniversityGraduate?: boolean;
  changedAt: string;
}
/** R-SKR-3: the job application was extended by activity in its last month. */
export interface SeekerApplicationExtendedV1 {
  seekerId: string;
  validUntil: string;
  extendedAt: string;
}
export interface SeekerBlockedRegistrationV1 {
  seekerId: string;
  registrationId: string;
  blockedAt: string;
}
export interface SeekerUnblockedRegistrationV1 {
  seekerId: string;
  registrationId: string;
  unblockedAt: string;
}
/** R-SKR-5: the seeker disclosed identity/contact to this registration — the field names only, never their values. */
export type DisclosedFieldV1 = 'name' | 'phone' | 'email' | 'address';
export interface SeekerDisclosedIdentityV1 {
  seekerId: string;
  registrationId: string;
  fields: DisclosedFieldV1[];
  disclosedAt: string;
}
/** R-SKR-5: the seeker withdrew the disclosure to this registration. */
export interface SeekerWithdrewDisclosureV1 {
  seekerId: string;
  registrationId: string;
  withdrawnAt: string;
}
/**
 * R-STF-2: staff read the seeker's personal data — who (staff id, role, their office), why (the
 * purpose code) and when. Never the data read, never free text: the auditors' record of reads.
 */
export type StaffReadPurposeV1 = 'counter-service' | 'complaint-handling' | 'audit' | 'lawful-request';
export interface StaffReadPersonalDataV1 {
  seekerId: string;
  staffId: string;
  role: string;
  /** The reader's office (absent for HQ): a Hello Work office code, its first two digits the prefecture. */
  officeCode?: string;
  purpose: StaffReadPurposeV1;
  readAt: string;
}
/** R-AUD-2: drop the seeker's rows; keep anonymous counts. */
export interface SeekerErasedV1 {
  seekerId: string;
  erasedAt: string;
}

export const SeekerEvents = {
  SeekerRegistered: 'registration.SeekerRegistered.v1',
  SeekerStoppedUse: 'registration.SeekerStoppedUse.v1',
  SeekerResumedUse: 'registration.SeekerResumedUse.v1',
  SeekerProfileChanged: 'registration.SeekerProfileChanged.v1',
  SeekerScopeChanged: 'registration.SeekerScopeChanged.v1',
  SeekerEligibilityChanged: 'registration.SeekerEligibilityChanged.v1',
  SeekerApplicationExtended: 'registration.SeekerApplicationExtended.v1',
  SeekerBlockedRegistration: 'registration.SeekerBlockedRegistration.v1',
  SeekerUnblockedRegistration: 'registration.SeekerUnblockedRegistration.v1',
  SeekerDisclosedIdentity: 'registration.SeekerDisclosedIdentity.v1',
  SeekerWithdrewDisclosure: 'registration.SeekerWithdrewDisclosure.v1',
  SeekerErased: 'registration.SeekerErased.v1',
  StaffReadPersonalData: 'registration.StaffReadPersonalData.v1',
} as const;

export type SeekerIntegrationEvent =
  | { type: typeof SeekerEvents.SeekerRegistered; data: SeekerRegisteredV1 }
  | { type: typeof SeekerEvents.SeekerStoppedUse; data: SeekerStoppedUseV1 }
  | { type: typeof SeekerEvents.SeekerResumedUse; data: SeekerResumedUseV1 }
  | { type: typeof SeekerEvents.SeekerProfileChanged; data: SeekerProfileChangedV1 }
  | { type: typeof SeekerEvents.SeekerScopeChanged; data: SeekerScopeChangedV1 }
  | { type: typeof SeekerEvents.SeekerEligibilityChanged; data: SeekerEligibilityChangedV1 }
  | { type: typeof SeekerEvents.SeekerApplicationExtended; data: SeekerApplicationExtendedV1 }
  | { type: typeof SeekerEvents.SeekerBlockedRegistration; data: SeekerBlockedRegistrationV1 }
  | { type: typeof SeekerEvents.SeekerUnblockedRegistration; data: SeekerUnblockedRegistrationV1 }
  | { type: typeof SeekerEvents.SeekerDisclosedIdentity; data: SeekerDisclosedIdentityV1 }
  | { type: typeof SeekerEvents.SeekerWithdrewDisclosure; data: SeekerWithdrewDisclosureV1 }
  | { type: typeof SeekerEvents.SeekerErased; data: SeekerErasedV1 }
  | { type: typeof SeekerEvents.StaffReadPersonalData; data: StaffReadPersonalDataV1 };

const uuid = { type: 'string', format: 'uuid' };
const instant = { type: 'string', format: 'date-time' };
const scope = { type: 'array', minItems: 1, items: { enum: ['private-agencies', 'local-governments'] } };
const reason = { enum: ['STUDENT_OF_EXCLUDED_SCHOOL', 'NEW_GRADUATE_BEFORE_JULY', 'APPLICATION_EXPIRED', 'PLACED'] };
const profile = {
  type: 'object',
  additionalProperties: false,
  required: ['desiredOccupations', 'desiredPrefectures', 'employmentType'],
  properties: {
    desiredOccupations: { type: 'array', items: { type: 'string' } },
    desiredPrefectures: { type: 'array', items: { type: 'string', pattern: '^(0[1-9]|[1-3][0-9]|4[0-7])$' } },
    employmentType: { enum: ['full-time', 'part-time', 'contract', 'any'] },
    desiredMunicipalities: { type: 'array', items: { type: 'string', pattern: '^[0-9]{5,6}$' } },
    hours: {
      type: 'object',
      additionalProperties: false,
      properties: {
        perWeek: { type: 'number', minimum: 0, maximum: 80 },
        from: { type: 'string', pattern: '^[0-2][0-9]:[0-5][0-9]$' },
        to: { type: 'string', pattern: '^[0-2][0-9]:[0-5][0-9]$' },
      },
    },
    desiredWage: {
      type: 'object',
      additionalProperties: false,
      required: ['amount', 'per'],
      properties: { amount: { type: 'integer', minimum: 0 }, per: { enum: ['hour', 'month'] } },
    },
    qualifications: { type: 'array', items: { type: 'string', maxLength: 100 } },
    educationLevel: { type: 'string' },
    workHistory: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['occupation', 'years'],
        properties: { occupation: { type: 'string' }, years: { type: 'number', minimum: 0 } },
      },
    },
    selfPr: { type: 'string', maxLength: 2000 },
    ageBand: { type: 'string', pattern: '^[0-9]{1,3}-[0-9]{1,3}$' },
  },
};

const object = (required: string[], properties: Record<string, object>, $id: string) => ({
  $id,
  type: 'object',
  additionalProperties: false,
  required,
  properties,
});

/** JSON Schemas of each seeker event (draft 2020-12), for the AsyncAPI catalogue and consumers' checks. */
export const seekerSchemas: Record<string, object> = {
  [SeekerEvents.SeekerRegistered]: object(
    ['seekerId', 'scope', 'profile', 'registeredAt'],
    {
      seekerId: uuid,
      scope,
      profile,
      registeredAt: instant,
      eligible: { type: 'boolean' },
      ineligibleReason: reason,
      newUniversityGraduate: { type: 'boolean' },
    },
    SeekerEvents.SeekerRegistered,
  ),
  [SeekerEvents.SeekerStoppedUse]: object(['seekerId', 'stoppedAt'], { seekerId: uuid, stoppedAt: instant }, SeekerEvents.SeekerStoppedUse),
  [SeekerEvents.SeekerResumedUse]: object(['seekerId', 'resumedAt'], { seekerId: uuid, resumedAt: instant }, SeekerEvents.SeekerResumedUse),
  [SeekerEvents.SeekerProfileChanged]: object(
    ['seekerId', 'profile', 'changedAt'],
    { seekerId: uuid, profile, changedAt: instant },
    SeekerEvents.SeekerProfileChanged,
  ),
  [SeekerEvents.SeekerScopeChanged]: object(
    ['seekerId', 'scope', 'termsVersion', 'changedAt'],
    { seekerId: uuid, scope, termsVersion: { type: 'string' }, changedAt: instant },
    SeekerEvents.SeekerScopeChanged,
  ),
  [SeekerEvents.SeekerEligibilityChanged]: object(
    ['seekerId', 'eligible', 'changedAt'],
    { seekerId: uuid, eligible: { type: 'boolean' }, reason, newUniversityGraduate: { type: 'boolean' }, changedAt: instant },
    SeekerEvents.SeekerEligibilityChanged,
  ),
  [SeekerEvents.SeekerApplicationExtended]: object(
    ['seekerId', 'validUntil', 'extendedAt'],
    { seekerId: uuid, validUntil: { type: 'string', format: 'date' }, extendedAt: instant },
    SeekerEvents.SeekerApplicationExtended,
  ),
  [SeekerEvents.SeekerBlockedRegistration]: object(
    ['seekerId', 'registrationId', 'blockedAt'],
    { seekerId: uuid, registrationId: { type: 'string' }, blockedAt: instant },
    SeekerEvents.SeekerBlockedRegistration,
  ),
  [SeekerEvents.SeekerUnblockedRegistration]: object(
    ['seekerId', 'registrationId', 'unblockedAt'],
    { seekerId: uuid, registrationId: { type: 'string' }, unblockedAt: instant },
    SeekerEvents.SeekerUnblockedRegistration,
  ),
  [SeekerEvents.SeekerDisclosedIdentity]: object(
    ['seekerId', 'registrationId', 'fields', 'disclosedAt'],
    {
      seekerId: uuid,
      registrationId: { type: 'string' },
      fields: { type: 'array', minItems: 1, maxItems: 4, uniqueItems: true, items: { enum: ['name', 'phone', 'email', 'address'] } },
      disclosedAt: instant,
    },
    SeekerEvents.SeekerDisclosedIdentity,
  ),
  [SeekerEvents.SeekerWithdrewDisclosure]: object(
    ['seekerId', 'registrationId', 'withdrawnAt'],
    { seekerId: uuid, registrationId: { type: 'string' }, withdrawnAt: instant },
    SeekerEvents.SeekerWithdrewDisclosure,
  ),
  [SeekerEvents.SeekerErased]: object(['seekerId', 'erasedAt'], { seekerId: uuid, erasedAt: instant }, SeekerEvents.SeekerErased),
  [SeekerEvents.StaffReadPersonalData]: object(
    ['seekerId', 'staffId', 'role', 'purpose', 'readAt'],
    {
      seekerId: uuid,
      staffId: { type: 'string', maxLength: 100 },
      role: { enum: ['counter', 'complaint-desk', 'bureau-officer', 'hq-auditor'] },
      officeCode: { type: 'string', pattern: '^[0-9A-Za-z-]{1,16}$' },
      purpose: { enum: ['counter-service', 'complaint-handling', 'audit', 'lawful-request'] },
      readAt: instant,
    },
    SeekerEvents.StaffReadPersonalData,
  ),
};
