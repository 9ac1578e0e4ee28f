import { callerMetadata } from '@hw/platform/nest';
import { EventLog, handleCommand } from '@hw/platform/event-log';
import { Actor, SeekerCommand, seekerDecider, seekerStreamId } from '@hw/registration/domain';

/** A principal as its token states it (TokenClaims, or identity's StaffActor). */
interface Acting {
  kind: Actor['kind'];
  sub: string;
  role?: string;
  officeCode?: string;
}

/** Who acts on a seeker's stream: staff with their role and office (R-STF-1), anyone else by kind and id. */
export const seekerActorOf = (principal: Acting): Actor =>
  principal.kind === 'staff'
    ? { kind: 'staff', id: principal.sub, role: principal.role, ...(principal.officeCode ? { officeCode: principal.officeCode } : {}) }
    : { kind: principal.kind, id: principal.sub };

/** A command on its seeker's stream, issued by the principal that acts (the metadata's time is the command's). */
export const issueSeekerCommand = (log: EventLog, command: SeekerCommand, principal: Acting) =>
  handleCommand(log, seekerDecider, seekerStreamId(command.data.seekerId), command, callerMetadata(principal, command.data.at));
