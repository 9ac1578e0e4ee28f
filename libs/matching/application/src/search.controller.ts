import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { createHmac } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Allow, CONFIG, CurrentPrincipal, PlatformConfig, READ_DB, TokenClaims } from '@hw/platform/nest';
import { SearchProfile } from './search-profile.entity';

export class SearchQueryDto {
  @IsOptional()
  @Matches(/^(0[1-9]|[1-3]\d|4[0-7])$/, { message: 'prefecture is a code 01–47', context: { rule: 'R-SKR-5' } })
  prefecture?: string;
}

/**
 * Anonymised search for organisation users. Each registration sees its own pseudonymous
 * reference per seeker (keyed hash), so two organisations cannot join their results.
 */
@ApiTags('search')
@ApiBearerAuth()
@Controller('profiles')
export class SearchController {
  constructor(
    @Inject(READ_DB) private readonly db: DataSource,
    @Inject(CONFIG) private readonly config: PlatformConfig,
  ) {}

  @Get()
  @Allow('organisation-user')
  async search(@Query() query: SearchQueryDto, @CurrentPrincipal() principal: TokenClaims) {
    if (principal.kind !== 'organisation-user') return { items: [] };
    const qb = this.db
      .getRepository(SearchProfile)
      .createQueryBuilder('p')
      .where('p.status = :active', { active: 'active' }) // R-SKR-4
      .andWhere(principal.organisationKind === 'local-government' ? 'p.scope_local_government = :yes' : 'p.scope_private = :yes', {
        yes: true,
      })
    if (query.prefecture) qb.andWhere('p.desired_prefectures LIKE :pref', { pref: `%"${query.prefecture}"%` });
    qb.orderBy('p.registered_at', 'DESC')
      .limit(50);
    const rows = await qb.getMany();
    const items = rows.map((p) => ({
        seekerRef: this.pseudonym(principal.registrationId, p.seekerId),
        desiredOccupations: p.desiredOccupations,
        desiredPrefectures: p.desiredPrefectures,
        employmentType: p.employmentType,
      }));
    return { items };
  }

  private pseudonym(registrationId: string, seekerId: string): string {
    return createHmac('sha256', this.config.AUTH_SECRET).update(`${registrationId}:${seekerId}`).digest('base64url').slice(0, 22);
  }
}
