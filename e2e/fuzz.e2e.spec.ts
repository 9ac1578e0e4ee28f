import { FuzzRun, runFuzz } from './support/fuzz';

/**
 * Issue 8 (hardening), the fuzz suite: every operation of every service's OpenAPI document,
 * mutated one part at a time (support/fuzz-corpus.ts), against every service in this process as
 * the launcher starts them — SQLite log and SQLite read models under a temp dir, real HTTP.
 */
describe('fuzz corpus from the OpenAPI documents (SQLite read models)', () => {
  let run: FuzzRun;

  beforeAll(async () => {
    run = await runFuzz({});
    process.stdout.write(`fuzz (sqlite read models): ${run.requests} requests, by status ${JSON.stringify(run.counts)}\n`);
  }, 300_000);

  it('issue 8: no answer is a 5xx, every 400 names its field (or, for the body as a whole, its rule), no refusal echoes the input', () => {
    expect(run.requests).toBeGreaterThan(3000);
    expect(run.failures).toEqual([]);
    expect(run.counts['5xx']).toBeUndefined();
  });

  it('issue 8 (finding: path parameters missing from the OpenAPI documents): every path parameter of every route is documented', () => {
    expect(run.undocumented).toEqual([]);
  });

  it("issue 15: every status a route answered is in its OpenAPI document (with the one error body's schema)", () => {
    expect(run.undocumentedStatuses).toEqual([]);
  });

  it('issue 8: the corpus reaches the read models — the base send, search, profile change and status read are accepted — and every projection catches up', () => {
    expect(run.bases).toMatchObject({
      MessagingController_send: 201,
      SearchController_search: 200,
      SeekersController_changeProfile: 200,
      SeekersController_status: 200,
    });
    expect(run.counts['2xx']).toBeGreaterThan(100);
    expect(run.stalled).toEqual([]);
  });
});
