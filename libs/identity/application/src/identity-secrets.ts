import { Provider } from '@nestjs/common';
import { createHmac } from 'node:crypto';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { deriveMasterKey } from '@hw/platform/core';
import { CONFIG, PlatformConfig } from '@hw/platform/nest';
import { openReadDataSource, SeekerKeyRing, SeekerKeyRow, SeekerKeys1764900000001 } from '@hw/platform/projections';

/** Identity's principal keys: their own SQLite file under DATA_DIR, beside registration's key store. */
export const identityKeysFile = (config: PlatformConfig): string => join(config.dataDir, 'identity.keys.sqlite');

/**
 * Identity's secrets in the log are sealed (AES-256-GCM) under a key per principal, wrapped by
 * identity's own master key (R-AUD-2, crypto-shredding): the login, the password hash and the
 * activation-code hash of a credential event are unreadable once the principal's key is
 * destroyed — an erased seeker's credential, in every replay and backup, without rewriting the
 * log. Streams are named by a keyed digest of the login, so a stream id reveals no login.
 *
 * The keys are in their own file (`identity.keys.sqlite`), never in the log and not in the read
 * database: the credentials read model is rebuilt from the log and these keys alone — by the
 * projection runner, by `ops rebuild --compare` into a shadow database, or after the read
 * database is lost. Like registration's key store, the file lives on the registration
 * service's volume (identity runs in that process); deleted keys are zeroed (secure_delete).
 */
export class IdentitySecrets {
  private readonly keys: SeekerKeyRing;
  private readonly loginMac: Buffer;

  constructor(
    private readonly db: DataSource,
    masterSecret: string,
  ) {
    this.keys = new SeekerKeyRing(db, masterSecret, 'identity');
    this.loginMac = deriveMasterKey(masterSecret, 'identity-login');
  }

  /** The credential stream's key of a login: HMAC-SHA256 under identity's login key. */
  loginKey(login: string): string {
    return createHmac('sha256', this.loginMac).update(login, 'utf8').digest('hex');
  }

  seal(subject: string, secret: string): Promise<string> {
    return this.keys.seal(subject, secret);
  }

  /** The secret, or undefined once the principal's key is destroyed. */
  open(subject: string, sealed: string): Promise<string | undefined> {
    return this.keys.open(subject, sealed);
  }

  destroy(subject: string): Promise<void> {
    return this.keys.destroy(subject);
  }

  async close(): Promise<void> {
    if (this.db.isInitialized) await this.db.destroy();
  }
}

/** One IdentitySecrets per key file in a process: the service and its projection runner share it (one key cache, one writer). */
const opened = new Map<string, Promise<IdentitySecrets>>();

export const identitySecrets = (config: PlatformConfig): Promise<IdentitySecrets> => {
  const file = identityKeysFile(config);
  let secrets = opened.get(file);
  if (!secrets) {
    secrets = openReadDataSource({ type: 'sqlite', file }, [SeekerKeyRow], [SeekerKeys1764900000001]).then(
      (db) => new IdentitySecrets(db, config.PERSONAL_DATA_KEY),
    );
    opened.set(file, secrets);
  }
  return secrets;
};

/** Closes the process's IdentitySecrets of this configuration (at shutdown; a later start opens it again). */
export const closeIdentitySecrets = async (config: PlatformConfig): Promise<void> => {
  const file = identityKeysFile(config);
  const secrets = opened.get(file);
  opened.delete(file);
  await (await secrets)?.close();
};

export const IDENTITY_SECRETS = Symbol('IDENTITY_SECRETS');

export const identitySecretsProvider: Provider = {
  provide: IDENTITY_SECRETS,
  inject: [CONFIG],
  useFactory: (config: PlatformConfig) => identitySecrets(config),
};
