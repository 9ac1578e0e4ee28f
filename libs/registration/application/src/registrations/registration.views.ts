import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/**
 * What the registrations routes answer, as OpenAPI schemas (issue 15: a response schema for each
 * status). The controller's `view()` builds RegistrationView; these classes only describe it.
 */
export class OfficerView {
  @ApiProperty() name!: string;
  @ApiProperty() department!: string;
  @ApiProperty() phone!: string;
  @ApiProperty() email!: string;
}

export class DepartmentView {
  @ApiProperty({ format: 'uuid' }) departmentId!: string;
  @ApiProperty() name!: string;
  @ApiPropertyOptional({ description: 'R-ORG-3: branch number of an office sharing the permit number' }) branchNumber?: string;
  @ApiPropertyOptional() mainOffice?: boolean;
}

export class ContractorView {
  @ApiProperty({ format: 'uuid' }) contractorId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ example: '13-ユ-654321' }) permitNumber!: string;
}

export class SecurityView {
  @ApiProperty() antivirusDefinitionsCurrent!: boolean;
  @ApiProperty() automaticScanEnabled!: boolean;
}

export class SuspensionView {
  @ApiProperty({ enum: ['own-request', 'sanction'], description: 'why it is suspended (R-ORG-1)' }) reason!: string;
  @ApiPropertyOptional({ description: 'a sanction until this instant, then it resumes by itself' }) until?: string;
}

export class PendingChangeView {
  @ApiProperty({ format: 'uuid' }) changeId!: string;
  @ApiProperty({
    description: 'the requested officers, contractors and departments (R-ORG-5, R-ORG-7)',
    type: 'object',
    additionalProperties: true,
  })
  change!: Record<string, unknown>;
}

export class PaidServiceNotificationView {
  @ApiProperty({ format: 'uuid' }) notificationId!: string;
  @ApiProperty() kind!: string;
  @ApiProperty() price!: number;
  @ApiProperty() filedAt!: string;
}

export class RegistrationView {
  @ApiProperty({ format: 'uuid' }) registrationId!: string;
  @ApiProperty({ enum: ['submitted', 'rejected', 'active', 'suspended', 'terminated', 'expired'] }) status!: string;
  @ApiProperty({ description: 'the prefecture of the main office: its bureau decides (R-ORG-2)' }) prefecture!: string;
  @ApiProperty({ format: 'uuid' }) organisationId!: string;
  @ApiProperty() organisationName!: string;
  @ApiProperty({ enum: ['private-paid', 'private-free', 'local-government'] }) kind!: string;
  @ApiProperty({ enum: ['own', 'joint'] }) category!: string;
  @ApiPropertyOptional({ example: '13-ユ-123456' }) permitNumber?: string;
  @ApiPropertyOptional({ example: '131041' }) localGovernmentCode?: string;
  @ApiProperty({ type: [DepartmentView] }) departments!: DepartmentView[];
  @ApiProperty({ type: [ContractorView] }) contractors!: ContractorView[];
  @ApiProperty({ type: OfficerView, description: 'R-ORG-7: the approved contact officer' }) contactOfficer!: OfficerView;
  @ApiProperty({ type: OfficerView, description: 'R-ORG-7: the approved complaint officer' }) complaintOfficer!: OfficerView;
  @ApiPropertyOptional({ description: 'R-MSG-4: its number, 1, 2, 3 … (GET …/complaint-officer/{version})' })
  complaintOfficerVersion?: number;
  @ApiProperty({ type: SecurityView }) security!: SecurityView;
  @ApiPropertyOptional() usagePeriodEndsAt?: string;
  @ApiPropertyOptional({ type: SuspensionView }) suspension?: SuspensionView;
  @ApiPropertyOptional({ type: PendingChangeView }) pendingChange?: PendingChangeView;
  @ApiProperty() renewalRequested!: boolean;
  @ApiProperty() suspensionRequested!: boolean;
  @ApiProperty({ type: [PaidServiceNotificationView] }) paidServiceNotifications!: PaidServiceNotificationView[];
}

export class ActivationCodeView {
  @ApiProperty() userId!: string;
  @ApiProperty() login!: string;
  @ApiProperty({ description: 'the one-time code the user sets a password with (POST /identity/activate)' }) activationCode!: string;
}

export class ApprovedRegistrationView extends RegistrationView {
  @ApiProperty({ type: ActivationCodeView, description: "the administrator's login and one-time activation code" })
  admin!: ActivationCodeView;
}

export class SubmittedView {
  @ApiProperty({ format: 'uuid' }) registrationId!: string;
  @ApiProperty({ enum: ['submitted'] }) status!: string;
}

export class ChangeRequestedView {
  @ApiProperty({ format: 'uuid' }) registrationId!: string;
  @ApiProperty({ format: 'uuid' }) changeId!: string;
  @ApiProperty({ enum: ['requested'] }) status!: string;
}

export class RegistrationCaseView {
  @ApiProperty({ format: 'uuid' }) registrationId!: string;
  @ApiProperty() prefecture!: string;
  @ApiProperty({ enum: ['private-paid', 'private-free', 'local-government'] }) organisationKind!: string;
  @ApiProperty({ enum: ['own', 'joint'] }) category!: string;
  @ApiProperty() organisationName!: string;
  @ApiProperty({ type: String, nullable: true }) permitNumber!: string | null;
  @ApiProperty({ type: String, nullable: true }) localGovernmentCode!: string | null;
  @ApiProperty() status!: string;
  @ApiProperty({ type: String, nullable: true, description: 'a request awaiting the bureau: change, renewal, suspension' }) pending!:
    string | null;
  @ApiProperty({ type: String, nullable: true }) usagePeriodEndsAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) sanctionUntil!: string | null;
}

export class RegistrationCasesView {
  @ApiProperty({ type: [RegistrationCaseView] }) items!: RegistrationCaseView[];
}

export class ComplaintOfficerView extends OfficerView {
  @ApiProperty({ format: 'uuid' }) registrationId!: string;
  @ApiProperty({ description: 'R-MSG-4: 1, 2, 3 …' }) version!: number;
}

export class PaidServiceFiledView {
  @ApiProperty({ format: 'uuid' }) registrationId!: string;
  @ApiProperty({ format: 'uuid' }) notificationId!: string;
}
