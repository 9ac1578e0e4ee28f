import { DomainError, fold } from '@hw/platform/core';
import { DeciderSpecification } from '@hw/platform/testing';
import {
  localGovernmentCheckDigit,
  organisationUserPolicy,
  parseLocalGovernmentCode,
  parsePermitNumber,
  registrationDecider,
  RegistrationEvent,
  registrationSummary,
  reservationDecider,
} from './index';
import {
  active,
  agency,
  approved,
  at,
  city,
  changeApproved,
  changeRequested,
  cmd,
  newOfficer,
  officer,
  orgUser,
  otherOrgUser,
  registrationId,
  sanctioned,
  security,
  submit,
  submitted,
} from './testing/registration.fixtures';

const spec = DeciderSpecification.for(registrationDecider);

describe('R-ORG-3: private agencies register per permit number', () => {
  it('R-ORG-3: permit numbers PP-ユ-NNNNNN (paid) / PP-ム-NNNNNN (free), PP 01–47', () => {
    expect(parsePermitNumber('13-ユ-123456')).toMatchObject({ prefecture: '13', kind: 'private-paid' });
    expect(parsePermitNumber('47-ム-000001')).toMatchObject({ prefecture: '47', kind: 'private-free' });
    for (const bad of ['48-ユ-123456', '00-ユ-123456', '13-ア-123456', '13-ユ-12345', '13ユ123456'])
      expect(parsePermitNumber(bad)).toBeNull();
    spec
      .given([])
      .when(submit({ ...agency, permitNumber: '48-ユ-123456' }))
      .thenThrows(DomainError, { kind: 'refused', rule: 'R-ORG-3', field: 'application.permitNumber' });
    spec
      .given([])
      .when(submit({ ...agency, kind: 'private-free' }))
      .thenThrows(DomainError, { kind: 'refused', rule: 'R-ORG-3', field: 'application.kind' });
  });

  it('R-ORG-3: offices sharing the number are under one registration filed by the main office, with different branch numbers', () => {
    const twoMains = agency.departments.map((d) => ({ ...d, mainOffice: true }));
    spec
      .given([])
      .when(submit({ ...agency, departments: twoMains }))
      .thenThrows(DomainError, { kind: 'refused', code: 'MAIN_OFFICE_REQUIRED', rule: 'R-ORG-3' });
    const sameBranch = agency.departments.map((d) => ({ ...d, branchNumber: '0' }));
    spec
      .given([])
      .when(submit({ ...agency, departments: sameBranch }))
      .thenThrows(DomainError, { kind: 'refused', code: 'BRANCH_NUMBER_DUPLICATE', rule: 'R-ORG-3' });
  });

  it('R-ORG-3: a second live registration for a number is refused; after the first is no longer live it may be taken', () => {
    const reserve = (id: string, holderLive: boolean) => ({
      type: 'Reserve' as const,
      data: { key: { kind: 'permit' as const, permitNumber: '13-ユ-123456' }, registrationId: id, holderLive, at },
    });
    const held = reservationDecider.decide(reserve('r1', false), reservationDecider.initialState());
    const state = held.reduce(reservationDecider.evolve, reservationDecider.initialState());
    expect(() => reservationDecider.decide(reserve('r2', true), state)).toThrow(
      expect.objectContaining({ code: 'PERMIT_NUMBER_TAKEN', rule: 'R-ORG-3', kind: 'conflict' }),
    );
    expect(reservationDecider.decide(reserve('r2', false), state)).toHaveLength(1);
    expect(reservationDecider.decide(reserve('r1', true), state)).toEqual([]);
    expect(state).toEqual({ holder: 'r1', reservedAt: at });
  });
});

describe('R-ORG-4: a local government registers as one unit', () => {
  it('R-ORG-4: the 6-digit code carries its check digit (JIS X 0402)', () => {
    expect(localGovernmentCheckDigit('13101')).toBe(6);
    expect(parseLocalGovernmentCode('131016')).toEqual({ value: '131016', prefecture: '13' });
    expect(parseLocalGovernmentCode('011002')).toEqual({ value: '011002', prefecture: '01' });
    expect(parseLocalGovernmentCode('131017')).toBeNull();
    expect(parseLocalGovernmentCode('481003')).toBeNull();
    spec
      .given([])
      .when(submit({ ...city, localGovernmentCode: '131015' }))
      .thenThrows(DomainError, { kind: 'refused', rule: 'R-ORG-4', field: 'application.localGovernmentCode' });
  });

  it('R-ORG-4: its departments use the service under the one registration, with one complaint officer', () => {
    spec
      .given([])
      .when(submit(city))
      .then([submitted(city)]);
    const state = fold(registrationDecider, [submitted(city), approved]);
    expect(state.status === 'active' && state.application.departments.map((d) => d.name)).toEqual(['就労支援課', '福祉課']);
  });

  it('R-ORG-4: a department cannot file a separate registration: the code has one live registration', () => {
    const reserve = (id: string) => ({
      type: 'Reserve' as const,
      data: { key: { kind: 'local-government' as const, code: '131016' }, registrationId: id, holderLive: true, at },
    });
    const state = reservationDecider.decide(reserve('r1'), {}).reduce(reservationDecider.evolve, {});
    expect(() => reservationDecider.decide(reserve('r2'), state)).toThrow(
      expect.objectContaining({ code: 'LOCAL_GOVERNMENT_REGISTERED', rule: 'R-ORG-4', kind: 'conflict' }),
    );
  });
});

describe("R-ORG-5 / R-ORG-6: joint registrations and contractors' own registrations", () => {
  const contractor = { contractorId: 'k1', name: '受託株式会社', permitNumber: '13-ユ-654321' };

  it('R-ORG-5: a local government adds a contracted agency as joint applicant by a change application', () => {
    const cityApproved = { ...approved, data: { ...approved.data, summary: registrationSummary('13', city) } } as RegistrationEvent;
    const cityActive = [submitted(city), cityApproved];
    const requested = changeRequested('c1', { addContractors: [contractor] });
    spec
      .given(cityActive)
      .when(cmd('RequestChange', { changeId: 'c1', change: { addContractors: [contractor] } }, orgUser))
      .then([requested]);
    const summary = {
      ...registrationSummary('13', city),
      category: 'joint' as const,
      contractors: [{ contractorId: 'k1', permitNumber: '13-ユ-654321' }],
    };
    const changed: RegistrationEvent = {
      type: 'ChangeApproved',
      data: { registrationId, changeId: 'c1', summary, complaintOfficerVersion: 1, approvedAt: at },
    };
    spec
      .given([...cityActive, requested])
      .when(cmd('ApproveChange', { changeId: 'c1' }))
      .then([changed]);
    const state = fold(registrationDecider, [...cityActive, requested, changed]);
    expect(state.status === 'active' && state.application).toMatchObject({ category: 'joint', contractors: [contractor] });
  });

  it("R-ORG-6: a private agency's registration is always its own — never joint, never naming contractors", () => {
    spec
      .given([])
      .when(submit({ ...agency, category: 'joint' }))
      .thenThrows(DomainError, { kind: 'refused', rule: 'R-ORG-6' });
    spec
      .given(active)
      .when(cmd('RequestChange', { changeId: 'c1', change: { addContractors: [contractor] } }, orgUser))
      .thenThrows(DomainError, { kind: 'refused', rule: 'R-ORG-6' });
  });

  it('R-ORG-6: every action is made under exactly one registration: a user of another registration cannot act on this one', () => {
    spec
      .given(active)
      .when(cmd('RequestChange', { changeId: 'c1', change: { contactOfficer: newOfficer } }, otherOrgUser))
      .thenThrows(DomainError, { code: 'NOT_THIS_REGISTRATION', rule: 'R-ORG-6', kind: 'forbidden' });
    spec
      .given(active)
      .when(cmd('FilePaidServiceNotification', { notificationId: 'n', kind: 'career coaching', price: 1000 }, otherOrgUser))
      .thenThrows(DomainError, { code: 'NOT_THIS_REGISTRATION' });
  });
});

describe('R-ORG-7: contact and complaint officers', () => {
  it('R-ORG-7: each officer has a name, department, phone and e-mail', () => {
    spec
      .given([])
      .when(submit({ ...agency, complaintOfficer: { ...officer, email: 'not-an-email' } }))
      .thenThrows(DomainError, { kind: 'refused', rule: 'R-ORG-7', field: 'application.complaintOfficer.email' });
  });

  it('R-ORG-7: changing the complaint officer is a change application; the approved officer (by version) is the one shown', () => {
    const requested = changeRequested('c1', { complaintOfficer: newOfficer });
    const approvedChange = changeApproved('c1', agency, 2);
    const pending = fold(registrationDecider, [...active, requested]);
    expect(pending.status === 'active' && pending.application.complaintOfficer).toEqual(officer);
    spec
      .given([...active, requested])
      .when(cmd('ApproveChange', { changeId: 'c1' }))
      .then([approvedChange]);
    const state = fold(registrationDecider, [...active, requested, approvedChange]);
    expect(state.status === 'active' && [state.complaintOfficerVersion, state.complaintOfficers[1], state.complaintOfficers[2]]).toEqual([
      2,
      officer,
      newOfficer,
    ]);
  });
});

describe('R-ORG-7 / R-MSG-4: complaint officer numbers count 1, 2, 3 for users, whatever else the stream holds (issue 15)', () => {
  const third = { ...newOfficer, name: '高橋三郎', email: 'takahashi@example.jp' };
  const change = (changeId: string, complaintOfficer?: typeof officer): RegistrationEvent =>
    changeRequested(changeId, complaintOfficer ? { complaintOfficer } : { contactOfficer: third });

  it('R-ORG-7: the first approval is officer 1, the next approved officer 2 — a change request, a contact-only change and a renewal in between do not count', () => {
    spec
      .given([submitted()])
      .when(cmd('ApproveApplication', { adminLogin: 'a', usagePeriodYears: 3 }))
      .then([
        expect.objectContaining({ type: 'ApplicationApproved', data: expect.objectContaining({ complaintOfficerVersion: 1 }) }),
      ] as never);
    const contactOnly = { ...agency, contactOfficer: third };
    const history = [
      ...active,
      { type: 'RenewalRequested', data: { registrationId, requestedAt: at } } as RegistrationEvent,
      change('c1'),
      changeApproved('c1', contactOnly, 1), // the contact officer only: the complaint officer keeps number 1
      change('c2', newOfficer),
    ];
    spec
      .given(history)
      .when(cmd('ApproveChange', { changeId: 'c2' }))
      .then([changeApproved('c2', { ...contactOnly, complaintOfficer: newOfficer }, 2)]);
  });

  it('R-MSG-4: numbers recorded as revisions before this rule (1, 3) keep naming their officers — messages link them — and the next is 4, never a reused number', () => {
    const recorded = [
      ...active,
      change('c1', newOfficer),
      changeApproved('c1', { ...agency, complaintOfficer: newOfficer }, 3),
      change('c2', third),
    ];
    const state = fold(registrationDecider, recorded);
    expect(state.status === 'active' && [state.complaintOfficers[1], state.complaintOfficers[3]]).toEqual([officer, newOfficer]);
    spec
      .given(recorded)
      .when(cmd('ApproveChange', { changeId: 'c2' }))
      .then([changeApproved('c2', { ...agency, complaintOfficer: third }, 4)]);
  });
});

describe('R-ORG-8: the security declaration', () => {
  it('R-ORG-8: current antivirus definitions and automatic scanning are both required', () => {
    spec
      .given([])
      .when(submit({ ...agency, security: { ...security, automaticScanEnabled: false } }))
      .thenThrows(DomainError, { kind: 'refused', rule: 'R-ORG-8', field: 'application.security.automaticScanEnabled' });
    spec
      .given([])
      .when(submit({ ...agency, security: { ...security, antivirusDefinitionsCurrent: false } }))
      .thenThrows(DomainError, { kind: 'refused', rule: 'R-ORG-8' });
  });
});

describe('R-ORG-9: paid-service notifications', () => {
  it('R-ORG-9: an active registration files the kind of service and its price', () => {
    spec
      .given(active)
      .when(cmd('FilePaidServiceNotification', { notificationId: 'n1', kind: 'career coaching', price: 5000 }, orgUser))
      .then([
        {
          type: 'PaidServiceNotificationFiled',
          data: { registrationId, notificationId: 'n1', kind: 'career coaching', price: 5000, filedAt: at },
        },
      ]);
    spec
      .given(active)
      .when(cmd('FilePaidServiceNotification', { notificationId: 'n1', kind: ' ', price: 5000 }, orgUser))
      .thenThrows(DomainError, { kind: 'refused', rule: 'R-ORG-9', field: 'kind' });
    spec
      .given([submitted()])
      .when(cmd('FilePaidServiceNotification', { notificationId: 'n1', kind: 'x', price: 1 }, orgUser))
      .thenThrows(DomainError, { code: 'INVALID_REGISTRATION_TRANSITION' });
  });
});

describe('R-ORG-1 / R-ORG-4: an organisation user is asked of identity only for an active registration and one of its units', () => {
  const stateOf = (events: RegistrationEvent[]) => fold(registrationDecider, events);

  it('R-ORG-4: a department of an active registration gets users; another unit does not (UNKNOWN_DEPARTMENT)', () => {
    expect(organisationUserPolicy(stateOf(active), agency.departments[0].departmentId).registrationId).toBe(registrationId);
    expect(() => organisationUserPolicy(stateOf(active), 'not-a-unit')).toThrow(
      expect.objectContaining({ code: 'UNKNOWN_DEPARTMENT', rule: 'R-ORG-4', field: 'departmentId' }),
    );
  });

  it('R-ORG-1: a submitted or suspended registration gets no users (REGISTRATION_NOT_ACTIVE); none at all is 404', () => {
    expect(() => organisationUserPolicy(stateOf([submitted()]), agency.departments[0].departmentId)).toThrow(
      expect.objectContaining({ code: 'REGISTRATION_NOT_ACTIVE', rule: 'R-ORG-1', details: { status: 'submitted' } }),
    );
    expect(() => organisationUserPolicy(stateOf([...active, sanctioned()]), agency.departments[0].departmentId)).toThrow(
      expect.objectContaining({ code: 'REGISTRATION_NOT_ACTIVE', details: { status: 'suspended' } }),
    );
    expect(() => organisationUserPolicy(stateOf([]), 'd1')).toThrow(
      expect.objectContaining({ code: 'REGISTRATION_NOT_FOUND', kind: 'not-found' }),
    );
  });
});
