import { RecordedEvent } from '@hw/platform/core';
import { recordedEvent, schemaErrors } from '@hw/platform/testing';
import { RegistrationLifecycleEvents, registrationSchemas } from '@hw/registration/contracts';
import { RegistrationEvent, registrationSummary } from '@hw/registration/domain';
import { translateRegistrationEvent } from '../translate';

const registrationId = '01a214ce-296c-7699-8547-3fba17ef5000';
const at = '2026-04-01T00:00:00.000Z';
const officer = { name: '佐藤花子', department: '総務部', phone: '03-1234-5678', email: 'sato@example.jp' };
const application = {
  organisationId: '01a214ce-296c-7699-8547-3fba17ef5001',
  organisationName: '千代田区',
  kind: 'local-government' as const,
  category: 'joint' as const,
  localGovernmentCode: '131016',
  departments: [{ departmentId: 'd1', name: '就労支援課' }],
  contractors: [{ contractorId: 'k1', name: '受託株式会社', permitNumber: '13-ユ-654321' }],
  contactOfficer: officer,
  complaintOfficer: officer,
  security: { antivirusDefinitionsCurrent: true, automaticScanEnabled: true },
};
const recorded = (event: RegistrationEvent): RecordedEvent =>
  recordedEvent(event, { streamId: `registration-${registrationId}`, revision: 1, occurredAt: at });

describe("organisations' registration integration events", () => {
  const cases: Array<[RegistrationEvent, string]> = [
    [
      {
        type: 'ApplicationApproved',
        data: {
          registrationId,
          summary: registrationSummary('13', application),
          usagePeriodEndsAt: '2029-04-01T00:00:00.000Z',
          complaintOfficerVersion: 1,
          approvedAt: at,
        },
      },
      RegistrationLifecycleEvents.RegistrationApproved,
    ],
    [
      {
        type: 'ChangeApproved',
        data: {
          registrationId,
          changeId: '01a214ce-296c-7699-8547-3fba17ef5004',
          summary: registrationSummary('13', application),
          complaintOfficerVersion: 3,
          approvedAt: at,
        },
      },
      RegistrationLifecycleEvents.RegistrationChanged,
    ],
    [
      { type: 'RegistrationRenewed', data: { registrationId, usagePeriodEndsAt: '2032-04-01T00:00:00.000Z', renewedAt: at } },
      RegistrationLifecycleEvents.RegistrationRenewed,
    ],
    [
      {
        type: 'RegistrationSuspended',
        data: { registrationId, reason: 'sanction', note: 'free text of the bureau', until: '2026-10-01T00:00:00.000Z', suspendedAt: at },
      },
      RegistrationLifecycleEvents.RegistrationStatusChanged,
    ],
    [
      { type: 'RegistrationResumed', data: { registrationId, reason: 'sanction-ended', resumedAt: at } },
      RegistrationLifecycleEvents.RegistrationStatusChanged,
    ],
    [
      { type: 'RegistrationTerminated', data: { registrationId, reason: 'free text', terminatedAt: at } },
      RegistrationLifecycleEvents.RegistrationStatusChanged,
    ],
    [
      { type: 'RegistrationExpired', data: { registrationId, usagePeriodEndsAt: at, expiredAt: at } },
      RegistrationLifecycleEvents.RegistrationStatusChanged,
    ],
    [
      {
        type: 'PaidServiceNotificationFiled',
        data: { registrationId, notificationId: '01a214ce-296c-7699-8547-3fba17ef5002', kind: 'career coaching', price: 5000, filedAt: at },
      },
      RegistrationLifecycleEvents.PaidServiceNotificationFiled,
    ],
    [
      { type: 'ApplicationSubmitted', data: { registrationId, prefecture: '13', application, submittedAt: at } },
      RegistrationLifecycleEvents.ApplicationSubmitted,
    ],
    [
      { type: 'ApplicationRejected', data: { registrationId, reason: 'free text', rejectedAt: at } },
      RegistrationLifecycleEvents.ApplicationRejected,
    ],
    [
      {
        type: 'ChangeRequested',
        data: {
          registrationId,
          changeId: '01a214ce-296c-7699-8547-3fba17ef5003',
          change: { complaintOfficer: officer, addContractors: application.contractors },
          requestedAt: at,
        },
      },
      RegistrationLifecycleEvents.ChangeRequested,
    ],
    [
      {
        type: 'ChangeRejected',
        data: { registrationId, changeId: '01a214ce-296c-7699-8547-3fba17ef5003', reason: 'free text', rejectedAt: at },
      },
      RegistrationLifecycleEvents.ChangeRejected,
    ],
    [
      { type: 'RenewalRequested', data: { registrationId, security: application.security, requestedAt: at } },
      RegistrationLifecycleEvents.RenewalRequested,
    ],
    [
      { type: 'RenewalRejected', data: { registrationId, reason: 'free text', rejectedAt: at } },
      RegistrationLifecycleEvents.RenewalRejected,
    ],
    [
      { type: 'SuspensionRequested', data: { registrationId, reason: 'free text', requestedAt: at } },
      RegistrationLifecycleEvents.SuspensionRequested,
    ],
  ];

  it.each(cases)('R-ORG-1: %s is published as its versioned event, valid against its JSON Schema', (event, type) => {
    const out = translateRegistrationEvent(recorded(event));
    expect(out).toMatchObject({ type, key: `registration-${registrationId}`, id: '01a214ce-296c-7699-8547-3fba17ef4400' });
    expect(schemaErrors(registrationSchemas[type], out?.data)).toEqual([]);
  });

  it("R-ORG-7: no officer's name or contact, nor the bureau's free text, is in any event: the complaint officer travels by version", () => {
    for (const [event] of cases) {
      const text = JSON.stringify(translateRegistrationEvent(recorded(event)));
      for (const secret of [officer.name, officer.email, officer.phone, 'free text', '受託株式会社']) expect(text).not.toContain(secret);
    }
    const approved = translateRegistrationEvent(recorded(cases[0][0]));
    expect(approved?.data).toMatchObject({
      complaintOfficerVersion: 1,
      organisationKind: 'local-government',
      category: 'joint',
      localGovernmentCode: '131016',
    });
  });

  it('R-ORG-2: requests awaiting the bureau are published with the prefecture that decides, a change by its parts only', () => {
    const submitted = translateRegistrationEvent(
      recorded({ type: 'ApplicationSubmitted', data: { registrationId, prefecture: '13', application, submittedAt: at } }),
    );
    expect(submitted?.data).toEqual({
      registrationId,
      organisationId: application.organisationId,
      organisationName: '千代田区',
      organisationKind: 'local-government',
      category: 'joint',
      prefecture: '13',
      localGovernmentCode: '131016',
      submittedAt: at,
    });
    const change = cases.find(([e]) => e.type === 'ChangeRequested')![0];
    expect(translateRegistrationEvent(recorded(change))?.data).toMatchObject({ parts: ['complaint-officer', 'contractors-added'] });
  });

  it('the relay states the position and the actor; the translation leaves them to it', () => {
    const out = translateRegistrationEvent(recorded(cases[0][0]));
    expect(out).not.toHaveProperty('position');
  });
});
