import { DomainError } from '@hw/platform/core';
import { DeciderSpecification } from '@hw/platform/testing';
import { AnonymisedProfile, ownOfficePolicy, SeekerCommand, seekerDecider, SeekerEvent } from './index';
import { at, counter, registeredEvent, seekerId } from './testing/seeker.fixtures';

const spec = DeciderSpecification.for(seekerDecider);
const later = '2026-11-26T01:00:00.000Z';
const expiresAt = '2026-12-02T01:00:00.000Z';
const profile: AnonymisedProfile = { desiredOccupations: ['25'], desiredPrefectures: ['13'], employmentType: 'full-time' };
const otherCounter = { ...counter, id: 'staff-2', officeCode: '27010' };
const desk = { kind: 'staff' as const, id: 'desk-1', role: 'complaint-desk', officeCode: '13010' };
const otherDesk = { ...desk, officeCode: '27010' };
const auditor = { kind: 'staff' as const, id: 'hq-1', role: 'hq-auditor' };
const officer = { kind: 'staff' as const, id: 'bo-1', role: 'bureau-officer' };
const seeker = { kind: 'seeker' as const, id: seekerId };

const registered = registeredEvent({ personalData: 'v1.sealed', profile });
const erased: SeekerEvent = { type: 'SeekerErased', data: { seekerId, requestReference: 'REQ-1', erasedAt: at } };
const cmd = (type: SeekerCommand['type'], data: object, by: object | undefined, when = at): SeekerCommand =>
  ({ type, data: { seekerId, at: when, ...(by ? { by } : {}), ...data } }) as SeekerCommand;
const issue = (by: object | undefined, reason = 'forgot password at the counter', reissue = true) =>
  cmd('IssueActivation', { reason, reissue, expiresAt }, by);
const issued: SeekerEvent = {
  type: 'SeekerActivationIssued',
  data: { seekerId, by: counter, reason: 'forgot password at the counter', reissue: true, expiresAt, issuedAt: at },
};

describe('seeker decider: staff act only where they work (R-STF-1) and every action on the account is recorded (R-STF-2)', () => {
  it('R-STF-1 / R-STF-2: counter staff of the seeker’s office issue an activation — recorded with who, when, why, and whether a credential existed', () =>
    spec.given([registered]).when(issue(counter)).then([issued]));

  it('R-STF-1: counter staff of another office cannot issue (or reissue) the seeker’s activation', () =>
    spec.given([registered]).when(issue(otherCounter)).thenThrows(DomainError, { code: 'NOT_SEEKERS_OFFICE', rule: 'R-STF-1' }));

  it('R-STF-1: the HQ auditor (read-only), the complaint desk and bureau officers cannot issue an activation', () => {
    spec.given([registered]).when(issue(auditor)).thenThrows(DomainError, { code: 'NOT_SEEKERS_OFFICE', rule: 'R-STF-1' });
    spec.given([registered]).when(issue(desk)).thenThrows(DomainError, { code: 'NOT_SEEKERS_OFFICE', rule: 'R-STF-1' });
    spec.given([registered]).when(issue(officer)).thenThrows(DomainError, { code: 'NOT_SEEKER_STAFF', rule: 'R-STF-1' });
    spec.given([registered]).when(issue(seeker)).thenThrows(DomainError, { code: 'NOT_SEEKERS_OFFICE' });
  });

  it('R-STF-2: an activation without a reason is refused, naming the field', () =>
    spec
      .given([registered])
      .when(issue(counter, '   '))
      .thenThrows(DomainError, { code: 'STAFF_REASON_REQUIRED', rule: 'R-STF-2', field: 'reason' }));

  it('R-AUD-2: no activation for an erased seeker', () =>
    spec.given([registered, erased]).when(issue(counter)).thenThrows(DomainError, { code: 'SEEKER_ERASED' }));

  it('R-STF-2: using the code is recorded, naming the staff member who issued it', () =>
    spec
      .given([registered, issued])
      .when(cmd('RecordCredentialActivated', {}, undefined, later))
      .then([{ type: 'SeekerCredentialActivated', data: { seekerId, issuedBy: counter, activatedAt: later } }]));

  it('R-STF-2: a second activation after the first was used names nobody pending (the code was spent)', () =>
    spec
      .given([registered, issued, { type: 'SeekerCredentialActivated', data: { seekerId, issuedBy: counter, activatedAt: later } }])
      .when(cmd('RecordCredentialActivated', {}, undefined, later))
      .then([{ type: 'SeekerCredentialActivated', data: { seekerId, activatedAt: later } }]));

  it("R-STF-2: the seeker's own session reading the personal data is recorded; nobody else can record it as the seeker's", () => {
    spec
      .given([registered])
      .when(cmd('RecordOwnPersonalDataRead', { route: 'GET /seekers/:seekerId/personal-data' }, seeker))
      .then([{ type: 'OwnPersonalDataRead', data: { seekerId, route: 'GET /seekers/:seekerId/personal-data', readAt: at } }]);
    spec
      .given([registered])
      .when(cmd('RecordOwnPersonalDataRead', { route: 'x' }, counter))
      .thenThrows(DomainError, { code: 'DISCLOSURE_BY_SEEKER_ONLY' });
  });

  it('R-STF-1 / R-STF-2: a staff read of personal data is recorded only for staff of the seeker’s office (counter, complaint desk) or the HQ auditor', () => {
    const read = (reader: object) => cmd('RecordPersonalDataRead', { reader, purpose: 'counter-service', route: 'r' }, reader);
    spec.given([registered]).when(read(otherCounter)).thenThrows(DomainError, { code: 'NOT_SEEKERS_OFFICE', rule: 'R-STF-1' });
    spec.given([registered]).when(read(otherDesk)).thenThrows(DomainError, { code: 'NOT_SEEKERS_OFFICE', rule: 'R-STF-1' });
    spec.given([registered]).when(read(officer)).thenThrows(DomainError, { code: 'NOT_SEEKER_STAFF', rule: 'R-STF-1' });
    spec
      .given([registered])
      .when(read(desk))
      .then([{ type: 'PersonalDataRead', data: { seekerId, reader: desk, purpose: 'counter-service', route: 'r', readAt: at } }]);
    spec
      .given([registered])
      .when(read(auditor))
      .then([{ type: 'PersonalDataRead', data: { seekerId, reader: auditor, purpose: 'counter-service', route: 'r', readAt: at } }]);
  });

  it('R-STF-1: ownOfficePolicy — staff without an office in their token reach no seeker at a counter or desk', () => {
    expect(() => ownOfficePolicy({ kind: 'staff', id: 'x', role: 'counter' }, { officeCode: '13010' })).toThrow(
      expect.objectContaining({ code: 'NOT_SEEKERS_OFFICE', rule: 'R-STF-1', kind: 'forbidden' }),
    );
    expect(() => ownOfficePolicy({ kind: 'staff', id: 'x', role: 'complaint-desk' }, { officeCode: '13010' })).toThrow(
      expect.objectContaining({ code: 'NOT_SEEKERS_OFFICE', rule: 'R-STF-1', kind: 'forbidden' }),
    );
    expect(() => ownOfficePolicy(counter, { officeCode: '13010' })).not.toThrow();
    expect(() => ownOfficePolicy(auditor, { officeCode: '13010' })).not.toThrow();
    expect(() => ownOfficePolicy(seeker, { officeCode: '13010' })).not.toThrow();
  });
});
