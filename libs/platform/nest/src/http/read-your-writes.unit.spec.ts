import { ServiceUnavailableException } from '@nestjs/common';
import { LastWrites, waitUntilReflected } from './read-your-writes';

describe('read your writes: the position a read waits for, and the bounded wait', () => {
  it("a read waits for the later of the position it names and the caller's own last write here", () => {
    const writes = new LastWrites(10);
    expect(writes.positionToRead('seeker:a', undefined)).toBeUndefined();
    expect(writes.positionToRead('seeker:a', 7n)).toBe(7n);
    writes.wrote('seeker:a', 12n);
    writes.wrote('seeker:a', 9n); // an earlier write answered late moves nothing back
    writes.wrote('seeker:a', undefined);
    expect(writes.positionToRead('seeker:a', undefined)).toBe(12n);
    expect(writes.positionToRead('seeker:a', 20n)).toBe(20n);
    expect(writes.positionToRead('seeker:b', 3n)).toBe(3n);
    expect(writes.positionToRead(undefined, 3n)).toBe(3n);
  });

  it('answers once the read model reflects the write, looking again after each pause', async () => {
    let looks = 0;
    await waitUntilReflected(async () => ++looks === 3, { waitMs: 5000, pauseMs: 1, behind: () => ({ message: 'behind' }) });
    expect(looks).toBe(3);
  });

  it('after the wait, 503 READ_MODEL_BEHIND with what the caller states', async () => {
    const waiting = waitUntilReflected(async () => false, {
      waitMs: 0,
      pauseMs: (round) => round,
      behind: async () => ({ message: 'the read model has not reached log position 4 yet', position: '4' }),
    });
    await expect(waiting).rejects.toBeInstanceOf(ServiceUnavailableException);
    await expect(waiting).rejects.toMatchObject({
      response: { code: 'READ_MODEL_BEHIND', message: 'the read model has not reached log position 4 yet', position: '4' },
    });
  });
});
