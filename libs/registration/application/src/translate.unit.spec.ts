import { RecordedEvent } from '@hw/platform/core';
import { schemaErrors } from '@hw/platform/testing';
import { RegistrationEvents, registrationSchemas } from '@hw/registration/contracts';
import { SeekerEvent } from '@hw/registration/domain';
import { translateRegistrationEvent } from './translate';

const seekerId = '01a214ce-296c-7699-8547-3fba17ef44c1';
const recorded = (event: SeekerEvent, revision = 0n): RecordedEvent => ({
  id: '01a214ce-296c-7699-8547-3fba17ef4400',
  streamId: `seeker-${seekerId}`,
  revision,
  position: 10n,
  recordedAt: new Date('2026-11-25T01:00:00Z'),
  type: event.type,
  schemaVersion: 1,
  data: event.data,
  metadata: { correlationId: 'c1', principal: { kind: 'staff', id: 's1' }, occurredAt: '2026-11-25T01:00:00.000Z' },
});

describe('registration integration events', () => {
  const registered: SeekerEvent = {
    type: 'SeekerRegistered',
    data: {
      seekerId,
      scope: ['private-agencies'],
      termsVersion: '2026-04',
      profile: { desiredOccupations: ['051'], desiredPrefectures: ['13'], employmentType: 'full-time' },
      registeredAt: '2026-11-25T01:00:00.000Z',
    },
  };

  it('SeekerRegistered becomes registration.SeekerRegistered.v1, keyed by stream id, carrying the log event id, valid against its schema', () => {
    const out = translateRegistrationEvent(recorded(registered));
    expect(out).toMatchObject({ type: RegistrationEvents.SeekerRegistered, key: `seeker-${seekerId}`, id: '01a214ce-296c-7699-8547-3fba17ef4400' });
    expect(schemaErrors(registrationSchemas[RegistrationEvents.SeekerRegistered], out?.data)).toEqual([]);
  });

  it('R-SKR-4: SeekerStoppedUse becomes registration.SeekerStoppedUse.v1, valid against its schema', () => {
    const out = translateRegistrationEvent(recorded({ type: 'SeekerStoppedUse', data: { seekerId, stoppedAt: '2026-11-25T02:00:00.000Z' } }, 1n));
    expect(out?.type).toBe(RegistrationEvents.SeekerStoppedUse);
    expect(schemaErrors(registrationSchemas[RegistrationEvents.SeekerStoppedUse], out?.data)).toEqual([]);
  });

  it('R-SKR-5: the schemas refuse extra fields, so personal data cannot ride along unnoticed', () => {
    const out = translateRegistrationEvent(recorded(registered));
    const withName = { ...(out?.data as object), name: '山田太郎' };
    expect(schemaErrors(registrationSchemas[RegistrationEvents.SeekerRegistered], withName)).toEqual(['/ must NOT have additional properties']);
  });
});
