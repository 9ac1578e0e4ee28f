import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { READ_DB } from '@hw/platform/nest';
import { runSql } from '@hw/platform/projections';
import { ReportRow } from './entities';
import { reportsProjection } from './reports.projection';

/** What a bureau sees of a report (R-REP-3): filed on time, late, overdue (unfiled), false, or owed (not yet due). */
export type BureauStatus = 'owed' | 'filed' | 'late' | 'overdue' | 'false';
export const bureauStatusOf = (row: ReportRow): BureauStatus =>
  row.status === 'filed' ? (row.late ? 'late' : 'filed') : (row.status as BureauStatus);

export interface ReportLine {
  registrationId: string;
  period: string;
  prefecture: string;
  status: BureauStatus;
  dueDay: string;
  filedAt: string | null;
  version: number;
  messagesSent: number;
  seekersReplied: number;
  applicationsAccepted: number | null;
  placements: number | null;
  paidServicesProvided: number | null;
  sanction: string | null;
}
const lineOf = (row: ReportRow): ReportLine => ({
  registrationId: row.registrationId,
  period: row.period,
  prefecture: row.prefecture,
  status: bureauStatusOf(row),
  dueDay: row.dueDay,
  filedAt: row.filedAt,
  version: row.version,
  messagesSent: row.messagesSent,
  seekersReplied: row.seekersReplied,
  applicationsAccepted: row.applicationsAccepted,
  placements: row.placements,
  paidServicesProvided: row.paidServicesProvided,
  sanction: row.sanction,
});

export interface PrefectureTotals {
  prefecture: string;
  reports: number;
  filed: number;
  late: number;
  overdue: number;
  false: number;
  messagesSent: number;
  seekersReplied: number;
  applicationsAccepted: number;
  placements: number;
  paidServicesProvided: number;
}

/** A prefecture's totals before any report is counted. */
export const noTotals = (prefecture: string): PrefectureTotals => ({
  prefecture,
  reports: 0,
  filed: 0,
  late: 0,
  overdue: 0,
  false: 0,
  messagesSent: 0,
  seekersReplied: 0,
  applicationsAccepted: 0,
  placements: 0,
  paidServicesProvided: 0,
});

const CSV_HEADERS = [
  '登録ID',
  '期間',
  '状態',
  '提出期限',
  '提出日時',
  '版',
  '送信件数',
  '返信求職者数',
  '応募受理件数',
  '就職件数',
  '有料サービス提供件数',
  '処分',
];
const STATUS_JA: Record<BureauStatus, string> = {
  owed: '未提出（期限前）',
  filed: '提出済',
  late: '期限後提出',
  overdue: '期限超過',
  false: '虚偽',
};
const SANCTION_JA: Record<string, string> = { suspension: '利用停止', termination: '利用取消', none: '処分なし' };
const cell = (value: string | number | null): string => {
  const text = value === null ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/** The views' reads, on the reports projection (R-AUD-1: rebuildable from the log). */
@Injectable()
export class ReportingQueries {
  constructor(@Inject(READ_DB) private readonly db: DataSource) {}

  /** The organisation's own obligations and reports (R-ORG-6: its registration only). */
  async ofRegistration(registrationId: string): Promise<ReportLine[]> {
    const rows = await this.db.getRepository(ReportRow).find({ where: { registrationId }, order: { period: 'DESC' } });
    return rows.map(lineOf);
  }

  /** R-REP-3, R-ORG-2: a prefecture's period, every registration owing it, with the log position it was read at. */
  async ofPrefecture(
    prefecture: string,
    period: string,
  ): Promise<{ prefecture: string; period: string; logPosition: string; reports: ReportLine[] }> {
    return this.db.transaction(async (tx) => {
      const rows = await tx.getRepository(ReportRow).find({ where: { prefecture, period }, order: { registrationId: 'ASC' } });
      const [checkpoint] = await runSql<Array<{ position?: string | number }>>(tx, 'SELECT position FROM checkpoints WHERE name = :name', {
        name: reportsProjection.name,
      });
      return { prefecture, period, logPosition: String(checkpoint?.position ?? 0), reports: rows.map(lineOf) };
    });
  }

  /** R-REP-3: the prefecture's unfiled overdue obligations, every period. */
  async overdue(prefecture: string): Promise<ReportLine[]> {
    const rows = await this.db
      .getRepository(ReportRow)
      .find({ where: { prefecture, status: 'overdue' }, order: { period: 'ASC', registrationId: 'ASC' } });
    return rows.map(lineOf);
  }

  /** CSV for the bureau's sheet (UTF-8 with BOM so Excel reads it as UTF-8; Japanese headers; first line: the log position). */
  async csv(prefecture: string, period: string): Promise<{ body: string; logPosition: string }> {
    const view = await this.ofPrefecture(prefecture, period);
    const lines = [
      ['作成時ログ位置', view.logPosition].map(cell).join(','),
      CSV_HEADERS.join(','),
      ...view.reports.map((r) =>
        [
          r.registrationId,
          r.period,
          STATUS_JA[r.status],
          r.dueDay,
          r.filedAt,
          r.version,
          r.messagesSent,
          r.seekersReplied,
          r.applicationsAccepted,
          r.placements,
          r.paidServicesProvided,
          r.sanction ? SANCTION_JA[r.sanction] : null,
        ]
          .map(cell)
          .join(','),
      ),
    ];
    return { body: `\uFEFF${lines.join('\r\n')}\r\n`, logPosition: view.logPosition };
  }

  /** HQ (R-STF-1, read-only): national totals per prefecture for a period. */
  async totals(period: string): Promise<PrefectureTotals[]> {
    const rows = await this.db.getRepository(ReportRow).find({ where: { period }, order: { prefecture: 'ASC' } });
    const byPrefecture = new Map<string, PrefectureTotals>();
    for (const row of rows) {
      const t = byPrefecture.get(row.prefecture) ?? noTotals(row.prefecture);
      byPrefecture.set(row.prefecture, t);
      const status = bureauStatusOf(row);
      t.reports += 1;
      if (status === 'filed' || status === 'late') t.filed += 1;
      if (status === 'late') t.late += 1;
      if (status === 'overdue') t.overdue += 1;
      if (status === 'false') t.false += 1;
      t.messagesSent += row.messagesSent;
      t.seekersReplied += row.seekersReplied;
      t.applicationsAccepted += row.applicationsAccepted ?? 0;
      t.placements += row.placements ?? 0;
      t.paidServicesProvided += row.paidServicesProvided ?? 0;
    }
    return [...byPrefecture.values()];
  }
}
