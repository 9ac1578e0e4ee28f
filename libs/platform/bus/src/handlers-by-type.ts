import { DomainEvent, OfType } from '@hw/platform/core';
import { IntegrationEvent } from './bus.port';

/**
 * A consumer's handlers of the published integration events `U` (a context's union, e.g.
 * `ComplaintsIntegrationEvent`), by type: each takes its type's payload as the contract publishes
 * it, the event (its envelope: id, key, time, actor), and the consumer's own arguments `A`. A
 * handler for a type `U` lacks does not compile; a type left out goes to the consumer's `otherwise`.
 */
export type HandlersByType<U extends DomainEvent, A extends unknown[], R> = {
  readonly [T in U['type']]?: NoInfer<(data: OfType<U, T>['data'], event: IntegrationEvent<T, OfType<U, T>['data']>, ...args: A) => R>;
};

/**
 * A consumer's switch on `event.type`, as the table of its handlers:
 * `handlersByType<ReportingIntegrationEvent>()({ [ReportingEvents.ReportFiled]: async (data, event, tx) => …, … }, otherwise)`.
 * The consumer's arguments `A` and result `R` come from the signature the dispatch is given
 * (`const handle: Handler = …`), never from one handler's parameters. The table is built once; a
 * call reads one own entry (a prototype key such as `constructor` is no event type: it goes to
 * `otherwise`) and forwards the consumer's arguments. The one cast of the event's data to its
 * type's payload is here: the bus carries what a relay published, payloads its typed translations
 * (`translator`) build for the contract's union and that the producers' translate specs check
 * against the contract's JSON Schema; nothing re-validates them at run time.
 */
export const handlersByType =
  <U extends DomainEvent>() =>
  <A extends unknown[], R>(handlers: HandlersByType<U, A, R>, otherwise: NoInfer<(event: IntegrationEvent, ...args: A) => R>) =>
  (event: IntegrationEvent, ...args: A): R => {
    if (!Object.hasOwn(handlers, event.type)) return otherwise(event, ...args);
    const handle = handlers[event.type as U['type']] as ((data: unknown, event: IntegrationEvent, ...args: A) => R) | undefined;
    return handle ? handle(event.data, event, ...args) : otherwise(event, ...args);
  };
