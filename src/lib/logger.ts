import { pino } from 'pino';
import { env } from './env';
import { traceLogFields } from './telemetry';

// Structured JSON logs. Tokens and personal data are never logged: log ids, not payloads.
export const logger = pino({
  level: env().LOG_LEVEL,
  base: { service: 'influencer-api' },
  redact: ['req.headers.authorization', 'req.headers.cookie', 'headers.authorization'],
  // trace_id/span_id of the active span while tracing runs (src/lib/telemetry.ts), so a log line
  // leads to its trace; nothing when tracing is off.
  mixin: traceLogFields,
});
