import { DomainError, refused } from '@hw/platform/core';

/**
 * The credential's refusals. None names the login, a code or a password: the answer says only
 * which field was wrong. INVALID_ACTIVATION and INVALID_CREDENTIALS are answered 401 by the shell.
 */
export const loginTaken = (): DomainError =>
  new DomainError('LOGIN_TAKEN', 'this login name is already used', undefined, 'conflict', 'login');

/** R-SKR-2: the seeker sets a password only with the unexpired, unused code the counter issued. */
export const invalidActivation = (): DomainError =>
  refused('INVALID_ACTIVATION', 'unknown login or invalid, used or expired activation code', 'R-SKR-2', 'refused', 'activationCode');

export const invalidCredentials = (field: 'password' | 'oldPassword'): DomainError =>
  new DomainError(
    'INVALID_CREDENTIALS',
    field === 'password' ? 'unknown login or wrong password' : 'the old password is wrong',
    undefined,
    'refused',
    field,
  );

export const passwordUnchanged = (): DomainError =>
  new DomainError('PASSWORD_UNCHANGED', 'the new password differs from the old one', undefined, 'refused', 'newPassword');

export const credentialNotFound = (): DomainError => new DomainError('CREDENTIAL_NOT_FOUND', 'no such credential', undefined, 'not-found');
