import { Column, Entity, MigrationInterface, PrimaryColumn, QueryRunner, Table, TableIndex, ValueTransformer } from 'typeorm';
import { instantColumnType } from './read-db';

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

/** Portable DDL (TypeORM Table API): one migration for SQLite and PostgreSQL. */
export class PlatformTables1764000000000 implements MigrationInterface {
  name = 'PlatformTables1764000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const instant = instantColumnType(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'checkpoints',
        columns: [
          { name: 'name', type: 'varchar', length: '200', isPrimary: true },
          { name: 'position', type: 'bigint', isNullable: true },
          { name: 'updated_at', type: instant },
        ],
      }),
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: 'inbox',
        columns: [
          { name: 'consumer', type: 'varchar', length: '200', isPrimary: true },
          { name: 'event_id', type: 'varchar', length: '64', isPrimary: true },
          { name: 'processed_at', type: instant },
        ],
        // Pruning entries older than the bus's retention (nothing can be redelivered after it).
        indices: [new TableIndex({ name: 'IDX_inbox_processed_at', columnNames: ['processed_at'] })],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('inbox', true);
    await queryRunner.dropTable('checkpoints', true);
  }
}

/** Add these to every service's read data source (openReadDataSource). */
export const PLATFORM_ENTITIES = [Checkpoint, InboxEntry];
export const PLATFORM_MIGRATIONS = [PlatformTables1764000000000];
export const PLATFORM_TABLES = ['checkpoints', 'inbox'];
