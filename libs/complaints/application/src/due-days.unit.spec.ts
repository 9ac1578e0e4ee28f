import { complaintDueDaysFromEnv } from './complaints-keys';

describe('COMPLAINT_ACK_DAYS / COMPLAINT_ANSWER_DAYS (R-CMP-1 policy)', () => {
  it('R-CMP-1: defaults to 3 and 14 days', () => expect(complaintDueDaysFromEnv({})).toEqual({ acknowledgeDays: 3, answerDays: 14 }));
  it('R-CMP-1: accepts other whole days', () =>
    expect(complaintDueDaysFromEnv({ COMPLAINT_ACK_DAYS: '1', COMPLAINT_ANSWER_DAYS: '30' })).toEqual({
      acknowledgeDays: 1,
      answerDays: 30,
    }));
  it.each([
    ['COMPLAINT_ACK_DAYS', '0'],
    ['COMPLAINT_ACK_DAYS', '2.5'],
    ['COMPLAINT_ANSWER_DAYS', 'x'],
    ['COMPLAINT_ANSWER_DAYS', '91'],
  ])('R-CMP-1: %s=%s stops start-up naming the setting', (name, value) =>
    expect(() => complaintDueDaysFromEnv({ [name]: value })).toThrow(new RegExp(`${name}: must be an integer 1–90`)),
  );
  it('R-CMP-1: an answer due before the acknowledgement is refused', () =>
    expect(() => complaintDueDaysFromEnv({ COMPLAINT_ACK_DAYS: '10', COMPLAINT_ANSWER_DAYS: '5' })).toThrow(
      /COMPLAINT_ANSWER_DAYS: must be ≥ COMPLAINT_ACK_DAYS/,
    ));
});
