/**
 * @hw/platform/projections — read models and integration from the event log.
 *
 * - openReadDataSource: a service's read DB (SQLite file or PostgreSQL schema), migrations
 *   only; add PLATFORM_ENTITIES / PLATFORM_MIGRATIONS (checkpoints, inbox, dead letters).
 * - ProjectionRunner: log → read model; each batch and its checkpoint in ONE transaction.
 * - InboxConsumer: bus → read model; inbox row and effect in ONE transaction (effectively once).
 * - Relay: log → bus; the checkpoint moves only after the broker acknowledged.
 * - Dead letters: an event a runner or consumer cannot apply is parked (with the later events
 *   of its stream), never retried forever; `retryParked()` applies them after a fix.
 *
 * Rules for code running inside these transactions:
 * - write through the EntityManager you are given, never open another transaction (on SQLite
 *   transactions are queued per data source: a nested withTransaction would wait for itself);
 * - on SQLite, TypeORM has one connection per data source: a service's own read-DB writes
 *   outside the runners should go through withTransaction so they do not interleave.
 * Not done here: pruning old inbox rows (safe after the bus's retention), blue/green rebuilds.
 */
export * from './read-db';
export * from './platform-tables';
export * from './runner-support';
export * from './dead-letters';
export * from './checkpointed-subscriber';
export * from './projection-runner';
export * from './inbox-consumer';
export * from './integration-projection';
export * from './relay';
export * from './seeker-keys';
