import { fieldCopier, translator } from '@hw/platform/bus';
import { AnonymisedProfileV1, SeekerEvents, SeekerIntegrationEvent } from '@hw/registration/contracts';
import { AnonymisedProfile, SeekerEvent } from '@hw/registration/domain';

/** Only the fields of R-SKR-5, copied one by one: nothing else of the domain event can leak. */
const anonymised = (p: AnonymisedProfile): AnonymisedProfileV1 => ({
  desiredOccupations: p.desiredOccupations,
  desiredPrefectures: p.desiredPrefectures,
  employmentType: p.employmentType,
  ...(p.desiredMunicipalities ? { desiredMunicipalities: p.desiredMunicipalities } : {}),
  ...(p.hours ? { hours: p.hours } : {}),
  ...(p.desiredWage ? { desiredWage: p.desiredWage } : {}),
  ...(p.qualifications ? { qualifications: p.qualifications } : {}),
  ...(p.educationLevel ? { educationLevel: p.educationLevel } : {}),
  ...(p.workHistory ? { workHistory: p.workHistory.map((w) => ({ occupation: w.occupation, years: w.years })) } : {}),
  ...(p.selfPr ? { selfPr: p.selfPr } : {}),
  ...(p.ageBand ? { ageBand: p.ageBand } : {}),
});

const copy = fieldCopier<SeekerIntegrationEvent>();

/**
 * Seeker domain events → registration's public seeker events. Personal data (sealed or not),
 * the office, school details and the terms text stay in the log; a staff read (R-STF-2) is
 * published as who, why and when — never what was read.
 */
export const translateSeekerEvent = translator<SeekerEvent, SeekerIntegrationEvent>({
  SeekerRegistered: (d) => ({
    type: SeekerEvents.SeekerRegistered,
    data: {
      seekerId: d.seekerId,
      scope: d.scope,
      profile: anonymised(d.profile),
      registeredAt: d.registeredAt,
      eligible: d.eligible ?? true,
      ...(d.ineligibleReason ? { ineligibleReason: d.ineligibleReason } : {}),
      newUniversityGraduate: Boolean(d.newUniversityGraduate),
    },
  }),
  SeekerStoppedUse: copy(SeekerEvents.SeekerStoppedUse, ['seekerId', 'stoppedAt']),
  SeekerResumedUse: copy(SeekerEvents.SeekerResumedUse, ['seekerId', 'resumedAt']),
  SeekerProfileChanged: ({ seekerId, profile, changedAt }) => ({
    type: SeekerEvents.SeekerProfileChanged,
    data: { seekerId, profile: anonymised(profile), changedAt },
  }),
  SeekerScopeChanged: copy(SeekerEvents.SeekerScopeChanged, ['seekerId', 'scope', 'termsVersion', 'changedAt']),
  SeekerSchoolStatusChanged: ({ seekerId, eligible, ineligibleReason, newUniversityGraduate, changedAt }) => ({
    type: SeekerEvents.SeekerEligibilityChanged,
    data: { seekerId, eligible, ...(ineligibleReason ? { reason: ineligibleReason } : {}), newUniversityGraduate, changedAt },
  }),
  SeekerNewGraduateWindowClosed: ({ seekerId, eligible, ineligibleReason, closedAt }) => ({
    type: SeekerEvents.SeekerEligibilityChanged,
    data: { seekerId, eligible, ...(ineligibleReason ? { reason: ineligibleReason } : {}), changedAt: closedAt },
  }),
  SeekerApplicationExpired: ({ seekerId, expiredAt }) => ({
    type: SeekerEvents.SeekerEligibilityChanged,
    data: { seekerId, eligible: false, reason: 'APPLICATION_EXPIRED', changedAt: expiredAt },
  }),
  SeekerPlaced: ({ seekerId, placedAt }) => ({
    type: SeekerEvents.SeekerEligibilityChanged,
    data: { seekerId, eligible: false, reason: 'PLACED', changedAt: placedAt },
  }),
  SeekerApplicationExtended: copy(SeekerEvents.SeekerApplicationExtended, ['seekerId', 'validUntil', 'extendedAt']),
  SeekerBlockedRegistration: copy(SeekerEvents.SeekerBlockedRegistration, ['seekerId', 'registrationId', 'blockedAt']),
  SeekerUnblockedRegistration: copy(SeekerEvents.SeekerUnblockedRegistration, ['seekerId', 'registrationId', 'unblockedAt']),
  // R-SKR-5: the field names only; the values stay sealed in registration.
  SeekerDisclosedIdentity: ({ seekerId, registrationId, fields, disclosedAt }) => ({
    type: SeekerEvents.SeekerDisclosedIdentity,
    data: { seekerId, registrationId, fields: [...fields], disclosedAt },
  }),
  SeekerWithdrewDisclosure: copy(SeekerEvents.SeekerWithdrewDisclosure, ['seekerId', 'registrationId', 'withdrawnAt']),
  SeekerErased: copy(SeekerEvents.SeekerErased, ['seekerId', 'erasedAt']),
  // R-STF-2: the record of a staff read for the auditors — who, their office, why, when. The
  // route and the data read stay in the log; a read by anyone but staff is not published.
  PersonalDataRead: ({ seekerId, reader, purpose, readAt }) =>
    reader.kind !== 'staff' || !reader.role
      ? null
      : {
          type: SeekerEvents.StaffReadPersonalData,
          data: {
            seekerId,
            staffId: reader.id,
            role: reader.role,
            ...(reader.officeCode ? { officeCode: reader.officeCode } : {}),
            purpose,
            readAt,
          },
        },
  // Personal data, reads of it and staff actions on the account (R-STF-2) stay in registration's log.
  SeekerPersonalDataChanged: null,
  DisclosedIdentityRead: null,
  OwnPersonalDataRead: null,
  SeekerActivationIssued: null,
  SeekerCredentialActivated: null,
});
