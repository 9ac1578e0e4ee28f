import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { newId } from '@hw/platform/core';
import { loadConfig, PlatformConfig } from '@hw/platform/nest';
import { openReadDataSource, SeekerKeyRing, SeekerKeyRow, SeekerKeys1764900000001 } from '@hw/platform/projections';
import { readDbConfigOf } from '@hw/operations/application';
import { platformRevealer } from './services';

/**
 * `ops stream|streams --reveal` opens messaging's bodies with messaging's own key ring — the
 * `seeker_keys` of its read database under PERSONAL_DATA_KEY, as the service sealed them — and
 * nothing once the seeker's key is destroyed (R-STF-2, R-AUD-2).
 */
describe('ops --reveal: messaging bodies through messaging key ring (R-STF-2, R-AUD-2)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hw-ops-reveal-'));
  let config: PlatformConfig;
  let db: DataSource;
  let ring: SeekerKeyRing;

  beforeAll(async () => {
    config = loadConfig({ DATA_DIR: dir, AUTH_SECRET: 'ops-reveal-secret-of-at-least-thirty-two-chars', LOG_LEVEL: 'error' });
    // Messaging's read database as the service leaves it: its key ring's table.
    db = await openReadDataSource(readDbConfigOf(config, 'messaging'), [SeekerKeyRow], [SeekerKeys1764900000001]);
    ring = new SeekerKeyRing(db, config.PERSONAL_DATA_KEY, 'messaging');
  });
  afterAll(async () => {
    await db?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('R-STF-2: a body sealed by messaging opens to its text; another seeker’s key does not open it; after erasure it opens to nothing', async () => {
    const [seeker, other] = [newId(), newId()];
    const sealed = await ring.seal(seeker, '面接日程のご案内です');
    await ring.seal(other, 'ほかの方へのご案内');

    const revealer = platformRevealer(config);
    await revealer.prepareBodies?.([
      { seekerId: seeker, sealed },
      { seekerId: other, sealed },
    ]);
    expect(revealer.openBody?.(seeker, sealed)).toBe('面接日程のご案内です');
    expect(() => revealer.openBody?.(other, sealed)).toThrow(); // bound to its seeker: under another key it is [unreadable]
    await revealer.close();

    await ring.destroy(seeker); // R-AUD-2: erasure destroys the key
    const after = platformRevealer(config);
    await after.prepareBodies?.([{ seekerId: seeker, sealed }]);
    expect(after.openBody?.(seeker, sealed)).toBeUndefined();
    await after.close();
  });
});
