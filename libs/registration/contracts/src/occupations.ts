/**
 * The MHLW occupational classification, once for every context: registration validates a
 * profile's occupations against it (R-SKR-5), matching expands a major-group criterion with it.
 * Source: 厚生労働省編職業分類, 2011 revision (平成23年改定) — the classification Hello Work's
 * seeker forms and the Hello Work Internet Service's desired-occupation code (`kiboShokushu`)
 * use: major groups (大分類) A–K and their two-digit middle groups (中分類) 01–78, 73 in all
 * (53, 55, 56, 58 and 59 are not middle-group codes of this revision). Data, not logic: a new
 * revision replaces this table, and its test says what changed.
 */
export const MHLW_OCCUPATION_REVISION = '2011';

export interface OccupationGroup {
  code: string;
  name: string;
}

export interface OccupationMajorGroup extends OccupationGroup {
  middle: OccupationGroup[];
}

const g = (code: string, name: string): OccupationGroup => ({ code, name });

export const MHLW_OCCUPATIONS: OccupationMajorGroup[] = [
  {
    code: 'A',
    name: '管理的職業',
    middle: [g('01', '管理的公務員'), g('02', '法人・団体の役員'), g('03', '法人・団体の管理職員'), g('04', 'その他の管理的職業')],
  },
  {
    code: 'B',
    name: '専門的・技術的職業',
    middle: [
      g('05', '研究者'),
      g('06', '農林水産技術者'),
      g('07', '開発技術者'),
      g('08', '製造技術者'),
      g('09', '建築・土木・測量技術者'),
      g('10', '情報処理・通信技術者'),
      g('11', 'その他の技術者'),
      g('12', '医師、歯科医師、獣医師、薬剤師'),
      g('13', '保健師、助産師、看護師'),
      g('14', '医療技術者'),
      g('15', 'その他の保健医療の職業'),
      g('16', '社会福祉の専門的職業'),
      g('17', '法務の職業'),
      g('18', '経営・金融・保険の専門的職業'),
      g('19', '教育の職業'),
      g('20', '宗教家'),
      g('21', '著述家、記者、編集者'),
      g('22', '美術家、デザイナー、写真家、映像撮影者'),
      g('23', '音楽家、舞台芸術家'),
      g('24', 'その他の専門的職業'),
    ],
  },
  {
    code: 'C',
    name: '事務的職業',
    middle: [
      g('25', '一般事務の職業'),
      g('26', '会計事務の職業'),
      g('27', '生産関連事務の職業'),
      g('28', '営業・販売関連事務の職業'),
      g('29', '外勤事務の職業'),
      g('30', '運輸・郵便事務の職業'),
      g('31', '事務用機器操作の職業'),
    ],
  },
  { code: 'D', name: '販売の職業', middle: [g('32', '商品販売の職業'), g('33', '販売類似の職業'), g('34', '営業の職業')] },
  {
    code: 'E',
    name: 'サービスの職業',
    middle: [
      g('35', '家庭生活支援サービスの職業'),
      g('36', '介護サービスの職業'),
      g('37', '保健医療サービスの職業'),
      g('38', '生活衛生サービスの職業'),
      g('39', '飲食物調理の職業'),
      g('40', '接客・給仕の職業'),
      g('41', '居住施設・ビル等の管理の職業'),
      g('42', 'その他のサービスの職業'),
    ],
  },
  { code: 'F', name: '保安の職業', middle: [g('43', '自衛官'), g('44', '司法警察職員'), g('45', 'その他の保安の職業')] },
  { code: 'G', name: '農林漁業の職業', middle: [g('46', '農業の職業'), g('47', '林業の職業'), g('48', '漁業の職業')] },
  {
    code: 'H',
    name: '生産工程の職業',
    middle: [
      g('49', '生産設備制御・監視の職業（金属材料製造、金属加工、金属溶接・溶断）'),
      g('50', '生産設備制御・監視の職業（金属材料製造、金属加工、金属溶接・溶断を除く）'),
      g('51', '生産設備制御・監視の職業（機械組立）'),
      g('52', '金属材料製造、金属加工、金属溶接・溶断の職業'),
      g('54', '製品製造・加工処理の職業（金属材料製造、金属加工、金属溶接・溶断を除く）'),
      g('57', '機械組立の職業'),
      g('60', '機械整備・修理の職業'),
      g('61', '製品検査の職業（金属材料製造、金属加工、金属溶接・溶断）'),
      g('62', '製品検査の職業（金属材料製造、金属加工、金属溶接・溶断を除く）'),
      g('63', '機械検査の職業'),
      g('64', '生産関連・生産類似の職業'),
    ],
  },
  {
    code: 'I',
    name: '輸送・機械運転の職業',
    middle: [
      g('65', '鉄道運転の職業'),
      g('66', '自動車運転の職業'),
      g('67', '船舶・航空機運転の職業'),
      g('68', 'その他の輸送の職業'),
      g('69', '定置・建設機械運転の職業'),
    ],
  },
  {
    code: 'J',
    name: '建設・採掘の職業',
    middle: [
      g('70', '建設躯体工事の職業'),
      g('71', '建設の職業（建設躯体工事の職業を除く）'),
      g('72', '電気工事の職業'),
      g('73', '土木の職業'),
      g('74', '採掘の職業'),
    ],
  },
  {
    code: 'K',
    name: '運搬・清掃・包装等の職業',
    middle: [g('75', '運搬の職業'), g('76', '清掃の職業'), g('77', '包装の職業'), g('78', 'その他の運搬・清掃・包装等の職業')],
  },
];

/** Every middle-group code (what a profile may name). */
export const OCCUPATION_CODES: ReadonlySet<string> = new Set(MHLW_OCCUPATIONS.flatMap((major) => major.middle.map((m) => m.code)));

export const isOccupationCode = (code: string): boolean => OCCUPATION_CODES.has(code);

/** Major group letter → its middle-group codes (what an `A`–`K` search criterion stands for). */
export const OCCUPATION_MAJOR_GROUPS: Readonly<Record<string, string[]>> = Object.fromEntries(
  MHLW_OCCUPATIONS.map((major) => [major.code, major.middle.map((m) => m.code)]),
);
