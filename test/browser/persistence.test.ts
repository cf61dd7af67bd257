/** The stored transcript (src/persistence.ts), driven directly against the browser's real storage. */
import { expect, waitUntil } from '@open-wc/testing';
import type { Entry } from '../../src/conversation.js';
import { parseMessage } from '../../src/hsl.js';
import {
  createChatStore,
  DEFAULT_MAX_ENTRIES,
  hasStoredConversation,
  MAX_STORED_MESSAGE_CHARS,
  storageKey,
} from '../../src/persistence.js';

const ENDPOINT = '/api/persistence-test';
const KEY = storageKey(ENDPOINT, 343);
const store = (options: { userId?: string; now?: () => number } = {}) =>
  createChatStore({ mode: 'local', endpoint: ENDPOINT, businessId: 343, ...options });

const botEntry = (id: string, body: unknown): Entry => ({
  role: 'bot',
  id,
  message: parseMessage(body),
  source: { body },
});
const text = (value: string) => ({ text: value, type: 'TEXT', data: { quick_replies: [] } });

/** A store writes what changed during a task at its end: this waits for that. */
const endOfTask = () => new Promise<void>((resolve) => setTimeout(resolve));

/** Writes a record as an earlier version or another tab would have left it, entries as given. */
const storeRecord = (entries: unknown[], savedAt = Date.now()) =>
  localStorage.setItem(KEY, JSON.stringify({ v: 2, savedAt, entries }));

describe('the stored transcript', () => {
  beforeEach(() => localStorage.clear());

  it('keeps entries and the anonymous id in one versioned record per endpoint, business and user', async () => {
    const first = store();
    const id = first.anonymousId();
    expect(id).to.match(/^anon-[0-9a-f-]{36}$/);
    first.save([
      { role: 'user', id: 'u1', text: 'hi', body: 'hi', status: 'sent' },
      botEntry('b1', text('hello')),
    ]);
    await endOfTask();
    const record = JSON.parse(localStorage.getItem(KEY)!) as { v: number; authId: string };
    expect(record.v).to.equal(2);
    expect(record.authId).to.equal(id);
    const again = store();
    expect(again.anonymousId()).to.equal(id);
    expect(again.load().map((entry) => entry.id)).to.deep.equal(['u1', 'b1']);
    expect(store({ userId: 'alice' }).load()).to.deep.equal([], "another user's transcript is their own");
  });

  it('bot messages are stored as they arrived and parsed again on load', async () => {
    store().save([botEntry('b1', { text: 'Hi *there*', type: 'TEXT', data: { quick_replies: [] } })]);
    await endOfTask();
    const record = JSON.parse(localStorage.getItem(KEY)!) as { entries: { body: unknown }[] };
    expect(record.entries[0]!.body).to.deep.equal({
      text: 'Hi *there*',
      type: 'TEXT',
      data: { quick_replies: [] },
    });
    const [restored] = store().load();
    expect(restored?.role === 'bot' && restored.message.kind).to.equal('text');
  });

  it(`keeps the last ${DEFAULT_MAX_ENTRIES} entries, and nothing older than 30 days`, () => {
    const entries = Array.from({ length: DEFAULT_MAX_ENTRIES + 20 }, (_, i) =>
      botEntry(`b${i}`, text(`${i}`)),
    );
    store().save(entries);
    const loaded = store().load();
    expect(loaded).to.have.length(DEFAULT_MAX_ENTRIES);
    expect(loaded[0]!.id).to.equal('b20');
    const later = Date.now() + 31 * 24 * 60 * 60 * 1000;
    expect(store({ now: () => later }).load()).to.deep.equal([]);
  });

  it('changes made in one task are written once, at its end; whatever reads storage meanwhile finds them', async () => {
    const writes: string[] = [];
    const setItem = Storage.prototype.setItem;
    Storage.prototype.setItem = function (this: Storage, key: string, value: string) {
      if (key === KEY) writes.push(value);
      setItem.call(this, key, value);
    };
    try {
      const chat = store();
      // Another widget's store for this conversation, made earlier, that starts watching in this task.
      const other = store({ now: () => Date.now() - 1000 });
      const user = { role: 'user', id: 'u1', text: 'hi', body: 'hi', status: 'queued' } as const;
      chat.save([user]);
      chat.save([{ ...user, status: 'sending' }]);
      chat.save([{ ...user, status: 'sent' }, botEntry('b1', text('hello'))]);
      expect(writes, 'nothing yet, within the task').to.deep.equal([]);
      // Each reader below first has the write that is due made (and the next change makes another due).
      expect(hasStoredConversation({ mode: 'local', endpoint: ENDPOINT, businessId: 343 })).to.equal(true);
      chat.save([{ ...user, status: 'sent' }]);
      const heard: string[][] = [];
      const stop = other.watch((entries) => heard.push(entries.map((entry) => entry.id)));
      expect(heard, 'handed over at once').to.deep.equal([['u1']]);
      chat.save([{ ...user, status: 'sent' }, botEntry('b1', text('hello'))]);
      expect(
        store()
          .load()
          .map((entry) => [entry.id, entry.role === 'user' && entry.status]),
      ).to.deep.equal([
        ['u1', 'sent'],
        ['b1', false],
      ]);
      await endOfTask();
      stop();
      expect(writes, 'once per reader, none at the end').to.have.length(3);
      const record = JSON.parse(writes[2]!) as { v: number; entries: unknown[] };
      expect(record.v).to.equal(2);
      expect(record.entries).to.deep.equal([
        { ...user, status: 'sent' },
        { role: 'bot', id: 'b1', body: text('hello') },
      ]);
    } finally {
      Storage.prototype.setItem = setItem;
    }
  });

  it('a bot message too large to keep is shown but not stored, so a reload never parses it again', () => {
    const huge = text('x'.repeat(MAX_STORED_MESSAGE_CHARS));
    store().save([botEntry('small', text('ok')), botEntry('huge', huge)]);
    expect(
      store()
        .load()
        .map((entry) => entry.id),
    ).to.deep.equal(['small']);
  });

  it('a stored entry that cannot be restored is dropped from storage, not read again on every load', async () => {
    const oversized = { role: 'bot', id: 'big', body: text('y'.repeat(MAX_STORED_MESSAGE_CHARS)) };
    storeRecord([oversized, { role: 'bot', id: 'ok', body: text('fine') }, { role: 'user' }, 42]);
    expect(
      store()
        .load()
        .map((entry) => entry.id),
    ).to.deep.equal(['ok']);
    await endOfTask();
    const record = JSON.parse(localStorage.getItem(KEY)!) as { entries: { id: string }[] };
    expect(record.entries.map((entry) => entry.id)).to.deep.equal(['ok']);
  });

  it('clear() starts afresh with a new anonymous id; forget() removes the record', async () => {
    const chat = store();
    const id = chat.anonymousId();
    chat.save([botEntry('b1', text('hello'))]);
    chat.setEventId('k2x9-14');
    chat.clear();
    expect(chat.load()).to.deep.equal([]);
    expect(chat.anonymousId()).to.not.equal(id);
    // A signed-in user keeps their id: their agents' stream must not send the ended conversation again.
    expect(chat.eventId()).to.equal('k2x9-14');
    await endOfTask();
    expect(localStorage.getItem(KEY)).to.be.a('string');
    // What was saved before it (here by another widget's store for this conversation) goes too.
    const other = store();
    chat.save([botEntry('b2', text('again'))]);
    other.forget();
    await endOfTask();
    expect(localStorage.getItem(KEY)).to.equal(null);
  });

  it('only an event id the proxy could have sent is kept: another would break every stream request', () => {
    localStorage.setItem(KEY, JSON.stringify({ v: 2, savedAt: Date.now(), eventId: 'e1\nx', entries: [] }));
    const chat = store();
    expect(chat.eventId()).to.equal(undefined);
    for (const junk of ['', 'e1', 'E1-2', 'e1-2\r', `${'a'.repeat(33)}-1`]) chat.setEventId(junk);
    expect(chat.eventId()).to.equal(undefined);
    chat.setEventId('lq3k0x1b2c3-7');
    expect(chat.eventId()).to.equal('lq3k0x1b2c3-7');
  });

  it('a full storage keeps the newest entries that fit, and a clear() made then survives a reload', async () => {
    const chat = store();
    const id = chat.anonymousId();
    const entries = Array.from({ length: 40 }, (_, i) =>
      botEntry(`b${i}`, text(`message ${i} ${'x'.repeat(200)}`)),
    );
    chat.save(entries);
    await endOfTask();
    const setItem = Storage.prototype.setItem;
    // Room for about ten of those messages.
    Storage.prototype.setItem = function (this: Storage, key: string, value: string) {
      if (value.length > 3000) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      setItem.call(this, key, value);
    };
    try {
      chat.save([...entries, botEntry('b40', text('the newest'))]);
      await endOfTask();
      const kept = store().load();
      expect(kept.length).to.be.within(1, 10);
      expect(kept.at(-1)?.id).to.equal('b40', 'the newest are kept');
      chat.clear();
      await endOfTask();
      const reloaded = store();
      expect(reloaded.load(), 'the cleared conversation does not come back').to.deep.equal([]);
      expect(reloaded.anonymousId()).to.not.equal(id);
    } finally {
      Storage.prototype.setItem = setItem;
    }
  });

  it('storage that refuses every write leaves no record behind for a reload to bring back', async () => {
    const chat = store();
    chat.save([botEntry('b1', text('private'))]);
    await endOfTask();
    const setItem = Storage.prototype.setItem;
    Storage.prototype.setItem = () => {
      throw new DOMException('The operation is insecure.', 'SecurityError');
    };
    try {
      chat.clear();
      await endOfTask();
      expect(localStorage.getItem(KEY)).to.equal(null);
    } finally {
      Storage.prototype.setItem = setItem;
    }
  });

  it("keeps each entry's time, a hidden message's flag and a rating; records without them still load", () => {
    store().save([
      { role: 'user', id: 'u1', text: 'start', body: 'start', status: 'sent', at: 1000, hidden: true },
      { ...botEntry('b1', text('hello')), at: 2000, rating: 'up' } as Entry,
    ]);
    const [user, bot] = store().load();
    expect(user).to.include({ at: 1000, hidden: true });
    expect(bot).to.include({ at: 2000, rating: 'up' });

    storeRecord([
      { role: 'user', id: 'old', text: 'hi', body: 'hi', status: 'sent' },
      { role: 'bot', id: 'older', body: text('hello'), rating: 'sideways', at: 'noon' },
    ]);
    const [old, older] = store().load();
    expect(old).to.deep.equal({ role: 'user', id: 'old', text: 'hi', body: 'hi', status: 'sent' });
    expect(older).to.not.have.any.keys('at', 'rating');
  });

  it('a stored time no date can hold is dropped with the record kept: the widget would fail to draw it', () => {
    storeRecord([
      { role: 'user', id: 'u1', text: 'hi', body: 'hi', status: 'sent', at: 9e15 },
      { role: 'bot', id: 'b1', body: text('hello'), at: -1e300 },
      { role: 'bot', id: 'b2', body: text('again'), at: 8.64e15 },
    ]);
    const [user, bot, last] = store().load();
    expect(user).to.not.have.any.keys('at');
    expect(bot).to.not.have.any.keys('at');
    expect(last).to.include({ at: 8.64e15 });
    expect(() => new Date(last!.at!).toISOString()).not.to.throw();
  });
});

describe('whether a conversation is kept (what a closed launcher looks for at idle)', () => {
  beforeEach(() => localStorage.clear());
  const kept = (options: { mode?: 'local' | 'session' | 'none'; userId?: string } = {}) =>
    hasStoredConversation({ mode: 'local', endpoint: ENDPOINT, businessId: 343, ...options });

  it('only a readable, unexpired record with messages, in the storage and for the user asked about', () => {
    expect(kept(), 'nothing stored').to.equal(false);
    storeRecord([]);
    expect(kept(), 'an emptied record').to.equal(false);
    storeRecord(
      [{ role: 'user', id: 'u1', text: 'hi', body: 'hi', status: 'sent' }],
      Date.now() - 31 * 864e5,
    );
    expect(kept(), 'an expired record').to.equal(false);
    localStorage.setItem(KEY, '{not json');
    expect(kept(), 'a corrupt record').to.equal(false);
    storeRecord([0, 'x', { role: 'robot', id: 'r1' }, { role: 'user' }]);
    expect(kept(), 'a record with no entry that restores').to.equal(false);
    storeRecord([{ role: 'user', id: 'u1', text: 'hi', body: 'hi', status: 'sent' }]);
    expect(kept(), 'a kept conversation').to.equal(true);
    expect(kept({ userId: 'someone' }), "another user's").to.equal(false);
    expect(kept({ mode: 'session' }), 'in the other storage').to.equal(false);
    expect(kept({ mode: 'none' }), 'with storage off').to.equal(false);
    // A full storage (no room for a probe) still shows what it holds, and looking writes nothing.
    const setItem = Storage.prototype.setItem;
    Storage.prototype.setItem = () => {
      throw new DOMException('full', 'QuotaExceededError');
    };
    try {
      expect(kept(), 'a kept conversation in a full storage').to.equal(true);
    } finally {
      Storage.prototype.setItem = setItem;
    }
  });
});

describe('tabs sharing the stored transcript', () => {
  beforeEach(() => localStorage.clear());

  it('a save in one tab reaches the others watching the same conversation, and only those', async () => {
    const [mine, theirs, other] = [store(), store(), store({ userId: 'bob' })];
    const heard: [string[], boolean][] = [];
    const stop = theirs.watch((entries, reset) => heard.push([entries.map((e) => e.id), reset]));
    const stopOther = other.watch(() => heard.push([['wrong user'], false]));
    const stopMine = mine.watch(() => undefined);
    const posted: unknown[] = [];
    const listener = new BroadcastChannel(`haptik-chat:${KEY}`);
    listener.onmessage = ({ data }) => posted.push(data);
    const user = { role: 'user', id: 'u1', text: 'hi', body: 'hi', status: 'queued' } as const;
    mine.save([user]);
    mine.save([{ ...user, status: 'sending' }]);
    await waitUntil(() => heard.length === 1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(heard).to.deep.equal([[['u1'], false]]);
    // One post for the task's two changes, as the record's text (what is written to storage).
    expect(posted).to.deep.equal([localStorage.getItem(KEY)]);
    expect(JSON.parse(posted[0] as string)).to.deep.include({ entries: [{ ...user, status: 'sending' }] });
    listener.close();

    mine.clear();
    await waitUntil(() => heard.length === 2);
    expect(heard[1]).to.deep.equal([[], true], 'a new conversation replaces the old one');
    [stop, stopOther, stopMine].forEach((end) => end());
  });

  it('a conversation cleared in one tab stays cleared, though another tab wrote the old one after it', async () => {
    const [mine, theirs] = [store(), store()];
    const heard: [string[], boolean][] = [];
    const stopMine = mine.watch(() => undefined);
    const stop = theirs.watch((entries, reset) => heard.push([entries.map((e) => e.id), reset]));
    const user = (id: string) => ({ role: 'user', id, text: id, body: id, status: 'sent' }) as const;
    mine.save([user('u1')]);
    await waitUntil(() => heard.length === 1, 'the other tab has the conversation');
    // In the same moment: a new conversation here, and a message there, written in the old one.
    mine.clear();
    theirs.save([user('u1'), user('u2')]);
    await waitUntil(() => heard.some(([, reset]) => reset), 'the other tab takes the new conversation');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(heard.at(-1)?.[0]).to.deep.equal([]);
    expect(JSON.parse(localStorage.getItem(KEY)!).entries, 'stored: the new conversation').to.deep.equal([]);
    expect(mine.load()).to.deep.equal([]);
    [stop, stopMine].forEach((end) => end());
  });

  it('two tabs holding different conversations settle on one, whatever their records say, and fall quiet', async () => {
    const record = (cid?: string, since?: number) =>
      localStorage.setItem(KEY, JSON.stringify({ v: 2, savedAt: Date.now(), cid, since, entries: [] }));
    // A since of 0 and none; an empty id and none (the first conversation's): neither is the later.
    const cases: [[string?, number?], [string?, number?], string | undefined][] = [
      [['a', 0], ['b'], 'b'],
      [[''], [], undefined],
    ];
    for (const [[cidA, sinceA], [cidB, sinceB], stands] of cases) {
      localStorage.clear();
      record(cidA, sinceA);
      const first = store();
      record(cidB, sinceB);
      const second = store();
      let posts = 0;
      const spy = new BroadcastChannel(`haptik-chat:${KEY}`);
      spy.onmessage = () => (posts += 1);
      const stops = [first.watch(() => undefined), second.watch(() => undefined)];
      first.save([]);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(posts, 'a few posts, not an endless exchange').to.be.below(6);
      expect(JSON.parse(localStorage.getItem(KEY)!).cid).to.equal(stands);
      spy.close();
      stops.forEach((stop) => stop());
    }
  });

  it('a clear() stands even where the conversation it ends claims to have begun in the future', async () => {
    localStorage.setItem(
      KEY,
      JSON.stringify({ v: 2, savedAt: Date.now(), cid: 'future', since: Date.now() + 864e5, entries: [] }),
    );
    const [mine, theirs] = [store(), store()];
    const heard: boolean[] = [];
    const stops = [mine.watch(() => undefined), theirs.watch((_, reset) => heard.push(reset))];
    mine.clear();
    await waitUntil(() => heard.includes(true), 'the other tab takes the new conversation');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(JSON.parse(localStorage.getItem(KEY)!).cid).to.not.equal('future');
    stops.forEach((stop) => stop());
  });

  it('a tab that starts watching asks the others, and a tab sending messages says where they are', async () => {
    const sender = store();
    let asked = 0;
    const sending = { role: 'user', id: 'u1', text: 'hi', body: 'hi', status: 'sending' } as const;
    const stopSender = sender.watch(
      () => undefined,
      () => {
        asked += 1;
        sender.save([sending]);
      },
    );
    const heard: string[][] = [];
    const stop = store().watch((entries) =>
      heard.push(entries.map((e) => (e.role === 'user' ? e.status : ''))),
    );
    await waitUntil(() => heard.length > 0, 'the new tab hears where the message is');
    expect(asked).to.equal(1);
    expect(heard).to.deep.equal([['sending']]);
    [stop, stopSender].forEach((end) => end());
  });

  it('a broadcast record with more entries than a tab keeps is read only as far as it would be kept', async () => {
    const theirs = store();
    let heard: string[] = [];
    const stop = theirs.watch((entries) => (heard = entries.map((e) => e.id)));
    const entries = Array.from({ length: DEFAULT_MAX_ENTRIES + 300 }, (_, i) => ({
      role: 'user',
      id: `u${i}`,
      text: 'hi',
      body: 'hi',
      status: 'sent',
    }));
    const channel = new BroadcastChannel(`haptik-chat:${KEY}`);
    channel.postMessage({ v: 2, savedAt: Date.now(), cid: 'elsewhere', entries });
    await waitUntil(() => heard.length > 0, 'the other tab hears it');
    expect(heard).to.have.length(DEFAULT_MAX_ENTRIES);
    expect(heard.at(-1)).to.equal(`u${DEFAULT_MAX_ENTRIES + 299}`);
    channel.close();
    stop();
  });

  it('a record that repeats an id is read with each entry once, the first', async () => {
    const user = (id: string, status: string) => ({ role: 'user', id, text: id, body: id, status });
    storeRecord([user('a', 'sent'), user('b', 'queued'), user('b', 'sent'), user('a', 'sent')]);
    expect(
      store()
        .load()
        .map((e) => e.id),
    ).to.deep.equal(['a', 'b']);
    const mine = store();
    let heard: Entry[] = [];
    const stop = mine.watch((entries) => (heard = entries));
    const channel = new BroadcastChannel(`haptik-chat:${KEY}`);
    channel.postMessage({
      v: 2,
      savedAt: Date.now(),
      cid: 'elsewhere',
      entries: [user('x', 'sent'), user('y', 'queued'), user('y', 'queued')],
    });
    await waitUntil(() => heard.length > 0, 'the other tab hears it');
    expect(heard.map((e) => e.id)).to.deep.equal(['x', 'y']);
    channel.close();
    stop();
  });

  it("what another tab's record held is written back as JSON, holes and junk included", async () => {
    const mine = store();
    const stop = mine.watch(() => undefined);
    const channel = new BroadcastChannel(`haptik-chat:${KEY}`);
    // eslint-disable-next-line no-sparse-arrays -- a hostile tab's array with holes, as structured clone keeps it
    const entries = [, null, 7, 'x', [1], { role: 'user' }, , { role: 'bot', id: 'b', body: text('hi') }];
    channel.postMessage({ v: 2, savedAt: Date.now() + 1, cid: 'elsewhere', entries });
    await waitUntil(() => mine.eventId() === undefined && localStorage.getItem(KEY) === null);
    await new Promise((resolve) => setTimeout(resolve, 50));
    mine.setEventId('e1-1');
    await endOfTask();
    const record = JSON.parse(localStorage.getItem(KEY)!) as { eventId: string; entries: unknown[] };
    expect(record.eventId).to.equal('e1-1');
    expect(record.entries).to.deep.equal(JSON.parse(JSON.stringify(entries)));
    channel.close();
    stop();
  });

  it('a change made as a tab stops watching (its element leaving the page) still reaches the others', async () => {
    const [mine, theirs] = [store(), store()];
    let heard: string[] = [];
    const stop = theirs.watch((entries) => (heard = entries.map((e) => e.id)));
    const stopMine = mine.watch(() => undefined);
    mine.save([{ role: 'user', id: 'u1', text: 'hi', body: 'hi', status: 'sent' }]);
    stopMine();
    await waitUntil(() => heard.length > 0, 'the other tab hears it');
    expect(heard).to.deep.equal(['u1']);
    stop();
  });

  it('the anonymous id made in one tab is the one the other tabs use', async () => {
    const [mine, theirs] = [store(), store()];
    let heard = 0;
    const stop = theirs.watch(() => (heard += 1));
    const stopMine = mine.watch(() => undefined);
    const id = mine.anonymousId();
    await waitUntil(() => heard === 1, 'the other tab hears of it');
    expect(theirs.anonymousId()).to.equal(id);
    stop();
    stopMine();
  });

  it('watching hands over at once what another tab wrote while this one was not listening', async () => {
    const theirs = store();
    const mine = store();
    mine.save([{ role: 'user', id: 'u1', text: 'hi', body: 'hi', status: 'sent', at: Date.now() }]);
    await endOfTask();
    const heard: string[][] = [];
    // Written later than this store's own record was read.
    storeRecord(
      [{ role: 'user', id: 'u2', text: 'later', body: 'later', status: 'sent' }],
      Date.now() + 1000,
    );
    theirs.watch((entries) => heard.push(entries.map((e) => e.id)))();
    expect(heard).to.deep.equal([['u2']]);
  });

  it("without BroadcastChannel, storage events carry the other tabs' writes", () => {
    const original = window.BroadcastChannel;
    // @ts-expect-error: a browser without BroadcastChannel
    delete window.BroadcastChannel;
    try {
      const heard: string[][] = [];
      const stop = store().watch((entries) => heard.push(entries.map((e) => e.id)));
      const record = {
        v: 2,
        savedAt: Date.now(),
        entries: [{ role: 'user', id: 'u9', text: 'hi', body: 'hi', status: 'sent' }],
      };
      const newValue = JSON.stringify(record);
      localStorage.setItem(KEY, newValue);
      window.dispatchEvent(new StorageEvent('storage', { key: KEY, newValue, storageArea: localStorage }));
      window.dispatchEvent(
        new StorageEvent('storage', { key: 'another', newValue, storageArea: localStorage }),
      );
      stop();
      window.dispatchEvent(new StorageEvent('storage', { key: KEY, newValue, storageArea: localStorage }));
      expect(heard).to.deep.equal([['u9']], 'its own key only, and only while watching');
    } finally {
      window.BroadcastChannel = original;
    }
  });

  it("session storage is each tab's own: nothing is shared", () => {
    const session = createChatStore({ mode: 'session', endpoint: ENDPOINT, businessId: 343 });
    const heard: unknown[] = [];
    session.watch((entries) => heard.push(entries))();
    expect(heard).to.deep.equal([]);
  });
});
