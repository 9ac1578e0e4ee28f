import type { ProvisionScope } from '@hw/registration/contracts';
import { SchoolStatus } from './eligibility';

export type { ProvisionScope };

export type EmploymentType = 'full-time' | 'part-time' | 'contract' | 'any';
export type EducationLevel =
  'junior-high' | 'high' | 'vocational' | 'junior-college' | 'college-of-technology' | 'university' | 'graduate' | 'other';

/**
 * The anonymised profile organisations may see (R-SKR-5). No name, contact, birth date or
 * job-seeker number; work history as occupations and years, never employer names; age as a band.
 */
export interface AnonymisedProfile {
  /** MHLW occupational classification middle-group codes (occupations.ts in registration's contracts). */
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
