import { EventLog } from './event-log.port';

/**
 * The log with some of its methods replaced (metrics, trace context, wall time): every other
 * member is the adapter's own, so `instanceof` and adapter-only methods (SqliteEventLog's
 * headPosition) keep working. An assignment to the decorated log — a test's `jest.spyOn` —
 * takes effect on it and wraps the decorated method, never the adapter underneath.
 */
export const decorateEventLog = <L extends EventLog>(
  log: L,
  methods: Partial<Pick<EventLog, 'append' | 'appendMulti'>>,
  extra: Record<symbol, unknown> = {},
): L => {
  const assigned = new Map<PropertyKey, unknown>();
  const own = new Map<PropertyKey, unknown>([
    ...Object.entries(methods),
    ...Object.getOwnPropertySymbols(extra).map((s) => [s, extra[s]] as const),
  ]);
  return new Proxy(log, {
    get(target, property, receiver) {
      if (assigned.has(property)) return assigned.get(property);
      if (own.has(property)) return own.get(property);
      const value = Reflect.get(target, property, receiver) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
    set(_target, property, value) {
      assigned.set(property, value);
      return true;
    },
    defineProperty(_target, property, descriptor) {
      assigned.set(property, descriptor.value ?? descriptor.get?.());
      return true;
    },
    getOwnPropertyDescriptor(target, property) {
      if (assigned.has(property) || own.has(property))
        return { value: assigned.get(property) ?? own.get(property), writable: true, enumerable: false, configurable: true };
      return Reflect.getOwnPropertyDescriptor(target, property);
    },
  });
};
