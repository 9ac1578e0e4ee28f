import { IntegrationEventUnion } from '@hw/platform/core';
import { IntegrationEvent } from './bus.port';
import { handlersByType } from './handlers-by-type';

const Events = { Opened: 'ctx.Opened.v1', Closed: 'ctx.Closed.v1', Noted: 'ctx.Noted.v1' } as const;
interface OpenedV1 {
  id: string;
  openedAt: string;
}
interface ClosedV1 {
  id: string;
  reason: string;
}
type CtxIntegrationEvent = IntegrationEventUnion<typeof Events, { Opened: OpenedV1; Closed: ClosedV1; Noted: { id: string } }>;

/** A consumer's handler as the gateway's: the event, then its own arguments. */
type Consumer = (event: IntegrationEvent, log: string[], prefix: string) => string | null;

const eventOf = (type: string, data: unknown): IntegrationEvent => ({
  id: 'e1',
  type,
  key: 'stream-1',
  occurredAt: '2026-01-01T00:00:00.000Z',
  data,
});

describe('handlersByType: a consumer switch on the integration event type, as a table of typed handlers', () => {
  const otherwise = (event: IntegrationEvent, log: string[]) => {
    log.push(`otherwise ${event.type}`);
    return null;
  };
  const handle: Consumer = handlersByType<CtxIntegrationEvent>()(
    {
      [Events.Opened]: (data, event, log, prefix) => {
        log.push(`${prefix} opened ${data.id} at ${data.openedAt} (${event.key})`);
        return data.id;
      },
      [Events.Closed]: (data, event, log, prefix) => {
        log.push(`${prefix} closed ${data.id}: ${data.reason} (${event.type})`);
        return data.reason;
      },
    },
    otherwise,
  );

  it("hands each listed type its payload, the event and the consumer's arguments", () => {
    const log: string[] = [];
    expect(handle(eventOf(Events.Opened, { id: 'a', openedAt: 'noon' }), log, '>')).toBe('a');
    expect(handle(eventOf(Events.Closed, { id: 'a', reason: 'done' }), log, '>')).toBe('done');
    expect(log).toEqual(['> opened a at noon (stream-1)', '> closed a: done (ctx.Closed.v1)']);
  });

  it('sends a type of the union the table leaves out, and a type the union lacks, to otherwise', () => {
    const log: string[] = [];
    expect(handle(eventOf(Events.Noted, { id: 'a' }), log, '>')).toBeNull();
    expect(handle(eventOf('ctx.Reopened.v1', {}), log, '>')).toBeNull();
    expect(log).toEqual(['otherwise ctx.Noted.v1', 'otherwise ctx.Reopened.v1']);
  });

  it('sends an inherited name (a prototype key) to otherwise, never to Object.prototype', () => {
    const log: string[] = [];
    for (const type of ['toString', 'constructor', '__proto__', 'hasOwnProperty']) expect(handle(eventOf(type, {}), log, '>')).toBeNull();
    expect(log).toEqual(['otherwise toString', 'otherwise constructor', 'otherwise __proto__', 'otherwise hasOwnProperty']);
  });

  it("types each handler's data as its event's payload: an unknown type or a wrong payload does not compile", () => {
    const byType = handlersByType<CtxIntegrationEvent>();
    const none = () => null;
    byType(
      {
        // @ts-expect-error -- 'ctx.Reopened.v1' is no type of the union
        'ctx.Reopened.v1': () => null,
      },
      none,
    );
    byType(
      {
        // @ts-expect-error -- an Opened payload has no reason
        [Events.Opened]: (data) => data.reason,
      },
      none,
    );
    byType(
      {
        // @ts-expect-error -- a Closed handler cannot ask for an Opened payload
        [Events.Closed]: (data: OpenedV1) => data.openedAt,
      },
      none,
    );
    const countOnly = (_event: IntegrationEvent, count: number) => (count > 0 ? 'some' : null);
    // @ts-expect-error -- otherwise takes the consumer's arguments, as the handlers do
    const mismatched: Consumer = byType({ [Events.Opened]: (data) => data.id }, countOnly);
    expect(mismatched).toBeInstanceOf(Function);
  });
});
