import { EntityManager } from 'typeorm';
import { IntegrationEvent } from '@hw/platform/bus';
import { IntegrationProjection } from '@hw/platform/projections';
import {
  REGISTRATION_TOPIC,
  RegistrationEvents,
  RegistrationIntegrationEvent,
} from '@hw/registration/contracts';
import { SearchProfile } from './search-profile.entity';

/** Projects registration's integration events into the search read model (inbox: effectively once). */
export const searchProfilesProjection: IntegrationProjection = {
  name: 'matching-search-profiles',
  topics: [REGISTRATION_TOPIC],
  async handle(raw: IntegrationEvent, tx: EntityManager): Promise<void> {
    const event = raw as unknown as RegistrationIntegrationEvent;
    const profiles = tx.getRepository(SearchProfile);
    switch (event.type) {
      case RegistrationEvents.SeekerRegistered:
        await profiles.save({
          seekerId: event.data.seekerId,
          status: 'active',
          scopePrivate: event.data.scope.includes('private-agencies'),
          scopeLocalGovernment: event.data.scope.includes('local-governments'),
          desiredOccupations: event.data.profile.desiredOccupations,
          desiredPrefectures: event.data.profile.desiredPrefectures,
          employmentType: event.data.profile.employmentType,
          registeredAt: event.data.registeredAt,
        });
        return;
      case RegistrationEvents.SeekerStoppedUse:
        await profiles.update({ seekerId: event.data.seekerId }, { status: 'stopped' });
        return;
      case RegistrationEvents.SeekerResumedUse:
        await profiles.update({ seekerId: event.data.seekerId }, { status: 'active' });
        return;
      default:
        return; // other registration events do not change the search model
    }
  },
};
