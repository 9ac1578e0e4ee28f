import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DISCLOSABLE_FIELDS } from '@hw/registration/domain';

/** What the seekers routes answer, as OpenAPI schemas (issue 15). Never personal data, except where the route says so. */
export class SeekerRegisteredView {
  @ApiProperty({ format: 'uuid' }) seekerId!: string;
  @ApiProperty({ description: 'R-SKR-1/3: provided to organisations' }) eligible!: boolean;
  @ApiPropertyOptional({ description: 'why not (e.g. STUDENT, NEW_GRADUATE_UNTIL_30_JUNE)' }) ineligibleReason?: string;
  @ApiPropertyOptional({ description: 'R-SKR-3: the job application is valid until this day' }) validUntil?: string;
}

/** Once erased (R-AUD-2) only { seekerId, status: erased }: every other field is absent. */
export class SeekerStatusView {
  @ApiProperty({ format: 'uuid' }) seekerId!: string;
  @ApiProperty({ enum: ['active', 'stopped', 'erased'] }) status!: string;
  @ApiPropertyOptional({ description: 'R-SKR-1/3: provided to organisations (absent once erased)' }) eligible?: boolean;
  @ApiPropertyOptional({ description: 'why not (e.g. STUDENT, NEW_GRADUATE_UNTIL_30_JUNE)' }) ineligibleReason?: string;
  @ApiPropertyOptional({ description: 'R-SKR-3: the job application is valid until this day' }) validUntil?: string;
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

const SCOPES = ['private-agencies', 'local-governments'];

export class SeekerScopeView extends SeekerIdView {
  @ApiProperty({ type: [String], enum: SCOPES, description: 'R-SKR-2: the provision scope now in force' }) scope!: string[];
}

export class SeekerActivityView extends SeekerIdView {
  @ApiProperty({ description: "R-SKR-3: the activity fell in the application's last month and extended it" }) extended!: boolean;
  @ApiPropertyOptional({ description: 'the new last day of the application, when extended' }) validUntil?: string;
}

export class SeekerPlacedView extends SeekerIdView {
  @ApiProperty({ description: 'always false: a placed seeker is no longer provided (R-SKR-3)' }) eligible!: boolean;
  @ApiProperty({ enum: ['PLACED'], description: 'R-SKR-3: placement makes the application invalid' }) ineligibleReason!: string;
}

export class SeekerBlockedView extends SeekerIdView {
  @ApiProperty({ description: 'R-SKR-6: the registration now blocked' }) blocked!: string;
}

export class SeekerUnblockedView extends SeekerIdView {
  @ApiProperty({ description: 'R-SKR-6: the registration no longer blocked' }) unblocked!: string;
}

export class SeekerDisclosedView extends SeekerIdView {
  @ApiProperty({ description: 'R-SKR-5: the only registration that may read the fields' }) registrationId!: string;
  @ApiProperty({ type: [String], enum: DISCLOSABLE_FIELDS, description: 'the fields disclosed (names only; the values stay sealed)' })
  fields!: string[];
}

export class SeekerDisclosureWithdrawnView extends SeekerIdView {
  @ApiProperty({ description: 'R-SKR-5: the registration that reads nothing more' }) withdrawn!: string;
}

/** The seeker's personal data (R-STF-2: served only by GET …/personal-data, each read recorded). */
export class PersonalDataView {
  @ApiProperty({ example: '13010-12345678' }) jobSeekerNumber!: string;
  @ApiProperty() name!: string;
  @ApiPropertyOptional() nameKana?: string;
  @ApiProperty({ example: '1990-04-01' }) birthDate!: string;
  @ApiProperty() address!: string;
  @ApiProperty() phone!: string;
  @ApiProperty() email!: string;
}

export class SeekerPersonalDataView extends SeekerIdView {
  @ApiProperty({ type: PersonalDataView, description: 'decrypted with the seeker’s key; the read was recorded first (R-STF-2)' })
  personalData!: PersonalDataView;
}

/** R-SKR-5: only the fields the seeker disclosed to the reading registration; the others are absent. */
export class DisclosedPersonalDataView {
  @ApiPropertyOptional() name?: string;
  @ApiPropertyOptional() phone?: string;
  @ApiPropertyOptional() email?: string;
  @ApiPropertyOptional() address?: string;
}

export class DisclosureReadView {
  @ApiProperty({ description: 'the reference the registration asked with (never the seeker id)' }) seekerRef!: string;
  @ApiProperty({ type: [String], enum: DISCLOSABLE_FIELDS, description: 'the fields disclosed to this registration' }) fields!: string[];
  @ApiProperty({ type: DisclosedPersonalDataView }) personalData!: DisclosedPersonalDataView;
  @ApiProperty({ format: 'date-time', description: 'when the read was recorded (R-SKR-5)' }) readAt!: string;
}
