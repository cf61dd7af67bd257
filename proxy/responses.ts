/** The proxy's responses: JSON only, never cached, never sniffed; errors in one shape. */
import type { ProxyErrorCode } from '../src/wire.js';

const JSON_HEADERS = {
  'content-type': 'application/json; charset=utf-8',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
} as const;

/** The text of each response this module made, so the Node adapter can write it without a web stream. */
const bodies = new WeakMap<Response, string>();

/** The body text of a response made here, if it was; undefined for any other response. */
export const knownBodyText = (response: Response): string | undefined => bodies.get(response);

/** A JSON response from text that is already JSON. */
export function jsonTextResponse(
  status: number,
  text: string,
  headers: Readonly<Record<string, string>> = {},
): Response {
  const response = new Response(text, { status, headers: { ...JSON_HEADERS, ...headers } });
  bodies.set(response, text);
  return response;
}

export const jsonResponse = (
  status: number,
  payload: unknown,
  headers?: Readonly<Record<string, string>>,
): Response => jsonTextResponse(status, JSON.stringify(payload), headers);

/** The one error shape a client ever sees. */
export function errorResponse(
  status: number,
  code: ProxyErrorCode,
  message: string,
  headers?: Readonly<Record<string, string>>,
): Response {
  return jsonResponse(status, { error: { code, message } }, headers);
}

/** A refusal with its status, code and client-facing message; thrown by checks, answered by the handler. */
export class ProxyError extends Error {
  override readonly name = 'ProxyError';
  constructor(
    readonly status: number,
    readonly code: ProxyErrorCode,
    message: string,
    readonly headers?: Readonly<Record<string, string>>,
  ) {
    super(message);
  }

  toResponse(): Response {
    return errorResponse(this.status, this.code, this.message, this.headers);
  }
}
