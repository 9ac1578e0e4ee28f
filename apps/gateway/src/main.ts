import 'reflect-metadata';
import { runServices } from '@hw/platform/nest';
import { GatewayServiceModule } from '@hw/gateway/application';

// One process for this app (distributed mode); `npm start` runs every app in one process instead.
void runServices([['gateway', (infra) => GatewayServiceModule.register(infra)]]);
