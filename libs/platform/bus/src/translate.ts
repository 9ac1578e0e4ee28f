import { assertNever, DomainEvent, RecordedEvent } from '@hw/platform/core';
import { toDomainEvent } from '@hw/platform/event-log';
import { envelopeOf, IntegrationEvent } from './bus.port';

/**
 * How a relay publishes each domain event type of a stream: `null` where the type stays in the
 * log, else a function of the event's data (and the recorded event, for its stream id or
 * metadata) returning the integration event — or null where that occurrence is not published.
 * Every domain event type is named: a new one does not compile until it is decided.
 */
export type Translations<E extends DomainEvent, I extends DomainEvent> = {
  [T in E['type']]: ((data: Extract<E, { type: T }>['data'], recorded: RecordedEvent) => I | null) | null;
};

export interface TranslatorOptions {
  /** A recorded type the translations do not name (a newer writer's): not published (`skip`, the default), or an error (`throw`). */
  unknown?: 'skip' | 'throw';
}

/**
 * A relay's translate (domain event → integration event) built from its translations: the
 * envelope of the recorded event (`envelopeOf`: id, key, time, causal ids) with the type and
 * data its translation returns.
 */
export const translator =
  <E extends DomainEvent, I extends DomainEvent>(translations: Translations<E, I>, options: TranslatorOptions = {}) =>
  (recorded: RecordedEvent): IntegrationEvent | null => {
    const event = toDomainEvent<E>(recorded);
    if (!Object.hasOwn(translations, event.type)) return options.unknown === 'throw' ? assertNever(event as never) : null;
    const translate = translations[event.type as E['type']] as ((data: unknown, recorded: RecordedEvent) => I | null) | null;
    const translated = translate ? translate(event.data, recorded) : null;
    return translated === null ? null : { ...envelopeOf(recorded), ...translated };
  };

/**
 * Translations that publish fields of the domain event as they are, for the integration events
 * `I`: `copy(type, ['a', 'b'])` copies those fields one by one, in that order, and nothing else
 * of the event can ride along. A field the domain event lacks, one the integration event does
 * not have, or a required one left out, does not compile.
 */
export const fieldCopier =
  <I extends DomainEvent>() =>
  <T extends I['type'], K extends keyof Extract<I, { type: T }>['data'] & string>(type: T, keys: readonly K[]) =>
  <D extends Record<K, unknown>>(data: D): { type: T; data: Pick<D, NoInfer<K>> } => ({
    type,
    data: Object.fromEntries(keys.map((key) => [key, data[key]])) as Pick<D, K>,
  });
