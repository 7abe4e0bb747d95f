import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createUser } from '../../../test/factories';
import { runJob } from '../../../test/support/server-process';
import { db } from '../../lib/db/client';
import { handleClerkEvent } from '../webhooks/clerk-webhook.service';
import { eraseUserById } from './erasure.service';
import { clerkIdentityDeleter, deleteIdentitiesAfterErasure, deletePendingIdentities, type IdentityDeleter } from './identity-deletion';

/** A stand-in for Clerk's Backend API on loopback: answers DELETE /v1/users/:id with `statusFor(id)`. */
let server: Server;
let apiUrl: string;
const seen: { method: string; path: string; authorization: string | undefined }[] = [];
/** Answers other than 200 by user id: the status and Clerk's error code. */
const answerFor = new Map<string, { status: number; code: string }>();

beforeAll(async () => {
  server = createServer((request: IncomingMessage, response) => {
    const path = request.url ?? '';
    seen.push({ method: request.method ?? '', path, authorization: request.headers.authorization });
    const id = decodeURIComponent(path.split('/').at(-1) ?? '');
    const answer = answerFor.get(id);
    response.writeHead(answer?.status ?? 200, { 'content-type': 'application/json' });
    response.end(
      JSON.stringify(
        answer ? { errors: [{ code: answer.code, message: 'stand-in', long_message: 'stand-in' }] } : { id, object: 'user', deleted: true },
      ),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

const SECRET = 'sk_test_identity_deletion_0123456789';

/** A user erased here (as eraseMyAccount and eraseMember do): a tombstone still to delete at Clerk. */
async function erasedUser() {
  const user = await createUser();
  await eraseUserById(user.id, { actorId: user.id, reason: 'test' });
  return user.clerkUserId;
}

const tombstone = (clerkUserId: string) => db().user.findUniqueOrThrow({ where: { clerkUserId } });

describe('the Clerk Backend API deleter', () => {
  it('sends DELETE /v1/users/:id with the secret key; "user not found" counts as done; any other answer throws', async () => {
    const deleter = clerkIdentityDeleter({ CLERK_SECRET_KEY: SECRET, CLERK_API_URL: apiUrl })!;
    const [gone, missing, wrongPath, failing] = Array.from({ length: 4 }, () => `user_${randomUUID()}`);
    answerFor.set(missing!, { status: 404, code: 'resource_not_found' });
    answerFor.set(wrongPath!, { status: 404, code: 'not_found' }); // e.g. a proxy without this route
    answerFor.set(failing!, { status: 500, code: 'internal_clerk_error' });
    seen.length = 0;

    await deleter(gone!);
    expect(seen).toEqual([{ method: 'DELETE', path: `/v1/users/${gone}`, authorization: `Bearer ${SECRET}` }]);
    await expect(deleter(missing!)).resolves.toBeUndefined();
    await expect(deleter(wrongPath!)).rejects.toThrow();
    await expect(deleter(failing!)).rejects.toThrow();
  });

  it('is null without CLERK_SECRET_KEY (development keys: no account at Clerk)', () => {
    expect(clerkIdentityDeleter({ CLERK_SECRET_KEY: undefined, CLERK_API_URL: apiUrl })).toBeNull();
  });
});

describe('deleting erased users at Clerk', () => {
  it('deletes the tombstone’s account once and marks it; a second run does nothing', async () => {
    const clerkUserId = await erasedUser();
    expect(await tombstone(clerkUserId)).toMatchObject({ deletedAt: expect.any(Date), identityDeletedAt: null });
    const called: string[] = [];
    const deleter: IdentityDeleter = async (id) => void called.push(id);

    expect(await deletePendingIdentities(deleter, { clerkUserIds: [clerkUserId] })).toEqual({ deleted: 1, failed: 0 });
    expect(called).toEqual([clerkUserId]);
    expect((await tombstone(clerkUserId)).identityDeletedAt).toBeInstanceOf(Date);
    expect(await deletePendingIdentities(deleter, { clerkUserIds: [clerkUserId] })).toEqual({ deleted: 0, failed: 0 });
    expect(called).toHaveLength(1);
  });

  it('a failed call leaves it to do (the erasure stands), and a later run finishes it', async () => {
    const clerkUserId = await erasedUser();
    const down: IdentityDeleter = async () => {
      throw new Error('Clerk is down');
    };
    // Right after the erasure: a failure is logged, not thrown at the caller.
    expect(await deleteIdentitiesAfterErasure([clerkUserId], down)).toEqual({ deleted: 0, failed: 1 });
    expect((await tombstone(clerkUserId)).identityDeletedAt).toBeNull();
    expect(await deletePendingIdentities(async () => undefined, { clerkUserIds: [clerkUserId] })).toEqual({ deleted: 1, failed: 0 });
    expect((await tombstone(clerkUserId)).identityDeletedAt).toBeInstanceOf(Date);
  });

  it('tries the least recently tried first: an account that keeps failing does not hold up the next', async () => {
    const stuck = await erasedUser();
    const next = await erasedUser();
    const tried: string[] = [];
    const deleter: IdentityDeleter = async (id) => {
      tried.push(id);
      if (id === stuck) throw new Error('Clerk refuses this one');
    };
    const run = () => deletePendingIdentities(deleter, { clerkUserIds: [stuck, next], limit: 1 });
    expect(await run()).toEqual({ deleted: 0, failed: 1 });
    expect(await run()).toEqual({ deleted: 1, failed: 0 });
    expect(tried).toEqual([stuck, next]);
    expect((await tombstone(next)).identityDeletedAt).toBeInstanceOf(Date);
    expect((await tombstone(stuck)).identityDeletedAt).toBeNull();
  });

  it("Clerk's user.deleted needs no deletion there, and confirms one the erasure asked for", async () => {
    // Deleted at Clerk first: the webhook erases here, the tombstone is done already.
    const user = await createUser();
    await handleClerkEvent({ type: 'user.deleted', data: { id: user.clerkUserId, object: 'user', deleted: true } }, `msg_${randomUUID()}`);
    expect((await tombstone(user.clerkUserId)).identityDeletedAt).toBeInstanceOf(Date);
    // Erased here first: Clerk's webhook for our deletion marks the tombstone.
    const erased = await erasedUser();
    await handleClerkEvent({ type: 'user.deleted', data: { id: erased, object: 'user', deleted: true } }, `msg_${randomUUID()}`);
    expect((await tombstone(erased)).identityDeletedAt).toBeInstanceOf(Date);
  });

  it('runs as `npm run jobs:identity-deletions` against the Clerk API of CLERK_API_URL', async () => {
    const clerkUserId = await erasedUser();
    seen.length = 0;
    const run = (extra: Record<string, string>) => runJob('scripts/jobs/identity-deletions.ts', ['--limit=1000'], { CLERK_SECRET_KEY: '', ...extra });

    expect(await run({})).toEqual({ skipped: true, reason: 'CLERK_SECRET_KEY is not set' });
    const report = await run({ CLERK_SECRET_KEY: SECRET, CLERK_API_URL: apiUrl });
    expect(report).toMatchObject({ failed: 0 });
    expect(report.deleted).toBeGreaterThanOrEqual(1);
    expect(seen.map((s) => s.path)).toContain(`/v1/users/${clerkUserId}`);
    expect((await tombstone(clerkUserId)).identityDeletedAt).toBeInstanceOf(Date);
  });
});
