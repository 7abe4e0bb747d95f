-- AlterTable
ALTER TABLE "UserOrganization" ADD COLUMN     "clerkUpdatedAt" TIMESTAMP(3);
