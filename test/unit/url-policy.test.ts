/** The one URL policy (src/url-policy.ts): what each use allows, and every disguise it refuses. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { phoneUrl, safeUrl, type UrlUse } from '../../src/url-policy.js';

describe('the URL policy', () => {
  const base = 'https://shop.example/page';
  const check = (url: string, use: UrlUse) => safeUrl(url, use, base);

  test('allows http(s) links, and tel:/mailto: for actions, normalised', () => {
    assert.equal(check('https://a.example/x?y=1#z', 'link'), 'https://a.example/x?y=1#z');
    assert.equal(check('  HTTP://A.example  ', 'link'), 'http://a.example/');
    assert.equal(check('https://a.example/a b', 'link'), 'https://a.example/a%20b');
    assert.equal(check('tel:+1 (555) 010-0199', 'action'), 'tel:+15550100199');
    assert.equal(check('mailto:help@shop.example', 'action'), 'mailto:help@shop.example');
    assert.equal(check('tel:+15550100199', 'link'), undefined);
    assert.equal(check('mailto:help@shop.example', 'link'), undefined);
  });

  test("images: https from another origin; the page's own origin only when it opts in; frames: https only", () => {
    assert.equal(check('https://cdn.example/a.png', 'image'), 'https://cdn.example/a.png');
    // Fetched with the visitor's cookies: refused unless the page opts in (own-image).
    assert.equal(check('/account/delete?confirm=yes', 'image'), undefined);
    assert.equal(check('https://shop.example/account/delete?confirm=yes', 'image'), undefined);
    assert.equal(safeUrl('http://localhost:8000/a.png', 'image', 'http://localhost:8000/'), undefined);
    assert.equal(check('/img/a.png', 'own-image'), 'https://shop.example/img/a.png');
    assert.equal(check('https://cdn.example/a.png', 'own-image'), 'https://cdn.example/a.png');
    assert.equal(
      safeUrl('http://localhost:8000/a.png', 'own-image', 'http://localhost:8000/'),
      'http://localhost:8000/a.png',
    );
    assert.equal(check('http://cdn.example/a.png', 'image'), undefined);
    assert.equal(check('http://cdn.example/a.png', 'own-image'), undefined);
    assert.equal(check('img/a.png', 'own-image'), undefined);
    assert.equal(safeUrl('/img/a.png', 'own-image', undefined), undefined);
    assert.equal(safeUrl('/img/a.png', 'own-image', 'about:blank'), undefined);
    assert.equal(check('https://forms.example/', 'webview'), 'https://forms.example/');
    assert.equal(check('http://forms.example/', 'webview'), undefined);
  });

  test('rejects script schemes in every disguise, protocol-relative and backslash tricks, and credentials', () => {
    const hostile = [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      ' javascript:alert(1)',
      '\u0000javascript:alert(1)',
      'java\tscript:alert(1)',
      'java\nscript:alert(1)',
      'java\rscript:alert(1)',
      'jav&#x09;ascript:alert(1)',
      '&#106;avascript:alert(1)',
      'javascript&colon;alert(1)',
      '%6A%61%76%61script:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'DATA:image/svg+xml;base64,PHN2Zz4=',
      'vbscript:msgbox(1)',
      'file:///etc/passwd',
      'blob:https://shop.example/uuid',
      '//evil.example/x',
      '\\\\evil.example\\x',
      '/\\evil.example/x',
      '\\/evil.example/x',
      'https://shop.example@evil.example/',
      'https://user:pass@evil.example/',
      `https://a.example/${'x'.repeat(5000)}`,
      '',
      '   ',
    ];
    for (const use of ['link', 'action', 'image', 'own-image', 'webview'] as const) {
      for (const url of hostile) assert.equal(check(url, use), undefined, `${use}: ${JSON.stringify(url)}`);
    }
    for (const value of [undefined, null, 1, {}, ['https://a.example/']]) {
      assert.equal(safeUrl(value, 'link', base), undefined);
    }
  });

  test('"javascript:" with any case and any whitespace or control characters mixed in is refused', () => {
    const noise = fc.constantFrom(
      '',
      ' ',
      '\t',
      '\n',
      '\r',
      '\u0000',
      '\u000b',
      '\u00a0',
      '\u200b',
      '\ufeff',
    );
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.boolean(), noise), { minLength: 11, maxLength: 11 }),
        fc.constantFrom<UrlUse>('link', 'action', 'image', 'webview'),
        (shape, use) => {
          const url = [...'javascript:']
            .map((char, i) => (shape[i]![0] ? char.toUpperCase() : char) + shape[i]![1])
            .join('');
          assert.equal(check(`${shape[10]![1]}${url}alert(1)`, use), undefined);
        },
      ),
      { numRuns: 500 },
    );
  });

  test('phone numbers as bots write them become tel: URLs; anything else does not', () => {
    assert.equal(phoneUrl('+91 22 6171 9600'), 'tel:+912261719600');
    assert.equal(phoneUrl('1800-123-4567'), 'tel:18001234567');
    assert.equal(phoneUrl('call me'), undefined);
    assert.equal(phoneUrl('12'), undefined);
    assert.equal(phoneUrl('+1 555 0100"><script>'), undefined);
  });

  test('tel: dials only + and digits: MMI codes with * and # (call forwarding) are refused', () => {
    for (const code of ['*21*+15550100199#', '**21*5550100199#', '#31#5550100199', '*#06#', '+1555*0100']) {
      assert.equal(phoneUrl(code), undefined, code);
      assert.equal(safeUrl(`tel:${code}`, 'action'), undefined, code);
      assert.equal(safeUrl(`tel:${encodeURIComponent(code)}`, 'action'), undefined, code);
    }
    assert.equal(safeUrl('tel:+1.555.010.0199', 'action'), 'tel:+15550100199');
  });
});
