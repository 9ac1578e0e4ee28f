import { RecordedEvent } from '@hw/platform/core';
import { isSealed, maskPersonalData } from './masking';

/**
 * Opens a seeker's sealed personal data for `--reveal` (R-STF-2): provided by the app from the
 * owning context (registration's key store), so this library needs no context's internals.
 * Returns undefined once the seeker's key is destroyed (R-AUD-2: erased).
 */
export interface Revealer {
  open(seekerId: string, sealed: string): unknown | undefined;
  close(): void;
}

/** The seekers whose personal data a replay would reveal: registration's `personalData` in seeker streams. */
export const revealable = (events: RecordedEvent[]): string[] => [
  ...new Set(
    events
      .filter((e) => e.streamId.startsWith('seeker-') && isSealed((e.data as { personalData?: unknown } | null)?.personalData))
      .map((e) => (e.data as { seekerId?: string }).seekerId ?? e.streamId.slice('seeker-'.length)),
  ),
];

/**
 * The event's data with registration's personal data opened (or `[erased]`); everything else as
 * on screen without --reveal (messaging's bodies stay `[sealed]`: its keys are not wired here).
 */
export const revealedData = (event: RecordedEvent, revealer: Revealer): unknown => {
  const data = event.data as { personalData?: unknown; seekerId?: string } | null;
  const masked = maskPersonalData(event.data) as Record<string, unknown> | null;
  if (!event.streamId.startsWith('seeker-') || !data || !isSealed(data.personalData) || masked === null) return masked;
  const seekerId = data.seekerId ?? event.streamId.slice('seeker-'.length);
  let opened: unknown;
  try {
    opened = revealer.open(seekerId, data.personalData as string);
  } catch {
    return { ...masked, personalData: '[unreadable]' };
  }
  return { ...masked, personalData: opened === undefined ? '[erased]' : opened };
};
