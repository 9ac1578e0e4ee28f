import { Controller, Get, Headers, Inject, NotFoundException, Optional, Res, UnauthorizedException } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { collectNodeMetrics, mayScrape, scrape } from '@hw/platform/observability';
import { Public } from './auth/auth.guard';
import { PlatformConfig } from './config';
import { CONFIG } from './tokens';

/**
 * `GET /metrics`: the Prometheus text format (prom-client) — the process's `hw_*` metrics and
 * Node's defaults. Not public in production: with METRICS_TOKEN set only `Authorization: Bearer
 * <token>` reads it (401 otherwise); unset, it is served on the embedded default and answers
 * 404 with NODE_ENV=production. Public to the platform's own bearer-token guard: Prometheus
 * holds no user token.
 */
@ApiTags('operations')
@Controller('metrics')
export class MetricsController {
  constructor(@Optional() @Inject(CONFIG) private readonly config?: PlatformConfig) {
    collectNodeMetrics();
  }

  @Public()
  @Get()
  @ApiBearerAuth()
  @ApiProduces('text/plain')
  @ApiOperation({ summary: "the process's metrics for Prometheus (token-protected when METRICS_TOKEN is set)" })
  @ApiOkResponse({ description: 'Prometheus text exposition format (version 0.0.4)' })
  @ApiUnauthorizedResponse({ description: 'METRICS_TOKEN_REQUIRED: METRICS_TOKEN is set and the request does not carry it' })
  @ApiNotFoundResponse({ description: 'NODE_ENV=production without METRICS_TOKEN: not served' })
  async metrics(@Headers('authorization') authorization: string | undefined, @Res() reply: FastifyReply): Promise<void> {
    if (this.config && !this.config.metricsServed) throw new NotFoundException({ code: 'NOT_FOUND', message: 'not served' });
    if (!mayScrape(this.config?.METRICS_TOKEN, authorization))
      throw new UnauthorizedException({
        code: 'METRICS_TOKEN_REQUIRED',
        message: 'Authorization: Bearer <METRICS_TOKEN> required',
        field: 'authorization',
      });
    const { contentType, body } = await scrape();
    await reply.header('content-type', contentType).send(body);
  }
}
