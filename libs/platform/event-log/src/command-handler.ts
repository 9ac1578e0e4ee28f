import { Decider, DomainEvent, EventMetadata, newId } from '@hw/platform/core';
import { EventLog, WrongExpectedRevisionError } from './event-log.port';

export interface HandleResult<E, S> {
  events: E[];
  state: S;
  nextRevision: bigint | undefined;
}

export interface CommandHandlerOptions {
  /** Attempts on a concurrent write before giving up with the conflict (default 5). */
  maxAttempts?: number;
  /** Schema version written with each event type (default 1). */
  schemaVersionOf?: (type: string) => number;
}

/**
 * The one generic command handler: read stream → fold → decide → append with the expected
 * revision; on a version conflict read again and re-decide (the rule is checked against the
 * state that actually won).
 */
export const handleCommand = async <C, E extends DomainEvent, S>(
  log: EventLog,
  decider: Decider<C, E, S>,
  streamId: string,
  command: C,
  metadata: EventMetadata,
  options: CommandHandlerOptions = {},
): Promise<HandleResult<E, S>> => {
  const maxAttempts = options.maxAttempts ?? 5;
  for (let attempt = 1; ; attempt++) {
    const recorded = await log.readStream(streamId);
    const state = recorded.reduce((s, r) => decider.evolve(s, { type: r.type, data: r.data } as E), decider.initialState());
    const current = recorded.length === 0 ? undefined : recorded[recorded.length - 1].revision;
    const events = decider.decide(command, state);
    if (events.length === 0) return { events, state, nextRevision: current };
    try {
      const result = await log.append(
        streamId,
        events.map((event) => ({
          id: newId(),
          type: event.type,
          schemaVersion: options.schemaVersionOf?.(event.type) ?? 1,
          data: event.data,
          metadata,
        })),
        current === undefined ? 'no_stream' : current,
      );
      return { events, state: events.reduce(decider.evolve, state), nextRevision: result.nextRevision };
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError) || attempt >= maxAttempts) throw error;
    }
  }
};
