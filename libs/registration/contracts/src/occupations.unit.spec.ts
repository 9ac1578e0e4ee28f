import { isOccupationCode, MHLW_OCCUPATION_REVISION, MHLW_OCCUPATIONS, OCCUPATION_CODES, OCCUPATION_MAJOR_GROUPS } from './occupations';

describe('the MHLW occupational classification (one table for registration and matching)', () => {
  it('is the 2011 revision: major groups A–K with their 73 two-digit middle groups, each once', () => {
    expect(MHLW_OCCUPATION_REVISION).toBe('2011');
    expect(MHLW_OCCUPATIONS.map((major) => major.code)).toEqual(['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K']);
    const codes = MHLW_OCCUPATIONS.flatMap((major) => major.middle.map((m) => m.code));
    expect(codes).toHaveLength(73);
    expect(new Set(codes).size).toBe(73);
    expect(codes.every((code) => /^\d{2}$/.test(code))).toBe(true);
    expect([...OCCUPATION_CODES]).toEqual(codes);
    expect(MHLW_OCCUPATIONS.every((major) => major.name && major.middle.every((m) => m.name))).toBe(true);
  });

  it('R-SKR-5: a profile names middle groups; 53, 55, 56, 58 and 59 are not codes of this revision', () => {
    expect(isOccupationCode('25')).toBe(true);
    expect(['53', '55', '56', '58', '59', 'C', '250'].some(isOccupationCode)).toBe(false);
  });

  it("a major group stands for its middle groups — exactly the groups matching's own copy of the table had", () => {
    expect(OCCUPATION_MAJOR_GROUPS).toEqual({
      A: ['01', '02', '03', '04'],
      B: ['05', '06', '07', '08', '09', '10', '11', '12', '13', '14', '15', '16', '17', '18', '19', '20', '21', '22', '23', '24'],
      C: ['25', '26', '27', '28', '29', '30', '31'],
      D: ['32', '33', '34'],
      E: ['35', '36', '37', '38', '39', '40', '41', '42'],
      F: ['43', '44', '45'],
      G: ['46', '47', '48'],
      H: ['49', '50', '51', '52', '54', '57', '60', '61', '62', '63', '64'],
      I: ['65', '66', '67', '68', '69'],
      J: ['70', '71', '72', '73', '74'],
      K: ['75', '76', '77', '78'],
    });
  });
});
