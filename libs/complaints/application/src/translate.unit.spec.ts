import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { RecordedEvent } from '@hw/platform/core';
import { ComplaintEvent, ConsultationEvent } from '@hw/complaints/domain';
import { complaintsSchemas } from '@hw/complaints/contracts';
import { recordedEvent } from '@hw/platform/testing';
import { translateComplaintEvent } from './translate';

const complaintId = '01a23397-7edb-74dd-9319-38d6963c6136';
const at = '2026-12-01T00:00:00.000Z';
const SECRET_TEXT = 'v1.sealed-text-never-published';
const recorded = (event: ComplaintEvent, revision = 0): RecordedEvent =>
  recordedEvent(event, { streamId: `complaint-${complaintId}`, revision, occurredAt: at, principal: { kind: 'seeker', id: 's' } });

const events: ComplaintEvent[] = [
  {
    type: 'ComplaintFiled',
    data: {
      complaintId,
      seekerId: '01a23397-0000-7000-8000-000000000001',
      registrationId: 'reg-1',
      category: 'conduct',
      sealedText: SECRET_TEXT,
      messageIds: [],
      officeCode: '13010',
      filedAt: at,
      acknowledgeBy: at,
      answerBy: at,
    },
  },
  { type: 'ComplaintAcknowledged', data: { complaintId, officerId: 'u', at } },
  { type: 'ComplaintAnswered', data: { complaintId, officerId: 'u', sealedAnswer: SECRET_TEXT, at } },
  { type: 'ComplaintOverdue', data: { complaintId, step: 'answer', dueAt: at, at } },
  { type: 'ComplaintResolved', data: { complaintId, at } },
  { type: 'ComplaintEscalated', data: { complaintId, reason: 'not-satisfied', sealedReason: SECRET_TEXT, officeCode: '13010', at } },
  {
    type: 'DeskOutcomeRecorded',
    data: { complaintId, staffId: 'd', outcome: 'sanction-requested', sealedNote: SECRET_TEXT, prefecture: '13', at },
  },
  { type: 'DeskOutcomeRecorded', data: { complaintId, staffId: 'd', outcome: 'advice-given', sealedNote: SECRET_TEXT, at } },
  { type: 'DeskStepRecorded', data: { complaintId, staffId: 'desk-13', sealedNote: SECRET_TEXT, at } },
  {
    type: 'SanctionDecided',
    data: {
      complaintId,
      registrationId: 'reg-1',
      officerId: 'b',
      prefecture: '13',
      decision: 'suspension',
      until: '2027-01-01T00:00:00.000Z',
      at,
    },
  },
  {
    type: 'SanctionCarriedOut',
    data: { complaintId, registrationId: 'reg-1', registrationEventId: '01a23397-7edb-74dd-9319-38d6963c6138', status: 'suspended', at },
  },
];

describe('complaints integration events', () => {
  const ajv = new Ajv2020({ strict: false });
  addFormats(ajv);

  it.each(events.map((e) => [e.type, e] as const))(
    'R-AUD-2: %s translates to an event its JSON Schema accepts, with no text and no seeker id',
    (_, event) => {
      const out = translateComplaintEvent(recorded(event));
      expect(out).not.toBeNull();
      const validate = ajv.compile(complaintsSchemas[out!.type]);
      expect({ valid: validate(out!.data), errors: validate.errors ?? null }).toEqual({ valid: true, errors: null });
      expect(JSON.stringify(out)).not.toContain(SECRET_TEXT);
      expect(out!.data).not.toHaveProperty('seekerId');
      expect(out).toMatchObject({ key: `complaint-${complaintId}`, occurredAt: at });
    },
  );

  it('R-CMP-4: messages and consultations stay in the complaint log, unpublished', () => {
    const kept: ComplaintEvent[] = [
      { type: 'ComplaintMessagePosted', data: { complaintId, messageId: 'm', from: 'seeker', authorId: 's', sealedBody: SECRET_TEXT, at } },
      { type: 'DeskConsulted', data: { complaintId, officerId: 'u', officeCode: '13010', sealedText: SECRET_TEXT, at } },
      { type: 'ConsultationAnswered', data: { complaintId, staffId: 'd', sealedText: SECRET_TEXT, at } },
    ];
    for (const event of kept) expect(translateComplaintEvent(recorded(event))).toBeNull();
  });

  const consultationId = '01a23397-7edb-74dd-9319-38d6963c6139';
  const threadId = '01a23397-7edb-74dd-9319-38d6963c6140';
  const consultation = (event: ConsultationEvent): RecordedEvent =>
    recordedEvent(event, { streamId: `consultation-${consultationId}`, occurredAt: at, principal: { kind: 'seeker', id: 's' } });

  it.each([
    [
      'ConsultationOpened',
      {
        type: 'ConsultationOpened',
        data: {
          consultationId,
          registrationId: 'reg-1',
          officerId: 'u',
          officeCode: '13010',
          threadId,
          sealedText: SECRET_TEXT,
          openedAt: at,
        },
      },
    ],
    [
      'ConsultationAnswered',
      { type: 'ConsultationAnswered', data: { consultationId, staffId: 'd', officeCode: '13010', sealedAnswer: SECRET_TEXT, at } },
    ],
  ] as Array<[string, ConsultationEvent]>)(
    'R-CMP-3 / R-SKR-5: a standalone %s translates to its schema, with no text, no thread and no seeker',
    (_, event) => {
      const out = translateComplaintEvent(consultation(event));
      expect(out).not.toBeNull();
      const validate = ajv.compile(complaintsSchemas[out!.type]);
      expect({ valid: validate(out!.data), errors: validate.errors ?? null }).toEqual({ valid: true, errors: null });
      expect(JSON.stringify(out)).not.toContain(SECRET_TEXT);
      expect(JSON.stringify(out)).not.toContain(threadId);
      expect(out).toMatchObject({ key: `consultation-${consultationId}` });
    },
  );

  it("R-STF-2: a staff read of a complaint's texts is published as who, role and when — its schema accepts it, no text, no seeker", () => {
    const out = translateComplaintEvent(
      recorded({ type: 'ComplaintTextRead', data: { complaintId, staffId: 'desk-13', role: 'complaint-desk', at } }),
    );
    expect(out).toMatchObject({
      type: 'complaints.ComplaintTextRead.v1',
      key: `complaint-${complaintId}`,
      data: { complaintId, staffId: 'desk-13', role: 'complaint-desk', at },
    });
    const validate = ajv.compile(complaintsSchemas[out!.type]);
    expect({ valid: validate(out!.data), errors: validate.errors ?? null }).toEqual({ valid: true, errors: null });
    expect(Object.keys(out!.data as object).sort()).toEqual(['at', 'complaintId', 'role', 'staffId']);
  });

  it("R-STF-2: a staff read of a consultation's thread is published as who, role and when — never the thread", () => {
    const out = translateComplaintEvent(
      consultation({ type: 'ConsultationRead', data: { consultationId, staffId: 'hq-1', role: 'hq-auditor', at } }),
    );
    expect(out).toMatchObject({
      type: 'complaints.ConsultationRead.v1',
      key: `consultation-${consultationId}`,
      data: { consultationId, staffId: 'hq-1', role: 'hq-auditor', at },
    });
    const validate = ajv.compile(complaintsSchemas[out!.type]);
    expect({ valid: validate(out!.data), errors: validate.errors ?? null }).toEqual({ valid: true, errors: null });
    expect(JSON.stringify(out)).not.toContain(threadId);
  });
});
