/** Identity tokens: what the host backend mints, and everything the proxy refuses to believe. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SignJWT, UnsecuredJWT } from 'jose';
import { ProxyError } from '../../proxy/responses.js';
import {
  createIdentityCheck,
  mintIdentityToken,
  verifyIdentityToken,
  MAX_TOKEN_LIFETIME_SECONDS,
} from '../../proxy/identity.js';

const SECRET = 'a-secret-of-at-least-thirty-two-chars!';
const key = new TextEncoder().encode(SECRET);
const now = () => Math.floor(Date.now() / 1000);
const sign = (
  claims: { sub?: string; exp?: number; aud?: string | string[] | null },
  alg = 'HS256',
  secret = key,
) => {
  const jwt = new SignJWT({}).setProtectedHeader({ alg });
  if (claims.sub !== undefined) jwt.setSubject(claims.sub);
  if (claims.exp !== undefined) jwt.setExpirationTime(claims.exp);
  // Tokens are for this chat unless a test says otherwise (null: no audience at all).
  if (claims.aud !== null) jwt.setAudience(claims.aud ?? 'haptik-chat');
  return jwt.sign(secret);
};

describe('mintIdentityToken makes tokens the proxy accepts, and nothing it would refuse', () => {
  test('mints an HS256 token the proxy accepts, with the user id as sub and a short expiry', async () => {
    const token = await mintIdentityToken('user-42@shop.example', SECRET, { expiresInSeconds: 300 });
    const [header, payload] = token
      .split('.')
      .slice(0, 2)
      .map((part) => JSON.parse(Buffer.from(part, 'base64url').toString()) as Record<string, unknown>);
    assert.equal(header!['alg'], 'HS256');
    assert.equal(payload!['sub'], 'user-42@shop.example');
    assert.equal(payload!['aud'], 'haptik-chat', 'bound to this use');
    assert.ok(Math.abs((payload!['exp'] as number) - now() - 300) <= 2);
    assert.equal(await verifyIdentityToken(token, key), 'user-42@shop.example');
  });

  test('refuses an id the proxy would refuse, a short secret and a lifetime that is not short', async () => {
    await assert.rejects(mintIdentityToken('a b', SECRET), TypeError);
    await assert.rejects(mintIdentityToken('user-1', 'short'), TypeError);
    await assert.rejects(
      mintIdentityToken('user-1', SECRET, { expiresInSeconds: MAX_TOKEN_LIFETIME_SECONDS + 1 }),
      RangeError,
    );
    await assert.rejects(mintIdentityToken('user-1', SECRET, { expiresInSeconds: 0 }), RangeError);
  });
});

describe('verifyIdentityToken believes only a fresh HS256 token for this chat', () => {
  test('accepts a token for the haptik-chat audience and refuses one for another use, or for none', async () => {
    const exp = now() + 60;
    assert.equal(await verifyIdentityToken(await sign({ sub: 'user-1', exp }), key), 'user-1');
    assert.equal(
      await verifyIdentityToken(await sign({ sub: 'user-1', exp, aud: ['haptik-chat', 'other'] }), key),
      'user-1',
    );
    // Another service's JWT signed with a reused secret is not a chat identity.
    await assert.rejects(verifyIdentityToken(await sign({ sub: 'user-1', exp, aud: 'billing-api' }), key));
    await assert.rejects(verifyIdentityToken(await sign({ sub: 'user-1', exp, aud: null }), key));
  });

  test('refuses expired, forged, unsigned, wrongly signed and incomplete tokens', async () => {
    const refused: [string, Promise<string> | string][] = [
      ['expired', sign({ sub: 'user-1', exp: now() - 60 })],
      [
        'signed with another secret',
        sign({ sub: 'user-1', exp: now() + 60 }, 'HS256', new TextEncoder().encode(`${SECRET}-other`)),
      ],
      ['alg none', new UnsecuredJWT({ sub: 'user-1', exp: now() + 60 }).encode()],
      ['HS512 with the same secret', sign({ sub: 'user-1', exp: now() + 60 }, 'HS512')],
      ['without exp', sign({ sub: 'user-1' })],
      ['without sub', sign({ exp: now() + 60 })],
      [
        'valid for longer than a day',
        sign({ sub: 'user-1', exp: now() + MAX_TOKEN_LIFETIME_SECONDS + 3600 }),
      ],
      ['with an unsafe sub', sign({ sub: 'user 1\r\n', exp: now() + 60 })],
      [
        'tampered payload',
        (async () => {
          const [header, , signature] = (await sign({ sub: 'user-1', exp: now() + 60 })).split('.');
          const payload = Buffer.from(JSON.stringify({ sub: 'admin', exp: now() + 60 })).toString(
            'base64url',
          );
          return `${header}.${payload}.${signature}`;
        })(),
      ],
      ['garbage', 'not.a.token'],
      ['oversized', `${'a'.repeat(3000)}.b.c`],
    ];
    for (const [name, token] of refused) {
      await assert.rejects(verifyIdentityToken(await token, key), `${name} was accepted`);
    }
  });
});

describe('who the proxy says is chatting: a verified, an anonymous or (opted in) a claimed id', () => {
  const refusedWith = (code: string) => (error: unknown) =>
    error instanceof ProxyError && error.status === 403 && error.code === code;
  const anonymous = 'anon-1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed';

  test('with a secret, a valid token decides the id and an anonymous id passes without one', async () => {
    const check = createIdentityCheck({ identitySecret: SECRET });
    const token = await mintIdentityToken('user-42', SECRET);
    assert.deepEqual(await check('anon-00000000-0000-4000-8000-000000000000', token), {
      authId: 'user-42',
      kind: 'verified',
    });
    assert.deepEqual(await check('someone-else', token), { authId: 'user-42', kind: 'verified' });
    assert.deepEqual(await check(anonymous, null), { authId: anonymous, kind: 'anonymous' });
  });

  test('with a secret, a signed-in id needs a valid token, and an anon- id must really be a UUID', async () => {
    const check = createIdentityCheck({ identitySecret: SECRET });
    await assert.rejects(check('user-42', null), refusedWith('identity_required'));
    await assert.rejects(check('anon-admin', null), refusedWith('identity_required'));
    await assert.rejects(
      check('user-42', await mintIdentityToken('user-42', `${SECRET}-other`)),
      refusedWith('invalid_identity'),
    );
  });

  test('by default, without a secret, only anonymous ids pass: a claimed id is nobody proven', async () => {
    const check = createIdentityCheck({});
    assert.deepEqual(await check(anonymous, null), { authId: anonymous, kind: 'anonymous' });
    await assert.rejects(check('alice@victim.example', null), refusedWith('anonymous_only'));
    await assert.rejects(check('anon-admin', null), refusedWith('anonymous_only'));
    await assert.rejects(
      check(anonymous, await mintIdentityToken('user-42', SECRET)),
      refusedWith('invalid_identity'),
      'a token cannot be checked, so it must not look as if it were',
    );
  });

  test('claimed ids are trusted only when the operator opts in, and never with a secret', async () => {
    const check = createIdentityCheck({ trustClaimedIds: true });
    assert.deepEqual(await check('user-42', null), { authId: 'user-42', kind: 'claimed' });
    assert.deepEqual(await check(anonymous, null), { authId: anonymous, kind: 'anonymous' });
    await assert.rejects(
      check('user-42', await mintIdentityToken('user-42', SECRET)),
      refusedWith('invalid_identity'),
    );
    assert.throws(() => createIdentityCheck({ identitySecret: SECRET, trustClaimedIds: true }), TypeError);
  });
});
