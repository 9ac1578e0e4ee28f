import { jstDate } from '@hw/platform/core';
import { Freshness } from '../freshness';
import { AllowedAction, QueueCount, QueueName } from '../queries';
import { StaffScope } from '../scope';
import { DueGroup, TimelineItem } from '../views';
import { Lang, prefectureName, t } from './i18n';
import type { StaffReadItem } from '../views';

/** Server-rendered HTML from TypeScript: every value escaped here, once. */
export const esc = (value: unknown): string =>
  String(value ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

/** An instant as staff read it: Japan time, minutes. */
export const jst = (at: string | null | undefined): string => {
  if (!at) return '';
  const d = new Date(new Date(at).getTime() + 9 * 3600_000).toISOString();
  return `${d.slice(0, 10)} ${d.slice(11, 16)}`;
};
const dayOf = (at: string | null | undefined) => (at ? jstDate(at) : '');

export interface PageContext {
  lang: Lang;
  scope?: StaffScope;
  freshness?: Freshness;
}

const who = (ctx: PageContext): string => {
  const s = ctx.scope;
  if (!s) return '';
  const where = s.role === 'bureau-officer' ? prefectureName(ctx.lang, s.prefecture) : s.role === 'complaint-desk' ? s.officeCode : '';
  return `${t(ctx.lang, 'signedInAs')}: ${esc(s.staff)}（${esc(t(ctx.lang, s.role))}${where ? ` ${esc(where)}` : ''}）`;
};

export const freshnessLine = (ctx: PageContext): string => {
  const f = ctx.freshness;
  if (!f) return '';
  const parts = f.sources.map(
    (s) =>
      `<li>${esc(s.source)}: ${t(ctx.lang, 'position')} ${esc(s.position)}（${t(ctx.lang, 'lagEvents')} ${esc(s.behindEvents ?? '?')}${t(ctx.lang, 'events')}・${t(ctx.lang, 'lagSeconds')} ${esc(s.lagSeconds ?? '?')}${t(ctx.lang, 'seconds')}）</li>`,
  );
  return `<section class="freshness" aria-label="${t(ctx.lang, 'freshness')}" data-as-of="${esc(f.asOf)}"><h2>${t(ctx.lang, 'freshness')}（${esc(jst(f.asOf))}）</h2><ul>${parts.join('')}</ul></section>`;
};

/**
 * The page around a main section: language, skip link, navigation, who is signed in, freshness
 * (in the footer, unless the section states its own — a case, which an action refreshes in place);
 * htmx and the console script from this server.
 */
export const layout = (ctx: PageContext, title: string, main: string): string => `<!doctype html>
<html lang="${ctx.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)} — ${t(ctx.lang, 'title')}</title>
<link rel="stylesheet" href="/assets/console/console.css">
<script src="/assets/htmx/htmx.min.js" defer></script>
<script src="/assets/console/console.js" defer></script>
</head>
<body>
<a class="skip" href="#main">${t(ctx.lang, 'skip')}</a>
<header>
<p class="brand">${t(ctx.lang, 'title')}</p>
<nav aria-label="${t(ctx.lang, 'title')}">
${ctx.scope ? `<a href="/">${t(ctx.lang, 'home')}</a> <a href="/staff-reads">${t(ctx.lang, 'staffReads')}</a>` : ''}
<span class="lang">${t(ctx.lang, 'language')}: <a href="/language/ja" lang="ja"${ctx.lang === 'ja' ? ' aria-current="true"' : ''}>日本語</a> | <a href="/language/en" lang="en"${ctx.lang === 'en' ? ' aria-current="true"' : ''}>English</a></span>
${ctx.scope ? `<span class="who">${who(ctx)}</span> <button type="button" hx-post="/logout" hx-swap="none">${t(ctx.lang, 'signOut')}</button>` : ''}
</nav>
</header>
<main id="main" tabindex="-1">
<h1>${esc(title)}</h1>
${main}
</main>
${main.includes('class="freshness"') ? '' : `<footer>${freshnessLine(ctx)}</footer>`}
</body>
</html>`;

export const signInPage = (ctx: PageContext, message?: string): string =>
  layout(
    ctx,
    t(ctx.lang, 'signIn'),
    `<form id="sign-in" hx-post="/login" hx-target="#sign-in-status" hx-swap="innerHTML">
<p><label for="login">${t(ctx.lang, 'login')}</label><br><input id="login" name="login" autocomplete="username" required></p>
<p><label for="password">${t(ctx.lang, 'password')}</label><br><input id="password" name="password" type="password" autocomplete="current-password" required></p>
<p><button type="submit">${t(ctx.lang, 'signIn')}</button></p>
<p id="sign-in-status" role="status">${message ? esc(message) : ''}</p>
</form>`,
  );

export const messagePage = (ctx: PageContext, title: string, message: string): string =>
  layout(ctx, title, `<p role="alert" class="problem">${esc(message)}</p><p><a href="/">${t(ctx.lang, 'home')}</a></p>`);

const groupBadge = (lang: Lang, group: DueGroup | null, daysLeft: number | null) =>
  group
    ? `<span class="due ${group}">${t(lang, group)}${daysLeft !== null ? `（${t(lang, 'daysLeft')} ${esc(daysLeft)}${t(lang, 'days')}）` : ''}</span>`
    : '';

type QueueItem = {
  registrationId: string;
  organisationName: string;
  prefecture?: string;
  kind?: string;
  status?: string;
  period?: string;
  complaintId?: string;
  requestedAt?: string;
  openedAt?: string;
  filedAt?: string;
  dueAt: string | null;
  daysLeft: number | null;
  group: DueGroup | null;
};

const caseLink = (item: QueueItem) =>
  item.complaintId
    ? `/cases/complaints/${encodeURIComponent(item.complaintId)}`
    : `/cases/registrations/${encodeURIComponent(item.registrationId)}`;

/** One queue's items as a table, each row one click from its case. */
export const queueTable = (lang: Lang, queue: QueueName, items: QueueItem[]): string => {
  if (items.length === 0) return `<p class="empty">${t(lang, 'empty')}</p>`;
  const rows = items
    .map((i) => {
      const what = i.kind ? t(lang, i.kind) : i.period ? `${i.period} ${t(lang, i.status ?? '')}` : i.status ? t(lang, i.status) : '';
      return `<tr data-registration="${esc(i.registrationId)}"><td><a href="${caseLink(i)}">${esc(i.organisationName || i.registrationId)}</a></td><td>${esc(what)}</td><td>${esc(i.prefecture ? prefectureName(lang, i.prefecture) : '')}</td><td>${esc(dayOf(i.dueAt))}</td><td>${groupBadge(lang, i.group, i.daysLeft)}</td></tr>`;
    })
    .join('');
  return `<table class="queue" data-queue="${queue}"><thead><tr><th scope="col">${t(lang, 'organisation')}</th><th scope="col">${t(lang, 'what')}</th><th scope="col">${t(lang, 'prefecture')}</th><th scope="col">${t(lang, 'dueAt')}</th><th scope="col">${t(lang, 'daysLeft')}</th></tr></thead><tbody>${rows}</tbody></table>`;
};

export interface HomeFilters {
  kind?: string;
  q?: string;
  group?: DueGroup;
}

const filterTags = (lang: Lang, filters: HomeFilters, path = '/'): string => {
  const entries = Object.entries(filters).filter(([, v]) => v) as Array<[keyof HomeFilters, string]>;
  if (entries.length === 0) return '';
  const query = (without: string) =>
    new URLSearchParams(entries.filter(([k]) => k !== without).map(([k, v]) => [k, v] as [string, string])).toString();
  return `<ul class="tags" aria-label="${t(lang, 'filters')}">${entries
    .map(([k, v]) => {
      const label = k === 'q' ? `${t(lang, 'nameContains')}: ${v}` : `${t(lang, k === 'group' ? 'group' : 'kind')}: ${t(lang, v)}`;
      const rest = query(k);
      return `<li class="tag">${esc(label)} <a href="${path}${rest ? `?${esc(rest)}` : ''}" aria-label="${esc(`${t(lang, 'removeFilter')}: ${label}`)}">×</a></li>`;
    })
    .join('')}</ul>`;
};

const filterForm = (lang: Lang, filters: HomeFilters, path = '/'): string => {
  const option = (value: string, current?: string) =>
    `<option value="${value}"${value === current ? ' selected' : ''}>${value ? t(lang, value) : t(lang, 'any')}</option>`;
  return `<form class="filters" method="get" action="${path}" aria-label="${t(lang, 'filters')}">
<label for="f-kind">${t(lang, 'kind')}</label> <select id="f-kind" name="kind">${['', 'private-paid', 'private-free', 'local-government'].map((k) => option(k, filters.kind)).join('')}</select>
<label for="f-group">${t(lang, 'group')}</label> <select id="f-group" name="group">${['', 'overdue', 'due-soon', 'not-due'].map((g) => option(g, filters.group)).join('')}</select>
<label for="f-q">${t(lang, 'nameContains')}</label> <input id="f-q" name="q" value="${esc(filters.q ?? '')}" maxlength="100">
<button type="submit">${t(lang, 'apply')}</button></form>`;
};

/** A bureau officer's or desk's home: per queue, counts grouped overdue / due soon / not due, then the first items. */
export const homePage = (
  ctx: PageContext,
  counts: QueueCount[],
  lists: Array<{ queue: QueueName; items: QueueItem[] }>,
  filters: HomeFilters,
): string => {
  const lang = ctx.lang;
  const clean = Object.fromEntries(Object.entries(filters).filter(([, v]) => v));
  const sections = counts
    .map((c) => {
      const list = lists.find((l) => l.queue === c.queue)?.items ?? [];
      const all = new URLSearchParams(clean as Record<string, string>).toString();
      return `<section class="queue-card" aria-labelledby="q-${c.queue}" data-queue="${c.queue}">
<h2 id="q-${c.queue}">${t(lang, c.queue)} <span class="count" data-count="${c.total}">${c.total}</span></h2>
<ul class="groups"><li class="due overdue">${t(lang, 'overdue')} <strong data-group="overdue">${c.overdue}</strong></li><li class="due due-soon">${t(lang, 'due-soon')} <strong data-group="due-soon">${c.dueSoon}</strong></li><li class="due not-due">${t(lang, 'not-due')} <strong data-group="not-due">${c.notDue}</strong></li></ul>
${queueTable(lang, c.queue, list)}
<p><a href="/queues/${c.queue}${all ? `?${esc(all)}` : ''}">${t(lang, 'showAll')}</a></p>
</section>`;
    })
    .join('');
  return layout(ctx, t(lang, 'home'), `${filterTags(lang, filters)}${filterForm(lang, filters)}<div class="queues">${sections}</div>`);
};

/** One queue, every page: keyset links, and the same list as CSV. */
export const queuePage = (
  ctx: PageContext,
  queue: QueueName,
  items: QueueItem[],
  total: number,
  filters: HomeFilters,
  next: string | undefined,
  query: string,
): string => {
  const lang = ctx.lang;
  const path = `/queues/${queue}`;
  const api =
    queue === 'complaints'
      ? '/api/complaints?status=escalated&'
      : queue === 'consultations'
        ? '/api/consultations?state=open&'
        : `/api/queues/${queue}?`;
  const nextLink = next
    ? `<p><a href="${path}?${esc(new URLSearchParams({ ...(Object.fromEntries(Object.entries(filters).filter(([, v]) => v)) as Record<string, string>), cursor: next }).toString())}" rel="next">${t(lang, 'next')}</a></p>`
    : '';
  const csvQuery = new URLSearchParams(query);
  csvQuery.delete('cursor');
  csvQuery.set('format', 'csv');
  if (queue === 'complaints') csvQuery.delete('status');
  return layout(
    ctx,
    `${t(lang, queue)}（${total}）`,
    `${filterTags(lang, filters, path)}${queue === 'complaints' || queue === 'consultations' ? '' : filterForm(lang, filters, path)}${queueTable(lang, queue, items)}${nextLink}<p><a href="${esc(`${api}${csvQuery.toString()}`)}" download>${t(lang, 'csv')}</a></p>`,
  );
};

/** Who: staff by role, office or prefecture and login where the gateway knows them; others by kind (and id). */
const actorLabel = (lang: Lang, actor: TimelineItem['actor']) => {
  if (!actor) return '';
  if (actor.kind === 'staff' && actor.role) {
    const where = actor.role === 'bureau-officer' && actor.prefecture ? prefectureName(lang, actor.prefecture) : (actor.officeCode ?? '');
    return `${t(lang, actor.role)}${where ? ` ${where}` : ''} ${actor.login ?? actor.id ?? ''}`.trim();
  }
  return `${t(lang, actor.kind)}${actor.id ? ` ${actor.id}` : ''}`;
};
const TYPE_LABELS: Record<string, [string, string]> = {
  'registration.ApplicationSubmitted.v1': ['利用申請の受付', 'Application received'],
  'registration.RegistrationApproved.v1': ['承認', 'Approved'],
  'registration.ApplicationRejected.v1': ['不承認', 'Rejected'],
  'registration.ChangeRequested.v1': ['変更申請', 'Change requested'],
  'registration.RegistrationChanged.v1': ['変更の承認（担当者の版の更新）', 'Change approved (officer version)'],
  'registration.ChangeRejected.v1': ['変更の不承認', 'Change rejected'],
  'registration.RenewalRequested.v1': ['更新申請', 'Renewal requested'],
  'registration.RegistrationRenewed.v1': ['更新', 'Renewed'],
  'registration.RenewalRejected.v1': ['更新の不承認', 'Renewal rejected'],
  'registration.SuspensionRequested.v1': ['利用停止の申出', 'Suspension requested'],
  'registration.RegistrationStatusChanged.v1': ['状態の変更', 'Status changed'],
  'registration.PaidServiceNotificationFiled.v1': ['有料サービスの届出', 'Paid-service notification'],
  'messaging.MessageSent.v1': ['日別の送信件数', 'Daily count'],
  'messaging.SeekerReplied.v1': ['日別の送信件数', 'Daily count'],
  'complaints.ComplaintFiled.v1': ['苦情の申出', 'Complaint filed'],
  'complaints.ComplaintEscalated.v1': ['苦情窓口への移行', 'Escalated to a desk'],
  'complaints.DeskOutcomeRecorded.v1': ['窓口の結果', 'Desk outcome'],
  'complaints.DeskStepRecorded.v1': ['窓口の対応経過', 'Desk handling step'],
  'complaints.SanctionDecided.v1': ['苦情による処分の決定', 'Complaint sanction decided'],
  'complaints.SanctionCarriedOut.v1': ['処分の実施', 'Sanction carried out'],
  'reporting.ReportObligationOpened.v1': ['実績報告の義務', 'Report owed'],
  'reporting.ReportFiled.v1': ['実績報告の提出', 'Report filed'],
  'reporting.ReportAmended.v1': ['実績報告の訂正', 'Report amended'],
  'reporting.ReportFlaggedOverdue.v1': ['実績報告の期限超過', 'Report overdue'],
  'reporting.ReportMarkedFalse.v1': ['虚偽報告の認定', 'Report marked false'],
  'reporting.SanctionDecided.v1': ['報告による処分の決定', 'Report sanction decided'],
};
const typeLabel = (lang: Lang, type: string) => TYPE_LABELS[type]?.[lang === 'en' ? 1 : 0] ?? type;
const summary = (lang: Lang, item: TimelineItem): string => {
  const d = item.data as Record<string, unknown>;
  if (item.entryId.startsWith('day-'))
    return `${esc(d.day)}: ${t(lang, 'sent')} ${esc(d.messagesSent)} / ${t(lang, 'replies')} ${esc(d.replies)}`;
  const keys = [
    'status',
    'reason',
    'until',
    'decision',
    'outcome',
    'period',
    'complaintOfficerVersion',
    'usagePeriodEndsAt',
    'parts',
    'officeCode',
    'category',
  ];
  return keys
    .filter((k) => d[k] !== undefined)
    .map((k) => `${esc(k)}=${esc(Array.isArray(d[k]) ? (d[k] as unknown[]).join(' ') : d[k])}`)
    .join(' ');
};

export const timelineTable = (lang: Lang, items: TimelineItem[]): string =>
  `<table class="timeline" aria-label="${t(lang, 'timeline')}"><thead><tr><th scope="col">${t(lang, 'position')}</th><th scope="col">${t(lang, 'at')}</th><th scope="col">${t(lang, 'what')}</th><th scope="col">${t(lang, 'who')}</th><th scope="col">${t(lang, 'status')}</th></tr></thead><tbody>${items
    .map(
      (e) =>
        `<tr data-type="${esc(e.type)}"><td>${esc(e.position)}</td><td>${esc(jst(e.at))}</td><td>${esc(typeLabel(lang, e.type))}</td><td>${esc(actorLabel(lang, e.actor))}</td><td>${summary(lang, e)}</td></tr>`,
    )
    .join('')}</tbody></table>`;

const field = (lang: Lang, action: string, f: AllowedAction['fields'][number]): string => {
  const id = `${action}-${f.name}`;
  const label = `${t(lang, f.name)}（${t(lang, f.required ? 'required' : 'optional')}）`;
  const required = f.required ? ' required aria-required="true"' : '';
  if (f.type === 'choice')
    return `<label for="${id}">${label}</label> <select id="${id}" name="${f.name}"${required}>${(f.choices ?? []).map((c) => `<option value="${c}">${t(lang, c)}</option>`).join('')}</select>`;
  if (f.type === 'boolean')
    return `<input id="${id}" name="${f.name}" type="checkbox" value="true"> <label for="${id}">${t(lang, f.name)}</label>`;
  if (f.type === 'instant')
    return `<label for="${id}">${label}</label> <input id="${id}" name="${f.name}" type="datetime-local"${required}>`;
  return `<label for="${id}">${label}</label> <input id="${id}" name="${f.name}"${required} maxlength="${f.name === 'adminLogin' ? 100 : 1000}">`;
};

/** The actions the caller may ask for, one form each; the answer replaces the case in place. */
export const actionForms = (
  lang: Lang,
  registrationId: string,
  actions: AllowedAction[],
  base = `/cases/registrations/${esc(registrationId)}`,
): string =>
  actions.length === 0
    ? ''
    : `<section class="actions" aria-labelledby="actions-h"><h2 id="actions-h">${t(lang, 'actions')}</h2>${actions
        .map((a) => {
          const key = `${a.action}${a.target?.changeId ? `-${a.target.changeId.slice(-6)}` : a.target?.period ? `-${a.target.period}` : a.target?.complaintId ? `-${a.target.complaintId.slice(-6)}` : ''}`;
          const hidden = Object.entries(a.target ?? {})
            .map(([k, v]) => `<input type="hidden" name="${esc(k)}" value="${esc(v)}">`)
            .join('');
          const target = a.target?.period ?? a.target?.complaintId?.slice(0, 8) ?? '';
          return `<form class="action" data-action="${a.action}" hx-post="${base}/actions/${a.action}" hx-target="#case" hx-swap="outerHTML">${hidden}<fieldset><legend>${t(lang, a.action)}${target ? `（${esc(target)}）` : ''}</legend>${a.fields.map((f) => `<p>${field(lang, key, f)}</p>`).join('')}<button type="submit">${t(lang, a.action)}</button></fieldset></form>`;
        })
        .join('')}</section>`;

/** The owner's answer to the action a case page asked for: done, or refused with its status, and what it said. */
export interface Outcome {
  ok: boolean;
  status: number;
  text: string;
}
/** The line a case section states its last action's outcome on (empty before any: the answer fills it in place). */
const outcomeLine = (lang: Lang, outcome: Outcome | undefined): string =>
  outcome
    ? `<p role="status" class="outcome ${outcome.ok ? 'ok' : 'problem'}">${esc(outcome.ok ? t(lang, 'done') : `${t(lang, 'refused')}: ${outcome.status}`)} ${esc(outcome.text)}</p>`
    : '<p role="status" class="outcome"></p>';

type RegistrationCase = {
  registration: Record<string, unknown> & { registrationId: string; organisationName: string; status: string; prefecture: string };
  requests: Array<Record<string, unknown>>;
  complaints: Array<Record<string, unknown>>;
  reports: Array<Record<string, unknown>>;
  sanctions: Array<Record<string, unknown>>;
  dailyCounts: Array<{ day: string; messagesSent: number; replies: number }>;
  officerVersions: Array<{ version: number; approvedAt: string }>;
  allowedActions: AllowedAction[];
};

/** The case section (what an action's answer replaces): facts, the outcome of the last action, actions, requests, complaints, reports, counts, timeline. */
export const caseSection = (ctx: PageContext, kase: RegistrationCase, timeline: TimelineItem[], outcome?: Outcome): string => {
  const lang = ctx.lang;
  const r = kase.registration;
  const facts: Array<[string, unknown]> = [
    ['status', `<span data-status="${esc(r.status)}">${esc(t(lang, r.status))}</span>`],
    ['prefecture', esc(prefectureName(lang, r.prefecture))],
    ['kind', esc(t(lang, String(r.organisationKind ?? '')))],
    ['permitNumber', esc(r.permitNumber ?? r.localGovernmentCode ?? '')],
    ['usagePeriodEndsAt', `${esc(dayOf(r.usagePeriodEndsAt as string))} ${groupBadge(lang, r.group as DueGroup, r.daysLeft as number)}`],
    ['officerVersion', esc(kase.officerVersions.map((v) => `${v.version}（${dayOf(v.approvedAt)}）`).join(', '))],
    ['sanctions', esc(r.sanctions)],
  ];
  const list = (title: string, rows: string[]) =>
    `<section><h2>${title}</h2>${rows.length ? `<ul>${rows.join('')}</ul>` : `<p class="empty">${t(lang, 'empty')}</p>`}</section>`;
  const message = outcomeLine(lang, outcome);
  return `<div id="case" data-registration="${esc(r.registrationId)}" data-status="${esc(r.status)}">
${message}
<dl class="facts">${facts.map(([k, v]) => `<dt>${t(lang, k)}</dt><dd>${v}</dd>`).join('')}</dl>
${ctx.scope?.role === 'hq-auditor' ? `<p class="read-only">${t(lang, 'readOnly')}</p>` : actionForms(lang, r.registrationId, kase.allowedActions)}
${list(
  t(lang, 'requests'),
  kase.requests.map(
    (q) =>
      `<li>${esc(t(lang, String(q.kind)))}: ${esc(t(lang, String(q.status)))}（${esc(jst(q.requestedAt as string))}）${q.status === 'pending' ? ` ${groupBadge(lang, q.group as DueGroup, q.daysLeft as number)}` : ''}</li>`,
  ),
)}
${list(
  t(lang, 'complaints'),
  kase.complaints.map(
    (c) =>
      `<li><a href="/cases/complaints/${esc(c.complaintId)}">${esc(String(c.complaintId).slice(0, 8))}</a> ${esc(t(lang, String(c.status)))}（${esc(jst(c.filedAt as string))}）</li>`,
  ),
)}
${list(
  t(lang, 'reports'),
  kase.reports.map(
    (p) =>
      `<li>${esc(p.period)}: ${esc(t(lang, String(p.status)))}${p.sanctionDecision ? ` → ${esc(t(lang, String(p.sanctionDecision)))}` : ''}</li>`,
  ),
)}
${list(
  t(lang, 'sanctions'),
  kase.sanctions.map(
    (s) =>
      `<li>${esc(t(lang, String(s.decision)))}（${esc(jst(s.at as string))}）${s.until ? ` 〜${esc(jst(s.until as string))}` : ''}</li>`,
  ),
)}
${list(
  t(lang, 'dailyCounts'),
  kase.dailyCounts.map((d) => `<li>${esc(d.day)}: ${t(lang, 'sent')} ${d.messagesSent} / ${t(lang, 'replies')} ${d.replies}</li>`),
)}
<section><h2>${t(lang, 'timeline')}</h2>${timelineTable(lang, timeline)}</section>
${freshnessLine(ctx)}
</div>`;
};

export const casePage = (ctx: PageContext, kase: RegistrationCase, timeline: TimelineItem[]): string =>
  layout(
    ctx,
    `${t(ctx.lang, 'case')}: ${kase.registration.organisationName || kase.registration.registrationId}`,
    caseSection(ctx, kase, timeline),
  );

type ComplaintCase = { complaint: Record<string, unknown>; timeline: TimelineItem[]; allowedActions: AllowedAction[] };

/** A complaint's case section (what a desk's action answer replaces): facts, the last outcome, actions, timeline. */
export const complaintSection = (ctx: PageContext, kase: ComplaintCase, outcome?: Outcome): string => {
  const lang = ctx.lang;
  const c = kase.complaint;
  const facts: Array<[string, string]> = [
    ['status', `<span data-status="${esc(c.status)}">${esc(t(lang, String(c.status)))}</span>`],
    ['organisation', esc(c.organisationName || c.registrationId)],
    ['category', esc(c.category)],
    ['filedAt', esc(jst(c.filedAt as string))],
    ['office', esc(c.officeCode ?? '')],
    ['dueAt', `${esc(dayOf(c.dueAt as string))} ${groupBadge(lang, c.group as DueGroup, c.daysLeft as number)}`],
    ['decision', esc(c.sanctionDecision ? t(lang, String(c.sanctionDecision)) : '')],
  ];
  // A desk's own actions answer with this section; a bureau's sanction decision with the registration's case.
  const base = ctx.scope?.role === 'complaint-desk' ? `/cases/complaints/${esc(c.complaintId)}` : undefined;
  const actions =
    ctx.scope?.role === 'hq-auditor'
      ? `<p class="read-only">${t(lang, 'readOnly')}</p>`
      : actionForms(lang, String(c.registrationId), kase.allowedActions, base);
  const message = outcomeLine(lang, outcome);
  return `<div id="case" data-complaint="${esc(c.complaintId)}" data-status="${esc(c.status)}">${message}<dl class="facts">${facts.map(([k, v]) => `<dt>${t(lang, k)}</dt><dd>${v}</dd>`).join('')}</dl>${actions}<section><h2>${t(lang, 'timeline')}</h2>${timelineTable(lang, kase.timeline)}</section>${freshnessLine(ctx)}</div>`;
};

export const complaintPage = (ctx: PageContext, kase: ComplaintCase): string =>
  layout(ctx, `${t(ctx.lang, 'complaint')}: ${String(kase.complaint.complaintId).slice(0, 8)}`, complaintSection(ctx, kase));

export const overviewPage = (ctx: PageContext, prefectures: Array<{ prefecture: string } & Record<string, number>>): string => {
  const lang = ctx.lang;
  const keys = [
    'active',
    'suspended',
    'terminated',
    'pendingApplications',
    'pendingChanges',
    'sanctionRequests',
    'overdueReports',
    'falseReports',
    'sanctions',
    'usagePeriodsEnding',
  ];
  return layout(
    ctx,
    t(lang, 'overview'),
    `<p class="read-only">${t(lang, 'readOnly')}</p><table class="overview"><thead><tr><th scope="col">${t(lang, 'prefecture')}</th>${keys.map((k) => `<th scope="col">${t(lang, k)}</th>`).join('')}</tr></thead><tbody>${prefectures
      .map(
        (p) =>
          `<tr data-prefecture="${p.prefecture}"><th scope="row"><a href="/queues/applications?prefecture=${p.prefecture}">${esc(prefectureName(lang, p.prefecture))}</a></th>${keys.map((k) => `<td>${p[k] ?? 0}</td>`).join('')}</tr>`,
      )
      .join('')}</tbody></table>`,
  );
};

/** R-STF-2: the record of staff reads of personal data (who, role, office, what kind, why, when — never the data). */
export const staffReadsPage = (
  ctx: PageContext,
  items: StaffReadItem[],
  total: number,
  next: string | undefined,
  query: string,
): string => {
  const lang = ctx.lang;
  const params = new URLSearchParams(query);
  params.delete('cursor');
  params.delete('format');
  const nextParams = new URLSearchParams(params);
  if (next) nextParams.set('cursor', next);
  const csv = new URLSearchParams(params);
  csv.set('format', 'csv');
  const head = ['readAt', 'staffMember', 'role', 'office', 'prefecture', 'readKind', 'subject', 'purpose'];
  const rows = items
    .map(
      (i) =>
        `<tr data-read="${esc(i.readId)}"><td>${esc(jst(i.readAt))}</td><td>${esc(i.staffId)}</td><td>${esc(t(lang, i.role))}</td><td>${esc(i.officeCode ?? '')}</td><td>${esc(i.prefecture ? prefectureName(lang, i.prefecture) : '')}</td><td>${esc(t(lang, i.kind))}</td><td>${esc(i.subjectId)}</td><td>${esc(i.purpose ? t(lang, i.purpose) : '')}</td></tr>`,
    )
    .join('');
  return layout(
    ctx,
    `${t(lang, 'staffReads')}（${total}）`,
    `<table class="staff-reads" aria-label="${t(lang, 'staffReads')}"><thead><tr>${head.map((h) => `<th scope="col">${t(lang, h)}</th>`).join('')}</tr></thead><tbody>${rows}</tbody></table>${items.length ? '' : `<p class="empty">${t(lang, 'empty')}</p>`}${next ? `<p><a href="/staff-reads?${esc(nextParams.toString())}" rel="next">${t(lang, 'next')}</a></p>` : ''}<p><a href="/api/staff-reads?${esc(csv.toString())}" download>${t(lang, 'csv')}</a></p>`,
  );
};
