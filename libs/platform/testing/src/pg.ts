import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { postgresUrl } from './infra';

/** A PostgreSQL schema name no other test run uses. */
export const uniqueSchema = (label: string): string =>
  `t_${label.replace(/[^a-z0-9]/g, '_').slice(0, 20)}_${process.pid}_${randomBytes(4).toString('hex')}`;

/** Drops a test's schema and everything in it. */
export const dropSchema = async (schema: string): Promise<void> => {
  const client = new Client({ connectionString: postgresUrl() });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
};
