/** The request body Haptik documents, checked field by field and copied into a fresh object. */
import {
  AUTH_ID,
  MAX_MESSAGE_CHARS,
  isRecord,
  type HaptikEventsRequestBody,
  type HaptikRequestBody,
  type ProxyErrorCode,
} from '../src/wire.js';
import { ProxyError } from './responses.js';
export const MAX_REQUEST_BYTES = 16 * 1024;

/** The body Haptik documents, and nothing else (the wire contract's request body). */
export type HaptikBody = HaptikRequestBody;

/** Own data properties only, so nothing can come from a prototype. */
const field = (record: Record<string, unknown>, name: string): unknown =>
  Object.prototype.hasOwnProperty.call(record, name) ? record[name] : undefined;

const invalid = (code: ProxyErrorCode, message: string) => new ProxyError(400, code, message);

/**
 * Checks a parsed request body against the documented shape and returns a new object holding just
 * those fields, so extra keys, `__proto__` and nesting in the input cannot change what is sent.
 */
export function validateBody(value: unknown, allowedBusinessIds: readonly number[]): HaptikBody {
  if (!isRecord(value)) throw invalid('invalid_body', 'The body must be a JSON object.');
  const user = field(value, 'user');
  const authId = isRecord(user) ? field(user, 'auth_id') : undefined;
  if (typeof authId !== 'string' || !AUTH_ID.test(authId)) {
    throw invalid('invalid_auth_id', 'user.auth_id must be 1–128 letters, digits or ._:@+-');
  }
  const message = field(value, 'message_body');
  if (typeof message !== 'string' || message.trim() === '') {
    throw invalid('invalid_message_body', 'message_body must be a non-empty string.');
  }
  if (message.length > MAX_MESSAGE_CHARS) {
    throw invalid('invalid_message_body', `message_body must be at most ${MAX_MESSAGE_CHARS} characters.`);
  }
  if (field(value, 'message_type') !== 0) throw invalid('invalid_message_type', 'message_type must be 0.');
  const businessId = field(value, 'business_id');
  if (typeof businessId !== 'number' || !Number.isSafeInteger(businessId)) {
    throw invalid('invalid_business_id', 'business_id must be a whole number.');
  }
  if (!allowedBusinessIds.includes(businessId)) {
    throw new ProxyError(403, 'business_not_allowed', 'This business id is not served here.');
  }
  return { user: { auth_id: authId }, message_body: message, message_type: 0, business_id: businessId };
}

/**
 * Checks the body of an events request: the user and business exactly as a send names them, by the
 * same rules, copied into a new object.
 */
export function validateEventsBody(
  value: unknown,
  allowedBusinessIds: readonly number[],
): HaptikEventsRequestBody {
  if (!isRecord(value)) throw invalid('invalid_body', 'The body must be a JSON object.');
  // The send's own rules for the fields the two share; the message is not part of this request.
  const { user, business_id } = validateBody(
    {
      user: field(value, 'user'),
      business_id: field(value, 'business_id'),
      message_body: '-',
      message_type: 0,
    },
    allowedBusinessIds,
  );
  return { user, business_id };
}
