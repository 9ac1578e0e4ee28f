import { Column, DataSource, Entity, EntityManager, PrimaryColumn } from 'typeorm';
import { BoundedMap, deriveMasterKey, newDataKey, openText, sealText, unwrapKey, wrapKey } from '@hw/platform/core';
import { isSqliteDataSource, tablesMigration } from './read-db';

/**
 * A context's seeker data keys (R-AUD-2, crypto-shredding), wrapped by the context's master key,
 * in the service's read database: every instance of the service reaches the same keys (SQLite
 * file or PostgreSQL schema), and they are not in the log, which is never rewritten. The table
 * belongs to no projection, so no rebuild empties it.
 */
@Entity({ name: 'seeker_keys' })
export class SeekerKeyRow {
  @PrimaryColumn({ type: 'varchar', length: 36, name: 'seeker_id' })
  seekerId!: string;

  @Column({ type: 'text', name: 'wrapped_key' })
  wrappedKey!: string;

  @Column({ type: 'varchar', length: 32, name: 'created_at' })
  createdAt!: string;
}

export const SeekerKeys1764900000001 = tablesMigration('SeekerKeys1764900000001', [
  {
    name: 'seeker_keys',
    columns: [
      { name: 'seeker_id', type: 'varchar', length: '36', isPrimary: true },
      { name: 'wrapped_key', type: 'text' },
      { name: 'created_at', type: 'varchar', length: '32' },
    ],
  },
]);

/** How long an unwrapped key is kept in a process: an erasure handled by another instance is honoured here within this time. */
const KEY_TTL_MS = 10_000;

/**
 * Seals and opens a context's free text per seeker (message bodies, complaint texts): AES-256-GCM
 * under the seeker's own data key, the seeker id bound as additional data. `destroy` deletes the
 * key: every sealed copy — in the log, its replays and backups, and read models — is unreadable
 * from then on (`open` answers undefined), while the events and their counts stay.
 */
export class SeekerKeyRing {
  private readonly master: Buffer;
  private readonly cache = new BoundedMap<string, { key: Buffer; at: number }>(50_000);
  /** SQLite: a deleted key's pages are overwritten with zeros, not left free for a file dump to find. */
  private secureDelete: Promise<unknown> | undefined;

  constructor(
    private readonly db: DataSource,
    masterSecret: string,
    /** Names the context (`messaging`, `complaints`): its master key is its own. */
    context: string,
  ) {
    this.master = deriveMasterKey(masterSecret, context);
  }

  async seal(seekerId: string, text: string): Promise<string> {
    return sealText(await this.keyFor(seekerId, true), text, seekerId);
  }

  /** The text, or undefined when the seeker's key was destroyed (erased) or never existed. */
  async open(seekerId: string, sealed: string): Promise<string | undefined> {
    const key = await this.keyFor(seekerId, false).catch(() => undefined);
    return key ? openText(key, sealed, seekerId) : undefined;
  }

  /** R-AUD-2: destroys the seeker's key here (an erasure consumer calls `destroySeekerKey` in its own transaction). */
  async destroy(seekerId: string): Promise<void> {
    await destroySeekerKey(this.db.manager, seekerId);
    this.cache.delete(seekerId);
  }

  private async keyFor(seekerId: string, create: boolean): Promise<Buffer> {
    if (!this.secureDelete && isSqliteDataSource(this.db)) this.secureDelete = this.db.query('PRAGMA secure_delete = ON');
    await this.secureDelete;
    const cached = this.cache.get(seekerId);
    if (cached && Date.now() - cached.at < KEY_TTL_MS) return cached.key;
    const repo = this.db.getRepository(SeekerKeyRow);
    let row = await repo.findOneBy({ seekerId });
    if (!row && create) {
      // Two instances may create the first key at once: the first insert wins, both use it.
      await repo
        .createQueryBuilder()
        .insert()
        .values({ seekerId, wrappedKey: wrapKey(this.master, newDataKey(), seekerId), createdAt: new Date().toISOString() })
        .orIgnore()
        .execute();
      row = await repo.findOneBy({ seekerId });
    }
    if (!row) throw new Error('no key for this seeker');
    const key = unwrapKey(this.master, row.wrappedKey, seekerId);
    this.cache.set(seekerId, { key, at: Date.now() });
    return key;
  }
}

/**
 * R-AUD-2: deletes a seeker's key in a transaction (with the rest of the erasure). Instances that
 * had it unwrapped forget it within their key lifetime (10 s); by then the seeker is erased in the
 * log, so nothing new is sealed for them. On SQLite the deleted rows are zeroed in the database
 * file (secure_delete); the WAL's copy of the page is overwritten as SQLite reuses the WAL after
 * its next checkpoint (registration's own key store truncates its WAL at once).
 */
export const destroySeekerKey = async (tx: EntityManager, seekerId: string): Promise<void> => {
  if (isSqliteDataSource(tx.connection)) await tx.query('PRAGMA secure_delete = ON');
  await tx.getRepository(SeekerKeyRow).delete({ seekerId });
};
