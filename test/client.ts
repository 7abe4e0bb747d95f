import type { ExecutionResult } from 'graphql';
import type { Viewer } from '../src/lib/auth/viewer';
import { createApp, type App } from '../src/yoga';

/**
 * A GraphQL client that goes through the whole HTTP pipeline in-process (yoga.fetch): parsing,
 * validation, context, auth scopes, error masking. Pass a viewer to act as a signed-in user.
 */
export class TestClient {
  readonly app: App;
  constructor(viewer: Viewer | null = null) {
    this.app = createApp({ resolveViewer: async () => viewer, graphiql: false });
  }

  async fetch(path: string, init?: RequestInit): Promise<Response> {
    return this.app.fetch(new URL(path, 'http://localhost'), init);
  }

  async request<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<ExecutionResult<T> & { status: number }> {
    const response = await this.fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as ExecutionResult<T>;
    return { ...body, status: response.status };
  }

  /** Like request(), but fails the test on any GraphQL error. */
  async data<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>): Promise<T> {
    const result = await this.request<T>(query, variables);
    if (result.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(result.errors)}`);
    return result.data as T;
  }
}
