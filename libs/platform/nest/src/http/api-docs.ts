import { INestApplication, RequestMethod } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { METHOD_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { ApiProperty, ApiPropertyOptional, OpenAPIObject } from '@nestjs/swagger';
import { accessOf } from '../auth/auth.guard';

/** The one error body of every service (ErrorsFilter): documented once, referenced by every 4xx and 5xx. */
export class RefusalViolation {
  @ApiProperty({ description: 'the input field refused' }) field!: string;
  @ApiPropertyOptional({ description: 'the rule id that decides it (docs/RULES.md)' }) rule?: string;
  @ApiProperty() message!: string;
}

export class Refusal {
  @ApiProperty({ example: 422 }) statusCode!: number;
  @ApiProperty({ description: 'a stable, machine-readable reason', example: 'SEEKER_STOPPED_USE' }) code!: string;
  @ApiProperty({ description: 'what was refused and why; never personal data' }) message!: string;
  @ApiPropertyOptional({ description: 'the rule id that decides it', example: 'R-SKR-4' }) rule?: string;
  @ApiPropertyOptional({ description: 'the field (body, query, path parameter or header) refused' }) field?: string;
  @ApiPropertyOptional({ type: [RefusalViolation], description: '400: every refused field' }) violations?: RefusalViolation[];
  @ApiPropertyOptional({ description: '429 LOGIN_THROTTLED: seconds until the lock ends' }) retryAfterSeconds?: number;
}

/** One registered route of a Nest application, as its controllers declare it. */
export interface RegisteredRoute {
  method: string;
  /** OpenAPI form: `/seekers/{seekerId}`. */
  path: string;
  operationId: string;
  isPublic: boolean;
  /** Reads a body, a query, path parameters or headers: the platform's validation can answer 400. */
  hasInput: boolean;
  /** Reads a body (@Body): its document carries the request schema. */
  hasBody: boolean;
  pathParams: string[];
}

const METHODS: Record<number, string> = {
  [RequestMethod.GET]: 'get',
  [RequestMethod.POST]: 'post',
  [RequestMethod.PUT]: 'put',
  [RequestMethod.PATCH]: 'patch',
  [RequestMethod.DELETE]: 'delete',
};

const join = (...parts: Array<string | string[] | undefined>) =>
  `/${parts
    .flatMap((p) => (Array.isArray(p) ? p[0] : p) ?? '')
    .join('/')
    .split('/')
    .filter(Boolean)
    .join('/')}`;

/** Every route the application's controllers register, read from Nest's own metadata (not from the document). */
export const registeredRoutes = (app: INestApplication): RegisteredRoute[] => {
  const routes: RegisteredRoute[] = [];
  for (const module of app.get(ModulesContainer).values())
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as unknown as { name: string; prototype: Record<string, object> } | undefined;
      if (!controller) continue;
      const base = Reflect.getMetadata(PATH_METADATA, controller) as string | string[] | undefined;
      for (const name of Object.getOwnPropertyNames(controller.prototype)) {
        const handler = controller.prototype[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const path = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as number | undefined;
        if (path === undefined || method === undefined) continue;
        const args = Object.keys((Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, name) as Record<string, unknown>) ?? {});
        const kinds = args.map((key) => Number(key.split(':')[0]));
        const full = join(base, path);
        const pathParams = [...full.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]);
        routes.push({
          method: METHODS[method] ?? String(method),
          path: full.replace(/:([A-Za-z0-9_]+)/g, '{$1}'),
          operationId: `${controller.name}_${name}`,
          isPublic: accessOf(handler, controller).isPublic,
          hasInput:
            pathParams.length > 0 ||
            kinds.some((k) => [RouteParamtypes.BODY, RouteParamtypes.QUERY, RouteParamtypes.PARAM, RouteParamtypes.HEADERS].includes(k)) ||
            // custom decorators reading a header (Idempotency-Key, X-Log-Position) validate it
            args.some((key) => key.includes('__customRouteArgs__') && !/CurrentPrincipal|principal/i.test(key)),
          hasBody: kinds.includes(RouteParamtypes.BODY),
          pathParams,
        });
      }
    }
  return routes;
};

const REFUSAL_REF = { $ref: '#/components/schemas/Refusal' };
const STANDARD: Record<string, string> = {
  '400':
    'the input is refused (VALIDATION_FAILED): names the field and, where a rule decides, the rule; the query string and path parameters of every route are checked (input hygiene), so any route may answer it',
  '401': 'UNAUTHENTICATED: no bearer token, or one that is invalid or expired',
  '403': 'FORBIDDEN: the principal is not one this route allows (see the summary), or acts outside its office, prefecture or registration',
  '413': 'PAYLOAD_TOO_LARGE: the body is over the platform limit',
  '414': 'URI_TOO_LONG: a path parameter is over 100 characters',
  '415': 'UNSUPPORTED_MEDIA_TYPE: bodies are application/json (UTF-8)',
  '431': 'the request line or headers are too large',
};

/** What the platform answers on a route, whatever its controller does (createHttpApp, the auth guard). */
export const platformStatuses = (route: RegisteredRoute): string[] => [
  '400',
  '431',
  ...(route.isPublic ? [] : ['401', '403']),
  ...(route.hasBody ? ['413', '415'] : []),
  ...(route.pathParams.length > 0 ? ['414'] : []),
];

/**
 * Completes a service's document with what the platform itself answers, read from the routes'
 * metadata (platformStatuses: 400 and 431 everywhere, 401/403 unless public, 413/415 with a
 * body, 414 with path parameters), and the one error body (Refusal) on every 4xx/5xx
 * that the controller documented without a schema. Route-specific refusals (404, 409, 422, 429)
 * are the controllers' to document; the documents test checks both.
 */
export const completeDocument = (app: INestApplication, document: OpenAPIObject): OpenAPIObject => {
  document.components = document.components ?? {};
  document.components.schemas = document.components.schemas ?? {};
  const byOperation = new Map(registeredRoutes(app).map((r) => [r.operationId, r]));
  for (const item of Object.values(document.paths))
    for (const method of ['get', 'post', 'put', 'patch', 'delete'] as const) {
      const operation = item[method];
      if (!operation) continue;
      const route = operation.operationId ? byOperation.get(operation.operationId) : undefined;
      const responses = (operation.responses = operation.responses ?? {});
      const wanted = route ? platformStatuses(route) : [];
      for (const status of wanted) if (!responses[status]) responses[status] = { description: STANDARD[status] };
      for (const [status, response] of Object.entries(responses)) {
        if (!response || '$ref' in response) continue;
        if (status === '204' && !response.description) response.description = 'done; no body';
        if (Number(status) < 400) continue;
        if (!response.content) response.content = { 'application/json': { schema: REFUSAL_REF } };
      }
    }
  return document;
};
