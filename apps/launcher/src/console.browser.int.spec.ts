import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';
import { eventually } from '@hw/platform/testing';
import { digits, gatewayWorld } from './testing/gateway-world';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOTS = join(__dirname, '..', '..', '..', 'test-output', 'screenshots');
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
  beforeAll(() => {
    if (!available) throw new Error(`chromium is required under CI=true: none at ${CHROMIUM} (.ci/run installs it with apt-get)`);
  });
  const world = gatewayWorld({ label: 'console', startEnv: { STAFF_ACCOUNTS: JSON.stringify(STAFF) } });
  const { platform, bureau, desk, gateway } = world;
  let browser: Browser;
  /** The setup's own bureau officer (not one who signs in) files an application; its registration id. */
  const file = async (prefecture: string, name: string): Promise<string> => {
    const filed = await world.file(prefecture, name, bureau(prefecture, `setup-${prefecture}`));
    expect(filed.status).toBe(201);
    return filed.body.registrationId;
  };
  const signIn = async (login: string): Promise<Page> => {
    const page = await (await browser.newContext({ locale: 'ja-JP' })).newPage();
    await page.goto(`${platform().base('gateway')}/`);
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
    mkdirSync(SCREENSHOTS, { recursive: true });
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true });
    tokyoCase = await file('13', '株式会社ブラウザ試験');
    await file('13', '株式会社もうひとつ');
    osakaCase = await file('27', '株式会社大阪試験');
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
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
    const answer = await page.goto(`${platform().base('gateway')}/cases/registrations/${osakaCase}`);
    expect(answer?.status()).toBe(403);
    await expect(page.getByRole('alert').textContent()).resolves.toContain('権限がありません');
    expect(await page.locator('form.action').count()).toBe(0);
    await shot(page, 'case-other-prefecture-refused');
  });

  it('R-STF-1: the HQ auditor sees every prefecture and a case without any action button', async () => {
    const page = await signIn('hq-audit');
    await page.locator('tr[data-prefecture="13"]').waitFor();
    await shot(page, 'home-hq-overview');
    await page.goto(`${platform().base('gateway')}/cases/registrations/${osakaCase}`);
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
    await page.goto(`${platform().base('gateway')}/cases/registrations/${osakaCase}`);
    await page.getByRole('button', { name: 'Approve' }).waitFor();
    const unlabelled = await page.evaluate(
      "[...document.querySelectorAll('input:not([type=hidden]), select, textarea')].filter((e) => !e.labels || e.labels.length === 0).length",
    );
    expect(unlabelled).toBe(0);
    await shot(page, 'case-english');
  });

  /** An escalated complaint at the Tokyo desk (office 13010), made through the services' own APIs. */
  const escalatedComplaint = async (): Promise<string> => {
    const registrationId = await file('13', '株式会社窓口試験');
    const approved = await eventually(async () => {
      const answer = await world.approve(registrationId, bureau('13', 'setup-13'));
      expect(answer.status).toBe(200);
      return answer;
    });
    const complaintId = await world.escalatedComplaint(approved, { name: '窓口 花子', email: 'desk@example.jp' });
    const setupDesk = desk('13010', 'desk-setup');
    await eventually(async () =>
      expect((await gateway('GET', `/api/complaints/${complaintId}`, setupDesk)).body.complaint).toMatchObject({ status: 'escalated' }),
    );
    return complaintId;
  };

  it("R-CMP-2: a complaint desk records a handling step on the complaint's page and sees it in the course without a reload, then records its outcome", async () => {
    const complaintId = await escalatedComplaint();
    const page = await signIn('desk-tokyo');
    await page.goto(`${platform().base('gateway')}/cases/complaints/${complaintId}`);
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
