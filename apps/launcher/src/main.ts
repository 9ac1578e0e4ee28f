import 'reflect-metadata';
import { runServices } from '@hw/platform/nest';
import { ALL_SERVICES } from './services';

// The embedded default: every service in one process on the SQLite log and the in-process
// bus, data under ./data. SERVICES=registration,matching narrows it.
const wanted = (process.env.SERVICES ?? '')
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean);
void runServices(wanted.length === 0 ? ALL_SERVICES : ALL_SERVICES.filter(([name]) => wanted.includes(name)));
