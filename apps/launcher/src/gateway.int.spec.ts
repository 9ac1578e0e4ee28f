import { newId } from '@hw/platform/core';
import { PrincipalClaims } from '@hw/platform/nest';
import { describeWith, eventually } from '@hw/platform/testing';
import { COMPLAINT_TEXT, digits, gatewayWorld, OFFICER, seekerRegistration } from './testing/gateway-world';

/**
 * The gateway on the embedded default (every service in this process, SQLite log and read
 * models, the in-process bus): applications filed and approved through it show up in its
 * queues and timeline with their freshness; scoping (R-ORG-2, R-STF-1); lists' pages and CSV.
 */
const suite = (readDb: 'sqlite' | 'postgres') => () => {
  const world = gatewayWorld({ label: 'gateway', readDb, gatewayEnv: { GATEWAY_WAIT_MS: '3000' } });
  const { platform, sign, bureau, hq, desk, counter, organisation, gateway, call, file, approve } = world;

  it('R-ORG-2: an application filed and approved through the gateway is in the queue, then out of it, and in the timeline with who and when — each answer stating its freshness', async () => {
    const filed = await file('13', '株式会社申請一番');
    expect(filed.status).toBe(201);
    expect(filed.headers.get('x-forwarded-to')).toBe('registration');
    const registrationId: string = filed.body.registrationId;
    const filedAt = filed.headers.get('x-log-position') as string;
    expect(filedAt).toMatch(/^\d+$/);

    const queue = await gateway('GET', '/api/queues/applications', bureau('13'), undefined, { 'x-log-position': filedAt });
    expect(queue.status).toBe(200);
    expect(queue.body.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          registrationId,
          organisationName: '株式会社申請一番',
          kind: 'application',
          group: 'not-due',
          daysLeft: 14,
        }),
      ]),
    );
    const registrationSource = queue.body.freshness.sources.find((s: { source: string }) => s.source === 'registration');
    expect(BigInt(registrationSource.position)).toBeGreaterThanOrEqual(BigInt(filedAt));
    expect(registrationSource).toMatchObject({ topic: 'registration', behindEvents: expect.any(Number), lagSeconds: expect.any(Number) });
    expect(queue.body.freshness.waitedFor).toBe(filedAt);
    expect(queue.headers.get('x-log-positions')).toMatch(/^registration=\d+,messaging=\d+,complaints=\d+,reporting=\d+$/);

    const counts = await gateway('GET', '/api/queues', bureau('13'));
    const before = counts.body.queues.find((q: { queue: string }) => q.queue === 'applications');
    expect(before.total).toBeGreaterThanOrEqual(1);

    const approved = await approve(registrationId, bureau('13'));
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ registrationId, status: 'active', admin: { activationCode: expect.any(String) } });
    const approvedAt = approved.headers.get('x-log-position') as string;
    expect(BigInt(approvedAt)).toBeGreaterThan(BigInt(filedAt));

    const after = await gateway('GET', '/api/queues/applications', bureau('13'), undefined, { 'x-log-position': approvedAt });
    expect(after.body.items.map((i: { registrationId: string }) => i.registrationId)).not.toContain(registrationId);
    const countsAfter = await gateway('GET', '/api/queues', bureau('13'));
    expect(countsAfter.body.queues.find((q: { queue: string }) => q.queue === 'applications').total).toBe(before.total - 1);

    const timeline = await gateway('GET', `/api/registrations/${registrationId}/timeline`, bureau('13'));
    expect(timeline.status).toBe(200);
    expect(timeline.body.items.map((e: { type: string }) => e.type)).toEqual([
      'registration.ApplicationSubmitted.v1',
      'registration.RegistrationApproved.v1',
    ]);
    expect(timeline.body.items[1]).toMatchObject({
      // Who: the staff member with the role and prefecture of the token the gateway forwarded.
      actor: { kind: 'staff', id: 'bureau-13', role: 'bureau-officer', prefecture: '13' },
      position: approvedAt,
      at: expect.any(String),
    });

    const kase = await gateway('GET', `/api/registrations/${registrationId}`, bureau('13'));
    expect(kase.body.registration).toMatchObject({ status: 'active', prefecture: '13', complaintOfficerVersion: expect.any(Number) });
    expect(kase.body.allowedActions.map((a: { action: string }) => a.action)).toEqual(['suspend', 'terminate']);
  });

  it('R-ORG-2 / R-STF-1: another bureau neither sees nor acts on the case; HQ reads it and acts on nothing; organisation users, seekers and counters are refused', async () => {
    const filed = await file('27');
    expect(filed.status).toBe(201);
    const registrationId: string = filed.body.registrationId;
    const at = { 'x-log-position': filed.headers.get('x-log-position') as string };
    expect((await gateway('GET', `/api/registrations/${registrationId}`, bureau('27'), undefined, at)).status).toBe(200);
    const other = await gateway('GET', `/api/registrations/${registrationId}`, bureau('13'), undefined, at);
    expect(other).toMatchObject({ status: 403, body: { code: 'NOT_YOUR_BUREAU', rule: 'R-ORG-2' } });
    expect((await approve(registrationId, bureau('13'))).status).toBe(403);
    expect((await gateway('GET', '/api/queues/applications?prefecture=27', bureau('13'))).status).toBe(403);
    const audit = await gateway('GET', `/api/registrations/${registrationId}`, hq(), undefined, at);
    expect(audit.status).toBe(200);
    expect(audit.body.allowedActions).toEqual([]);
    expect((await approve(registrationId, hq())).status).toBe(403);
    const nationwide = await gateway('GET', '/api/queues/applications?prefecture=27', hq());
    expect(nationwide.body.items.map((i: { registrationId: string }) => i.registrationId)).toContain(registrationId);
    for (const claims of [
      { kind: 'seeker', sub: newId() },
      { kind: 'organisation-user', sub: 'u', registrationId, departmentId: 'd', organisationKind: 'private-paid' },
      { kind: 'staff', sub: 'counter-1', role: 'counter', officeCode: '13010' },
    ] as PrincipalClaims[])
      for (const path of ['/api/queues', '/api/queues/applications', `/api/registrations/${registrationId}`, '/api/freshness'])
        expect([path, (await gateway('GET', path, sign(claims))).status]).toEqual([path, 403]);
    expect((await gateway('GET', '/api/queues')).status).toBe(401);
  });

  it('every list pages by keyset (stable under inserts), sorts, filters, and exports CSV with a BOM, Japanese headers and the positions it reflects', async () => {
    const prefecture = '14';
    const names = ['株式会社Bravo', '株式会社Charlie', '株式会社Delta'];
    let last = '';
    for (const name of names) {
      const filed = await file(prefecture, name);
      expect(filed.status).toBe(201);
      last = filed.headers.get('x-log-position') as string;
    }
    const first = await gateway('GET', '/api/queues/applications?limit=2&sort=name', bureau(prefecture), undefined, {
      'x-log-position': last,
    });
    expect(first.body).toMatchObject({ total: 3, sort: 'name', nextCursor: expect.any(String) });
    expect(first.body.items.map((i: { organisationName: string }) => i.organisationName)).toEqual(['株式会社Bravo', '株式会社Charlie']);
    // An insert before the cursor does not move the next page.
    await file(prefecture, '株式会社Alpha');
    const second = await gateway('GET', `/api/queues/applications?limit=2&sort=name&cursor=${first.body.nextCursor}`, bureau(prefecture));
    expect(second.body.items.map((i: { organisationName: string }) => i.organisationName)).toEqual(['株式会社Delta']);
    expect(second.body.nextCursor).toBeUndefined();
    expect(
      (await gateway('GET', `/api/queues/applications?sort=-name&cursor=${first.body.nextCursor}`, bureau(prefecture))).body,
    ).toMatchObject({
      field: 'cursor',
    });
    const descending = await gateway('GET', '/api/queues/applications?sort=-name&limit=1', bureau(prefecture));
    expect(descending.body.items[0].organisationName).toBe('株式会社Delta');
    const filtered = await gateway('GET', '/api/queues/applications?group=overdue', bureau(prefecture));
    expect(filtered.body.total).toBe(0);
    expect(await gateway('GET', '/api/queues/applications?sort=sideways', bureau(prefecture))).toMatchObject({
      status: 400,
      body: { field: 'sort' },
    });

    const csv = await fetch(`${platform().base('gateway')}/api/queues/applications?format=csv&sort=name`, {
      headers: { authorization: bureau(prefecture) },
    });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes.slice(3)).split('\r\n');
    expect(lines[0]).toMatch(/^作成時ログ位置,registration=\d+,messaging=\d+,complaints=\d+,reporting=\d+$/);
    expect(lines[1].split(',').slice(0, 3)).toEqual(['登録ID', '団体名', '団体の種別']);
    expect(lines.slice(2, 6).map((l) => l.split(',')[1])).toEqual(['株式会社Alpha', '株式会社Bravo', '株式会社Charlie', '株式会社Delta']);
    expect(lines[2]).toContain('有料職業紹介事業者');
  });

  it("R-CMP-5: a desk's sanction request is in the bureau's queue; the bureau decides it through the gateway, registration carries it out, and the registration's timeline shows the whole course", async () => {
    const filed = await file('13', '株式会社苦情試験');
    const registrationId: string = filed.body.registrationId;
    const approved = await approve(registrationId, bureau('13'));
    expect(approved.status).toBe(200);
    const complaintId = await world.escalatedComplaint(approved, { name: '苦情 花子', email: 'c@example.jp' });
    const desk13 = desk('13010');
    const deskQueue = await eventually(async () => {
      const answer = await gateway('GET', '/api/complaints?status=escalated', desk13);
      expect(answer.body.items.map((i: { complaintId: string }) => i.complaintId)).toContain(complaintId);
      return answer;
    });
    expect(deskQueue.body.items.find((i: { complaintId: string }) => i.complaintId === complaintId)).toMatchObject({
      officeCode: '13010',
      status: 'escalated',
      group: 'not-due',
    });
    expect((await gateway('GET', `/api/complaints/${complaintId}`, desk('27010'))).status).toBe(403);
    // The desk's console: its complaint queue and the complaint's page (HTML).
    const deskHome = await fetch(`${platform().base('gateway')}/`, { headers: { authorization: desk13, accept: 'text/html' } });
    expect(deskHome.status).toBe(200);
    expect(await deskHome.text()).toContain(`/cases/complaints/${complaintId}`);
    const deskCase = await fetch(`${platform().base('gateway')}/cases/complaints/${complaintId}`, {
      headers: { authorization: desk13, accept: 'text/html' },
    });
    expect(deskCase.status).toBe(200);
    expect(await deskCase.text()).toContain('窓口対応中');
    // R-STF-2: the desk reads the complaint's texts at complaints; the read shows in the desk's record of staff reads, never the text.
    expect((await call('complaints', 'GET', `/complaints/${complaintId}`, desk13)).status).toBe(200);
    const deskReads = await eventually(async () => {
      const answer = await gateway('GET', `/api/staff-reads?kind=complaint-text&subjectId=${complaintId}`, desk13);
      expect(answer.status).toBe(200);
      expect(answer.body.items).toHaveLength(1);
      return answer;
    });
    expect(deskReads.body.items[0]).toMatchObject({
      kind: 'complaint-text',
      subjectId: complaintId,
      registrationId,
      staffId: 'desk-13',
      role: 'complaint-desk',
      officeCode: '13010',
      prefecture: '13',
      purpose: 'complaint-handling',
    });
    expect(JSON.stringify(deskReads.body)).not.toContain(COMPLAINT_TEXT);
    expect((await gateway('GET', `/api/staff-reads?subjectId=${complaintId}`, desk('27010'))).body.items).toEqual([]);
    expect(
      (
        await call('complaints', 'POST', `/complaints/${complaintId}/desk-outcome`, desk13, {
          outcome: 'sanction-requested',
          text: '処分を求めます',
        })
      ).status,
    ).toBeLessThan(300);

    await eventually(async () => {
      const queue = await gateway('GET', '/api/queues/sanction-requests', bureau('13'));
      expect(queue.body.items.map((i: { complaintId: string }) => i.complaintId)).toContain(complaintId);
    });
    expect(
      (await gateway('POST', `/api/complaints/${complaintId}/sanction-decision`, bureau('27'), { decision: 'no-action' })).status,
    ).toBe(403);
    const until = new Date(Date.now() + 30 * 86_400_000).toISOString();
    const decided = await gateway('POST', `/api/complaints/${complaintId}/sanction-decision`, bureau('13'), {
      decision: 'suspension',
      until,
    });
    expect(decided.status).toBeLessThan(300);
    expect(decided.headers.get('x-forwarded-to')).toBe('complaints');
    const kase = await gateway('GET', `/api/complaints/${complaintId}`, bureau('13'), undefined, {
      'x-log-position': decided.headers.get('x-log-position') as string,
    });
    expect(kase.body.complaint).toMatchObject({ status: 'sanction-decided', sanctionDecision: 'suspension' });
    // registration carries it out (R-CMP-5, R-ORG-1): the gateway sees the registration suspended, and the whole course in order.
    const suspended = await eventually(async () => {
      const answer = await gateway('GET', `/api/registrations/${registrationId}`, bureau('13'));
      expect(answer.body.registration).toMatchObject({ status: 'suspended', sanctions: 1 });
      return answer;
    });
    expect(suspended.body.allowedActions.map((a: { action: string }) => a.action)).toEqual(['resume', 'terminate']);
    const timeline = await eventually(async () => {
      const answer = await gateway('GET', `/api/registrations/${registrationId}/timeline`, bureau('13'));
      expect(answer.body.items.map((e: { type: string }) => e.type)).toContain('complaints.SanctionCarriedOut.v1');
      return answer;
    });
    const types: string[] = timeline.body.items.map((e: { type: string }) => e.type);
    for (const type of [
      'registration.RegistrationApproved.v1',
      'messaging.MessageSent.v1',
      'complaints.ComplaintFiled.v1',
      'complaints.ComplaintEscalated.v1',
      'complaints.DeskOutcomeRecorded.v1',
      'complaints.SanctionDecided.v1',
      'registration.RegistrationStatusChanged.v1',
    ])
      expect([type, types.includes(type)]).toEqual([type, true]);
    const positions = timeline.body.items.map((e: { position: string }) => BigInt(e.position));
    expect([...positions].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))).toEqual(positions);
    expect(timeline.body.items.find((e: { type: string }) => e.type === 'messaging.MessageSent.v1').data).toMatchObject({
      messagesSent: 1,
      replies: 0,
    });
  }, 60_000);

  it("R-STF-2: a counter's read of a seeker's personal data is in the record of staff reads — the bureau of its prefecture, its office's desk and HQ see it, others not; never the data read", async () => {
    const counter13 = counter('13010');
    const name = `閲覧 記録${digits(4)}`;
    const jobSeekerNumber = `13010-${digits(8)}`;
    const seeker = await call(
      'registration',
      'POST',
      '/seekers',
      counter13,
      seekerRegistration({ name, email: 'r@example.jp', jobSeekerNumber }),
    );
    expect(seeker.status).toBe(201);
    const seekerId: string = seeker.body.seekerId;
    const read = await call('registration', 'GET', `/seekers/${seekerId}/personal-data?purpose=counter-service`, counter13);
    expect(read.status).toBe(200);
    expect(read.body.personalData.name).toBe(name);

    const record = await eventually(async () => {
      const answer = await gateway('GET', `/api/staff-reads?subjectId=${seekerId}`, bureau('13'));
      expect(answer.status).toBe(200);
      expect(answer.body.items).toHaveLength(1);
      return answer;
    });
    expect(record.body.items[0]).toMatchObject({
      source: 'registration',
      kind: 'personal-data',
      subjectId: seekerId,
      staffId: 'counter-13',
      role: 'counter',
      officeCode: '13010',
      prefecture: '13',
      purpose: 'counter-service',
      readAt: expect.any(String),
    });
    expect(record.body.freshness.sources.map((s: { source: string }) => s.source)).toContain('registration');
    expect(record.headers.get('x-log-positions')).toMatch(/^registration=\d+,/);
    for (const secret of [name, jobSeekerNumber, '東京都千代田区', 'r@example.jp'])
      expect(JSON.stringify(record.body)).not.toContain(secret);

    // Scoped (R-STF-1, R-ORG-2): HQ all; the desk of the reader's office; not another prefecture's bureau nor another office's desk.
    const hqView = await gateway('GET', `/api/staff-reads?subjectId=${seekerId}&staffId=counter-13&purpose=counter-service`, hq());
    expect(hqView.body.items.map((i: { subjectId: string }) => i.subjectId)).toEqual([seekerId]);
    expect((await gateway('GET', `/api/staff-reads?subjectId=${seekerId}`, desk('13010'))).body.items).toHaveLength(1);
    expect((await gateway('GET', `/api/staff-reads?subjectId=${seekerId}`, desk('27010'))).body.items).toEqual([]);
    expect((await gateway('GET', `/api/staff-reads?subjectId=${seekerId}`, bureau('27'))).body.items).toEqual([]);
    expect((await gateway('GET', '/api/staff-reads?prefecture=13', bureau('27'))).status).toBe(403);
    expect((await gateway('GET', `/api/staff-reads?subjectId=${seekerId}`, counter13)).status).toBe(403);
    // Filters: another kind or a time before the read finds nothing; bad input is 400 naming the field.
    expect((await gateway('GET', `/api/staff-reads?subjectId=${seekerId}&kind=complaint-text`, hq())).body.items).toEqual([]);
    expect((await gateway('GET', `/api/staff-reads?subjectId=${seekerId}&to=2000-01-01T00:00:00Z`, hq())).body.items).toEqual([]);
    const bad = await gateway('GET', '/api/staff-reads?kind=everything', hq());
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ field: 'kind', rule: 'R-STF-2' });

    // The auditor's CSV: BOM, the positions it reflects, Japanese headers, the read — and no personal data.
    const csv = await fetch(`${platform().base('gateway')}/api/staff-reads?format=csv&subjectId=${seekerId}`, {
      headers: { authorization: hq() },
    });
    expect(csv.status).toBe(200);
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes.slice(3));
    const lines = text.split('\r\n');
    expect(lines[0]).toMatch(/^作成時ログ位置,registration=\d+/);
    expect(lines[1].split(',').slice(0, 3)).toEqual(['閲覧日時', '職員ID', '役割']);
    expect(lines[2]).toContain('counter-13');
    expect(lines[2]).toContain(seekerId);
    expect(text).not.toContain(name);
    expect(text).not.toContain(jobSeekerNumber);

    // The console's page of the record: the read, in Japanese, and never the data read.
    const page = await fetch(`${platform().base('gateway')}/staff-reads?subjectId=${seekerId}`, {
      headers: { authorization: bureau('13'), accept: 'text/html' },
    });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('個人情報の閲覧記録（1）');
    expect(html).toContain('counter-13');
    expect(html).toContain('窓口対応');
    expect(html).not.toContain(name);
    expect(html).toContain(`/api/staff-reads?subjectId=${seekerId}&amp;format=csv`);
  }, 60_000);

  it('R-ORG-7: a change application is in the changes queue; the officer approves it from the console case page, which answers with the new state; the officer version moves', async () => {
    const filed = await file('13', '株式会社変更試験');
    const registrationId: string = filed.body.registrationId;
    const approved = await approve(registrationId, bureau('13'));
    const org = organisation(registrationId, approved.body.departments[0].departmentId, 'org-admin');
    const change = await call('registration', 'POST', `/registrations/${registrationId}/changes`, org, {
      complaintOfficer: { ...OFFICER, name: '新任 花子' },
    });
    expect(change.status).toBe(201);
    const changeId: string = change.body.changeId;
    const queued = await eventually(async () => {
      const answer = await gateway('GET', '/api/queues/changes', bureau('13'));
      const item = answer.body.items.find((i: { requestId: string }) => i.requestId === changeId);
      expect(item).toMatchObject({ kind: 'change', parts: ['complaint-officer'], registrationId });
      return answer;
    });
    expect(queued.status).toBe(200);
    const page = await fetch(`${platform().base('gateway')}/cases/registrations/${registrationId}/actions/approve-change`, {
      method: 'POST',
      headers: { authorization: bureau('13'), accept: 'text/html', 'content-type': 'application/json', 'hx-request': 'true' },
      body: JSON.stringify({ changeId }),
    });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('処理しました');
    expect(html).toContain('registration.RegistrationChanged.v1');
    expect(html).not.toContain(`value="${changeId}"`); // no form for the decided change any more
    const kase = await gateway('GET', `/api/registrations/${registrationId}`, bureau('13'));
    expect(kase.body.officerVersions.length).toBe(2);
    expect(kase.body.requests.find((r: { requestId: string }) => r.requestId === changeId)).toMatchObject({
      status: 'approved',
      decidedAt: expect.any(String),
    });
    // A refusal by the owner is its answer: the same change again is registration's 404 (no such pending change).
    const again = await gateway('POST', `/api/registrations/${registrationId}/changes/${changeId}/approve`, bureau('13'));
    expect(again.status).toBe(404);
    expect(again.headers.get('x-forwarded-to')).toBe('registration');
  });

  it('read your writes: a position the read models do not reach in time is 503 READ_MODEL_BEHIND with the freshness; a malformed one is 400', async () => {
    // An event of a registration stream that registration never publishes: nothing here can reflect it.
    const appended = await platform().infra.log.append(
      `registration-${newId()}`,
      [
        {
          id: newId(),
          type: 'SomethingInternal',
          schemaVersion: 1,
          data: {},
          metadata: { correlationId: newId(), principal: { kind: 'system', id: 'test' }, occurredAt: new Date().toISOString() },
        },
      ],
      'no_stream',
    );
    const behind = await gateway('GET', '/api/freshness', bureau('13'), undefined, { 'x-log-position': appended.position.toString() });
    expect(behind).toMatchObject({
      status: 503,
      body: { code: 'READ_MODEL_BEHIND', position: appended.position.toString(), freshness: { sources: expect.any(Array) } },
    });
    // Once a later registration event is applied with nothing pending, that position is behind the read models too.
    const filed = await file('13');
    await eventually(async () =>
      expect(
        (await gateway('GET', '/api/freshness', bureau('13'), undefined, { 'x-log-position': appended.position.toString() })).status,
      ).toBe(200),
    );
    expect(filed.status).toBe(201);
    expect((await gateway('GET', '/api/freshness', bureau('13'), undefined, { 'x-log-position': 'soon' })).body).toMatchObject({
      field: 'X-Log-Position',
    });
  });
};

describe('the internal gateway on the embedded default, SQLite read models (R-ORG-2, R-STF-1)', suite('sqlite'));
describeWith(['postgres'], 'the internal gateway, PostgreSQL read models (R-ORG-2, R-STF-1)', suite('postgres'));
