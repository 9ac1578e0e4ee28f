import { Decider, DomainEvent, EventMetadata, newId, RecordedEvent } from '@hw/platform/core';
import { EventLog, WrongExpectedRevisionError } from './event-log.port';

/**
 * The one place a stored event becomes a domain event. A stream holds only its aggregate's
 * events (the stream id names the aggregate), so the decider's own union is what it reads back.
 */
export const toDomainEvent = <E extends DomainEvent>(recorded: Pick<RecordedEvent, 'type' | 'data'>): E =>
  ({ type: recorded.type, data: recorded.data }) as E;

/** Folds recorded events into a state with the decider's `evolve`, from `state` (default: the initial state). */
export const foldRecorded = <E extends DomainEvent, S>(
  decider: Pick<Decider<unknown, E, S>, 'evolve' | 'initialState'>,
  recorded: Array<Pick<RecordedEvent, 'type' | 'data'>>,
  state: S = decider.initialState(),
): S => recorded.reduce((s, r) => decider.evolve(s, toDomainEvent<E>(r)), state);

export interface StreamState<S> {
  state: S;
  /** Revision of the stream's last event; undefined when the stream does not exist. */
  revision: bigint | undefined;
}

/** Reads a stream and folds it with its decider: the state a command is decided on. */
export const readState = async <E extends DomainEvent, S>(
  log: EventLog,
  decider: Pick<Decider<unknown, E, S>, 'evolve' | 'initialState'>,
  streamId: string,
): Promise<StreamState<S>> => {
  const recorded = await log.readStream(streamId);
  return { state: foldRecorded(decider, recorded), revision: recorded.length === 0 ? undefined : recorded[recorded.length - 1].revision };
};

/** How a command that lost a race is tried again: re-read, re-decide, after a short jittered pause. */
export interface RetryPolicy {
  maxAttempts: number;
  pauseMs: (attempt: number) => number;
}

/**
 * The one retry policy of every command path (aggregates, the send lanes' group commit):
 * up to 50 attempts, pausing 0–20 ms (growing with the attempt) so racing processes spread out.
 */
export const CONFLICT_RETRY: RetryPolicy = { maxAttempts: 50, pauseMs: (attempt) => Math.random() * Math.min(20, attempt * 2) };

/** Runs `work` again while it fails with a concurrency conflict, up to the policy's cap; the last conflict is thrown. */
export const retryOnConflict = async <T>(work: (attempt: number) => Promise<T>, policy: RetryPolicy = CONFLICT_RETRY): Promise<T> => {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work(attempt);
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError) || attempt >= policy.maxAttempts) throw error;
      const pause = policy.pauseMs(attempt);
      if (pause > 0) await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }
};

export interface HandleResult<E, S> {
  events: E[];
  state: S;
  nextRevision: bigint | undefined;
}

export interface CommandHandlerOptions {
  retry?: RetryPolicy;
  /** Schema version written with each event type (default 1). */
  schemaVersionOf?: (type: string) => number;
}

/**
 * A command, or the async step that makes it from the stream's current state — facts read
 * before deciding (another stream, a read model) — run again on every attempt, so a retried
 * decision never rests on facts read for a state that lost the race.
 */
export type CommandOrStep<C, S> = C | { prepare: (state: S) => Promise<C> };

const isStep = <C, S>(command: CommandOrStep<C, S>): command is { prepare: (state: S) => Promise<C> } =>
  typeof command === 'object' &&
  command !== null &&
  'prepare' in command &&
  typeof (command as { prepare: unknown }).prepare === 'function';

/**
 * The one generic command handler: read stream → fold → (prepare) → decide → append with the
 * expected revision; on a version conflict read again and re-decide (the rule is checked
 * against the state that actually won), under the one retry policy.
 */
export const handleCommand = async <C, E extends DomainEvent, S>(
  log: EventLog,
  decider: Decider<C, E, S>,
  streamId: string,
  command: CommandOrStep<C, S>,
  metadata: EventMetadata,
  options: CommandHandlerOptions = {},
): Promise<HandleResult<E, S>> =>
  retryOnConflict(async () => {
    const { state, revision } = await readState(log, decider, streamId);
    const events = decider.decide(isStep(command) ? await command.prepare(state) : command, state);
    if (events.length === 0) return { events, state, nextRevision: revision };
    const result = await log.append(
      streamId,
      events.map((event) => ({
        id: newId(),
        type: event.type,
        schemaVersion: options.schemaVersionOf?.(event.type) ?? 1,
        data: event.data,
        metadata,
      })),
      revision === undefined ? 'no_stream' : revision,
    );
    return { events, state: events.reduce(decider.evolve, state), nextRevision: result.nextRevision };
  }, options.retry);
