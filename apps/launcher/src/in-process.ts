import { INestApplication } from '@nestjs/common';
import { AddressInfo } from 'node:net';
import { Clock, systemClock } from '@hw/platform/core';
import { BackgroundWork, Infrastructure, loadConfig, ServiceName, startService } from '@hw/platform/nest';
import { GatewayServiceModule, ownerUrlSettings } from '@hw/gateway/application';
import { ALL_SERVICES } from './services';

export interface InProcessPlatform {
  infra: Infrastructure;
  apps: Map<ServiceName, INestApplication>;
  base(service: ServiceName): string;
  close(): Promise<void>;
}

/**
 * Every service (or `services`) in this process as the launcher starts them — one
 * Infrastructure, each on a free port — with the gateway told where the owners it forwards to
 * actually listen (port 0). For tests: the authorisation matrix, the gateway's suites, the console.
 */
export const startInProcess = async (
  env: Record<string, string>,
  options: { clock?: Clock; services?: ServiceName[]; gatewayEnv?: Record<string, string> } = {},
): Promise<InProcessPlatform> => {
  const wanted = ALL_SERVICES.filter(([name]) => !options.services || options.services.includes(name));
  const ports = Object.fromEntries(wanted.map(([name]) => [`${name.toUpperCase()}_PORT`, '0']));
  const infra = await Infrastructure.create(loadConfig({ ...env, ...ports }), options.clock ?? systemClock);
  const apps = new Map<ServiceName, INestApplication>();
  const base = (service: ServiceName) => `http://127.0.0.1:${(apps.get(service)?.getHttpServer().address() as AddressInfo).port}`;
  try {
    for (const [name, module] of wanted) {
      const created =
        name === 'gateway'
          ? GatewayServiceModule.register(infra, {
              ...process.env,
              ...ownerUrlSettings(Object.fromEntries([...apps.keys()].map((s) => [s, base(s)]))),
              ...options.gatewayEnv,
            })
          : module(infra);
      apps.set(name, await startService(name, created, infra));
    }
    for (const app of apps.values()) await app.get(BackgroundWork, { strict: false }).startRelay();
  } catch (error) {
    for (const app of [...apps.values()].reverse()) await app.close().catch(() => undefined);
    await infra.close();
    throw error;
  }
  return {
    infra,
    apps,
    base,
    close: async () => {
      for (const app of [...apps.values()].reverse()) await app.close();
      await infra.close();
    },
  };
};
