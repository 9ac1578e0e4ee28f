import { DataSource, EntityManager } from 'typeorm';
import { RecordedEvent } from '@hw/platform/core';
import { EventLog, foldRecorded, readState } from '@hw/platform/event-log';
import { PlatformConfig } from '@hw/platform/nest';
import { Projection, runSql } from '@hw/platform/projections';
import { CredentialEvent, credentialDecider, CredentialState } from '@hw/identity/domain';
import { Credential } from './credential.entity';
import { identitySecrets, IdentitySecrets } from './identity-secrets';

export const CREDENTIAL_STREAM_PREFIX = 'credential-';
export const CREDENTIALS_PROJECTION = 'identity-credentials';

/**
 * The credentials read model, written from a credential stream's state: one row per live
 * credential, carrying the stream revision it shows and only ever replaced by a later one; a
 * revoked credential's row is deleted. Its service writes it after each command (the next
 * request sees it: a reissue finds the credential the first issue made); the projection runner
 * writes it too (`credentialsProjection`), so a write lost between the append and the row is
 * repaired, `ops rebuild` rebuilds it, and `ops status` shows it (R-AUD-1).
 */
export const projectCredential = async (
  tx: EntityManager,
  secrets: IdentitySecrets,
  state: CredentialState,
  revision: bigint | undefined,
): Promise<void> => {
  if (state.status === 'revoked') {
    await tx.getRepository(Credential).delete({ credentialId: state.credentialId });
    return;
  }
  if (state.status !== 'issued') return;
  const login = await secrets.open(state.subject, state.login);
  if (login === undefined) return; // the key is destroyed: an erased credential shows nowhere
  const passwordHash = state.passwordHash === null ? null : ((await secrets.open(state.subject, state.passwordHash)) ?? null);
  await runSql(
    tx,
    `INSERT INTO identity_credentials (credential_id, login, kind, subject, claims, password_hash, activation_hash,
       activation_expires_at, is_admin, created_at, revision)
     VALUES (:credentialId, :login, :kind, :subject, :claims, :passwordHash, NULL, :expiresAt, :isAdmin, :createdAt, :revision)
     ON CONFLICT (credential_id) DO UPDATE SET
       password_hash = excluded.password_hash, activation_expires_at = excluded.activation_expires_at,
       claims = excluded.claims, is_admin = excluded.is_admin, revision = excluded.revision
     WHERE identity_credentials.revision < excluded.revision`,
    {
      credentialId: state.credentialId,
      login,
      kind: state.kind,
      subject: state.subject,
      claims: JSON.stringify(state.claims),
      passwordHash,
      expiresAt: state.activation?.expiresAt ?? null,
      isAdmin: state.isAdmin,
      createdAt: state.issuedAt,
      revision: Number(revision ?? -1),
    },
  );
};

/**
 * The runner's side: an event of a credential stream writes that stream's current state (read
 * from the log, so a replay writes the live rows, and events already shown are no-ops).
 * Secrets are opened with identity's keys (their own file: no rebuild empties them).
 */
export const credentialsProjection = (log: EventLog, config: PlatformConfig): Projection => {
  return {
    name: CREDENTIALS_PROJECTION,
    streamPrefixes: [CREDENTIAL_STREAM_PREFIX],
    tables: ['identity_credentials'],
    apply: async (event: RecordedEvent, tx: EntityManager) => {
      const { state, revision } = await readState(log, credentialDecider, event.streamId);
      await projectCredential(tx, await identitySecrets(config), state, revision);
    },
  };
};

/**
 * R-AUD-1: the read model from the log alone (with identity's keys): emptied, then every
 * credential stream folded and written. Run at start when the table is empty and the log is not.
 */
export const rebuildCredentialIndex = async (log: EventLog, db: DataSource, secrets: IdentitySecrets): Promise<number> => {
  const recorded = await log.readAll({ streamPrefixes: [CREDENTIAL_STREAM_PREFIX] });
  const streams = new Map<string, RecordedEvent[]>();
  for (const event of recorded) streams.set(event.streamId, [...(streams.get(event.streamId) ?? []), event]);
  await db.getRepository(Credential).clear();
  let rows = 0;
  for (const events of streams.values()) {
    const state = foldRecorded<CredentialEvent, CredentialState>(credentialDecider, events);
    await projectCredential(db.manager, secrets, state, events[events.length - 1].revision);
    if (state.status === 'issued') rows++;
  }
  return rows;
};
