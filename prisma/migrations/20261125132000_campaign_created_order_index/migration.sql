-- The campaigns connection's default order (createdAt DESC, id DESC) within an organization:
-- an ordered index scan lets PostgreSQL stop after the page instead of sorting every campaign of
-- the organization (and building the nested influencer/asset JSON for each) first.
CREATE INDEX "CampaignWizard_organizationId_createdAt_id_idx" ON "CampaignWizard"("organizationId", "createdAt", "id");
