import { ConfigError } from '@hw/platform/core';
import { loadRegistrationConfig, STAFF_ROLES } from './registration.config';

const refusal = (env: NodeJS.ProcessEnv): ConfigError => {
  try {
    loadRegistrationConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
};

const good = { login: 'counter-shinjuku', password: 'counter password 1', role: 'counter', officeCode: '13010' };

describe("registration's settings: STAFF_ACCOUNTS entries refused by index and field (issue 15)", () => {
  it('R-STF-1: every staff role is accepted, with its fields', () => {
    const accounts = STAFF_ROLES.map((role, i) => ({ ...good, login: `staff-${i}`, role, prefecture: '13' }));
    expect(loadRegistrationConfig({ STAFF_ACCOUNTS: JSON.stringify(accounts) }).STAFF_ACCOUNTS.map((a) => a.role)).toEqual([
      'counter',
      'complaint-desk',
      'bureau-officer',
      'hq-auditor',
    ]);
  });

  it('R-STF-1: an unknown role names the entry, the field, the accepted roles and what it got, in one line', () => {
    const error = refusal({ STAFF_ACCOUNTS: JSON.stringify([good, { ...good, login: 'clerk-1', role: 'clerk' }]) });
    expect(error.problems).toEqual([
      'STAFF_ACCOUNTS[1].role: accepts one of counter, complaint-desk, bureau-officer, hq-auditor, got "clerk"',
    ]);
    expect(error.message).toBe(`invalid configuration: ${error.problems[0]}`);
  });

  it('a short password names its entry and rule but never repeats the password', () => {
    const error = refusal({ STAFF_ACCOUNTS: JSON.stringify([{ ...good, password: 'tiny-secret' }]) });
    expect(error.problems).toEqual(['STAFF_ACCOUNTS[0].password: accepts at least 12 characters']);
    expect(error.message).not.toContain('tiny-secret');
  });

  it('every bad field of every entry is reported at once: office code, prefecture, a missing login, an unknown field, a non-object', () => {
    const error = refusal({
      STAFF_ACCOUNTS: JSON.stringify([
        { ...good, officeCode: '1301' },
        { password: good.password, role: 'bureau-officer', prefecture: '48', colour: 'red' },
        'auditor',
      ]),
    });
    expect(error.problems).toEqual([
      'STAFF_ACCOUNTS[0].officeCode: accepts the 5-digit office code (e.g. 13010), for counter, complaint-desk and bureau-officer, got "1301"',
      'STAFF_ACCOUNTS[1].login: accepts 3–100 letters, digits, . _ @ -, got nothing',
      'STAFF_ACCOUNTS[1].prefecture: accepts the 2-digit prefecture code 01–47 (e.g. 13), required for bureau-officer, got "48"',
      'STAFF_ACCOUNTS[1].colour: is not a field; accepted fields are login, password, role, officeCode, prefecture',
      'STAFF_ACCOUNTS[2]: accepts an object {login, password, role, officeCode?, prefecture?}, got "auditor"',
    ]);
  });

  it('two entries with one login: the second is named', () => {
    const error = refusal({ STAFF_ACCOUNTS: JSON.stringify([good, good]) });
    expect(error.problems).toEqual(['STAFF_ACCOUNTS[1].login: accepts a login no other entry has, got "counter-shinjuku" (as entry 0)']);
  });

  it('not JSON, or not an array: the setting and the shape it accepts, without the text (a password may be in it)', () => {
    const notJson = refusal({ STAFF_ACCOUNTS: '[{"login":"x","password":"my secret pass' });
    expect(notJson.problems[0]).toMatch(
      /^STAFF_ACCOUNTS: accepts a JSON array of \{login, password, role, officeCode\?, prefecture\?\}; not JSON/,
    );
    expect(notJson.message).not.toContain('my secret pass');
    expect(refusal({ STAFF_ACCOUNTS: '{"login":"x"}' }).problems).toEqual([
      'STAFF_ACCOUNTS: accepts a JSON array of {login, password, role, officeCode?, prefecture?}, got an object',
    ]);
  });

  it('R-ORG-1 policy: a usage period out of range names its range and what it got', () => {
    expect(refusal({ REGISTRATION_USAGE_PERIOD_YEARS: '11' }).problems).toEqual([
      'REGISTRATION_USAGE_PERIOD_YEARS: accepts an integer 1–10 (years, R-ORG-1 policy), got "11"',
    ]);
  });
});
