import { Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { dirname, join } from 'node:path';
import { cookiesOf, SESSION_COOKIE } from './console.controller';

/** htmx's distribution in node_modules: the one file the console loads from it (nothing is fetched from the internet). */
const HTMX_DIR = dirname(require.resolve('htmx.org/dist/htmx.min.js'));
/** The console's own hand-written script and style sheet (no build step). */
const ASSETS_DIR = join(__dirname, '..', '..', 'assets');

/**
 * The console's plumbing on the gateway's Fastify instance: its static files (@fastify/static),
 * and the session — the bearer token in the HttpOnly cookie — handed to the platform's guard as
 * the Authorization header for the console's pages and reads. A POST on a cookie (not a header)
 * must come from htmx (`HX-Request: true`: a header another site's form cannot send) and be JSON
 * (the platform's only body type), so another site cannot act in a signed-in officer's name;
 * the API's actions take a bearer header only.
 */
@Injectable()
export class ConsoleWiring implements OnModuleInit {
  constructor(private readonly host: HttpAdapterHost) {}

  onModuleInit(): void {
    const fastify = this.host.httpAdapter?.getInstance<FastifyInstance>();
    if (!fastify || typeof fastify.register !== 'function') return;
    // Not awaited: the plugins load with the app (awaiting them here boots Fastify before Nest has set its error handling).
    void fastify.register(fastifyStatic, {
      root: HTMX_DIR,
      prefix: '/assets/htmx/',
      decorateReply: false,
      allowedPath: (path: string) => path === '/htmx.min.js' || path === '/htmx.min.js.map',
      maxAge: 3_600_000,
    });
    void fastify.register(fastifyStatic, { root: ASSETS_DIR, prefix: '/assets/console/', decorateReply: false });
    fastify.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
      if (request.headers.authorization !== undefined) return;
      const token = cookiesOf(request)[SESSION_COOKIE];
      if (!token) return;
      const path = request.url.split('?')[0];
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        if (path.startsWith('/api/') || path === '/login' || path === '/logout') return;
        if (request.headers['hx-request'] !== 'true') {
          await reply.code(403).send({
            statusCode: 403,
            code: 'CONSOLE_REQUEST_REQUIRED',
            message: 'a signed-in console action must come from the console (HX-Request)',
          });
          return reply;
        }
      }
      request.headers.authorization = `Bearer ${token}`;
    });
  }
}
