/**
 * registration's public integration events (topic `registration`, key = stream id).
 * The only thing other contexts import from registration. No personal data: the seeker id
 * is a platform UUID, never the job-seeker number (R-SKR-5).
 */
import { SeekerEvents, SeekerIntegrationEvent, seekerSchemas } from './seeker-events';
import { RegistrationLifecycleEvents, RegistrationLifecycleIntegrationEvent, registrationLifecycleSchemas } from './registration-events';

export * from './seeker-events';
export * from './registration-events';

/** Every event type registration publishes (seekers' here; organisations' registrations alongside). */
export const RegistrationEvents = {
  ...SeekerEvents,
  ...RegistrationLifecycleEvents,
} as const;

export type RegistrationIntegrationEvent = SeekerIntegrationEvent | RegistrationLifecycleIntegrationEvent;

/**
 * A tolerant reader's view of registration's integration events: the ids as published, every
 * other field optional, so a consumer keeps working with older and newer producers alike while
 * reading the published V1 types (never a local copy of them).
 */
export type TolerantRegistrationEvent = RegistrationIntegrationEvent extends infer U
  ? U extends { type: infer T; data: infer D }
    ? { type: T; data: Partial<D> & Pick<D, Extract<keyof D, 'seekerId' | 'registrationId'>> }
    : never
  : never;

export const REGISTRATION_TOPIC = 'registration';

/** JSON Schemas of each event (draft 2020-12), for the AsyncAPI catalogue and consumers' checks. */
export const registrationSchemas: Record<string, object> = {
  ...seekerSchemas,
  ...registrationLifecycleSchemas,
};
export * from './consent';
export * from './registration-facts';
export * from './occupations';
