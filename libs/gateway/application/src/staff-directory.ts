import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { BoundedMap, Clock } from '@hw/platform/core';
import { CLOCK, READ_DB, TokenClaims } from '@hw/platform/nest';
import { exec } from './sql';

/**
 * Who a staff principal id is, for the timeline's "who" (issue 13): the role, office and
 * prefecture of the tokens the gateway has served, and the login name staff signed in with here.
 * Integration events name an actor by id only; this is the gateway's own record of staff
 * (never a seeker), kept beside its read models but not projected — a rebuild keeps it.
 */
@Injectable()
export class StaffDirectory {
  private readonly known = new BoundedMap<string, string>(10_000);

  constructor(
    @Inject(READ_DB) private readonly db: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Records the staff member behind a token (and the login they signed in with): a sign-in, or a change since last seen. */
  async seen(principal: TokenClaims, login?: string): Promise<void> {
    if (principal.kind !== 'staff' || !principal.role) return;
    const id = principal.sub.slice(0, 100);
    const row = { role: principal.role.slice(0, 24), office: principal.officeCode ?? null, prefecture: principal.prefecture ?? null };
    const signature = JSON.stringify(row);
    if (!login && this.known.get(id) === signature) return;
    await exec(
      this.db,
      `INSERT INTO gateway_staff (staff_id, role, office_code, prefecture, login, seen_at) VALUES (:id, :role, :office, :prefecture, :login, :at)
       ON CONFLICT (staff_id) DO UPDATE SET role = excluded.role, office_code = excluded.office_code, prefecture = excluded.prefecture,
         login = COALESCE(excluded.login, gateway_staff.login), seen_at = excluded.seen_at`,
      { id, ...row, login: login?.slice(0, 100) ?? null, at: this.clock.now().toISOString() },
    );
    this.known.set(id, signature);
  }
}
