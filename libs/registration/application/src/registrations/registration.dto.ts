import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import type { OrganisationKind } from '@hw/registration/contracts';
import { NestedObject, OptionalNestedObject } from '@hw/platform/nest';

const REGISTRATION_STATUSES = ['submitted', 'rejected', 'active', 'suspended', 'terminated', 'expired'] as const;

const INT32_MAX = 2_147_483_647; // integers stay within a 32-bit integer column on both read databases

/** GET /registrations: the bureau's case list, by status (R-ORG-1). */
export class ListRegistrationsQueryDto {
  @ApiPropertyOptional({ enum: REGISTRATION_STATUSES })
  @IsOptional()
  @IsIn(REGISTRATION_STATUSES, { message: `status is one of ${REGISTRATION_STATUSES.join(', ')}`, context: { rule: 'R-ORG-1' } })
  status?: (typeof REGISTRATION_STATUSES)[number];
}

const PERMIT = /^(0[1-9]|[1-3][0-9]|4[0-7])-(ユ|ム)-[0-9]{6}$/;

export class OfficerDto {
  @ApiProperty() @IsString() @MinLength(1, { context: { rule: 'R-ORG-7' } }) @MaxLength(100) name!: string;
  @ApiProperty() @IsString() @MinLength(1, { context: { rule: 'R-ORG-7' } }) @MaxLength(100) department!: string;
  @ApiProperty({ example: '03-1234-5678' })
  @Matches(/^\+?[0-9][0-9-]{8,14}$/, { message: 'phone is digits and hyphens', context: { rule: 'R-ORG-7' } })
  phone!: string;
  @ApiProperty() @IsEmail({}, { context: { rule: 'R-ORG-7' } }) @MaxLength(200) email!: string;
}

export class DepartmentDto {
  @ApiProperty({ description: 'department (local government) or office (private agency) name' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name!: string;

  @ApiPropertyOptional({ description: 'R-ORG-3: branch number of an office sharing the permit number' })
  @IsOptional()
  @Matches(/^[0-9]{1,4}$/, { message: 'branchNumber is 1–4 digits', context: { rule: 'R-ORG-3' } })
  branchNumber?: string;

  @ApiPropertyOptional({ description: 'R-ORG-3: the main office files the registration' })
  @IsOptional()
  @IsBoolean()
  mainOffice?: boolean;
}

export class ContractorDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(200) name!: string;
  @ApiProperty({ example: '13-ユ-654321' })
  @Matches(PERMIT, { message: 'permitNumber is PP-ユ-NNNNNN or PP-ム-NNNNNN', context: { rule: 'R-ORG-5' } })
  permitNumber!: string;
}

export class SecurityDto {
  @ApiProperty() @IsBoolean({ context: { rule: 'R-ORG-8' } }) antivirusDefinitionsCurrent!: boolean;
  @ApiProperty() @IsBoolean({ context: { rule: 'R-ORG-8' } }) automaticScanEnabled!: boolean;
}

export class ApplicationDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(200) organisationName!: string;

  @ApiProperty({ enum: ['private-paid', 'private-free', 'local-government'] })
  @IsIn(['private-paid', 'private-free', 'local-government'], { context: { rule: 'R-ORG-3' } })
  kind!: OrganisationKind;

  @ApiProperty({ enum: ['own', 'joint'] })
  @IsIn(['own', 'joint'], { context: { rule: 'R-ORG-6' } })
  category!: 'own' | 'joint';

  @ApiPropertyOptional({ example: '13-ユ-123456' })
  @IsOptional()
  @Matches(PERMIT, { message: 'permitNumber is PP-ユ-NNNNNN or PP-ム-NNNNNN, PP 01–47', context: { rule: 'R-ORG-3' } })
  permitNumber?: string;

  @ApiPropertyOptional({ example: '131016' })
  @IsOptional()
  @Matches(/^[0-9]{6}$/, { message: 'localGovernmentCode is 6 digits', context: { rule: 'R-ORG-4' } })
  localGovernmentCode?: string;

  @ApiProperty({ type: [DepartmentDto] })
  @IsArray()
  @ArrayMinSize(1, { context: { rule: 'R-ORG-4' } })
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => DepartmentDto)
  departments!: DepartmentDto[];

  @ApiProperty({ type: [ContractorDto] })
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => ContractorDto)
  contractors: ContractorDto[] = [];

  @ApiProperty() @NestedObject(() => OfficerDto, { context: { rule: 'R-ORG-7' } }) contactOfficer!: OfficerDto;
  @ApiProperty() @NestedObject(() => OfficerDto, { context: { rule: 'R-ORG-7' } }) complaintOfficer!: OfficerDto;
  @ApiProperty() @NestedObject(() => SecurityDto, { context: { rule: 'R-ORG-8' } }) security!: SecurityDto;
}

export class ApproveApplicationDto {
  @ApiProperty({ description: "login name of the applicant's admin user, created at approval" })
  @Matches(/^[A-Za-z0-9._@-]{3,100}$/, { message: 'adminLogin is 3–100 letters, digits, . _ @ -' })
  adminLogin!: string;
}

export class ReasonDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(500) reason!: string;
}

export class SanctionDto extends ReasonDto {
  @ApiPropertyOptional({ description: 'R-ORG-1: the sanction ends by itself at this instant' })
  @IsOptional()
  @IsISO8601({ strict: true }, { context: { rule: 'R-ORG-1' } })
  until?: string;
}

export class ChangeDto {
  @ApiPropertyOptional() @OptionalNestedObject(() => OfficerDto, { context: { rule: 'R-ORG-7' } }) contactOfficer?: OfficerDto;
  @ApiPropertyOptional() @OptionalNestedObject(() => OfficerDto, { context: { rule: 'R-ORG-7' } }) complaintOfficer?: OfficerDto;

  @ApiPropertyOptional({ type: [ContractorDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => ContractorDto)
  addContractors?: ContractorDto[];

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @IsUUID('all', { each: true, context: { rule: 'R-ORG-5' } })
  removeContractorIds?: string[];

  @ApiPropertyOptional({ type: [DepartmentDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => DepartmentDto)
  addDepartments?: DepartmentDto[];
}

export class RenewalDto {
  @ApiProperty() @NestedObject(() => SecurityDto, { context: { rule: 'R-ORG-8' } }) security!: SecurityDto;
}

export class PaidServiceNotificationDto {
  @ApiProperty({ description: 'R-ORG-9: kind of non-placement paid service' })
  @IsString()
  @MinLength(1, { context: { rule: 'R-ORG-9' } })
  @MaxLength(200)
  kind!: string;

  @ApiProperty({ description: 'R-ORG-9: price in yen' })
  @IsInt({ context: { rule: 'R-ORG-9' } })
  @Min(0, { context: { rule: 'R-ORG-9' } })
  @Max(INT32_MAX, { context: { rule: 'R-ORG-9' } })
  price!: number;
}

export class CreateUserDto {
  @ApiProperty() @Matches(/^[A-Za-z0-9._@-]{3,100}$/, { message: 'login is 3–100 letters, digits, . _ @ -' }) login!: string;
  @ApiProperty({ description: 'a department, office or contractor of the registration' }) @IsUUID() departmentId!: string;
  @ApiPropertyOptional({
    description: "the registration's administrator (token claim admin): manages users, files and amends reports (R-REP-1, R-REP-2)",
  })
  @IsOptional()
  @IsBoolean()
  admin?: boolean;
  @ApiPropertyOptional({
    description: "R-CMP-1 / R-ORG-7: the user is the registration's complaint officer (token claim complaintOfficer)",
  })
  @IsOptional()
  @IsBoolean()
  complaintOfficer?: boolean;
}
