import { CredentialCommand } from './credential.commands';
import { credentialNotFound, invalidActivation, invalidCredentials, loginTaken, passwordUnchanged } from './credential.errors';
import { CredentialState, IssuedCredential } from './credential.state';
import { OfType } from '@hw/platform/core';

/** Activation codes are valid for 7 days. */
export const ACTIVATION_TTL_MS = 7 * 24 * 3600 * 1000;

/** When a code issued at `at` stops working. */
export const activationExpiresAt = (at: Date): string => new Date(at.getTime() + ACTIVATION_TTL_MS).toISOString();

/** One credential per login name; a revoked one (an erased seeker's) frees it. */
export const loginIsFreePolicy = (state: CredentialState): void => {
  if (state.status === 'issued') throw loginTaken();
};

export const requireIssued = (state: CredentialState): IssuedCredential => {
  if (state.status !== 'issued') throw credentialNotFound();
  return state;
};

/**
 * R-SKR-2: a code works once, before it expires, for the kind of principal it was issued to
 * (a seeker's code does not activate through the organisation route, nor the reverse).
 */
export const activationCodePolicy = ({ data }: OfType<CredentialCommand, 'Activate'>, state: CredentialState): IssuedCredential => {
  const valid =
    state.status === 'issued' &&
    state.activation !== null &&
    data.codeMatches &&
    (data.kind === undefined || state.kind === data.kind) &&
    state.activation.expiresAt > data.at;
  if (!valid) throw invalidActivation();
  return state;
};

/** A principal changes its password only with its current one, and to a different one. */
export const changePasswordPolicy = ({ data }: OfType<CredentialCommand, 'ChangePassword'>, state: CredentialState): void => {
  if (state.status !== 'issued' || state.passwordHash === null || !data.oldPasswordMatches) throw invalidCredentials('oldPassword');
  if (data.samePassword) throw passwordUnchanged();
};
