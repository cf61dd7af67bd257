/** Rate limits: the token bucket, its memory bound, address keys, and the two keys the handler uses. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createHaptikProxy, type RequestContext } from '../../proxy/handler.js';
import {
  addressKey,
  bindingRateLimiter,
  createMemoryRateLimiter,
  type RateLimiter,
} from '../../proxy/rate-limit.js';
import type { UpstreamFetch } from '../../proxy/upstream.js';
import { anonId, chatBody } from './contract.js';

describe('the token bucket: a full minute at once, then a steady refill', () => {
  test('allows a full bucket at once, then one more per refill interval, with Retry-After until then', () => {
    let time = 0;
    const limiter = createMemoryRateLimiter({ perMinute: 30, now: () => time });
    for (let i = 0; i < 30; i++) assert.deepEqual(limiter.take('a'), { allowed: true });
    assert.deepEqual(limiter.take('a'), { allowed: false, retryAfterSeconds: 2 });
    assert.deepEqual(limiter.take('b'), { allowed: true }, 'each key has its own bucket');
    time += 1000;
    assert.deepEqual(limiter.take('a'), { allowed: false, retryAfterSeconds: 1 });
    time += 1000;
    assert.deepEqual(limiter.take('a'), { allowed: true });
    time += 60_000;
    for (let i = 0; i < 30; i++) assert.deepEqual(limiter.take('a'), { allowed: true });
    assert.equal(limiter.take('a').allowed, false, 'a bucket never holds more than a minute');
  });

  test('keeps a bounded number of keys however many clients come', () => {
    let time = 0;
    const limiter = createMemoryRateLimiter({ perMinute: 30, maxKeys: 1000, now: () => time });
    for (let i = 0; i < 50_000; i++) {
      limiter.take(`client-${i}`);
      time += 1;
    }
    assert.ok(limiter.size() <= 1000, `${limiter.size()} keys`);
  });

  test('a bucket that is holding a client back is not the one evicted when the map fills', () => {
    let time = 0;
    const limiter = createMemoryRateLimiter({ perMinute: 1, maxKeys: 100, now: () => time });
    assert.equal(limiter.take('victim').allowed, true);
    assert.equal(limiter.take('victim').allowed, false);
    for (let i = 0; i < 100; i += 1) {
      time += 1;
      limiter.take(`fresh-${i}`);
      limiter.take('victim');
    }
    assert.equal(limiter.take('victim').allowed, false, 'still limited after 100 other keys');
  });

  test('a Workers binding that says no becomes a refusal with its period as Retry-After', async () => {
    const limiter = bindingRateLimiter({ limit: async ({ key }) => ({ success: key !== 'blocked' }) });
    assert.deepEqual(await limiter.take('fine'), { allowed: true });
    assert.deepEqual(await limiter.take('blocked'), { allowed: false, retryAfterSeconds: 60 });
  });
});

describe('one client is one address bucket, however its address is written', () => {
  test('counts IPv6 clients by their /64 and IPv4-mapped addresses as IPv4', () => {
    assert.equal(addressKey('2001:db8:1:2:aaaa:bbbb:cccc:dddd'), '2001:db8:1:2::/64');
    assert.equal(addressKey('2001:db8:1:2::1'), addressKey('2001:0db8:0001:0002:ffff::9'));
    assert.equal(addressKey('2001:db8::1'), '2001:db8:0:0::/64');
    assert.equal(addressKey('::ffff:203.0.113.7'), '203.0.113.7');
    assert.equal(addressKey('203.0.113.7'), '203.0.113.7');
  });

  test('every spelling of one address gives one key, and what is not an address gives none', () => {
    // A port (from a forwarded header) must not make a new bucket per connection.
    assert.equal(addressKey('203.0.113.7:5678'), '203.0.113.7');
    assert.equal(addressKey('[2001:db8:1:2::1]:443'), '2001:db8:1:2::/64');
    assert.equal(addressKey('fe80::1%eth0'), 'fe80:0:0:0::/64');
    // IPv4-mapped IPv6 in any spelling is that IPv4 address, not one shared ::/64 bucket.
    assert.equal(addressKey('::ffff:102:304'), '1.2.3.4');
    assert.equal(addressKey('0:0:0:0:0:ffff:1.2.3.4'), '1.2.3.4');
    assert.notEqual(addressKey('::ffff:506:708'), addressKey('::ffff:102:304'));
    for (const junk of ['garbage', '999.1.1.1', '', '1.2.3', 'http://1.2.3.4/']) {
      assert.equal(addressKey(junk), undefined, junk);
    }
  });

  test('IPv6 forms that embed an IPv4 address are counted as that IPv4 address', () => {
    // IPv4-compatible (deprecated, but still parsed): two clients must not share the ::/64 bucket.
    assert.equal(addressKey('::1.2.3.4'), '1.2.3.4');
    assert.equal(addressKey('::5.6.7.8'), '5.6.7.8');
    assert.equal(addressKey('::0102:0304'), '1.2.3.4');
    // NAT64 (RFC 6052 well-known prefix 64:ff9b::/96).
    assert.equal(addressKey('64:ff9b::203.0.113.7'), '203.0.113.7');
    assert.equal(addressKey('64:ff9b::cb00:7107'), '203.0.113.7');
    assert.notEqual(addressKey('64:ff9b::1.2.3.4'), addressKey('64:ff9b::5.6.7.8'));
    // Teredo (2001:0::/32): the client's IPv4 address is the last 32 bits, inverted.
    assert.equal(addressKey('2001:0:4136:e378:8000:63bf:3fff:fdd2'), '192.0.2.45');
    assert.notEqual(
      addressKey('2001:0:4136:e378:8000:63bf:3fff:fdd2'),
      addressKey('2001:0:4136:e378:8000:63bf:3fff:fdd3'),
    );
    // 6to4 (2002::/16): the site's IPv4 address is bits 16 to 48, whatever the rest.
    assert.equal(addressKey('2002:cb00:7107:1::1'), '203.0.113.7');
    assert.equal(addressKey('2002:cb00:7107:ffff::2'), '203.0.113.7');
    // The unspecified and loopback addresses are not IPv4 addresses, and nearby prefixes are plain IPv6.
    assert.equal(addressKey('::1'), '0:0:0:0::/64');
    assert.equal(addressKey('::'), '0:0:0:0::/64');
    assert.equal(addressKey('64:ff9b:1::1.2.3.4'), '64:ff9b:1:0::/64');
    assert.equal(addressKey('2001:db8::1.2.3.4'), '2001:db8:0:0::/64');
  });
});

describe('the proxy limits each client address and each user id', () => {
  function proxyWith(perMinute: number, rateLimiter?: RateLimiter) {
    let forwarded = 0;
    const upstream: UpstreamFetch = async () => {
      forwarded += 1;
      return Response.json({ message: [] });
    };
    const proxy = createHaptikProxy(
      {
        apiUrl: 'https://haptik.example/sync',
        token: 'token-0123456789abcdef',
        clientId: 'client-42',
        businessIds: [343],
        allowedOrigins: [],
        upstreamTimeoutMs: 1000,
        rateLimitPerMinute: perMinute,
      },
      { fetch: upstream, log: () => undefined, ...(rateLimiter ? { rateLimiter } : {}) },
    );
    const send = (authId: string, context: RequestContext) =>
      proxy(
        new Request('https://shop.example/api/haptik', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-haptik-chat': '1' },
          body: JSON.stringify(chatBody({ user: { auth_id: authId } })),
        }),
        context,
      );
    return { send, forwarded: () => forwarded };
  }

  test('limits each client address, whatever ids it uses', async () => {
    const { send, forwarded } = proxyWith(2);
    assert.equal((await send(anonId(), { clientAddress: '203.0.113.7' })).status, 200);
    assert.equal((await send(anonId(), { clientAddress: '203.0.113.7' })).status, 200);
    const refused = await send(anonId(), { clientAddress: '203.0.113.7' });
    assert.equal(refused.status, 429);
    assert.ok(Number(refused.headers.get('retry-after')) >= 1);
    assert.equal(
      (await send(anonId(), { clientAddress: '198.51.100.1' })).status,
      200,
      'another address is fine',
    );
    assert.equal(forwarded(), 3);
  });

  test('an address that does not parse is still limited: every such address shares one bucket', async () => {
    const { send, forwarded } = proxyWith(2);
    // A client that controls a forwarded header can write anything there, a new value each time.
    for (const junk of ['garbage-1', 'garbage-2', '', '   ', '1.2.3.4, 5.6.7.8', 'x'.repeat(10_000)]) {
      await send(anonId(), { clientAddress: junk });
    }
    assert.equal(forwarded(), 2, 'only the shared bucket of two went through');
    assert.equal(
      (await send(anonId(), { clientAddress: '198.51.100.1' })).status,
      200,
      'a real address has its own bucket',
    );
  });

  test('IPv4-compatible IPv6 addresses are not one shared bucket', async () => {
    const { send } = proxyWith(1);
    assert.equal((await send(anonId(), { clientAddress: '::1.2.3.4' })).status, 200);
    assert.equal((await send(anonId(), { clientAddress: '::5.6.7.8' })).status, 200);
    assert.equal((await send(anonId(), { clientAddress: '1.2.3.4' })).status, 429, 'the same client');
  });

  test('limits each user id, from whatever addresses it comes', async () => {
    const { send, forwarded } = proxyWith(2);
    const id = anonId();
    assert.equal((await send(id, { clientAddress: '203.0.113.1' })).status, 200);
    assert.equal((await send(id, { clientAddress: '203.0.113.2' })).status, 200);
    assert.equal((await send(id, { clientAddress: '203.0.113.3' })).status, 429);
    assert.equal((await send(id, {})).status, 429, 'an unknown address does not escape the id limit');
    assert.equal(forwarded(), 2);
  });

  test('RATE_LIMIT_PER_MINUTE=0 switches limiting off, a platform binding included', async () => {
    const never: RateLimiter = { take: () => ({ allowed: false, retryAfterSeconds: 60 }) };
    const { send } = proxyWith(0, never);
    const id = anonId();
    for (let i = 0; i < 50; i++) assert.equal((await send(id, { clientAddress: '203.0.113.7' })).status, 200);
  });
});
