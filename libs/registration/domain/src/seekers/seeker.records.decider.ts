import { OfType } from '@hw/platform/core';
import { SeekerCommand } from './seeker.commands';
import { notDisclosed, notSeekersOffice, purposeRequired } from './seeker.errors';
import { SeekerEvent } from './seeker.events';
import { disclosureFieldsPolicy, notBlockedPolicy, ownOfficePolicy, seekerThemselfPolicy, staffReasonPolicy } from './seeker.policies';
import { LiveSeeker as Live } from './seeker.state';

/**
 * The seeker's records beside the registration itself: reads of personal data (R-STF-2), the
 * erasure (R-AUD-2), disclosures (R-SKR-5) and staff actions on the account (R-STF-1). The
 * seeker decider (seeker.decider.ts) routes these commands here.
 */
type Command<T extends SeekerCommand['type']> = OfType<SeekerCommand, T>;
type Events = SeekerEvent[];

/** R-STF-2: every staff read of personal data is itself recorded (counter staff: own office only). */
export const decideRecordPersonalDataRead = ({ data }: Command<'RecordPersonalDataRead'>, seeker: Live): Events => {
  ownOfficePolicy(data.reader, seeker);
  if (!data.purpose) throw purposeRequired();
  const read = { seekerId: data.seekerId, reader: data.reader, purpose: data.purpose, route: data.route, readAt: data.at };
  return [{ type: 'PersonalDataRead', data: read }];
};

/** R-AUD-2: the log is not rewritten; the seeker's key is destroyed (application layer) and this marks it. */
export const decideEraseSeeker = ({ data }: Command<'EraseSeeker'>, seeker: Live): Events => {
  ownOfficePolicy(data.by, seeker);
  return [{ type: 'SeekerErased', data: { seekerId: data.seekerId, requestReference: data.requestReference, erasedAt: data.at } }];
};

/** R-SKR-5: the seeker discloses identity/contact to one registration; R-SKR-6: never to a blocked one. */
export const decideDiscloseIdentity = ({ data }: Command<'DiscloseIdentity'>, seeker: Live): Events => {
  seekerThemselfPolicy(data.by, data.seekerId);
  const fields = disclosureFieldsPolicy(data.fields);
  notBlockedPolicy(seeker, data.registrationId);
  const { seekerId, registrationId, at } = data;
  return [{ type: 'SeekerDisclosedIdentity', data: { seekerId, registrationId, fields, disclosedAt: at } }];
};

/** R-SKR-5: the seeker withdraws; that registration receives nothing more. */
export const decideWithdrawDisclosure = ({ data }: Command<'WithdrawDisclosure'>, seeker: Live): Events => {
  seekerThemselfPolicy(data.by, data.seekerId);
  if (!seeker.disclosures[data.registrationId]) throw notDisclosed('conflict');
  const { seekerId, registrationId, at } = data;
  return [{ type: 'SeekerWithdrewDisclosure', data: { seekerId, registrationId, withdrawnAt: at } }];
};

/** R-SKR-5: only the registration disclosed to receives it, and every read is recorded (a block ends the disclosure, R-SKR-6). */
export const decideRecordDisclosedRead = ({ data }: Command<'RecordDisclosedRead'>, seeker: Live): Events => {
  const fields = seeker.disclosures[data.registrationId];
  if (!fields) throw notDisclosed();
  const { seekerId, registrationId, userId, departmentId, at } = data;
  return [{ type: 'DisclosedIdentityRead', data: { seekerId, registrationId, userId, departmentId, fields, readAt: at } }];
};

/** R-STF-1: only counter staff of the seeker's office; R-STF-2: recorded with who and why. */
export const decideIssueActivation = ({ data }: Command<'IssueActivation'>, seeker: Live): Events => {
  ownOfficePolicy(data.by, seeker);
  staffReasonPolicy(data.by, data.reason);
  if (data.by?.role !== 'counter') throw notSeekersOffice();
  const { seekerId, by, reissue, expiresAt, at } = data;
  return [{ type: 'SeekerActivationIssued', data: { seekerId, by, reason: data.reason.trim(), reissue, expiresAt, issuedAt: at } }];
};

export const decideRecordCredentialActivated = ({ data }: Command<'RecordCredentialActivated'>, seeker: Live): Events => {
  const issuedBy = seeker.pendingActivationBy ? { issuedBy: seeker.pendingActivationBy } : {};
  return [{ type: 'SeekerCredentialActivated', data: { seekerId: data.seekerId, ...issuedBy, activatedAt: data.at } }];
};

/** R-STF-2: the seeker's own session read the personal data, recorded like a staff read. */
export const decideRecordOwnPersonalDataRead = ({ data }: Command<'RecordOwnPersonalDataRead'>): Events => {
  seekerThemselfPolicy(data.by, data.seekerId);
  return [{ type: 'OwnPersonalDataRead', data: { seekerId: data.seekerId, route: data.route, readAt: data.at } }];
};
