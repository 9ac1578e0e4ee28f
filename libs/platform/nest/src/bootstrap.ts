import { BadRequestException, DynamicModule, INestApplication, Logger, LogLevel, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
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

const BODY_LIMIT = 1_048_576; // 1 MiB

/**
 * A Nest application on Fastify with the platform's input validation. Fastify rather than
 * Express: the send path's HTTP cost per request is about a fifth lower (bench/send.bench.ts).
 * Services, tests and benches all create their apps here, so they run the same HTTP stack.
 */
export const createHttpApp = async (
  appModule: DynamicModule | Type<unknown>,
  options: { logger?: LogLevel[] | false } = {},
): Promise<NestFastifyApplication> => {
  // trustProxy off: request.ip is the peer's address.
  const app = await NestFactory.create<NestFastifyApplication>(appModule, new FastifyAdapter({ bodyLimit: BODY_LIMIT }), {
    logger: options.logger ?? false,
    bodyParser: false, // ours below
  });
  const fastify = app.getHttpAdapter().getInstance();
  // JSON bodies, where an empty body is no body (clients send content-type on DELETE and
  // body-less POSTs too); malformed JSON is a 400 that never echoes the input.
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: BODY_LIMIT }, (_request, body, done) => {
    if (body.length === 0) return done(null, undefined);
    try {
      done(null, JSON.parse(body as string));
    } catch {
      done(new BadRequestException({ code: 'MALFORMED_JSON', message: 'the body is not valid JSON' }), undefined);
    }
  });
  app.useGlobalPipes(validationPipe());
  return app;
};

/** The base URL of an app listening on 127.0.0.1 (port 0 in tests: whatever was given). */
export const baseUrlOf = (app: INestApplication): string => {
  const address = app.getHttpServer().address() as { port: number };
  return `http://127.0.0.1:${address.port}`;
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
  const app = await createHttpApp(appModule, { logger: LEVELS[infra.config.LOG_LEVEL] });
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
