import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';

const PERIOD = /^[0-9]{4}Q[1-4]$/;
const periodRule = { message: 'period must be written yyyyQn, e.g. 2026Q1', context: { rule: 'R-REP-1' } };
const figure = (field: string) => ({ message: `${field} must be a non-negative integer`, context: { rule: 'R-REP-2' } });

export class PeriodParams {
  @ApiProperty({ example: '2026Q1', description: 'calendar quarter, Japan time (R-REP-1)' })
  @Matches(PERIOD, periodRule)
  period!: string;
}

export class RegistrationPeriodParams extends PeriodParams {
  @ApiProperty()
  @Matches(/^[A-Za-z0-9_-]{1,64}$/, { message: 'registrationId must be an id of 1–64 letters, digits, _ or -' })
  registrationId!: string;
}

export class PeriodQueryDto {
  @ApiProperty({ example: '2026Q1' })
  @Matches(PERIOD, periodRule)
  period!: string;
}

/** R-REP-2: the figures the organisation enters; all 0 is a zero report. */
export class EnteredFiguresDto {
  @ApiProperty({ minimum: 0, example: 0 })
  @IsInt(figure('applicationsAccepted'))
  @Min(0, figure('applicationsAccepted'))
  @Max(1_000_000_000, figure('applicationsAccepted'))
  applicationsAccepted!: number;

  @ApiProperty({ minimum: 0, example: 0, description: '≤ applicationsAccepted (R-REP-2)' })
  @IsInt(figure('placements'))
  @Min(0, figure('placements'))
  @Max(1_000_000_000, figure('placements'))
  placements!: number;

  @ApiProperty({ minimum: 0, example: 0 })
  @IsInt(figure('paidServicesProvided'))
  @Min(0, figure('paidServicesProvided'))
  @Max(1_000_000_000, figure('paidServicesProvided'))
  paidServicesProvided!: number;
}

const reason = { message: 'reason must be 1–1000 characters', context: { rule: 'R-REP-2' } };

export class AmendmentDto extends EnteredFiguresDto {
  @ApiProperty({ minLength: 1, maxLength: 1000 })
  @IsString(reason)
  @Length(1, 1000, reason)
  reason!: string;
}

export class MarkFalseDto {
  @ApiProperty({ minLength: 1, maxLength: 1000 })
  @IsString(reason)
  @Length(1, 1000, reason)
  reason!: string;
}

export class SanctionDto {
  @ApiProperty({
    enum: ['suspension', 'termination', 'none'],
    description: 'R-REP-3: the officer decides; the proposal is in the bureau view',
  })
  @IsIn(['suspension', 'termination', 'none'], {
    message: 'decision must be one of suspension, termination, none',
    context: { rule: 'R-REP-3' },
  })
  decision!: 'suspension' | 'termination' | 'none';

  @ApiProperty({ minLength: 1, maxLength: 1000 })
  @IsString(reason)
  @Length(1, 1000, reason)
  reason!: string;

  @ApiPropertyOptional({ description: 'a clearly malicious false report: termination at once (R-REP-3)' })
  @IsOptional()
  @IsBoolean({ message: 'malicious must be true or false', context: { rule: 'R-REP-3' } })
  malicious?: boolean;
}

/*
 * What the reports routes answer, as OpenAPI schemas (issue 15). The service and the queries
 * build the answers; these classes only describe them. Figures and ids only: no seeker appears.
 */
const REPORT_STATUSES = ['owed', 'overdue', 'filed', 'false'];
const BUREAU_STATUSES = ['owed', 'filed', 'late', 'overdue', 'false'];
const DECISIONS = ['suspension', 'termination', 'none'];

export class EnteredFiguresView {
  @ApiProperty({ type: 'integer', description: 'applications the organisation accepted in the period (R-REP-2)' })
  applicationsAccepted!: number;
  @ApiProperty({ type: 'integer', description: 'placements in the period; ≤ applicationsAccepted (R-REP-2)' }) placements!: number;
  @ApiProperty({ type: 'integer', description: 'paid support services provided in the period (R-REP-2)' }) paidServicesProvided!: number;
}

export class DepartmentFiguresView {
  @ApiProperty() departmentId!: string;
  @ApiProperty({ type: 'integer', description: 'messages the department sent in the period' }) messagesSent!: number;
  @ApiProperty({ type: 'integer', description: 'distinct seekers who replied in threads the department messaged' }) seekersReplied!: number;
}

export class PrefilledFiguresView {
  @ApiProperty({ type: 'integer', description: "messages sent on the period's Japan-time days (R-REP-2)" }) messagesSent!: number;
  @ApiProperty({ type: 'integer', description: 'distinct seekers who replied in the period (distinct threads)' }) seekersReplied!: number;
  @ApiProperty({ type: [DepartmentFiguresView], description: 'per department, by departmentId' }) departments!: DepartmentFiguresView[];
}

export class ReportVersionView {
  @ApiProperty({ type: 'integer', description: '1 for the filing, then 2, 3 … per amendment (R-REP-2)' }) version!: number;
  @ApiProperty({ type: EnteredFiguresView }) entered!: EnteredFiguresView;
  @ApiProperty({ description: 'filed after the due day (R-REP-1)' }) late!: boolean;
  @ApiPropertyOptional({ description: "an amendment's reason" }) reason?: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
}

export class MarkedFalseView {
  @ApiProperty({ type: 'integer', description: 'the version the bureau marked false' }) version!: number;
  @ApiProperty() reason!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
}

export class ReportDraftView {
  @ApiProperty({ type: EnteredFiguresView }) entered!: EnteredFiguresView;
  @ApiProperty({ description: 'the user of the registration who saved it' }) savedBy!: string;
  @ApiProperty({ format: 'date-time' }) savedAt!: string;
}

export class DraftView extends ReportDraftView {
  @ApiProperty() registrationId!: string;
  @ApiProperty({ example: '2026Q1' }) period!: string;
}

export class ReportView {
  @ApiProperty() registrationId!: string;
  @ApiProperty({ example: '2026Q1', description: 'calendar quarter, Japan time' }) period!: string;
  @ApiProperty({ description: "the registration's prefecture: its bureau reads it (R-ORG-2)" }) prefecture!: string;
  @ApiProperty({ enum: REPORT_STATUSES }) status!: string;
  @ApiProperty({ description: 'the last Japan-time day to file on time, yyyymmdd (R-REP-1)' }) dueDay!: string;
  @ApiProperty({ description: 'R-REP-3: flagged overdue at 00:00 JST after the due day (stays true once filed late)' })
  flaggedOverdue!: boolean;
  @ApiProperty({ type: PrefilledFiguresView, description: 'what the platform knows (R-REP-2)' }) prefilled!: PrefilledFiguresView;
  @ApiProperty({ type: [ReportVersionView], description: 'every version, oldest first; empty while unfiled (R-REP-2)' })
  versions!: ReportVersionView[];
  @ApiPropertyOptional({ type: MarkedFalseView, description: 'R-REP-3: the bureau marked a version false' }) markedFalse?: MarkedFalseView;
  @ApiPropertyOptional({ enum: DECISIONS, description: "R-REP-3: the bureau's decision" }) sanction?: string;
  @ApiPropertyOptional({ type: ReportDraftView, description: "the organisation's own reads only, while unfiled (R-REP-2)" })
  draft?: ReportDraftView;
  @ApiProperty({ type: 'integer', description: "the report stream's revision this answer reflects (R-AUD-1)" }) logRevision!: number;
}

export class BureauReportView extends ReportView {
  @ApiProperty({
    enum: ['suspension', 'termination'],
    description: 'R-REP-3: what the rule proposes (a repeat after resumption: termination)',
  })
  proposedSanction!: string;
}

export class ReportLineView {
  @ApiProperty() registrationId!: string;
  @ApiProperty({ example: '2026Q1' }) period!: string;
  @ApiProperty() prefecture!: string;
  @ApiProperty({ enum: BUREAU_STATUSES, description: 'R-REP-3: filed on time, late, overdue (unfiled), false, or owed (not yet due)' })
  status!: string;
  @ApiProperty({ description: 'the last Japan-time day to file on time, yyyymmdd' }) dueDay!: string;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) filedAt!: string | null;
  @ApiProperty({ type: 'integer', description: 'the current version; 0 while unfiled' }) version!: number;
  @ApiProperty({ type: 'integer' }) messagesSent!: number;
  @ApiProperty({ type: 'integer' }) seekersReplied!: number;
  @ApiProperty({ type: 'integer', nullable: true, description: 'null while unfiled' }) applicationsAccepted!: number | null;
  @ApiProperty({ type: 'integer', nullable: true }) placements!: number | null;
  @ApiProperty({ type: 'integer', nullable: true }) paidServicesProvided!: number | null;
  @ApiProperty({ type: String, nullable: true, description: `R-REP-3: ${DECISIONS.join(', ')}; null until decided` })
  sanction!: string | null;
}

export class ReportLinesView {
  @ApiProperty({ type: [ReportLineView] }) reports!: ReportLineView[];
}

export class BureauPeriodView extends ReportLinesView {
  @ApiProperty({ description: "the bureau's prefecture (from its token)" }) prefecture!: string;
  @ApiProperty({ example: '2026Q1' }) period!: string;
  @ApiProperty({ description: 'the log position the view was read at (decimal)' }) logPosition!: string;
}

export class PrefectureTotalsView {
  @ApiProperty() prefecture!: string;
  @ApiProperty({ type: 'integer', description: 'obligations of the period' }) reports!: number;
  @ApiProperty({ type: 'integer', description: 'filed, on time or late' }) filed!: number;
  @ApiProperty({ type: 'integer' }) late!: number;
  @ApiProperty({ type: 'integer' }) overdue!: number;
  @ApiProperty({ type: 'integer' }) false!: number;
  @ApiProperty({ type: 'integer' }) messagesSent!: number;
  @ApiProperty({ type: 'integer' }) seekersReplied!: number;
  @ApiProperty({ type: 'integer' }) applicationsAccepted!: number;
  @ApiProperty({ type: 'integer' }) placements!: number;
  @ApiProperty({ type: 'integer' }) paidServicesProvided!: number;
}

export class TotalsView {
  @ApiProperty({ example: '2026Q1' }) period!: string;
  @ApiProperty({ type: [PrefectureTotalsView], description: 'per prefecture with obligations, by code' })
  prefectures!: PrefectureTotalsView[];
}
