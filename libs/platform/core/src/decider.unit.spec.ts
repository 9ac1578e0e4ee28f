import { decideByType, DomainEvent } from './decider';

type Command = DomainEvent<'Open', { id: string }> | DomainEvent<'Close', { id: string; reason: string }>;
type Event = DomainEvent<'Opened', { id: string }> | DomainEvent<'Closed', { id: string; reason: string }>;
type State = { open: boolean };

describe('decideByType: the thin switch of a decider, as a table', () => {
  const decide = decideByType<Command, State, Event>({
    Open: ({ data }, state) => (state.open ? [] : [{ type: 'Opened', data }]),
    Close: ({ data }, state) => (state.open ? [{ type: 'Closed', data }] : []),
  });

  it("hands each command, with the state, to its type's function", () => {
    expect(decide({ type: 'Open', data: { id: 'a' } }, { open: false })).toEqual([{ type: 'Opened', data: { id: 'a' } }]);
    expect(decide({ type: 'Close', data: { id: 'a', reason: 'done' } }, { open: true })).toEqual([
      { type: 'Closed', data: { id: 'a', reason: 'done' } },
    ]);
    expect(decide({ type: 'Close', data: { id: 'a', reason: 'done' } }, { open: false })).toEqual([]);
  });

  it('throws, as assertNever does, for a type the table lacks — an inherited name included', () => {
    for (const type of ['Reopen', 'toString', 'constructor', '__proto__'])
      expect(() => decide({ type, data: {} } as never, { open: false })).toThrow(`unhandled case: {"type":"${type}","data":{}}`);
  });

  it('is exhaustive at compile time: a missing or an unknown type does not compile', () => {
    // @ts-expect-error -- 'Close' has no function
    decideByType<Command, State, Event>({ Open: () => [] });
    // @ts-expect-error -- 'Reopen' is no command type
    decideByType<Command, State, Event>({ Open: () => [], Close: () => [], Reopen: () => [] });
  });
});
