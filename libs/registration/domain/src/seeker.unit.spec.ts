import { DeciderSpecification } from '@hw/platform/testing';
import {
  AlreadyStopped,
  AnonymisedProfile,
  NotStopped,
  ScopeRequired,
  SeekerAlreadyRegistered,
  seekerDecider,
  SeekerEvent,
  SeekerNotRegistered,
} from './seeker';

const spec = DeciderSpecification.for(seekerDecider);
const seekerId = '01a214ce-296c-7699-8547-3fba17ef44c1';
const profile: AnonymisedProfile = { desiredOccupations: ['05'], desiredPrefectures: ['13'], employmentType: 'full-time' };
const at = '2026-11-25T01:00:00.000Z';
const registered: SeekerEvent = {
  type: 'SeekerRegistered',
  data: { seekerId, scope: ['private-agencies'], termsVersion: '2026-04', profile, registeredAt: at },
};

describe('seeker decider', () => {
  it('R-SKR-2: counter staff register a seeker with a chosen scope and the terms version', () =>
    spec
      .given([])
      .when({ type: 'RegisterSeeker', data: { seekerId, scope: ['private-agencies', 'private-agencies'], termsVersion: '2026-04', profile, at } })
      .then([registered]));

  it('R-SKR-2: a registration without any scope is refused, naming the field', () =>
    spec
      .given([])
      .when({ type: 'RegisterSeeker', data: { seekerId, scope: [], termsVersion: '2026-04', profile, at } })
      .thenThrows(ScopeRequired, { rule: 'R-SKR-2', field: 'scope' }));

  it('R-SKR-2: a seeker is registered once', () =>
    spec
      .given([registered])
      .when({ type: 'RegisterSeeker', data: { seekerId, scope: ['local-governments'], termsVersion: '2026-04', profile, at } })
      .thenThrows(SeekerAlreadyRegistered));

  it('R-SKR-4: the seeker stops use at any time, effective at once', () =>
    spec
      .given([registered])
      .when({ type: 'StopUse', data: { seekerId, at } })
      .then([{ type: 'SeekerStoppedUse', data: { seekerId, stoppedAt: at } }]));

  it('R-SKR-4: stopping twice is refused', () =>
    spec
      .given([registered, { type: 'SeekerStoppedUse', data: { seekerId, stoppedAt: at } }])
      .when({ type: 'StopUse', data: { seekerId, at } })
      .thenThrows(AlreadyStopped));

  it('R-SKR-4: an unknown seeker cannot stop', () =>
    spec.given([]).when({ type: 'StopUse', data: { seekerId, at } }).thenThrows(SeekerNotRegistered));

  it('R-SKR-4: use is resumed at Hello Work after a stop', () =>
    spec
      .given([registered, { type: 'SeekerStoppedUse', data: { seekerId, stoppedAt: at } }])
      .when({ type: 'ResumeUse', data: { seekerId, at } })
      .then([{ type: 'SeekerResumedUse', data: { seekerId, resumedAt: at } }]));

  it('R-SKR-4: nothing to resume when use was not stopped', () =>
    spec.given([registered]).when({ type: 'ResumeUse', data: { seekerId, at } }).thenThrows(NotStopped));
});
