/**
 * registration's public integration events about seekers (topic `registration`, key
 * `seeker-<seekerId>`). No personal data: the seeker id is a platform UUID, never the
 * job-seeker number; no name, contact or birth date (R-SKR-5). Every schema refuses extra
 * properties, so personal data cannot ride along unnoticed.
 */
import { eventSchemaById, eventSchemas, IntegrationEventUnion, objectSchema, optional, schemaTypes } from '@hw/platform/core';

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

export type SeekerIntegrationEvent = IntegrationEventUnion<
  typeof SeekerEvents,
  {
    SeekerRegistered: SeekerRegisteredV1;
    SeekerStoppedUse: SeekerStoppedUseV1;
    SeekerResumedUse: SeekerResumedUseV1;
    SeekerProfileChanged: SeekerProfileChangedV1;
    SeekerScopeChanged: SeekerScopeChangedV1;
    SeekerEligibilityChanged: SeekerEligibilityChangedV1;
    SeekerApplicationExtended: SeekerApplicationExtendedV1;
    SeekerBlockedRegistration: SeekerBlockedRegistrationV1;
    SeekerUnblockedRegistration: SeekerUnblockedRegistrationV1;
    SeekerDisclosedIdentity: SeekerDisclosedIdentityV1;
    SeekerWithdrewDisclosure: SeekerWithdrewDisclosureV1;
    SeekerErased: SeekerErasedV1;
    StaffReadPersonalData: StaffReadPersonalDataV1;
  }
>;

const { uuid, instant, prefecture, officeCode, staffId } = schemaTypes;
const scope = { type: 'array', minItems: 1, items: { enum: ['private-agencies', 'local-governments'] } };
const reason = { enum: ['STUDENT_OF_EXCLUDED_SCHOOL', 'NEW_GRADUATE_BEFORE_JULY', 'APPLICATION_EXPIRED', 'PLACED'] };
const time = { type: 'string', pattern: '^[0-2][0-9]:[0-5][0-9]$' };
const profile = objectSchema({
  desiredOccupations: { type: 'array', items: { type: 'string' } },
  desiredPrefectures: { type: 'array', items: prefecture },
  employmentType: { enum: ['full-time', 'part-time', 'contract', 'any'] },
  desiredMunicipalities: optional({ type: 'array', items: { type: 'string', pattern: '^[0-9]{5,6}$' } }),
  hours: optional({
    type: 'object',
    additionalProperties: false,
    properties: { perWeek: { type: 'number', minimum: 0, maximum: 80 }, from: time, to: time },
  }),
  desiredWage: optional(objectSchema({ amount: { type: 'integer', minimum: 0 }, per: { enum: ['hour', 'month'] } })),
  qualifications: optional({ type: 'array', items: { type: 'string', maxLength: 100 } }),
  educationLevel: optional({ type: 'string' }),
  workHistory: optional({ type: 'array', items: objectSchema({ occupation: { type: 'string' }, years: { type: 'number', minimum: 0 } }) }),
  selfPr: optional({ type: 'string', maxLength: 2000 }),
  ageBand: optional({ type: 'string', pattern: '^[0-9]{1,3}-[0-9]{1,3}$' }),
});
/** A seeker's event with a registration: the two ids and one instant. */
const withRegistration = (at: string) => ({ seekerId: uuid, registrationId: { type: 'string' }, [at]: instant });

/** JSON Schemas of each seeker event (draft 2020-12), for the AsyncAPI catalogue and consumers' checks. */
export const seekerSchemas: Record<string, object> = eventSchemas(SeekerEvents, eventSchemaById, {
  SeekerRegistered: {
    seekerId: uuid,
    scope,
    profile,
    registeredAt: instant,
    eligible: optional({ type: 'boolean' }),
    ineligibleReason: optional(reason),
    newUniversityGraduate: optional({ type: 'boolean' }),
  },
  SeekerStoppedUse: { seekerId: uuid, stoppedAt: instant },
  SeekerResumedUse: { seekerId: uuid, resumedAt: instant },
  SeekerProfileChanged: { seekerId: uuid, profile, changedAt: instant },
  SeekerScopeChanged: { seekerId: uuid, scope, termsVersion: { type: 'string' }, changedAt: instant },
  SeekerEligibilityChanged: {
    seekerId: uuid,
    eligible: { type: 'boolean' },
    reason: optional(reason),
    newUniversityGraduate: optional({ type: 'boolean' }),
    changedAt: instant,
  },
  SeekerApplicationExtended: { seekerId: uuid, validUntil: { type: 'string', format: 'date' }, extendedAt: instant },
  SeekerBlockedRegistration: withRegistration('blockedAt'),
  SeekerUnblockedRegistration: withRegistration('unblockedAt'),
  SeekerDisclosedIdentity: {
    seekerId: uuid,
    registrationId: { type: 'string' },
    fields: { type: 'array', minItems: 1, maxItems: 4, uniqueItems: true, items: { enum: ['name', 'phone', 'email', 'address'] } },
    disclosedAt: instant,
  },
  SeekerWithdrewDisclosure: withRegistration('withdrawnAt'),
  SeekerErased: { seekerId: uuid, erasedAt: instant },
  StaffReadPersonalData: {
    seekerId: uuid,
    staffId,
    role: { enum: ['counter', 'complaint-desk', 'bureau-officer', 'hq-auditor'] },
    officeCode: optional(officeCode),
    purpose: { enum: ['counter-service', 'complaint-handling', 'audit', 'lawful-request'] },
    readAt: instant,
  },
});
