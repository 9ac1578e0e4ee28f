import { Provider } from '@nestjs/common';
import { createHmac } from 'node:crypto';
import { DataSource } from 'typeorm';
import { deriveMasterKey } from '@hw/platform/core';
import { CONFIG, PlatformConfig, READ_DB } from '@hw/platform/nest';
import { SeekerKeyRing } from '@hw/platform/projections';

/**
 * Identity's secrets in the log are sealed (AES-256-GCM) under a key per principal, wrapped by
 * identity's own master key (R-AUD-2, crypto-shredding): the login, the password hash and the
 * activation-code hash of a credential event are unreadable once the principal's key is
 * destroyed — an erased seeker's credential, in every replay and backup, without rewriting the
 * log. Streams are named by a keyed digest of the login, so a stream id reveals no login.
 */
export class IdentitySecrets {
  private readonly keys: SeekerKeyRing;
  private readonly loginMac: Buffer;

  constructor(db: DataSource, masterSecret: string) {
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
}

export const IDENTITY_SECRETS = Symbol('IDENTITY_SECRETS');

export const identitySecretsProvider: Provider = {
  provide: IDENTITY_SECRETS,
  inject: [READ_DB, CONFIG],
  useFactory: (db: DataSource, config: PlatformConfig) => new IdentitySecrets(db, config.PERSONAL_DATA_KEY),
};
