import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { parseMarkup, plainText, stripMetadata, type Inline } from '../../src/format.js';

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

  test('www. addresses, e-mail addresses and international phone numbers become links', () => {
    assert.deepEqual(parseMarkup('Visit www.haptik.ai/help, mail help@haptik.ai or call +91 22 6171 9600.'), [
      'Visit ',
      { kind: 'link', href: 'https://www.haptik.ai/help', text: 'www.haptik.ai/help' },
      ', mail ',
      { kind: 'link', href: 'mailto:help@haptik.ai', text: 'help@haptik.ai' },
      ' or call ',
      { kind: 'link', href: 'tel:+912261719600', text: '+91 22 6171 9600' },
      '.',
    ]);
    // Not inside words, URLs or e-mail addresses; not prices, versions or short numbers.
    for (const text of ['C++ +20%', 'v2+1234', 'call +1 23', 'xwww.a.com', 'x.www.a.com', 'a@b', 'a@b.c']) {
      assert.deepEqual(parseMarkup(text), [text]);
    }
    assert.deepEqual(parseMarkup('https://a.example/@me and me@www.b.example'), [
      link('https://a.example/@me'),
      ' and ',
      { kind: 'link', href: 'mailto:me@www.b.example', text: 'me@www.b.example' },
    ]);
    assert.deepEqual(parseMarkup('mail a@b.example', { links: false }), ['mail a@b.example']);
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

  test('never throws; shows only characters of the input, in order; links are http(s), mailto: or tel: only', () => {
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
        // A look-alike URL shows its real target instead of its text (tested above): leave those out.
        const shown = (list: Inline[]): string =>
          list
            .map((node) =>
              typeof node === 'string'
                ? node
                : node.kind === 'link'
                  ? text.includes(node.text)
                    ? node.text
                    : ''
                  : shown(node.children),
            )
            .join('');
        assert.ok(isSubsequence(shown(nodes), stripMetadata(text).replace(/\r\n?/g, '\n')));
        for (const href of links(nodes)) assert.match(href, /^(https?:\/\/|mailto:|tel:\+\d+$)/);
      }),
      { numRuns: 1000 },
    );
  });

  test('a URL whose text names another host than it opens shows the host it really opens', () => {
    // U+2044 FRACTION SLASH is not a slash: this reads as bank.com but opens a host under evil.test.
    const [lookalike] = parseMarkup('https://bank.com\u2044login.evil.test/');
    assert.ok(typeof lookalike === 'object' && lookalike.kind === 'link');
    assert.equal(lookalike.href, 'https://bank.xn--comlogin-g03d.evil.test/');
    assert.equal(lookalike.text, lookalike.href, 'the link text is the real target, in punycode');
    const [idn] = parseMarkup('see https://bücher.example/x');
    assert.deepEqual(idn, 'see ');
    assert.deepEqual(parseMarkup('https://bücher.example/x')[0], link('https://xn--bcher-kva.example/x'));
    // An honest URL keeps its text, whatever its case.
    assert.deepEqual(parseMarkup('https://Bank.COM/login')[0], {
      kind: 'link',
      href: 'https://bank.com/login',
      text: 'https://Bank.COM/login',
    });
  });

  test('text without markup characters comes back unchanged', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme' }).filter((s) => !/[*_~`{}\r@]|https?:|www\.|\+\d/i.test(s)),
        (text) => {
          const trimmed = text.trim();
          assert.deepEqual(parseMarkup(text), trimmed ? [trimmed] : []);
        },
      ),
    );
  });
});
