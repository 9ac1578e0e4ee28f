import { Decider } from '@hw/platform/core';
import { localGovernmentRegistered, permitNumberTaken } from './registration.errors';

/**
 * R-ORG-3 / R-ORG-4: at most one live registration per permit number, and per local government.
 * Enforced exactly by a reservation stream per number (`permit-<number>`,
 * `local-government-<code>`), appended with its expected revision: of two applications racing
 * for one number, one append wins and the other re-reads and is refused. A reservation held by
 * a registration that is no longer live (rejected, terminated, expired — or never written
 * within RESERVATION_GRACE_MS, after a crash between the two appends) is taken over.
 */
export type ReservationKey = { kind: 'permit'; permitNumber: string } | { kind: 'local-government'; code: string };

/** A reservation whose registration stream is not written yet counts as live this long (the submit in flight). */
export const RESERVATION_GRACE_MS = 5 * 60 * 1000;

export const reservationStreamId = (key: ReservationKey): string =>
  key.kind === 'permit' ? `permit-${key.permitNumber}` : `local-government-${key.code}`;

export type ReservationCommand = {
  type: 'Reserve';
  data: {
    key: ReservationKey;
    registrationId: string;
    /** Whether the current holder's registration is live, read from its stream by the caller. */
    holderLive: boolean;
    at: string;
  };
};
export type ReservationEvent = {
  type: 'RegistrationNumberReserved';
  data: { key: ReservationKey; registrationId: string; reservedAt: string };
};
export type ReservationState = { holder?: string; reservedAt?: string };

export const reservationDecider: Decider<ReservationCommand, ReservationEvent, ReservationState> = {
  initialState: () => ({}),
  decide(command, state) {
    const { key, registrationId, holderLive, at } = command.data;
    if (state.holder === registrationId) return [];
    if (state.holder && holderLive) throw key.kind === 'permit' ? permitNumberTaken() : localGovernmentRegistered();
    return [{ type: 'RegistrationNumberReserved', data: { key, registrationId, reservedAt: at } }];
  },
  evolve: (_state, event) => ({ holder: event.data.registrationId, reservedAt: event.data.reservedAt }),
};
