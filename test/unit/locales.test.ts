/**
 * The built-in languages: each gives every UI string (the type already demands it; this checks what a
 * type cannot), in its own words, with plurals by the language's own rules.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { english as panelEnglish } from '../../src/english.js';
import { englishExtras } from '../../src/english-extras.js';
import { plural } from '../../src/plural.js';
import { LANGUAGES, launcherStrings, type ChatStrings } from '../../src/strings.js';

/** English as the element puts it together: the launcher's, the panel's and its extras' strings. */
const english: ChatStrings = { ...launcherStrings, ...panelEnglish, ...englishExtras };

const load = async (language: string): Promise<ChatStrings> =>
  language === 'en'
    ? english
    : ((await import(`../../src/locales/${language}.ts`)) as { default: ChatStrings }).default;

describe('every built-in language', () => {
  for (const language of LANGUAGES) {
    test(`${language}: every string is there and says something; values go where they belong`, async () => {
      const strings = await load(language);
      assert.deepEqual(Object.keys(strings).sort(), Object.keys(english).sort());
      for (const [key, value] of Object.entries(strings)) {
        if (typeof value === 'function') continue;
        assert.equal(typeof value, 'string', key);
        assert.ok((value as string).trim(), `${language}.${key} is empty`);
      }
      assert.match(strings.tapToReply('Yes please'), /Yes please/);
      assert.match(strings.agentJoined('Asha'), /Asha/);
      assert.match(strings.cardPosition(3, 20), /3[^]*20|20[^]*3/);
      assert.match(strings.stars(4), /4/);
      for (const count of [1, 2, 5])
        assert.ok(strings.omitted(count).trim(), `${language}: omitted(${count})`);
      for (const count of [1, 2, 3, 5, 11, 100]) {
        const label = strings.unread(count);
        assert.ok(label.trim(), `${language}: unread(${count})`);
      }
    });
  }

  test('the translations are translations: the texts a visitor sees most differ from English', async () => {
    for (const language of LANGUAGES.filter((l) => l !== 'en')) {
      const strings = await load(language);
      for (const key of ['openChat', 'send', 'typing', 'retry', 'offline'] as const) {
        assert.notEqual(strings[key], english[key], `${language}.${key}`);
      }
    }
  });
});

describe('plurals follow the language: counts are formatted and pick its own forms', () => {
  test('Arabic has six forms; English two; French counts 0 as singular', async () => {
    const ar = await load('ar');
    const digits = (n: number) => new Intl.NumberFormat('ar').format(n); // Arabic-Indic or Latin, as the ICU has it
    assert.deepEqual(
      [0, 1, 2, 3, 11, 100].map((n) => ar.unread(n)),
      [
        'لا رسائل غير مقروءة',
        'رسالة واحدة غير مقروءة',
        'رسالتان غير مقروءتين',
        `${digits(3)} رسائل غير مقروءة`,
        `${digits(11)} رسالة غير مقروءة`,
        `${digits(100)} رسالة غير مقروءة`,
      ],
    );
    const fr = await load('fr');
    assert.equal(fr.unread(0), '0 message non lu');
    assert.equal(fr.unread(2), '2 messages non lus');
    const de = await load('de');
    assert.equal(de.unread(1), '1 ungelesene Nachricht');
    assert.equal(de.unread(1200), '1.200 ungelesene Nachrichten');
  });

  test('plural() falls back to `other` for a category a translation leaves out', () => {
    const unread = plural('ru', { one: (n) => `${n} one`, other: (n) => `${n} other` });
    assert.equal(unread(1), '1 one');
    assert.equal(unread(3), '3 other'); // Russian calls 3 "few"
  });
});
