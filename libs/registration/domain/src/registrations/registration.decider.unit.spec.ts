import { DomainError, fold } from '@hw/platform/core';
import { DeciderSpecification } from '@hw/platform/testing';
import { registrationDecider, RegistrationEvent } from './index';
import {
  active,
  agency,
  approved,
  at,
  auditor,
  city,
  changeRequested,
  cmd,
  newOfficer,
  officer,
  orgUser,
  osakaOfficer,
  registrationId,
  sanctioned,
  security,
  submit,
  submitted,
  system,
} from './testing/registration.fixtures';

const spec = DeciderSpecification.for(registrationDecider);

describe('R-ORG-1: the registration lifecycle', () => {
  it('R-ORG-1: submitted → approved (active), with the usage period of the policy (3 years by default)', () => {
    spec
      .given([submitted()])
      .when(cmd('ApproveApplication', { usagePeriodYears: 3 }))
      .then([approved]);
    expect(fold(registrationDecider, active).status).toBe('active');
  });

  it('R-ORG-1: submitted → rejected; a rejected application cannot be approved afterwards', () => {
    spec
      .given([submitted()])
      .when(cmd('RejectApplication', { reason: 'incomplete' }))
      .then([{ type: 'ApplicationRejected', data: { registrationId, reason: 'incomplete', rejectedAt: at } }]);
    spec
      .given([submitted(), { type: 'ApplicationRejected', data: { registrationId, reason: 'x', rejectedAt: at } }])
      .when(cmd('ApproveApplication', { usagePeriodYears: 3 }))
      .thenThrows(DomainError, { code: 'INVALID_REGISTRATION_TRANSITION', rule: 'R-ORG-1', kind: 'conflict' });
  });

  it('R-ORG-1: a change requested stays active meanwhile, then is approved or rejected', () => {
    const requested = changeRequested('c1', { contactOfficer: newOfficer });
    spec
      .given(active)
      .when(cmd('RequestChange', { changeId: 'c1', change: { contactOfficer: newOfficer } }, orgUser))
      .then([requested]);
    expect(fold(registrationDecider, [...active, requested]).status).toBe('active');
    spec
      .given([...active, requested])
      .when(cmd('RejectChange', { changeId: 'c1', reason: 'no' }))
      .then([{ type: 'ChangeRejected', data: { registrationId, changeId: 'c1', reason: 'no', rejectedAt: at } }]);
    spec
      .given([...active, requested])
      .when(cmd('RequestChange', { changeId: 'c2', change: { contactOfficer: officer } }, orgUser))
      .thenThrows(DomainError, { code: 'CHANGE_PENDING' });
  });

  it('R-ORG-1: renewed on request — the new period follows the current one without a gap', () => {
    const requested: RegistrationEvent = { type: 'RenewalRequested', data: { registrationId, security, requestedAt: at } };
    spec
      .given(active)
      .when(cmd('RequestRenewal', { security }, orgUser))
      .then([requested]);
    spec
      .given([...active, requested])
      .when(cmd('ApproveRenewal', { usagePeriodYears: 3 }))
      .then([{ type: 'RegistrationRenewed', data: { registrationId, usagePeriodEndsAt: '2032-04-01T00:00:00.000Z', renewedAt: at } }]);
  });

  it("R-ORG-1: suspended at the organisation's own request (decided by the bureau), then resumed", () => {
    const requested: RegistrationEvent = {
      type: 'SuspensionRequested',
      data: { registrationId, reason: 'restructuring', requestedAt: at },
    };
    spec
      .given(active)
      .when(cmd('RequestSuspension', { reason: 'restructuring' }, orgUser))
      .then([requested]);
    const suspended: RegistrationEvent = {
      type: 'RegistrationSuspended',
      data: { registrationId, reason: 'own-request', note: "at the organisation's request", suspendedAt: at },
    };
    spec
      .given([...active, requested])
      .when(cmd('ApproveSuspension'))
      .then([suspended]);
    spec
      .given([...active, requested, suspended])
      .when(cmd('Resume'))
      .then([{ type: 'RegistrationResumed', data: { registrationId, reason: 'bureau-decision', resumedAt: at } }]);
  });

  it('R-ORG-1: suspended as a sanction until a date, it resumes by itself at that date and not before', () => {
    const until = '2026-10-01T00:00:00.000Z';
    spec
      .given(active)
      .when(cmd('SuspendAsSanction', { reason: 'false report', until }))
      .then([sanctioned(until)]);
    spec
      .given([...active, sanctioned(until)])
      .when(cmd('EndSanction', {}, system, '2026-09-30T23:59:59.999Z'))
      .then([]);
    spec
      .given([...active, sanctioned(until)])
      .when(cmd('EndSanction', {}, system, '2026-10-01T00:05:00.000Z'))
      .then([{ type: 'RegistrationResumed', data: { registrationId, reason: 'sanction-ended', resumedAt: until } }]);
    // Without an end date, only the bureau resumes it.
    spec
      .given([...active, sanctioned()])
      .when(cmd('EndSanction', {}, system, '2030-01-01T00:00:00.000Z'))
      .then([]);
  });

  it('R-ORG-1: active or suspended → terminated; a terminated registration cannot resume', () => {
    const terminated: RegistrationEvent = { type: 'RegistrationTerminated', data: { registrationId, reason: 'repeat', terminatedAt: at } };
    spec
      .given([...active, sanctioned()])
      .when(cmd('Terminate', { reason: 'repeat' }))
      .then([terminated]);
    spec
      .given([...active, terminated])
      .when(cmd('Resume'))
      .thenThrows(DomainError, { code: 'INVALID_REGISTRATION_TRANSITION', rule: 'R-ORG-1' });
  });

  it('R-ORG-1: expires at the end of its usage period unless renewed', () => {
    spec
      .given(active)
      .when(cmd('Expire', {}, system, '2029-03-31T14:59:59.999Z'))
      .then([]);
    spec
      .given(active)
      .when(cmd('Expire', {}, system, '2029-04-01T00:00:00.000Z'))
      .then([
        {
          type: 'RegistrationExpired',
          data: { registrationId, usagePeriodEndsAt: '2029-04-01T00:00:00.000Z', expiredAt: '2029-04-01T00:00:00.000Z' },
        },
      ]);
    const renewed: RegistrationEvent[] = [
      { type: 'RenewalRequested', data: { registrationId, security, requestedAt: at } },
      { type: 'RegistrationRenewed', data: { registrationId, usagePeriodEndsAt: '2032-04-01T00:00:00.000Z', renewedAt: at } },
    ];
    spec
      .given([...active, ...renewed])
      .when(cmd('Expire', {}, system, '2029-04-01T00:00:00.000Z'))
      .then([]);
  });
});

describe("R-ORG-2: decided only by the bureau of the main office's prefecture", () => {
  it('R-ORG-2: an officer of another prefecture can neither receive, approve, suspend nor terminate', () => {
    spec
      .given([])
      .when(submit(agency, osakaOfficer))
      .thenThrows(DomainError, { code: 'NOT_OWN_BUREAU', rule: 'R-ORG-2', kind: 'forbidden' });
    spec
      .given([submitted()])
      .when(cmd('ApproveApplication', { usagePeriodYears: 3 }, osakaOfficer))
      .thenThrows(DomainError, { code: 'NOT_OWN_BUREAU', rule: 'R-ORG-2' });
    spec
      .given(active)
      .when(cmd('SuspendAsSanction', { reason: 'x' }, osakaOfficer))
      .thenThrows(DomainError, { code: 'NOT_OWN_BUREAU' });
    spec
      .given(active)
      .when(cmd('Terminate', { reason: 'x' }, osakaOfficer))
      .thenThrows(DomainError, { code: 'NOT_OWN_BUREAU' });
  });

  it('R-ORG-2: the headquarters auditor reads everything but decides nothing', () => {
    spec
      .given([submitted()])
      .when(cmd('ApproveApplication', { usagePeriodYears: 3 }, auditor))
      .thenThrows(DomainError, { code: 'NOT_OWN_BUREAU', rule: 'R-ORG-2' });
  });

  it("R-ORG-2: the deciding prefecture is the main office's: a permit number's PP, a local government code's first two digits", () => {
    spec.given([]).when(submit(agency)).then([submitted()]);
    const osakaCity = { ...city, localGovernmentCode: '271004' };
    spec
      .given([])
      .when(submit(osakaCity, osakaOfficer))
      .then([submitted(osakaCity, '27')]);
  });
});
