import { DomainError, fold } from '@hw/platform/core';
import { DeciderSpecification } from '@hw/platform/testing';
import { activationExpiresAt, CredentialEvent, credentialDecider, CredentialIssuedData } from './index';

const spec = DeciderSpecification.for(credentialDecider);
const at = '2026-04-01T00:00:00.000Z';
const later = '2026-04-02T00:00:00.000Z';
const expires = activationExpiresAt(new Date(at));

const issuedData = (over: Partial<CredentialIssuedData> = {}): CredentialIssuedData => ({
  credentialId: 'credential-1',
  kind: 'seeker',
  subject: 'seeker-1',
  claims: {},
  isAdmin: false,
  login: 'sealed:login',
  passwordHash: null,
  activationHash: 'sealed:code-1',
  activationExpiresAt: expires,
  at,
  ...over,
});
const issued = (over: Partial<CredentialIssuedData> = {}): CredentialEvent => ({ type: 'CredentialIssued', data: issuedData(over) });
const activated: CredentialEvent = { type: 'CredentialActivated', data: { passwordHash: 'sealed:pw-1', at } };
const activate = (over: Partial<{ at: string; codeMatches: boolean; kind: 'seeker' | 'organisation-user' }> = {}) =>
  ({ type: 'Activate', data: { at: later, codeMatches: true, passwordHash: 'sealed:pw-2', ...over } }) as const;

describe('credential decider: issue, activate, change, revoke', () => {
  it('R-SKR-2: a credential is issued with a one-time code valid for 7 days; its login is taken from then on', () => {
    spec.given([]).when({ type: 'IssueCredential', data: issuedData() }).then([issued()]);
    expect(expires).toBe('2026-04-08T00:00:00.000Z');
    spec
      .given([issued()])
      .when({ type: 'IssueCredential', data: issuedData({ subject: 'someone else' }) })
      .thenThrows(DomainError, { code: 'LOGIN_TAKEN', kind: 'conflict', field: 'login' });
  });

  it('R-SKR-2: the seeker sets a password with the unused, unexpired code — the code is spent by the same event', () => {
    spec
      .given([issued()])
      .when(activate())
      .then([{ type: 'CredentialActivated', data: { passwordHash: 'sealed:pw-2', at: later } }]);
    const state = fold(credentialDecider, [issued(), activated]);
    expect(state).toMatchObject({ status: 'issued', passwordHash: 'sealed:pw-1', activation: null });
  });

  it('R-SKR-2: a wrong, used or expired code, an unknown login, or the other kind’s route is refused alike (INVALID_ACTIVATION)', () => {
    const invalid = { code: 'INVALID_ACTIVATION', field: 'activationCode' };
    spec
      .given([issued()])
      .when(activate({ codeMatches: false }))
      .thenThrows(DomainError, invalid);
    spec.given([issued(), activated]).when(activate()).thenThrows(DomainError, invalid);
    spec
      .given([issued()])
      .when(activate({ at: expires }))
      .thenThrows(DomainError, invalid);
    spec.given([]).when(activate()).thenThrows(DomainError, invalid);
    spec
      .given([issued()])
      .when(activate({ kind: 'organisation-user' }))
      .thenThrows(DomainError, invalid);
  });

  it('R-SKR-2 / R-STF-2: a reissued code works beside the old password until it is used, then replaces it', () => {
    const reissued: CredentialEvent = { type: 'ActivationCodeIssued', data: { activationHash: 'sealed:code-2', expiresAt: expires, at } };
    spec.given([issued(), activated]).when({ type: 'IssueActivationCode', data: reissued.data }).then([reissued]);
    expect(fold(credentialDecider, [issued(), activated, reissued])).toMatchObject({
      passwordHash: 'sealed:pw-1',
      activation: { hash: 'sealed:code-2' },
    });
    spec
      .given([])
      .when({ type: 'IssueActivationCode', data: reissued.data })
      .thenThrows(DomainError, { code: 'CREDENTIAL_NOT_FOUND', kind: 'not-found' });
  });

  it('a principal changes its password only with the right old one, and to a different one', () => {
    const change = (oldPasswordMatches: boolean, samePassword = false) =>
      ({ type: 'ChangePassword', data: { at: later, oldPasswordMatches, samePassword, passwordHash: 'sealed:pw-3' } }) as const;
    spec
      .given([issued(), activated])
      .when(change(true))
      .then([{ type: 'PasswordChanged', data: { passwordHash: 'sealed:pw-3', at: later } }]);
    spec.given([issued(), activated]).when(change(false)).thenThrows(DomainError, { code: 'INVALID_CREDENTIALS', field: 'oldPassword' });
    spec.given([issued()]).when(change(true)).thenThrows(DomainError, { code: 'INVALID_CREDENTIALS' });
    spec
      .given([issued(), activated])
      .when(change(true, true))
      .thenThrows(DomainError, { code: 'PASSWORD_UNCHANGED', field: 'newPassword' });
  });

  it('R-AUD-2: an erased seeker’s credential is revoked once; nothing activates it, and its login may be issued again', () => {
    const revoked: CredentialEvent = { type: 'CredentialRevoked', data: { at: later, reason: 'erasure' } };
    spec
      .given([issued(), activated])
      .when({ type: 'RevokeCredential', data: { at: later, reason: 'erasure' } })
      .then([revoked]);
    spec
      .given([issued(), revoked])
      .when({ type: 'RevokeCredential', data: { at: later, reason: 'erasure' } })
      .then([]);
    spec.given([issued(), revoked]).when(activate()).thenThrows(DomainError, { code: 'INVALID_ACTIVATION' });
    spec
      .given([issued(), revoked])
      .when({ type: 'IssueCredential', data: issuedData({ subject: 'seeker-2' }) })
      .then([issued({ subject: 'seeker-2' })]);
  });
});
