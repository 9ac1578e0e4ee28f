import 'reflect-metadata';
import { runServices } from '@hw/platform/nest';
import { ALL_SERVICES } from './services';

// The embedded default: every service in one process on the SQLite log and the in-process
// bus, data under ./data. SERVICES=registration,matching narrows it; an unknown name stops
// start-up in one line, like every other invalid setting.
const wanted = (process.env.SERVICES ?? '')
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean);
const unknown = wanted.filter((name) => !ALL_SERVICES.some(([known]) => known === name));
if (unknown.length > 0) {
  const names = ALL_SERVICES.map(([name]) => name).join(', ');
  process.stderr.write(`invalid configuration: SERVICES: accepts a comma-separated subset of ${names}, got "${unknown.join(',')}"\n`);
  process.exit(2);
}
void runServices(wanted.length === 0 ? ALL_SERVICES : ALL_SERVICES.filter(([name]) => wanted.includes(name)));
