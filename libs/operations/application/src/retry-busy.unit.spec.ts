import { EventHandlingError } from '@hw/platform/projections';
import { isBusy, retryBusy } from './shadow';

/**
 * A rebuild beside the running service shares its SQLite read database: a batch that meets the
 * live writer's lock fails once with SQLITE_BUSY (inside the runner's EventHandlingError) and must
 * be waited out, never end the rebuild (R-AUD-1: a rebuild next to the live platform).
 */
describe('ops rebuild: SQLITE_BUSY is retried, wherever it is wrapped (R-AUD-1)', () => {
  const busy = Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
  const event = { id: 'e1', streamId: 's-1', revision: 0n, position: 1n, type: 'Counted', data: {}, metadata: {} } as never;

  it('is busy: the driver error, TypeORM’s QueryFailedError (driverError) and a runner’s EventHandlingError around either', () => {
    expect(isBusy(busy)).toBe(true);
    expect(isBusy({ driverError: { code: 'SQLITE_BUSY_SNAPSHOT' } })).toBe(true);
    expect(isBusy(new EventHandlingError(event, busy))).toBe(true);
    expect(isBusy(new EventHandlingError(event, { driverError: { code: 'SQLITE_BUSY' } }))).toBe(true);
    expect(isBusy(new EventHandlingError(event, new Error('constraint failed')))).toBe(false);
    expect(isBusy(new Error('resubscribing'))).toBe(false);
  });

  it('retryBusy waits out a busy failure and returns the answer; any other failure is thrown at once', async () => {
    let calls = 0;
    await expect(
      retryBusy(async () => {
        calls += 1;
        if (calls < 3) throw new EventHandlingError(event, busy);
        return 'caught up';
      }),
    ).resolves.toBe('caught up');
    expect(calls).toBe(3);
    let other = 0;
    await expect(
      retryBusy(async () => {
        other += 1;
        throw new Error('no such table');
      }),
    ).rejects.toThrow('no such table');
    expect(other).toBe(1);
  });
});
