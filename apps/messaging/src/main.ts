import 'reflect-metadata';
import { runServices } from '@hw/platform/nest';
import { MessagingServiceModule } from '@hw/messaging/application';

// One process for this app (distributed mode); `npm start` runs every app in one process instead.
void runServices([['messaging', (infra) => MessagingServiceModule.register(infra)]]);
