import { Logger } from '@nestjs/common';
import { Decider, DomainEvent } from '@hw/platform/core';
import { systemMetadata } from '@hw/platform/nest';
import { EventLog, handleCommand } from '@hw/platform/event-log';

/** One of registration's clocks: the log it appends to, the system principal it acts as, where it logs. */
export interface RegistrationClock {
  log: EventLog;
  id: string;
  logger: Logger;
}

/**
 * A command a clock pass issues on one stream: the number of events it recorded, or 0 when it
 * failed — logged by error name only (no personal data) and tried again on the next tick, where
 * the decider re-checks it against the stream (the source of truth).
 */
export const issueClockCommand = async <C extends { type: string }, E extends DomainEvent, S>(
  clock: RegistrationClock,
  decider: Decider<C, E, S>,
  streamId: string,
  command: C,
  at: string,
  what: string = command.type,
): Promise<number> => {
  try {
    const { events } = await handleCommand(clock.log, decider, streamId, command, systemMetadata(clock.id, at));
    return events.length;
  } catch (error) {
    clock.logger.warn(`${what} failed: ${(error as Error).name}; retried on the next tick`);
    return 0;
  }
};
