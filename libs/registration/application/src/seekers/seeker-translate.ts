import { RecordedEvent } from '@hw/platform/core';
import { toDomainEvent } from '@hw/platform/event-log';
import { IntegrationEnvelope, IntegrationEvent } from '@hw/platform/bus';
import { AnonymisedProfileV1, SeekerEvents } from '@hw/registration/contracts';
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

/**
 * Seeker domain events → registration's public seeker events. Personal data (sealed or not),
 * the office, school details and the terms text stay in the log; a staff read (R-STF-2) is
 * published as who, why and when — never what was read.
 */
export const translateSeekerEvent = (recorded: RecordedEvent, envelope: IntegrationEnvelope): IntegrationEvent | null => {
  const event = toDomainEvent<SeekerEvent>(recorded);
  const out = (type: string, data: unknown): IntegrationEvent => ({ ...envelope, type, data });
  switch (event.type) {
    case 'SeekerRegistered': {
      const d = event.data;
      return out(SeekerEvents.SeekerRegistered, {
        seekerId: d.seekerId,
        scope: d.scope,
        profile: anonymised(d.profile),
        registeredAt: d.registeredAt,
        eligible: d.eligible ?? true,
        ...(d.ineligibleReason ? { ineligibleReason: d.ineligibleReason } : {}),
        newUniversityGraduate: Boolean(d.newUniversityGraduate),
      });
    }
    case 'SeekerStoppedUse':
      return out(SeekerEvents.SeekerStoppedUse, { seekerId: event.data.seekerId, stoppedAt: event.data.stoppedAt });
    case 'SeekerResumedUse':
      return out(SeekerEvents.SeekerResumedUse, { seekerId: event.data.seekerId, resumedAt: event.data.resumedAt });
    case 'SeekerProfileChanged':
      return out(SeekerEvents.SeekerProfileChanged, {
        seekerId: event.data.seekerId,
        profile: anonymised(event.data.profile),
        changedAt: event.data.changedAt,
      });
    case 'SeekerScopeChanged':
      return out(SeekerEvents.SeekerScopeChanged, {
        seekerId: event.data.seekerId,
        scope: event.data.scope,
        termsVersion: event.data.termsVersion,
        changedAt: event.data.changedAt,
      });
    case 'SeekerSchoolStatusChanged':
      return out(SeekerEvents.SeekerEligibilityChanged, {
        seekerId: event.data.seekerId,
        eligible: event.data.eligible,
        ...(event.data.ineligibleReason ? { reason: event.data.ineligibleReason } : {}),
        newUniversityGraduate: event.data.newUniversityGraduate,
        changedAt: event.data.changedAt,
      });
    case 'SeekerNewGraduateWindowClosed':
      return out(SeekerEvents.SeekerEligibilityChanged, {
        seekerId: event.data.seekerId,
        eligible: event.data.eligible,
        ...(event.data.ineligibleReason ? { reason: event.data.ineligibleReason } : {}),
        changedAt: event.data.closedAt,
      });
    case 'SeekerApplicationExpired':
      return out(SeekerEvents.SeekerEligibilityChanged, {
        seekerId: event.data.seekerId,
        eligible: false,
        reason: 'APPLICATION_EXPIRED',
        changedAt: event.data.expiredAt,
      });
    case 'SeekerPlaced':
      return out(SeekerEvents.SeekerEligibilityChanged, {
        seekerId: event.data.seekerId,
        eligible: false,
        reason: 'PLACED',
        changedAt: event.data.placedAt,
      });
    case 'SeekerApplicationExtended':
      return out(SeekerEvents.SeekerApplicationExtended, {
        seekerId: event.data.seekerId,
        validUntil: event.data.validUntil,
        extendedAt: event.data.extendedAt,
      });
    case 'SeekerBlockedRegistration':
      return out(SeekerEvents.SeekerBlockedRegistration, {
        seekerId: event.data.seekerId,
        registrationId: event.data.registrationId,
        blockedAt: event.data.blockedAt,
      });
    case 'SeekerUnblockedRegistration':
      return out(SeekerEvents.SeekerUnblockedRegistration, {
        seekerId: event.data.seekerId,
        registrationId: event.data.registrationId,
        unblockedAt: event.data.unblockedAt,
      });
    case 'SeekerDisclosedIdentity':
      // R-SKR-5: the field names only; the values stay sealed in registration.
      return out(SeekerEvents.SeekerDisclosedIdentity, {
        seekerId: event.data.seekerId,
        registrationId: event.data.registrationId,
        fields: [...event.data.fields],
        disclosedAt: event.data.disclosedAt,
      });
    case 'SeekerWithdrewDisclosure':
      return out(SeekerEvents.SeekerWithdrewDisclosure, {
        seekerId: event.data.seekerId,
        registrationId: event.data.registrationId,
        withdrawnAt: event.data.withdrawnAt,
      });
    case 'SeekerErased':
      return out(SeekerEvents.SeekerErased, { seekerId: event.data.seekerId, erasedAt: event.data.erasedAt });
    case 'PersonalDataRead': {
      // R-STF-2: the record of a staff read for the auditors — who, their office, why, when. The
      // route and the data read stay in the log; a read by anyone but staff is not published.
      const { seekerId, reader, purpose, readAt } = event.data;
      if (reader.kind !== 'staff' || !reader.role) return null;
      return out(SeekerEvents.StaffReadPersonalData, {
        seekerId,
        staffId: reader.id,
        role: reader.role,
        ...(reader.officeCode ? { officeCode: reader.officeCode } : {}),
        purpose,
        readAt,
      });
    }
    case 'SeekerPersonalDataChanged':
    case 'DisclosedIdentityRead':
    case 'OwnPersonalDataRead':
    case 'SeekerActivationIssued':
    case 'SeekerCredentialActivated':
      return null; // personal data, reads of it and staff actions on the account (R-STF-2) stay in registration's log
    default:
      return null;
  }
};
