import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * The seekers' data keys (wrapped by the master key) and the job-seeker-number index, in their
 * own SQLite file under DATA_DIR (`registration.keys.sqlite`) — never in the log, which must
 * not be rewritten (R-AUD-2), and apart from the read models, which are rebuilt from the log.
 *
 * Destroying a key must leave nothing on disk: `secure_delete` overwrites deleted content with
 * zeros, and the WAL is checkpointed and truncated after each destruction so no older frame
 * holds a copy. synchronous=FULL: a key acknowledged to a caller survives a power loss.
 *
 * In distributed mode this file lives on the registration service's volume (one writer); a
 * KMS/HSM is the production alternative behind the same three operations.
 */
export class SeekerKeyStore {
  private readonly db: Database.Database;

  constructor(file: string) {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('secure_delete = ON');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS seeker_keys (seeker_id TEXT PRIMARY KEY, wrapped_key TEXT NOT NULL, created_at TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS job_seeker_numbers (number_mac TEXT PRIMARY KEY, seeker_id TEXT NOT NULL UNIQUE);
    `);
  }

  wrappedKey(seekerId: string): string | undefined {
    const row = this.db.prepare('SELECT wrapped_key FROM seeker_keys WHERE seeker_id = ?').get(seekerId) as
      { wrapped_key: string } | undefined;
    return row?.wrapped_key;
  }

  /** Stores a new seeker's wrapped key and reserves the job-seeker number; false when the number is taken. */
  create(seekerId: string, wrappedKey: string, numberMac: string, at: string): boolean {
    try {
      this.db.transaction(() => {
        this.db.prepare('INSERT INTO job_seeker_numbers (number_mac, seeker_id) VALUES (?, ?)').run(numberMac, seekerId);
        this.db.prepare('INSERT INTO seeker_keys (seeker_id, wrapped_key, created_at) VALUES (?, ?, ?)').run(seekerId, wrappedKey, at);
      })();
      return true;
    } catch (error) {
      if (String((error as { code?: string }).code).startsWith('SQLITE_CONSTRAINT')) return false;
      throw error;
    }
  }

  /** Moves the job-seeker-number reservation (a corrected number); false when the new one is taken. */
  renumber(seekerId: string, numberMac: string): boolean {
    try {
      this.db.transaction(() => {
        this.db.prepare('DELETE FROM job_seeker_numbers WHERE seeker_id = ?').run(seekerId);
        this.db.prepare('INSERT INTO job_seeker_numbers (number_mac, seeker_id) VALUES (?, ?)').run(numberMac, seekerId);
      })();
      return true;
    } catch (error) {
      if (String((error as { code?: string }).code).startsWith('SQLITE_CONSTRAINT')) return false;
      throw error;
    }
  }

  /** R-AUD-2: destroys the seeker's key and number reservation, leaving no copy in the file or its WAL. */
  destroy(seekerId: string): void {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM seeker_keys WHERE seeker_id = ?').run(seekerId);
      this.db.prepare('DELETE FROM job_seeker_numbers WHERE seeker_id = ?').run(seekerId);
    })();
    this.db.pragma('wal_checkpoint(TRUNCATE)');
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
