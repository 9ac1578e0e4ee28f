import { Provider } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CONFIG, PlatformConfig, READ_DB } from '@hw/platform/nest';
import { SeekerKeyRing } from '@hw/platform/projections';

/**
 * Messaging's seeker keys (R-AUD-2): every message body — the organisation's and the seeker's
 * reply — is sealed under the seeker's key before it reaches the log; `registration.SeekerErased.v1`
 * destroys the key (erasure.consumer.ts). A key per seeker per context, not one key service: a
 * context needs no other context's keys, and the contracts stay the only cross-context import.
 */
export const MESSAGING_KEYS = Symbol('MESSAGING_KEYS');

export const messagingKeysProvider: Provider = {
  provide: MESSAGING_KEYS,
  inject: [READ_DB, CONFIG],
  useFactory: (db: DataSource, config: PlatformConfig) => new SeekerKeyRing(db, config.PERSONAL_DATA_KEY, 'messaging'),
};
