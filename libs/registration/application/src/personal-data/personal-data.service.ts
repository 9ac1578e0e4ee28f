import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { createHmac } from 'node:crypto';
import { join } from 'node:path';
import { DomainError } from '@hw/platform/core';
import { CONFIG, PlatformConfig } from '@hw/platform/nest';
import { deriveMasterKey, newDataKey, openJson, sealJson, unwrapKey, wrapKey } from './personal-data.crypto';
import { SeekerKeyStore } from './key-store';

/** A seeker's personal data (R-SKR-5): never disclosed to organisations, only ever stored sealed. */
export interface PersonalData {
  jobSeekerNumber: string;
  name: string;
  nameKana?: string;
  birthDate: string;
  address: string;
  phone: string;
  email: string;
}

export class JobSeekerNumberTaken extends DomainError {
  constructor() {
    super(
      'JOB_SEEKER_NUMBER_TAKEN',
      'a seeker with this job-seeker number is already registered',
      'R-SKR-2',
      'conflict',
      'personalData.jobSeekerNumber',
    );
  }
}

export class PersonalDataErased extends DomainError {
  constructor() {
    super('PERSONAL_DATA_ERASED', "the seeker's personal data was erased on a lawful request", 'R-AUD-2', 'not-found');
  }
}

export const keyStoreFile = (config: PlatformConfig): string => join(config.dataDir, 'registration.keys.sqlite');

/** Seals and opens seekers' personal data with their own keys; destroys a key on erasure (R-AUD-2). */
@Injectable()
export class PersonalDataService implements OnApplicationShutdown {
  private readonly master: Buffer;
  private readonly store: SeekerKeyStore;

  constructor(@Inject(CONFIG) config: PlatformConfig) {
    this.master = deriveMasterKey(config.PERSONAL_DATA_KEY);
    this.store = new SeekerKeyStore(keyStoreFile(config));
  }

  /** A keyed MAC of the job-seeker number: the uniqueness index holds no number in clear. */
  private numberMac(jobSeekerNumber: string): string {
    return createHmac('sha256', this.master).update(`job-seeker-number:${jobSeekerNumber}`).digest('base64url');
  }

  /** Creates the seeker's data key and reserves the job-seeker number (registered once, R-SKR-2). */
  createKey(seekerId: string, jobSeekerNumber: string, at: string): void {
    const wrapped = wrapKey(this.master, newDataKey(), seekerId);
    if (!this.store.create(seekerId, wrapped, this.numberMac(jobSeekerNumber), at)) throw new JobSeekerNumberTaken();
  }

  /** A corrected job-seeker number moves the reservation. */
  renumber(seekerId: string, jobSeekerNumber: string): void {
    if (!this.store.renumber(seekerId, this.numberMac(jobSeekerNumber))) throw new JobSeekerNumberTaken();
  }

  private key(seekerId: string): Buffer | undefined {
    const wrapped = this.store.wrappedKey(seekerId);
    return wrapped === undefined ? undefined : unwrapKey(this.master, wrapped, seekerId);
  }

  seal(seekerId: string, data: PersonalData): string {
    const key = this.key(seekerId);
    if (!key) throw new PersonalDataErased();
    return sealJson(key, data, seekerId);
  }

  /** The personal data, or undefined once the key is destroyed (R-AUD-2: unreadable, replays included). */
  open(seekerId: string, sealed: string): PersonalData | undefined {
    const key = this.key(seekerId);
    return key ? openJson<PersonalData>(key, sealed, seekerId) : undefined;
  }

  /**
   * R-SKR-5: only the named fields of the personal data (a disclosure to an organisation), or
   * undefined once the key is destroyed. Nothing else of the opened record leaves this method.
   */
  openFields<F extends keyof PersonalData>(seekerId: string, sealed: string, fields: readonly F[]): Pick<PersonalData, F> | undefined {
    const data = this.open(seekerId, sealed);
    if (!data) return undefined;
    const picked = {} as Pick<PersonalData, F>;
    for (const f of fields) if (data[f] !== undefined) picked[f] = data[f];
    return picked;
  }

  /** R-AUD-2: destroys the seeker's key; every ciphertext of the seeker becomes unreadable. */
  destroy(seekerId: string): void {
    this.store.destroy(seekerId);
  }

  onApplicationShutdown(): void {
    this.store.close();
  }
}
