import { IneligibleReason, SchoolStatus } from './eligibility';
import { Actor, AnonymisedProfile, DisclosableField, PersonalDataPurpose, ProvisionScope, SealedPersonalData } from './seeker.commands';

/** The registration as the seeker's state keeps it: who, at which office, with what consent and application. */
export interface SeekerRegistrationFacts {
  seekerId: string;
  officeCode: string;
  scope: ProvisionScope[];
  termsVersion: string;
  profile: AnonymisedProfile;
  appliedOn: string;
  validUntil: string;
  school: SchoolStatus;
}

export type SeekerEvent =
  | {
      type: 'SeekerRegistered';
      data: SeekerRegistrationFacts & {
        personalData: SealedPersonalData;
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
  | {
      type: 'SeekerNewGraduateWindowClosed';
      data: { seekerId: string; eligible: boolean; ineligibleReason?: IneligibleReason; closedAt: string };
    }
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
  | {
      type: 'SeekerActivationIssued';
      data: { seekerId: string; by: Actor; reason: string; reissue: boolean; expiresAt: string; issuedAt: string };
    }
  /** The code issued by `issuedBy` set the seeker's password; any earlier password stops working now. */
  | { type: 'SeekerCredentialActivated'; data: { seekerId: string; issuedBy?: Actor; activatedAt: string } }
  /** R-STF-2: a read of the personal data by the seeker's own session, recorded like a staff read. */
  | { type: 'OwnPersonalDataRead'; data: { seekerId: string; route: string; readAt: string } };
