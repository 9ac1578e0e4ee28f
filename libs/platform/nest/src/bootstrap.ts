import { DynamicModule, HttpException, INestApplication, Logger, LoggerService, LogLevel, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { createLogger, flushTracing, observeHttp, PinoLogger, PinoNestLogger } from '@hw/platform/observability';
import { isConfigError, loadConfig, PlatformConfig, ServiceName } from './config';
import {
  badPathParameter,
  clientErrorHandler,
  decodesBadly,
  inspectRecord,
  INPUT_RULES,
  MAX_BODY_BYTES,
  parseJsonBody,
  refusal,
  RouteInputInterceptor,
} from './http/hygiene';
import { validationPipe } from './http/validation';
import { completeDocument, Refusal } from './http/api-docs';
import { Infrastructure } from './infrastructure';
import { BackgroundWork } from './platform.module';

let processLogger: PinoLogger | undefined;

/**
 * The process's pino logger (JSON lines; pino-pretty on a terminal in development), made on
 * first use from LOG_LEVEL; `service` names the process (one service, or `hellowork` for
 * several). Nest's Logger writes through it. Tests may install their own (`useProcessLogger`).
 */
export const processLoggerFor = (config: Pick<PlatformConfig, 'LOG_LEVEL'>, service = 'hellowork'): PinoLogger => {
  if (!processLogger) {
    processLogger = createLogger({ service, level: config.LOG_LEVEL });
    Logger.overrideLogger(new PinoNestLogger(processLogger));
  }
  return processLogger;
};

/** Installs a logger as the process's (tests capture lines this way). */
export const useProcessLogger = (logger: PinoLogger): void => {
  processLogger = logger;
  Logger.overrideLogger(new PinoNestLogger(logger));
};

const MAX_PARAM_LENGTH = 100; // Fastify's default, stated: over it is a 414

/**
 * A Nest application on Fastify with the platform's input validation. Fastify rather than
 * Express: the send path's HTTP cost per request is about a fifth lower (bench/send.bench.ts).
 * Services, tests and benches all create their apps here, so they run the same HTTP stack.
 */
export const createHttpApp = async (
  appModule: DynamicModule | Type<unknown>,
  options: {
    logger?: LogLevel[] | LoggerService | false;
    /** Metrics, correlation ids and request lines for this service (services always; tests and benches choose). */
    observe?: { service: string; logger?: PinoLogger };
  } = {},
): Promise<NestFastifyApplication> => {
  const routes: Array<{ method: string; url: string }> = [];
  // Routing failures (bad percent-encoding, a parameter over MAX_PARAM_LENGTH) name the
  // parameter and never echo the request line (Fastify's own answers do).
  const frameworkErrors = (
    error: { code?: string },
    request: { method: string; raw: { url?: string } },
    reply: { code(n: number): { send(b: unknown): void } },
  ) => {
    const tooLong = error.code === 'FST_ERR_MAX_PARAM_LENGTH';
    const status = tooLong ? 414 : 400;
    const field =
      badPathParameter(routes, request.method, request.raw.url ?? '', tooLong ? (s) => s.length > MAX_PARAM_LENGTH : decodesBadly) ??
      'path';
    const problem = tooLong ? `is longer than ${MAX_PARAM_LENGTH} characters` : 'is not a valid percent-encoded URL component';
    const body = refusal(field, INPUT_RULES.param, problem, status).getResponse() as Record<string, unknown>;
    reply.code(status).send({ statusCode: status, ...body, code: tooLong ? 'URI_TOO_LONG' : 'VALIDATION_FAILED' });
  };
  // trustProxy off: request.ip is the peer's address.
  const app = await NestFactory.create<NestFastifyApplication>(
    appModule,
    new FastifyAdapter({
      bodyLimit: MAX_BODY_BYTES,
      routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
      frameworkErrors: frameworkErrors as never,
      clientErrorHandler: clientErrorHandler as never,
    }),
    { logger: options.logger ?? false, bodyParser: false }, // body parsing: ours below
  );
  const fastify = app.getHttpAdapter().getInstance();
  if (options.observe) observeHttp(fastify as never, options.observe.service, options.observe.logger);
  fastify.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) routes.push({ method, url: route.url });
  });
  // JSON only (no text/plain parser): the hygiene rules (http/hygiene.ts) hold before validation.
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: MAX_BODY_BYTES }, (request, body, done) => {
    const { value, error } = parseJsonBody(request.headers['content-type'], body as Buffer);
    if (error) done(error, undefined);
    else done(null, value);
  });
  // Query strings and path parameters: the same text rules as bodies, for every route.
  fastify.addHook('preValidation', async (request) => {
    const problem: HttpException | undefined = inspectRecord(request.params) ?? inspectRecord(request.query);
    if (problem) throw problem;
  });
  app.useGlobalInterceptors(new RouteInputInterceptor());
  app.useGlobalPipes(validationPipe());
  return app;
};

/** Where every service serves its document: the page, and the document itself as JSON and as YAML. */
export const DOCS = { page: '/docs', json: '/docs-json', yaml: '/docs-yaml' } as const;

/**
 * A service's OpenAPI document (served at /docs; the fuzz suite's corpus is generated from it),
 * completed with what the platform answers on every route (completeDocument: 400, 401, 403 and
 * the one error body) and linking its JSON and YAML forms from the page.
 */
export const openApiDocument = (app: INestApplication, service: ServiceName): OpenAPIObject =>
  completeDocument(
    app,
    SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle(`hellowork ${service}`)
        .setDescription(
          `The ${service} service of the Hello Work anonymised job-seeker platform. ` +
            `This document as [JSON](${DOCS.json}) and as [YAML](${DOCS.yaml}). Every refusal has one shape (Refusal): ` +
            'statusCode, code, message, and where they apply rule (docs/RULES.md), field and violations.',
        )
        .setVersion('1')
        .addBearerAuth()
        .build(),
      { extraModels: [Refusal] },
    ),
  );

/** Serves the page at /docs, the JSON at /docs-json and the YAML at /docs-yaml. */
export const serveDocs = (app: INestApplication, service: ServiceName): void =>
  SwaggerModule.setup(DOCS.page.slice(1), app, openApiDocument(app, service), {
    jsonDocumentUrl: DOCS.json.slice(1),
    yamlDocumentUrl: DOCS.yaml.slice(1),
    customSiteTitle: `hellowork ${service} API`,
  });

/** The base URL of an app listening on 127.0.0.1 (port 0 in tests: whatever was given). */
export const baseUrlOf = (app: INestApplication): string => {
  const address = app.getHttpServer().address() as { port: number };
  return `http://127.0.0.1:${address.port}`;
};

/**
 * Creates one service's Nest application on its port: validation, OpenAPI at /docs.
 * The caller owns shutdown (the launcher closes every app, then the shared infrastructure).
 */
export const startService = async (service: ServiceName, appModule: DynamicModule, infra: Infrastructure): Promise<INestApplication> => {
  const logger = processLoggerFor(infra.config);
  const app = await createHttpApp(appModule, { logger: new PinoNestLogger(logger), observe: { service, logger } });
  serveDocs(app, service);
  await app.listen(infra.config.ports[service], infra.config.HOST);
  new Logger(service).log(
    `listening on http://${infra.config.HOST}:${infra.config.ports[service]} (docs at ${DOCS.page}, ${DOCS.json}, ${DOCS.yaml})`,
  );
  return app;
};

export type ServiceModule = (infra: Infrastructure) => DynamicModule;

/**
 * Runs services in this process until SIGINT/SIGTERM, then closes every app (stopping its
 * runners and read database) before the shared log and bus. Invalid configuration — the
 * platform's or any service's own settings, which every module reads when it is built, all
 * before the first service starts — stops start-up with one line on stderr naming each setting
 * (and, for a list, the entry's index and field) and what it accepts, no stack trace; exit code 2.
 */
export const runServices = async (services: Array<[ServiceName, ServiceModule]>): Promise<void> => {
  let infra: Infrastructure | undefined;
  let logger: Logger;
  let modules: Array<[ServiceName, DynamicModule]>;
  try {
    const config = loadConfig();
    processLoggerFor(config, services.length === 1 ? services[0][0] : 'hellowork');
    logger = new Logger('launcher');
    infra = await Infrastructure.create(config);
    const built = infra;
    modules = services.map(([name, module]) => [name, module(built)]);
  } catch (error) {
    if (isConfigError(error)) {
      process.stderr.write(`${error.message}\n`);
      await infra?.close().catch(() => undefined);
      process.exit(2);
    }
    throw error;
  }
  const platform = infra;
  const apps: INestApplication[] = [];
  let stopping = false;
  const shutdown = async (signal: string, exitCode = 0) => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal}: stopping ${apps.length} service(s)`);
    for (const app of apps.reverse()) await app.close().catch((e) => logger.error(`close failed: ${(e as Error).message}`));
    await platform.close();
    await flushTracing();
    logger.log('stopped cleanly');
    process.exit(exitCode);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  try {
    for (const [name, module] of modules) apps.push(await startService(name, module, platform));
    for (const app of apps) await app.get(BackgroundWork, { strict: false }).startRelay();
  } catch (error) {
    logger.error(`start-up failed: ${(error as Error).message}`);
    await shutdown('start-up failure', 1);
  }
};
