/**
 * Who the user is, for Haptik's agents: the profile claims an identity token may carry (`name`, `email`,
 * `mobile_no`, `language_code`, a flat `custom_data`), checked the same way when minted and when verified,
 * and the sync that creates or updates the Haptik user with them at HAPTIK_USER_URL once per token. A
 * profile only ever comes from a verified token: nothing the browser sends unsigned reaches the user API.
 */
import type { ProxyConfig } from './config.js';
import { buildUpstreamRequest, discard, withinDeadline, type UpstreamFetch } from './upstream.js';
import { isRecord } from '../src/wire.js';

/** A value of `custom_data`: Haptik wants a flat object, so no objects or arrays. */
export type CustomDataValue = string | number | boolean | null;

/** What Haptik's user API takes about a user besides `auth_id` (its field names, as documented). */
export interface UserProfile {
  name?: string;
  email?: string;
  /** Digits, optionally after a `+`. */
  mobile_no?: string;
  /** ISO 639-1, e.g. `hi`: the language the bot answers in. */
  language_code?: string;
  custom_data?: Record<string, CustomDataValue>;
}

export const PROFILE_CLAIMS = ['name', 'email', 'mobile_no', 'language_code', 'custom_data'] as const;

const MAX_NAME_CHARS = 200;
const MAX_EMAIL_CHARS = 254;
const MAX_CUSTOM_KEYS = 50;
const MAX_CUSTOM_VALUE_CHARS = 1000;
const CONTROL = /\p{Cc}/u;
const EMAIL = /^[^\s@]+@[^\s@]+$/;
const MOBILE = /^\+?\d{4,20}$/;
const LANGUAGE = /^[a-z]{2}$/;
const CUSTOM_KEY = /^[A-Za-z0-9_.-]{1,64}$/;

/** Thrown for a claim that is not what the user API takes; the message names the claim. */
export class ProfileError extends TypeError {
  override readonly name = 'ProfileError';
}

const text = (claim: string, value: unknown, max: number): string => {
  if (typeof value !== 'string' || !value.trim() || value.length > max || CONTROL.test(value)) {
    throw new ProfileError(`${claim} must be text of 1–${max} characters, without control characters`);
  }
  return value.trim();
};

function customData(value: unknown): Record<string, CustomDataValue> {
  if (!isRecord(value)) throw new ProfileError('custom_data must be a flat object');
  const entries = Object.entries(value);
  if (entries.length > MAX_CUSTOM_KEYS)
    throw new ProfileError(`custom_data may have at most ${MAX_CUSTOM_KEYS} keys`);
  for (const [key, item] of entries) {
    if (!CUSTOM_KEY.test(key))
      throw new ProfileError(`custom_data key "${key.slice(0, 64)}" must be 1–64 of A–Z a–z 0–9 _ . -`);
    const flat =
      item === null ||
      typeof item === 'boolean' ||
      (typeof item === 'number' && Number.isFinite(item)) ||
      (typeof item === 'string' && item.length <= MAX_CUSTOM_VALUE_CHARS);
    if (!flat) {
      throw new ProfileError(
        `custom_data.${key} must be text (at most ${MAX_CUSTOM_VALUE_CHARS} characters), a number, true, false or null`,
      );
    }
  }
  return Object.fromEntries(entries) as Record<string, CustomDataValue>;
}

/**
 * The profile among a token's claims (or a mint call's options), checked; `undefined` when there is none.
 * Throws a ProfileError for a claim the user API would not take, so a bad profile fails where it is made.
 */
export function profileOf(claims: Readonly<Record<string, unknown>>): UserProfile | undefined {
  const profile: UserProfile = {};
  if (claims['name'] !== undefined) profile.name = text('name', claims['name'], MAX_NAME_CHARS);
  if (claims['email'] !== undefined) {
    const email = text('email', claims['email'], MAX_EMAIL_CHARS);
    if (!EMAIL.test(email)) throw new ProfileError('email must be an e-mail address');
    profile.email = email;
  }
  if (claims['mobile_no'] !== undefined) {
    const mobile = claims['mobile_no'];
    if (typeof mobile !== 'string' || !MOBILE.test(mobile)) {
      throw new ProfileError('mobile_no must be 4–20 digits, optionally after a +');
    }
    profile.mobile_no = mobile;
  }
  if (claims['language_code'] !== undefined) {
    const language = claims['language_code'];
    if (typeof language !== 'string' || !LANGUAGE.test(language)) {
      throw new ProfileError('language_code must be an ISO 639-1 code such as "en" or "hi"');
    }
    profile.language_code = language;
  }
  if (claims['custom_data'] !== undefined) profile.custom_data = customData(claims['custom_data']);
  return Object.keys(profile).length ? profile : undefined;
}

/** Sends one request to the user API; the proxy's upstream client, with the bot's credentials. */
export type UserApiCall = (
  method: 'POST' | 'PUT',
  payload: unknown,
  signal: AbortSignal,
) => Promise<Response>;

/** How a request's profile went: sent to Haptik now, already sent for this token, or not sent (it failed). */
export type UserSyncOutcome = 'synced' | 'cached' | 'failed';

/** Tokens whose profile Haptik has: enough for every token alive at once on a busy proxy. */
const DEFAULT_CACHE_SIZE = 10_000;

/**
 * Makes the sync: for each token (`tokenKey`, e.g. its signature) the profile is sent once — an update
 * (PUT), or, when Haptik does not know the user yet, a creation (POST) — and remembered once it succeeded,
 * in a bounded cache (the oldest forgotten first). Requests that carry the same token at once share one
 * sync. A failure is not remembered, so the next message tries again; the chat goes on either way.
 */
export function createUserSync(
  call: UserApiCall,
  { timeoutMs, cacheSize = DEFAULT_CACHE_SIZE }: { timeoutMs: number; cacheSize?: number },
) {
  const done = new Set<string>();
  const running = new Map<string, Promise<boolean>>();

  const send = (payload: unknown, deadline?: AbortSignal): Promise<boolean> =>
    withinDeadline(deadline, timeoutMs, async (signal) => {
      const updated = await call('PUT', payload, signal);
      await discard(updated);
      if (updated.ok) return true;
      // 401 is our credentials and 429 Haptik's limit: creating would fail the same way.
      if (updated.status < 400 || updated.status >= 500 || updated.status === 401 || updated.status === 429) {
        return false;
      }
      const created = await call('POST', payload, signal);
      await discard(created);
      return created.ok;
    });

  return async function syncUser(
    authId: string,
    profile: UserProfile,
    tokenKey: string,
    /** The request's deadline, which the message that follows shares (else `timeoutMs` of its own). */
    deadline?: AbortSignal,
  ): Promise<UserSyncOutcome> {
    if (done.has(tokenKey)) return 'cached';
    let sync = running.get(tokenKey);
    if (!sync) {
      sync = send({ auth_id: authId, ...profile }, deadline)
        .catch(() => false)
        .finally(() => running.delete(tokenKey));
      running.set(tokenKey, sync);
    }
    if (!(await sync)) return 'failed';
    if (!done.has(tokenKey)) {
      if (done.size >= cacheSize) done.delete(done.values().next().value as string);
      done.add(tokenKey);
    }
    return 'synced';
  };
}

export type UserSync = ReturnType<typeof createUserSync>;

/** The sync for a configuration, or `undefined` without HAPTIK_USER_URL (then profiles go nowhere). */
export function createProfileSync(
  config: Pick<ProxyConfig, 'userUrl' | 'token' | 'clientId' | 'upstreamTimeoutMs'>,
  doFetch: UpstreamFetch,
): UserSync | undefined {
  const { userUrl } = config;
  if (!userUrl) return undefined;
  return createUserSync(
    (method, payload, signal) => doFetch(userUrl, buildUpstreamRequest(config, payload, signal, method)),
    { timeoutMs: config.upstreamTimeoutMs },
  );
}
