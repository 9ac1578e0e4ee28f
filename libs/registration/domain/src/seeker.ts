import { assertNever, Decider, DomainError } from '@hw/platform/core';

/** Provision scope chosen by the seeker (R-SKR-2): which kinds of organisation may see them. */
export type ProvisionScope = 'private-agencies' | 'local-governments';

/** The anonymised profile organisations may see (R-SKR-5). No name, contact, birth date or job-seeker number. */
export interface AnonymisedProfile {
  /** MHLW occupational classification codes. */
  desiredOccupations: string[];
  /** Prefecture codes 01–47. */
  desiredPrefectures: string[];
  employmentType: 'full-time' | 'part-time' | 'contract' | 'any';
}

export type SeekerCommand =
  | {
      type: 'RegisterSeeker';
      data: { seekerId: string; scope: ProvisionScope[]; termsVersion: string; profile: AnonymisedProfile; at: string };
    }
  | { type: 'StopUse'; data: { seekerId: string; at: string } }
  | { type: 'ResumeUse'; data: { seekerId: string; at: string } };

export type SeekerEvent =
  | {
      type: 'SeekerRegistered';
      data: { seekerId: string; scope: ProvisionScope[]; termsVersion: string; profile: AnonymisedProfile; registeredAt: string };
    }
  | { type: 'SeekerStoppedUse'; data: { seekerId: string; stoppedAt: string } }
  | { type: 'SeekerResumedUse'; data: { seekerId: string; resumedAt: string } };

export type SeekerState =
  | { status: 'unregistered' }
  | { status: 'active'; seekerId: string; scope: ProvisionScope[] }
  | { status: 'stopped'; seekerId: string; scope: ProvisionScope[] };

export const seekerStreamId = (seekerId: string): string => `seeker-${seekerId}`;

export class SeekerAlreadyRegistered extends DomainError {
  constructor() {
    super('SEEKER_ALREADY_REGISTERED', 'the seeker is already registered for the service', 'R-SKR-2', 'conflict');
  }
}
export class SeekerNotRegistered extends DomainError {
  constructor() {
    super('SEEKER_NOT_REGISTERED', 'no such seeker registration', 'R-SKR-2', 'not-found');
  }
}
export class ScopeRequired extends DomainError {
  constructor() {
    super('SCOPE_REQUIRED', 'the seeker must choose private agencies, local governments, or both', 'R-SKR-2', 'refused', 'scope');
  }
}
export class AlreadyStopped extends DomainError {
  constructor() {
    super('ALREADY_STOPPED', 'the seeker has already stopped use', 'R-SKR-4', 'conflict');
  }
}
export class NotStopped extends DomainError {
  constructor() {
    super('NOT_STOPPED', 'the seeker has not stopped use; nothing to resume', 'R-SKR-4', 'conflict');
  }
}

/** R-SKR-2: registration needs a chosen scope and agreement to the terms. */
const registrationPolicy = (command: Extract<SeekerCommand, { type: 'RegisterSeeker' }>): void => {
  if (command.data.scope.length === 0) throw new ScopeRequired();
};

export const seekerDecider: Decider<SeekerCommand, SeekerEvent, SeekerState> = {
  initialState: () => ({ status: 'unregistered' }),

  decide(command, state) {
    switch (command.type) {
      case 'RegisterSeeker': {
        if (state.status !== 'unregistered') throw new SeekerAlreadyRegistered();
        registrationPolicy(command);
        const { seekerId, scope, termsVersion, profile, at } = command.data;
        return [{ type: 'SeekerRegistered', data: { seekerId, scope: [...new Set(scope)], termsVersion, profile, registeredAt: at } }];
      }
      case 'StopUse':
        // R-SKR-4: the seeker may stop at any time, effective at once.
        if (state.status === 'unregistered') throw new SeekerNotRegistered();
        if (state.status === 'stopped') throw new AlreadyStopped();
        return [{ type: 'SeekerStoppedUse', data: { seekerId: state.seekerId, stoppedAt: command.data.at } }];
      case 'ResumeUse':
        // R-SKR-4: resuming is done at Hello Work (the route allows counter staff only).
        if (state.status === 'unregistered') throw new SeekerNotRegistered();
        if (state.status !== 'stopped') throw new NotStopped();
        return [{ type: 'SeekerResumedUse', data: { seekerId: state.seekerId, resumedAt: command.data.at } }];
      default:
        return assertNever(command);
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'SeekerRegistered':
        return { status: 'active', seekerId: event.data.seekerId, scope: event.data.scope };
      case 'SeekerStoppedUse':
        return state.status === 'unregistered' ? state : { ...state, status: 'stopped' };
      case 'SeekerResumedUse':
        return state.status === 'unregistered' ? state : { ...state, status: 'active' };
      default:
        return assertNever(event);
    }
  },
};
