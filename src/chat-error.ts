/** Why a send failed: kept apart from client.ts so the launcher can export it without the HTTP code. */
import type { ProxyErrorCode } from './wire.js';

export type ChatErrorKind = 'offline' | 'timeout' | 'network' | 'http' | 'invalid-reply' | 'aborted';

/**
 * What a failed send reports: the proxy's error codes, and the widget's own `missing_business_id`
 * (the page left out `business-id`, so nothing was sent).
 */
export type ChatErrorCode = ProxyErrorCode | 'missing_business_id';

/**
 * Why a send failed. `kind` says how it failed; `code` is the proxy's reason when it gave one (e.g.
 * `identity_required`: set a fresh `auth-token`; `rate_limited`: wait). Only an `offline` failure is
 * certain not to have reached the bot.
 */
export class ChatError extends Error {
  override readonly name = 'ChatError';
  constructor(
    readonly kind: ChatErrorKind,
    message: string,
    readonly status?: number,
    readonly code?: ChatErrorCode,
  ) {
    super(message);
  }
}

/**
 * Whether a failed send may still have reached the bot, so sending it again could send it twice: yes
 * unless the browser was offline, the proxy refused it (4xx), or the proxy never got it to Haptik.
 */
export function mayHaveArrived({ kind, status = 0, code }: ChatError): boolean {
  if (kind === 'offline') return false;
  if (kind !== 'http') return true;
  return (
    status >= 500 && code !== 'misconfigured' && code !== 'upstream_auth' && code !== 'upstream_unreachable'
  );
}
