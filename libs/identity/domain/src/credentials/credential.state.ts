import { CredentialEvent, CredentialIssuedData, Sealed } from './credential.events';

export interface PendingActivation {
  hash: Sealed;
  expiresAt: string;
}

/** An issued credential: what its CredentialIssued stated, with the pending code (if any) and its later password. */
export type IssuedCredential = Omit<CredentialIssuedData, 'activationHash' | 'activationExpiresAt' | 'at' | 'imported'> & {
  status: 'issued';
  /** null once used (or never issued). */
  activation: PendingActivation | null;
  issuedAt: string;
};

export type CredentialState =
  | { status: 'none' }
  | IssuedCredential
  /** R-AUD-2: revoked on erasure; the login may be issued again. */
  | { status: 'revoked'; credentialId: string };

export const initialCredentialState = (): CredentialState => ({ status: 'none' });

export const evolveCredential = (state: CredentialState, event: CredentialEvent): CredentialState => {
  switch (event.type) {
    case 'CredentialIssued': {
      const { activationHash, activationExpiresAt, at, imported: _imported, ...issued } = event.data;
      const activation = activationHash && activationExpiresAt ? { hash: activationHash, expiresAt: activationExpiresAt } : null;
      return { status: 'issued', ...issued, activation, issuedAt: at };
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
      return state.status === 'issued' ? { status: 'revoked', credentialId: state.credentialId } : state;
  }
};
