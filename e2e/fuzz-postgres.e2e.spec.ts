import { describeWith, dropSchema, postgresUrl, uniqueSchema } from '@hw/platform/testing';
import { ALL_SERVICES } from '../apps/launcher/src/services';
import { FuzzRun, runFuzz } from './support/fuzz';

/**
 * The fuzz corpus (support/fuzz-corpus.ts) with PostgreSQL read models, where `text` refuses
 * U+0000 (SQLSTATE 22021): a string accepted at the edge that PostgreSQL refuses would stall a
 * projection, the relay or an inbox consumer. After the corpus, each has caught up with the log.
 */
describeWith(['postgres'], 'fuzz corpus from the OpenAPI documents (PostgreSQL read models)', () => {
  const prefix = `${uniqueSchema('fuzz')}_`;
  let run: FuzzRun;

  beforeAll(async () => {
    run = await runFuzz({ READ_DB: 'postgres', DATABASE_URL: postgresUrl(), READ_DB_SCHEMA_PREFIX: prefix });
    process.stdout.write(`fuzz (postgres read models): ${run.requests} requests, by status ${JSON.stringify(run.counts)}\n`);
  }, 300_000);
  afterAll(async () => {
    for (const [service] of ALL_SERVICES) await dropSchema(`${prefix}${service}`);
  });

  it('issue 8 (finding: U+0000 stalled a projection on PostgreSQL): after the corpus every projection, relay and inbox consumer has caught up', () => {
    expect(run.counts['2xx']).toBeGreaterThan(100);
    expect(run.bases).toMatchObject({ MessagingController_send: 201, SeekersController_changeProfile: 200 });
    expect(run.stalled).toEqual([]);
  });

  it('issue 8: no answer is a 5xx (none reaches PostgreSQL out of range or with NUL), every 400 names its field or rule, no refusal echoes the input', () => {
    expect(run.failures).toEqual([]);
    expect(run.counts['5xx']).toBeUndefined();
  });
});
