import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { openReadDataSource, PLATFORM_ENTITIES, PLATFORM_MIGRATIONS, ReadDbConfig } from '@hw/platform/projections';
import { postgresUrl } from '@hw/platform/testing';
import {
  backfillSearchKeys,
  buildSearchQuery,
  decodeCursor,
  MATCHING_ENTITIES,
  MATCHING_MIGRATIONS,
  ProfileSearch,
  SearchCriteria,
  searchHints,
  SearchHints,
  SearchRegistration,
} from '@hw/matching/application';
import { hourlyWage, monthlyWage } from '@hw/matching/domain';
import { BenchRow } from './types';

/**
 * Anonymised search at national scale: 2,000,000 generated profiles (BENCH_SEARCH_PROFILES),
 * p50/p95 of typical searches through ProfileSearch (TypeORM, the service's own code), each
 * next to the very SQL it builds (getQueryAndParameters) run raw on the same database
 * (better-sqlite3 / pg). The generated SQLite file is cached under bench/.data/, the
 * PostgreSQL data in schema bench_matching_search; both are reused when already populated.
 */
const N = Number(process.env.BENCH_SEARCH_PROFILES ?? 2_000_000);
const RUNS = Number(process.env.BENCH_SEARCH_RUNS ?? 30);
const CHUNK = 5_000;
const SECRET = 'bench-seeker-reference-secret-of-32-chars';
const VIEWER = { registrationId: 'bench-registration', organisationKind: 'private-paid' as const };
const PG_SCHEMA = 'bench_matching_search';

// --- deterministic, roughly realistic data -------------------------------------------------

const mulberry32 = (seed: number) => () => {
  seed |= 0;
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const weighted = <T>(items: T[], weights: number[]) => {
  const total = weights.reduce((a, b) => a + b, 0);
  const cumulative = weights.map(
    (
      (sum) => (w: number) =>
        (sum += w / total)
    )(0),
  );
  return (r: number): T =>
    items[
      Math.min(
        cumulative.findIndex((c) => r < c),
        items.length - 1,
      )
    ];
};
const pad2 = (n: number) => String(n).padStart(2, '0');

// Prefectures by population (millions, 2020 census, rounded): Tokyo, Kanagawa, Osaka… dominate.
const POP = [
  5.2, 1.2, 1.2, 2.3, 0.96, 1.07, 1.83, 2.87, 1.93, 1.94, 7.34, 6.28, 14.0, 9.24, 2.2, 1.03, 1.13, 0.77, 0.81, 2.05, 1.98, 3.63, 7.54, 1.77,
  1.41, 2.58, 8.84, 5.47, 1.32, 0.92, 0.55, 0.67, 1.89, 2.8, 1.34, 0.72, 0.95, 1.33, 0.69, 5.14, 0.81, 1.31, 1.74, 1.12, 1.07, 1.59, 1.47,
];
const prefecture = weighted(
  POP.map((_, i) => pad2(i + 1)),
  POP,
);
// MHLW occupation middle groups: majors 01–11 × 1–9; clerical (05x), service (09x), transport (10x) most wanted.
const OCCUPATIONS: string[] = [];
const OCC_W: number[] = [];
for (let major = 1; major <= 11; major += 1)
  for (let middle = 1; middle <= 9; middle += 1) {
    OCCUPATIONS.push(`${pad2(major)}${middle}`);
    OCC_W.push(({ 5: 6, 9: 4, 10: 3, 8: 3, 2: 2.5, 4: 2 } as Record<number, number>)[major] ?? 1 / middle + 0.5);
  }
const occupation = weighted(OCCUPATIONS, OCC_W);
const employment = weighted(['full-time', 'part-time', 'contract', 'any'], [50, 30, 10, 10]);
const QUALS = [
  '普通自動車免許',
  '日商簿記検定2級',
  '介護福祉士',
  '介護職員初任者研修',
  'TOEIC 600点以上',
  '看護師',
  '准看護師',
  '保育士',
  'フォークリフト運転技能者',
  'MOS',
  '宅地建物取引士',
  '調理師',
  '危険物取扱者乙種第4類',
  '基本情報技術者',
  '社会福祉士',
  'ファイナンシャル・プランニング技能士2級',
  '大型自動車免許',
  '医療事務',
  '電気工事士',
  '衛生管理者',
];
const qualification = weighted(QUALS, [50, 8, 5, 7, 6, 3, 2, 4, 4, 6, 2, 3, 4, 3, 1, 2, 2, 3, 2, 2]);
const PHRASES = [
  '接客経験が五年あります',
  '事務職として正確な作業を心がけてきました',
  '介護の現場で夜勤も経験しました',
  'フォークリフトでの倉庫作業が得意です',
  'エクセルとワードの基本操作ができます',
  '子育てが一段落したので復職を希望します',
  '営業で培ったコミュニケーション力を活かしたい',
  '調理補助の経験があります',
  '体力には自信があります',
  '長く安定して働ける職場を探しています',
  '資格取得に向けて勉強中です',
  'プログラミングを独学で学びました',
  '短時間勤務を希望します',
  '土日の勤務も可能です',
  'チームで働くことが好きです',
  '経理の実務経験があります',
  '運転免許を持っており配送業務の経験があります',
  '保育園で補助として働いていました',
  '製造ラインでの品質管理を担当しました',
  '英語で簡単な接客ができます',
];
const ageBands = ['15-19', '20-24', '25-29', '30-34', '35-39', '40-44', '45-49', '50-54', '55-59', '60-64', '65-69'];
const ageBand = weighted(ageBands, [1, 8, 10, 10, 10, 11, 12, 12, 11, 9, 6]);
const EDUCATION = ['中学校', '高等学校', '専門学校', '短期大学', '大学', '大学院'];
const education = weighted(EDUCATION, [3, 35, 15, 10, 33, 4]);
const START = Date.parse('2024-04-01T00:00:00Z');
const SPAN = 2 * 365 * 86_400_000;

interface Generated {
  main: unknown[]; // doc_id, seeker_id, status, eligible, scope_private, scope_local, employment_type, wage_monthly, wage_hourly, self_pr, registered_at, profile
  occupations: Array<[number, string]>;
  locations: Array<[number, string, string]>;
  qualifications: Array<[number, string]>;
}

/** Rows [from, from+count) — deterministic per chunk, so SQLite and PostgreSQL hold the same data. */
const generate = (from: number, count: number): Generated[] => {
  const r = mulberry32(from * 7919 + 17);
  const out: Generated[] = [];
  for (let i = from; i < from + count; i += 1) {
    const docId = i + 1;
    const hex = docId.toString(16).padStart(12, '0');
    const seekerId = `0190${hex.slice(0, 4)}-${hex.slice(4, 8)}-7${hex.slice(8, 11)}-8${hex.slice(11)}00-${Math.floor(r() * 2 ** 48)
      .toString(16)
      .padStart(12, '0')}`;
    const occupations = [...new Set(Array.from({ length: 1 + Math.floor(r() * r() * 3) }, () => occupation(r())))];
    const home = prefecture(r());
    const prefectures = r() < 0.2 ? [...new Set([home, prefecture(r())])] : [home];
    const municipalities = r() < 0.3 ? [`${home}${100 + Math.floor(r() * 30)}`] : [];
    const wage =
      r() < 0.8
        ? r() < 0.6
          ? {
              amount: Math.round(Math.min(600_000, Math.max(150_000, 230_000 + (r() + r() + r() - 1.5) * 80_000)) / 1000) * 1000,
              per: 'month' as const,
            }
          : { amount: 1000 + Math.floor(r() * 21) * 50, per: 'hour' as const }
        : undefined;
    const quals = [...new Set(Array.from({ length: Math.floor(r() * 3.2) }, () => qualification(r())))];
    const selfPr = Array.from({ length: 2 + Math.floor(r() * 3) }, () => PHRASES[Math.floor(r() * PHRASES.length)]).join('。') + '。';
    const employmentType = employment(r());
    const scopeRoll = r();
    const registeredAt = new Date(START + Math.floor((i / N) * SPAN) + Math.floor(r() * 3_600_000)).toISOString();
    const profile = {
      desiredOccupations: occupations,
      desiredPrefectures: prefectures,
      desiredMunicipalities: municipalities,
      employmentType,
      hours: { perWeek: [20, 30, 40][Math.floor(r() * 3)] },
      ...(wage ? { desiredWage: wage } : {}),
      qualifications: quals,
      educationLevel: education(r()),
      workHistory: [{ occupation: occupation(r()), years: 1 + Math.floor(r() * 15) }],
      selfPr,
      ageBand: ageBand(r()),
    };
    out.push({
      main: [
        docId,
        seekerId,
        r() < 0.97 ? 'active' : 'stopped',
        r() < 0.95,
        scopeRoll < 0.9,
        scopeRoll >= 0.3,
        employmentType,
        monthlyWage(wage),
        hourlyWage(wage),
        selfPr,
        registeredAt,
        JSON.stringify(profile),
      ],
      occupations: occupations.map((code) => [docId, code]),
      locations: [
        ...prefectures.map((p) => [docId, p, ''] as [number, string, string]),
        ...municipalities.map((m) => [docId, m.slice(0, 2), m] as [number, string, string]),
      ],
      qualifications: quals.map((q) => [docId, q]),
    });
  }
  return out;
};

const MAIN_COLUMNS =
  'doc_id, seeker_id, status, eligible, scope_private, scope_local_government, employment_type, wage_monthly, wage_hourly, self_pr, registered_at, profile';

// --- loading ---------------------------------------------------------------------------------

const log = (message: string) => process.stdout.write(`  search: ${message}\n`);

const populateSqlite = async (file: string) => {
  const db = new Database(file);
  const have = (db.prepare('SELECT COUNT(*) AS n FROM search_profiles').get() as { n: number }).n;
  if (have === N) {
    db.close();
    return false;
  }
  const started = performance.now();
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -1000000');
  for (const t of [
    'search_profile_keys',
    'search_profile_occupations',
    'search_profile_locations',
    'search_profile_qualifications',
    'search_profiles',
  ])
    db.exec(`DELETE FROM ${t}`);
  db.exec(`INSERT INTO search_profiles_fts(search_profiles_fts) VALUES ('delete-all')`);
  // The FTS index is built once after the load ('rebuild'), not row by row through the trigger.
  db.exec('DROP TRIGGER search_profiles_fts_ai');
  const main = db.prepare(
    `INSERT INTO search_profiles (${MAIN_COLUMNS}) VALUES (${MAIN_COLUMNS.split(',')
      .map(() => '?')
      .join(',')})`,
  );
  const occ = db.prepare('INSERT INTO search_profile_occupations (doc_id, code) VALUES (?, ?)');
  const loc = db.prepare('INSERT INTO search_profile_locations (doc_id, prefecture, municipality) VALUES (?, ?, ?)');
  const qual = db.prepare('INSERT INTO search_profile_qualifications (doc_id, name) VALUES (?, ?)');
  db.transaction(() => {
    for (let from = 0; from < N; from += CHUNK) {
      for (const g of generate(from, Math.min(CHUNK, N - from))) {
        main.run(g.main.map((v) => (typeof v === 'boolean' ? (v ? 1 : 0) : v)));
        for (const o of g.occupations) occ.run(o);
        for (const l of g.locations) loc.run(l);
        for (const q of g.qualifications) qual.run(q);
      }
      if (from % 500_000 === 0 && from > 0) log(`SQLite ${from.toLocaleString('en-US')} rows…`);
    }
  })();
  log(`SQLite rows loaded in ${((performance.now() - started) / 1000).toFixed(0)} s; building the FTS5 trigram index…`);
  db.exec(`INSERT INTO search_profiles_fts(search_profiles_fts) VALUES ('rebuild')`);
  db.exec(`CREATE TRIGGER search_profiles_fts_ai AFTER INSERT ON search_profiles BEGIN
             INSERT INTO search_profiles_fts(rowid, self_pr) VALUES (new.doc_id, new.self_pr);
           END`);
  log('building the search keys…');
  await backfillSearchKeys(async (sql) => db.exec(sql), false);
  db.exec('ANALYZE');
  db.pragma('journal_mode = WAL');
  db.close();
  log(`SQLite generated in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  return true;
};

const populatePostgres = async (client: Client) => {
  const have = Number((await client.query('SELECT COUNT(*) AS n FROM search_profiles')).rows[0].n);
  if (have === N) return false;
  const started = performance.now();
  await client.query(
    'TRUNCATE search_profiles, search_profile_occupations, search_profile_locations, search_profile_qualifications, search_profile_keys',
  );
  // Indexes are built once after the load, which is far faster than maintaining them row by row.
  const indexes = (
    await client.query(
      `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = $1 AND tablename LIKE 'search_profile%' AND indexname NOT LIKE 'PK_%'`,
      [PG_SCHEMA],
    )
  ).rows as Array<{ indexname: string; indexdef: string }>;
  for (const i of indexes) await client.query(`DROP INDEX "${PG_SCHEMA}"."${i.indexname}"`);
  const columnsOf = <T extends unknown[]>(rows: T[], width: number) => Array.from({ length: width }, (_, c) => rows.map((row) => row[c]));
  for (let from = 0; from < N; from += CHUNK) {
    const chunk = generate(from, Math.min(CHUNK, N - from));
    await client.query('BEGIN');
    await client.query(
      `INSERT INTO search_profiles (${MAIN_COLUMNS}) SELECT * FROM unnest($1::int[], $2::varchar[], $3::varchar[], $4::bool[], $5::bool[], $6::bool[], $7::varchar[], $8::int[], $9::int[], $10::text[], $11::varchar[], $12::text[])`,
      columnsOf(
        chunk.map((g) => g.main),
        12,
      ),
    );
    await client.query(
      'INSERT INTO search_profile_occupations (doc_id, code) SELECT * FROM unnest($1::int[], $2::varchar[])',
      columnsOf(
        chunk.flatMap((g) => g.occupations),
        2,
      ),
    );
    await client.query(
      'INSERT INTO search_profile_locations (doc_id, prefecture, municipality) SELECT * FROM unnest($1::int[], $2::varchar[], $3::varchar[])',
      columnsOf(
        chunk.flatMap((g) => g.locations),
        3,
      ),
    );
    await client.query(
      'INSERT INTO search_profile_qualifications (doc_id, name) SELECT * FROM unnest($1::int[], $2::varchar[])',
      columnsOf(
        chunk.flatMap((g) => g.qualifications),
        2,
      ),
    );
    await client.query('COMMIT');
    if (from % 500_000 === 0 && from > 0) log(`PostgreSQL ${from.toLocaleString('en-US')} rows…`);
  }
  log(`PostgreSQL rows loaded in ${((performance.now() - started) / 1000).toFixed(0)} s; building indexes…`);
  await client.query(`SET maintenance_work_mem = '512MB'`);
  for (const i of indexes) await client.query(i.indexdef);
  await client.query(`SELECT setval(pg_get_serial_sequence('search_profiles', 'doc_id'), $1)`, [N]);
  log('PostgreSQL: building the search keys…');
  await backfillSearchKeys((sql) => client.query(sql), true);
  // VACUUM sets the visibility map, so walks of the key's primary key are index-only scans.
  await client.query('VACUUM ANALYZE');
  log(`PostgreSQL generated in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  return true;
};

// --- measuring -------------------------------------------------------------------------------

/** Typical searches; each cycles through a few variants so one hot set of pages does not flatter it. */
const VARIANTS: Array<{ occupation: string; prefecture: string }> = [
  { occupation: '05', prefecture: '13' },
  { occupation: '09', prefecture: '27' },
  { occupation: '051', prefecture: '14' },
  { occupation: '10', prefecture: '23' },
  { occupation: '02', prefecture: '01' },
  { occupation: '08', prefecture: '40' },
];
const SEARCHES: Array<{ name: string; criteria: (v: (typeof VARIANTS)[number]) => SearchCriteria; nextPage?: boolean }> = [
  { name: 'occupation+prefecture', criteria: (v) => ({ occupations: [v.occupation], prefecture: v.prefecture }) },
  { name: '+ wage', criteria: (v) => ({ occupations: [v.occupation], prefecture: v.prefecture, wageMin: 200_000, wageMax: 280_000 }) },
  { name: '+ self-PR words', criteria: (v) => ({ occupations: [v.occupation], prefecture: v.prefecture, text: '接客経験' }) },
  { name: 'next page', criteria: (v) => ({ occupations: [v.occupation], prefecture: v.prefecture }), nextPage: true },
  { name: 'prefecture + 2-char word (fallback)', criteria: (v) => ({ prefecture: v.prefecture, text: '夜勤' }) },
  { name: 'occupation, all of Japan', criteria: (v) => ({ occupations: [v.occupation] }) },
  { name: 'self-PR words, all of Japan', criteria: () => ({ text: '接客経験' }) },
  { name: 'prefecture + a word no one wrote', criteria: (v) => ({ prefecture: v.prefecture, text: '溶接技能者' }) },
  { name: 'wage sort, all of Japan', criteria: () => ({ sort: 'wage-desc' }) },
];

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

type Runner = (criteria: SearchCriteria) => Promise<number>;

const measure = async (service: Runner, raw: Runner, criteriaList: SearchCriteria[]) => {
  const a: number[] = [];
  const b: number[] = [];
  for (let warm = 0; warm < criteriaList.length; warm += 1) {
    await service(criteriaList[warm]);
    await raw(criteriaList[warm]);
  }
  for (let i = 0; i < RUNS; i += 1) {
    const criteria = criteriaList[i % criteriaList.length];
    // ABBA: alternate which goes first so drift and caches favour neither.
    const first = i % 2 === 0 ? service : raw;
    const second = i % 2 === 0 ? raw : service;
    const t0 = performance.now();
    const n1 = await first(criteria);
    const t1 = performance.now();
    const n2 = await second(criteria);
    const t2 = performance.now();
    if (n1 !== n2) throw new Error(`service and raw SQL disagree (${n1} vs ${n2} rows)`);
    (i % 2 === 0 ? a : b).push(t1 - t0);
    (i % 2 === 0 ? b : a).push(t2 - t1);
  }
  a.sort((x, y) => x - y);
  b.sort((x, y) => x - y);
  return { service: { p50: percentile(a, 50), p95: percentile(a, 95) }, raw: { p50: percentile(b, 50), p95: percentile(b, 95) } };
};

const benchDriver = async (
  label: 'SQLite' | 'PostgreSQL',
  ds: DataSource,
  rawQuery: (sql: string, params: unknown[]) => Promise<number>,
) => {
  const search = new ProfileSearch(ds, SECRET);
  // R-ORG-1: only a registration matching knows to be active searches.
  await ds
    .getRepository(SearchRegistration)
    .save({ registrationId: VIEWER.registrationId, organisationKind: VIEWER.organisationKind, status: 'active' });
  const rows: BenchRow[] = [];
  for (const s of SEARCHES) {
    let criteriaList = VARIANTS.map(s.criteria);
    if (s.nextPage) {
      // The page after the first: its cursor comes from a first search.
      criteriaList = await Promise.all(
        criteriaList.map(async (c) => {
          const first = await search.search(VIEWER.registrationId, VIEWER.organisationKind, c);
          return { ...c, after: first.nextCursor ? decodeCursor(first.nextCursor, 'newest') : undefined };
        }),
      );
    }
    const service: Runner = async (c) => (await search.search(VIEWER.registrationId, VIEWER.organisationKind, c)).items.length;
    // The raw baseline runs the very SQL the service runs, the service's hint query (are the
    // self-PR words rare?) answered beforehand: the service pays for that query, raw does not.
    const hints = new Map<SearchCriteria, SearchHints>();
    for (const c of criteriaList) hints.set(c, await searchHints(ds, c));
    const raw: Runner = async (c) => {
      const [sql, params] = buildSearchQuery(ds, VIEWER, c, hints.get(c)).getQueryAndParameters();
      return Math.min(await rawQuery(sql, params), c.limit ?? 20);
    };
    const result = await measure(service, raw, criteriaList);
    const baseline = label === 'SQLite' ? 'raw better-sqlite3, same SQL' : 'raw pg, same SQL';
    rows.push({
      name: `${label} ${s.name} p50`,
      value: result.service.p50,
      unit: 'ms',
      baseline: `${baseline} p50`,
      baselineValue: result.raw.p50,
    });
    rows.push({
      name: `${label} ${s.name} p95`,
      value: result.service.p95,
      unit: 'ms',
      baseline: `${baseline} p95`,
      baselineValue: result.raw.p95,
    });
    log(
      `${label} ${s.name}: p50 ${result.service.p50.toFixed(2)} ms (raw ${result.raw.p50.toFixed(2)}), p95 ${result.service.p95.toFixed(2)} ms (raw ${result.raw.p95.toFixed(2)})`,
    );
  }
  return rows;
};

const open = (config: ReadDbConfig) =>
  openReadDataSource(config, [...PLATFORM_ENTITIES, ...MATCHING_ENTITIES], [...PLATFORM_MIGRATIONS, ...MATCHING_MIGRATIONS]);

const sqlitePart = async (): Promise<BenchRow[]> => {
  const dir = join(__dirname, '.data');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `search-${N}.sqlite`);
  if (!existsSync(file)) log(`generating ${N.toLocaleString('en-US')} profiles into ${file} (cached for later runs)…`);
  const schemaDs = await open({ type: 'sqlite', file }); // migrations create the schema
  await schemaDs.destroy();
  await populateSqlite(file);
  const ds = await open({ type: 'sqlite', file });
  const raw = new Database(file, { readonly: true });
  const statements = new Map<string, Database.Statement>();
  try {
    return await benchDriver('SQLite', ds, async (sql, params) => {
      let statement = statements.get(sql);
      if (!statement) statements.set(sql, (statement = raw.prepare(sql)));
      return statement.all(...(params as unknown[])).length;
    });
  } finally {
    raw.close();
    await ds.destroy();
  }
};

const postgresPart = async (): Promise<BenchRow[]> => {
  const probe = new Client({ connectionString: postgresUrl(), connectionTimeoutMillis: 2000 });
  try {
    await probe.connect();
    await probe.end();
  } catch {
    log('PostgreSQL unreachable: skipped');
    return [];
  }
  const ds = await open({ type: 'postgres', url: postgresUrl(), schema: PG_SCHEMA });
  const client = new Client({ connectionString: postgresUrl(), options: `-c search_path=${PG_SCHEMA}` });
  await client.connect();
  try {
    await populatePostgres(client);
    return await benchDriver('PostgreSQL', ds, async (sql, params) => (await client.query(sql, params)).rowCount ?? 0);
  } finally {
    await client.end();
    await ds.destroy();
  }
};

/** BENCH_SEARCH_DRIVERS=sqlite or =postgres runs one of them (default: both). */
const DRIVERS = (process.env.BENCH_SEARCH_DRIVERS ?? 'sqlite,postgres').split(',');

export async function run(): Promise<BenchRow[]> {
  return [...(DRIVERS.includes('sqlite') ? await sqlitePart() : []), ...(DRIVERS.includes('postgres') ? await postgresPart() : [])];
}
