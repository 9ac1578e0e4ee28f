import { InProcessBus } from './in-process-bus';
import { busContract } from './testing/bus.contract';

busContract('in-process bus', async () => new InProcessBus());
