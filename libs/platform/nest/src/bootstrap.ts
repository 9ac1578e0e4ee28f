import { DynamicModule, INestApplication, Logger, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { ConfigError, loadConfig, ServiceName } from './config';
import { validationPipe } from './http/validation';
import { Infrastructure } from './infrastructure';
import { BackgroundWork } from './platform.module';

const LEVELS: Record<string, LogLevel[]> = {
  error: ['fatal', 'error'],
  warn: ['fatal', 'error', 'warn'],
  log: ['fatal', 'error', 'warn', 'log'],
  debug: ['fatal', 'error', 'warn', 'log', 'debug'],
};

/**
 * Creates one service's Nest application on its port: validation, OpenAPI at /docs.
 * The caller owns shutdown (the launcher closes every app, then the shared infrastructure).
 */
export const startService = async (
  service: ServiceName,
  appModule: DynamicModule,
  infra: Infrastructure,
): Promise<INestApplication> => {
  const app = await NestFactory.create(appModule, { logger: LEVELS[infra.config.LOG_LEVEL] });
  app.useGlobalPipes(validationPipe());
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle(`hellowork ${service}`)
      .setDescription(`The ${service} service of the Hello Work anonymised job-seeker platform`)
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('docs', app, document);
  await app.listen(infra.config.ports[service], infra.config.HOST);
  new Logger(service).log(`listening on http://${infra.config.HOST}:${infra.config.ports[service]} (docs at /docs)`);
  return app;
};

export type ServiceModule = (infra: Infrastructure) => DynamicModule;

/**
 * Runs services in this process until SIGINT/SIGTERM, then closes every app (stopping its
 * runners and read database) before the shared log and bus. Invalid configuration stops
 * start-up with a message naming each setting and the values it accepts.
 */
export const runServices = async (services: Array<[ServiceName, ServiceModule]>): Promise<void> => {
  const logger = new Logger('launcher');
  let infra: Infrastructure;
  try {
    infra = await Infrastructure.create(loadConfig());
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const apps: INestApplication[] = [];
  let stopping = false;
  const shutdown = async (signal: string, exitCode = 0) => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal}: stopping ${apps.length} service(s)`);
    for (const app of apps.reverse()) await app.close().catch((e) => logger.error(`close failed: ${(e as Error).message}`));
    await infra.close();
    logger.log('stopped cleanly');
    process.exit(exitCode);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  try {
    for (const [name, module] of services) apps.push(await startService(name, module(infra), infra));
    for (const app of apps) await app.get(BackgroundWork, { strict: false }).startRelay();
  } catch (error) {
    logger.error(`start-up failed: ${(error as Error).message}`);
    await shutdown('start-up failure', 1);
  }
};
