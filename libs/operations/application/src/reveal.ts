import { RecordedEvent } from '@hw/platform/core';
import { isSealed, maskPersonalData } from './masking';

/**
 * Opens a seeker's sealed personal data for `--reveal` (R-STF-2): provided by the app from the
 * owning context (registration's key store), so this library needs no context's internals.
 * Returns undefined once the seeker's key is destroyed (R-AUD-2: erased).
 */
export interface Revealer {
  open(seekerId: string, sealed: string): unknown | undefined;
  /**
   * Messaging's sealed bodies (its key ring reads its read database, asynchronously): opened
   * ahead of the replay, then read by `openBody`; undefined once the seeker's key is destroyed.
   */
  prepareBodies?(sealed: SealedBody[]): Promise<void>;
  openBody?(seekerId: string, sealed: string): string | undefined;
  close(): unknown;
}

export interface SealedBody {
  seekerId: string;
  sealed: string;
}

const THREAD_PREFIX = 'thread-';
/** A message's or reply's body as messaging seals it (R-AUD-2), with the seeker whose key seals it. */
const sealedBodyOf = (event: RecordedEvent): SealedBody | undefined => {
  const data = event.data as { sealedBody?: unknown; seekerId?: unknown } | null;
  if (!event.streamId.startsWith(THREAD_PREFIX) || !data || !isSealed(data.sealedBody) || typeof data.seekerId !== 'string')
    return undefined;
  return { seekerId: data.seekerId, sealed: data.sealedBody as string };
};

/** Every sealed message body of a replay, to open ahead (`prepareBodies`). */
export const sealedBodies = (events: RecordedEvent[]): SealedBody[] => events.flatMap((e) => sealedBodyOf(e) ?? []);

/** The seekers whose personal data a replay would reveal: registration's `personalData` in seeker streams, messaging's bodies in threads. */
export const revealable = (events: RecordedEvent[]): string[] => [
  ...new Set([
    ...events
      .filter((e) => e.streamId.startsWith('seeker-') && isSealed((e.data as { personalData?: unknown } | null)?.personalData))
      .map((e) => (e.data as { seekerId?: string }).seekerId ?? e.streamId.slice('seeker-'.length)),
    ...sealedBodies(events).map((b) => b.seekerId),
  ]),
];

/**
 * The event's data with registration's personal data and messaging's bodies opened (or
 * `[erased]`); everything else as on screen without --reveal.
 */
export const revealedData = (event: RecordedEvent, revealer: Revealer): unknown => {
  const data = event.data as { personalData?: unknown; seekerId?: string } | null;
  const masked = maskPersonalData(event.data) as Record<string, unknown> | null;
  const body = sealedBodyOf(event);
  if (body && masked !== null && revealer.openBody) {
    const { sealedBody: _sealed, ...rest } = masked;
    let opened: string | undefined;
    try {
      opened = revealer.openBody(body.seekerId, body.sealed);
    } catch {
      return { ...rest, body: '[unreadable]' };
    }
    return { ...rest, body: opened ?? '[erased]' };
  }
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
