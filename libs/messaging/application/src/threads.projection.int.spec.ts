import { newId } from '@hw/platform/core';
import { SqliteEventLog } from '@hw/platform/event-log';
import { ProjectionRunner } from '@hw/platform/projections';
import { postgresReadDb, sqliteReadDb, TestReadDb } from '@hw/platform/projections/testing';
import { describeWith } from '@hw/platform/testing';
import { MESSAGING_ENTITIES, MessagingMessage, MessagingThread } from './entities';
import { MESSAGING_MIGRATIONS } from './migrations';
import { threadsProjection } from './threads.projection';

/**
 * The threads read model written with portable SQL (thread upsert + message insert): the same
 * rows on SQLite and PostgreSQL, read back through the entities.
 */
const scenario = async (db: TestReadDb) => {
  const log = new SqliteEventLog({ file: ':memory:' });
  const ds = await db.open(MESSAGING_ENTITIES, MESSAGING_MIGRATIONS);
  const runner = new ProjectionRunner(log, ds, threadsProjection);
  try {
    const threadId = newId();
    const registrationId = `reg-${newId()}`;
    const seekerId = newId();
    const meta = { correlationId: newId(), principal: { kind: 'system' as const, id: 'test' }, occurredAt: '2026-01-05T01:00:00.000Z' };
    const officer = { registrationId, version: 2, href: `/registrations/${registrationId}/complaint-officer/2` };
    const first = newId();
    const second = newId();
    const reply = newId();
    const base = { threadId, registrationId, seekerId };
    await log.append(
      `thread-${threadId}`,
      [
        {
          id: first,
          type: 'OrganisationMessageSent',
          schemaVersion: 1,
          metadata: meta,
          data: {
            ...base,
            messageId: first,
            departmentId: 'd1',
            userId: 'u1',
            kind: 'guidance',
            body: 'ご案内',
            day: '20260105',
            sentAt: '2026-01-05T01:00:00.000Z',
            complaintOfficer: officer,
          },
        },
        {
          id: second,
          type: 'OrganisationMessageSent',
          schemaVersion: 1,
          metadata: meta,
          data: {
            ...base,
            messageId: second,
            departmentId: 'd1',
            userId: 'u1',
            kind: 'follow-up',
            body: '再送',
            day: '20260105',
            sentAt: '2026-01-05T02:00:00.000Z',
          },
        },
        {
          id: reply,
          type: 'SeekerReplied',
          schemaVersion: 1,
          metadata: meta,
          data: { ...base, messageId: reply, kind: 'reply', body: 'はい', sentAt: '2026-01-05T03:00:00.000Z' },
        },
        {
          id: newId(),
          type: 'IdentityDisclosed',
          schemaVersion: 1,
          metadata: meta,
          data: { ...base, disclosureId: newId(), fields: ['name'], disclosedAt: '2026-01-05T04:00:00.000Z' },
        },
      ],
      'no_stream',
    );
    await runner.start();
    await runner.caughtUp();

    const thread = await ds.getRepository(MessagingThread).findOneByOrFail({ threadId });
    expect(thread).toMatchObject({
      registrationId,
      seekerId,
      startedAt: '2026-01-05T01:00:00.000Z',
      lastMessageAt: '2026-01-05T03:00:00.000Z',
      messageCount: 3,
      identityDisclosed: true,
    });
    const messages = await ds.getRepository(MessagingMessage).find({ where: { threadId }, order: { position: 'ASC' } });
    expect(messages.map((m) => [m.messageId, m.sender, m.departmentId, m.userId, m.kind])).toEqual([
      [first, 'organisation', 'd1', 'u1', 'guidance'],
      [second, 'organisation', 'd1', 'u1', 'follow-up'],
      [reply, 'seeker', null, null, 'reply'],
    ]);
    expect(messages[0].complaintOfficer).toEqual(officer);
    expect(messages[1].complaintOfficer).toBeNull();
    expect(messages.map((m) => BigInt(m.position))).toEqual([1n, 2n, 3n]);
  } finally {
    await runner.stop();
    await db.dispose();
    await log.close();
  }
};

describe('threadsProjection — SQLite', () => {
  it('R-MSG-1/R-MSG-7: threads (count, last message, disclosure) and messages (sender, department, user, complaint officer)', () =>
    scenario(sqliteReadDb('threads')));
});

describeWith(['postgres'], 'threadsProjection — PostgreSQL', () => {
  it('R-MSG-1/R-MSG-7: the same rows with the same portable SQL', () => scenario(postgresReadDb('threads')));
});
