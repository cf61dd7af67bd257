/**
 * Who may call the proxy from a browser: its own origin, and origins listed in ALLOWED_ORIGINS
 * (exact match). Listed origins get CORS headers naming them; nobody ever gets `*`.
 */
import { IDENTITY_HEADER, LAST_EVENT_ID_HEADER, WIDGET_HEADER } from '../src/wire.js';
import { ProxyError } from './responses.js';

/** A listed cross-origin caller, or undefined for same-origin and non-browser callers. */
type CorsOrigin = string | undefined;

/** Throws a 403 unless the request is same-origin, from a listed origin, or not from a browser at all. */
export function checkCaller(request: Request, ownOrigin: string, allowed: readonly string[]): CorsOrigin {
  const origin = request.headers.get('origin');
  const listed = origin !== null && origin !== ownOrigin && allowed.includes(origin);
  if (origin !== null && origin !== ownOrigin && !listed) {
    throw new ProxyError(403, 'origin_not_allowed', 'This origin may not use the chat proxy.');
  }
  const site = request.headers.get('sec-fetch-site');
  if (site !== null && site !== 'same-origin' && !listed) {
    throw new ProxyError(403, 'origin_not_allowed', 'Cross-site requests are not allowed.');
  }
  if (request.headers.get(WIDGET_HEADER) !== '1') {
    throw new ProxyError(403, 'missing_widget_header', 'Requests must carry X-Haptik-Chat: 1.');
  }
  return listed ? origin : undefined;
}

/** Headers that let a listed origin read the answer; none for anyone else. */
export const corsHeaders = (origin: CorsOrigin): Record<string, string> =>
  origin
    ? {
        'access-control-allow-origin': origin,
        'access-control-expose-headers': 'retry-after, x-request-id',
        vary: 'origin',
      }
    : {};

/** Answers a CORS preflight: 204 for a listed origin asking to POST, 403 for anything else. */
export function preflight(request: Request, ownOrigin: string, allowed: readonly string[]): Response {
  const origin = request.headers.get('origin');
  if (origin === null || origin === ownOrigin || !allowed.includes(origin)) {
    throw new ProxyError(403, 'origin_not_allowed', 'This origin may not use the chat proxy.');
  }
  if (request.headers.get('access-control-request-method') !== 'POST') {
    throw new ProxyError(403, 'method_not_allowed', 'Only POST is allowed.');
  }
  return new Response(null, {
    status: 204,
    headers: {
      'access-control-allow-origin': origin,
      'access-control-allow-methods': 'POST',
      // Last-Event-ID: a listed origin's widget resumes its event stream.
      'access-control-allow-headers': `content-type, ${WIDGET_HEADER}, ${IDENTITY_HEADER}, ${LAST_EVENT_ID_HEADER}`,
      'access-control-max-age': '600',
      'cache-control': 'no-store',
      vary: 'origin, access-control-request-method, access-control-request-headers',
    },
  });
}
