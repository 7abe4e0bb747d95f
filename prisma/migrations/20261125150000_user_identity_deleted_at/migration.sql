-- Erasure also deletes the account at Clerk (src/modules/privacy/identity-deletion.ts): the
-- tombstone of an erased user records when that happened; null while it is still to do.
ALTER TABLE "User" ADD COLUMN "identityDeletedAt" TIMESTAMP(3);
