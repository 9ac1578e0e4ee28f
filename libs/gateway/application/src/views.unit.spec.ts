import { complaintsList, daysLeft, dueWindow, groupOf, requestsList } from './views';
import { sortValues } from './lists';
import { esc, jst } from './console/pages';

describe("the gateway's due groups, days left and rendering helpers", () => {
  // 2026-12-02 10:00 JST
  const window = dueWindow(new Date('2026-12-02T01:00:00.000Z'), 3);

  it('groups by the instant and counts Japan-time calendar days: past is overdue, within the window due soon, later not due', () => {
    expect(groupOf(window, '2026-12-02T00:59:59.000Z')).toBe('overdue');
    expect(groupOf(window, '2026-12-02T01:00:00.000Z')).toBe('due-soon');
    expect(groupOf(window, '2026-12-05T14:59:59.999Z')).toBe('due-soon'); // 5 Dec 23:59 JST: 3 days ahead
    expect(groupOf(window, '2026-12-05T15:00:00.000Z')).toBe('not-due'); // 6 Dec 00:00 JST
    expect(groupOf(window, null)).toBeNull();
    expect(daysLeft(window, '2026-12-02T14:59:00.000Z')).toBe(0); // today, Japan time
    expect(daysLeft(window, '2026-12-02T15:00:00.000Z')).toBe(1); // tomorrow 00:00 JST
    expect(daysLeft(window, '2026-11-30T01:00:00.000Z')).toBe(-2);
  });

  it('offers each sort ascending and descending', () => {
    expect(sortValues({ sorts: { due: 'due', name: 'organisation_name' } })).toEqual(['due', '-due', 'name', '-name']);
  });

  it('escapes every value it renders and shows instants in Japan time', () => {
    expect(esc('<script>"x" & \'y\'</script>')).toBe('&lt;script&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/script&gt;');
    expect(jst('2026-12-01T15:30:00.000Z')).toBe('2026-12-02 00:30');
  });

  it('R-CMP-5: a sanction of suspension reads 利用停止 in the CSV, while a request of that kind reads 利用停止の申出', () => {
    const csvOf = <I>(columns: Array<{ header: string; value: (item: I) => unknown }>, header: string, item: I) =>
      columns.find((c) => c.header === header)?.value(item);
    const complaintColumns = complaintsList(window, 'sanction').csv as Array<{ header: string; value: (item: unknown) => unknown }>;
    const requestColumns = requestsList(window).csv as Array<{ header: string; value: (item: unknown) => unknown }>;
    expect(csvOf(complaintColumns, '処分', { sanctionDecision: 'suspension' })).toBe('利用停止');
    expect(csvOf(complaintColumns, '処分', { sanctionDecision: 'termination' })).toBe('登録取消');
    expect(csvOf(requestColumns, '申請の種類', { kind: 'suspension' })).toBe('利用停止の申出');
    expect(csvOf(requestColumns, '申請の種類', { kind: 'renewal' })).toBe('更新申請');
  });
});
