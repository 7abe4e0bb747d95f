-- CreateEnum
CREATE TYPE "MembershipRole" AS ENUM ('OWNER', 'ADMIN', 'MEMBER', 'VIEWER');

-- CreateEnum
CREATE TYPE "MembershipStatus" AS ENUM ('ACTIVE', 'INVITED', 'REMOVED');

-- CreateEnum
CREATE TYPE "Currency" AS ENUM ('USD', 'EUR', 'GBP', 'CAD', 'AUD', 'CHF', 'SEK', 'NOK', 'DKK', 'PLN', 'JPY', 'BRL', 'MXN', 'INR');

-- CreateEnum
CREATE TYPE "Kpi" AS ENUM ('AD_RECALL', 'BRAND_AWARENESS', 'CONSIDERATION', 'MESSAGE_ASSOCIATION', 'BRAND_PREFERENCE', 'PURCHASE_INTENT', 'ACTION_INTENT', 'RECOMMENDATION_INTENT', 'ADVOCACY');

-- CreateEnum
CREATE TYPE "Platform" AS ENUM ('INSTAGRAM', 'YOUTUBE', 'TIKTOK');

-- CreateEnum
CREATE TYPE "BusinessGoal" AS ENUM ('BRAND_AWARENESS', 'PRODUCT_LAUNCH', 'CONSIDERATION', 'CONVERSION', 'LOYALTY');

-- CreateEnum
CREATE TYPE "CampaignStatus" AS ENUM ('DRAFT', 'SUBMITTED', 'APPROVED', 'ACTIVE', 'PAUSED', 'COMPLETED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "WizardStep" AS ENUM ('DETAILS', 'OBJECTIVES', 'AUDIENCE', 'ASSETS', 'REVIEW');

-- CreateEnum
CREATE TYPE "AgeBucket" AS ENUM ('AGE_13_17', 'AGE_18_24', 'AGE_25_34', 'AGE_35_44', 'AGE_45_54', 'AGE_55_64', 'AGE_65_PLUS');

-- CreateEnum
CREATE TYPE "Gender" AS ENUM ('FEMALE', 'MALE', 'NON_BINARY', 'UNDISCLOSED');

-- CreateEnum
CREATE TYPE "ContactRole" AS ENUM ('PRIMARY', 'BILLING', 'CREATIVE', 'LEGAL', 'OTHER');

-- CreateEnum
CREATE TYPE "CampaignInfluencerStatus" AS ENUM ('INVITED', 'NEGOTIATING', 'CONTRACTED', 'DECLINED', 'DELIVERED');

-- CreateEnum
CREATE TYPE "AssetType" AS ENUM ('IMAGE', 'VIDEO');

-- CreateEnum
CREATE TYPE "FunnelStage" AS ENUM ('TOP', 'MID', 'BOTTOM');

-- CreateEnum
CREATE TYPE "BrandLiftStudyStatus" AS ENUM ('DRAFT', 'PENDING_APPROVAL', 'CHANGES_REQUESTED', 'APPROVED', 'COLLECTING', 'COMPLETED', 'ARCHIVED');

-- CreateEnum
CREATE TYPE "QuestionType" AS ENUM ('SINGLE_CHOICE', 'MULTIPLE_CHOICE');

-- CreateEnum
CREATE TYPE "SurveyGroup" AS ENUM ('EXPOSED', 'CONTROL');

-- CreateEnum
CREATE TYPE "SyncStatus" AS ENUM ('PENDING', 'SYNCED', 'FAILED');

-- CreateEnum
CREATE TYPE "AuditAction" AS ENUM ('CREATE', 'UPDATE', 'DELETE', 'STATUS_CHANGE', 'MEMBERSHIP_CHANGE', 'COMMENT', 'IMPORT', 'ERASE', 'EXPORT');

-- CreateEnum
CREATE TYPE "AuditTargetType" AS ENUM ('ORGANIZATION', 'MEMBERSHIP', 'USER', 'CAMPAIGN', 'CAMPAIGN_INFLUENCER', 'CREATIVE_ASSET', 'BRAND_LIFT_STUDY', 'BRAND_LIFT_QUESTION', 'BRAND_LIFT_COMMENT', 'BRAND_LIFT_RESPONSE', 'INFLUENCER_LIST', 'INFLUENCER_LIST_ITEM', 'MARKETPLACE_INFLUENCER');

-- CreateEnum
CREATE TYPE "WebhookSource" AS ENUM ('CLERK', 'INSIGHTIQ');

-- CreateTable
CREATE TABLE "User" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "clerkUserId" TEXT NOT NULL,
    "email" TEXT,
    "name" TEXT,
    "imageUrl" TEXT,
    "deletedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Organization" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "clerkOrgId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "dataRetentionDays" INTEGER NOT NULL DEFAULT 730,
    "deletedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Organization_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "UserOrganization" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "organizationId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "role" "MembershipRole" NOT NULL DEFAULT 'MEMBER',
    "status" "MembershipStatus" NOT NULL DEFAULT 'ACTIVE',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "UserOrganization_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CampaignWizard" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "organizationId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "brandName" TEXT,
    "businessGoal" "BusinessGoal",
    "description" TEXT,
    "startDate" DATE,
    "endDate" DATE,
    "timeZone" TEXT NOT NULL DEFAULT 'UTC',
    "budgetTotal" DECIMAL(14,2),
    "budgetSocial" DECIMAL(14,2),
    "currency" "Currency" NOT NULL DEFAULT 'USD',
    "primaryKpi" "Kpi",
    "platforms" "Platform"[],
    "keyMessage" TEXT,
    "callToAction" TEXT,
    "genders" "Gender"[],
    "languages" TEXT[],
    "interests" TEXT[],
    "currentStep" "WizardStep" NOT NULL DEFAULT 'DETAILS',
    "completedSteps" "WizardStep"[],
    "status" "CampaignStatus" NOT NULL DEFAULT 'DRAFT',
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdById" UUID NOT NULL,
    "submittedAt" TIMESTAMP(3),
    "approvedAt" TIMESTAMP(3),
    "activatedAt" TIMESTAMP(3),
    "completedAt" TIMESTAMP(3),
    "cancelledAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CampaignWizard_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CampaignContact" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "organizationId" UUID NOT NULL,
    "campaignId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "phone" TEXT,
    "role" "ContactRole" NOT NULL DEFAULT 'PRIMARY',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CampaignContact_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CampaignSecondaryKpi" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "organizationId" UUID NOT NULL,
    "campaignId" UUID NOT NULL,
    "kpi" "Kpi" NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CampaignSecondaryKpi_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CampaignAudienceAge" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "organizationId" UUID NOT NULL,
    "campaignId" UUID NOT NULL,
    "bucket" "AgeBucket" NOT NULL,
    "percentage" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CampaignAudienceAge_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CampaignLocation" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "organizationId" UUID NOT NULL,
    "campaignId" UUID NOT NULL,
    "countryCode" CHAR(2) NOT NULL,
    "region" TEXT,
    "city" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CampaignLocation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CampaignInfluencer" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "organizationId" UUID NOT NULL,
    "campaignId" UUID NOT NULL,
    "marketplaceInfluencerId" UUID NOT NULL,
    "status" "CampaignInfluencerStatus" NOT NULL DEFAULT 'INVITED',
    "agreedFee" DECIMAL(14,2),
    "feeCurrency" "Currency",
    "notes" TEXT,
    "addedById" UUID NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CampaignInfluencer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CreativeAsset" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "organizationId" UUID NOT NULL,
    "campaignId" UUID NOT NULL,
    "campaignInfluencerId" UUID,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "type" "AssetType" NOT NULL,
    "url" TEXT NOT NULL,
    "mimeType" TEXT NOT NULL,
    "sizeBytes" BIGINT NOT NULL,
    "width" INTEGER,
    "height" INTEGER,
    "durationSeconds" DECIMAL(10,3),
    "isActive" BOOLEAN NOT NULL DEFAULT true,
    "isPrimaryForBrandLift" BOOLEAN NOT NULL DEFAULT false,
    "createdById" UUID NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CreativeAsset_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BrandLiftStudy" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "organizationId" UUID NOT NULL,
    "campaignId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "funnelStage" "FunnelStage" NOT NULL,
    "primaryKpi" "Kpi" NOT NULL,
    "status" "BrandLiftStudyStatus" NOT NULL DEFAULT 'DRAFT',
    "targetSamplePerGroup" INTEGER NOT NULL DEFAULT 400,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdById" UUID NOT NULL,
    "launchedAt" TIMESTAMP(3),
    "completedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "BrandLiftStudy_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BrandLiftQuestion" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "organizationId" UUID NOT NULL,
    "studyId" UUID NOT NULL,
    "text" TEXT NOT NULL,
    "type" "QuestionType" NOT NULL,
    "position" INTEGER NOT NULL,
    "kpi" "Kpi" NOT NULL,
    "randomizeOptions" BOOLEAN NOT NULL DEFAULT false,
    "isMandatory" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "BrandLiftQuestion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BrandLiftQuestionOption" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "organizationId" UUID NOT NULL,
    "questionId" UUID NOT NULL,
    "text" TEXT NOT NULL,
    "imageUrl" TEXT,
    "position" INTEGER NOT NULL,
    "isPositive" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "BrandLiftQuestionOption_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BrandLiftComment" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "organizationId" UUID NOT NULL,
    "studyId" UUID NOT NULL,
    "questionId" UUID,
    "authorId" UUID NOT NULL,
    "body" TEXT NOT NULL,
    "resolvedAt" TIMESTAMP(3),
    "resolvedById" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "BrandLiftComment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BrandLiftResponse" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "organizationId" UUID NOT NULL,
    "studyId" UUID NOT NULL,
    "group" "SurveyGroup" NOT NULL,
    "respondentId" TEXT NOT NULL,
    "ageBucket" "AgeBucket",
    "gender" "Gender",
    "country" CHAR(2),
    "submittedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "BrandLiftResponse_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BrandLiftAnswer" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "organizationId" UUID NOT NULL,
    "responseId" UUID NOT NULL,
    "questionId" UUID NOT NULL,
    "optionId" UUID NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "BrandLiftAnswer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MarketplaceInfluencer" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "platform" "Platform" NOT NULL,
    "username" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "bio" TEXT,
    "avatarUrl" TEXT,
    "followers" INTEGER NOT NULL DEFAULT 0,
    "engagementRate" DECIMAL(7,6) NOT NULL DEFAULT 0,
    "isVerified" BOOLEAN NOT NULL DEFAULT false,
    "country" CHAR(2),
    "categories" TEXT[],
    "audienceQualityScore" DECIMAL(5,2),
    "searchVector" tsvector,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MarketplaceInfluencer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "InfluencerProfile" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "marketplaceInfluencerId" UUID NOT NULL,
    "avgLikes" INTEGER,
    "avgComments" INTEGER,
    "avgViews" INTEGER,
    "contentCategories" TEXT[],
    "score" DECIMAL(5,2),
    "scoreVersion" INTEGER,
    "scoreInputFollowers" INTEGER,
    "scoreInputEngagementRate" DECIMAL(7,6),
    "scoreInputAudienceQuality" DECIMAL(5,2),
    "scoreInputVerified" BOOLEAN,
    "scoreComputedAt" TIMESTAMP(3),
    "refreshedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "InfluencerProfile_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "InfluencerAudienceAge" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "profileId" UUID NOT NULL,
    "bucket" "AgeBucket" NOT NULL,
    "share" DECIMAL(7,6) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "InfluencerAudienceAge_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "InfluencerAudienceGender" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "profileId" UUID NOT NULL,
    "gender" "Gender" NOT NULL,
    "share" DECIMAL(7,6) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "InfluencerAudienceGender_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "InfluencerAudienceCountry" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "profileId" UUID NOT NULL,
    "countryCode" CHAR(2) NOT NULL,
    "share" DECIMAL(7,6) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "InfluencerAudienceCountry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "InsightIQMapping" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "marketplaceInfluencerId" UUID NOT NULL,
    "platform" "Platform" NOT NULL,
    "externalId" TEXT NOT NULL,
    "insightiqAccountId" TEXT,
    "insightiqUserId" TEXT,
    "workPlatformId" TEXT,
    "syncStatus" "SyncStatus" NOT NULL DEFAULT 'PENDING',
    "lastSyncedAt" TIMESTAMP(3),
    "lastError" TEXT,
    "rawPayload" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "InsightIQMapping_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "InfluencerList" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "organizationId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "createdById" UUID NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "InfluencerList_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "InfluencerListItem" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "organizationId" UUID NOT NULL,
    "listId" UUID NOT NULL,
    "marketplaceInfluencerId" UUID NOT NULL,
    "note" TEXT,
    "addedById" UUID NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "InfluencerListItem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditLog" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "organizationId" UUID NOT NULL,
    "actorId" UUID,
    "action" "AuditAction" NOT NULL,
    "targetType" "AuditTargetType" NOT NULL,
    "targetId" UUID NOT NULL,
    "before" JSONB,
    "after" JSONB,
    "requestId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AuditLog_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WebhookEvent" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "source" "WebhookSource" NOT NULL,
    "deliveryId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "processedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "WebhookEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "User_clerkUserId_key" ON "User"("clerkUserId");

-- CreateIndex
CREATE INDEX "User_email_idx" ON "User"("email");

-- CreateIndex
CREATE UNIQUE INDEX "Organization_clerkOrgId_key" ON "Organization"("clerkOrgId");

-- CreateIndex
CREATE UNIQUE INDEX "Organization_slug_key" ON "Organization"("slug");

-- CreateIndex
CREATE INDEX "UserOrganization_organizationId_status_role_idx" ON "UserOrganization"("organizationId", "status", "role");

-- CreateIndex
CREATE UNIQUE INDEX "UserOrganization_userId_organizationId_key" ON "UserOrganization"("userId", "organizationId");

-- CreateIndex
CREATE INDEX "CampaignWizard_organizationId_status_createdAt_idx" ON "CampaignWizard"("organizationId", "status", "createdAt");

-- CreateIndex
CREATE INDEX "CampaignWizard_organizationId_startDate_idx" ON "CampaignWizard"("organizationId", "startDate");

-- CreateIndex
CREATE INDEX "CampaignWizard_createdById_idx" ON "CampaignWizard"("createdById");

-- CreateIndex
CREATE UNIQUE INDEX "CampaignWizard_organizationId_name_key" ON "CampaignWizard"("organizationId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "CampaignWizard_organizationId_id_key" ON "CampaignWizard"("organizationId", "id");

-- CreateIndex
CREATE INDEX "CampaignContact_organizationId_campaignId_idx" ON "CampaignContact"("organizationId", "campaignId");

-- CreateIndex
CREATE INDEX "CampaignContact_campaignId_idx" ON "CampaignContact"("campaignId");

-- CreateIndex
CREATE INDEX "CampaignSecondaryKpi_organizationId_kpi_idx" ON "CampaignSecondaryKpi"("organizationId", "kpi");

-- CreateIndex
CREATE UNIQUE INDEX "CampaignSecondaryKpi_campaignId_kpi_key" ON "CampaignSecondaryKpi"("campaignId", "kpi");

-- CreateIndex
CREATE INDEX "CampaignAudienceAge_organizationId_campaignId_idx" ON "CampaignAudienceAge"("organizationId", "campaignId");

-- CreateIndex
CREATE UNIQUE INDEX "CampaignAudienceAge_campaignId_bucket_key" ON "CampaignAudienceAge"("campaignId", "bucket");

-- CreateIndex
CREATE INDEX "CampaignLocation_organizationId_countryCode_idx" ON "CampaignLocation"("organizationId", "countryCode");

-- CreateIndex
CREATE INDEX "CampaignLocation_campaignId_idx" ON "CampaignLocation"("campaignId");

-- CreateIndex
CREATE INDEX "CampaignInfluencer_organizationId_campaignId_status_idx" ON "CampaignInfluencer"("organizationId", "campaignId", "status");

-- CreateIndex
CREATE INDEX "CampaignInfluencer_marketplaceInfluencerId_idx" ON "CampaignInfluencer"("marketplaceInfluencerId");

-- CreateIndex
CREATE INDEX "CampaignInfluencer_addedById_idx" ON "CampaignInfluencer"("addedById");

-- CreateIndex
CREATE UNIQUE INDEX "CampaignInfluencer_campaignId_marketplaceInfluencerId_key" ON "CampaignInfluencer"("campaignId", "marketplaceInfluencerId");

-- CreateIndex
CREATE INDEX "CreativeAsset_organizationId_campaignId_isActive_idx" ON "CreativeAsset"("organizationId", "campaignId", "isActive");

-- CreateIndex
CREATE INDEX "CreativeAsset_campaignId_idx" ON "CreativeAsset"("campaignId");

-- CreateIndex
CREATE INDEX "CreativeAsset_campaignInfluencerId_isActive_idx" ON "CreativeAsset"("campaignInfluencerId", "isActive");

-- CreateIndex
CREATE INDEX "CreativeAsset_createdById_idx" ON "CreativeAsset"("createdById");

-- CreateIndex
CREATE INDEX "BrandLiftStudy_organizationId_campaignId_status_idx" ON "BrandLiftStudy"("organizationId", "campaignId", "status");

-- CreateIndex
CREATE INDEX "BrandLiftStudy_campaignId_idx" ON "BrandLiftStudy"("campaignId");

-- CreateIndex
CREATE INDEX "BrandLiftStudy_createdById_idx" ON "BrandLiftStudy"("createdById");

-- CreateIndex
CREATE INDEX "BrandLiftQuestion_organizationId_studyId_idx" ON "BrandLiftQuestion"("organizationId", "studyId");

-- CreateIndex
CREATE UNIQUE INDEX "BrandLiftQuestion_studyId_position_key" ON "BrandLiftQuestion"("studyId", "position");

-- CreateIndex
CREATE INDEX "BrandLiftQuestionOption_organizationId_questionId_idx" ON "BrandLiftQuestionOption"("organizationId", "questionId");

-- CreateIndex
CREATE UNIQUE INDEX "BrandLiftQuestionOption_questionId_position_key" ON "BrandLiftQuestionOption"("questionId", "position");

-- CreateIndex
CREATE INDEX "BrandLiftComment_organizationId_studyId_idx" ON "BrandLiftComment"("organizationId", "studyId");

-- CreateIndex
CREATE INDEX "BrandLiftComment_studyId_idx" ON "BrandLiftComment"("studyId");

-- CreateIndex
CREATE INDEX "BrandLiftComment_questionId_idx" ON "BrandLiftComment"("questionId");

-- CreateIndex
CREATE INDEX "BrandLiftComment_authorId_idx" ON "BrandLiftComment"("authorId");

-- CreateIndex
CREATE INDEX "BrandLiftComment_resolvedById_idx" ON "BrandLiftComment"("resolvedById");

-- CreateIndex
CREATE INDEX "BrandLiftResponse_organizationId_studyId_group_idx" ON "BrandLiftResponse"("organizationId", "studyId", "group");

-- CreateIndex
CREATE INDEX "BrandLiftResponse_organizationId_createdAt_idx" ON "BrandLiftResponse"("organizationId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "BrandLiftResponse_studyId_respondentId_key" ON "BrandLiftResponse"("studyId", "respondentId");

-- CreateIndex
CREATE INDEX "BrandLiftAnswer_organizationId_questionId_optionId_idx" ON "BrandLiftAnswer"("organizationId", "questionId", "optionId");

-- CreateIndex
CREATE INDEX "BrandLiftAnswer_questionId_idx" ON "BrandLiftAnswer"("questionId");

-- CreateIndex
CREATE INDEX "BrandLiftAnswer_optionId_idx" ON "BrandLiftAnswer"("optionId");

-- CreateIndex
CREATE UNIQUE INDEX "BrandLiftAnswer_responseId_optionId_key" ON "BrandLiftAnswer"("responseId", "optionId");

-- CreateIndex
CREATE INDEX "MarketplaceInfluencer_platform_followers_idx" ON "MarketplaceInfluencer"("platform", "followers");

-- CreateIndex
CREATE INDEX "MarketplaceInfluencer_followers_idx" ON "MarketplaceInfluencer"("followers");

-- CreateIndex
CREATE INDEX "MarketplaceInfluencer_engagementRate_idx" ON "MarketplaceInfluencer"("engagementRate");

-- CreateIndex
CREATE INDEX "MarketplaceInfluencer_country_idx" ON "MarketplaceInfluencer"("country");

-- CreateIndex
CREATE INDEX "MarketplaceInfluencer_categories_idx" ON "MarketplaceInfluencer" USING GIN ("categories");

-- CreateIndex
CREATE INDEX "MarketplaceInfluencer_searchVector_idx" ON "MarketplaceInfluencer" USING GIN ("searchVector");

-- CreateIndex
CREATE UNIQUE INDEX "InfluencerProfile_marketplaceInfluencerId_key" ON "InfluencerProfile"("marketplaceInfluencerId");

-- CreateIndex
CREATE UNIQUE INDEX "InfluencerAudienceAge_profileId_bucket_key" ON "InfluencerAudienceAge"("profileId", "bucket");

-- CreateIndex
CREATE UNIQUE INDEX "InfluencerAudienceGender_profileId_gender_key" ON "InfluencerAudienceGender"("profileId", "gender");

-- CreateIndex
CREATE UNIQUE INDEX "InfluencerAudienceCountry_profileId_countryCode_key" ON "InfluencerAudienceCountry"("profileId", "countryCode");

-- CreateIndex
CREATE UNIQUE INDEX "InsightIQMapping_marketplaceInfluencerId_key" ON "InsightIQMapping"("marketplaceInfluencerId");

-- CreateIndex
CREATE UNIQUE INDEX "InsightIQMapping_insightiqAccountId_key" ON "InsightIQMapping"("insightiqAccountId");

-- CreateIndex
CREATE UNIQUE INDEX "InsightIQMapping_platform_externalId_key" ON "InsightIQMapping"("platform", "externalId");

-- CreateIndex
CREATE INDEX "InfluencerList_createdById_idx" ON "InfluencerList"("createdById");

-- CreateIndex
CREATE UNIQUE INDEX "InfluencerList_organizationId_name_key" ON "InfluencerList"("organizationId", "name");

-- CreateIndex
CREATE INDEX "InfluencerListItem_organizationId_marketplaceInfluencerId_idx" ON "InfluencerListItem"("organizationId", "marketplaceInfluencerId");

-- CreateIndex
CREATE INDEX "InfluencerListItem_marketplaceInfluencerId_idx" ON "InfluencerListItem"("marketplaceInfluencerId");

-- CreateIndex
CREATE INDEX "InfluencerListItem_addedById_idx" ON "InfluencerListItem"("addedById");

-- CreateIndex
CREATE UNIQUE INDEX "InfluencerListItem_listId_marketplaceInfluencerId_key" ON "InfluencerListItem"("listId", "marketplaceInfluencerId");

-- CreateIndex
CREATE INDEX "AuditLog_organizationId_createdAt_idx" ON "AuditLog"("organizationId", "createdAt");

-- CreateIndex
CREATE INDEX "AuditLog_organizationId_targetType_targetId_idx" ON "AuditLog"("organizationId", "targetType", "targetId");

-- CreateIndex
CREATE INDEX "AuditLog_actorId_idx" ON "AuditLog"("actorId");

-- CreateIndex
CREATE INDEX "WebhookEvent_createdAt_idx" ON "WebhookEvent"("createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "WebhookEvent_source_deliveryId_key" ON "WebhookEvent"("source", "deliveryId");

-- AddForeignKey
ALTER TABLE "UserOrganization" ADD CONSTRAINT "UserOrganization_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UserOrganization" ADD CONSTRAINT "UserOrganization_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CampaignWizard" ADD CONSTRAINT "CampaignWizard_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CampaignWizard" ADD CONSTRAINT "CampaignWizard_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CampaignContact" ADD CONSTRAINT "CampaignContact_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CampaignContact" ADD CONSTRAINT "CampaignContact_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "CampaignWizard"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CampaignSecondaryKpi" ADD CONSTRAINT "CampaignSecondaryKpi_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CampaignSecondaryKpi" ADD CONSTRAINT "CampaignSecondaryKpi_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "CampaignWizard"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CampaignAudienceAge" ADD CONSTRAINT "CampaignAudienceAge_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CampaignAudienceAge" ADD CONSTRAINT "CampaignAudienceAge_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "CampaignWizard"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CampaignLocation" ADD CONSTRAINT "CampaignLocation_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CampaignLocation" ADD CONSTRAINT "CampaignLocation_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "CampaignWizard"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CampaignInfluencer" ADD CONSTRAINT "CampaignInfluencer_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CampaignInfluencer" ADD CONSTRAINT "CampaignInfluencer_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "CampaignWizard"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CampaignInfluencer" ADD CONSTRAINT "CampaignInfluencer_marketplaceInfluencerId_fkey" FOREIGN KEY ("marketplaceInfluencerId") REFERENCES "MarketplaceInfluencer"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CampaignInfluencer" ADD CONSTRAINT "CampaignInfluencer_addedById_fkey" FOREIGN KEY ("addedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CreativeAsset" ADD CONSTRAINT "CreativeAsset_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CreativeAsset" ADD CONSTRAINT "CreativeAsset_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "CampaignWizard"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CreativeAsset" ADD CONSTRAINT "CreativeAsset_campaignInfluencerId_fkey" FOREIGN KEY ("campaignInfluencerId") REFERENCES "CampaignInfluencer"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CreativeAsset" ADD CONSTRAINT "CreativeAsset_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BrandLiftStudy" ADD CONSTRAINT "BrandLiftStudy_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BrandLiftStudy" ADD CONSTRAINT "BrandLiftStudy_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "CampaignWizard"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BrandLiftStudy" ADD CONSTRAINT "BrandLiftStudy_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BrandLiftQuestion" ADD CONSTRAINT "BrandLiftQuestion_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BrandLiftQuestion" ADD CONSTRAINT "BrandLiftQuestion_studyId_fkey" FOREIGN KEY ("studyId") REFERENCES "BrandLiftStudy"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BrandLiftQuestionOption" ADD CONSTRAINT "BrandLiftQuestionOption_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BrandLiftQuestionOption" ADD CONSTRAINT "BrandLiftQuestionOption_questionId_fkey" FOREIGN KEY ("questionId") REFERENCES "BrandLiftQuestion"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BrandLiftComment" ADD CONSTRAINT "BrandLiftComment_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BrandLiftComment" ADD CONSTRAINT "BrandLiftComment_studyId_fkey" FOREIGN KEY ("studyId") REFERENCES "BrandLiftStudy"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BrandLiftComment" ADD CONSTRAINT "BrandLiftComment_questionId_fkey" FOREIGN KEY ("questionId") REFERENCES "BrandLiftQuestion"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BrandLiftComment" ADD CONSTRAINT "BrandLiftComment_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BrandLiftComment" ADD CONSTRAINT "BrandLiftComment_resolvedById_fkey" FOREIGN KEY ("resolvedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BrandLiftResponse" ADD CONSTRAINT "BrandLiftResponse_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BrandLiftResponse" ADD CONSTRAINT "BrandLiftResponse_studyId_fkey" FOREIGN KEY ("studyId") REFERENCES "BrandLiftStudy"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BrandLiftAnswer" ADD CONSTRAINT "BrandLiftAnswer_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BrandLiftAnswer" ADD CONSTRAINT "BrandLiftAnswer_responseId_fkey" FOREIGN KEY ("responseId") REFERENCES "BrandLiftResponse"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BrandLiftAnswer" ADD CONSTRAINT "BrandLiftAnswer_questionId_fkey" FOREIGN KEY ("questionId") REFERENCES "BrandLiftQuestion"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BrandLiftAnswer" ADD CONSTRAINT "BrandLiftAnswer_optionId_fkey" FOREIGN KEY ("optionId") REFERENCES "BrandLiftQuestionOption"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InfluencerProfile" ADD CONSTRAINT "InfluencerProfile_marketplaceInfluencerId_fkey" FOREIGN KEY ("marketplaceInfluencerId") REFERENCES "MarketplaceInfluencer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InfluencerAudienceAge" ADD CONSTRAINT "InfluencerAudienceAge_profileId_fkey" FOREIGN KEY ("profileId") REFERENCES "InfluencerProfile"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InfluencerAudienceGender" ADD CONSTRAINT "InfluencerAudienceGender_profileId_fkey" FOREIGN KEY ("profileId") REFERENCES "InfluencerProfile"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InfluencerAudienceCountry" ADD CONSTRAINT "InfluencerAudienceCountry_profileId_fkey" FOREIGN KEY ("profileId") REFERENCES "InfluencerProfile"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InsightIQMapping" ADD CONSTRAINT "InsightIQMapping_marketplaceInfluencerId_fkey" FOREIGN KEY ("marketplaceInfluencerId") REFERENCES "MarketplaceInfluencer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InfluencerList" ADD CONSTRAINT "InfluencerList_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InfluencerList" ADD CONSTRAINT "InfluencerList_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InfluencerListItem" ADD CONSTRAINT "InfluencerListItem_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InfluencerListItem" ADD CONSTRAINT "InfluencerListItem_listId_fkey" FOREIGN KEY ("listId") REFERENCES "InfluencerList"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InfluencerListItem" ADD CONSTRAINT "InfluencerListItem_marketplaceInfluencerId_fkey" FOREIGN KEY ("marketplaceInfluencerId") REFERENCES "MarketplaceInfluencer"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InfluencerListItem" ADD CONSTRAINT "InfluencerListItem_addedById_fkey" FOREIGN KEY ("addedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditLog" ADD CONSTRAINT "AuditLog_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditLog" ADD CONSTRAINT "AuditLog_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
