/**
 * registration's public integration events (topic `registration`, key = stream id).
 * The only thing other contexts import from registration. No personal data: the seeker id
 * is a platform UUID, never the job-seeker number (R-SKR-5).
 */
import { RegistrationLifecycleEvents, RegistrationLifecycleIntegrationEvent, registrationLifecycleSchemas } from './registration-events';

export * from './registration-events';

export type ProvisionScopeV1 = 'private-agencies' | 'local-governments';

export interface SeekerRegisteredV1 {
  seekerId: string;
  scope: ProvisionScopeV1[];
  profile: {
    desiredOccupations: string[];
    desiredPrefectures: string[];
    employmentType: 'full-time' | 'part-time' | 'contract' | 'any';
  };
  registeredAt: string;
}
export interface SeekerStoppedUseV1 {
  seekerId: string;
  stoppedAt: string;
}
export interface SeekerResumedUseV1 {
  seekerId: string;
  resumedAt: string;
}

export const RegistrationEvents = {
  SeekerRegistered: 'registration.SeekerRegistered.v1',
  SeekerStoppedUse: 'registration.SeekerStoppedUse.v1',
  SeekerResumedUse: 'registration.SeekerResumedUse.v1',
  ...RegistrationLifecycleEvents,
} as const;

export type RegistrationIntegrationEvent =
  | { type: typeof RegistrationEvents.SeekerRegistered; data: SeekerRegisteredV1 }
  | { type: typeof RegistrationEvents.SeekerStoppedUse; data: SeekerStoppedUseV1 }
  | { type: typeof RegistrationEvents.SeekerResumedUse; data: SeekerResumedUseV1 }
  | RegistrationLifecycleIntegrationEvent;

export const REGISTRATION_TOPIC = 'registration';

/** JSON Schemas of each event (draft 2020-12), for the AsyncAPI catalogue and consumers' checks. */
export const registrationSchemas: Record<string, object> = {
  ...registrationLifecycleSchemas,
  [RegistrationEvents.SeekerRegistered]: {
    $id: RegistrationEvents.SeekerRegistered,
    type: 'object',
    additionalProperties: false,
    required: ['seekerId', 'scope', 'profile', 'registeredAt'],
    properties: {
      seekerId: { type: 'string', format: 'uuid' },
      scope: { type: 'array', minItems: 1, items: { enum: ['private-agencies', 'local-governments'] } },
      profile: {
        type: 'object',
        additionalProperties: false,
        required: ['desiredOccupations', 'desiredPrefectures', 'employmentType'],
        properties: {
          desiredOccupations: { type: 'array', items: { type: 'string' } },
          desiredPrefectures: { type: 'array', items: { type: 'string', pattern: '^(0[1-9]|[1-3][0-9]|4[0-7])$' } },
          employmentType: { enum: ['full-time', 'part-time', 'contract', 'any'] },
        },
      },
      registeredAt: { type: 'string', format: 'date-time' },
    },
  },
  [RegistrationEvents.SeekerStoppedUse]: {
    $id: RegistrationEvents.SeekerStoppedUse,
    type: 'object',
    additionalProperties: false,
    required: ['seekerId', 'stoppedAt'],
    properties: { seekerId: { type: 'string', format: 'uuid' }, stoppedAt: { type: 'string', format: 'date-time' } },
  },
  [RegistrationEvents.SeekerResumedUse]: {
    $id: RegistrationEvents.SeekerResumedUse,
    type: 'object',
    additionalProperties: false,
    required: ['seekerId', 'resumedAt'],
    properties: { seekerId: { type: 'string', format: 'uuid' }, resumedAt: { type: 'string', format: 'date-time' } },
  },
};
export * from './consent';
