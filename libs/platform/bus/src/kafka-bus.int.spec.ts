import { describeWith, kafkaBrokers } from '@hw/platform/testing';
import { KafkaBus } from './kafka-bus';
import { busContract } from './testing/bus.contract';

describeWith(['kafka'], 'Kafka bus (real broker)', () => {
  busContract('kafka bus', async () => new KafkaBus({ clientId: 'bus-contract', brokers: kafkaBrokers() }));
});
