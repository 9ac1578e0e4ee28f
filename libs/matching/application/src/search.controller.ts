import { BadRequestException, Controller, Get, Inject, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { DataSource } from 'typeorm';
import { Allow, CONFIG, CurrentPrincipal, PlatformConfig, READ_DB, TokenClaims } from '@hw/platform/nest';
import { ProfileSearch, SearchPage } from './profile-search';
import { decodeCursor, InvalidCursorError, MAX_LIMIT, SEARCH_SORTS, SearchSort } from './search-query';

const INT32_MAX = 2_147_483_647; // compared with integer columns: a larger number is out of range on PostgreSQL

const list = ({ value }: { value: unknown }) =>
  value === undefined
    ? undefined
    : (Array.isArray(value) ? value : [value])
        .flatMap((v) => String(v).split(','))
        .map((v) => v.trim())
        .filter(Boolean);
const repeated = ({ value }: { value: unknown }) => (value === undefined ? undefined : Array.isArray(value) ? value : [value]);

/** GET /profiles query. Every violation is a 400 naming the field and, where a rule decides, the rule. */
export class SearchQueryDto {
  @ApiPropertyOptional({
    description:
      'MHLW occupations, any of them (comma-separated or repeated): a major group A–K, or a middle-group code (a code also matches finer codes under it)',
    example: 'B,47',
  })
  @IsOptional()
  @Transform(list)
  @ArrayMaxSize(20)
  @Matches(/^([A-Ka-k]|[0-9]{2,3}(-[0-9]{1,2})?)$/, {
    each: true,
    message: 'occupation is an MHLW major group A–K or a code such as 05 or 051-01',
  })
  occupation?: string[];

  @ApiPropertyOptional({ description: 'prefecture code 01–47', example: '13' })
  @IsOptional()
  @Matches(/^(0[1-9]|[1-3][0-9]|4[0-7])$/, { message: 'prefecture is a code 01–47' })
  prefecture?: string;

  @ApiPropertyOptional({ description: 'local government code (6 digits with check digit, or 5)', example: '131016' })
  @IsOptional()
  @Matches(/^(0[1-9]|[1-3][0-9]|4[0-7])[0-9]{3,4}$/, { message: 'municipality is a local government code of 5 or 6 digits' })
  municipality?: string;

  @ApiPropertyOptional({ enum: ['full-time', 'part-time', 'contract', 'any'] })
  @IsOptional()
  @IsIn(['full-time', 'part-time', 'contract', 'any'])
  employmentType?: 'full-time' | 'part-time' | 'contract' | 'any';

  @ApiPropertyOptional({ description: 'lowest desired wage, in wageUnit', example: 200000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(INT32_MAX)
  wageMin?: number;

  @ApiPropertyOptional({ description: 'highest desired wage, in wageUnit', example: 300000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(INT32_MAX)
  wageMax?: number;

  @ApiPropertyOptional({
    enum: ['month', 'hour'],
    default: 'month',
    description: 'unit of wageMin/wageMax (hourly wages compare at 173 h a month)',
  })
  @IsOptional()
  @IsIn(['month', 'hour'])
  wageUnit?: 'month' | 'hour';

  @ApiPropertyOptional({ description: 'qualifications the seeker must all hold (repeat the parameter)', type: [String] })
  @IsOptional()
  @Transform(repeated)
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(100, { each: true })
  qualification?: string[];

  @ApiPropertyOptional({
    description: 'words that must all occur in the self-PR (Japanese substrings; words under 3 characters scan the filtered rows)',
    example: '介護 福祉士',
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ enum: SEARCH_SORTS, default: 'newest', description: 'wage sorts list profiles that state a desired wage' })
  @IsOptional()
  @IsIn(SEARCH_SORTS)
  sort?: SearchSort;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page (opaque)' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_LIMIT, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_LIMIT)
  limit?: number;
}

class HoursView {
  @ApiPropertyOptional({ description: 'hours a week the seeker wants to work' }) perWeek?: number;
  @ApiPropertyOptional({ example: '09:00', description: 'earliest start, hh:mm' }) from?: string;
  @ApiPropertyOptional({ example: '18:00', description: 'latest end, hh:mm' }) to?: string;
}

class DesiredWageView {
  @ApiProperty({ type: 'integer', description: 'yen, per `per`' }) amount!: number;
  @ApiProperty({ enum: ['hour', 'month'] }) per!: 'hour' | 'month';
}

class WorkHistoryItemView {
  @ApiProperty({ description: 'MHLW occupation middle-group code' }) occupation!: string;
  @ApiProperty({ description: 'years in it' }) years!: number;
}

/** What an organisation sees of a seeker (R-SKR-5): never the seeker id, job-seeker number, name, contact or birth date. */
class ProfileViewDto {
  @ApiProperty({ description: "this registration's pseudonymous reference of the seeker (the handle to message)" }) reference!: string;
  @ApiProperty({ type: [String], description: 'MHLW occupation middle-group codes' }) desiredOccupations!: string[];
  @ApiProperty({ type: [String], description: 'prefecture codes 01–47' }) desiredPrefectures!: string[];
  @ApiProperty({ type: [String], description: 'local government codes; empty: anywhere in the prefectures' })
  desiredMunicipalities!: string[];
  @ApiProperty({ enum: ['full-time', 'part-time', 'contract', 'any'] }) employmentType!: string;
  @ApiPropertyOptional({ type: HoursView }) hours?: HoursView;
  @ApiPropertyOptional({ type: DesiredWageView }) desiredWage?: DesiredWageView;
  @ApiPropertyOptional({ type: [String] }) qualifications?: string[];
  @ApiPropertyOptional({
    enum: ['junior-high', 'high', 'vocational', 'junior-college', 'college-of-technology', 'university', 'graduate', 'other'],
  })
  educationLevel?: string;
  @ApiPropertyOptional({ type: [WorkHistoryItemView], description: 'occupations and years; never an employer name' })
  workHistory?: WorkHistoryItemView[];
  @ApiPropertyOptional({ description: "the seeker's self-PR, as registered" }) selfPr?: string;
  @ApiPropertyOptional({ example: '35-39', description: 'age band instead of a birth date (R-SKR-5)' }) ageBand?: string;
}

class SearchPageDto {
  @ApiProperty({ type: [ProfileViewDto], description: 'one page, in the requested sort' }) items!: ProfileViewDto[];
  @ApiProperty({ nullable: true, type: String, description: 'pass as cursor for the next page; null on the last page' })
  nextCursor!: string | null;
}

/**
 * Anonymised search for organisation users (R-SKR-5): only seekers the asking registration may
 * see, each under the registration's own pseudonymous reference.
 */
@ApiTags('search')
@ApiBearerAuth()
@Controller('profiles')
export class SearchController {
  private readonly profiles: ProfileSearch;

  constructor(@Inject(READ_DB) db: DataSource, @Inject(CONFIG) config: PlatformConfig) {
    this.profiles = new ProfileSearch(db, config.seekerReferenceSecret);
  }

  @Get()
  @Allow('organisation-user')
  @ApiOperation({ summary: 'Search anonymised seeker profiles visible to your registration' })
  @ApiOkResponse({ type: SearchPageDto })
  @ApiForbiddenResponse({ description: 'R-ORG-1: the registration is not active' })
  async search(@Query() query: SearchQueryDto, @CurrentPrincipal() principal: TokenClaims): Promise<SearchPage> {
    if (principal.kind !== 'organisation-user') return { items: [], nextCursor: null }; // @Allow already refused others
    const sort = query.sort ?? 'newest';
    let after;
    try {
      after = query.cursor ? decodeCursor(query.cursor, sort) : undefined;
    } catch (error) {
      if (!(error instanceof InvalidCursorError)) throw error;
      throw new BadRequestException({
        code: 'VALIDATION_FAILED',
        message: `cursor: ${error.message}`,
        field: 'cursor',
        violations: [{ field: 'cursor', message: error.message }],
      });
    }
    if (query.wageMin !== undefined && query.wageMax !== undefined && query.wageMin > query.wageMax) {
      throw new BadRequestException({
        code: 'VALIDATION_FAILED',
        message: 'wageMax: must not be below wageMin',
        field: 'wageMax',
        violations: [{ field: 'wageMax', message: 'must not be below wageMin' }],
      });
    }
    return this.profiles.search(principal.registrationId, principal.organisationKind, {
      occupations: query.occupation,
      prefecture: query.prefecture,
      municipality: query.municipality,
      employmentType: query.employmentType,
      wageMin: query.wageMin,
      wageMax: query.wageMax,
      wageUnit: query.wageUnit,
      qualifications: query.qualification,
      text: query.q,
      sort,
      after,
      limit: query.limit,
    });
  }
}
