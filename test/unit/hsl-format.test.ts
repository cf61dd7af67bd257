import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { inlineText, parseMarkup, plainText, stripMetadata, type Inline } from '../../src/format.js';
import { phoneUrl, safeUrl, type UrlUse } from '../../src/sanitize.js';

const link = (url: string) => ({ kind: 'link', href: url, text: url });

describe('text markup', () => {
  test('*bold*, _italic_, ~strike~ and `underline`, nested', () => {
    assert.deepEqual(parseMarkup('*a* _b_ ~c~ `d` *e _f_*'), [
      { kind: 'strong', children: ['a'] },
      ' ',
      { kind: 'em', children: ['b'] },
      ' ',
      { kind: 's', children: ['c'] },
      ' ',
      { kind: 'u', children: ['d'] },
      ' ',
      { kind: 'strong', children: ['e ', { kind: 'em', children: ['f'] }] },
    ]);
  });

  test('delimiters inside words, around spaces or unclosed stay as they are', () => {
    for (const text of ['snake_case_name', '2*3*4', '* not bold *', '*unclosed', 'a ~ b ~ c', 'x_y_']) {
      assert.deepEqual(parseMarkup(text), [text]);
    }
  });

  test('line breaks stay as \\n and markup does not run across them', () => {
    assert.deepEqual(parseMarkup('*one\ntwo*\r\nthree'), ['*one\ntwo*\nthree']);
  });

  test('bare http(s) URLs become links, without the punctuation after them', () => {
    assert.deepEqual(parseMarkup('See https://a.example/x_y_z. Or (http://b.example/p)!'), [
      'See ',
      link('https://a.example/x_y_z'),
      '. Or (',
      link('http://b.example/p'),
      ')!',
    ]);
    assert.deepEqual(parseMarkup('_https://a.example/a_b_'), [
      { kind: 'em', children: [link('https://a.example/a_b')] },
    ]);
    assert.deepEqual(parseMarkup('https://en.wikipedia.org/wiki/Foo_(bar)'), [
      link('https://en.wikipedia.org/wiki/Foo_(bar)'),
    ]);
  });

  test('only http(s) URLs are linked, and not when links are off', () => {
    for (const text of [
      'javascript:alert(1)',
      'ftp://a.example/',
      'xhttps://a.example/',
      'https://u:p@a.example/',
    ]) {
      assert.deepEqual(parseMarkup(text), [text]);
    }
    assert.deepEqual(parseMarkup('go to https://a.example/', { links: false }), ['go to https://a.example/']);
  });

  test('{…} metadata is removed, nested or not; an unmatched brace is shown', () => {
    assert.equal(stripMetadata('a{b}c{d{e}f}g'), 'acg');
    assert.equal(stripMetadata('{ a {b} c'), '{ a  c');
    assert.equal(stripMetadata('a } b'), 'a } b');
    assert.deepEqual(parseMarkup('  {"intent":"x"}Hello *you*{y}  '), [
      'Hello ',
      { kind: 'strong', children: ['you'] },
    ]);
    assert.equal(plainText('*Buy* now{sku:1}'), 'Buy now');
  });

  test('never throws; shows only characters of the input, in order; links are http(s) only', () => {
    const isSubsequence = (part: string, whole: string) => {
      let at = 0;
      for (let i = 0; i < whole.length && at < part.length; i++) if (whole[i] === part[at]) at++;
      return at === part.length;
    };
    const links = (nodes: Inline[]): string[] =>
      nodes.flatMap((node) =>
        typeof node === 'string' ? [] : node.kind === 'link' ? [node.href] : links(node.children),
      );
    const markupish = fc.string({
      unit: fc.constantFrom(
        '*',
        '_',
        '~',
        '`',
        '{',
        '}',
        ' ',
        '\n',
        'a',
        'é',
        '😀',
        'https://x.example/',
        ':',
        '(',
        ')',
      ),
      maxLength: 60,
    });
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'grapheme', maxLength: 200 }), markupish), (text) => {
        const nodes = parseMarkup(text);
        assert.ok(isSubsequence(inlineText(nodes), stripMetadata(text).replace(/\r\n?/g, '\n')));
        for (const href of links(nodes)) assert.match(href, /^https?:\/\//);
      }),
      { numRuns: 1000 },
    );
  });

  test('text without markup characters comes back unchanged', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme' }).filter((s) => !/[*_~`{}\r]|https?:/.test(s)),
        (text) => {
          const trimmed = text.trim();
          assert.deepEqual(parseMarkup(text), trimmed ? [trimmed] : []);
        },
      ),
    );
  });

  test('a long hostile line is parsed quickly (no quadratic blow-up)', () => {
    const text = '*a _b ~c `d '.repeat(5000) + 'https://x.example/ '.repeat(2000);
    const started = performance.now();
    parseMarkup(text);
    assert.ok(performance.now() - started < 2000);
  });
});

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

  test('images: https, or a root-relative path on this origin; frames: https only', () => {
    assert.equal(check('https://cdn.example/a.png', 'image'), 'https://cdn.example/a.png');
    assert.equal(check('/img/a.png', 'image'), 'https://shop.example/img/a.png');
    assert.equal(
      safeUrl('http://localhost:8000/a.png', 'image', 'http://localhost:8000/'),
      'http://localhost:8000/a.png',
    );
    assert.equal(check('http://cdn.example/a.png', 'image'), undefined);
    assert.equal(check('img/a.png', 'image'), undefined);
    assert.equal(safeUrl('/img/a.png', 'image', undefined), undefined);
    assert.equal(safeUrl('/img/a.png', 'image', 'about:blank'), undefined);
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
    for (const use of ['link', 'action', 'image', 'webview'] as const) {
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
});
