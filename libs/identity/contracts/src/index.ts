/**
 * Identity's published contract with the context that hosts it (registration). Two ports, each a
 * name and an interface — no logic, no configuration:
 *  - IDENTITY_ACCOUNTS: what registration asks of identity (an organisation user's credential at
 *    approval or by the admin, whether a user is its registration's admin, an erased seeker's
 *    credential gone). Answers carry ids, a login and a one-time code for the caller to hand
 *    over — never a password or a hash.
 *  - SEEKER_CREDENTIAL_RECORDS / STAFF_ACCOUNT_SEEDS: what identity asks of registration (the
 *    record of a code issue and an activation on the seeker's stream, R-SKR-2 / R-STF-1 /
 *    R-STF-2; the staff accounts of its configuration).
 * Identity publishes no integration event: its credential streams never reach the bus.
 */
export interface NewOrganisationUser {
  registrationId: string;
  departmentId: string;
  /** registration's OrganisationKind (declared once, in @hw/registration/contracts). */
  organisationKind: string;
  login: string;
  isAdmin: boolean;
  /** R-CMP-1: the complaint officer's user carries the claim complaints authorises by. */
  complaintOfficer: boolean;
}

export interface IdentityAccounts {
  /** A pending credential with a one-time activation code (7 days); LOGIN_TAKEN (409) when the login is used. */
  createOrganisationUser(user: NewOrganisationUser): Promise<{ userId: string; login: string; activationCode: string }>;
  isAdmin(userId: string, registrationId: string): Promise<boolean>;
  /** R-AUD-2: the erased seeker's credential is revoked and made unreadable. */
  forgetSeeker(seekerId: string): Promise<void>;
}
export const IDENTITY_ACCOUNTS = Symbol('IDENTITY_ACCOUNTS');

/** The staff member acting (R-STF-1), as its token states it. */
export interface StaffActor {
  kind: 'seeker' | 'organisation-user' | 'staff' | 'system';
  sub: string;
  role?: string;
  officeCode?: string;
}

export interface SeekerCredentialRecords {
  /**
   * R-SKR-2 / R-STF-1 / R-STF-2: records that counter staff issue (or reissue) the seeker's code —
   * who, when, why — before any code exists; refuses other offices (403) and unknown seekers (404).
   */
  recordActivationIssued(issue: {
    seekerId: string;
    at: string;
    by: StaffActor;
    reason: string;
    reissue: boolean;
    expiresAt: string;
  }): Promise<void>;
  /** R-STF-2: the seeker used the code; from now on the old password no longer works. */
  recordCredentialActivated(seekerId: string, at: string): Promise<void>;
}
export const SEEKER_CREDENTIAL_RECORDS = Symbol('SEEKER_CREDENTIAL_RECORDS');

export interface StaffAccountSeed {
  login: string;
  password: string;
  role: string;
  officeCode?: string;
  prefecture?: string;
}
export const STAFF_ACCOUNT_SEEDS = Symbol('STAFF_ACCOUNT_SEEDS');
