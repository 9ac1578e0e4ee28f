import { Decider, DomainError, EventMetadata, newId } from '@hw/platform/core';
import { CONFLICT_RETRY, handleCommand, readState, retryOnConflict } from './command-handler';
import { WrongExpectedRevisionError } from './event-log.port';
import { SqliteEventLog } from './sqlite-event-log';

type Counted = { type: 'Counted'; data: { n: number; seen: number } };
type Count = { type: 'Count'; data: { limit: number; seen?: number } };
/** A counter with a limit: enough of an aggregate to show the command path's guarantees. */
const counter: Decider<Count, Counted, { n: number }> = {
  initialState: () => ({ n: 0 }),
  decide: (command, state) => {
    if (state.n >= command.data.limit) throw new DomainError('LIMIT', 'the counter is full', 'R-MSG-2', 'limit');
    return [{ type: 'Counted', data: { n: state.n + 1, seen: command.data.seen ?? -1 } }];
  },
  evolve: (state, event) => ({ n: event.data.n }),
};
const metadata: EventMetadata = {
  correlationId: newId(),
  principal: { kind: 'system', id: 'test' },
  occurredAt: '2026-12-01T00:00:00.000Z',
};

describe('the one command path (handleCommand, readState, retryOnConflict)', () => {
  let log: SqliteEventLog;
  beforeAll(() => {
    log = new SqliteEventLog({ file: ':memory:' });
  });
  afterAll(() => log.close());

  it('R-MSG-2: given 20 concurrent commands on one stream with a limit of 12, then exactly 12 are appended and 8 refused by the rule — never by a conflict', async () => {
    const stream = `counter-${newId()}`;
    const outcomes = await Promise.allSettled(
      Array.from({ length: 20 }, () => handleCommand(log, counter, stream, { type: 'Count', data: { limit: 12 } }, metadata)),
    );
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(12);
    const refused = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected').map((o) => (o.reason as DomainError).code);
    expect(refused).toEqual(Array(8).fill('LIMIT'));
    expect(await readState(log, counter, stream)).toEqual({ state: { n: 12 }, revision: 11n });
  });

  it('given a prepare step, when a concurrent append wins the first attempt, then the step runs again on the state that won', async () => {
    const stream = `counter-${newId()}`;
    await handleCommand(log, counter, stream, { type: 'Count', data: { limit: 10 } }, metadata);
    const seenBy: number[] = [];
    let raced = false;
    const result = await handleCommand(
      log,
      counter,
      stream,
      {
        prepare: async (state) => {
          seenBy.push(state.n);
          if (!raced) {
            raced = true;
            await log.append(stream, [{ id: newId(), type: 'Counted', schemaVersion: 1, data: { n: 2, seen: -1 }, metadata }], 0n); // another writer
          }
          return { type: 'Count' as const, data: { limit: 10, seen: state.n } };
        },
      },
      metadata,
    );
    expect(seenBy).toEqual([1, 2]);
    expect(result.events).toEqual([{ type: 'Counted', data: { n: 3, seen: 2 } }]);
  });

  it('given a conflict on every attempt, then retryOnConflict gives up after the policy cap with the conflict; other errors are not retried', async () => {
    let attempts = 0;
    const conflict = new WrongExpectedRevisionError('s', 0n, 1n);
    await expect(
      retryOnConflict(
        async () => {
          attempts++;
          throw conflict;
        },
        { ...CONFLICT_RETRY, maxAttempts: 4, pauseMs: () => 0 },
      ),
    ).rejects.toBe(conflict);
    expect(attempts).toBe(4);
    let others = 0;
    await expect(
      retryOnConflict(async () => {
        others++;
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(others).toBe(1);
  });
});
