import { Decider, DomainEvent } from '@hw/platform/core';

/**
 * Given/when/then for deciders (emmett DeciderSpecification):
 *   spec.given([events]).when(command).then([events]) / .thenThrows(ErrorClass, { code })
 */
export const DeciderSpecification = {
  for: <C, E extends DomainEvent, S>(decider: Decider<C, E, S>) => ({
    given: (events: E[]) => ({
      when: (command: C) => {
        const run = () => decider.decide(command, events.reduce(decider.evolve, decider.initialState()));
        return {
          then: (expected: E[]) => expect(run()).toEqual(expected),
          thenThrows: (errorClass: new (...args: never[]) => Error, shape?: Record<string, unknown>) => {
            let thrown: unknown;
            try {
              run();
            } catch (error) {
              thrown = error;
            }
            expect(thrown).toBeInstanceOf(errorClass);
            if (shape) expect(thrown).toMatchObject(shape);
          },
        };
      },
    }),
  }),
};
