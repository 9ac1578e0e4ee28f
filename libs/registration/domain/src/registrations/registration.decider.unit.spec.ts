import { DomainError, fold } from '@hw/platform/core';
import { DeciderSpecification } from '@hw/platform/testing';
import {
  ApplicationDetails,
  localGovernmentCheckDigit,
  parseLocalGovernmentCode,
  parsePermitNumber,
  RegistrationCommand,
  registrationDecider,
  RegistrationEvent,
  registrationSummary,
  reservationDecider,
} from './index';

const spec = DeciderSpecification.for(registrationDecider);
const registrationId = '01a214ce-296c-7699-8547-3fba17ef5000';
const at = '2026-04-01T00:00:00.000Z';
const tokyoOfficer = { kind: 'staff' as const, id: 'bo-13', role: 'bureau-officer', prefecture: '13' };
const osakaOfficer = { ...tokyoOfficer, id: 'bo-27', prefecture: '27' };
const auditor = { kind: 'staff' as const, id: 'hq-1', role: 'hq-auditor' };
const orgUser = { kind: 'organisation-user' as const, id: 'u1', registrationId };
const otherOrgUser = { ...orgUser, registrationId: 'another-registration' };
const system = { kind: 'system' as const, id: 'clock' };
const officer = { name: '佐藤花子', department: '総務部', phone: '03-1234-5678', email: 'sato@example.jp' };
const newOfficer = { name: '鈴木一郎', department: '人事部', phone: '03-1234-0000', email: 'suzuki@example.jp' };
const security = { antivirusDefinitionsCurrent: true, automaticScanEnabled: true };

const agency: ApplicationDetails = {
  organisationId: 'org-1',
  organisationName: '株式会社テスト人材',
  kind: 'private-paid',
  category: 'own',
  permitNumber: '13-ユ-123456',
  departments: [
    { departmentId: 'd-main', name: '本社', branchNumber: '0', mainOffice: true },
    { departmentId: 'd-osaka', name: '大阪支店', branchNumber: '1' },
  ],
  contractors: [],
  contactOfficer: officer,
  complaintOfficer: officer,
  security,
};
const city: ApplicationDetails = {
  organisationId: 'org-2',
  organisationName: '千代田区',
  kind: 'local-government',
  category: 'own',
  localGovernmentCode: '131016',
  departments: [
    { departmentId: 'd-jobs', name: '就労支援課' },
    { departmentId: 'd-welfare', name: '福祉課' },
  ],
  contractors: [],
  contactOfficer: officer,
  complaintOfficer: officer,
  security,
};

const cmd = <T extends RegistrationCommand['type']>(type: T, data: object = {}, by: object = tokyoOfficer, when = at): RegistrationCommand =>
  ({ type, data: { registrationId, at: when, by, ...data } }) as RegistrationCommand;

const submitted = (application: ApplicationDetails = agency, prefecture = '13'): RegistrationEvent => ({
  type: 'ApplicationSubmitted',
  data: { registrationId, prefecture, application, submittedAt: at },
});
const approved: RegistrationEvent = {
  type: 'ApplicationApproved',
  data: { registrationId, summary: registrationSummary('13', agency), usagePeriodEndsAt: '2029-04-01T00:00:00.000Z', complaintOfficerVersion: 1, approvedAt: at },
};
const active = [submitted(), approved];
const sanctioned = (until?: string): RegistrationEvent => ({
  type: 'RegistrationSuspended',
  data: { registrationId, reason: 'sanction', note: 'false report', ...(until ? { until } : {}), suspendedAt: at },
});

describe('R-ORG-1: the registration lifecycle', () => {
  it('R-ORG-1: submitted → approved (active), with the usage period of the policy (3 years by default)', () => {
    spec.given([submitted()]).when(cmd('ApproveApplication', { usagePeriodYears: 3 })).then([approved]);
    expect(fold(registrationDecider, active).status).toBe('active');
  });

  it('R-ORG-1: submitted → rejected; a rejected application cannot be approved afterwards', () => {
    spec.given([submitted()]).when(cmd('RejectApplication', { reason: 'incomplete' })).then([
      { type: 'ApplicationRejected', data: { registrationId, reason: 'incomplete', rejectedAt: at } },
    ]);
    spec
      .given([submitted(), { type: 'ApplicationRejected', data: { registrationId, reason: 'x', rejectedAt: at } }])
      .when(cmd('ApproveApplication', { usagePeriodYears: 3 }))
      .thenThrows(DomainError, { code: 'INVALID_REGISTRATION_TRANSITION', rule: 'R-ORG-1', kind: 'conflict' });
  });

  it('R-ORG-1: a change requested stays active meanwhile, then is approved or rejected', () => {
    const requested: RegistrationEvent = {
      type: 'ChangeRequested',
      data: { registrationId, changeId: 'c1', change: { contactOfficer: newOfficer }, requestedAt: at },
    };
    spec.given(active).when(cmd('RequestChange', { changeId: 'c1', change: { contactOfficer: newOfficer } }, orgUser)).then([requested]);
    expect(fold(registrationDecider, [...active, requested]).status).toBe('active');
    spec.given([...active, requested]).when(cmd('RejectChange', { changeId: 'c1', reason: 'no' })).then([
      { type: 'ChangeRejected', data: { registrationId, changeId: 'c1', reason: 'no', rejectedAt: at } },
    ]);
    spec.given([...active, requested]).when(cmd('RequestChange', { changeId: 'c2', change: { contactOfficer: officer } }, orgUser)).thenThrows(DomainError, { code: 'CHANGE_PENDING' });
  });

  it('R-ORG-1: renewed on request — the new period follows the current one without a gap', () => {
    const requested: RegistrationEvent = { type: 'RenewalRequested', data: { registrationId, security, requestedAt: at } };
    spec.given(active).when(cmd('RequestRenewal', { security }, orgUser)).then([requested]);
    spec.given([...active, requested]).when(cmd('ApproveRenewal', { usagePeriodYears: 3 })).then([
      { type: 'RegistrationRenewed', data: { registrationId, usagePeriodEndsAt: '2032-04-01T00:00:00.000Z', renewedAt: at } },
    ]);
  });

  it('R-ORG-1: suspended at the organisation\'s own request (decided by the bureau), then resumed', () => {
    const requested: RegistrationEvent = { type: 'SuspensionRequested', data: { registrationId, reason: 'restructuring', requestedAt: at } };
    spec.given(active).when(cmd('RequestSuspension', { reason: 'restructuring' }, orgUser)).then([requested]);
    const suspended: RegistrationEvent = {
      type: 'RegistrationSuspended',
      data: { registrationId, reason: 'own-request', note: "at the organisation's request", suspendedAt: at },
    };
    spec.given([...active, requested]).when(cmd('ApproveSuspension')).then([suspended]);
    spec.given([...active, requested, suspended]).when(cmd('Resume')).then([
      { type: 'RegistrationResumed', data: { registrationId, reason: 'bureau-decision', resumedAt: at } },
    ]);
  });

  it('R-ORG-1: suspended as a sanction until a date, it resumes by itself at that date and not before', () => {
    const until = '2026-10-01T00:00:00.000Z';
    spec.given(active).when(cmd('SuspendAsSanction', { reason: 'false report', until })).then([sanctioned(until)]);
    spec.given([...active, sanctioned(until)]).when(cmd('EndSanction', {}, system, '2026-09-30T23:59:59.999Z')).then([]);
    spec.given([...active, sanctioned(until)]).when(cmd('EndSanction', {}, system, '2026-10-01T00:05:00.000Z')).then([
      { type: 'RegistrationResumed', data: { registrationId, reason: 'sanction-ended', resumedAt: until } },
    ]);
    // Without an end date, only the bureau resumes it.
    spec.given([...active, sanctioned()]).when(cmd('EndSanction', {}, system, '2030-01-01T00:00:00.000Z')).then([]);
  });

  it('R-ORG-1: active or suspended → terminated; a terminated registration cannot resume', () => {
    const terminated: RegistrationEvent = { type: 'RegistrationTerminated', data: { registrationId, reason: 'repeat', terminatedAt: at } };
    spec.given([...active, sanctioned()]).when(cmd('Terminate', { reason: 'repeat' })).then([terminated]);
    spec.given([...active, terminated]).when(cmd('Resume')).thenThrows(DomainError, { code: 'INVALID_REGISTRATION_TRANSITION', rule: 'R-ORG-1' });
  });

  it('R-ORG-1: expires at the end of its usage period unless renewed', () => {
    spec.given(active).when(cmd('Expire', {}, system, '2029-03-31T14:59:59.999Z')).then([]);
    spec.given(active).when(cmd('Expire', {}, system, '2029-04-01T00:00:00.000Z')).then([
      { type: 'RegistrationExpired', data: { registrationId, usagePeriodEndsAt: '2029-04-01T00:00:00.000Z', expiredAt: '2029-04-01T00:00:00.000Z' } },
    ]);
    const renewed: RegistrationEvent[] = [
      { type: 'RenewalRequested', data: { registrationId, security, requestedAt: at } },
      { type: 'RegistrationRenewed', data: { registrationId, usagePeriodEndsAt: '2032-04-01T00:00:00.000Z', renewedAt: at } },
    ];
    spec.given([...active, ...renewed]).when(cmd('Expire', {}, system, '2029-04-01T00:00:00.000Z')).then([]);
  });
});

describe('R-ORG-2: decided only by the bureau of the main office\'s prefecture', () => {
  it('R-ORG-2: an officer of another prefecture can neither receive, approve, suspend nor terminate', () => {
    spec.given([]).when(cmd('SubmitApplication', { application: agency }, osakaOfficer)).thenThrows(DomainError, { code: 'NOT_OWN_BUREAU', rule: 'R-ORG-2', kind: 'forbidden' });
    spec.given([submitted()]).when(cmd('ApproveApplication', { usagePeriodYears: 3 }, osakaOfficer)).thenThrows(DomainError, { code: 'NOT_OWN_BUREAU', rule: 'R-ORG-2' });
    spec.given(active).when(cmd('SuspendAsSanction', { reason: 'x' }, osakaOfficer)).thenThrows(DomainError, { code: 'NOT_OWN_BUREAU' });
    spec.given(active).when(cmd('Terminate', { reason: 'x' }, osakaOfficer)).thenThrows(DomainError, { code: 'NOT_OWN_BUREAU' });
  });

  it('R-ORG-2: the headquarters auditor reads everything but decides nothing', () => {
    spec.given([submitted()]).when(cmd('ApproveApplication', { usagePeriodYears: 3 }, auditor)).thenThrows(DomainError, { code: 'NOT_OWN_BUREAU', rule: 'R-ORG-2' });
  });

  it("R-ORG-2: the deciding prefecture is the main office's: a permit number's PP, a local government code's first two digits", () => {
    spec.given([]).when(cmd('SubmitApplication', { application: agency })).then([submitted()]);
    const osakaCity = { ...city, localGovernmentCode: '271004' };
    spec.given([]).when(cmd('SubmitApplication', { application: osakaCity }, osakaOfficer)).then([submitted(osakaCity, '27')]);
  });
});

describe('R-ORG-3: private agencies register per permit number', () => {
  it('R-ORG-3: permit numbers PP-ユ-NNNNNN (paid) / PP-ム-NNNNNN (free), PP 01–47', () => {
    expect(parsePermitNumber('13-ユ-123456')).toMatchObject({ prefecture: '13', kind: 'private-paid' });
    expect(parsePermitNumber('47-ム-000001')).toMatchObject({ prefecture: '47', kind: 'private-free' });
    for (const bad of ['48-ユ-123456', '00-ユ-123456', '13-ア-123456', '13-ユ-12345', '13ユ123456']) expect(parsePermitNumber(bad)).toBeNull();
    spec.given([]).when(cmd('SubmitApplication', { application: { ...agency, permitNumber: '48-ユ-123456' } })).thenThrows(DomainError, {
      kind: 'refused',
      rule: 'R-ORG-3',
      field: 'application.permitNumber',
    });
    spec.given([]).when(cmd('SubmitApplication', { application: { ...agency, kind: 'private-free' } })).thenThrows(DomainError, {
      kind: 'refused',
      rule: 'R-ORG-3',
      field: 'application.kind',
    });
  });

  it('R-ORG-3: offices sharing the number are under one registration filed by the main office, with different branch numbers', () => {
    const twoMains = agency.departments.map((d) => ({ ...d, mainOffice: true }));
    spec.given([]).when(cmd('SubmitApplication', { application: { ...agency, departments: twoMains } })).thenThrows(DomainError, {
      kind: 'refused',
      code: 'MAIN_OFFICE_REQUIRED',
      rule: 'R-ORG-3',
    });
    const sameBranch = agency.departments.map((d) => ({ ...d, branchNumber: '0' }));
    spec.given([]).when(cmd('SubmitApplication', { application: { ...agency, departments: sameBranch } })).thenThrows(DomainError, {
      kind: 'refused',
      code: 'BRANCH_NUMBER_DUPLICATE',
      rule: 'R-ORG-3',
    });
  });

  it('R-ORG-3: a second live registration for a number is refused; after the first is no longer live it may be taken', () => {
    const reserve = (id: string, holderLive: boolean) => ({
      type: 'Reserve' as const,
      data: { key: { kind: 'permit' as const, permitNumber: '13-ユ-123456' }, registrationId: id, holderLive, at },
    });
    const held = reservationDecider.decide(reserve('r1', false), reservationDecider.initialState());
    const state = held.reduce(reservationDecider.evolve, reservationDecider.initialState());
    expect(() => reservationDecider.decide(reserve('r2', true), state)).toThrow(expect.objectContaining({ code: 'PERMIT_NUMBER_TAKEN', rule: 'R-ORG-3', kind: 'conflict' }));
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
    spec.given([]).when(cmd('SubmitApplication', { application: { ...city, localGovernmentCode: '131015' } })).thenThrows(DomainError, {
      kind: 'refused',
      rule: 'R-ORG-4',
      field: 'application.localGovernmentCode',
    });
  });

  it('R-ORG-4: its departments use the service under the one registration, with one complaint officer', () => {
    spec.given([]).when(cmd('SubmitApplication', { application: city })).then([submitted(city)]);
    const state = fold(registrationDecider, [submitted(city), approved]);
    expect(state.status === 'active' && state.application.departments.map((d) => d.name)).toEqual(['就労支援課', '福祉課']);
  });

  it('R-ORG-4: a department cannot file a separate registration: the code has one live registration', () => {
    const reserve = (id: string) => ({ type: 'Reserve' as const, data: { key: { kind: 'local-government' as const, code: '131016' }, registrationId: id, holderLive: true, at } });
    const state = reservationDecider.decide(reserve('r1'), {}).reduce(reservationDecider.evolve, {});
    expect(() => reservationDecider.decide(reserve('r2'), state)).toThrow(expect.objectContaining({ code: 'LOCAL_GOVERNMENT_REGISTERED', rule: 'R-ORG-4', kind: 'conflict' }));
  });
});

describe('R-ORG-5 / R-ORG-6: joint registrations and contractors\' own registrations', () => {
  const contractor = { contractorId: 'k1', name: '受託株式会社', permitNumber: '13-ユ-654321' };

  it('R-ORG-5: a local government adds a contracted agency as joint applicant by a change application', () => {
    const cityApproved = { ...approved, data: { ...approved.data, summary: registrationSummary('13', city) } } as RegistrationEvent;
    const cityActive = [submitted(city), cityApproved];
    const requested: RegistrationEvent = { type: 'ChangeRequested', data: { registrationId, changeId: 'c1', change: { addContractors: [contractor] }, requestedAt: at } };
    spec.given(cityActive).when(cmd('RequestChange', { changeId: 'c1', change: { addContractors: [contractor] } }, orgUser)).then([requested]);
    const summary = { ...registrationSummary('13', city), category: 'joint' as const, contractors: [{ contractorId: 'k1', permitNumber: '13-ユ-654321' }] };
    const changed: RegistrationEvent = { type: 'ChangeApproved', data: { registrationId, changeId: 'c1', summary, complaintOfficerVersion: 1, approvedAt: at } };
    spec.given([...cityActive, requested]).when(cmd('ApproveChange', { changeId: 'c1' })).then([changed]);
    const state = fold(registrationDecider, [...cityActive, requested, changed]);
    expect(state.status === 'active' && state.application).toMatchObject({ category: 'joint', contractors: [contractor] });
  });

  it('R-ORG-6: a private agency\'s registration is always its own — never joint, never naming contractors', () => {
    spec.given([]).when(cmd('SubmitApplication', { application: { ...agency, category: 'joint' } })).thenThrows(DomainError, { kind: 'refused', rule: 'R-ORG-6' });
    spec.given(active).when(cmd('RequestChange', { changeId: 'c1', change: { addContractors: [contractor] } }, orgUser)).thenThrows(DomainError, {
      kind: 'refused',
      rule: 'R-ORG-6',
    });
  });

  it('R-ORG-6: every action is made under exactly one registration: a user of another registration cannot act on this one', () => {
    spec.given(active).when(cmd('RequestChange', { changeId: 'c1', change: { contactOfficer: newOfficer } }, otherOrgUser)).thenThrows(DomainError, {
      code: 'NOT_THIS_REGISTRATION',
      rule: 'R-ORG-6',
      kind: 'forbidden',
    });
    spec.given(active).when(cmd('FilePaidServiceNotification', { notificationId: 'n', kind: 'career coaching', price: 1000 }, otherOrgUser)).thenThrows(DomainError, { code: 'NOT_THIS_REGISTRATION' });
  });
});

describe('R-ORG-7: contact and complaint officers', () => {
  it('R-ORG-7: each officer has a name, department, phone and e-mail', () => {
    spec.given([]).when(cmd('SubmitApplication', { application: { ...agency, complaintOfficer: { ...officer, email: 'not-an-email' } } })).thenThrows(DomainError, {
      kind: 'refused',
      rule: 'R-ORG-7',
      field: 'application.complaintOfficer.email',
    });
  });

  it('R-ORG-7: changing the complaint officer is a change application; the approved officer (by version) is the one shown', () => {
    const requested: RegistrationEvent = { type: 'ChangeRequested', data: { registrationId, changeId: 'c1', change: { complaintOfficer: newOfficer }, requestedAt: at } };
    const pending = fold(registrationDecider, [...active, requested]);
    expect(pending.status === 'active' && pending.application.complaintOfficer).toEqual(officer);
    spec.given([...active, requested]).when(cmd('ApproveChange', { changeId: 'c1' })).then([
      { type: 'ChangeApproved', data: { registrationId, changeId: 'c1', summary: registrationSummary('13', agency), complaintOfficerVersion: 3, approvedAt: at } },
    ]);
    const state = fold(registrationDecider, [
      ...active,
      requested,
      { type: 'ChangeApproved', data: { registrationId, changeId: 'c1', summary: registrationSummary('13', agency), complaintOfficerVersion: 3, approvedAt: at } },
    ]);
    expect(state.status === 'active' && [state.complaintOfficerVersion, state.complaintOfficers[1], state.complaintOfficers[3]]).toEqual([3, officer, newOfficer]);
  });
});

describe('R-ORG-8: the security declaration', () => {
  it('R-ORG-8: current antivirus definitions and automatic scanning are both required', () => {
    spec.given([]).when(cmd('SubmitApplication', { application: { ...agency, security: { ...security, automaticScanEnabled: false } } })).thenThrows(DomainError, {
      kind: 'refused',
      rule: 'R-ORG-8',
      field: 'application.security.automaticScanEnabled',
    });
    spec.given([]).when(cmd('SubmitApplication', { application: { ...agency, security: { ...security, antivirusDefinitionsCurrent: false } } })).thenThrows(DomainError, {
      kind: 'refused',
      rule: 'R-ORG-8',
    });
  });
});

describe('R-ORG-9: paid-service notifications', () => {
  it('R-ORG-9: an active registration files the kind of service and its price', () => {
    spec.given(active).when(cmd('FilePaidServiceNotification', { notificationId: 'n1', kind: 'career coaching', price: 5000 }, orgUser)).then([
      { type: 'PaidServiceNotificationFiled', data: { registrationId, notificationId: 'n1', kind: 'career coaching', price: 5000, filedAt: at } },
    ]);
    spec.given(active).when(cmd('FilePaidServiceNotification', { notificationId: 'n1', kind: ' ', price: 5000 }, orgUser)).thenThrows(DomainError, {
      kind: 'refused',
      rule: 'R-ORG-9',
      field: 'kind',
    });
    spec.given([submitted()]).when(cmd('FilePaidServiceNotification', { notificationId: 'n1', kind: 'x', price: 1 }, orgUser)).thenThrows(DomainError, { code: 'INVALID_REGISTRATION_TRANSITION' });
  });
});
