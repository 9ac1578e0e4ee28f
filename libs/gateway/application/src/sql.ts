import { DataSource, EntityManager } from 'typeorm';
import { runSql } from '@hw/platform/projections';

export type Db = Pick<EntityManager, 'query' | 'connection'> | DataSource;
const managerOf = (db: Db): Pick<EntityManager, 'query' | 'connection'> => (db instanceof DataSource ? db.manager : db);
export type Row = Record<string, unknown>;

/** One portable statement (`:name` parameters), its rows. */
export const rows = async <T = Row>(db: Db, sql: string, parameters: Record<string, unknown> = {}): Promise<T[]> => {
  const result = await runSql<unknown>(managerOf(db), sql, parameters);
  // PostgreSQL answers an UPDATE/DELETE as [rows, count]; a SELECT as rows.
  return (Array.isArray(result) ? (Array.isArray(result[0]) ? result[0] : result) : []) as T[];
};

export const one = async <T = Row>(db: Db, sql: string, parameters: Record<string, unknown> = {}): Promise<T | undefined> =>
  (await rows<T>(db, sql, parameters))[0];

export const exec = async (db: Db, sql: string, parameters: Record<string, unknown> = {}): Promise<void> => {
  await runSql(managerOf(db), sql, parameters);
};

/** A count or position as a number (PostgreSQL answers int8 and COUNT(*) as strings). */
export const num = (value: unknown): number => (value === null || value === undefined ? 0 : Number(value));
export const str = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));

/** An instant `days` after another (ISO 8601, UTC). */
export const plusDays = (at: string, days: number): string => new Date(new Date(at).getTime() + days * 86_400_000).toISOString();
