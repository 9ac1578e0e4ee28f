import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { SingleBar } from 'cli-progress';
import { BUREAUS, DEMO_PASSWORD, demoStaff, Organisation, ORGANISATIONS, seekerAt } from './demo-world';

/**
 * `npm run demo`: fills a running platform with a small world through its public HTTP APIs only
 * (the same calls as the README's first hour): three bureaus' staff log in, a dozen organisations
 * apply and are approved, their administrators activate and create department (and contractor)
 * users, the counters register seekers with Japanese profiles and self-PR, six featured seekers get
 * logins and play their parts — threads with replies, a block, a stop, a disclosure — and the
 * logins to try are printed.
 *
 * Idempotent: every step first asks the platform whether it is done (a case already filed, a
 * login that works, a job-seeker number already registered, a block already there) and a second
 * run adds nothing. Seekers' ids and logins, which only their first registration answers, are kept
 * in DATA_DIR/demo.json. Options: --seekers N (default 1000), --staff-accounts (print the
 * STAFF_ACCOUNTS to start the platform with, and exit).
 */

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};

if (args.includes('--staff-accounts')) {
  process.stdout.write(`${JSON.stringify(demoStaff())}\n`);
  process.exit(0);
}

const SEEKERS = Number(option('seekers') ?? 1000);
if (!Number.isInteger(SEEKERS) || SEEKERS < 6 || SEEKERS > 100_000) {
  process.stderr.write('--seekers: accepts an integer 6–100000\n');
  process.exit(2);
}
const HOST = process.env.DEMO_HOST ?? '127.0.0.1';
const url = (service: string, fallback: number) => `http://${HOST}:${process.env[`${service.toUpperCase()}_PORT`] ?? fallback}`;
const REGISTRATION = url('registration', 3001);
const MATCHING = url('matching', 3002);
const MESSAGING = url('messaging', 3003);
const STATE_FILE = join(resolve(process.env.DATA_DIR ?? './data'), 'demo.json');

interface State {
  seekers: Record<string, { seekerId: string; login?: string }>;
}
const state: State = existsSync(STATE_FILE) ? (JSON.parse(readFileSync(STATE_FILE, 'utf8')) as State) : { seekers: {} };
const save = () => {
  mkdirSync(dirname(STATE_FILE), { recursive: true });
  writeFileSync(STATE_FILE, `${JSON.stringify(state, null, 1)}\n`);
};

const added: Record<string, number> = {};
const count = (what: string) => (added[what] = (added[what] ?? 0) + 1);

interface Answer {
  status: number;
  body: Record<string, unknown>;
}
const call = async (
  method: string,
  target: string,
  token?: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Answer> => {
  const response = await fetch(target, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
};
const expectStatus = (answer: Answer, ok: number[], what: string): Answer => {
  if (!ok.includes(answer.status)) throw new Error(`${what}: answered ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`);
  return answer;
};
const login = async (name: string, password: string): Promise<string | undefined> => {
  const answer = await call('POST', `${REGISTRATION}/identity/login`, undefined, { login: name, password });
  return answer.status === 200 ? (answer.body.token as string) : undefined;
};
const until = async <T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not there after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
};

/** A progress bar on a terminal; plain lines (every tenth) otherwise — CI logs, pipes. */
const progress = (label: string, total: number) => {
  if (process.stdout.isTTY) {
    const bar = new SingleBar({ format: `${label.padEnd(14)} [{bar}] {value}/{total}`, hideCursor: true });
    bar.start(total, 0);
    return { tick: (n: number) => bar.update(n), done: () => bar.stop() };
  }
  let shown = -1;
  return {
    tick: (n: number) => {
      const tenth = Math.floor((n / total) * 10);
      if (tenth !== shown) {
        shown = tenth;
        process.stdout.write(`${label}: ${n}/${total}\n`);
      }
    },
    done: () => process.stdout.write(`${label}: ${total}/${total} done\n`),
  };
};

interface OrganisationUp {
  org: Organisation;
  registrationId: string;
  users: Array<{ login: string; token: string }>;
}

const tokyoDate = () => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Tokyo' }).format(new Date());

const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;

const main = async () => {
  process.stdout.write(`demo: filling the platform at ${REGISTRATION} (matching ${MATCHING}, messaging ${MESSAGING})\n`);
  const staff: Record<string, string> = {};
  for (const account of demoStaff()) {
    const token = await login(account.login, account.password);
    if (!token) {
      process.stderr.write(
        `demo: staff login ${account.login} failed — start the platform with the demo's staff accounts:\n` +
          `  STAFF_ACCOUNTS="$(npm run -s demo -- --staff-accounts)" npm start\n`,
      );
      process.exit(2);
    }
    staff[account.login] = token;
  }

  // Organisations: filed at the bureau of their main office's prefecture and approved (R-ORG-1/2).
  const orgs: OrganisationUp[] = [];
  const orgBar = progress('organisations', ORGANISATIONS.length);
  for (const [n, org] of ORGANISATIONS.entries()) {
    const bureau = staff[`demo-bureau-${org.prefecture}`];
    const cases = expectStatus(await call('GET', `${REGISTRATION}/registrations`, bureau), [200], 'the bureau’s cases').body.items as Array<
      Record<string, unknown>
    >;
    const app = org.application;
    let found = cases.find(
      (c) =>
        (app.permitNumber && c.permitNumber === app.permitNumber) ||
        (app.localGovernmentCode && c.localGovernmentCode === app.localGovernmentCode),
    );
    const adminLogin = `demo-${org.key}-admin`;
    let adminCode: string | undefined;
    if (!found) {
      const submitted = expectStatus(await call('POST', `${REGISTRATION}/registrations`, bureau, app), [201], `${org.key}: application`);
      found = { registrationId: submitted.body.registrationId, status: 'submitted' };
      count('organisations');
    }
    const registrationId = found.registrationId as string;
    if (found.status === 'submitted') {
      const approved = expectStatus(
        await call('POST', `${REGISTRATION}/registrations/${registrationId}/approve`, bureau, { adminLogin }),
        [200],
        `${org.key}: approval`,
      );
      adminCode = (approved.body.admin as { activationCode: string }).activationCode;
    }
    let admin = await login(adminLogin, DEMO_PASSWORD.organisation);
    if (!admin && adminCode) {
      expectStatus(
        await call('POST', `${REGISTRATION}/identity/activate`, undefined, {
          login: adminLogin,
          activationCode: adminCode,
          password: DEMO_PASSWORD.organisation,
        }),
        [204],
        `${org.key}: the administrator's activation`,
      );
      admin = await login(adminLogin, DEMO_PASSWORD.organisation);
      count('organisation users');
    }
    if (!admin) throw new Error(`${org.key}: the administrator ${adminLogin} cannot log in (approved by an earlier, interrupted run?)`);
    const registration = expectStatus(
      await call('GET', `${REGISTRATION}/registrations/${registrationId}`, admin),
      [200],
      `${org.key}: read`,
    ).body;
    const departments = registration.departments as Array<{ departmentId: string }>;
    const contractors = registration.contractors as Array<{ contractorId: string }>;
    const users: OrganisationUp['users'] = [];
    for (const user of org.users) {
      const name = `demo-${org.key}-${user.login}`;
      let token = await login(name, DEMO_PASSWORD.organisation);
      if (!token) {
        const unit =
          'department' in user.unit ? departments[user.unit.department].departmentId : contractors[user.unit.contractor].contractorId;
        const created = expectStatus(
          await call('POST', `${REGISTRATION}/registrations/${registrationId}/users`, admin, { login: name, departmentId: unit }),
          [201],
          `${name}: creation`,
        );
        expectStatus(
          await call('POST', `${REGISTRATION}/identity/activate`, undefined, {
            login: name,
            activationCode: created.body.activationCode,
            password: DEMO_PASSWORD.organisation,
          }),
          [204],
          `${name}: activation`,
        );
        token = (await login(name, DEMO_PASSWORD.organisation)) as string;
        count('organisation users');
      }
      users.push({ login: name, token });
    }
    orgs.push({ org, registrationId, users });
    orgBar.tick(n + 1);
  }
  orgBar.done();
  if (process.env.DEMO_TIMING) process.stdout.write(`(organisations at ${elapsed()})\n`);

  // Seekers, registered by the counter of their office (R-SKR-2); a number already registered is 409.
  const today = tokyoDate();
  const seekerBar = progress('seekers', SEEKERS);
  const featured: Array<{ number: string; name: string; seekerId: string; bureau: string }> = [];
  for (let i = 0; i < SEEKERS; i++) {
    const seeker = seekerAt(i, today);
    const counter = staff[`demo-counter-${seeker.bureau.prefecture}`];
    if (!state.seekers[seeker.jobSeekerNumber]) {
      const answer = expectStatus(await call('POST', `${REGISTRATION}/seekers`, counter, seeker.body), [201, 409], `seeker ${i}`);
      if (answer.status === 201) {
        count('seekers');
        if (seeker.featured) {
          state.seekers[seeker.jobSeekerNumber] = { seekerId: answer.body.seekerId as string };
          save();
        }
      }
    }
    if (seeker.featured && state.seekers[seeker.jobSeekerNumber])
      featured.push({
        number: seeker.jobSeekerNumber,
        name: seeker.featured,
        seekerId: state.seekers[seeker.jobSeekerNumber].seekerId,
        bureau: seeker.bureau.prefecture,
      });
    seekerBar.tick(i + 1);
  }
  seekerBar.done();
  if (process.env.DEMO_TIMING) process.stdout.write(`(seekers at ${elapsed()})\n`);

  // Featured seekers get a login from their counter (R-SKR-2, R-STF-2) and set their password.
  const seekerTokens = new Map<string, string>();
  for (const f of featured) {
    const kept = state.seekers[f.number];
    let token = kept.login ? await login(kept.login, DEMO_PASSWORD.seeker) : undefined;
    if (!token) {
      const issued = expectStatus(
        await call('POST', `${REGISTRATION}/identity/seekers/${f.seekerId}/activation`, staff[`demo-counter-${f.bureau}`], {
          reason: '見本データ: 窓口で本人確認のうえ発行',
        }),
        [201],
        `${f.name}: activation code`,
      );
      expectStatus(
        await call('POST', `${REGISTRATION}/identity/seekers/activate`, undefined, {
          login: issued.body.login,
          activationCode: issued.body.activationCode,
          password: DEMO_PASSWORD.seeker,
        }),
        [204],
        `${f.name}: activation`,
      );
      kept.login = issued.body.login as string;
      save();
      token = (await login(kept.login, DEMO_PASSWORD.seeker)) as string;
      count('seeker logins');
    }
    seekerTokens.set(f.number, token);
  }

  // Threads: a paid agency of the seeker's prefecture finds the featured seeker by its self-PR and
  // messages it (R-MSG-1, R-SKR-5); the seeker replies. Idempotency keys make a repeat a no-op (R-MSG-8).
  const threads: Array<{ f: (typeof featured)[number]; org: OrganisationUp; threadId: string; seekerRef: string }> = [];
  for (const f of featured) {
    const org = orgs.find((o) => o.org.prefecture === f.bureau && o.org.application.kind === 'private-paid') as OrganisationUp;
    const sender = org.users[0].token;
    const me = seekerTokens.get(f.number) as string;
    const status = expectStatus(await call('GET', `${REGISTRATION}/seekers/${f.seekerId}`, me), [200], `${f.name}: status`).body;
    if (status.status === 'stopped') continue; // stopped by an earlier run: its thread is there already
    const seekerRef = await until(`${f.name} in search`, async () => {
      const found = await call('GET', `${MATCHING}/profiles?q=${encodeURIComponent(`（${f.name}）`)}`, sender);
      return ((found.body.items as Array<{ reference: string }> | undefined) ?? [])[0]?.reference;
    });
    const sent = expectStatus(
      await call(
        'POST',
        `${MESSAGING}/messages`,
        sender,
        { seekerRef, kind: 'guidance', body: `${f.name}様 ご経験を活かせる求人のご案内です。` },
        {
          'Idempotency-Key': `demo-first-${f.number}`,
        },
      ),
      [201],
      `${f.name}: first message`,
    );
    const threadId = sent.body.threadId as string;
    expectStatus(
      await call(
        'POST',
        `${MESSAGING}/threads/${threadId}/replies`,
        me,
        { kind: 'reply', body: 'ご連絡ありがとうございます。詳しく教えてください。' },
        {
          'Idempotency-Key': `demo-reply-${f.number}`,
        },
      ),
      [201],
      `${f.name}: reply`,
    );
    threads.push({ f, org, threadId, seekerRef });
  }

  // The featured seekers' parts: 見本02 blocks an organisation (R-SKR-6), 見本03 discloses name and
  // e-mail to the agency it talks to (R-SKR-5), 見本06 stops use (R-SKR-4).
  const part = async (name: string, act: (t: (typeof threads)[number], me: string, status: Record<string, unknown>) => Promise<void>) => {
    const t = threads.find((x) => x.f.name === name);
    if (!t) return;
    const me = seekerTokens.get(t.f.number) as string;
    const status = expectStatus(await call('GET', `${REGISTRATION}/seekers/${t.f.seekerId}`, me), [200], `${name}: status`).body;
    await act(t, me, status);
  };
  await part('見本02', async (t, me, status) => {
    const other = orgs.find((o) => o.org.prefecture === t.f.bureau && o.org.application.kind === 'private-free') as OrganisationUp;
    if ((status.blockedRegistrationIds as string[]).includes(other.registrationId)) return;
    expectStatus(
      await call('POST', `${REGISTRATION}/seekers/${t.f.seekerId}/blocks`, me, { registrationId: other.registrationId }),
      [200],
      'block',
    );
    count('blocks');
  });
  await part('見本03', async (t, me, status) => {
    if (t.org.registrationId in (status.disclosures as Record<string, string[]>)) return;
    expectStatus(
      await call('POST', `${REGISTRATION}/seekers/${t.f.seekerId}/disclosures`, me, {
        registrationId: t.org.registrationId,
        fields: ['name', 'email'],
      }),
      [201],
      'disclosure',
    );
    count('disclosures');
  });
  await part('見本06', async (t, me, status) => {
    if (status.status === 'stopped') return;
    expectStatus(await call('POST', `${REGISTRATION}/seekers/${t.f.seekerId}/stop`, me), [200], 'stop');
    count('stops');
  });

  const summary =
    Object.keys(added).length === 0
      ? 'nothing: the demo world is already there'
      : Object.entries(added)
          .map(([k, v]) => `${v} ${k}`)
          .join(', ');
  process.stdout.write(`\ndemo: added ${summary}\n\nLogins to try (POST ${REGISTRATION}/identity/login):\n`);
  process.stdout.write(`  staff (password "${DEMO_PASSWORD.staff}"):\n`);
  for (const b of BUREAUS)
    process.stdout.write(
      `    ${b.name}: demo-bureau-${b.prefecture} (bureau officer), ${b.helloWork.name}: demo-counter-${b.prefecture} (counter), demo-desk-${b.prefecture} (complaint desk)\n`,
    );
  process.stdout.write(`    headquarters: demo-hq-auditor (read-only, nationwide)\n`);
  process.stdout.write(`  organisations (password "${DEMO_PASSWORD.organisation}"):\n`);
  for (const o of orgs)
    process.stdout.write(
      `    ${o.org.application.organisationName as string}: demo-${o.org.key}-admin (administrator), ${o.users.map((u) => u.login).join(', ')}\n`,
    );
  process.stdout.write(`  seekers (password "${DEMO_PASSWORD.seeker}"):\n`);
  for (const f of featured) {
    const role =
      { 見本02: ' — blocked an organisation', 見本03: ' — disclosed name and e-mail to its agency', 見本06: ' — stopped use' }[f.name] ??
      '';
    process.stdout.write(`    ${f.name}: ${state.seekers[f.number].login ?? '(no login)'}${role}\n`);
  }
};

main().catch((error: Error) => {
  process.stderr.write(`demo: ${error.message}\n`);
  process.exit(1);
});
