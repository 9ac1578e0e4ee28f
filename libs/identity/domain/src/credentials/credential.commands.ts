import { CredentialIssuedData, Sealed } from './credential.events';

/**
 * The credential's commands. Checking a password or a code is cryptography (scrypt, in the
 * application): the command carries its outcome (`codeMatches`, `oldPasswordMatches`), computed
 * against the state this command is decided on, and the decider rules on it.
 */
export type CredentialCommand =
  | { type: 'IssueCredential'; data: CredentialIssuedData }
  | { type: 'IssueActivationCode'; data: { activationHash: Sealed; expiresAt: string; at: string } }
  | {
      type: 'Activate';
      data: { at: string; codeMatches: boolean; passwordHash: Sealed; kind?: 'seeker' | 'organisation-user' };
    }
  | {
      type: 'ChangePassword';
      data: { at: string; oldPasswordMatches: boolean; samePassword: boolean; passwordHash: Sealed };
    }
  | { type: 'RevokeCredential'; data: { at: string; reason: 'erasure' } };
