import { DomainError } from '@hw/platform/core';
import { DeciderSpecification } from '@hw/platform/testing';
import { SeekerCommand, seekerDecider, SeekerEvent } from './index';
import { at, counter, registeredEvent, seekerId } from './testing/seeker.fixtures';

const spec = DeciderSpecification.for(seekerDecider);
const registrationId = '01a214ce-296c-7699-8547-3fba17ef0001';
const otherRegistrationId = '01a214ce-296c-7699-8547-3fba17ef0002';
const later = '2026-11-25T02:00:00.000Z';
const self = { kind: 'seeker' as const, id: seekerId };

const registered = registeredEvent();
const disclosed: SeekerEvent = {
  type: 'SeekerDisclosedIdentity',
  data: { seekerId, registrationId, fields: ['name', 'email'], disclosedAt: at },
};
const withdrawn: SeekerEvent = { type: 'SeekerWithdrewDisclosure', data: { seekerId, registrationId, withdrawnAt: later } };
const blocked: SeekerEvent = { type: 'SeekerBlockedRegistration', data: { seekerId, registrationId, blockedAt: later } };
const unblocked: SeekerEvent = { type: 'SeekerUnblockedRegistration', data: { seekerId, registrationId, unblockedAt: later } };
const erased: SeekerEvent = { type: 'SeekerErased', data: { seekerId, requestReference: 'REQ-1', erasedAt: later } };

const disclose = (fields: string[], over: object = {}): SeekerCommand =>
  ({ type: 'DiscloseIdentity', data: { seekerId, registrationId, fields, at, by: self, ...over } }) as SeekerCommand;
const withdraw = (over: object = {}): SeekerCommand => ({
  type: 'WithdrawDisclosure',
  data: { seekerId, registrationId, at: later, by: self, ...over },
});
const read = (reg = registrationId, when = later): SeekerCommand => ({
  type: 'RecordDisclosedRead',
  data: { seekerId, registrationId: reg, userId: 'u1', departmentId: 'd1', at: when, by: { kind: 'organisation-user', id: 'u1' } },
});

describe('seeker decider: disclosure of identity and contact (R-SKR-5)', () => {
  describe('DiscloseIdentity', () => {
    it('R-SKR-5: the seeker discloses chosen identity/contact fields to one registration; the event names the fields, never their values', () =>
      spec
        .given([registered])
        .when(disclose(['email', 'name', 'email']))
        .then([disclosed]));

    it('R-SKR-5: a disclosure names at least one of name, phone, email, address (birth date and the job-seeker number are never disclosable)', () => {
      spec
        .given([registered])
        .when(disclose([]))
        .thenThrows(DomainError, { code: 'DISCLOSURE_FIELDS_INVALID', rule: 'R-SKR-5', field: 'fields' });
      spec
        .given([registered])
        .when(disclose(['birthDate']))
        .thenThrows(DomainError, { code: 'DISCLOSURE_FIELDS_INVALID', rule: 'R-SKR-5' });
      spec
        .given([registered])
        .when(disclose(['jobSeekerNumber']))
        .thenThrows(DomainError, { code: 'DISCLOSURE_FIELDS_INVALID', rule: 'R-SKR-5' });
    });

    it('R-SKR-5: only the seeker themself discloses — counter staff or another seeker are refused', () => {
      spec
        .given([registered])
        .when(disclose(['name'], { by: counter }))
        .thenThrows(DomainError, { rule: 'R-SKR-5', code: 'DISCLOSURE_BY_SEEKER_ONLY' });
      spec
        .given([registered])
        .when(disclose(['name'], { by: { kind: 'seeker', id: 'someone-else' } }))
        .thenThrows(DomainError, { code: 'DISCLOSURE_BY_SEEKER_ONLY' });
    });

    it('R-SKR-6: a disclosure to a registration the seeker has blocked is refused', () =>
      spec
        .given([registered, blocked])
        .when(disclose(['name']))
        .thenThrows(DomainError, { rule: 'R-SKR-6', code: 'REGISTRATION_BLOCKED', field: 'registrationId' }));

    it('R-SKR-5: an unregistered seeker cannot disclose', () =>
      spec
        .given([])
        .when(disclose(['name']))
        .thenThrows(DomainError, { code: 'SEEKER_NOT_REGISTERED' }));

    it('R-AUD-2: an erased seeker cannot disclose', () =>
      spec
        .given([registered, erased])
        .when(disclose(['name']))
        .thenThrows(DomainError, { code: 'SEEKER_ERASED', rule: 'R-AUD-2' }));
  });

  describe('WithdrawDisclosure', () => {
    it('R-SKR-5: the seeker withdraws a disclosure', () => spec.given([registered, disclosed]).when(withdraw()).then([withdrawn]));

    it('R-SKR-5: withdrawing what was never disclosed (or already withdrawn) is refused', () => {
      spec.given([registered]).when(withdraw()).thenThrows(DomainError, { code: 'NOT_DISCLOSED', rule: 'R-SKR-5', kind: 'conflict' });
      spec.given([registered, disclosed, withdrawn]).when(withdraw()).thenThrows(DomainError, { code: 'NOT_DISCLOSED', kind: 'conflict' });
    });

    it('R-SKR-5: only the seeker themself withdraws', () =>
      spec
        .given([registered, disclosed])
        .when(withdraw({ by: counter }))
        .thenThrows(DomainError, { code: 'DISCLOSURE_BY_SEEKER_ONLY' }));
  });

  describe('RecordDisclosedRead', () => {
    it('R-SKR-5: a read by the registration disclosed to is recorded with who, which department, which fields and when', () =>
      spec
        .given([registered, disclosed])
        .when(read())
        .then([
          {
            type: 'DisclosedIdentityRead',
            data: { seekerId, registrationId, userId: 'u1', departmentId: 'd1', fields: ['name', 'email'], readAt: later },
          },
        ]));

    it('R-SKR-5: the latest disclosure to the registration decides which fields are read', () =>
      spec
        .given([
          registered,
          disclosed,
          { type: 'SeekerDisclosedIdentity', data: { seekerId, registrationId, fields: ['phone'], disclosedAt: later } },
        ])
        .when(read())
        .then([
          {
            type: 'DisclosedIdentityRead',
            data: { seekerId, registrationId, userId: 'u1', departmentId: 'd1', fields: ['phone'], readAt: later },
          },
        ]));

    it('R-SKR-5: only that organisation receives it — another registration is refused NOT_DISCLOSED', () =>
      spec
        .given([registered, disclosed])
        .when(read(otherRegistrationId))
        .thenThrows(DomainError, { code: 'NOT_DISCLOSED', rule: 'R-SKR-5', kind: 'forbidden' }));

    it('R-SKR-5: without a disclosure, or after its withdrawal, a read is refused', () => {
      spec.given([registered]).when(read()).thenThrows(DomainError, { code: 'NOT_DISCLOSED', kind: 'forbidden' });
      spec.given([registered, disclosed, withdrawn]).when(read()).thenThrows(DomainError, { code: 'NOT_DISCLOSED', kind: 'forbidden' });
    });

    it('R-SKR-6: a block ends the disclosure to that registration, and lifting the block does not restore it', () => {
      spec.given([registered, disclosed, blocked]).when(read()).thenThrows(DomainError, { code: 'NOT_DISCLOSED' });
      spec.given([registered, disclosed, blocked, unblocked]).when(read()).thenThrows(DomainError, { code: 'NOT_DISCLOSED' });
    });

    it('R-AUD-2: after erasure a disclosed identity can no longer be read', () =>
      spec.given([registered, disclosed, erased]).when(read()).thenThrows(DomainError, { code: 'SEEKER_ERASED', rule: 'R-AUD-2' }));

    it('R-SKR-5: reading an unregistered seeker is refused', () =>
      spec.given([]).when(read()).thenThrows(DomainError, { code: 'SEEKER_NOT_REGISTERED' }));
  });
});
