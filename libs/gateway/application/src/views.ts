import { addDays, jstDate, jstStartOf } from '@hw/platform/core';
import { t } from './console/i18n';
import { CsvColumn, ListDefinition } from './lists';
import { num, Row, str } from './sql';

/** Where an item stands against its due instant: overdue, due soon (within the queue's window), or not due. */
export type DueGroup = 'overdue' | 'due-soon' | 'not-due';
export const DUE_GROUPS: DueGroup[] = ['overdue', 'due-soon', 'not-due'];

/** The instants that split a queue into its groups: now, and the end of the Japan-time day `soonDays` from today. */
export interface DueWindow {
  now: string;
  soonUntil: string;
  today: string;
}
export const dueWindow = (now: Date, soonDays: number): DueWindow => {
  const today = jstDate(now);
  return { now: now.toISOString(), soonUntil: jstStartOf(addDays(today, soonDays + 1)), today };
};

/** Calendar days (Japan time) from today to the due instant's day: 0 today, negative when past. */
export const daysLeft = (window: DueWindow, due: string | null): number | null => {
  if (!due) return null;
  return Math.round((Date.parse(`${jstDate(due)}T00:00:00Z`) - Date.parse(`${window.today}T00:00:00Z`)) / 86_400_000);
};
export const groupOf = (window: DueWindow, due: string | null): DueGroup | null =>
  !due ? null : due < window.now ? 'overdue' : due < window.soonUntil ? 'due-soon' : 'not-due';

/** The SQL condition of a group on the `due` column (the same thresholds as groupOf). */
export const groupCondition = (group: DueGroup): string =>
  group === 'overdue'
    ? "t.due <> '' AND t.due < :dueNow"
    : group === 'due-soon'
      ? 't.due >= :dueNow AND t.due < :dueSoon'
      : 't.due >= :dueSoon';

const withDue = <T extends object>(item: T, window: DueWindow, due: string | null) => ({
  ...item,
  dueAt: due || null,
  daysLeft: daysLeft(window, due || null),
  group: groupOf(window, due || null),
});

/** The Japanese labels the CSV files use for the values they hold: the console's own Japanese (console/i18n). */
export const ja = (value: string | null | undefined): string => (value ? t('ja', value) : '');
/** A request's kind: `suspension` there is the organisation's request (利用停止の申出), not the sanction (利用停止). */
const requestKindJa = (value: string | null | undefined): string => (value === 'suspension' ? '利用停止の申出' : ja(value));

// ---- lists ------------------------------------------------------------------------------------

const REGISTRATION_JOIN = 'LEFT JOIN gateway_registrations r ON r.registration_id = ';
const ORG = "COALESCE(r.organisation_name, '') AS organisation_name, COALESCE(r.kind, '') AS organisation_kind";

/** The organisation an item is about (its registration, and the name ORG joins in): most lists lead with it. */
const organisationOf = (r: Row) => ({ registrationId: String(r.registration_id), organisationName: String(r.organisation_name) });

/** A list whose item type is what its `item` makes of a row: each list states its fields once. */
const list = <I>(definition: ListDefinition<I>): ListDefinition<I> => definition;
type ItemOf<L> = L extends (...args: never[]) => ListDefinition<infer I> ? I : never;

/** Each list's sorts (key → column, never NULL) and default: the lists run them, the DTOs offer them (validation, OpenAPI). */
export const SORTING = {
  requests: { sorts: { due: 'due', requested: 'requested_at', name: 'organisation_name' }, defaultSort: 'due' },
  complaints: {
    sorts: { due: 'due', filed: 'filed_at', requested: 'sanction_requested_at', name: 'organisation_name' },
    defaultSort: 'due',
  },
  consultations: { sorts: { due: 'due', opened: 'opened_at' }, defaultSort: 'due' },
  reports: { sorts: { due: 'due', period: 'period', dueDay: 'due_day', name: 'organisation_name' }, defaultSort: 'due' },
  registrations: { sorts: { name: 'organisation_name', status: 'status_at', approved: 'approved_at', ends: 'due' }, defaultSort: 'name' },
  dailyCounts: { sorts: { day: 'day', sent: 'messages_sent' }, defaultSort: '-day' },
  timeline: { sorts: { position: 'position', at: 'at' }, defaultSort: 'position' },
  staffReads: { sorts: { at: 'read_at', staff: 'staff_id' }, defaultSort: '-at' },
};

type Cell = string | number | boolean | null | undefined;
/** A CSV column showing an item's field as it is. */
const cell = <K extends string>(header: string, key: K): CsvColumn<Record<K, Cell>> => ({ header, value: (i) => i[key] });
/** A CSV column showing an item's field by its Japanese label (ja). */
const label = <K extends string>(header: string, key: K, labelOf = ja): CsvColumn<Record<K, string | null>> => ({
  header,
  value: (i) => labelOf(i[key]),
});

/** The CSV columns of the organisation an item is about (organisationOf), first in most lists. */
const ORGANISATION_CSV = [cell('登録ID', 'registrationId'), cell('団体名', 'organisationName')];
const PREFECTURE_CSV = cell('都道府県', 'prefecture');
const STATUS_CSV = label('状態', 'status');
/** The CSV columns of an item's due instant (withDue). */
const DAYS_LEFT_CSV = [cell('残り日数', 'daysLeft'), label('区分', 'group')];
const DUE_CSV = [cell('処理期限', 'dueAt'), ...DAYS_LEFT_CSV];
const POSITION_CSV = cell('ログ位置', 'position');

export const requestsList = (window: DueWindow) =>
  list({
    name: 'requests',
    select: `SELECT q.request_id AS id, q.kind, q.registration_id, q.prefecture, COALESCE(q.parts, '') AS parts, q.requested_at, q.due_at AS due,
      q.status, q.decided_at, ${ORG}, r.permit_number
    FROM gateway_requests q ${REGISTRATION_JOIN}q.registration_id`,
    ...SORTING.requests,
    item: (r: Row) =>
      withDue(
        {
          requestId: String(r.id),
          kind: String(r.kind),
          ...organisationOf(r),
          organisationKind: String(r.organisation_kind),
          prefecture: String(r.prefecture),
          permitNumber: str(r.permit_number),
          parts: String(r.parts).split(' ').filter(Boolean),
          requestedAt: String(r.requested_at),
          status: String(r.status),
          decidedAt: str(r.decided_at),
        },
        window,
        str(r.due),
      ),
    csv: [
      ...ORGANISATION_CSV,
      label('団体の種別', 'organisationKind'),
      PREFECTURE_CSV,
      cell('許可番号', 'permitNumber'),
      label('申請の種類', 'kind', requestKindJa),
      { header: '変更内容', value: (i) => i.parts.join(' ') },
      cell('申請日時', 'requestedAt'),
      STATUS_CSV,
      ...DUE_CSV,
    ],
  });
export type RequestItem = ItemOf<typeof requestsList>;

/** Complaints; `due` is the desk's (escalated) or the bureau's (a sanction request) deadline. */
export const complaintsList = (window: DueWindow, due: 'desk' | 'sanction') =>
  list({
    name: 'complaints',
    select: `SELECT c.complaint_id AS id, c.registration_id, COALESCE(c.sanction_prefecture, r.prefecture, '') AS prefecture, c.category, c.status,
      c.filed_at, c.escalated_at, c.escalation_reason, COALESCE(c.office_code, '') AS office_code, c.outcome, c.sanction_prefecture,
      COALESCE(c.sanction_requested_at, '') AS sanction_requested_at, c.sanction_decision, c.sanction_until, c.sanction_decided_at,
      c.carried_out_at, c.overdue_step, COALESCE(${due === 'desk' ? 'c.desk_due_at' : 'c.sanction_due_at'}, '') AS due, ${ORG}
    FROM gateway_complaints c ${REGISTRATION_JOIN}c.registration_id`,
    ...SORTING.complaints,
    item: (r: Row) =>
      withDue(
        {
          complaintId: String(r.id),
          ...organisationOf(r),
          prefecture: String(r.prefecture),
          category: String(r.category),
          status: String(r.status),
          filedAt: String(r.filed_at),
          escalatedAt: str(r.escalated_at),
          escalationReason: str(r.escalation_reason),
          officeCode: str(r.office_code) || null,
          outcome: str(r.outcome),
          sanctionPrefecture: str(r.sanction_prefecture),
          sanctionRequestedAt: str(r.sanction_requested_at) || null,
          sanctionDecision: str(r.sanction_decision),
          sanctionUntil: str(r.sanction_until),
          sanctionDecidedAt: str(r.sanction_decided_at),
          carriedOutAt: str(r.carried_out_at),
          overdueStep: str(r.overdue_step),
        },
        window,
        str(r.due),
      ),
    csv: [
      cell('苦情ID', 'complaintId'),
      ...ORGANISATION_CSV,
      PREFECTURE_CSV,
      cell('分類', 'category'),
      STATUS_CSV,
      cell('申出日時', 'filedAt'),
      cell('窓口', 'officeCode'),
      cell('窓口移行日時', 'escalatedAt'),
      cell('窓口の結果', 'outcome'),
      cell('処分請求日時', 'sanctionRequestedAt'),
      label('処分', 'sanctionDecision'),
      ...DUE_CSV,
    ],
  });
export type ComplaintItem = ItemOf<typeof complaintsList>;

export const consultationsList = (window: DueWindow) =>
  list({
    name: 'consultations',
    select: `SELECT k.consultation_id AS id, k.registration_id, k.office_code, k.opened_at, k.due_at AS due, k.answered_at, ${ORG}
    FROM gateway_consultations k ${REGISTRATION_JOIN}k.registration_id`,
    ...SORTING.consultations,
    item: (r: Row) =>
      withDue(
        {
          consultationId: String(r.id),
          ...organisationOf(r),
          officeCode: String(r.office_code),
          openedAt: String(r.opened_at),
          answeredAt: str(r.answered_at),
        },
        window,
        r.answered_at ? null : str(r.due),
      ),
    csv: [
      cell('相談ID', 'consultationId'),
      ...ORGANISATION_CSV,
      cell('窓口', 'officeCode'),
      cell('相談日時', 'openedAt'),
      cell('回答日時', 'answeredAt'),
      ...DUE_CSV,
    ],
  });
export type ConsultationItem = ItemOf<typeof consultationsList>;

/** Reports; `due` is the bureau's follow-up deadline of an overdue or false report. */
export const reportsList = (window: DueWindow) =>
  list({
    name: 'reports',
    select: `SELECT p.stream_id AS id, p.registration_id, p.prefecture, p.period, p.due_day, p.status, p.version, p.filed_at,
      p.flagged_overdue_at, p.marked_false_at, p.messages_sent, p.seekers_replied, p.sanction_decision, p.sanction_decided_at,
      COALESCE(p.follow_up_due_at, '') AS due, ${ORG}
    FROM gateway_reports p ${REGISTRATION_JOIN}p.registration_id`,
    ...SORTING.reports,
    item: (r: Row) =>
      withDue(
        {
          reportId: String(r.id),
          ...organisationOf(r),
          prefecture: String(r.prefecture),
          period: String(r.period),
          status: String(r.status),
          dueDay: String(r.due_day),
          version: num(r.version),
          filedAt: str(r.filed_at),
          flaggedOverdueAt: str(r.flagged_overdue_at),
          markedFalseAt: str(r.marked_false_at),
          messagesSent: num(r.messages_sent),
          seekersReplied: num(r.seekers_replied),
          sanctionDecision: str(r.sanction_decision),
          sanctionDecidedAt: str(r.sanction_decided_at),
        },
        window,
        (['overdue', 'false'].includes(String(r.status)) && !r.sanction_decision ? str(r.due) : null) || null,
      ),
    csv: [
      ...ORGANISATION_CSV,
      PREFECTURE_CSV,
      cell('期間', 'period'),
      STATUS_CSV,
      cell('提出期限', 'dueDay'),
      cell('提出日時', 'filedAt'),
      cell('版', 'version'),
      cell('送信件数', 'messagesSent'),
      cell('返信求職者数', 'seekersReplied'),
      label('処分', 'sanctionDecision'),
      ...DUE_CSV,
    ],
  });
export type ReportItem = ItemOf<typeof reportsList>;

/** Registrations; `due` is the end of the usage period (R-ORG-1). */
export const registrationsList = (window: DueWindow) =>
  list({
    name: 'registrations',
    select: `SELECT r.registration_id AS id, COALESCE(r.organisation_name, '') AS organisation_name, COALESCE(r.kind, '') AS organisation_kind,
      r.category, r.prefecture, r.permit_number, r.local_government_code, r.status, r.status_at, r.status_reason, r.suspended_until,
      r.submitted_at, COALESCE(r.approved_at, '') AS approved_at, COALESCE(r.usage_period_ends_at, '') AS due, r.complaint_officer_version,
      r.sanctions, r.paid_service_notifications, r.position
    FROM gateway_registrations r`,
    ...SORTING.registrations,
    item: (r: Row) =>
      withDue(
        {
          registrationId: String(r.id),
          organisationName: String(r.organisation_name),
          organisationKind: String(r.organisation_kind),
          category: str(r.category),
          prefecture: String(r.prefecture),
          permitNumber: str(r.permit_number),
          localGovernmentCode: str(r.local_government_code),
          status: String(r.status),
          statusAt: String(r.status_at),
          statusReason: str(r.status_reason),
          suspendedUntil: str(r.suspended_until),
          submittedAt: str(r.submitted_at),
          approvedAt: str(r.approved_at) || null,
          usagePeriodEndsAt: str(r.due) || null,
          complaintOfficerVersion:
            r.complaint_officer_version === null || r.complaint_officer_version === undefined ? null : num(r.complaint_officer_version),
          sanctions: num(r.sanctions),
          paidServiceNotifications: num(r.paid_service_notifications),
          position: String(num(r.position)),
        },
        window,
        ['active', 'suspended'].includes(String(r.status)) ? str(r.due) : null,
      ),
    csv: [
      ...ORGANISATION_CSV,
      label('団体の種別', 'organisationKind'),
      PREFECTURE_CSV,
      cell('許可番号', 'permitNumber'),
      cell('地方公共団体コード', 'localGovernmentCode'),
      STATUS_CSV,
      cell('承認日時', 'approvedAt'),
      cell('利用期間満了日時', 'usagePeriodEndsAt'),
      cell('苦情処理担当者の版', 'complaintOfficerVersion'),
      cell('処分回数', 'sanctions'),
      ...DAYS_LEFT_CSV,
    ],
  });
export type RegistrationItem = ItemOf<typeof registrationsList>;

export const dailyCountsList = () =>
  list({
    name: 'daily-counts',
    select: `SELECT d.registration_id || ':' || d.day AS id, d.registration_id, d.day, d.messages_sent, d.replies, d.last_at,
      COALESCE(r.prefecture, '') AS prefecture, ${ORG}
    FROM gateway_daily_counts d ${REGISTRATION_JOIN}d.registration_id`,
    ...SORTING.dailyCounts,
    item: (r: Row) => ({
      ...organisationOf(r),
      prefecture: String(r.prefecture),
      day: String(r.day),
      messagesSent: num(r.messages_sent),
      replies: num(r.replies),
      lastAt: String(r.last_at),
    }),
    csv: [...ORGANISATION_CSV, PREFECTURE_CSV, cell('日付', 'day'), cell('送信件数', 'messagesSent'), cell('返信件数', 'replies')],
  });
export type DailyCountItem = ItemOf<typeof dailyCountsList>;

/** Who did it: the actor's kind and id; for staff the role, office, prefecture and login the gateway knows (StaffDirectory). */
export type Actor = { kind: string; id?: string; role?: string; login?: string; officeCode?: string; prefecture?: string } | null;

/** The timeline's "who": the actor's id, and for staff the role, office, prefecture and login the gateway knows (StaffDirectory). */
export const STAFF_COLUMNS =
  'st.role AS staff_role, st.office_code AS staff_office, st.prefecture AS staff_prefecture, st.login AS staff_login';
export const STAFF_JOIN = "LEFT JOIN gateway_staff st ON e.actor_kind = 'staff' AND st.staff_id = e.actor_id";
export const actorOf = (r: Row): Actor =>
  r.actor_kind
    ? {
        kind: String(r.actor_kind),
        ...(r.actor_id ? { id: String(r.actor_id) } : {}),
        ...(r.staff_role ? { role: String(r.staff_role) } : {}),
        ...(r.staff_login ? { login: String(r.staff_login) } : {}),
        ...(r.staff_office ? { officeCode: String(r.staff_office) } : {}),
        ...(r.staff_prefecture ? { prefecture: String(r.staff_prefecture) } : {}),
      }
    : null;

export const timelineList = () =>
  list({
    name: 'timeline',
    select: `SELECT e.entry_id AS id, e.position, e.registration_id, e.subject, e.source, e.type, e.at, e.actor_kind, e.actor_id, e.data,
      ${STAFF_COLUMNS} FROM gateway_timeline e ${STAFF_JOIN}`,
    ...SORTING.timeline,
    item: (r: Row) => ({
      entryId: String(r.id),
      position: String(num(r.position)),
      source: String(r.source),
      type: String(r.type),
      subject: String(r.subject),
      at: String(r.at),
      actor: actorOf(r),
      data: JSON.parse(String(r.data ?? '{}')) as Record<string, unknown>,
    }),
    csv: [
      POSITION_CSV,
      cell('日時', 'at'),
      cell('出所', 'source'),
      cell('種類', 'type'),
      {
        header: '実行者',
        value: (i) =>
          i.actor
            ? `${i.actor.kind}${i.actor.role ? `:${i.actor.role}` : ''}${i.actor.login || i.actor.id ? `:${i.actor.login ?? i.actor.id}` : ''}`
            : '',
      },
      { header: '内容', value: (i) => JSON.stringify(i.data) },
    ],
  });
export type TimelineItem = ItemOf<typeof timelineList>;

/** R-STF-2: the record of staff reads of personal data — who, where, what kind, why, when; never the data read. */
export const staffReadsList = () =>
  list({
    name: 'staff-reads',
    select: `SELECT s.read_id AS id, s.source, s.kind, s.subject_id, s.registration_id, s.staff_id, s.role, s.office_code, s.prefecture,
      s.purpose, s.read_at, s.position FROM gateway_staff_reads s`,
    ...SORTING.staffReads,
    item: (r: Row) => ({
      readId: String(r.id),
      source: String(r.source),
      kind: String(r.kind),
      subjectId: String(r.subject_id),
      registrationId: str(r.registration_id),
      staffId: String(r.staff_id),
      role: String(r.role),
      officeCode: str(r.office_code),
      prefecture: str(r.prefecture),
      purpose: str(r.purpose),
      readAt: String(r.read_at),
      position: String(num(r.position)),
    }),
    csv: [
      cell('閲覧日時', 'readAt'),
      cell('職員ID', 'staffId'),
      cell('役割', 'role'),
      cell('所属', 'officeCode'),
      PREFECTURE_CSV,
      cell('閲覧対象', 'kind'),
      cell('対象ID', 'subjectId'),
      cell('登録ID', 'registrationId'),
      cell('目的', 'purpose'),
      POSITION_CSV,
    ],
  });
export type StaffReadItem = ItemOf<typeof staffReadsList>;
