import { EntityManager } from 'typeorm';

/** One statement, `:name` parameters rewritten for the driver (`?` SQLite, `$n` PostgreSQL). */
export const run = <T = unknown>(
  tx: Pick<EntityManager, 'query' | 'connection'>,
  sql: string,
  parameters: Record<string, unknown> = {},
): Promise<T> => {
  const [query, values] = tx.connection.driver.escapeQueryWithParameters(sql, parameters, {});
  return tx.query(query, values);
};
