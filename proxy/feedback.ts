/**
 * Rating a conversation: the widget's `POST {path}/feedback`, checked like a message by the handler
 * (origin, widget header, size, identity, rate limits), its body checked here against Haptik's Log
 * Feedback API (`log_feedback_from_user`), then forwarded to HAPTIK_FEEDBACK_URL with the bot's token
 * and client id. Haptik's documented refusals become codes the widget can say plainly.
 */
import type { ProxyConfig } from './config.js';
import { ProxyError, jsonTextResponse } from './responses.js';
import {
  exchangeWithHaptik,
  readSmallJson,
  upstreamRefusal,
  type UpstreamFetch,
  type UpstreamResult,
} from './upstream.js';
import { checkAuthId, checkBusinessId, field, invalid } from './validate.js';
import { MAX_FEEDBACK_CHARS, isRecord, type HaptikFeedbackBody } from '../src/wire.js';

/** Checks a rating against the documented body and copies just those fields into a new object. */
export function validateFeedbackBody(
  value: unknown,
  allowedBusinessIds: readonly number[],
): HaptikFeedbackBody {
  if (!isRecord(value)) throw invalid('invalid_body', 'The body must be a JSON object.');
  const authId = checkAuthId(field(value, 'auth_id'), 'auth_id');
  const resolved = field(value, 'query_resolved');
  if (typeof resolved !== 'boolean') {
    throw invalid('invalid_feedback', 'query_resolved must be true or false.');
  }
  const rating = field(value, 'query_rating');
  if (typeof rating !== 'number' || !Number.isInteger(rating) || rating < 1 || rating > 5) {
    throw invalid('invalid_feedback', 'query_rating must be a whole number from 1 to 5.');
  }
  const comment = field(value, 'feedback');
  if (comment !== undefined && (typeof comment !== 'string' || comment.length > MAX_FEEDBACK_CHARS)) {
    throw invalid('invalid_feedback', `feedback must be text of at most ${MAX_FEEDBACK_CHARS} characters.`);
  }
  const businessId = checkBusinessId(field(value, 'business_id'), allowedBusinessIds);
  return {
    auth_id: authId,
    business_id: businessId,
    query_resolved: resolved,
    query_rating: rating,
    ...(comment?.trim() ? { feedback: comment } : {}),
  };
}

/** Maps Haptik's answer to what the widget may see; a refusal is thrown. */
async function mapAnswer(upstream: Response): Promise<Response> {
  const payload = await readSmallJson(upstream);
  if (upstream.ok) {
    if (isRecord(payload) && payload['success'] === true) return jsonTextResponse(201, '{"success":true}');
    throw new ProxyError(
      502,
      'upstream_invalid',
      'The rating service sent an answer that could not be read.',
    );
  }
  const message =
    isRecord(payload) && typeof payload['error_message'] === 'string' ? payload['error_message'] : '';
  // The documented refusals, by what Haptik says (the status of a duplicate is not documented).
  if (/duplicate/i.test(message)) {
    throw new ProxyError(409, 'duplicate_feedback', 'This conversation was rated within the last hour.');
  }
  if (upstream.status === 404 || /active conversation/i.test(message)) {
    throw new ProxyError(409, 'no_active_conversation', 'There is no conversation to rate.');
  }
  if (/not registered/i.test(message)) {
    throw new ProxyError(409, 'unknown_user', 'There is no conversation of this user to rate.');
  }
  throw upstreamRefusal(upstream);
}

/** Forwards one checked rating to Haptik, within `upstreamTimeoutMs`, and says what to answer. */
export type SendFeedback = (body: HaptikFeedbackBody) => Promise<UpstreamResult>;

export function createFeedbackClient(
  url: string,
  config: Pick<ProxyConfig, 'token' | 'clientId' | 'upstreamTimeoutMs'>,
  doFetch: UpstreamFetch,
): SendFeedback {
  return (body) =>
    exchangeWithHaptik(config, doFetch, undefined, async (call) => mapAnswer(await call(url, body)));
}
