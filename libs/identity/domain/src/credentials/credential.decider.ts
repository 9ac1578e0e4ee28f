import { decideByType, Decider, OfType } from '@hw/platform/core';
import { CredentialCommand } from './credential.commands';
import { CredentialEvent } from './credential.events';
import { activationCodePolicy, changePasswordPolicy, loginIsFreePolicy, requireIssued } from './credential.policies';
import { CredentialState, evolveCredential, initialCredentialState } from './credential.state';

type Command<T extends CredentialCommand['type']> = OfType<CredentialCommand, T>;
type Events = CredentialEvent[];

export const decideIssueCredential = ({ data }: Command<'IssueCredential'>, state: CredentialState): Events => {
  loginIsFreePolicy(state);
  return [{ type: 'CredentialIssued', data }];
};

/** R-SKR-2: a reissue at the counter; the current password keeps working until the new code is used. */
export const decideIssueActivationCode = ({ data }: Command<'IssueActivationCode'>, state: CredentialState): Events => {
  requireIssued(state);
  return [{ type: 'ActivationCodeIssued', data }];
};

export const decideActivate = (command: Command<'Activate'>, state: CredentialState): Events => {
  activationCodePolicy(command, state);
  return [{ type: 'CredentialActivated', data: { passwordHash: command.data.passwordHash, at: command.data.at } }];
};

export const decideChangePassword = (command: Command<'ChangePassword'>, state: CredentialState): Events => {
  changePasswordPolicy(command, state);
  return [{ type: 'PasswordChanged', data: { passwordHash: command.data.passwordHash, at: command.data.at } }];
};

/** R-AUD-2: revoking twice (a repeated erasure) records nothing new. */
export const decideRevokeCredential = ({ data }: Command<'RevokeCredential'>, state: CredentialState): Events =>
  state.status === 'issued' ? [{ type: 'CredentialRevoked', data }] : [];

export const decideCredential = decideByType<CredentialCommand, CredentialState, CredentialEvent>({
  IssueCredential: decideIssueCredential,
  IssueActivationCode: decideIssueActivationCode,
  Activate: decideActivate,
  ChangePassword: decideChangePassword,
  RevokeCredential: decideRevokeCredential,
});

/** The credential aggregate (stream `credential-<login key>`): one login of one principal. */
export const credentialDecider: Decider<CredentialCommand, CredentialEvent, CredentialState> = {
  initialState: initialCredentialState,
  decide: decideCredential,
  evolve: evolveCredential,
};

/** The stream of a credential, named by the keyed digest of its login (never the login itself). */
export const credentialStreamId = (loginKey: string): string => `credential-${loginKey}`;
