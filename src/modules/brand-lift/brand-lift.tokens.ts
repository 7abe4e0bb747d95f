import { randomBytes } from 'node:crypto';
import type { SurveyGroup } from '../../generated/prisma/client.ts';
import { ConfigError, DEV_SURVEY_BASE_URL, env } from '../../lib/env';
import { DomainError } from '../../lib/errors';
import { logger } from '../../lib/logger';
import { isUuid } from '../common/ids';
import { hmacSha256, signatureMatches } from '../../lib/hmac';

/**
 * Respondent links: `<payload>.<signature>`, both base64url. The payload is the compact JSON
 * `{"s": studyId, "g": "E"|"C", "e": expiry in epoch seconds}`; the signature is HMAC-SHA256 of
 * the payload text with SURVEY_TOKEN_SECRET, compared in constant time. The group a response is
 * counted in comes only from a verified token.
 */
export interface RespondentTokenClaims {
  studyId: string;
  group: SurveyGroup;
  expiresAt: Date;
}

export class RespondentTokenError extends DomainError {
  override readonly code: string = 'INVALID_TOKEN';
}
export class MalformedTokenError extends RespondentTokenError {
  override readonly code = 'MALFORMED_TOKEN';
  constructor() {
    super('The respondent token is malformed');
  }
}
export class BadTokenSignatureError extends RespondentTokenError {
  override readonly code = 'BAD_TOKEN_SIGNATURE';
  constructor() {
    super('The respondent token signature is invalid');
  }
}
export class ExpiredTokenError extends RespondentTokenError {
  override readonly code = 'TOKEN_EXPIRED';
  constructor() {
    super('The respondent token has expired');
  }
}

let fallbackSecret: string | undefined;

/** SURVEY_TOKEN_SECRET, or (outside production, where env.ts requires it) a per-process random one. */
export function surveyTokenSecret(): string {
  const settings = env();
  const configured = settings.SURVEY_TOKEN_SECRET;
  if (configured) return configured;
  if (settings.NODE_ENV === 'production') throw new ConfigError('SURVEY_TOKEN_SECRET is required in production');
  if (!fallbackSecret) {
    fallbackSecret = randomBytes(32).toString('hex');
    logger.warn('SURVEY_TOKEN_SECRET is not set: respondent links are signed with a per-process secret and stop working on restart');
  }
  return fallbackSecret;
}

const GROUP_CODE: Record<SurveyGroup, string> = { EXPOSED: 'E', CONTROL: 'C' };
const B64URL = /^[A-Za-z0-9_-]+$/;

export function issueRespondentToken(studyId: string, group: SurveyGroup, expiresAt: Date, secret = surveyTokenSecret()): string {
  const payload = Buffer.from(
    JSON.stringify({ s: studyId, g: GROUP_CODE[group], e: Math.floor(expiresAt.getTime() / 1000) }),
  ).toString('base64url');
  return `${payload}.${hmacSha256(secret, payload).toString('base64url')}`;
}

/** The respondent link of a token: SURVEY_BASE_URL with `token=<token>` added to its query. */
export function respondentUrl(token: string, base = env().SURVEY_BASE_URL ?? DEV_SURVEY_BASE_URL): string {
  const url = new URL(base);
  url.searchParams.set('token', token);
  return url.toString();
}

/** The claims of a token signed with our secret and not expired; typed errors otherwise. */
export function verifyRespondentToken(token: unknown, now = new Date(), secret = surveyTokenSecret()): RespondentTokenClaims {
  if (typeof token !== 'string' || token.length > 512) throw new MalformedTokenError();
  const parts = token.split('.');
  if (parts.length !== 2 || !B64URL.test(parts[0]!) || !B64URL.test(parts[1]!)) throw new MalformedTokenError();
  const [payload, signature] = parts as [string, string];
  if (!signatureMatches(Buffer.from(signature, 'base64url'), hmacSha256(secret, payload))) throw new BadTokenSignatureError();
  let claims: { s?: unknown; g?: unknown; e?: unknown };
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as typeof claims;
  } catch {
    throw new MalformedTokenError();
  }
  const group = claims.g === 'E' ? 'EXPOSED' : claims.g === 'C' ? 'CONTROL' : null;
  if (typeof claims.s !== 'string' || !isUuid(claims.s) || !group || typeof claims.e !== 'number' || !Number.isInteger(claims.e)) {
    throw new MalformedTokenError();
  }
  if (claims.e * 1000 <= now.getTime()) throw new ExpiredTokenError();
  return { studyId: claims.s, group, expiresAt: new Date(claims.e * 1000) };
}
