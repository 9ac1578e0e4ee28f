import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { Clock } from '@hw/platform/core';
import { BackgroundWork, Infrastructure, loadConfig, startService } from '@hw/platform/nest';
import { ReportingServiceModule } from '@hw/reporting/application';

/**
 * The reporting app for an e2e test that needs a quarter to end: its clock runs at real speed,
 * shifted by the milliseconds in the file REPORTING_CLOCK_SHIFT_FILE (the test writes it).
 * Everything else is the app as deployed (Kafka, the shared log, its own read database).
 */
const shiftFile = process.env.REPORTING_CLOCK_SHIFT_FILE as string;
const shiftedClock: Clock = { now: () => new Date(Date.now() + Number(readFileSync(shiftFile, 'utf8') || '0')) };

const main = async () => {
  const infra = await Infrastructure.create(loadConfig(), shiftedClock);
  const app = await startService('reporting', ReportingServiceModule.register(infra), infra);
  await app.get(BackgroundWork, { strict: false }).startRelay();
  const stop = async () => {
    await app.close();
    await infra.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop());
  process.once('SIGINT', () => void stop());
};
void main();
