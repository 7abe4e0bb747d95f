import { builder } from '../../builder';
import {
  AgeBucket,
  AssetType,
  AuditAction,
  AuditTargetType,
  BrandLiftStudyStatus,
  BusinessGoal,
  CampaignInfluencerStatus,
  CampaignStatus,
  ContactRole,
  Currency,
  FunnelStage,
  Gender,
  Kpi,
  MembershipRole,
  Platform,
  QuestionType,
  SurveyGroup,
  WizardStep,
} from '../../generated/prisma/client.ts';

// Every Prisma enum the API exposes, registered once under its Prisma name. Modules use the Prisma
// enum objects directly (`type: Platform`); Pothos resolves them to these registrations.
builder.enumType(AgeBucket, { name: 'AgeBucket', description: 'Coarse age bracket of an audience or respondent.' });
builder.enumType(AssetType, { name: 'AssetType' });
builder.enumType(AuditAction, { name: 'AuditAction', description: 'What was done to the target record.' });
builder.enumType(AuditTargetType, { name: 'AuditTargetType', description: 'Kind of record an audit entry is about.' });
builder.enumType(BrandLiftStudyStatus, { name: 'BrandLiftStudyStatus' });
builder.enumType(BusinessGoal, { name: 'BusinessGoal' });
builder.enumType(CampaignInfluencerStatus, { name: 'CampaignInfluencerStatus' });
builder.enumType(CampaignStatus, {
  name: 'CampaignStatus',
  description: 'DRAFT -> SUBMITTED -> APPROVED -> ACTIVE <-> PAUSED -> COMPLETED; any non-terminal -> CANCELLED.',
});
builder.enumType(ContactRole, { name: 'ContactRole' });
builder.enumType(Currency, { name: 'Currency', description: 'ISO 4217 currency of a money amount.' });
builder.enumType(FunnelStage, { name: 'FunnelStage' });
builder.enumType(Gender, { name: 'Gender' });
builder.enumType(Kpi, { name: 'Kpi', description: 'Brand lift key performance indicator.' });
builder.enumType(MembershipRole, { name: 'MembershipRole', description: 'Role of a member, from most to least powerful.' });
builder.enumType(Platform, { name: 'Platform', description: 'Social platform of a creator account.' });
builder.enumType(QuestionType, { name: 'QuestionType' });
builder.enumType(SurveyGroup, { name: 'SurveyGroup' });
builder.enumType(WizardStep, {
  name: 'WizardStep',
  description: 'The campaign wizard steps in order: DETAILS, OBJECTIVES, AUDIENCE, ASSETS, REVIEW.',
});
