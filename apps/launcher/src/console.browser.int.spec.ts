import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';
import { seekerReference } from '@hw/matching/contracts';
import { PrincipalClaims } from '@hw/platform/nest';
import { eventually, httpCall } from '@hw/platform/testing';
import { InProcessPlatform, startInProcess } from './in-process';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOTS = join(__dirname, '..', '..', '..', 'test-output', 'screenshots');
const SECRET = 'console-secret-of-at-least-thirty-two-characters';
const OFFICER = { name: '画面 太郎', department: '総務部', phone: '03-1234-5678', email: 'gamen@example.jp' };
const digits = (n: number) => String(Math.floor(Math.random() * 10 ** n)).padStart(n, '0');
const STAFF = [
  { login: 'bureau-tokyo', password: 'bureau password 13', role: 'bureau-officer', officeCode: '13000', prefecture: '13' },
  { login: 'bureau-osaka', password: 'bureau password 27', role: 'bureau-officer', officeCode: '27000', prefecture: '27' },
  { login: 'hq-audit', password: 'hq auditor password', role: 'hq-auditor' },
  { login: 'desk-tokyo', password: 'desk password 13010', role: 'complaint-desk', officeCode: '13010' },
];

/**
 * The staff console in a real browser: Debian's chromium, headless, driven by playwright-core,
 * against every service in this process (embedded default). Under CI=true a missing chromium
 * fails these tests; elsewhere they are skipped and say why. Screenshots: test-output/screenshots.
 */
const available = existsSync(CHROMIUM);
const suite = available || process.env.CI === 'true' ? describe : describe.skip;

suite(`the staff console in headless chromium (R-ORG-2, R-STF-1)${available ? '' : ` [no chromium at ${CHROMIUM}]`}`, () => {
  const dir = mkdtempSync(join(tmpdir(), 'hw-console-'));
  let platform: InProcessPlatform;
  let browser: Browser;
  const sign = (c: PrincipalClaims) => `Bearer ${platform.infra.tokens.sign(c, new Date(), 3600)}`;
  const file = async (prefecture: string, name: string): Promise<string> => {
    const filed = await httpCall(
      'POST',
      `${platform.base('gateway')}/api/registrations`,
      sign({ kind: 'staff', sub: `setup-${prefecture}`, role: 'bureau-officer', prefecture }),
      {
        organisationName: name,
        kind: 'private-paid',
        category: 'own',
        permitNumber: `${prefecture}-ユ-${digits(6)}`,
        departments: [{ name: '本社', branchNumber: '0', mainOffice: true }],
        contractors: [],
        contactOfficer: OFFICER,
        complaintOfficer: OFFICER,
        security: { antivirusDefinitionsCurrent: true, automaticScanEnabled: true },
      },
    );
    expect(filed.status).toBe(201);
    return filed.body.registrationId;
  };
  const signIn = async (login: string): Promise<Page> => {
    const page = await (await browser.newContext({ locale: 'ja-JP' })).newPage();
    await page.goto(`${platform.base('gateway')}/`);
    await page.getByLabel('ログインID').fill(login);
    await page.getByLabel('パスワード').fill(STAFF.find((s) => s.login === login)!.password);
    await page.getByRole('button', { name: 'サインイン' }).click();
    await page.locator('header .who').waitFor(); // signed in: the home page names who
    return page;
  };
  const shot = (page: Page, name: string) => page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
  let tokyoCase = '';
  let osakaCase = '';

  beforeAll(async () => {
    if (!available) throw new Error(`chromium is required under CI=true: none at ${CHROMIUM} (.ci/run installs it with apt-get)`);
    mkdirSync(SCREENSHOTS, { recursive: true });
    process.env.STAFF_ACCOUNTS = JSON.stringify(STAFF);
    try {
      platform = await startInProcess({ DATA_DIR: dir, AUTH_SECRET: SECRET, POLL_INTERVAL_MS: '10', LOG_LEVEL: 'error' });
    } finally {
      delete process.env.STAFF_ACCOUNTS;
    }
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true });
    tokyoCase = await file('13', '株式会社ブラウザ試験');
    await file('13', '株式会社もうひとつ');
    osakaCase = await file('27', '株式会社大阪試験');
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await platform?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('R-ORG-2: a Tokyo officer signs in, finds the pending application in the queue, opens it, approves it; the page shows it active with the approval in its timeline, and the queue count drops', async () => {
    const page = await signIn('bureau-tokyo');
    const applications = page.locator('section[data-queue="applications"]');
    const count = async () => Number(await applications.locator('.count').getAttribute('data-count'));
    await applications.locator('tr[data-registration]').first().waitFor();
    const before = await count();
    expect(before).toBeGreaterThanOrEqual(2);
    await shot(page, 'home-bureau-officer');

    await applications.getByRole('link', { name: '株式会社ブラウザ試験' }).click();
    await page.waitForURL(`**/cases/registrations/${tokyoCase}`);
    await expect(page.locator('#case').getAttribute('data-status')).resolves.toBe('submitted');
    await page.getByLabel('管理者のログインID（必須）').fill(`browser-admin-${digits(6)}`);
    await page.getByRole('button', { name: '承認する' }).click();
    await page.locator('#case[data-status="active"]').waitFor();
    await expect(page.locator('#case .outcome').textContent()).resolves.toContain('初回有効化コード');
    await page.locator('#case tr[data-type="registration.RegistrationApproved.v1"]').waitFor();
    // Who: the staff member by role, prefecture and the login they signed in with — not a bare principal id.
    const who = await page.locator('#case tr[data-type="registration.RegistrationApproved.v1"] td').nth(3).textContent();
    expect(who).toContain('労働局');
    expect(who).toContain('bureau-tokyo');
    // One statement of freshness, the refreshed case's own: the page's stale one is not left below it.
    await expect(page.locator('section.freshness').count()).resolves.toBe(1);
    await shot(page, 'case-approved');

    await page.getByRole('link', { name: 'ホーム' }).click();
    await page.locator('section[data-queue="applications"]').waitFor();
    expect(await count()).toBe(before - 1);
    expect(await applications.getByRole('link', { name: '株式会社ブラウザ試験' }).count()).toBe(0);
    await shot(page, 'home-after-approval');
  });

  it('R-ORG-2: a Tokyo officer cannot open an Osaka case', async () => {
    const page = await signIn('bureau-tokyo');
    const answer = await page.goto(`${platform.base('gateway')}/cases/registrations/${osakaCase}`);
    expect(answer?.status()).toBe(403);
    await expect(page.getByRole('alert').textContent()).resolves.toContain('権限がありません');
    expect(await page.locator('form.action').count()).toBe(0);
    await shot(page, 'case-other-prefecture-refused');
  });

  it('R-STF-1: the HQ auditor sees every prefecture and a case without any action button', async () => {
    const page = await signIn('hq-audit');
    await page.locator('tr[data-prefecture="13"]').waitFor();
    await shot(page, 'home-hq-overview');
    await page.goto(`${platform.base('gateway')}/cases/registrations/${osakaCase}`);
    await page.locator('#case').waitFor();
    expect(await page.locator('form.action').count()).toBe(0);
    expect(await page.getByRole('button', { name: '承認する' }).count()).toBe(0);
    await expect(page.locator('.read-only').textContent()).resolves.toContain('閲覧のみ');
    await shot(page, 'case-hq-read-only');
  });

  it('the console speaks English on request and every form control has a label', async () => {
    const page = await signIn('bureau-osaka');
    await page.getByRole('link', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Home' }).waitFor();
    await page.goto(`${platform.base('gateway')}/cases/registrations/${osakaCase}`);
    await page.getByRole('button', { name: 'Approve' }).waitFor();
    const unlabelled = await page.evaluate(
      "[...document.querySelectorAll('input:not([type=hidden]), select, textarea')].filter((e) => !e.labels || e.labels.length === 0).length",
    );
    expect(unlabelled).toBe(0);
    await shot(page, 'case-english');
  });

  /** An escalated complaint at the Tokyo desk (office 13010), made through the services' own APIs. */
  const escalatedComplaint = async (): Promise<string> => {
    const call = (
      service: 'registration' | 'messaging' | 'complaints' | 'gateway',
      method: string,
      path: string,
      auth?: string,
      body?: unknown,
    ) => httpCall(method, `${platform.base(service)}${path}`, auth, body);
    const registrationId = await file('13', '株式会社窓口試験');
    const bureau = sign({ kind: 'staff', sub: 'setup-13', role: 'bureau-officer', prefecture: '13' });
    const approved = await eventually(async () => {
      const answer = await call('gateway', 'POST', `/api/registrations/${registrationId}/approve`, bureau, {
        adminLogin: `desk-admin-${digits(6)}`,
      });
      expect(answer.status).toBe(200);
      return answer;
    });
    const org = sign({
      kind: 'organisation-user',
      sub: 'org-user',
      registrationId,
      departmentId: approved.body.departments[0].departmentId,
      organisationKind: 'private-paid',
    });
    const seeker = await call(
      'registration',
      'POST',
      '/seekers',
      sign({ kind: 'staff', sub: 'counter-13', role: 'counter', officeCode: '13010' }),
      {
        scope: ['private-agencies'],
        termsVersion: '2026-04',
        personalData: {
          jobSeekerNumber: `13010-${digits(8)}`,
          name: '窓口 花子',
          birthDate: '1990-04-01',
          address: '東京都千代田区1-1',
          phone: '03-0000-0000',
          email: 'desk@example.jp',
        },
        appliedOn: new Date(Date.now() + 9 * 3600_000).toISOString().slice(0, 10),
        school: { status: 'none' },
        profile: { desiredOccupations: ['25'], desiredPrefectures: ['13'], employmentType: 'full-time' },
      },
    );
    expect(seeker.status).toBe(201);
    const seekerToken = sign({ kind: 'seeker', sub: seeker.body.seekerId });
    const seekerRef = seekerReference(platform.infra.config.seekerReferenceSecret, registrationId, seeker.body.seekerId);
    await eventually(async () =>
      expect((await call('messaging', 'POST', '/messages', org, { seekerRef, kind: 'guidance', body: 'ご案内です' })).status).toBe(201),
    );
    const complaint = await eventually(async () => {
      const answer = await call('complaints', 'POST', '/complaints', seekerToken, {
        registrationId,
        category: 'conduct',
        text: '対応が不誠実',
        officeCode: '13010',
      });
      expect(answer.status).toBe(201);
      return answer;
    });
    const complaintId: string = complaint.body.complaintId;
    const escalated = await call('complaints', 'POST', `/complaints/${complaintId}/escalation`, seekerToken, {
      reason: 'not-satisfied',
      text: '納得できない',
    });
    expect(escalated.status).toBeLessThan(300);
    const desk = sign({ kind: 'staff', sub: 'desk-setup', role: 'complaint-desk', officeCode: '13010' });
    await eventually(async () =>
      expect((await call('gateway', 'GET', `/api/complaints/${complaintId}`, desk)).body.complaint).toMatchObject({ status: 'escalated' }),
    );
    return complaintId;
  };

  it("R-CMP-2: a complaint desk records a handling step on the complaint's page and sees it in the course without a reload, then records its outcome", async () => {
    const complaintId = await escalatedComplaint();
    const page = await signIn('desk-tokyo');
    await page.goto(`${platform.base('gateway')}/cases/complaints/${complaintId}`);
    await page.locator('#case[data-status="escalated"]').waitFor();
    expect(await page.locator('#case tr[data-type="complaints.DeskStepRecorded.v1"]').count()).toBe(0);
    await page.evaluate('window.__sameDocument = true'); // gone if the page reloads

    const step = page.locator('form[data-action="record-desk-step"]');
    await step.getByLabel('内容（必須）').fill('事業者に電話で事情を確認した');
    await step.getByRole('button', { name: '対応の経過を記録する' }).click();
    await page.locator('#case tr[data-type="complaints.DeskStepRecorded.v1"]').waitFor();
    await expect(page.locator('#case .outcome').textContent()).resolves.toContain('処理しました');
    const who = await page.locator('#case tr[data-type="complaints.DeskStepRecorded.v1"] td').nth(3).textContent();
    expect(who).toBe('苦情窓口 13010 desk-tokyo');
    expect(await page.evaluate('window.__sameDocument === true')).toBe(true);
    // The note is sealed at complaints: the gateway's page never shows it.
    expect(await page.locator('#case').textContent()).not.toContain('事業者に電話で事情を確認した');
    await shot(page, 'complaint-desk-step');

    const outcome = page.locator('form[data-action="record-desk-outcome"]');
    await outcome.getByLabel('結果（必須）').selectOption('advice-given');
    await outcome.getByLabel('内容（必須）').fill('助言した');
    await outcome.getByRole('button', { name: '窓口の結果を記録する' }).click();
    await page.locator('#case[data-status="desk-closed"]').waitFor();
    await page.locator('#case tr[data-type="complaints.DeskOutcomeRecorded.v1"]').waitFor();
    expect(await page.locator('form[data-action="record-desk-step"]').count()).toBe(0);
    expect(await page.evaluate('window.__sameDocument === true')).toBe(true);
    await shot(page, 'complaint-desk-outcome');
  }, 90_000);
});
