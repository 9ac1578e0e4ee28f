import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiPropertyOptions } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, ValidationOptions } from 'class-validator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { readPositionOf, TokenClaims } from '@hw/platform/nest';
import { MAX_LIMIT, sortValues } from './lists';
import { DUE_GROUPS, SORTING } from './views';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PREFECTURE = /^(0[1-9]|[1-3][0-9]|4[0-7])$/;
const KINDS = ['private-paid', 'private-free', 'local-government'];

/** What every read takes from its request: the caller, the position it must reflect (readPositionOf), and the reply (for its headers). */
export interface ReadCall {
  principal: TokenClaims;
  position: bigint | undefined;
  reply: FastifyReply;
}
/** The read's ReadCall (a bad X-Log-Position is a 400 naming it). */
export const Read = createParamDecorator((_: unknown, ctx: ExecutionContext): ReadCall => {
  const http = ctx.switchToHttp();
  const request = http.getRequest<FastifyRequest & { principal: TokenClaims }>();
  return { principal: request.principal, position: readPositionOf(request), reply: http.getResponse<FastifyReply>() };
});
/** The OpenAPI of ReadPosition's header on every gateway read (its 503 is in ReadResponses). */
export const READ_POSITION_HEADER = {
  name: 'X-Log-Position',
  required: false,
  description:
    "read your writes: the X-Log-Position of a forwarded action's answer; this answer reflects at least that event (waits up to GATEWAY_WAIT_MS, then 503 READ_MODEL_BEHIND). A staff member's own last action here is waited for anyway",
};

/** Paging, sort and format, common to every list. */
export class ListQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_LIMIT, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_LIMIT)
  limit?: number;

  @ApiPropertyOptional({ description: 'the nextCursor of the previous page (keyset: stable under inserts), for the same sort' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  cursor?: string;

  @ApiPropertyOptional({
    enum: ['json', 'csv'],
    default: 'json',
    description: 'csv: every matching row, UTF-8 with BOM, Japanese headers, first line the positions reflected',
  })
  @IsOptional()
  @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';
}

/** Decorators as one, applied as they would be when stacked above a property (the last first). */
const stacked =
  (...decorators: PropertyDecorator[]): PropertyDecorator =>
  (target, key) =>
    [...decorators].reverse().forEach((d) => d(target, key));
/** An optional query parameter: documented, and either absent or valid. */
const optional = (doc: ApiPropertyOptions, ...validators: PropertyDecorator[]) =>
  stacked(ApiPropertyOptional(doc), IsOptional(), ...validators);

/** A list's sort parameter: its keys ascending or descending, and its default (SORTING, which the list runs). */
const Sort = ({ sorts, defaultSort }: { sorts: Record<string, string>; defaultSort: string }) => {
  const values = sortValues({ sorts });
  return optional({ enum: values, default: defaultSort, description: 'a key ascending, or -key descending' }, IsIn(values));
};

// The filters several lists (and the console's home) share, each stated once.
/** One of the values named. */
export const OneOf = (values: readonly string[], doc: ApiPropertyOptions = {}, options?: ValidationOptions) =>
  optional({ enum: values, ...doc }, IsIn([...values], options));
export const KindFilter = (doc: ApiPropertyOptions = {}) => OneOf(KINDS, doc);
export const GroupFilter = (doc: ApiPropertyOptions = {}) => OneOf(DUE_GROUPS, doc);
/** Words in the organisation's name. */
export const NameFilter = (doc: ApiPropertyOptions = { description: "words in the organisation's name" }) =>
  optional({ ...doc, maxLength: 100 }, IsString(), MinLength(1), MaxLength(100));
const PrefectureFilter = (description = "two-digit prefecture code (HQ; a bureau's own, or 403)") =>
  optional({ description, example: '13' }, Matches(PREFECTURE, { message: 'prefecture is a two-digit code 01–47' }));
const RegistrationFilter = () => optional({ format: 'uuid' }, Matches(UUID, { message: 'registrationId must be a UUID' }));
const OfficeFilter = (description: string) =>
  optional(
    { description, example: '13010' },
    Matches(/^[0-9A-Za-z-]{1,16}$/, { message: 'officeCode: letters, digits and -, at most 16' }),
  );

/** A queue's filters; its sorts are the requests' (every queue offers them; usage-periods maps `requested` away). */
export class QueueQueryDto extends ListQueryDto {
  @Sort(SORTING.requests)
  sort?: string;

  @GroupFilter({ description: 'overdue, due soon, or not due' })
  group?: (typeof DUE_GROUPS)[number];

  @KindFilter({ description: "the organisation's kind" })
  kind?: string;

  @PrefectureFilter()
  prefecture?: string;

  @RegistrationFilter()
  registrationId?: string;

  @NameFilter()
  q?: string;
}

export class UsagePeriodsQueryDto extends QueueQueryDto {
  @ApiPropertyOptional({
    enum: [30, 60, 90],
    default: 90,
    description: 'usage periods ending within this many days (ended ones not yet expired included)',
  })
  @IsOptional()
  @Type(() => Number)
  @IsIn([30, 60, 90], { message: 'within must be 30, 60 or 90', context: { rule: 'R-ORG-1' } })
  within?: number;
}

const COMPLAINT_STATUSES = [
  'with-organisation',
  'acknowledged',
  'answered',
  'resolved',
  'escalated',
  'desk-closed',
  'sanction-requested',
  'sanction-decided',
];
export class ComplaintsQueryDto extends ListQueryDto {
  @Sort(SORTING.complaints)
  sort?: string;

  @OneOf(COMPLAINT_STATUSES)
  status?: string;

  @GroupFilter()
  group?: (typeof DUE_GROUPS)[number];

  @OneOf(['unwanted-messages', 'personal-data-handling', 'paid-services', 'conduct', 'other'])
  category?: string;

  @RegistrationFilter()
  registrationId?: string;

  @PrefectureFilter('two-digit prefecture code (HQ)')
  prefecture?: string;

  @OfficeFilter("the desk's office code (HQ)")
  officeCode?: string;
}

export class ConsultationsQueryDto extends ListQueryDto {
  @Sort(SORTING.consultations)
  sort?: string;

  @OneOf(['open', 'answered'], { description: 'open: not answered yet' })
  state?: 'open' | 'answered';

  @RegistrationFilter()
  registrationId?: string;
}

const REGISTRATION_STATUSES = ['submitted', 'active', 'rejected', 'suspended', 'terminated', 'expired'];
export class RegistrationsQueryDto extends ListQueryDto {
  @Sort(SORTING.registrations)
  sort?: string;

  @OneOf(REGISTRATION_STATUSES)
  status?: string;

  @KindFilter()
  kind?: string;

  @PrefectureFilter()
  prefecture?: string;

  @NameFilter()
  q?: string;
}

const REPORT_STATUSES = ['owed', 'filed', 'late', 'overdue', 'false'];
export class ReportsQueryDto extends ListQueryDto {
  @Sort(SORTING.reports)
  sort?: string;

  @ApiPropertyOptional({ example: '2026Q1' })
  @IsOptional()
  @Matches(/^[0-9]{4}Q[1-4]$/, { message: 'period is yyyyQn, e.g. 2026Q1', context: { rule: 'R-REP-1' } })
  period?: string;

  @OneOf(REPORT_STATUSES)
  status?: string;

  @PrefectureFilter()
  prefecture?: string;

  @RegistrationFilter()
  registrationId?: string;
}

export class DailyCountsQueryDto extends ListQueryDto {
  @Sort(SORTING.dailyCounts)
  sort?: string;

  @RegistrationFilter()
  registrationId?: string;

  @ApiPropertyOptional({ description: 'first Japan-time day, yyyymmdd', example: '20260401' })
  @IsOptional()
  @Matches(/^[0-9]{8}$/, { message: 'from is a Japan-time day yyyymmdd', context: { rule: 'R-MSG-2' } })
  from?: string;

  @ApiPropertyOptional({ description: 'last Japan-time day, yyyymmdd', example: '20260430' })
  @IsOptional()
  @Matches(/^[0-9]{8}$/, { message: 'to is a Japan-time day yyyymmdd', context: { rule: 'R-MSG-2' } })
  to?: string;

  @PrefectureFilter()
  prefecture?: string;
}

export class TimelineQueryDto extends ListQueryDto {
  @Sort(SORTING.timeline)
  sort?: string;

  @OneOf(['registration', 'messaging', 'complaints', 'reporting'])
  source?: string;
}

export class RegistrationParams {
  @ApiProperty({ format: 'uuid' })
  @Matches(UUID, { message: 'registrationId must be a UUID' })
  registrationId!: string;
}
export class ComplaintParams {
  @ApiProperty({ format: 'uuid' })
  @Matches(UUID, { message: 'complaintId must be a UUID' })
  complaintId!: string;
}
export class ChangeParams extends RegistrationParams {
  @ApiProperty({ format: 'uuid' })
  @Matches(UUID, { message: 'changeId must be a UUID' })
  changeId!: string;
}
export class ReportParams extends RegistrationParams {
  @ApiProperty({ example: '2026Q1' })
  @Matches(/^[0-9]{4}Q[1-4]$/, { message: 'period is yyyyQn, e.g. 2026Q1', context: { rule: 'R-REP-1' } })
  period!: string;
}

/** R-STF-2: filters of the record of staff reads. */
export class StaffReadsQueryDto extends ListQueryDto {
  @Sort(SORTING.staffReads)
  sort?: string;

  @OneOf(
    ['personal-data', 'complaint-text', 'consultation'],
    { description: 'what kind of data was read' },
    { context: { rule: 'R-STF-2' } },
  )
  kind?: string;

  @ApiPropertyOptional({ description: 'the staff member who read', example: 'counter-13' })
  @IsOptional()
  @Matches(/^[0-9A-Za-z._:@-]{1,100}$/, { message: 'staffId: letters, digits and ._:@-, at most 100', context: { rule: 'R-STF-2' } })
  staffId?: string;

  @OneOf(['counter', 'complaint-desk', 'bureau-officer', 'hq-auditor'], {}, { context: { rule: 'R-STF-2' } })
  role?: string;

  @OneOf(['counter-service', 'complaint-handling', 'audit', 'lawful-request'], {}, { context: { rule: 'R-STF-2' } })
  purpose?: string;

  @ApiPropertyOptional({ description: 'the seeker, complaint or consultation read', format: 'uuid' })
  @IsOptional()
  @Matches(UUID, { message: 'subjectId must be a UUID', context: { rule: 'R-STF-2' } })
  subjectId?: string;

  @ApiPropertyOptional({ description: 'reads at or after this instant', format: 'date-time' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'from is an ISO 8601 instant', context: { rule: 'R-STF-2' } })
  from?: string;

  @ApiPropertyOptional({ description: 'reads before this instant', format: 'date-time' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'to is an ISO 8601 instant', context: { rule: 'R-STF-2' } })
  to?: string;

  @PrefectureFilter()
  prefecture?: string;

  @OfficeFilter("an office code (HQ; a bureau's offices; a desk its own, or 403)")
  officeCode?: string;
}
