import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** What the seekers routes answer, as OpenAPI schemas (issue 15). Never personal data, except where the route says so. */
export class SeekerRegisteredView {
  @ApiProperty({ format: 'uuid' }) seekerId!: string;
  @ApiProperty({ description: 'R-SKR-1/3: provided to organisations' }) eligible!: boolean;
  @ApiPropertyOptional({ description: 'why not (e.g. STUDENT, NEW_GRADUATE_UNTIL_30_JUNE)' }) ineligibleReason?: string;
  @ApiPropertyOptional({ description: 'R-SKR-3: the job application is valid until this day' }) validUntil?: string;
}

export class SeekerStatusView extends SeekerRegisteredView {
  @ApiProperty({ enum: ['active', 'stopped', 'erased'] }) status!: string;
  @ApiPropertyOptional({ type: [String], enum: ['private-agencies', 'local-governments'] }) scope?: string[];
  @ApiPropertyOptional() termsVersion?: string;
  @ApiPropertyOptional({ description: 'the anonymised profile (R-SKR-5)', type: 'object', additionalProperties: true })
  profile?: Record<string, unknown>;
  @ApiPropertyOptional({ type: [String], description: 'R-SKR-6' }) blockedRegistrationIds?: string[];
  @ApiPropertyOptional({
    description: 'R-SKR-5: registration id → the fields disclosed to it',
    type: 'object',
    additionalProperties: { type: 'array', items: { type: 'string' } },
  })
  disclosures?: Record<string, string[]>;
}

export class SeekerIdView {
  @ApiProperty({ format: 'uuid' }) seekerId!: string;
}

export class SeekerStateChangedView extends SeekerIdView {
  @ApiProperty({ enum: ['active', 'stopped', 'erased'] }) status!: string;
}
