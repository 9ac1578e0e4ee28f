import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newId, tokyoDay } from '@hw/platform/core';
import { SqliteEventLog } from '@hw/platform/event-log';
import { describeWith, eventually, kafkaBrokers } from '@hw/platform/testing';
import { seekerReference } from '@hw/matching/contracts';
import { approveRegistration, AUTH_SECRET, bearer, http, startProcess, Started, waitForHealth } from './support/processes';

/**
 * R-CMP-1…5 across processes: registration, messaging and complaints each in their own process,
 * one log, Kafka between them. A seeker messaged by a registration complains; its complaint
 * officer acknowledges; the seeker escalates to the Tokyo desk, which records a step and requests
 * a sanction; Tokyo's bureau decides a suspension; registration carries it out (over Kafka) and
 * complaints records it; messaging then refuses the registration's next message; after the
 * seeker's erasure the complaint's texts no longer open. Ports 3620–3622.
 */
describeWith(['kafka'], 'complaints across processes: from filing to a sanction carried out (R-CMP-1…5)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'hw-complaints-e2e-'));
  const REGISTRATION = 3620;
  const MESSAGING = 3621;
  const COMPLAINTS = 3622;
  const env = { BUS: 'kafka', KAFKA_BROKERS: kafkaBrokers().join(','), DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
  const processes: Started[] = [];
  let log: SqliteEventLog;

  beforeAll(async () => {
    // complaints first: its new consumer groups read the shared broker's topics from the start
    // (every earlier run's messages), and catch up while the others start.
    const started: Array<[string, number, string]> = [
      ['apps/complaints/src/main.ts', COMPLAINTS, 'COMPLAINTS_PORT'],
      ['apps/registration/src/main.ts', REGISTRATION, 'REGISTRATION_PORT'],
      ['apps/messaging/src/main.ts', MESSAGING, 'MESSAGING_PORT'],
    ];
    for (const [entry, port, name] of started) {
      const p = startProcess(entry, { ...env, [name]: String(port) });
      processes.push(p);
      await waitForHealth(port, p, 90_000);
    }
    log = new SqliteEventLog({ file: join(dataDir, 'events.sqlite') });
  }, 420_000);

  afterAll(async () => {
    await Promise.all(processes.map((p) => p.stop()));
    await log?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("R-CMP-1 / R-CMP-2 / R-CMP-5: filed → acknowledged → escalated → desk step → sanction request → bureau decision → the registration suspended → its next message refused REGISTRATION_NOT_ACTIVE; R-AUD-2: after the seeker's erasure no complaint text opens", async () => {
    const registrationId = await approveRegistration(REGISTRATION); // Tokyo (13)
    // The seeker registered at a Tokyo counter, as registration records it (R-SKR-1).
    const run = newId().replace(/-/g, '').slice(-8);
    const counter = bearer({ kind: 'staff', sub: 'counter-1', role: 'counter', officeCode: '13010' });
    const created = await http('POST', `http://127.0.0.1:${REGISTRATION}/seekers`, counter, {
      scope: ['private-agencies', 'local-governments'],
      termsVersion: '2026-04',
      personalData: {
        jobSeekerNumber: `13010-7${run
          .replace(/[^0-9]/g, '')
          .padEnd(7, '5')
          .slice(0, 7)}`,
        name: `苦情 花子${run}`,
        nameKana: `クジョウ ハナコ${run}`,
        birthDate: '1992-03-03',
        address: `東京都新宿区西新宿${run}番地`,
        phone: '03-1111-3333',
        email: `complaint-${run}@example.jp`,
      },
      appliedOn: tokyoDay(new Date()).replace(/^(\d{4})(\d{2})(\d{2})$/, '$1-$2-$3'),
      school: { status: 'none' },
      profile: { desiredOccupations: ['25'], desiredPrefectures: ['13'], employmentType: 'full-time', selfPr: '事務の経験があります' },
    });
    expect(created.status).toBe(201);
    const seekerId: string = created.body.seekerId;
    const org = bearer({
      kind: 'organisation-user',
      sub: `admin-${registrationId}`,
      registrationId,
      departmentId: 'main',
      organisationKind: 'private-paid',
    });
    const officer = bearer({
      kind: 'organisation-user',
      sub: `officer-${registrationId}`,
      registrationId,
      departmentId: 'main',
      organisationKind: 'private-paid',
      complaintOfficer: true,
    });
    const seeker = bearer({ kind: 'seeker', sub: seekerId });
    const desk = bearer({ kind: 'staff', sub: 'desk-13', role: 'complaint-desk', officeCode: '13010' });
    const bureau = bearer({ kind: 'staff', sub: 'bureau-13', role: 'bureau-officer', officeCode: '13000', prefecture: '13' });
    const auditor = bearer({ kind: 'staff', sub: 'hq-1', role: 'hq-auditor' });
    const send = () =>
      http('POST', `http://127.0.0.1:${MESSAGING}/messages`, org, {
        seekerRef: seekerReference(AUTH_SECRET, registrationId, seekerId),
        kind: 'guidance',
        body: 'ご案内です',
      });
    const complaints = `http://127.0.0.1:${COMPLAINTS}/complaints`;
    const text = '夜間に何度も連絡が来て困っています';

    await eventually(async () => expect((await send()).status).toBe(201), 30_000);
    // messaging.MessageSent.v1 reaches complaints over Kafka: then the seeker may complain (R-CMP-1).
    const filed = await eventually(async () => {
      const r = await http('POST', complaints, seeker, { registrationId, category: 'unwanted-messages', text, officeCode: '13010' });
      expect(r).toMatchObject({ status: 201 });
      return r.body as { complaintId: string };
    }, 180_000); // behind that catch-up on a long-lived broker
    const { complaintId } = filed;
    expect((await http('POST', `${complaints}/${complaintId}/acknowledgement`, officer)).status).toBe(204);
    expect(
      (await http('POST', `${complaints}/${complaintId}/escalation`, seeker, { reason: 'not-satisfied', text: '改善されない' })).status,
    ).toBe(204);
    await eventually(
      async () =>
        expect((await http('GET', complaints, desk)).body.map((c: { complaintId: string }) => c.complaintId)).toContain(complaintId),
      30_000,
    );
    expect((await http('GET', `${complaints}/${complaintId}`, desk)).body).toMatchObject({ text, status: 'escalated' });
    expect((await http('POST', `${complaints}/${complaintId}/desk-steps`, desk, { text: '事業者に事情を聴取' })).status).toBe(204);
    // The registration's prefecture comes with registration.RegistrationApproved.v1 over Kafka.
    await eventually(
      async () =>
        expect(
          (
            await http('POST', `${complaints}/${complaintId}/desk-outcome`, desk, {
              outcome: 'sanction-requested',
              text: '改善の見込みなし',
            })
          ).status,
        ).toBe(204),
      30_000,
    );
    const until = new Date(Date.now() + 30 * 86_400_000).toISOString();
    await eventually(
      async () =>
        expect((await http('GET', complaints, bureau)).body.map((c: { complaintId: string }) => c.complaintId)).toContain(complaintId),
      30_000,
    );
    expect((await http('POST', `${complaints}/${complaintId}/sanction-decision`, bureau, { decision: 'suspension', until })).status).toBe(
      204,
    );

    // complaints.SanctionDecided.v1 → registration suspends (R-ORG-1) → RegistrationStatusChanged.v1 → complaints links it.
    await eventually(
      async () =>
        expect((await http('GET', `http://127.0.0.1:${REGISTRATION}/registrations/${registrationId}`, auditor)).body.status).toBe(
          'suspended',
        ),
      60_000,
    );
    const suspended = (await log.readStream(`registration-${registrationId}`)).find((e) => e.type === 'RegistrationSuspended');
    expect(suspended).toMatchObject({
      data: { reason: 'sanction', note: `complaint-sanction:${complaintId}`, until },
      metadata: { complaintId },
    });
    await eventually(async () => {
      const carried = (await log.readStream(`complaint-${complaintId}`)).find((e) => e.type === 'SanctionCarriedOut');
      expect(carried?.data).toMatchObject({ complaintId, registrationId, registrationEventId: suspended!.id, status: 'suspended' });
    }, 60_000);
    await eventually(async () => expect(await send()).toMatchObject({ status: 403, body: { code: 'REGISTRATION_NOT_ACTIVE' } }), 30_000);
    const raw = JSON.stringify((await log.readStream(`complaint-${complaintId}`)).map((e) => e.data));
    for (const s of [text, '改善されない', '事業者に事情を聴取', '改善の見込みなし']) expect(raw).not.toContain(s);

    // R-AUD-2: the seeker's erasure at the counter reaches complaints over Kafka: the texts no longer open, the course stays.
    expect(
      (await http('POST', `http://127.0.0.1:${REGISTRATION}/seekers/${seekerId}/erasure`, counter, { requestReference: `REQ-${run}` }))
        .status,
    ).toBe(200);
    await eventually(async () => {
      const view = await http('GET', `${complaints}/${complaintId}`, auditor);
      expect(view.status).toBe(200);
      expect(view.body.text).toBeUndefined();
      expect(view.body.history.filter((h: { text?: string }) => h.text !== undefined)).toEqual([]);
      expect(view.body).toMatchObject({ status: 'sanction-decided', category: 'unwanted-messages' });
    }, 60_000);
  }, 300_000);
});
