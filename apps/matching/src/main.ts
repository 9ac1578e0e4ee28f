import 'reflect-metadata';
import { runServices } from '@hw/platform/nest';
import { MatchingServiceModule } from '@hw/matching/application';

// One process for this app (distributed mode); `npm start` runs every app in one process instead.
void runServices([['matching', (infra) => MatchingServiceModule.register(infra)]]);
