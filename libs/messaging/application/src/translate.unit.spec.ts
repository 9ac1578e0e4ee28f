import { recordedEvent, schemaErrors } from '@hw/platform/testing';
import { ThreadEvent } from '@hw/messaging/domain';
import { MessagingEvents, messagingSchemas } from '@hw/messaging/contracts';
import { translateMessagingEvent } from './translate';

const threadId = '01a23397-7edb-74dd-9319-38d6963c7001';
const registrationId = '01a23397-7edb-74dd-9319-38d6963c7002';
const seekerId = '01a23397-7edb-74dd-9319-38d6963c7003';
const BODY = '経理のご経験を活かせる求人があります';
const recorded = (event: ThreadEvent, revision = 0) =>
  recordedEvent(event, { streamId: `thread-${threadId}`, revision, occurredAt: '2026-12-01T15:30:00.000Z' });

const header = {
  threadId,
  registrationId,
  seekerId,
  departmentId: 'dept-1',
  userId: 'user-1',
  kind: 'guidance' as const,
};
const events: ThreadEvent[] = [
  {
    type: 'OrganisationMessageSent',
    data: {
      ...header,
      messageId: '01a23397-7edb-74dd-9319-38d6963c7010',
      sealedBody: 'v1.sealed-body',
      day: '20261202',
      sentAt: '2026-12-01T15:30:00.000Z',
      complaintOfficer: { registrationId, version: 2, href: `/registrations/${registrationId}/complaint-officer?version=2` },
    },
  },
  {
    type: 'OrganisationMessageSent',
    data: { ...header, messageId: '01a23397-7edb-74dd-9319-38d6963c7011', body: BODY, day: '20261202', sentAt: '2026-12-01T15:31:00.000Z' },
  },
  {
    type: 'SeekerReplied',
    data: {
      threadId,
      registrationId,
      seekerId,
      messageId: '01a23397-7edb-74dd-9319-38d6963c7012',
      kind: 'reply',
      body: BODY,
      sentAt: '2026-12-01T14:59:59.999Z',
    },
  },
  {
    type: 'IdentityDisclosed',
    data: {
      threadId,
      registrationId,
      seekerId,
      disclosureId: 'disc-1',
      fields: ['name', 'email'],
      disclosedAt: '2026-12-01T16:00:00.000Z',
    },
  },
  {
    type: 'IdentityDisclosureWithdrawn',
    data: { threadId, registrationId, seekerId, withdrawalId: 'wd-1', withdrawnAt: '2026-12-01T17:00:00.000Z' },
  },
];

describe('messaging relay translation (R-MSG-7, R-SKR-5)', () => {
  it('R-MSG-7: every thread event is published keyed by its thread, and each payload meets its published JSON Schema', () => {
    const out = events.map((e, i) => translateMessagingEvent(recorded(e, i)));
    expect(out.map((e) => e?.type)).toEqual([
      MessagingEvents.MessageSent,
      MessagingEvents.MessageSent,
      MessagingEvents.SeekerReplied,
      MessagingEvents.IdentityDisclosed,
      MessagingEvents.IdentityDisclosureWithdrawn,
    ]);
    for (const e of out) {
      expect(e?.key).toBe(`thread-${threadId}`);
      expect(schemaErrors(messagingSchemas[e!.type], e!.data)).toEqual([]);
    }
    // The first message of a thread is the one carrying the complaint officer (R-MSG-4).
    expect(out[0]?.data).toMatchObject({ firstInThread: true, day: '20261202', departmentId: 'dept-1' });
    expect(out[1]?.data).toMatchObject({ firstInThread: false });
    // A reply counts on its Japan-time day: 14:59:59.999Z is 23:59:59.999 JST on 1 December.
    expect(out[2]?.data).toMatchObject({ day: '20261201' });
  });

  it('R-SKR-5: no body, no seeker id, no user id and no disclosed field leaves messaging', () => {
    for (const [i, e] of events.entries()) {
      const text = JSON.stringify(translateMessagingEvent(recorded(e, i)));
      expect(text).not.toContain(BODY);
      expect(text).not.toContain('sealed');
      expect(text).not.toContain(seekerId);
      expect(text).not.toContain('user-1');
      expect(text).not.toContain('email');
    }
  });
});
