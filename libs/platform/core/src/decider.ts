/**
 * A decider per aggregate (ARCHITECTURE: patterns): pure functions, no I/O, no clock.
 * Commands carry time, ids and the acting principal in their metadata.
 */
export interface DomainEvent<T extends string = string, D = unknown> {
  type: T;
  data: D;
}

export interface Decider<Command, Event extends DomainEvent, State> {
  initialState: () => State;
  /** Returns the events the command causes, or throws a named DomainError. */
  decide: (command: Command, state: State) => Event[];
  evolve: (state: State, event: Event) => State;
}

/** For exhaustive switches: a new command or event type that is not handled fails to compile. */
export const assertNever = (value: never): never => {
  throw new Error(`unhandled case: ${JSON.stringify(value)}`);
};

export const fold = <E extends DomainEvent, S>(decider: Pick<Decider<unknown, E, S>, 'evolve' | 'initialState'>, events: E[]): S =>
  events.reduce(decider.evolve, decider.initialState());

/** The member of a `{ type, data }` union with this type: what one `decideX(command, state)` takes. */
export type OfType<U extends { type: string }, T extends U['type']> = Extract<U, { type: T }>;

/**
 * One `decideX(command, state)` per command type, by type: the compiler keeps it exhaustive — a
 * command type without its function, or a function for no command type, does not compile.
 */
export type DecideByType<Command extends { type: string }, State, Event> = {
  readonly [T in Command['type']]: (command: OfType<Command, T>, state: State) => Event[];
};

/**
 * A decider's thin switch, as the table of its `decideX` functions: built once, each call reads
 * one entry (no allocation); a type the table lacks at run time throws as `assertNever` does.
 */
export const decideByType =
  <Command extends { type: string }, State, Event>(byType: DecideByType<Command, State, Event>) =>
  (command: Command, state: State): Event[] => {
    const type: Command['type'] = command.type;
    if (!Object.hasOwn(byType, type)) return assertNever(command as never);
    return (byType[type] as (command: Command, state: State) => Event[])(command, state);
  };
