/**
 * The demo's small world (npm run demo): three bureaus with their staff, a dozen organisations of
 * every kind, seekers with Japanese profiles. Deterministic — the same world on every run — so a
 * second run finds everything already there and adds nothing.
 */

export const DEMO_PASSWORD = {
  staff: 'demo staff password',
  organisation: 'demo organisation password',
  seeker: 'demo seeker password',
};

export interface Bureau {
  prefecture: string;
  name: string;
  bureauOffice: string;
  helloWork: { code: string; name: string; municipality: string };
}

export const BUREAUS: Bureau[] = [
  {
    prefecture: '13',
    name: '東京労働局',
    bureauOffice: '13000',
    helloWork: { code: '13010', name: 'ハローワーク新宿', municipality: '13104' },
  },
  {
    prefecture: '27',
    name: '大阪労働局',
    bureauOffice: '27000',
    helloWork: { code: '27010', name: 'ハローワーク梅田', municipality: '27127' },
  },
  {
    prefecture: '40',
    name: '福岡労働局',
    bureauOffice: '40000',
    helloWork: { code: '40010', name: 'ハローワーク福岡中央', municipality: '40133' },
  },
];

export interface StaffAccount {
  login: string;
  password: string;
  role: 'counter' | 'complaint-desk' | 'bureau-officer' | 'hq-auditor';
  officeCode?: string;
  prefecture?: string;
}

/** The STAFF_ACCOUNTS the platform must start with for the demo (`npm run -s demo -- --staff-accounts`). */
export const demoStaff = (): StaffAccount[] => [
  ...BUREAUS.flatMap((b): StaffAccount[] => [
    {
      login: `demo-bureau-${b.prefecture}`,
      password: DEMO_PASSWORD.staff,
      role: 'bureau-officer',
      officeCode: b.bureauOffice,
      prefecture: b.prefecture,
    },
    {
      login: `demo-counter-${b.prefecture}`,
      password: DEMO_PASSWORD.staff,
      role: 'counter',
      officeCode: b.helloWork.code,
      prefecture: b.prefecture,
    },
    {
      login: `demo-desk-${b.prefecture}`,
      password: DEMO_PASSWORD.staff,
      role: 'complaint-desk',
      officeCode: b.helloWork.code,
      prefecture: b.prefecture,
    },
  ]),
  { login: 'demo-hq-auditor', password: DEMO_PASSWORD.staff, role: 'hq-auditor' },
];

export interface Organisation {
  key: string;
  prefecture: string;
  application: Record<string, unknown>;
  /** Department users created by the administrator: [login suffix, department index or contractor index]. */
  users: Array<{ login: string; unit: { department: number } | { contractor: number } }>;
}

/** 全国地方公共団体コード: five digits and the check digit (weights 6..2). */
const withCheckDigit = (five: string): string => {
  const sum = [...five].reduce((s, d, i) => s + Number(d) * (6 - i), 0);
  return `${five}${(11 - (sum % 11)) % 10}`;
};

const officer = (name: string, department: string, phone: string, email: string) => ({ name, department, phone, email });
const security = { antivirusDefinitionsCurrent: true, automaticScanEnabled: true };

const agency = (
  key: string,
  prefecture: string,
  kind: 'private-paid' | 'private-free',
  serial: string,
  organisationName: string,
  offices: string[],
): Organisation => ({
  key,
  prefecture,
  application: {
    organisationName,
    kind,
    category: 'own',
    permitNumber: `${prefecture}-${kind === 'private-paid' ? 'ユ' : 'ム'}-${serial}`,
    departments: offices.map((name, i) => ({ name, branchNumber: String(i), mainOffice: i === 0 })),
    contractors: [],
    contactOfficer: officer('連絡 花子', '人事部', '03-5000-0001', `contact.${key}@example.jp`),
    complaintOfficer: officer('苦情 太郎', '法務部', '03-5000-0002', `complaints.${key}@example.jp`),
    security,
  },
  users: [{ login: 'sales', unit: { department: 0 } }],
});

const localGovernment = (
  key: string,
  fiveDigits: string,
  organisationName: string,
  departments: string[],
  contractors: Array<{ name: string; permitNumber: string }>,
): Organisation => ({
  key,
  prefecture: fiveDigits.slice(0, 2),
  application: {
    organisationName,
    kind: 'local-government',
    category: contractors.length > 0 ? 'joint' : 'own',
    localGovernmentCode: withCheckDigit(fiveDigits),
    departments: departments.map((name) => ({ name })),
    contractors,
    contactOfficer: officer('連絡 一郎', departments[0], '03-5000-1001', `contact.${key}@example.lg.jp`),
    // R-ORG-4: one complaint officer who knows every department using the service.
    complaintOfficer: officer('苦情 次郎', '総務課', '03-5000-1002', `complaints.${key}@example.lg.jp`),
    security,
  },
  users: [
    ...departments.map((_, i) => ({ login: `dept${i + 1}`, unit: { department: i } })),
    ...contractors.map((_, i) => ({ login: `contractor${i + 1}`, unit: { contractor: i } })),
  ],
});

/** Twelve organisations: per bureau two paid agencies, a free one, and a local government (two with contractors). */
export const ORGANISATIONS: Organisation[] = [
  agency('tokyo-paid-1', '13', 'private-paid', '700001', '株式会社みらいキャリア', ['本社', '池袋支店']),
  agency('tokyo-paid-2', '13', 'private-paid', '700002', '株式会社東都人材センター', ['本社']),
  agency('tokyo-free-1', '13', 'private-free', '700003', '公益社団法人しごと応援ネット', ['本部']),
  localGovernment(
    'shinjuku-city',
    '13104',
    '新宿区',
    ['産業振興課', '生活福祉課'],
    [{ name: '株式会社しんじゅく就労支援', permitNumber: '13-ユ-700004' }],
  ),
  agency('osaka-paid-1', '27', 'private-paid', '700001', '株式会社なにわジョブ', ['本社', '難波支店']),
  agency('osaka-paid-2', '27', 'private-paid', '700002', '株式会社関西スタッフィング', ['本社']),
  agency('osaka-free-1', '27', 'private-free', '700003', '一般社団法人おおさか就職支援協会', ['本部']),
  localGovernment('osaka-city', '27100', '大阪市', ['経済戦略局', '福祉局'], []),
  agency('fukuoka-paid-1', '40', 'private-paid', '700001', '株式会社はかたワークス', ['本社']),
  agency('fukuoka-paid-2', '40', 'private-paid', '700002', '株式会社九州キャリアパートナーズ', ['本社', '小倉支店']),
  agency('fukuoka-free-1', '40', 'private-free', '700003', 'NPO法人ふくおか仕事サポート', ['本部']),
  localGovernment(
    'fukuoka-city',
    '40130',
    '福岡市',
    ['経済観光文化局', '保健福祉局'],
    [{ name: '株式会社ふくおか雇用サービス', permitNumber: '40-ユ-700004' }],
  ),
];

const SURNAMES = [
  '佐藤',
  '鈴木',
  '高橋',
  '田中',
  '伊藤',
  '渡辺',
  '山本',
  '中村',
  '小林',
  '加藤',
  '吉田',
  '山田',
  '佐々木',
  '松本',
  '井上',
  '木村',
];
const GIVEN = ['太郎', '花子', '健太', '美咲', '翔太', '陽菜', '大輔', '結衣', '拓也', 'さくら', '直樹', '彩', '亮', '真由美', '誠', '恵'];
const KANA_SURNAMES = [
  'サトウ',
  'スズキ',
  'タカハシ',
  'タナカ',
  'イトウ',
  'ワタナベ',
  'ヤマモト',
  'ナカムラ',
  'コバヤシ',
  'カトウ',
  'ヨシダ',
  'ヤマダ',
  'ササキ',
  'マツモト',
  'イノウエ',
  'キムラ',
];
const KANA_GIVEN = [
  'タロウ',
  'ハナコ',
  'ケンタ',
  'ミサキ',
  'ショウタ',
  'ヒナ',
  'ダイスケ',
  'ユイ',
  'タクヤ',
  'サクラ',
  'ナオキ',
  'アヤ',
  'リョウ',
  'マユミ',
  'マコト',
  'メグミ',
];

/** Occupations (MHLW middle groups) with a self-PR that fits them. */
const CAREERS: Array<{ occupations: string[]; qualifications: string[]; pr: string[] }> = [
  {
    occupations: ['25', '26'],
    qualifications: ['日商簿記2級'],
    pr: ['経理として月次決算を担当してきました。', '会計ソフトの導入を主導した経験があります。'],
  },
  {
    occupations: ['10'],
    qualifications: ['基本情報技術者'],
    pr: ['業務システムの保守開発を5年担当しました。', '社内のヘルプデスク運営を立ち上げました。'],
  },
  {
    occupations: ['16', '36'],
    qualifications: ['介護福祉士'],
    pr: ['特別養護老人ホームで夜勤を含む介護に従事しました。', '利用者とご家族に寄り添う支援を大切にしています。'],
  },
  {
    occupations: ['13'],
    qualifications: ['看護師'],
    pr: ['急性期病棟での看護経験があります。', '訪問看護に関心があり、地域医療に貢献したいです。'],
  },
  {
    occupations: ['32', '33'],
    qualifications: [],
    pr: ['接客販売で店舗の売上目標を達成してきました。', 'お客様の声を商品陳列に活かす工夫をしてきました。'],
  },
  {
    occupations: ['67', '68'],
    qualifications: ['中型自動車免許', 'フォークリフト運転技能講習'],
    pr: ['配送ドライバーとして無事故で勤務しました。', '倉庫内の在庫管理も経験しています。'],
  },
  {
    occupations: ['19'],
    qualifications: ['中学校教諭一種免許状'],
    pr: ['学習塾で中高生の指導にあたってきました。', '一人ひとりに合わせた教え方を工夫しています。'],
  },
  { occupations: ['22'], qualifications: [], pr: ['Webデザインとバナー制作を担当してきました。', '企業の広報物の制作経験があります。'] },
];
const CLOSINGS = [
  '地域に根ざして長く働ける職場を希望します。',
  '子育てと両立できる働き方を探しています。',
  '新しい分野にも挑戦したいと考えています。',
  '正確で丁寧な仕事を心がけています。',
];
const EMPLOYMENT = ['full-time', 'part-time', 'contract', 'any'] as const;
const EDUCATION = ['high', 'vocational', 'junior-college', 'university', 'graduate'] as const;

export interface Seeker {
  /** Registered at this bureau's Hello Work office. */
  bureau: Bureau;
  jobSeekerNumber: string;
  body: Record<string, unknown>;
  /** A seeker who gets a login and plays a part (threads, block, stop, disclosure); its self-PR names it. */
  featured?: string;
}

const pick = <T>(list: readonly T[], i: number): T => list[i % list.length];

/** The i-th seeker of the world: deterministic, spread over the three offices. */
export const seekerAt = (i: number, today: string): Seeker => {
  const bureau = BUREAUS[i % BUREAUS.length];
  const career = pick(CAREERS, Math.floor(i / 3) + i);
  const age = 20 + ((i * 7) % 45);
  const birthYear = Number(today.slice(0, 4)) - age;
  const featured = i < 6 ? `見本${String(i + 1).padStart(2, '0')}` : undefined;
  const serial = String(90_000_000 + i).padStart(8, '0');
  const s = pick(SURNAMES, i * 5 + 1);
  const g = pick(GIVEN, i * 3 + 2);
  const selfPr = `${pick(career.pr, i)}${pick(CLOSINGS, i * 11)}${featured ? `（${featured}）` : ''}`;
  return {
    bureau,
    jobSeekerNumber: `${bureau.helloWork.code}-${serial}`,
    featured,
    body: {
      scope: i % 5 === 4 ? ['private-agencies'] : ['private-agencies', 'local-governments'],
      termsVersion: '2026-04',
      appliedOn: today,
      school: { status: 'none' },
      personalData: {
        jobSeekerNumber: `${bureau.helloWork.code}-${serial}`,
        name: `${s} ${g}`,
        nameKana: `${pick(KANA_SURNAMES, i * 5 + 1)} ${pick(KANA_GIVEN, i * 3 + 2)}`,
        birthDate: `${birthYear}-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 27) + 1).padStart(2, '0')}`,
        address: `${bureau.name.replace('労働局', '')}内`,
        phone: `090-${String(1000 + (i % 9000)).padStart(4, '0')}-${String(i % 10000).padStart(4, '0')}`,
        email: `seeker${i}@example.jp`,
      },
      profile: {
        desiredOccupations: career.occupations,
        desiredPrefectures: [bureau.prefecture],
        desiredMunicipalities: [bureau.helloWork.municipality],
        employmentType: pick(EMPLOYMENT, i),
        desiredWage: i % 2 === 0 ? { amount: 200_000 + (i % 15) * 10_000, per: 'month' } : { amount: 1_100 + (i % 8) * 50, per: 'hour' },
        qualifications: career.qualifications,
        educationLevel: pick(EDUCATION, i),
        workHistory: [{ occupation: career.occupations[0], years: 1 + (i % 12) }],
        selfPr,
      },
    },
  };
};
