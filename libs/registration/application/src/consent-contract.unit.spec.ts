import { foldSeekerConsent, initialSeekerConsent, SeekerConsent } from '@hw/registration/contracts';
import { isNewUniversityGraduate, SeekerCommand, seekerDecider, SeekerEvent, SeekerState } from '@hw/registration/domain';

/**
 * Messaging honours a stop, a block, an erasure "at once" (R-SKR-4, R-SKR-6, R-AUD-2) by folding
 * the seeker's stream in the log with registration's published consent fold (contracts) — not
 * with the decider, which messaging may not import. The two must never disagree: every script
 * below is run through the decider, and after every event the contract's fold of the stream so
 * far is compared with the consent the decider's state implies.
 */
const seekerId = '01a214ce-296c-7699-8547-3fba17ef44c1';
const counter = { kind: 'staff' as const, id: 'staff-1', role: 'counter', officeCode: '13010' };
const seeker = { kind: 'seeker' as const, id: seekerId };
let minute = 0;
const at = () => new Date(Date.UTC(2026, 5, 10, 1, minute++)).toISOString(); // June 2026: before the 30 June window closes
type Step = { type: SeekerCommand['type']; data?: Record<string, unknown>; by?: typeof counter | typeof seeker };
const cmd = (step: Step): SeekerCommand =>
  ({ type: step.type, data: { seekerId, at: at(), by: step.by ?? counter, ...step.data } }) as SeekerCommand;

const register = (over: Record<string, unknown> = {}): Step => ({
  type: 'RegisterSeeker',
  data: {
    officeCode: '13010',
    personalData: 'v1.sealed',
    appliedOn: '2026-06-01',
    school: { status: 'none' },
    scope: ['private-agencies'],
    termsVersion: '2026-04',
    profile: { desiredOccupations: ['25'], desiredPrefectures: ['13'], employmentType: 'full-time' },
    ...over,
  },
});

/** The consent the decider's state implies: what messaging must see. */
const consentOf = (state: SeekerState): Omit<SeekerConsent, 'erased'> & { erased: boolean } => {
  if (state.status === 'unregistered') return { ...initialSeekerConsent(), erased: false };
  if (state.status === 'erased')
    return {
      registered: true,
      stopped: true,
      eligible: false,
      scope: [],
      blockedRegistrationIds: [],
      newUniversityGraduate: false,
      erased: true,
    };
  return {
    registered: true,
    stopped: state.status === 'stopped',
    eligible: state.eligibility.eligible,
    scope: state.scope,
    blockedRegistrationIds: state.blockedRegistrationIds,
    newUniversityGraduate: isNewUniversityGraduate(state.school),
    erased: false,
  };
};
/** What messaging decides on: for an erased seeker only that it is erased (and so not eligible, stopped). */
const decisive = (c: SeekerConsent) =>
  c.erased
    ? { erased: true, stopped: c.stopped, eligible: c.eligible }
    : { ...c, erased: Boolean(c.erased), scope: [...c.scope].sort(), blockedRegistrationIds: [...c.blockedRegistrationIds].sort() };

const scripts: Record<string, Step[]> = {
  'R-SKR-4: stop and resume': [register(), { type: 'StopUse', by: seeker }, { type: 'ResumeUse' }, { type: 'StopUse', by: seeker }],
  'R-SKR-6: block, block another, unblock': [
    register({ scope: ['private-agencies', 'local-governments'] }),
    { type: 'BlockRegistration', data: { registrationId: 'reg-a' }, by: seeker },
    { type: 'BlockRegistration', data: { registrationId: 'reg-b' }, by: seeker },
    { type: 'UnblockRegistration', data: { registrationId: 'reg-a' }, by: seeker },
  ],
  'R-SKR-2: scope changes': [
    register(),
    { type: 'ChangeScope', data: { scope: ['local-governments'], termsVersion: '2026-04' } },
    { type: 'ChangeScope', data: { scope: ['private-agencies', 'local-governments'], termsVersion: '2026-04' } },
  ],
  'R-SKR-1 / R-MSG-6c: school status — excluded student, new university graduate': [
    register(),
    { type: 'ChangeSchoolStatus', data: { school: { status: 'student', schoolKind: 'high' } } },
    { type: 'ChangeSchoolStatus', data: { school: { status: 'new-graduate', schoolKind: 'university', graduationDate: '2026-03-31' } } },
    { type: 'ChangeSchoolStatus', data: { school: { status: 'none' } } },
  ],
  'R-SKR-1: a new high-school graduate, then the 30 June window closes': [
    register({ school: { status: 'new-graduate', schoolKind: 'high', graduationDate: '2026-03-31' } }),
    { type: 'CloseNewGraduateWindow', data: { at: '2026-06-30T15:00:00.000Z' } },
  ],
  'R-SKR-3: placement': [register(), { type: 'RecordPlacement' }],
  'R-SKR-3: expiry': [register({ appliedOn: '2026-04-01' }), { type: 'ExpireApplication', data: { at: '2026-07-01T00:00:00.000Z' } }],
  'R-AUD-2: erasure after a stop and a block': [
    register(),
    { type: 'BlockRegistration', data: { registrationId: 'reg-a' }, by: seeker },
    { type: 'StopUse', by: seeker },
    { type: 'EraseSeeker', data: { requestReference: 'REQ-1' } },
  ],
};

describe('the seeker-consent contract agrees with the seeker decider (R-SKR-4, R-SKR-6, R-SKR-1, R-SKR-2, R-SKR-3, R-AUD-2)', () => {
  it.each(Object.entries(scripts))(
    '%s: after every event, foldSeekerConsent of the stream equals the consent the decider implies',
    (_name, steps) => {
      let state = seekerDecider.initialState();
      const stream: SeekerEvent[] = [];
      let events = 0;
      for (const step of steps) {
        for (const event of seekerDecider.decide(cmd(step), state)) {
          state = seekerDecider.evolve(state, event);
          stream.push(event);
          events++;
          expect(decisive(foldSeekerConsent(stream))).toEqual(decisive(consentOf(state)));
        }
      }
      expect(events).toBeGreaterThanOrEqual(steps.length); // every step was accepted and recorded
    },
  );
});
