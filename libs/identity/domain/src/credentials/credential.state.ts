import { CredentialClaims, CredentialEvent, PrincipalKind, Sealed } from './credential.events';

export interface PendingActivation {
  hash: Sealed;
  expiresAt: string;
}

export type CredentialState =
  | { status: 'none' }
  | {
      status: 'issued';
      credentialId: string;
      kind: PrincipalKind;
      subject: string;
      claims: CredentialClaims;
      isAdmin: boolean;
      login: Sealed;
      /** null until activated. */
      passwordHash: Sealed | null;
      /** null once used (or never issued). */
      activation: PendingActivation | null;
      issuedAt: string;
    }
  /** R-AUD-2: revoked on erasure; the login may be issued again. */
  | { status: 'revoked' };

export type IssuedCredential = Extract<CredentialState, { status: 'issued' }>;

export const initialCredentialState = (): CredentialState => ({ status: 'none' });

export const evolveCredential = (state: CredentialState, event: CredentialEvent): CredentialState => {
  switch (event.type) {
    case 'CredentialIssued': {
      const d = event.data;
      const activation = d.activationHash && d.activationExpiresAt ? { hash: d.activationHash, expiresAt: d.activationExpiresAt } : null;
      return {
        status: 'issued',
        credentialId: d.credentialId,
        kind: d.kind,
        subject: d.subject,
        claims: d.claims,
        isAdmin: d.isAdmin,
        login: d.login,
        passwordHash: d.passwordHash,
        activation,
        issuedAt: d.at,
      };
    }
    case 'ActivationCodeIssued':
      return state.status === 'issued'
        ? { ...state, activation: { hash: event.data.activationHash, expiresAt: event.data.expiresAt } }
        : state;
    case 'CredentialActivated':
      return state.status === 'issued' ? { ...state, passwordHash: event.data.passwordHash, activation: null } : state;
    case 'PasswordChanged':
      return state.status === 'issued' ? { ...state, passwordHash: event.data.passwordHash } : state;
    case 'CredentialRevoked':
      return { status: 'revoked' };
  }
};
