import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsEmail,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsUUID,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateBy,
  ValidateIf,
  ValidateNested,
  ValidationOptions,
} from 'class-validator';
import { NestedObject, OptionalNestedObject } from '@hw/platform/nest';
import {
  DISCLOSABLE_FIELDS,
  DisclosableField,
  isCalendarDate,
  isMunicipalityCode,
  OCCUPATION_CODES,
  ProvisionScope,
  SCHOOL_KINDS,
  SchoolKind,
} from '@hw/registration/domain';

const SCOPES: ProvisionScope[] = ['private-agencies', 'local-governments'];
const OCCUPATIONS = [...OCCUPATION_CODES];
const PREFECTURE = /^(0[1-9]|[1-3]\d|4[0-7])$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

const IsCalendarDate = (options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'isCalendarDate',
      validator: {
        validate: (v) => typeof v === 'string' && isCalendarDate(v),
        defaultMessage: (a) => `${a?.property} is a calendar date yyyy-mm-dd`,
      },
    },
    options,
  );
const IsMunicipalityCode = (options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'isMunicipalityCode',
      validator: {
        validate: (v) => typeof v === 'string' && isMunicipalityCode(v),
        defaultMessage: () => 'each municipality is a local government code (5 digits, or 6 with its check digit)',
      },
    },
    options,
  );

/** Personal data (R-SKR-5): sealed with the seeker's key before anything is stored; never echoed in errors. */
export class PersonalDataDto {
  @ApiProperty({ example: '13010-12345678', description: 'job-seeker number NNNNN-NNNNNNNN (office code, serial); registered once' })
  @Matches(/^\d{5}-\d{8}$/, { message: 'jobSeekerNumber is NNNNN-NNNNNNNN', context: { rule: 'R-SKR-2' } })
  jobSeekerNumber!: string;

  @ApiProperty() @IsString() @MinLength(1) @MaxLength(100) name!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) nameKana?: string;
  @ApiProperty({ example: '1990-04-01' }) @IsCalendarDate({ context: { rule: 'R-SKR-5' } }) birthDate!: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(300) address!: string;
  @ApiProperty() @Matches(/^\+?[0-9()\- ]{6,20}$/, { message: 'phone is digits, spaces, +, -, ( )' }) phone!: string;
  @ApiProperty() @IsEmail() @MaxLength(254) email!: string;
}

export class HoursDto {
  @ApiPropertyOptional() @IsOptional() @IsNumber() @Min(0) @Max(80) perWeek?: number;
  @ApiPropertyOptional({ example: '09:00' }) @IsOptional() @Matches(/^([01]\d|2[0-3]):[0-5]\d$/) from?: string;
  @ApiPropertyOptional({ example: '18:00' }) @IsOptional() @Matches(/^([01]\d|2[0-3]):[0-5]\d$/) to?: string;
}

export class WageDto {
  @ApiProperty() @IsInt() @Min(0) @Max(100_000_000) amount!: number;
  @ApiProperty({ enum: ['hour', 'month'] }) @IsIn(['hour', 'month']) per!: 'hour' | 'month';
}

export class WorkHistoryDto {
  @ApiProperty({ description: 'MHLW middle-group code' })
  @IsIn(OCCUPATIONS, { message: 'occupation is an MHLW occupation middle-group code', context: { rule: 'R-SKR-5' } })
  occupation!: string;

  @ApiProperty() @IsNumber() @Min(0) @Max(60) years!: number;
}

/** The anonymised profile organisations see (R-SKR-5): no employer names, no identity. */
export class AnonymisedProfileDto {
  @ApiProperty({ example: ['25'], description: 'MHLW occupational classification middle-group codes' })
  @IsArray()
  @ArrayMinSize(1, { context: { rule: 'R-SKR-5' } })
  @ArrayMaxSize(10)
  @IsIn(OCCUPATIONS, {
    each: true,
    message: 'each desired occupation is an MHLW occupation middle-group code',
    context: { rule: 'R-SKR-5' },
  })
  desiredOccupations!: string[];

  @ApiProperty({ example: ['13'] })
  @IsArray()
  @ArrayMinSize(1, { context: { rule: 'R-SKR-5' } })
  @ArrayMaxSize(47)
  @Matches(PREFECTURE, { each: true, message: 'each desired prefecture is a code 01–47', context: { rule: 'R-SKR-5' } })
  desiredPrefectures!: string[];

  @ApiPropertyOptional({ example: ['13101'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsMunicipalityCode({ each: true, context: { rule: 'R-SKR-5' } })
  desiredMunicipalities?: string[];

  @ApiProperty({ enum: ['full-time', 'part-time', 'contract', 'any'] })
  @IsIn(['full-time', 'part-time', 'contract', 'any'], { context: { rule: 'R-SKR-5' } })
  employmentType!: 'full-time' | 'part-time' | 'contract' | 'any';

  @ApiPropertyOptional({ type: HoursDto }) @OptionalNestedObject(() => HoursDto) hours?: HoursDto;
  @ApiPropertyOptional({ type: WageDto }) @OptionalNestedObject(() => WageDto) desiredWage?: WageDto;

  @ApiPropertyOptional()
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  qualifications?: string[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsIn(['junior-high', 'high', 'vocational', 'junior-college', 'college-of-technology', 'university', 'graduate', 'other'])
  educationLevel?: 'junior-high' | 'high' | 'vocational' | 'junior-college' | 'college-of-technology' | 'university' | 'graduate' | 'other';

  @ApiPropertyOptional({ type: [WorkHistoryDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => WorkHistoryDto)
  workHistory?: WorkHistoryDto[];

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) selfPr?: string;
}

/** R-SKR-1: school status, for eligibility and R-MSG-6c. */
export class SchoolStatusDto {
  @ApiProperty({ enum: ['none', 'student', 'new-graduate'] })
  @IsIn(['none', 'student', 'new-graduate'], { context: { rule: 'R-SKR-1' } })
  status!: 'none' | 'student' | 'new-graduate';

  @ApiPropertyOptional({ enum: SCHOOL_KINDS })
  @ValidateIf((s: SchoolStatusDto) => s.status !== 'none')
  @IsIn(SCHOOL_KINDS, { context: { rule: 'R-SKR-1' } })
  schoolKind?: SchoolKind;

  @ApiPropertyOptional({ example: '2026-03-01' })
  @ValidateIf((s: SchoolStatusDto) => s.status === 'new-graduate')
  @IsCalendarDate({ context: { rule: 'R-SKR-1' } })
  graduationDate?: string;
}

export class ScopeDto {
  @ApiProperty({ enum: SCOPES, isArray: true })
  @IsArray()
  @ArrayMinSize(1, { message: 'scope must name private-agencies, local-governments, or both', context: { rule: 'R-SKR-2' } })
  @IsIn(SCOPES, { each: true, context: { rule: 'R-SKR-2' } })
  scope!: ProvisionScope[];

  @ApiProperty({ example: '2026-04' })
  @IsString()
  @MaxLength(32)
  @Matches(/^\d{4}-\d{2}$/, { message: 'termsVersion is the agreed terms version, yyyy-mm', context: { rule: 'R-SKR-2' } })
  termsVersion!: string;
}

export class RegisterSeekerDto extends ScopeDto {
  @ApiProperty({ type: PersonalDataDto }) @NestedObject(() => PersonalDataDto) personalData!: PersonalDataDto;

  @ApiProperty({ example: '2026-11-20', description: 'date of the job application at Hello Work (R-SKR-3)' })
  @Matches(DATE, { message: 'appliedOn is a date yyyy-mm-dd', context: { rule: 'R-SKR-3' } })
  @IsCalendarDate({ context: { rule: 'R-SKR-3' } })
  appliedOn!: string;

  @ApiProperty({ type: SchoolStatusDto }) @NestedObject(() => SchoolStatusDto, { context: { rule: 'R-SKR-1' } }) school!: SchoolStatusDto;
  @ApiProperty({ type: AnonymisedProfileDto })
  @NestedObject(() => AnonymisedProfileDto, { context: { rule: 'R-SKR-5' } })
  profile!: AnonymisedProfileDto;
}

export class ChangeProfileDto {
  @ApiProperty({ type: AnonymisedProfileDto })
  @NestedObject(() => AnonymisedProfileDto, { context: { rule: 'R-SKR-5' } })
  profile!: AnonymisedProfileDto;
}

export class ChangeSchoolStatusDto {
  @ApiProperty({ type: SchoolStatusDto }) @NestedObject(() => SchoolStatusDto, { context: { rule: 'R-SKR-1' } }) school!: SchoolStatusDto;
}

export class ChangePersonalDataDto {
  @ApiProperty({ type: PersonalDataDto }) @NestedObject(() => PersonalDataDto) personalData!: PersonalDataDto;
}

export class BlockDto {
  @ApiProperty({ description: "the organisation's registration id" })
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{1,64}$/, { message: 'registrationId is a registration id', context: { rule: 'R-SKR-6' } })
  registrationId!: string;
}

/** DELETE /seekers/:seekerId/blocks/:registrationId (R-SKR-6). */
export class BlockParams extends BlockDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() seekerId!: string;
}

export class PersonalDataQueryDto {
  /** Required of staff (R-STF-2: the read is recorded with it); a seeker reading their own data states none. */
  @ApiPropertyOptional({
    enum: ['counter-service', 'complaint-handling', 'audit', 'lawful-request'],
    description: 'required of staff (R-STF-2)',
  })
  @IsOptional()
  @IsIn(['counter-service', 'complaint-handling', 'audit', 'lawful-request'], {
    message: 'purpose states why personal data is read',
    context: { rule: 'R-STF-2' },
  })
  purpose?: 'counter-service' | 'complaint-handling' | 'audit' | 'lawful-request';
}

export class EraseSeekerDto {
  @ApiProperty({ description: 'reference of the lawful erasure request (no personal data)' })
  @Matches(/^[A-Za-z0-9_-]{1,64}$/, {
    message: 'requestReference is a reference of letters, digits, - and _',
    context: { rule: 'R-AUD-2' },
  })
  requestReference!: string;
}

const REGISTRATION_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** R-SKR-5: the seeker discloses chosen identity/contact fields to one organisation's registration. */
export class DiscloseDto {
  @ApiProperty({ description: "the organisation's registration id (the thread's organisation)" })
  @IsString({ context: { rule: 'R-SKR-5' } })
  @Matches(REGISTRATION_ID, { message: 'registrationId is a registration id', context: { rule: 'R-SKR-5' } })
  registrationId!: string;

  @ApiProperty({
    enum: DISCLOSABLE_FIELDS,
    isArray: true,
    description: 'which fields to disclose; birth date and job-seeker number never are',
  })
  @IsArray({ context: { rule: 'R-SKR-5' } })
  @ArrayMinSize(1, { message: 'fields names at least one field to disclose', context: { rule: 'R-SKR-5' } })
  @ArrayMaxSize(DISCLOSABLE_FIELDS.length, { context: { rule: 'R-SKR-5' } })
  @IsIn(DISCLOSABLE_FIELDS, { each: true, message: `fields may contain ${DISCLOSABLE_FIELDS.join(', ')}`, context: { rule: 'R-SKR-5' } })
  fields!: DisclosableField[];
}

export class DisclosureParams {
  @ApiProperty({ format: 'uuid' }) @IsUUID() seekerId!: string;

  @ApiProperty({ description: "the organisation's registration id" })
  @Matches(REGISTRATION_ID, { message: 'registrationId is a registration id', context: { rule: 'R-SKR-5' } })
  registrationId!: string;
}

export class SeekerRefParams {
  @ApiProperty({ description: "the seeker's pseudonymous reference as shown to your registration" })
  @IsString()
  @MaxLength(64)
  seekerRef!: string;
}
