import {
  applyDecorators,
  ArgumentsHost,
  Body,
  Catch,
  Controller,
  ExceptionFilter,
  Get,
  HttpCode,
  HttpException,
  Inject,
  Param,
  Post,
  Query,
  Req,
  Res,
  UseFilters,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import {
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiProperty,
  ApiPropertyOptional,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DataSource } from 'typeorm';
import { Clock, DomainError } from '@hw/platform/core';
import {
  Allow,
  CLOCK,
  CurrentPrincipal,
  ErrorsFilter,
  positionInHeader,
  Public,
  READ_DB,
  TokenClaims,
  TOKENS,
  TokenService,
} from '@hw/platform/nest';
import { ActionsService } from '../actions';
import { freshRead, GATEWAY_STAFF } from '../api.controller';
import { answerWith, authorizationOf } from '../actions.controller';
import { Forwarded } from '../forwarding';
import { ComplaintParams, GroupFilter, KindFilter, NameFilter, QueueQueryDto, RegistrationParams, StaffReadsQueryDto } from '../dto';
import { FreshnessService } from '../freshness';
import { ForwardingService } from '../forwarding';
import { listPage } from '../lists';
import { ACTIONS, ActionName, BUREAU_QUEUES, DESK_ACTIONS, DESK_QUEUES, GatewayQueries, QUEUES, QueueName } from '../queries';
import { scopeOf } from '../scope';
import { StaffDirectory } from '../staff-directory';
import { StaffReadItem, TimelineItem } from '../views';
import { Lang, t } from './i18n';
import {
  casePage,
  caseSection,
  complaintPage,
  complaintSection,
  esc,
  HomeFilters,
  homePage,
  messagePage,
  Outcome,
  overviewPage,
  queuePage,
  signInPage,
  staffReadsPage,
} from './pages';

export const SESSION_COOKIE = 'hw_staff';
export const LANG_COOKIE = 'hw_lang';

export const cookiesOf = (request: { headers: Record<string, unknown> }): Record<string, string> => {
  const header = request.headers.cookie;
  const out: Record<string, string> = {};
  if (typeof header !== 'string') return out;
  for (const part of header.split(';')) {
    const at = part.indexOf('=');
    if (at > 0) out[part.slice(0, at).trim()] = decodeURIComponent(part.slice(at + 1).trim());
  }
  return out;
};
const langOf = (request: FastifyRequest): Lang => (cookiesOf(request)[LANG_COOKIE] === 'en' ? 'en' : 'ja');
/** A browser (htmx too) asks for HTML; API clients and tests get the platform's JSON answers. */
const wantsHtml = (request: FastifyRequest): boolean => String(request.headers.accept ?? '').includes('text/html');
const html = (reply: FastifyReply, body: string) => {
  reply.type('text/html; charset=utf-8');
  return body;
};
/** The filters a queue page shows as removable tags (and keeps in its links). */
const filtersOf = (query: HomeFilters): HomeFilters => ({ kind: query.kind, q: query.q, group: query.group });
/** The query string as the request came (a page's next and CSV links keep its filters). */
const queryOf = (request: FastifyRequest): string => (request.url.includes('?') ? request.url.slice(request.url.indexOf('?') + 1) : '');

/**
 * A forwarded action's answer to the page that asked, in place: the owner's status (`okStatus`
 * when it did it) and X-Log-Position, and what `render` draws once the read models reflect the
 * action with its outcome — or, not reflected in time, as it stands, saying so (the owner's answer stands).
 */
const answerInPlace = async (
  reply: FastifyReply,
  lang: Lang,
  forwarded: Forwarded,
  done: string,
  okStatus: number,
  render: (position: bigint | undefined, outcome: Outcome) => Promise<string>,
): Promise<string> => {
  const ok = forwarded.status >= 200 && forwarded.status < 300;
  const answer = forwarded.body as { message?: unknown; code?: unknown } | undefined;
  const text = ok ? done : `${String(answer?.code ?? '')} ${String(answer?.message ?? '')}`;
  positionInHeader(reply, forwarded); // the header only: the page is the answer
  reply.status(ok ? okStatus : forwarded.status);
  try {
    return html(reply, await render(forwarded.position, { ok, status: forwarded.status, text }));
  } catch (error) {
    if (!(error instanceof HttpException && error.getStatus() === 503)) throw error;
    return html(reply, await render(undefined, { ok, status: forwarded.status, text: `${text} ${t(lang, 'behind')}` }));
  }
};

const DOMAIN_STATUS: Record<string, number> = { refused: 422, conflict: 409, 'not-found': 404, forbidden: 403, limit: 429 };

/**
 * The platform's JSON error answers, written straight to Fastify's reply (a filter named on a
 * controller is built without the adapter host the global one is given).
 */
const jsonErrors = new ErrorsFilter({
  httpAdapter: { reply: (response: FastifyReply, body: unknown, status: number) => response.code(status).send(body) },
} as unknown as HttpAdapterHost);

/** Console errors: an HTML page for a browser (the sign-in page for 401), the platform's JSON for anyone else. */
@Catch()
export class ConsoleErrorsFilter implements ExceptionFilter {
  catch(error: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    if (!wantsHtml(request)) return jsonErrors.catch(error, host);
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const status = error instanceof HttpException ? error.getStatus() : error instanceof DomainError ? DOMAIN_STATUS[error.kind] : 500;
    const lang = langOf(request);
    const code =
      error instanceof DomainError
        ? error.code
        : error instanceof HttpException
          ? String((error.getResponse() as { code?: unknown })?.code ?? '')
          : '';
    const page =
      status === 401
        ? signInPage({ lang }, t(lang, 'unauthenticated'))
        : status === 403
          ? messagePage(
              { lang },
              t(lang, 'error'),
              code === 'NOT_GATEWAY_STAFF' || code === 'FORBIDDEN' ? t(lang, 'staffOnly') : t(lang, 'forbidden'),
            )
          : status === 404
            ? messagePage({ lang }, t(lang, 'error'), t(lang, 'notFound'))
            : status === 503
              ? messagePage({ lang }, t(lang, 'error'), t(lang, 'behind'))
              : messagePage({ lang }, t(lang, 'error'), `${status} ${code}`);
    if (status >= 500 && status !== 503) jsonErrors.catch(error, host);
    else reply.status(status).type('text/html; charset=utf-8').send(page);
  }
}

export class ConsoleHomeQueryDto {
  @KindFilter()
  kind?: string;

  @GroupFilter()
  group?: 'overdue' | 'due-soon' | 'not-due';

  @NameFilter({})
  q?: string;
}

export class LoginDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(100) login!: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(200) password!: string;
}

export class LangParams {
  @ApiProperty({ enum: ['ja', 'en'] })
  @IsIn(['ja', 'en'])
  lang!: Lang;
}

export class QueueParams {
  @ApiProperty({ enum: QUEUES })
  @IsIn(QUEUES)
  queue!: QueueName;
}

export class ActionParams extends RegistrationParams {
  @ApiProperty({ enum: ACTIONS })
  @IsIn(ACTIONS)
  action!: ActionName;
}

export class DeskActionParams extends ComplaintParams {
  @ApiProperty({ enum: DESK_ACTIONS })
  @IsIn(DESK_ACTIONS, { message: `action must be one of ${DESK_ACTIONS.join(', ')}`, context: { rule: 'R-CMP-2' } })
  action!: ActionName;
}
/** An action's form fields, as the console sends them (JSON, strings); mapped to the owner's body. */
export class ConsoleActionDto {
  @ApiPropertyOptional({ maxLength: 4000, description: "a desk's step or outcome note (sealed by complaints)" })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  text?: string;
  @ApiPropertyOptional({ enum: ['resolved', 'advice-given', 'no-fault-found', 'sanction-requested'] })
  @IsOptional()
  @IsIn(['resolved', 'advice-given', 'no-fault-found', 'sanction-requested'], { context: { rule: 'R-CMP-2' } })
  outcome?: string;
  @ApiPropertyOptional({ maxLength: 100 }) @IsOptional() @IsString() @MaxLength(100) adminLogin?: string;
  @ApiPropertyOptional({ maxLength: 1000 }) @IsOptional() @IsString() @MaxLength(1000) reason?: string;
  @ApiPropertyOptional({ description: 'Japan time yyyy-mm-ddThh:mm (datetime-local) or an ISO 8601 instant' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?$/, { message: 'until: a date and time' })
  until?: string;
  @ApiPropertyOptional({ enum: ['suspension', 'termination', 'no-action', 'none'] })
  @IsOptional()
  @IsIn(['suspension', 'termination', 'no-action', 'none'])
  decision?: string;
  @ApiPropertyOptional({ enum: ['true'] }) @IsOptional() @IsIn(['true', 'false']) malicious?: string;
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @Matches(/^[0-9a-f-]{36}$/i, { message: 'changeId must be a UUID' })
  changeId?: string;
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @Matches(/^[0-9a-f-]{36}$/i, { message: 'complaintId must be a UUID' })
  complaintId?: string;
  @ApiPropertyOptional({ example: '2026Q1' }) @IsOptional() @Matches(/^[0-9]{4}Q[1-4]$/, { message: 'period is yyyyQn' }) period?: string;
}

/** Japan time from a datetime-local field (no zone) or an instant as given. */
const instantOf = (value: string | undefined): string | undefined => {
  if (!value) return undefined;
  const zoned = /(Z|[+-]\d{2}:\d{2})$/.test(value) ? value : `${value.length === 16 ? `${value}:00` : value}+09:00`;
  const at = new Date(zoned);
  return Number.isNaN(at.getTime()) ? value : at.toISOString();
};

/** The owner's body of an action, from the console's form fields. */
const ownerBody = (action: ActionName, f: ConsoleActionDto): Record<string, unknown> => {
  const until = instantOf(f.until);
  switch (action) {
    case 'approve':
      return { adminLogin: f.adminLogin };
    case 'reject':
    case 'reject-change':
    case 'reject-renewal':
    case 'terminate':
    case 'mark-report-false':
      return { reason: f.reason };
    case 'suspend':
      return { reason: f.reason, ...(until ? { until } : {}) };
    case 'decide-complaint-sanction':
      return { decision: f.decision, ...(until ? { until } : {}) };
    case 'decide-report-sanction':
      return { decision: f.decision, reason: f.reason, ...(f.malicious === 'true' ? { malicious: true } : {}) };
    case 'record-desk-step':
      return { text: f.text };
    case 'record-desk-outcome':
      return { outcome: f.outcome, text: f.text };
    default:
      return {};
  }
};

const HTML_RESPONSES = [
  ApiProduces('text/html'),
  ApiResponse({ status: 200, description: 'the page (HTML, Japanese by default; cookie hw_lang=en for English)' }),
  ApiResponse({ status: 400, description: 'VALIDATION_FAILED naming the field' }),
  ApiResponse({ status: 401, description: 'not signed in: the sign-in page (HTML) for a browser' }),
  ApiResponse({ status: 403, description: 'not gateway staff, or another prefecture’s or office’s case (R-ORG-2, R-STF-1)' }),
  ApiResponse({ status: 503, description: 'READ_MODEL_BEHIND: not reflected in time' }),
];
const Html = () => applyDecorators(...HTML_RESPONSES);

/**
 * The staff console at `/`: server-rendered HTML from TypeScript with htmx (served from
 * node_modules), signed in with staff credentials through identity's login (the session is the
 * bearer token in an HttpOnly, SameSite=Strict cookie). Bureau officers' queues and cases with
 * their actions, a desk's complaint queue, HQ's overview; every page states its freshness.
 */
@ApiTags('console')
@ApiBearerAuth()
@UseFilters(ConsoleErrorsFilter)
@Controller()
export class ConsoleController {
  constructor(
    private readonly queries: GatewayQueries,
    private readonly freshness: FreshnessService,
    private readonly actions: ActionsService,
    private readonly forwarding: ForwardingService,
    @Inject(READ_DB) private readonly db: DataSource,
    @Inject(TOKENS) private readonly tokens: TokenService,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly staffDirectory: StaffDirectory,
  ) {}

  /** A page's context: its language, the caller's scope, and the freshness once the read models reflect `position` (or the caller's own last action). */
  private async contextOf(principal: TokenClaims, lang: Lang, position?: bigint) {
    const { scope, freshness } = await freshRead(this.freshness, principal, position);
    return { lang, scope, freshness };
  }

  @Get()
  @Allow(...GATEWAY_STAFF)
  @ApiOperation({
    summary:
      "the console's home: a bureau officer's queues (counts overdue / due soon / not due, days left, filters as removable tags), a desk's queue, HQ's overview",
  })
  @Html()
  async home(
    @CurrentPrincipal() principal: TokenClaims,
    @Query() query: ConsoleHomeQueryDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const ctx = await this.contextOf(principal, langOf(request));
    const { scope } = ctx;
    if (scope.role === 'hq-auditor') return html(reply, overviewPage(ctx, await this.queries.overview()));
    const filters = filtersOf(query);
    const counts = await this.queries.counts(scope, { kind: query.kind, q: query.q });
    const queues: QueueName[] = scope.role === 'complaint-desk' ? [...DESK_QUEUES] : [...BUREAU_QUEUES];
    const lists = [];
    for (const queue of queues) {
      const { definition, request: list } = this.queries.queue(scope, queue, { ...filters, limit: 10 } as QueueQueryDto);
      lists.push({ queue, items: (await listPage(this.db, definition, list)).items as never[] });
    }
    return html(reply, homePage(ctx, counts, lists, filters));
  }

  @Get('login')
  @Public()
  @ApiOperation({ summary: 'the sign-in page (staff credentials)' })
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'the sign-in form (HTML)' })
  signIn(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return html(reply, signInPage({ lang: langOf(request) }));
  }

  @Post('login')
  @HttpCode(200)
  @Public()
  @ApiOperation({
    summary:
      "signs staff in through identity's POST /identity/login (proxied): a bureau officer, desk or HQ auditor gets the session cookie; anyone else 403",
  })
  @ApiProduces('text/html', 'application/json')
  @ApiResponse({
    status: 200,
    description: 'signed in: cookie hw_staff (HttpOnly, SameSite=Strict), HX-Redirect to /; JSON clients get identity’s answer',
  })
  @ApiResponse({ status: 400, description: 'VALIDATION_FAILED naming the field' })
  @ApiResponse({ status: 401, description: 'INVALID_CREDENTIALS (identity)' })
  @ApiResponse({ status: 403, description: 'NOT_GATEWAY_STAFF: organisation users, seekers and counter staff do not use the console' })
  @ApiResponse({ status: 429, description: "identity's login throttle" })
  @ApiResponse({ status: 502, description: 'OWNER_UNAVAILABLE: identity cannot be reached' })
  async login(@Body() body: LoginDto, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const lang = langOf(request);
    const answer = await this.forwarding.forward('identity', '/identity/login', undefined, { login: body.login, password: body.password });
    const token = (answer.body as { token?: unknown } | undefined)?.token;
    if (answer.status === 200 && typeof token === 'string') {
      const claims = this.tokens.verify(token, this.clock.now());
      try {
        scopeOf(claims);
      } catch {
        reply.status(403);
        return wantsHtml(request)
          ? html(reply, t(lang, 'staffOnly'))
          : {
              statusCode: 403,
              code: 'NOT_GATEWAY_STAFF',
              message: 'the console is for bureau officers, complaint desks and the HQ auditor',
              rule: 'R-STF-1',
            };
      }
      await this.staffDirectory.seen(claims, body.login); // the timeline names staff by their login
      const maxAge = Math.max(60, Math.floor(claims.exp - this.clock.now().getTime() / 1000));
      reply.header('set-cookie', `${SESSION_COOKIE}=${encodeURIComponent(token)}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAge}`);
      reply.header('hx-redirect', '/');
      return wantsHtml(request) ? html(reply, `<a href="/">${t(lang, 'home')}</a>`) : answer.body;
    }
    reply.status(answer.status);
    if (!wantsHtml(request)) return answer.body;
    return html(
      reply,
      esc(
        answer.status === 401 ? t(lang, 'badLogin') : answer.status === 429 ? t(lang, 'throttled') : `${t(lang, 'error')} ${answer.status}`,
      ),
    );
  }

  @Post('logout')
  @HttpCode(200)
  @Public()
  @ApiOperation({ summary: 'signs out: the session cookie is cleared' })
  @ApiResponse({ status: 200, description: 'signed out; HX-Redirect to /login' })
  logout(@Res({ passthrough: true }) reply: FastifyReply) {
    reply.header('set-cookie', `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0`);
    reply.header('hx-redirect', '/login');
    return { signedOut: true };
  }

  @Get('language/:lang')
  @Public()
  @ApiOperation({ summary: "the console's language (cookie hw_lang): ja (default) or en; back to the home page" })
  @ApiProduces('text/html')
  @ApiResponse({ status: 200, description: 'set; the page goes back home' })
  @ApiResponse({ status: 400, description: 'VALIDATION_FAILED: lang is ja or en' })
  language(@Param() params: LangParams, @Res({ passthrough: true }) reply: FastifyReply) {
    reply.header('set-cookie', `${LANG_COOKIE}=${params.lang}; Path=/; SameSite=Strict; Max-Age=31536000`);
    return html(
      reply,
      `<!doctype html><html lang="${params.lang}"><head><meta charset="utf-8"><meta http-equiv="refresh" content="0;url=/"><title>${t(params.lang, 'title')}</title></head><body><a href="/">${t(params.lang, 'home')}</a></body></html>`,
    );
  }

  @Get('queues/:queue')
  @Allow(...GATEWAY_STAFF)
  @ApiOperation({ summary: 'one queue, every page (keyset), its filters as removable tags, and its CSV' })
  @Html()
  async queue(
    @CurrentPrincipal() principal: TokenClaims,
    @Param() params: QueueParams,
    @Query() query: QueueQueryDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const ctx = await this.contextOf(principal, langOf(request));
    const { scope } = ctx;
    if (scope.role === 'complaint-desk' && !(DESK_QUEUES as readonly string[]).includes(params.queue))
      throw new DomainError('NOT_YOUR_OFFICE', 'a desk has the complaint and consultation queues', 'R-STF-1', 'forbidden');
    const { definition, request: list } = this.queries.queue(scope, params.queue, query);
    const page = await listPage(this.db, definition, list);
    return html(
      reply,
      queuePage(ctx, params.queue, page.items as never[], page.total, filtersOf(query), page.nextCursor, queryOf(request)),
    );
  }

  @Get('staff-reads')
  @Allow(...GATEWAY_STAFF)
  @ApiOperation({
    summary:
      "R-STF-2: the record of staff reads of personal data as a page (HQ all, a bureau its prefecture's, a desk its office's), filtered like GET /api/staff-reads, with its CSV",
  })
  @Html()
  async staffReads(
    @CurrentPrincipal() principal: TokenClaims,
    @Query() query: StaffReadsQueryDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const ctx = await this.contextOf(principal, langOf(request));
    const { definition, request: list } = this.queries.staffReads(ctx.scope, query);
    const page = await listPage(this.db, definition, list);
    return html(reply, staffReadsPage(ctx, page.items as StaffReadItem[], page.total, page.nextCursor, queryOf(request)));
  }

  private async renderCase(
    principal: TokenClaims,
    registrationId: string,
    lang: Lang,
    position: bigint | undefined,
    outcome?: Outcome,
    whole = false,
  ) {
    const ctx = await this.contextOf(principal, lang, position);
    const kase = await this.queries.registrationCase(ctx.scope, registrationId);
    const { definition, request } = await this.queries.timeline(ctx.scope, registrationId, { limit: 200 });
    const timeline = (await listPage(this.db, definition, request)).items as TimelineItem[];
    return whole ? casePage(ctx, kase as never, timeline) : caseSection(ctx, kase as never, timeline, outcome);
  }

  @Get('cases/registrations/:registrationId')
  @Allow('staff:bureau-officer', 'staff:hq-auditor')
  @ApiOperation({ summary: "a registration's case page: facts, timeline and the allowed actions (HQ: none)" })
  @Html()
  @ApiResponse({ status: 404, description: 'REGISTRATION_NOT_FOUND' })
  async registrationCase(
    @CurrentPrincipal() principal: TokenClaims,
    @Param() params: RegistrationParams,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return html(reply, await this.renderCase(principal, params.registrationId, langOf(request), undefined, undefined, true));
  }

  @Post('cases/registrations/:registrationId/actions/:action')
  @HttpCode(200)
  @Allow('staff:bureau-officer')
  @ApiOperation({
    summary:
      "an action from the case page, forwarded to its owner; the answer is the case as it stands once the read models reflect the action (no reload), with the owner's outcome",
  })
  @Html()
  @ApiResponse({ status: 404, description: 'REGISTRATION_NOT_FOUND / COMPLAINT_NOT_FOUND' })
  @ApiResponse({ status: 409, description: "the owner's 409 (the state does not allow it)" })
  @ApiResponse({ status: 422, description: "the owner's 422 (a rule refuses it)" })
  @ApiResponse({ status: 502, description: 'OWNER_UNAVAILABLE' })
  async act(
    @CurrentPrincipal() principal: TokenClaims,
    @Param() params: ActionParams,
    @Body() body: ConsoleActionDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const target = { registrationId: params.registrationId, changeId: body.changeId, complaintId: body.complaintId, period: body.period };
    const forwarded = await this.actions.act(principal, authorizationOf(request), params.action, target, ownerBody(params.action, body));
    if (!wantsHtml(request)) return answerWith(reply, forwarded);
    const lang = langOf(request);
    const admin = (forwarded.body as { admin?: { login?: unknown; activationCode?: unknown } } | undefined)?.admin;
    const done = admin?.activationCode
      ? `${t(lang, 'adminLogin')}: ${String(admin.login ?? '')} / ${t(lang, 'activationCode')}: ${String(admin.activationCode)}`
      : '';
    return answerInPlace(reply, lang, forwarded, done, forwarded.status, (position, outcome) =>
      this.renderCase(principal, params.registrationId, lang, position, outcome),
    );
  }

  @Post('cases/complaints/:complaintId/actions/:action')
  @HttpCode(200)
  @Allow('staff:complaint-desk')
  @ApiOperation({
    summary:
      "a desk's step or outcome from the complaint's page (R-CMP-2), forwarded to complaints; the answer is the complaint as it stands once the read models reflect it (no reload)",
  })
  @Html()
  @ApiResponse({ status: 404, description: 'COMPLAINT_NOT_FOUND' })
  @ApiResponse({ status: 409, description: "complaints' 409 (the state does not allow it: not escalated, outcome already recorded)" })
  @ApiResponse({ status: 422, description: "complaints' 422 (a rule refuses it)" })
  @ApiResponse({ status: 502, description: 'OWNER_UNAVAILABLE' })
  async deskAct(
    @CurrentPrincipal() principal: TokenClaims,
    @Param() params: DeskActionParams,
    @Body() body: ConsoleActionDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const target = { registrationId: '', complaintId: params.complaintId };
    const forwarded = await this.actions.act(principal, authorizationOf(request), params.action, target, ownerBody(params.action, body));
    if (!wantsHtml(request)) return answerWith(reply, forwarded);
    const lang = langOf(request);
    // A 204 from complaints would carry no body for htmx to swap: the page answers 200 with the section.
    return answerInPlace(reply, lang, forwarded, '', 200, async (position, outcome) => {
      const ctx = await this.contextOf(principal, lang, position);
      return complaintSection(ctx, (await this.queries.complaintCase(ctx.scope, params.complaintId)) as never, outcome);
    });
  }

  @Get('cases/complaints/:complaintId')
  @Allow(...GATEWAY_STAFF)
  @ApiOperation({ summary: "a complaint's case page (no texts): its course and timeline; a bureau decides a sanction request from here" })
  @Html()
  @ApiResponse({ status: 404, description: 'COMPLAINT_NOT_FOUND' })
  async complaintCase(
    @CurrentPrincipal() principal: TokenClaims,
    @Param() params: ComplaintParams,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const ctx = await this.contextOf(principal, langOf(request));
    return html(reply, complaintPage(ctx, (await this.queries.complaintCase(ctx.scope, params.complaintId)) as never));
  }
}
