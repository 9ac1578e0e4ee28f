import { BadRequestException } from '@nestjs/common';
import { Db, num, Row, rows } from './sql';

/** One column of a list's CSV export: a Japanese header and the cell of an item. */
export interface CsvColumn<I> {
  header: string;
  value: (item: I) => string | number | boolean | null | undefined;
}

/**
 * A list the gateway serves: a SELECT whose columns are the row's fields (the outer query
 * filters and sorts on them by name), a unique `id` column as the keyset's tie-break, the sorts
 * it offers (column names, never NULL), how a row becomes an item, and its CSV columns.
 */
export interface ListDefinition<I> {
  name: string;
  select: string;
  sorts: Record<string, string>;
  /** A sort key; `-key` sorts descending. */
  defaultSort: string;
  item: (row: Row) => I;
  csv: Array<CsvColumn<I>>;
}

export interface ListRequest {
  /** SQL conditions on the select's columns (`t.<column>`), ANDed. */
  where: string[];
  params: Record<string, unknown>;
  sort?: string;
  cursor?: string;
  limit: number;
}

export interface Page<I> {
  items: I[];
  /** Items matching the filters, on every page. */
  total: number;
  /** The next page's cursor (keyset: stable under inserts); absent on the last page. */
  nextCursor?: string;
  sort: string;
}

export const MAX_LIMIT = 200;
export const CSV_LIMIT = 10_000;

const badCursor = () =>
  new BadRequestException({
    code: 'VALIDATION_FAILED',
    field: 'cursor',
    message: 'cursor: the nextCursor of an earlier page of this list and sort',
  });
const badSort = (allowed: string[]) =>
  new BadRequestException({ code: 'VALIDATION_FAILED', field: 'sort', message: `sort must be one of ${allowed.join(', ')}` });

/** The sort values a list accepts (for validation and OpenAPI): each key ascending and descending. */
export const sortValues = (definition: Pick<ListDefinition<unknown>, 'sorts'>): string[] =>
  Object.keys(definition.sorts).flatMap((k) => [k, `-${k}`]);

const encode = (value: unknown): string => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
const decode = (cursor: string): { k: string; s: string; i: string } => {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { k?: unknown; s?: unknown; i?: unknown };
    if (typeof value.k === 'string' && typeof value.s === 'string' && typeof value.i === 'string')
      return value as { k: string; s: string; i: string };
  } catch {
    // falls through
  }
  throw badCursor();
};

/** One page of a list: filters, a sort, and a keyset cursor (the sort value and id of the last item seen). */
export const listPage = async <I>(db: Db, definition: ListDefinition<I>, request: ListRequest): Promise<Page<I>> => {
  const sort = request.sort ?? definition.defaultSort;
  const descending = sort.startsWith('-');
  const key = descending ? sort.slice(1) : sort;
  const column = definition.sorts[key];
  if (!column) throw badSort(sortValues(definition));
  const where = request.where.length > 0 ? `WHERE ${request.where.join(' AND ')}` : '';
  const params: Record<string, unknown> = { ...request.params };
  const base = `SELECT * FROM (${definition.select}) t ${where}`;
  const [{ n }] = await rows<{ n: unknown }>(db, `SELECT COUNT(*) AS n FROM (${base}) c`, params);
  let keyset = '';
  if (request.cursor) {
    const c = decode(request.cursor);
    if (c.k !== sort) throw badCursor();
    const op = descending ? '<' : '>';
    keyset = `${where ? 'AND' : 'WHERE'} (t.${column} ${op} :cursorSort OR (t.${column} = :cursorSort AND t.id ${op} :cursorId))`;
    params.cursorSort = c.s;
    params.cursorId = c.i;
  }
  const direction = descending ? 'DESC' : 'ASC';
  const found = await rows(
    db,
    `SELECT * FROM (${definition.select}) t ${where} ${keyset} ORDER BY t.${column} ${direction}, t.id ${direction} LIMIT ${request.limit + 1}`,
    params,
  );
  const page = found.slice(0, request.limit);
  const last = page[page.length - 1];
  return {
    items: page.map(definition.item),
    total: num(n),
    sort,
    ...(found.length > request.limit && last ? { nextCursor: encode({ k: sort, s: String(last[column] ?? ''), i: String(last.id) }) } : {}),
  };
};

const cell = (value: string | number | boolean | null | undefined): string => {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/**
 * A list as CSV: UTF-8 with a BOM (Excel opens it as UTF-8), CRLF lines; the first line states
 * the position of each source the list reflects, then Japanese headers, then every matching row
 * (up to CSV_LIMIT) in the list's sort.
 */
export const listCsv = async <I>(
  db: Db,
  definition: ListDefinition<I>,
  request: ListRequest,
  stamp: Array<[string, string]>,
): Promise<string> => {
  const lines: string[] = [['作成時ログ位置', ...stamp.map(([source, position]) => `${source}=${position}`)].map(cell).join(',')];
  lines.push(definition.csv.map((c) => cell(c.header)).join(','));
  let cursor: string | undefined = request.cursor;
  let written = 0;
  while (written < CSV_LIMIT) {
    const page = await listPage(db, definition, { ...request, cursor, limit: Math.min(MAX_LIMIT, CSV_LIMIT - written) });
    for (const item of page.items) lines.push(definition.csv.map((c) => cell(c.value(item))).join(','));
    written += page.items.length;
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
};
