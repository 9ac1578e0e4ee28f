import { ApplicationDetails, ChangeDetails, RegistrationCommand, RegistrationEvent, registrationSummary } from '../index';

/** The registrations of the registration specs: a Tokyo agency and a Chiyoda-ku city hall, decided by Tokyo's bureau. */
export const registrationId = '01a214ce-296c-7699-8547-3fba17ef5000';
export const at = '2026-04-01T00:00:00.000Z';
export const tokyoOfficer = { kind: 'staff' as const, id: 'bo-13', role: 'bureau-officer', prefecture: '13' };
export const osakaOfficer = { ...tokyoOfficer, id: 'bo-27', prefecture: '27' };
export const auditor = { kind: 'staff' as const, id: 'hq-1', role: 'hq-auditor' };
export const orgUser = { kind: 'organisation-user' as const, id: 'u1', registrationId };
export const otherOrgUser = { ...orgUser, registrationId: 'another-registration' };
export const system = { kind: 'system' as const, id: 'clock' };
export const officer = { name: '佐藤花子', department: '総務部', phone: '03-1234-5678', email: 'sato@example.jp' };
export const newOfficer = { name: '鈴木一郎', department: '人事部', phone: '03-1234-0000', email: 'suzuki@example.jp' };
export const security = { antivirusDefinitionsCurrent: true, automaticScanEnabled: true };

export const agency: ApplicationDetails = {
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
export const city: ApplicationDetails = {
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

export const cmd = <T extends RegistrationCommand['type']>(type: T, data: object = {}, by: object = tokyoOfficer, when = at) =>
  ({ type, data: { registrationId, at: when, by, ...data } }) as RegistrationCommand;

export const submit = (application: ApplicationDetails, by: object = tokyoOfficer) => cmd('SubmitApplication', { application }, by);
export const submitted = (application: ApplicationDetails = agency, prefecture = '13'): RegistrationEvent => ({
  type: 'ApplicationSubmitted',
  data: { registrationId, prefecture, application, submittedAt: at },
});
export const approved: RegistrationEvent = {
  type: 'ApplicationApproved',
  data: {
    registrationId,
    summary: registrationSummary('13', agency),
    usagePeriodEndsAt: '2029-04-01T00:00:00.000Z',
    complaintOfficerVersion: 1,
    approvedAt: at,
  },
};
export const active = [submitted(), approved];
export const sanctioned = (until?: string): RegistrationEvent => ({
  type: 'RegistrationSuspended',
  data: { registrationId, reason: 'sanction', note: 'false report', ...(until ? { until } : {}), suspendedAt: at },
});
export const changeRequested = (changeId: string, change: ChangeDetails): RegistrationEvent => ({
  type: 'ChangeRequested',
  data: { registrationId, changeId, change, requestedAt: at },
});
/** The change approved: the summary of the application it makes, under the complaint officer's number. */
export const changeApproved = (changeId: string, application: ApplicationDetails, complaintOfficerVersion: number): RegistrationEvent => ({
  type: 'ChangeApproved',
  data: { registrationId, changeId, summary: registrationSummary('13', application), complaintOfficerVersion, approvedAt: at },
});
