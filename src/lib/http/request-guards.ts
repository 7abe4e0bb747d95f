import { createGraphQLError, type Plugin } from 'graphql-yoga';

/**
 * Body types a GraphQL POST may have: the ones yoga parses as JSON. Neither is a CORS "simple"
 * content type, so a browser on another origin can only send them after a preflight, which the
 * CORS allow-list answers. That is the whole CSRF defence: form, multipart and text/plain bodies
 * (which any web page can post cross-site without a preflight) are refused before parsing.
 */
const JSON_MEDIA_TYPES = new Set(['application/json', 'application/graphql+json']);

function mediaTypeOf(request: Request): string {
  return (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
}

/**
 * CSRF prevention for POST /graphql: 400 unless the body is JSON. GET stays available for queries
 * (yoga answers 405 to a mutation over GET), so GET needs no custom header.
 *
 * Why not `@graphql-yoga/plugin-csrf-prevention`: it lets JSON POSTs through too, but it also
 * requires a custom header (x-graphql-yoga-csrf) on every GET and on every POST without a
 * content type, and answers 403; plain `curl` GET queries and simple clients would need the
 * header. Refusing the non-preflighted body types is the part that matters here: the API
 * authenticates with bearer tokens, never cookies, so a cross-site request carries no credentials,
 * and the remaining risk is a form on another site running a mutation.
 */
export function jsonOnlyPostPlugin(): Plugin {
  return {
    onRequestParse({ request }) {
      if (request.method !== 'POST') return;
      const mediaType = mediaTypeOf(request);
      if (JSON_MEDIA_TYPES.has(mediaType)) return;
      throw createGraphQLError('POST requests must have Content-Type: application/json.', {
        extensions: { code: 'BAD_REQUEST', http: { status: 400 } },
      });
    },
  };
}

function tooLarge(maxBytes: number) {
  return createGraphQLError(`Request body is larger than ${maxBytes} bytes.`, {
    extensions: { code: 'PAYLOAD_TOO_LARGE', http: { status: 413 } },
  });
}

/** Reads a body, failing as soon as it passes `maxBytes` (a lying or absent content-length too). */
export async function readBodyWithLimit(request: Request, maxBytes: number): Promise<Uint8Array<ArrayBuffer>> {
  const body = await readBodyUpTo(request, maxBytes);
  if (!body) throw tooLarge(maxBytes);
  return body;
}

/**
 * Reads a body, stopping (and cancelling the stream) as soon as it passes `maxBytes`: null then.
 * Counts the bytes as they stream in, so a lying or absent content-length changes nothing.
 */
export async function readBodyUpTo(request: Request, maxBytes: number): Promise<Uint8Array<ArrayBuffer> | null> {
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(value);
  }
  const body = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

/**
 * Request bodies above `maxBytes` get 413: at once on any path when content-length says so, and
 * for GraphQL requests also while the body streams in (chunked or understated bodies). yoga's own
 * parsers then parse the buffered copy.
 */
export function bodyLimitPlugin(maxBytes: number): Plugin {
  return {
    onRequest({ request, endResponse, fetchAPI }) {
      const length = Number(request.headers.get('content-length') ?? '0');
      if (Number.isFinite(length) && length > maxBytes) {
        endResponse(
          new fetchAPI.Response(
            JSON.stringify({ errors: [{ message: tooLarge(maxBytes).message, extensions: { code: 'PAYLOAD_TOO_LARGE' } }] }),
            { status: 413, headers: { 'content-type': 'application/json; charset=utf-8', connection: 'close' } },
          ),
        );
      }
    },
    onRequestParse({ request, requestParser, setRequestParser, fetchAPI }) {
      if (!requestParser || request.method === 'GET' || request.method === 'HEAD' || !request.body) return;
      setRequestParser(async (req) => {
        const body = await readBodyWithLimit(req, maxBytes);
        return requestParser(new fetchAPI.Request(req.url, { method: req.method, headers: req.headers, body }));
      });
    },
  };
}
