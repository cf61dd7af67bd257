/**
 * Verified identity. The widget makes anonymous ids itself (`anon-` + a random UUID); a signed-in
 * user's id must come as a short-lived HS256 JWT from the host site's backend, `sub` = the user's id,
 * `aud` = `haptik-chat`.
 * `jose` does the signing and checking with Web Crypto, so this runs on Node and at the edge alike.
 */
import { SignJWT, jwtVerify } from 'jose';
import { MIN_IDENTITY_SECRET_LENGTH, type ProxyConfig } from './config.js';
import { PROFILE_CLAIMS, profileOf, type UserProfile } from './profile.js';
import { ProxyError } from './responses.js';
import { AUTH_ID } from '../src/wire.js';

/** The id the widget makes for a visitor who is not signed in. */
export const ANONYMOUS_ID = /^anon-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** A token may not be valid for longer than this, counted from now: "short-lived" is enforced. */
export const MAX_TOKEN_LIFETIME_SECONDS = 24 * 60 * 60;
const DEFAULT_TOKEN_LIFETIME_SECONDS = 60 * 60;
/**
 * The `aud` every identity token carries and the proxy requires: another service's JWT signed with a
 * reused secret (`aud: "billing-api"`, or none) is not a chat identity.
 */
const IDENTITY_AUDIENCE = 'haptik-chat';
const CLOCK_TOLERANCE_SECONDS = 5;
/** Room for a profile with custom data; the token travels in a request header. */
const MAX_TOKEN_CHARS = 8192;

const keyOf = (secret: string): Uint8Array => new TextEncoder().encode(secret);

/**
 * How long the token lives, and who the user is for Haptik's agents: the profile claims are signed into
 * the token, and the proxy sends them to Haptik's user API (HAPTIK_USER_URL) once per token.
 */
export interface MintOptions extends UserProfile {
  /** Seconds until the token expires (default 3600, at most 86400). */
  expiresInSeconds?: number;
}

/**
 * Mints the identity token for a signed-in user. Call it on your server, with the same secret as the
 * proxy's HAPTIK_IDENTITY_SECRET, and give the result to the widget's `auth-token` attribute.
 */
export async function mintIdentityToken(
  userId: string,
  secret: string,
  options: MintOptions = {},
): Promise<string> {
  if (!AUTH_ID.test(userId)) throw new TypeError('userId must be 1–128 letters, digits or ._:@+-');
  if (secret.length < MIN_IDENTITY_SECRET_LENGTH) {
    throw new TypeError(`secret must be at least ${MIN_IDENTITY_SECRET_LENGTH} characters`);
  }
  const lifetime = options.expiresInSeconds ?? DEFAULT_TOKEN_LIFETIME_SECONDS;
  if (!Number.isInteger(lifetime) || lifetime < 1 || lifetime > MAX_TOKEN_LIFETIME_SECONDS) {
    throw new RangeError(`expiresInSeconds must be a whole number from 1 to ${MAX_TOKEN_LIFETIME_SECONDS}`);
  }
  const claims: Record<string, unknown> = {};
  for (const claim of PROFILE_CLAIMS) if (options[claim] !== undefined) claims[claim] = options[claim];
  const profile = profileOf(claims) ?? {};
  const now = Math.floor(Date.now() / 1000);
  const token = await new SignJWT({ ...profile })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(userId)
    .setAudience(IDENTITY_AUDIENCE)
    .setIssuedAt(now)
    .setExpirationTime(now + lifetime)
    .sign(keyOf(secret));
  if (token.length > MAX_TOKEN_CHARS) {
    throw new RangeError(
      `the token would be ${token.length} characters, over ${MAX_TOKEN_CHARS}: less custom_data`,
    );
  }
  return token;
}

/** What a verified token says: the user id, the profile it carries, and a key naming this token. */
export interface VerifiedIdentity {
  sub: string;
  profile?: UserProfile | undefined;
  /** The token's signature: the same for the same token, and nothing secret. */
  tokenKey: string;
}

/** Verifies a token's signature, algorithm, audience and expiry; resolves with its user id or rejects. */
export async function verifyIdentityToken(token: string, key: Uint8Array): Promise<string> {
  return (await verifyIdentity(token, key)).sub;
}

/**
 * Verifies a token as {@link verifyIdentityToken} does, and reads its profile claims: a token whose
 * profile the user API would not take is refused as a whole (its issuer signed something wrong).
 */
export async function verifyIdentity(token: string, key: Uint8Array): Promise<VerifiedIdentity> {
  if (token.length > MAX_TOKEN_CHARS) throw new TypeError('token too long');
  const { payload } = await jwtVerify(token, key, {
    algorithms: ['HS256'],
    audience: IDENTITY_AUDIENCE,
    requiredClaims: ['sub', 'exp', 'aud'],
    clockTolerance: CLOCK_TOLERANCE_SECONDS,
  });
  const now = Math.floor(Date.now() / 1000);
  if (payload.exp! - now > MAX_TOKEN_LIFETIME_SECONDS + CLOCK_TOLERANCE_SECONDS) {
    throw new RangeError('token lives too long');
  }
  if (typeof payload.sub !== 'string' || !AUTH_ID.test(payload.sub)) throw new TypeError('bad sub');
  return { sub: payload.sub, profile: profileOf(payload), tokenKey: token.slice(token.lastIndexOf('.') + 1) };
}

/** The user id that goes upstream, and how the proxy came to trust it (for the log). */
export interface Identity {
  authId: string;
  kind: 'verified' | 'anonymous' | 'claimed';
  /** A verified token's profile claims, and the key naming that token: only ever from a signed token. */
  profile?: UserProfile | undefined;
  tokenKey?: string;
}

/** Decides which user id goes upstream: the token's `sub`, an anonymous id, or (opted in) the claimed one. */
type IdentityCheck = (claimedId: string, token: string | null) => Promise<Identity>;

/**
 * Makes the identity rule for a configuration. With a secret, a valid token's `sub` wins over whatever
 * the body claims, and without a token only anonymous ids pass. Without one, a token is refused (it
 * cannot be checked, so it must not look as if it were), and only anonymous ids pass unless the
 * operator opted in to trusting claimed ids, which the two settings together would contradict.
 */
export function createIdentityCheck(
  config: Pick<ProxyConfig, 'identitySecret' | 'trustClaimedIds'>,
): IdentityCheck {
  const { identitySecret, trustClaimedIds = false } = config;
  if (identitySecret !== undefined && trustClaimedIds) {
    throw new TypeError('trustClaimedIds cannot be combined with identitySecret');
  }
  const key = identitySecret === undefined ? undefined : keyOf(identitySecret);
  return async function checkIdentity(claimedId, token) {
    if (token === null) {
      if (ANONYMOUS_ID.test(claimedId)) return { authId: claimedId, kind: 'anonymous' };
      if (trustClaimedIds) return { authId: claimedId, kind: 'claimed' };
      throw key
        ? new ProxyError(403, 'identity_required', 'Sign in again to continue this chat.')
        : new ProxyError(403, 'anonymous_only', 'This chat is for anonymous visitors only.');
    }
    if (!key) throw new ProxyError(403, 'invalid_identity', 'This chat does not accept identity tokens.');
    try {
      const { sub, profile, tokenKey } = await verifyIdentity(token, key);
      return profile
        ? { authId: sub, kind: 'verified', profile, tokenKey }
        : { authId: sub, kind: 'verified' };
    } catch {
      throw new ProxyError(403, 'invalid_identity', 'Sign in again to continue this chat.');
    }
  };
}
