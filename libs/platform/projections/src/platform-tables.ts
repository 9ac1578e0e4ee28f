import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn, ValueTransformer } from 'typeorm';
import { instantColumnType, tablesMigration } from './read-db';

/**
 * A log position in a `bigint` column. PostgreSQL's driver returns int8 as a string (exact);
 * SQLite returns a number (exact below 2^53, which a SQLite log's row ids never reach).
 */
export const bigintTransformer: ValueTransformer = {
  to: (value: bigint | null | undefined) => (value === null || value === undefined ? value : value.toString()),
  from: (value: string | number | null | undefined) => (value === null || value === undefined ? null : BigInt(value)),
};

/**
 * How far a projection or a relay has got in the event log. Written in the same transaction
 * as the read-model change it accounts for (projections), or after the broker acknowledged
 * (relay). `position` null means "from the beginning".
 */
@Entity({ name: 'checkpoints' })
export class Checkpoint {
  @PrimaryColumn({ type: 'varchar', length: 200 })
  name!: string;

  /** Exclusive: everything up to and including this global log position is done. */
  @Column({ type: 'bigint', nullable: true, transformer: bigintTransformer })
  position!: bigint | null;

  @Column({ type: Date, name: 'updated_at' })
  updatedAt!: Date;
}

/**
 * Integration events a consumer has processed, recorded in the same transaction as their
 * effect: a redelivered event finds its row and is skipped (at-least-once + inbox = once).
 */
@Entity({ name: 'inbox' })
export class InboxEntry {
  /** The consumer (its consumer group): each consumer processes each event once. */
  @PrimaryColumn({ type: 'varchar', length: 200 })
  consumer!: string;

  /** The integration event's id (the log event id it was derived from). */
  @PrimaryColumn({ type: 'varchar', length: 64, name: 'event_id' })
  eventId!: string;

  @Column({ type: Date, name: 'processed_at' })
  processedAt!: Date;
}

/**
 * An event a projection or inbox consumer could not apply, parked so the ones after it go on
 * (ARCHITECTURE: never retried forever). Written in the transaction that moves the checkpoint
 * past it (projections) or records it in the inbox (consumers); deleted by `retryParked` in the
 * transaction that finally applies it. Holds no personal data: the event stays in the log (by
 * position) — only an integration event, which carries none by contract, is kept as `payload`.
 */
@Entity({ name: 'dead_letters' })
export class DeadLetter {
  /** Parking order: the order `retryParked` applies them in (log order for a projection). */
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  /** The projection's (or consumer group's) name. */
  @Column({ type: 'varchar', length: 200 })
  projection!: string;

  @Column({ type: 'varchar', length: 64, name: 'event_id' })
  eventId!: string;

  /** The global log position (projections); null for an integration event. */
  @Column({ type: 'bigint', nullable: true, transformer: bigintTransformer })
  position!: bigint | null;

  /** The stream id (projections) or the integration event's key (the stream it came from). */
  @Column({ type: 'varchar', length: 300, name: 'stream_id' })
  streamId!: string;

  @Column({ type: 'varchar', length: 200 })
  type!: string;

  /** Why: the error's class and code, the database's SQLSTATE and message (never DETAIL, never event data). */
  @Column({ type: 'varchar', length: 1000 })
  error!: string;

  @Column({ type: 'integer' })
  attempts!: number;

  /** Set when parked only because an earlier event of its stream is (per-stream order): that event's id. */
  @Column({ type: 'varchar', length: 64, name: 'behind_event_id', nullable: true })
  behindEventId!: string | null;

  /** An integration event as JSON (U+0000 escaped by JSON.stringify): the bus may not keep it. */
  @Column({ type: 'text', nullable: true })
  payload!: string | null;

  @Column({ type: Date, name: 'parked_at' })
  parkedAt!: Date;
}

/** Portable DDL (TypeORM Table API): one migration for SQLite and PostgreSQL. */
export const PlatformTables1764000000000 = tablesMigration('PlatformTables1764000000000', (queryRunner) => [
  {
    name: 'checkpoints',
    columns: [
      { name: 'name', type: 'varchar', length: '200', isPrimary: true },
      { name: 'position', type: 'bigint', isNullable: true },
      { name: 'updated_at', type: instantColumnType(queryRunner) },
    ],
  },
  {
    name: 'inbox',
    columns: [
      { name: 'consumer', type: 'varchar', length: '200', isPrimary: true },
      { name: 'event_id', type: 'varchar', length: '64', isPrimary: true },
      { name: 'processed_at', type: instantColumnType(queryRunner) },
    ],
    // Pruning entries older than the bus's retention (nothing can be redelivered after it).
    indices: [{ name: 'IDX_inbox_processed_at', columnNames: ['processed_at'] }],
  },
]);

/** The dead-letter table (see DeadLetter), portable DDL. */
export const PlatformDeadLetters1764900000000 = tablesMigration('PlatformDeadLetters1764900000000', (queryRunner) => [
  {
    name: 'dead_letters',
    columns: [
      { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
      { name: 'projection', type: 'varchar', length: '200' },
      { name: 'event_id', type: 'varchar', length: '64' },
      { name: 'position', type: 'bigint', isNullable: true },
      { name: 'stream_id', type: 'varchar', length: '300' },
      { name: 'type', type: 'varchar', length: '200' },
      { name: 'error', type: 'varchar', length: '1000' },
      { name: 'attempts', type: 'integer' },
      { name: 'behind_event_id', type: 'varchar', length: '64', isNullable: true },
      { name: 'payload', type: 'text', isNullable: true },
      { name: 'parked_at', type: instantColumnType(queryRunner) },
    ],
    indices: [
      // An event is parked once per projection.
      { name: 'UQ_dead_letters_event', columnNames: ['projection', 'event_id'], isUnique: true },
      // "Is this stream parked?" — asked for every batch (projections) or event (consumers).
      { name: 'IDX_dead_letters_stream', columnNames: ['projection', 'stream_id'] },
    ],
  },
]);

/** Add these to every service's read data source (openReadDataSource). */
export const PLATFORM_ENTITIES = [Checkpoint, InboxEntry, DeadLetter];
export const PLATFORM_MIGRATIONS = [PlatformTables1764000000000, PlatformDeadLetters1764900000000];
export const PLATFORM_TABLES = ['checkpoints', 'inbox', 'dead_letters'];
