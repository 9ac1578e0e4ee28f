import { Inject, Injectable } from '@nestjs/common';
import { EventLog } from '@hw/platform/event-log';
import { EVENT_LOG } from '@hw/platform/nest';
import { SeekerCredentialRecords, StaffActor } from '@hw/identity/contracts';
import { SeekerCommand } from '@hw/registration/domain';
import { issueSeekerCommand, seekerActorOf } from './seeker-actor';

/**
 * Registration's side of identity's SEEKER_CREDENTIAL_RECORDS port: a code issued at the counter
 * and its use are facts of the seeker's stream (R-SKR-2, R-STF-1, R-STF-2), decided by the seeker
 * decider — which refuses other offices and unknown seekers before identity makes any code.
 */
@Injectable()
export class SeekerCredentialRecordsAdapter implements SeekerCredentialRecords {
  constructor(@Inject(EVENT_LOG) private readonly log: EventLog) {}

  async recordActivationIssued(issue: Parameters<SeekerCredentialRecords['recordActivationIssued']>[0]): Promise<void> {
    const { seekerId, at, by, reason, reissue, expiresAt } = issue;
    await this.command({ type: 'IssueActivation', data: { seekerId, at, by: seekerActorOf(by), reason, reissue, expiresAt } }, by);
  }

  async recordCredentialActivated(seekerId: string, at: string): Promise<void> {
    await this.command({ type: 'RecordCredentialActivated', data: { seekerId, at } }, { kind: 'seeker', sub: seekerId });
  }

  private async command(command: SeekerCommand, principal: StaffActor): Promise<void> {
    await issueSeekerCommand(this.log, command, principal);
  }
}
