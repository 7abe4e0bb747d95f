import { pino } from 'pino';
import { env } from './env';

// Structured JSON logs. Tokens and personal data are never logged: log ids, not payloads.
export const logger = pino({
  level: env().LOG_LEVEL,
  base: { service: 'influencer-api' },
  redact: ['req.headers.authorization', 'req.headers.cookie', 'headers.authorization'],
});
