import type { YogaInitialContext } from 'graphql-yoga';
import type { Viewer } from './lib/auth/viewer';

/** Small, read-only request context. The Prisma client is deliberately not on it (see README). */
export interface Context {
  requestId: string;
  viewer: Viewer | null;
}

export type ServerContext = YogaInitialContext & Context;
