import { addDays, jstDate, jstStartOf } from '@hw/platform/core';
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

/** Japanese labels the CSV files use for the values they hold. */
const JA: Record<string, string> = {
  overdue: '期限超過',
  'due-soon': '期限間近',
  'not-due': '期限内',
  application: '利用申請',
  change: '変更申請',
  renewal: '更新申請',
  suspension: '利用停止の申出',
  pending: '未処理',
  approved: '承認',
  rejected: '不承認',
  closed: '終了',
  submitted: '申請中',
  active: '利用中',
  suspended: '利用停止中',
  terminated: '登録取消',
  expired: '期間満了',
  owed: '未提出',
  filed: '提出済',
  late: '期限後提出',
  false: '虚偽',
  'private-paid': '有料職業紹介事業者',
  'private-free': '無料職業紹介事業者',
  'local-government': '地方公共団体',
  'with-organisation': '事業者対応中',
  acknowledged: '受付済',
  answered: '回答済',
  resolved: '解決',
  escalated: '窓口対応中',
  'desk-closed': '窓口対応終了',
  'sanction-requested': '処分請求中',
  'sanction-decided': '処分決定',
  suspensionDecision: '利用停止',
  termination: '登録取消',
  'no-action': '処分なし',
  none: '処分なし',
};
export const ja = (value: string | null | undefined): string => (value ? (JA[value] ?? value) : '');

// ---- lists ------------------------------------------------------------------------------------

const REGISTRATION_JOIN = 'LEFT JOIN gateway_registrations r ON r.registration_id = ';
const ORG = "COALESCE(r.organisation_name, '') AS organisation_name, COALESCE(r.kind, '') AS organisation_kind";

export interface RequestItem {
  requestId: string;
  kind: string;
  registrationId: string;
  organisationName: string;
  organisationKind: string;
  prefecture: string;
  permitNumber: string | null;
  parts: string[];
  requestedAt: string;
  status: string;
  decidedAt: string | null;
  dueAt: string | null;
  daysLeft: number | null;
  group: DueGroup | null;
}
const dueCsv = <I extends { dueAt: string | null; daysLeft: number | null; group: DueGroup | null }>(): Array<CsvColumn<I>> => [
  { header: '処理期限', value: (i) => i.dueAt },
  { header: '残り日数', value: (i) => i.daysLeft },
  { header: '区分', value: (i) => ja(i.group) },
];

export const requestsList = (window: DueWindow): ListDefinition<RequestItem> => ({
  name: 'requests',
  select: `SELECT q.request_id AS id, q.kind, q.registration_id, q.prefecture, COALESCE(q.parts, '') AS parts, q.requested_at, q.due_at AS due,
      q.status, q.decided_at, ${ORG}, r.permit_number
    FROM gateway_requests q ${REGISTRATION_JOIN}q.registration_id`,
  sorts: { due: 'due', requested: 'requested_at', name: 'organisation_name' },
  defaultSort: 'due',
  item: (r: Row) =>
    withDue(
      {
        requestId: String(r.id),
        kind: String(r.kind),
        registrationId: String(r.registration_id),
        organisationName: String(r.organisation_name),
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
    { header: '登録ID', value: (i) => i.registrationId },
    { header: '団体名', value: (i) => i.organisationName },
    { header: '団体の種別', value: (i) => ja(i.organisationKind) },
    { header: '都道府県', value: (i) => i.prefecture },
    { header: '許可番号', value: (i) => i.permitNumber },
    { header: '申請の種類', value: (i) => ja(i.kind) },
    { header: '変更内容', value: (i) => i.parts.join(' ') },
    { header: '申請日時', value: (i) => i.requestedAt },
    { header: '状態', value: (i) => ja(i.status) },
    ...dueCsv<RequestItem>(),
  ],
});

export interface ComplaintItem {
  complaintId: string;
  registrationId: string;
  organisationName: string;
  prefecture: string;
  category: string;
  status: string;
  filedAt: string;
  escalatedAt: string | null;
  escalationReason: string | null;
  officeCode: string | null;
  outcome: string | null;
  sanctionPrefecture: string | null;
  sanctionRequestedAt: string | null;
  sanctionDecision: string | null;
  sanctionUntil: string | null;
  sanctionDecidedAt: string | null;
  carriedOutAt: string | null;
  overdueStep: string | null;
  dueAt: string | null;
  daysLeft: number | null;
  group: DueGroup | null;
}

/** Complaints; `due` is the desk's (escalated) or the bureau's (a sanction request) deadline. */
export const complaintsList = (window: DueWindow, due: 'desk' | 'sanction'): ListDefinition<ComplaintItem> => ({
  name: 'complaints',
  select: `SELECT c.complaint_id AS id, c.registration_id, COALESCE(c.sanction_prefecture, r.prefecture, '') AS prefecture, c.category, c.status,
      c.filed_at, c.escalated_at, c.escalation_reason, COALESCE(c.office_code, '') AS office_code, c.outcome, c.sanction_prefecture,
      COALESCE(c.sanction_requested_at, '') AS sanction_requested_at, c.sanction_decision, c.sanction_until, c.sanction_decided_at,
      c.carried_out_at, c.overdue_step, COALESCE(${due === 'desk' ? 'c.desk_due_at' : 'c.sanction_due_at'}, '') AS due, ${ORG}
    FROM gateway_complaints c ${REGISTRATION_JOIN}c.registration_id`,
  sorts: { due: 'due', filed: 'filed_at', requested: 'sanction_requested_at', name: 'organisation_name' },
  defaultSort: 'due',
  item: (r: Row) =>
    withDue(
      {
        complaintId: String(r.id),
        registrationId: String(r.registration_id),
        organisationName: String(r.organisation_name),
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
    { header: '苦情ID', value: (i) => i.complaintId },
    { header: '登録ID', value: (i) => i.registrationId },
    { header: '団体名', value: (i) => i.organisationName },
    { header: '都道府県', value: (i) => i.prefecture },
    { header: '分類', value: (i) => i.category },
    { header: '状態', value: (i) => ja(i.status) },
    { header: '申出日時', value: (i) => i.filedAt },
    { header: '窓口', value: (i) => i.officeCode },
    { header: '窓口移行日時', value: (i) => i.escalatedAt },
    { header: '窓口の結果', value: (i) => i.outcome },
    { header: '処分請求日時', value: (i) => i.sanctionRequestedAt },
    { header: '処分', value: (i) => ja(i.sanctionDecision) },
    ...dueCsv<ComplaintItem>(),
  ],
});

export interface ConsultationItem {
  consultationId: string;
  registrationId: string;
  organisationName: string;
  officeCode: string;
  openedAt: string;
  answeredAt: string | null;
  dueAt: string | null;
  daysLeft: number | null;
  group: DueGroup | null;
}
export const consultationsList = (window: DueWindow): ListDefinition<ConsultationItem> => ({
  name: 'consultations',
  select: `SELECT k.consultation_id AS id, k.registration_id, k.office_code, k.opened_at, k.due_at AS due, k.answered_at, ${ORG}
    FROM gateway_consultations k ${REGISTRATION_JOIN}k.registration_id`,
  sorts: { due: 'due', opened: 'opened_at' },
  defaultSort: 'due',
  item: (r: Row) =>
    withDue(
      {
        consultationId: String(r.id),
        registrationId: String(r.registration_id),
        organisationName: String(r.organisation_name),
        officeCode: String(r.office_code),
        openedAt: String(r.opened_at),
        answeredAt: str(r.answered_at),
      },
      window,
      r.answered_at ? null : str(r.due),
    ),
  csv: [
    { header: '相談ID', value: (i) => i.consultationId },
    { header: '登録ID', value: (i) => i.registrationId },
    { header: '団体名', value: (i) => i.organisationName },
    { header: '窓口', value: (i) => i.officeCode },
    { header: '相談日時', value: (i) => i.openedAt },
    { header: '回答日時', value: (i) => i.answeredAt },
    ...dueCsv<ConsultationItem>(),
  ],
});

export interface ReportItem {
  reportId: string;
  registrationId: string;
  organisationName: string;
  prefecture: string;
  period: string;
  status: string;
  dueDay: string;
  version: number;
  filedAt: string | null;
  flaggedOverdueAt: string | null;
  markedFalseAt: string | null;
  messagesSent: number;
  seekersReplied: number;
  sanctionDecision: string | null;
  sanctionDecidedAt: string | null;
  dueAt: string | null;
  daysLeft: number | null;
  group: DueGroup | null;
}
/** Reports; `due` is the bureau's follow-up deadline of an overdue or false report. */
export const reportsList = (window: DueWindow): ListDefinition<ReportItem> => ({
  name: 'reports',
  select: `SELECT p.stream_id AS id, p.registration_id, p.prefecture, p.period, p.due_day, p.status, p.version, p.filed_at,
      p.flagged_overdue_at, p.marked_false_at, p.messages_sent, p.seekers_replied, p.sanction_decision, p.sanction_decided_at,
      COALESCE(p.follow_up_due_at, '') AS due, ${ORG}
    FROM gateway_reports p ${REGISTRATION_JOIN}p.registration_id`,
  sorts: { due: 'due', period: 'period', dueDay: 'due_day', name: 'organisation_name' },
  defaultSort: 'due',
  item: (r: Row) =>
    withDue(
      {
        reportId: String(r.id),
        registrationId: String(r.registration_id),
        organisationName: String(r.organisation_name),
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
    { header: '登録ID', value: (i) => i.registrationId },
    { header: '団体名', value: (i) => i.organisationName },
    { header: '都道府県', value: (i) => i.prefecture },
    { header: '期間', value: (i) => i.period },
    { header: '状態', value: (i) => ja(i.status) },
    { header: '提出期限', value: (i) => i.dueDay },
    { header: '提出日時', value: (i) => i.filedAt },
    { header: '版', value: (i) => i.version },
    { header: '送信件数', value: (i) => i.messagesSent },
    { header: '返信求職者数', value: (i) => i.seekersReplied },
    { header: '処分', value: (i) => ja(i.sanctionDecision) },
    ...dueCsv<ReportItem>(),
  ],
});

export interface RegistrationItem {
  registrationId: string;
  organisationName: string;
  organisationKind: string;
  category: string | null;
  prefecture: string;
  permitNumber: string | null;
  localGovernmentCode: string | null;
  status: string;
  statusAt: string;
  statusReason: string | null;
  suspendedUntil: string | null;
  submittedAt: string | null;
  approvedAt: string | null;
  usagePeriodEndsAt: string | null;
  complaintOfficerVersion: number | null;
  sanctions: number;
  paidServiceNotifications: number;
  position: string;
  dueAt: string | null;
  daysLeft: number | null;
  group: DueGroup | null;
}
/** Registrations; `due` is the end of the usage period (R-ORG-1). */
export const registrationsList = (window: DueWindow): ListDefinition<RegistrationItem> => ({
  name: 'registrations',
  select: `SELECT r.registration_id AS id, COALESCE(r.organisation_name, '') AS organisation_name, COALESCE(r.kind, '') AS organisation_kind,
      r.category, r.prefecture, r.permit_number, r.local_government_code, r.status, r.status_at, r.status_reason, r.suspended_until,
      r.submitted_at, COALESCE(r.approved_at, '') AS approved_at, COALESCE(r.usage_period_ends_at, '') AS due, r.complaint_officer_version,
      r.sanctions, r.paid_service_notifications, r.position
    FROM gateway_registrations r`,
  sorts: { name: 'organisation_name', status: 'status_at', approved: 'approved_at', ends: 'due' },
  defaultSort: 'name',
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
    { header: '登録ID', value: (i) => i.registrationId },
    { header: '団体名', value: (i) => i.organisationName },
    { header: '団体の種別', value: (i) => ja(i.organisationKind) },
    { header: '都道府県', value: (i) => i.prefecture },
    { header: '許可番号', value: (i) => i.permitNumber },
    { header: '地方公共団体コード', value: (i) => i.localGovernmentCode },
    { header: '状態', value: (i) => ja(i.status) },
    { header: '承認日時', value: (i) => i.approvedAt },
    { header: '利用期間満了日時', value: (i) => i.usagePeriodEndsAt },
    { header: '苦情処理担当者の版', value: (i) => i.complaintOfficerVersion },
    { header: '処分回数', value: (i) => i.sanctions },
    { header: '残り日数', value: (i) => i.daysLeft },
    { header: '区分', value: (i) => ja(i.group) },
  ],
});

export interface DailyCountItem {
  registrationId: string;
  organisationName: string;
  prefecture: string;
  day: string;
  messagesSent: number;
  replies: number;
  lastAt: string;
}
export const dailyCountsList = (): ListDefinition<DailyCountItem> => ({
  name: 'daily-counts',
  select: `SELECT d.registration_id || ':' || d.day AS id, d.registration_id, d.day, d.messages_sent, d.replies, d.last_at,
      COALESCE(r.prefecture, '') AS prefecture, ${ORG}
    FROM gateway_daily_counts d ${REGISTRATION_JOIN}d.registration_id`,
  sorts: { day: 'day', sent: 'messages_sent' },
  defaultSort: '-day',
  item: (r: Row) => ({
    registrationId: String(r.registration_id),
    organisationName: String(r.organisation_name),
    prefecture: String(r.prefecture),
    day: String(r.day),
    messagesSent: num(r.messages_sent),
    replies: num(r.replies),
    lastAt: String(r.last_at),
  }),
  csv: [
    { header: '登録ID', value: (i) => i.registrationId },
    { header: '団体名', value: (i) => i.organisationName },
    { header: '都道府県', value: (i) => i.prefecture },
    { header: '日付', value: (i) => i.day },
    { header: '送信件数', value: (i) => i.messagesSent },
    { header: '返信件数', value: (i) => i.replies },
  ],
});

export interface TimelineItem {
  entryId: string;
  position: string;
  source: string;
  type: string;
  subject: string;
  at: string;
  actor: { kind: string; id?: string; role?: string; login?: string; officeCode?: string; prefecture?: string } | null;
  data: Record<string, unknown>;
}
/** The timeline's "who": the actor's id, and for staff the role, office, prefecture and login the gateway knows (StaffDirectory). */
export const STAFF_COLUMNS =
  'st.role AS staff_role, st.office_code AS staff_office, st.prefecture AS staff_prefecture, st.login AS staff_login';
export const STAFF_JOIN = "LEFT JOIN gateway_staff st ON e.actor_kind = 'staff' AND st.staff_id = e.actor_id";
export const actorOf = (r: Row): TimelineItem['actor'] =>
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

export const timelineList = (): ListDefinition<TimelineItem> => ({
  name: 'timeline',
  select: `SELECT e.entry_id AS id, e.position, e.registration_id, e.subject, e.source, e.type, e.at, e.actor_kind, e.actor_id, e.data,
      ${STAFF_COLUMNS} FROM gateway_timeline e ${STAFF_JOIN}`,
  sorts: { position: 'position', at: 'at' },
  defaultSort: 'position',
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
    { header: 'ログ位置', value: (i) => i.position },
    { header: '日時', value: (i) => i.at },
    { header: '出所', value: (i) => i.source },
    { header: '種類', value: (i) => i.type },
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

export interface StaffReadItem {
  readId: string;
  source: string;
  kind: string;
  subjectId: string;
  registrationId: string | null;
  staffId: string;
  role: string;
  officeCode: string | null;
  prefecture: string | null;
  purpose: string | null;
  readAt: string;
  position: string;
}
/** R-STF-2: the record of staff reads of personal data — who, where, what kind, why, when; never the data read. */
export const staffReadsList = (): ListDefinition<StaffReadItem> => ({
  name: 'staff-reads',
  select: `SELECT s.read_id AS id, s.source, s.kind, s.subject_id, s.registration_id, s.staff_id, s.role, s.office_code, s.prefecture,
      s.purpose, s.read_at, s.position FROM gateway_staff_reads s`,
  sorts: { at: 'read_at', staff: 'staff_id' },
  defaultSort: '-at',
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
    { header: '閲覧日時', value: (i) => i.readAt },
    { header: '職員ID', value: (i) => i.staffId },
    { header: '役割', value: (i) => i.role },
    { header: '所属', value: (i) => i.officeCode },
    { header: '都道府県', value: (i) => i.prefecture },
    { header: '閲覧対象', value: (i) => i.kind },
    { header: '対象ID', value: (i) => i.subjectId },
    { header: '登録ID', value: (i) => i.registrationId },
    { header: '目的', value: (i) => i.purpose },
    { header: 'ログ位置', value: (i) => i.position },
  ],
});
