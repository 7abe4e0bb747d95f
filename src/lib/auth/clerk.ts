import { verifyToken } from '@clerk/backend';
import type { MembershipRole } from '../../generated/prisma/client.ts';
import type { Env } from '../env';
import { DEV_ISSUER, DEV_PUBLIC_KEY } from './dev-keys';

export type ClerkSettings = Pick<
  Env,
  | 'NODE_ENV'
  | 'CLERK_JWT_KEY'
  | 'CLERK_SECRET_KEY'
  | 'CLERK_ISSUER'
  | 'CLERK_AUTHORIZED_PARTIES'
  | 'CLERK_CLOCK_SKEW_MS'
>;

/** A verified Clerk session, reduced to what the API uses. Ids are Clerk's, not ours. */
export interface SessionClaims {
  clerkUserId: string;
  sessionId: string;
  /** The session's active organization; `role` is Clerk's (e.g. 'admin'), informative only. */
  org: { clerkOrgId: string; role: string | null; slug: string | null } | null;
  email?: string;
  name?: string;
}

export type AuthenticationFailure =
  | 'malformed'
  | 'algorithm'
  | 'signature'
  | 'expired'
  | 'not-yet-valid'
  | 'issuer'
  | 'authorized-party'
  | 'pending-session'
  | 'version'
  | 'claims'
  | 'revoked'
  | 'not-configured';

const MESSAGES: Record<AuthenticationFailure, string> = {
  malformed: 'not a well-formed session token',
  algorithm: 'unsupported signing algorithm',
  signature: 'invalid signature',
  expired: 'session token expired',
  'not-yet-valid': 'session token not valid yet',
  issuer: 'unexpected issuer',
  'authorized-party': 'unexpected authorized party',
  'pending-session': 'session is not active',
  version: 'unsupported session token version',
  claims: 'session token lacks required claims',
  revoked: 'user no longer exists',
  'not-configured': 'session tokens are not accepted by this server',
};

/** The caller's credentials are not acceptable: answered with 401, never masked. */
export class AuthenticationError extends Error {
  override name = 'AuthenticationError';
  constructor(
    readonly reason: AuthenticationFailure,
    message = MESSAGES[reason],
  ) {
    super(message);
  }
}

export type VerificationMode = 'jwt-key' | 'jwks' | 'dev' | 'none';

/** The public dev key is trusted only outside production and only when no Clerk key is set. */
export function verificationMode(settings: ClerkSettings): VerificationMode {
  if (settings.CLERK_JWT_KEY) return 'jwt-key';
  if (settings.CLERK_SECRET_KEY) return 'jwks';
  return settings.NODE_ENV === 'production' ? 'none' : 'dev';
}

// Clerk signs with RS256; RS384/RS512 pass this gate but @clerk/backend 3.x can verify them only
// through the JWKS (its PEM loader pins the key to RS256).
const ALGORITHMS = new Set(['RS256', 'RS384', 'RS512']);
const SEGMENT = /^[A-Za-z0-9_-]+$/;

function decodeSegment(segment: string): Record<string, unknown> {
  const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error('not an object');
  return value as Record<string, unknown>;
}

/** Our own header gate, before any key is touched: `none`, HMAC and `crit` never reach Clerk. */
function checkHeader(token: string): void {
  const parts = token.split('.');
  if (parts.length !== 3) throw new AuthenticationError('malformed');
  let header: Record<string, unknown>;
  try {
    header = decodeSegment(parts[0]!);
  } catch {
    throw new AuthenticationError('malformed', 'unreadable JWT header');
  }
  if (typeof header.alg !== 'string' || !ALGORITHMS.has(header.alg)) {
    throw new AuthenticationError('algorithm');
  }
  if (!parts.every((p) => SEGMENT.test(p))) throw new AuthenticationError('malformed');
  if (header.typ !== undefined && header.typ !== 'JWT') throw new AuthenticationError('malformed');
  // RFC 7515 4.1.11: extensions we do not understand must not be ignored (Clerk ignores them).
  if (header.crit !== undefined) throw new AuthenticationError('malformed', 'unsupported critical header');
}

const CLERK_REASONS: Record<string, AuthenticationFailure> = {
  'token-expired': 'expired',
  'token-not-active-yet': 'not-yet-valid',
  'token-iat-in-the-future': 'not-yet-valid',
  'token-invalid-issuer': 'issuer',
  'token-invalid-authorized-parties': 'authorized-party',
  'token-invalid-algorithm': 'algorithm',
  'token-invalid-signature': 'signature',
  'jwk-kid-mismatch': 'signature',
  'jwk-remote-missing': 'signature',
  'token-invalid': 'malformed',
  'token-verification-failed': 'claims',
};

/** Clerk reports failures with a `reason`; key-loading trouble (JWKS down, bad secret) is ours: 500. */
function translateClerkError(error: unknown): Error {
  const reason = (error as { reason?: unknown } | null)?.reason;
  const mapped = typeof reason === 'string' ? CLERK_REASONS[reason] : undefined;
  if (mapped) return new AuthenticationError(mapped);
  return error instanceof Error ? error : new Error(String(error));
}

const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);

function organizationOf(payload: Record<string, unknown>): SessionClaims['org'] {
  // v2 tokens: o: { id, rol, slg }; v1 tokens: org_id, org_role ('org:admin'), org_slug.
  const o = payload.o && typeof payload.o === 'object' ? (payload.o as Record<string, unknown>) : null;
  const clerkOrgId = o ? str(o.id) : str(payload.org_id);
  if (!clerkOrgId) return null;
  const role = o ? str(o.rol) : str(payload.org_role);
  return { clerkOrgId, role: role?.replace(/^org:/, '') ?? null, slug: o ? str(o.slg) : str(payload.org_slug) };
}

/**
 * Claims checked after verifyToken. `sts` (a pending session) and `v` (token version): Clerk never
 * checks them (measured). iss, azp, exp and nbf: verifyToken checks iss and azp only when told
 * (measured: it accepts any otherwise), and we tell it; they are checked again here so a missing
 * setting or a library change cannot switch a check off silently (defence in depth, not a gap).
 */
function checkClaims(payload: Record<string, unknown>, settings: ClerkSettings, issuer: string | undefined): void {
  if (issuer !== undefined && payload.iss !== issuer) throw new AuthenticationError('issuer');
  const parties = settings.CLERK_AUTHORIZED_PARTIES;
  if (parties && !(typeof payload.azp === 'string' && parties.includes(payload.azp))) {
    throw new AuthenticationError('authorized-party');
  }
  const now = Date.now();
  const skew = settings.CLERK_CLOCK_SKEW_MS;
  if (typeof payload.exp !== 'number' || payload.exp * 1000 <= now - skew) {
    throw new AuthenticationError('expired');
  }
  if (payload.nbf !== undefined && (typeof payload.nbf !== 'number' || payload.nbf * 1000 > now + skew)) {
    throw new AuthenticationError('not-yet-valid');
  }
  if (payload.sts !== undefined && payload.sts !== 'active') {
    throw new AuthenticationError('pending-session');
  }
  if (payload.v !== undefined && payload.v !== 1 && payload.v !== 2) {
    throw new AuthenticationError('version');
  }
}

/**
 * Tokens whose signature verified, with their payloads, per settings object (a key belongs to its
 * settings). A client sends one session token with every request until it renews it (Clerk's last
 * 60 s), and checking an RSA signature is the dearest step of a request's authentication: a token
 * seen before is not verified again. Everything that depends on the time (exp, nbf) or on settings
 * is still checked on every request (checkClaims); a token leaves when it has expired, and the
 * oldest when there are more than VERIFIED_MAX. The key is the whole token: any other bytes are
 * another token, verified from scratch.
 */
const verifiedTokens = new WeakMap<ClerkSettings, Map<string, Record<string, unknown>>>();
const VERIFIED_MAX = 10_000;

function rememberVerified(settings: ClerkSettings, token: string, payload: Record<string, unknown>): void {
  let tokens = verifiedTokens.get(settings);
  if (!tokens) verifiedTokens.set(settings, (tokens = new Map()));
  tokens.set(token, payload);
  if (tokens.size > VERIFIED_MAX) tokens.delete(tokens.keys().next().value!);
}

/**
 * Verifies a Clerk session token (signature with Clerk's key, or the public dev key outside
 * production) and returns its claims. Throws AuthenticationError for anything the caller got
 * wrong; other errors (JWKS unreachable) propagate as server faults.
 */
export async function verifySessionToken(token: string, settings: ClerkSettings): Promise<SessionClaims> {
  checkHeader(token);
  const mode = verificationMode(settings);
  if (mode === 'none') throw new AuthenticationError('not-configured');
  const issuer = mode === 'dev' ? DEV_ISSUER : settings.CLERK_ISSUER;
  let payload = verifiedTokens.get(settings)?.get(token);
  if (payload) {
    try {
      checkClaims(payload, settings, issuer);
    } catch (error) {
      verifiedTokens.get(settings)?.delete(token); // expired: it will not come back
      throw error;
    }
  } else {
    try {
      payload = await verifyToken(token, {
        ...(mode === 'jwks' ? { secretKey: settings.CLERK_SECRET_KEY } : {}),
        ...(mode === 'jwt-key' ? { jwtKey: settings.CLERK_JWT_KEY } : {}),
        ...(mode === 'dev' ? { jwtKey: DEV_PUBLIC_KEY } : {}),
        issuer,
        authorizedParties: settings.CLERK_AUTHORIZED_PARTIES,
        clockSkewInMs: settings.CLERK_CLOCK_SKEW_MS,
      });
    } catch (error) {
      throw translateClerkError(error);
    }
    checkClaims(payload, settings, issuer);
    rememberVerified(settings, token, payload);
  }
  const clerkUserId = str(payload.sub);
  const sessionId = str(payload.sid);
  if (!clerkUserId || !sessionId) throw new AuthenticationError('claims');
  const email = str(payload.email);
  const name = str(payload.name);
  return {
    clerkUserId,
    sessionId,
    org: organizationOf(payload),
    ...(email ? { email } : {}),
    ...(name ? { name } : {}),
  };
}

const ROLES: Record<string, MembershipRole> = {
  owner: 'OWNER',
  admin: 'ADMIN',
  member: 'MEMBER',
  basic_member: 'MEMBER',
  viewer: 'VIEWER',
  guest_member: 'VIEWER',
};

/** Clerk role key ('admin' or 'org:admin') to ours; unknown custom roles get the least power. */
export function membershipRoleFromClerk(role: string | null | undefined): MembershipRole {
  return ROLES[(role ?? '').replace(/^org:/, '')] ?? 'VIEWER';
}
