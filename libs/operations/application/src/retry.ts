import { InboxConsumer, IntegrationProjection, ProjectionRunner, RetryOutcome, RunnerLogger } from '@hw/platform/projections';
import { OpsContext, openServiceReadDb } from './context';
import { UsageError } from './bundle';

/**
 * Applies a projection's or an inbox consumer's parked events again, after a fix, from outside
 * the service's process: each in one transaction that takes the checkpoint's lock, as the live
 * runner's batches do (ProjectionRunner.retryParked), so it is safe while the service runs.
 */
export const retryParked = async (ctx: OpsContext, name: string): Promise<RetryOutcome & { service: string }> => {
  const quiet: RunnerLogger = { log: (m) => ctx.output.err(m), warn: (m) => ctx.output.err(m), error: (m) => ctx.output.err(m) };
  for (const definition of ctx.definitions) {
    const projection = definition.projections?.find((p) => p.name === name);
    const consumer = definition.consumers?.find((c) => c.name === name);
    if (!projection && !consumer) continue;
    const db = await openServiceReadDb(ctx.config, definition);
    try {
      const outcome = projection
        ? await new ProjectionRunner(ctx.infra.log, db, projection, { logger: quiet }).retryParked()
        : await new InboxConsumer(ctx.infra.bus, db, consumer as IntegrationProjection, { logger: quiet }).retryParked();
      return { ...outcome, service: definition.service };
    } finally {
      await db.destroy();
    }
  }
  const names = ctx.definitions.flatMap((d) => [...(d.projections ?? []), ...(d.consumers ?? [])].map((p) => p.name));
  throw new UsageError(`no projection or consumer named ${name}; known: ${names.join(', ')}`);
};
