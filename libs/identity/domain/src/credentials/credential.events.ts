/**
 * The credential aggregate's events (stream `credential-<login key>`). Every secret — the login
 * name, the password hash, the activation-code hash — arrives sealed under the principal's
 * identity key (`Sealed`): the log holds no password, code or login in clear, and destroying
 * the key makes a seeker's credential unreadable in every replay and backup (R-AUD-2). These
 * events never leave identity: no relay publishes `credential-` streams.
 */
export type PrincipalKind = 'seeker' | 'organisation-user' | 'staff';

/** A secret as the log stores it: sealed by the application, opaque to the domain. */
export type Sealed = string;

/** What the token states besides kind and id: registrationId/departmentId/organisationKind, or role/officeCode/prefecture. */
export type CredentialClaims = Record<string, string>;

export interface CredentialIssuedData {
  /** The credential's own id (the read model's key). */
  credentialId: string;
  kind: PrincipalKind;
  /** The token's `sub`: seeker id, organisation user id, staff id. */
  subject: string;
  claims: CredentialClaims;
  /** An organisation admin may create the registration's other users (R-ORG-6). */
  isAdmin: boolean;
  login: Sealed;
  /** Staff from configuration start with a password; everyone else with an activation code. */
  passwordHash: Sealed | null;
  activationHash: Sealed | null;
  activationExpiresAt: string | null;
  at: string;
  /** Set once, by the import of a credential row written before identity kept its log. */
  imported?: true;
}

export type CredentialEvent =
  | { type: 'CredentialIssued'; data: CredentialIssuedData }
  /** R-SKR-2: a new one-time code beside the current password (a reissue at the counter). */
  | { type: 'ActivationCodeIssued'; data: { activationHash: Sealed; expiresAt: string; at: string } }
  /** The code is spent and the password set, in one event: of two uses of one code exactly one is recorded. */
  | { type: 'CredentialActivated'; data: { passwordHash: Sealed; at: string } }
  | { type: 'PasswordChanged'; data: { passwordHash: Sealed; at: string } }
  /** R-AUD-2: an erased seeker's credential; its key is destroyed beside this event. */
  | { type: 'CredentialRevoked'; data: { at: string; reason: 'erasure' } };
