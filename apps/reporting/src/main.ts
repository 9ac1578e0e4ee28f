import 'reflect-metadata';
import { runServices } from '@hw/platform/nest';
import { ReportingServiceModule } from '@hw/reporting/application';

// One process for this app (distributed mode); `npm start` runs every app in one process instead.
void runServices([['reporting', (infra) => ReportingServiceModule.register(infra)]]);
