import { DataSource } from 'typeorm';
import { foldRecorded, EventLog } from '@hw/platform/event-log';
import { runSql } from '@hw/platform/projections';
import { CredentialEvent, credentialDecider, CredentialState } from '@hw/identity/domain';
import { Credential } from './credential.entity';
import { IdentitySecrets } from './identity-secrets';

export const CREDENTIAL_STREAM_PREFIX = 'credential-';

/**
 * The credentials read model, kept from the stream's state: after every command its service
 * writes the state it has just appended (so the next request sees it — a reissue finds the
 * credential the first issue made), and `rebuildCredentialIndex` writes every stream's state
 * again. Each row carries the revision it shows and is only ever replaced by a later one.
 */
export const projectCredential = async (
  db: DataSource,
  secrets: IdentitySecrets,
  state: CredentialState,
  revision: bigint | undefined,
  credentialId?: string,
): Promise<void> => {
  if (state.status !== 'issued') {
    if (credentialId) await db.getRepository(Credential).delete({ credentialId });
    return;
  }
  const login = await secrets.open(state.subject, state.login);
  if (login === undefined) return; // the key is destroyed: an erased credential shows nowhere
  const passwordHash = state.passwordHash === null ? null : ((await secrets.open(state.subject, state.passwordHash)) ?? null);
  await runSql(
    db.manager,
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
 * R-AUD-1: the read model from the log alone (with identity's keys): emptied, then every
 * credential stream folded and written. Run at start when the table is empty and the log is not.
 */
export const rebuildCredentialIndex = async (log: EventLog, db: DataSource, secrets: IdentitySecrets): Promise<number> => {
  const recorded = await log.readAll({ streamPrefixes: [CREDENTIAL_STREAM_PREFIX] });
  const streams = new Map<string, typeof recorded>();
  for (const event of recorded) streams.set(event.streamId, [...(streams.get(event.streamId) ?? []), event]);
  await db.getRepository(Credential).clear();
  let rows = 0;
  for (const events of streams.values()) {
    const state = foldRecorded<CredentialEvent, CredentialState>(credentialDecider, events);
    await projectCredential(db, secrets, state, events[events.length - 1].revision);
    if (state.status === 'issued') rows++;
  }
  return rows;
};
