import 'reflect-metadata';
import { identityMount } from '@hw/identity/application';
import { runServices } from '@hw/platform/nest';
import { RegistrationServiceModule } from '@hw/registration/application';

// One process for this app (distributed mode); `npm start` runs every app in one process instead.
void runServices([['registration', (infra) => RegistrationServiceModule.register(infra, [identityMount])]]);
