import 'reflect-metadata';
import { runServices } from '@hw/platform/nest';
import { ComplaintsServiceModule } from '@hw/complaints/application';

// One process for this app (distributed mode); `npm start` runs every app in one process instead.
void runServices([['complaints', (infra) => ComplaintsServiceModule.register(infra)]]);
