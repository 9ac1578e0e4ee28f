import { PeriodicPass, PeriodicPassService } from './periodic-pass';

describe('PeriodicPass: the clock-driven pass behind time-driven events (R-ORG-1 expiries, R-SKR-1/3 windows)', () => {
  it('given a pass running, when run is called again, then both share the one pass', async () => {
    let passes = 0;
    let release: () => void = () => undefined;
    const pass = new PeriodicPass('test', async () => {
      passes += 1;
      await new Promise<void>((resolve) => (release = resolve));
      return 7;
    });
    const first = pass.run();
    const second = pass.run();
    release();
    expect(await Promise.all([first, second])).toEqual([7, 7]);
    expect(passes).toBe(1);
  });

  it('given a pass running, when stopped, then stop waits for it to finish', async () => {
    const order: string[] = [];
    const pass = new PeriodicPass('test', async () => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      order.push('pass done');
      return 0;
    });
    void pass.run();
    await pass.stop();
    order.push('stopped');
    expect(order).toEqual(['pass done', 'stopped']);
  });

  it('runs on its interval once started, and no more after stop', async () => {
    jest.useFakeTimers();
    try {
      let passes = 0;
      const pass = new PeriodicPass('test', async () => ++passes);
      pass.start(10);
      await jest.advanceTimersByTimeAsync(35);
      expect(passes).toBe(3);
      await pass.stop();
      await jest.advanceTimersByTimeAsync(100);
      expect(passes).toBe(3);
    } finally {
      jest.useRealTimers();
    }
  });
});

describe('PeriodicPassService: the Nest lifecycle of a clock-driven pass', () => {
  it('a PeriodicPassService runs its pass on its interval from bootstrap, and no more after shutdown', async () => {
    class Counting extends PeriodicPassService {
      passes = 0;
      constructor() {
        super('test');
      }
      protected passIntervalMs(): number {
        return 10;
      }
      protected async pass(): Promise<number> {
        return ++this.passes;
      }
      now(): Promise<number> {
        return this.runPass();
      }
    }
    jest.useFakeTimers();
    try {
      const service = new Counting();
      service.onApplicationBootstrap();
      await jest.advanceTimersByTimeAsync(35);
      expect(service.passes).toBe(3);
      expect(await service.now()).toBe(4);
      await service.onApplicationShutdown();
      await jest.advanceTimersByTimeAsync(100);
      expect(service.passes).toBe(4);
    } finally {
      jest.useRealTimers();
    }
  });
});
