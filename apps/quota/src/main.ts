import 'reflect-metadata';
import { runServices } from '@hw/platform/nest';
import { QuotaServiceModule } from '@hw/quota/application';

// One process for this app (distributed mode); `npm start` runs every app in one process instead.
void runServices([['quota', (infra) => QuotaServiceModule.register(infra)]]);
