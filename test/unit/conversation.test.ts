import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ChatError } from '../../src/chat-error.js';
import { Conversation, type Entry, type TranscriptStore, type UserEntry } from '../../src/conversation.js';
import { parseReply, type ParsedReply } from '../../src/hsl.js';
import { quickReply, reply, textBody } from '../fixtures/replies.js';

/** A send function whose answers the test releases one by one. */
function scriptedSend() {
  const calls: { body: string; resolve(reply: ParsedReply): void; reject(error: Error): void }[] = [];
  const send = (body: string) =>
    new Promise<ParsedReply>((resolve, reject) => calls.push({ body, resolve, reject }));
  return { calls, send };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));
const view = (entries: readonly Entry[]) =>
  entries.map((e) => (e.role === 'user' ? `user:${e.text}:${e.status}` : `bot:${e.message.text}`));

describe('Conversation', () => {
  test('sends one message at a time and puts each reply right after its message', async () => {
    const { calls, send } = scriptedSend();
    const conversation = new Conversation(send);
    conversation.submit('first');
    conversation.submit('second');
    assert.equal(calls.length, 1, 'the second waits for the first reply');
    assert.deepEqual(view(conversation.entries), ['user:first:sending', 'user:second:queued']);
    calls[0]!.resolve(parseReply(reply(textBody('answer one'))));
    await flush();
    assert.equal(calls.length, 2);
    assert.equal(calls[1]!.body, 'second');
    calls[1]!.resolve(parseReply(reply(textBody('answer two'))));
    await flush();
    assert.deepEqual(view(conversation.entries), [
      'user:first:sent',
      'bot:answer one',
      'user:second:sent',
      'bot:answer two',
    ]);
    assert.equal(conversation.pending, false);
  });

  test('a failure keeps the text, reports it, and retry sends it again', async () => {
    const { calls, send } = scriptedSend();
    const errors: string[] = [];
    const conversation = new Conversation(send, { onError: (error) => errors.push(error.message) });
    const entry = conversation.submit('keep me');
    calls[0]!.reject(new ChatError('network', 'down'));
    await flush();
    assert.deepEqual(view(conversation.entries), ['user:keep me:failed']);
    assert.deepEqual(errors, ['down']);
    conversation.retry(entry.id);
    assert.equal(calls.length, 2);
    assert.equal(calls[1]!.body, 'keep me');
    calls[1]!.resolve(parseReply(reply(textBody('ok'))));
    await flush();
    assert.deepEqual(view(conversation.entries), ['user:keep me:sent', 'bot:ok']);
  });

  test('quick replies belong to the latest bot message and go away when the user types', async () => {
    const { calls, send } = scriptedSend();
    const conversation = new Conversation(send);
    conversation.submit('hi');
    calls[0]!.resolve(parseReply(reply(textBody('pick', [quickReply('A', 'a')]))));
    await flush();
    assert.deepEqual(
      conversation.quickReplies.map((q) => [q.display, q.send]),
      [['A', 'a']],
    );
    conversation.dismissQuickReplies();
    assert.equal(conversation.quickReplies.length, 0);
  });

  test('the quick replies of every message of the latest turn are offered, in order, not just the last', async () => {
    const { calls, send } = scriptedSend();
    const conversation = new Conversation(send);
    conversation.submit('hi');
    const button = {
      text: 'or',
      type: 'BUTTON',
      data: { items: [{ actionable_text: 'Go', type: 'TEXT_ONLY', payload: {} }] },
    };
    const system = { text: 'An agent joined', type: 'SYSTEM', data: { event_name: 'chat_pinned' } };
    calls[0]!.resolve(
      parseReply(
        reply(
          textBody('first', [quickReply('A')]),
          textBody('pick', [quickReply('B'), quickReply('C')]),
          button,
          system,
        ),
      ),
    );
    await flush();
    assert.deepEqual(
      conversation.quickReplies.map((q) => q.label),
      ['A', 'B', 'C'],
    );
    const [first, second] = conversation.entries.filter((e) => e.role === 'bot');
    assert.ok(conversation.offersQuickReplies(first!) && conversation.offersQuickReplies(second!));
    conversation.submit('B');
    assert.deepEqual(conversation.quickReplies, [], 'gone once the user sends something');
    assert.equal(conversation.offersQuickReplies(second!), false);
    calls[1]!.resolve(parseReply(reply(textBody('plain'))));
    await flush();
    assert.deepEqual(conversation.quickReplies, [], 'an earlier turn offers nothing');
  });

  test('every change replaces the entry: earlier objects are never modified', async () => {
    const { calls, send } = scriptedSend();
    const conversation = new Conversation(send);
    const queued = conversation.submit('hello');
    const sending = conversation.entries[0]!;
    assert.equal(queued.status, 'queued');
    assert.notEqual(sending, queued);
    calls[0]!.reject(new ChatError('timeout', 'slow'));
    await flush();
    const failed = conversation.entries[0]!;
    assert.equal(sending.role === 'user' && sending.status, 'sending', 'the sending entry is as it was');
    assert.ok(failed.role === 'user' && failed.status === 'failed' && failed.error === 'slow');
    assert.notEqual(failed, sending);
  });

  test('a restored message that was in flight, waiting or written offline comes back failed, never sent by itself', () => {
    const saved: Entry[] = [
      { role: 'user', id: 'u1', text: 'lost?', body: 'lost?', status: 'sending' },
      { role: 'user', id: 'u2', text: 'waiting', body: 'waiting', status: 'queued' },
      { role: 'user', id: 'u3', text: 'offline', body: 'offline', status: 'failed', offline: true },
    ];
    const store: TranscriptStore = { load: () => saved, save: () => undefined, clear: () => undefined };
    let sends = 0;
    const conversation = new Conversation(
      async () => {
        sends += 1;
        return { messages: [] };
      },
      {},
      store,
    );
    assert.deepEqual(view(conversation.entries), [
      'user:lost?:failed',
      'user:waiting:failed',
      'user:offline:failed',
    ]);
    conversation.back();
    conversation.resendOffline();
    assert.equal(sends, 0);
    const [inFlight, waiting] = conversation.entries;
    assert.ok(
      inFlight?.role === 'user' && inFlight.maybeDelivered,
      'one that was on its way may have arrived',
    );
    assert.ok(waiting?.role === 'user' && !waiting.maybeDelivered, 'one that was waiting never left');
  });

  test('a failed message says whether it may have reached the bot: timeouts and 5xx yes, refusals and offline no', async () => {
    const { calls, send } = scriptedSend();
    const conversation = new Conversation(send);
    const failures = [
      new ChatError('timeout', 'slow'),
      new ChatError('network', 'connection reset'),
      new ChatError('http', 'late', 504, 'upstream_timeout'),
      new ChatError('http', 'bad gateway', 502),
      new ChatError('invalid-reply', 'garbled', 200),
      new ChatError('http', 'refused', 429, 'rate_limited'),
      new ChatError('http', 'unreachable', 502, 'upstream_unreachable'),
      new ChatError('http', 'bad token', 502, 'upstream_auth'),
      new ChatError('offline', 'offline'),
    ];
    for (const [i, error] of failures.entries()) {
      conversation.submit(`m${i}`);
      calls[i]!.reject(error);
      await flush();
    }
    assert.deepEqual(
      conversation.entries.map((e) => e.role === 'user' && !!e.maybeDelivered),
      [true, true, true, true, true, false, false, false, false],
    );
    conversation.retry(conversation.entries[0]!.id);
    const again = conversation.entries.at(-1)!;
    assert.ok(again.role === 'user' && again.status === 'sending' && !again.maybeDelivered);
  });

  test('sendingId names the message on its way', async () => {
    const { calls, send } = scriptedSend();
    const conversation = new Conversation(send);
    const first = conversation.submit('a');
    conversation.submit('b');
    assert.equal(conversation.sendingId, first.id);
    calls[0]!.resolve(parseReply(reply(textBody('ok'))));
    await flush();
    assert.notEqual(conversation.sendingId, first.id);
    calls[1]!.resolve(parseReply(reply(textBody('ok'))));
    await flush();
    assert.equal(conversation.sendingId, undefined);
  });
});

describe('Conversation offline and teardown', () => {
  test('only messages that failed because the browser was offline are resent when it comes back', async () => {
    const { calls, send } = scriptedSend();
    const conversation = new Conversation(send);
    conversation.submit('offline one');
    calls[0]!.reject(new ChatError('offline', 'You are offline.'));
    await flush();
    conversation.submit('server failed');
    calls[1]!.reject(new ChatError('http', 'bad gateway', 502));
    await flush();
    conversation.resendOffline();
    assert.equal(calls.length, 3);
    assert.equal(calls[2]!.body, 'offline one');
    calls[2]!.resolve(parseReply(reply(textBody('back'))));
    await flush();
    conversation.resendOffline();
    assert.equal(calls.length, 3, 'the 502 is never resent by itself');
    assert.deepEqual(view(conversation.entries), [
      'user:server failed:failed',
      'user:offline one:sent',
      'bot:back',
    ]);
  });

  test("leave (the page going away) fails and saves what only this page would send; other tabs' stay", async () => {
    const saves: Entry[][] = [];
    const store: TranscriptStore = {
      load: () => [],
      save: (entries) => void saves.push([...entries]),
      clear: () => undefined,
    };
    const { calls, send } = scriptedSend();
    const signals: AbortSignal[] = [];
    const conversation = new Conversation(
      (body, signal) => {
        signals.push(signal);
        return send(body);
      },
      {},
      store,
    );
    conversation.submit('offline');
    calls[0]!.reject(new ChatError('offline', 'You are offline.'));
    await flush();
    conversation.submit('on its way');
    conversation.submit('waiting');
    // Another tab's message waiting its turn there: that tab sends it, and says what became of it.
    const theirs: UserEntry = {
      role: 'user',
      id: 'u-other',
      text: 'theirs',
      body: 'theirs',
      status: 'queued',
    };
    conversation.merge([...conversation.entries, theirs]);
    conversation.leave();
    assert.equal(signals[1]!.aborted, true);
    assert.equal(conversation.pending, false);
    const status = (entries: readonly Entry[]) =>
      entries.map((e) =>
        e.role === 'user'
          ? `${e.text}:${e.status}${e.maybeDelivered ? ':maybe' : ''}${e.offline ? ':offline' : ''}`
          : '',
      );
    const expected = ['offline:failed', 'on its way:failed:maybe', 'waiting:failed', 'theirs:queued'];
    assert.deepEqual(status(conversation.entries), expected);
    assert.deepEqual(status(saves.at(-1)!), expected, 'saved, so the other tabs show it too');
    assert.equal(calls.length, 2, 'nothing more is sent');
    const saved = saves.length;
    conversation.leave();
    assert.equal(saves.length, saved, 'leaving again changes nothing');
  });
});

describe('Conversation leaving the page and back', () => {
  /** A conversation that sent `texts` (the first is on its way, the rest wait their turn), then left. */
  const leftWith = (...texts: string[]) => {
    const { calls, send } = scriptedSend();
    const conversation = new Conversation(send);
    for (const text of texts) conversation.submit(text);
    conversation.leave();
    const byText = (text: string) =>
      conversation.entries.find((e): e is UserEntry => e.role === 'user' && e.text === text)!;
    return { calls, conversation, byText };
  };

  test('back (from the back-forward cache, or put back on the page) sends again, in order, what had not gone out', async () => {
    const { calls, conversation, byText } = leftWith('on its way', 'waiting', 'also waiting');
    conversation.back();
    assert.deepEqual(
      calls.map((call) => call.body),
      ['on its way', 'waiting'],
    );
    calls[1]!.resolve(parseReply(reply(textBody('got it'))));
    await flush();
    assert.deepEqual(
      calls.map((call) => call.body),
      ['on its way', 'waiting', 'also waiting'],
    );
    assert.equal(byText('on its way').status, 'failed', 'what may have reached the bot waits for a Retry');
    assert.equal(byText('on its way').maybeDelivered, true);
    conversation.back();
    assert.equal(calls.length, 3, 'back a second time sends nothing more');
  });

  test('back sends nothing once the conversation moved on: a message taken up or written in another tab', () => {
    for (const moveOn of ['taken up', 'written']) {
      const { calls, conversation, byText } = leftWith('on its way', 'waiting', 'then this');
      const last = byText('then this');
      conversation.merge(
        moveOn === 'taken up'
          ? // Another tab sent the last one again (a later attempt): it is that tab's now, and went first.
            conversation.entries.map((e) =>
              e === last ? { ...last, status: 'sending', at: (last.at ?? 0) + 10 } : e,
            )
          : [
              ...conversation.entries,
              { role: 'user', id: 'u-other', text: 'later', body: 'later', status: 'sent' },
            ],
      );
      conversation.back();
      assert.equal(calls.length, 1, moveOn);
      assert.equal(byText('waiting').status, 'failed', `${moveOn}: it waits for a Retry`);
    }
  });

  test('back sends nothing when the page comes back long after it left', () => {
    const { calls, conversation, byText } = leftWith('on its way', 'waiting');
    const now = Date.now;
    Date.now = () => now() + 11 * 60_000;
    try {
      conversation.back();
    } finally {
      Date.now = now;
    }
    assert.equal(calls.length, 1);
    assert.equal(byText('waiting').status, 'failed', 'it waits for a Retry');
  });
});

describe('Conversation time, hidden messages and ratings', () => {
  test('a user message carries when it was sent; a bot message the reply timestamp, else its arrival', async () => {
    const { calls, send } = scriptedSend();
    const conversation = new Conversation(send);
    const before = Date.now();
    const entry = conversation.submit('hi');
    assert.ok(entry.at! >= before && entry.at! <= Date.now());
    await new Promise((resolve) => setTimeout(resolve, 5));
    const stamp = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 5));
    calls[0]!.resolve(parseReply({ ...reply(textBody('stamped')), timestamp: stamp }));
    await flush();
    assert.equal(conversation.entries[1]!.at, Date.parse(stamp), "Haptik's time, not the arrival");
    conversation.submit('skewed');
    calls[1]!.resolve(parseReply({ ...reply(textBody('late')), timestamp: '2018-10-04T12:41:27.980Z' }));
    await flush();
    assert.equal(
      conversation.entries[3]!.at,
      conversation.entries[2]!.at,
      'a clock behind ours never puts the answer before its question',
    );
    conversation.submit('again');
    await new Promise((resolve) => setTimeout(resolve, 5));
    const sentAt = Date.now();
    calls[2]!.resolve(parseReply({ ...reply(textBody('unstamped')), timestamp: 'yesterday' }));
    await flush();
    const arrived = conversation.entries[5]!;
    assert.ok(arrived.at! >= sentAt && arrived.at! <= Date.now(), 'no readable timestamp: the arrival');
    assert.equal(conversation.entries[4]!.role === 'user' && conversation.entries[4]!.status, 'sent');
    assert.ok(conversation.entries[4]!.at! >= before, 'the time stays through the status changes');
  });

  test('a hidden message is sent like any other and keeps its flag', async () => {
    const { calls, send } = scriptedSend();
    const conversation = new Conversation(send);
    conversation.submit('start', 'start', true);
    assert.equal(calls[0]!.body, 'start');
    calls[0]!.resolve(parseReply(reply(textBody('Welcome', [quickReply('Menu')]))));
    await flush();
    const [hidden] = conversation.entries;
    assert.ok(hidden?.role === 'user' && hidden.hidden === true && hidden.status === 'sent');
    assert.deepEqual(
      conversation.quickReplies.map((q) => q.label),
      ['Menu'],
      'the greeting offers its quick replies',
    );
  });

  test('bot messages are keyed by their Haptik id (the same message from another tab is the same entry)', async () => {
    const { calls, send } = scriptedSend();
    const conversation = new Conversation(send);
    conversation.submit('one');
    calls[0]!.resolve(parseReply({ message: [{ id: 7, body: textBody('a') }, { body: textBody('no id') }] }));
    await flush();
    const ids = conversation.entries.filter((e) => e.role === 'bot').map((e) => e.id);
    assert.equal(ids[0], 'h-7');
    assert.match(ids[1]!, /^b-/, 'without a Haptik id, one of our own');
  });

  test('rating a bot message replaces the entry and saves it; the same rating again changes nothing', async () => {
    const { calls, send } = scriptedSend();
    const saves: Entry[][] = [];
    const store: TranscriptStore = {
      load: () => [],
      save: (entries) => void saves.push([...entries]),
      clear: () => undefined,
    };
    const conversation = new Conversation(send, {}, store);
    conversation.submit('q');
    calls[0]!.resolve(parseReply(reply(textBody('a'))));
    await flush();
    const bot = conversation.entries[1]!;
    const count = saves.length;
    const rated = conversation.rate(bot.id, 'down');
    assert.equal(rated?.rating, 'down');
    assert.notEqual(conversation.entries[1], bot);
    assert.equal(saves.length, count + 1);
    assert.equal(conversation.rate(bot.id, 'down'), undefined);
    assert.equal(conversation.rate(bot.id, 'up')?.rating, 'up', 'changeable');
  });
});

describe('Conversation across tabs (merge)', () => {
  const user = (id: string, status: UserEntry['status'], extra: Partial<UserEntry> = {}): UserEntry => ({
    role: 'user',
    id,
    text: id,
    body: id,
    status,
    ...extra,
  });
  const recordingStore = () => {
    const saves: Entry[][] = [];
    const store: TranscriptStore = {
      load: () => [],
      save: (entries) => void saves.push([...entries]),
      clear: () => undefined,
    };
    return { saves, store };
  };

  test('a stale copy relayed by a third tab does not put back an offline message its tab failed on leaving', () => {
    const conversation = new Conversation(async () => ({ messages: [] }));
    const waiting = user('u-a', 'failed', { at: 5, offline: true });
    conversation.merge([waiting]);
    // Its tab went away (leave): nobody will send it when the browser is back online.
    conversation.merge([user('u-a', 'failed', { at: 5 })]);
    conversation.merge([waiting]);
    const [entry] = conversation.entries as UserEntry[];
    assert.equal(entry!.status, 'failed');
    assert.equal(entry!.offline, undefined, 'failed, with a retry; not "sent when you are back online"');
  });

  test("another tab's entries merge by id in its order; its version wins for what this page did not write", () => {
    const { saves, store } = recordingStore();
    const conversation = new Conversation(async () => ({ messages: [] }), {}, store);
    conversation.merge([user('a', 'sending')]);
    assert.deepEqual(view(conversation.entries), ['user:a:sending']);
    conversation.merge([user('a', 'sent'), user('b', 'queued')]);
    assert.deepEqual(view(conversation.entries), ['user:a:sent', 'user:b:queued']);
    assert.equal(saves.length, 0, 'nothing new here: nothing saved back');
  });

  test('what only this page has stays right after the entry it followed here, at any length and in any mix', () => {
    // The rule, written as plainly as possible: each entry only this page has is inserted after the one
    // before it here (or first); what only the other has right after that same entry was written at the
    // same time, and the two are taken in turn, the earlier first (none of these entries has a time: by
    // id). The merge must give the same order, in one pass instead of one search each.
    const expected = (mine: readonly string[], theirs: readonly string[]) => {
      const runs = new Map<string | undefined, string[]>();
      let before: string | undefined;
      for (const id of mine) {
        if (theirs.includes(id)) before = id;
        else runs.set(before, [...(runs.get(before) ?? []), id]);
      }
      const merged: string[] = [];
      const after = (common: string | undefined, from: number) => {
        const run = runs.get(common) ?? [];
        let to = from;
        while (to < theirs.length && !mine.includes(theirs[to]!)) to += 1;
        const only = theirs.slice(from, to);
        let [i, j] = [0, 0];
        while (i < run.length || j < only.length) {
          merged.push(j >= only.length || (i < run.length && run[i]! < only[j]!) ? run[i++]! : only[j++]!);
        }
        return to;
      };
      for (let i = after(undefined, 0); i < theirs.length;) {
        merged.push(theirs[i]!);
        i = after(theirs[i], i + 1);
      }
      return merged;
    };
    let seed = 7;
    const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    for (let round = 0; round < 200; round += 1) {
      const ids = Array.from({ length: 1 + Math.floor(random() * 12) }, (_, i) => `e${i}`);
      const mine = ids.filter(() => random() < 0.7);
      const theirs = ids.filter(() => random() < 0.6).sort(() => random() - 0.5);
      const conversation = new Conversation(async () => ({ messages: [] }));
      conversation.replace(mine.map((id) => user(id, 'sent')));
      conversation.merge(theirs.map((id) => user(id, 'sent')));
      assert.deepEqual(
        conversation.entries.map((entry) => entry.id),
        expected(mine, theirs),
        `mine ${mine.join(',')}; theirs ${theirs.join(',')}`,
      );
    }
  });

  test('two tabs sending at once show their messages in one order, by when each was sent', () => {
    const base = [user('a', 'sent', { at: 1 })];
    const [here, there] = [
      new Conversation(async () => ({ messages: [] })),
      new Conversation(async () => ({ messages: [] })),
    ];
    here.replace([...base, user('mine', 'sent', { at: 3 })]);
    there.replace([...base, user('theirs', 'sent', { at: 2 })]);
    const [fromHere, fromThere] = [here.entries, there.entries];
    here.merge(fromThere);
    there.merge(fromHere);
    assert.deepEqual(view(here.entries), ['user:a:sent', 'user:theirs:sent', 'user:mine:sent']);
    assert.deepEqual(view(there.entries), view(here.entries));
  });

  test('tabs that send, are answered and hear each other in any order end with one transcript, answers by their questions', async () => {
    let seed = 11;
    const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
    let messages = 0;
    for (let history = 0; history < 300; history += 1) {
      const count = 2 + Math.floor(random() * 2);
      // What each tab posted, per receiving tab, in order (as a BroadcastChannel delivers one sender's posts).
      const posts = new Map<string, Entry[][]>();
      const tabs = Array.from({ length: count }, (_, t) => {
        const { calls, send } = scriptedSend();
        const store: TranscriptStore = {
          load: () => [],
          clear: () => undefined,
          save: (entries) => {
            for (let u = 0; u < count; u += 1) {
              if (u === t) continue;
              const key = `${t}>${u}`;
              posts.set(key, [...(posts.get(key) ?? []), entries.map((entry) => ({ ...entry }))]);
            }
          },
        };
        return { calls, conversation: new Conversation(send, {}, store) };
      });
      const answer = (tab: (typeof tabs)[number]) => {
        const call = tab.calls.shift();
        messages += 1;
        call?.resolve(parseReply({ message: [{ id: messages, body: textBody(`answer to ${call.body}`) }] }));
      };
      const deliver = () => {
        const key = pick([...posts].filter(([, queue]) => queue.length).map(([name]) => name));
        const to = Number(key.split('>')[1]);
        tabs[to]!.conversation.merge(posts.get(key)!.shift()!);
      };
      for (let step = 0; step < 14; step += 1) {
        const roll = random();
        const waiting = tabs.filter((tab) => tab.calls.length);
        if (roll < 0.3) pick(tabs).conversation.submit(`q${(messages += 1)}`);
        else if (roll < 0.55 && waiting.length) answer(pick(waiting));
        else if ([...posts.values()].some((queue) => queue.length)) deliver();
        await flush();
      }
      // Everything answered and heard: the tabs must agree, and fall quiet.
      for (let rounds = 0; ; rounds += 1) {
        assert.ok(rounds < 500, `history ${history}: the tabs never fall quiet`);
        const waiting = tabs.filter((tab) => tab.calls.length);
        if (waiting.length) answer(waiting[0]!);
        else if ([...posts.values()].some((queue) => queue.length)) deliver();
        else break;
        await flush();
      }
      const orders = tabs.map((tab) => view(tab.conversation.entries).join(' | '));
      assert.ok(
        orders.every((order) => order === orders[0]),
        `history ${history}: one transcript in every tab\n${orders.join('\n')}`,
      );
      let asked: string | undefined;
      for (const entry of tabs[0]!.conversation.entries) {
        if (entry.role === 'user') asked = entry.text;
        else assert.equal(entry.message.text, `answer to ${asked}`, `history ${history}: ${orders[0]}`);
      }
    }
  });

  test("another tab's queued or offline message is never sent from this page", async () => {
    let sends = 0;
    const conversation = new Conversation(async () => {
      sends += 1;
      return { messages: [] };
    });
    conversation.merge([user('theirs', 'queued'), user('offline', 'failed', { offline: true })]);
    conversation.back();
    conversation.resendOffline();
    await flush();
    assert.equal(sends, 0);
  });

  test("this page's own message keeps its state, and what the other tab lacked is kept and saved", async () => {
    const { calls, send } = scriptedSend();
    const { saves, store } = recordingStore();
    const conversation = new Conversation(send, {}, store);
    const mine = conversation.submit('mine');
    const count = saves.length;
    // The other tab saw it queued, and wrote a message of its own after it.
    conversation.merge([user(mine.id, 'queued'), user('theirs', 'sent')]);
    assert.deepEqual(view(conversation.entries), ['user:mine:sending', 'user:theirs:sent']);
    assert.equal(saves.length, count + 1, 'the newer state of our own message is saved for the others');
    // A copy without our message at all: ours stays where it was.
    conversation.merge([user('theirs', 'sent')]);
    assert.deepEqual(view(conversation.entries), ['user:mine:sending', 'user:theirs:sent']);
    calls[0]!.resolve(parseReply(reply(textBody('for mine'))));
    await flush();
    assert.deepEqual(view(conversation.entries), ['user:mine:sent', 'bot:for mine', 'user:theirs:sent']);
  });

  test("a message of this page sent again from another tab (a retry there) is that tab's: only it resends", async () => {
    let online = false;
    let sends = 0;
    const conversation = new Conversation(async () => {
      if (!online) throw new ChatError('offline', 'You are offline.');
      sends += 1;
      return { messages: [] };
    });
    const mine = conversation.submit('hello');
    await flush();
    const failed = conversation.entries[0] as UserEntry;
    assert.equal(failed.offline, true);
    // The other tab's Retry (still offline): its copy has the later time of its own attempt.
    conversation.merge([user(mine.id, 'failed', { offline: true, at: (failed.at ?? 0) + 1000 })]);
    online = true;
    conversation.resendOffline();
    await flush();
    assert.equal(sends, 0, 'the other tab resends it, not this one');
    assert.equal((conversation.entries[0] as UserEntry).at, (failed.at ?? 0) + 1000, 'its version shows');
    // An older copy of a message still ours changes nothing: it waits behind one on its way, and goes.
    const { calls, send } = scriptedSend();
    const other = new Conversation(send);
    other.submit('first');
    const waiting = other.submit('waiting');
    other.merge([...other.entries.slice(0, 1), user(waiting.id, 'queued', { at: (waiting.at ?? 0) - 1 })]);
    calls[0]!.resolve(parseReply(reply(textBody('answer'))));
    await flush();
    assert.deepEqual(
      calls.map((call) => call.body),
      ['first', 'waiting'],
    );
  });

  test("a state this page guessed on restoring is shown, never saved for other tabs; the writer's word wins", () => {
    const { saves, store } = recordingStore();
    const stored = user('theirs', 'sending', { at: 5 });
    const conversation = new Conversation(
      async () => new Promise<ParsedReply>(() => undefined),
      {},
      {
        ...store,
        load: () => [stored],
      },
    );
    assert.deepEqual(view(conversation.entries), ['user:theirs:failed'], 'on its way when a page went away');
    conversation.submit('mine');
    assert.deepEqual(
      view(saves.at(-1)!),
      ['user:theirs:sending', 'user:mine:sending'],
      'saved as it was stored',
    );
    // The tab that wrote it says it went; a copy of the guess from elsewhere can no longer undo that.
    conversation.merge([user('theirs', 'sent', { at: 5 }), ...saves.at(-1)!.slice(1)]);
    conversation.merge([user('theirs', 'failed', { at: 5 }), ...saves.at(-1)!.slice(1)]);
    assert.deepEqual(view(conversation.entries), ['user:theirs:sent', 'user:mine:sending']);
  });

  test('another tab saying what this page guessed makes it a fact: saved as that tab said it', () => {
    const { saves, store } = recordingStore();
    const conversation = new Conversation(
      async () => new Promise<ParsedReply>(() => undefined),
      {},
      {
        ...store,
        load: () => [user('theirs', 'sending', { at: 5 })],
      },
    );
    // The writer went away mid-send and marked it failed, as this page guessed.
    conversation.merge([user('theirs', 'failed', { at: 5, maybeDelivered: true })]);
    conversation.submit('mine');
    assert.deepEqual(view(saves.at(-1)!), ['user:theirs:failed', 'user:mine:sending']);
  });

  test('a retry is a later attempt than the one before, even when the clock went back', async () => {
    const now = Date.now;
    let clock = 10_000;
    Date.now = () => clock;
    try {
      const conversation = new Conversation(async () => {
        throw new ChatError('network', 'Lost.');
      });
      const first = conversation.submit('hello');
      await flush();
      clock = 4_000;
      conversation.retry(first.id);
      const retried = conversation.entries[0] as UserEntry;
      assert.ok((retried.at ?? 0) > (first.at ?? 0), `${retried.at} after ${first.at}`);
    } finally {
      Date.now = now;
    }
  });

  test('asked by a tab that starts watching, this page saves only while it is sending messages', async () => {
    const { calls, send } = scriptedSend();
    const { saves, store } = recordingStore();
    const conversation = new Conversation(send, {}, store);
    conversation.merge([user('theirs', 'sending')]);
    conversation.announce();
    assert.equal(saves.length, 0, "another tab's message is that tab's to tell");
    conversation.submit('mine');
    const count = saves.length;
    conversation.announce();
    assert.equal(saves.length, count + 1);
    assert.deepEqual(view(saves.at(-1)!), ['user:theirs:sending', 'user:mine:sending']);
    calls[0]!.resolve(parseReply(reply(textBody('answer'))));
    await flush();
    const settled = saves.length;
    conversation.announce();
    assert.equal(saves.length, settled, 'nothing on its way: nothing to tell');
  });

  test('the same copy twice changes nothing: entries keep their identity', () => {
    let changes = 0;
    const conversation = new Conversation(async () => ({ messages: [] }), { onChange: () => (changes += 1) });
    conversation.merge([user('a', 'sent', { at: 1 })]);
    const first = conversation.entries[0];
    conversation.merge([user('a', 'sent', { at: 1 })]);
    assert.equal(conversation.entries[0], first, 'an equal version does not replace the entry');
    assert.equal(changes, 1, 'and no redraw is asked for');
  });

  test('replace() takes a new conversation from another tab and gives up what was in flight here', () => {
    const signals: AbortSignal[] = [];
    const conversation = new Conversation(
      (_body, signal) =>
        new Promise<ParsedReply>(() => {
          signals.push(signal);
        }),
    );
    conversation.submit('old');
    conversation.replace([]);
    assert.equal(signals[0]!.aborted, true);
    assert.deepEqual(conversation.entries, []);
    assert.equal(conversation.pending, false);
  });
});

describe('messages that arrive on their own (human agents)', () => {
  test('are appended in order, announced once, and a message already shown (same Haptik id) is not shown twice', async () => {
    const { calls, send } = scriptedSend();
    const arrived: string[] = [];
    const conversation = new Conversation(send, { onMessage: (entry) => arrived.push(entry.message.text) });
    conversation.submit('talk to a human');
    const sync = parseReply({ message: [{ id: 7, body: textBody('Connecting you') }] });
    // The stream may deliver the bot's reply before the send's answer does.
    conversation.receive(sync);
    calls[0]!.resolve(sync);
    await flush();
    const agent = { id: 2, name: 'Asha', profile_image: '', is_automated: false };
    conversation.receive(parseReply({ agent, message: [{ id: 8, body: textBody('Hi, Asha here') }] }));
    conversation.receive(parseReply({ agent, message: [{ id: 8, body: textBody('Hi, Asha here') }] }));
    assert.deepEqual(view(conversation.entries), [
      'user:talk to a human:sent',
      'bot:Connecting you',
      'bot:Hi, Asha here',
    ]);
    assert.deepEqual(arrived, ['Connecting you', 'Hi, Asha here']);
    const last = conversation.entries.at(-1)!;
    assert.ok(last.role === 'bot' && last.agent?.name === 'Asha');
  });

  test('what is already shown stays known through every kind of change: a reply is never shown twice', async () => {
    const { calls, send } = scriptedSend();
    const conversation = new Conversation(send);
    const plain = (id: number, text: string) => parseReply({ message: [{ id, body: textBody(text) }] });
    const agent = { id: 2, name: 'Asha', profile_image: '', is_automated: false };
    conversation.receive(plain(1, 'one'));
    conversation.submit('question');
    calls[0]!.resolve(plain(2, 'answer'));
    await flush();
    conversation.receive(plain(2, 'answer'));
    conversation.receive(plain(1, 'one'));
    assert.deepEqual(view(conversation.entries), ['bot:one', 'user:question:sent', 'bot:answer']);
    // Another tab's copy brings a message from an agent: it is known from then on.
    conversation.merge([
      ...conversation.entries,
      {
        role: 'bot',
        id: 'h-3',
        message: plain(3, 'agent here').messages[0]!,
        agent,
        source: { body: null, id: '3' },
      },
    ]);
    conversation.receive(plain(3, 'agent here'));
    assert.equal(conversation.entries.length, 4, 'the merged message is not shown twice');
    // A rating changes nothing that is looked for; a new conversation forgets all of it.
    conversation.rate('h-3', 'up');
    conversation.receive(plain(3, 'agent here'));
    assert.equal(conversation.entries.length, 4);
    conversation.replace([]);
    conversation.receive(plain(1, 'one again, in the new conversation'));
    assert.deepEqual(view(conversation.entries), ['bot:one again, in the new conversation']);
    conversation.receive(plain(1, 'one again, in the new conversation'));
    assert.equal(conversation.entries.length, 1);
  });

  test('a retry moves only the message retried, not a bot message that shares its id', async () => {
    // A record no tab of ours would write (a user message with a Haptik message's entry id), read from storage.
    const saved: Entry[] = [{ role: 'user', id: 'h-5', text: 'odd', body: 'odd', status: 'failed' }];
    const store: TranscriptStore = { load: () => saved, save: () => undefined, clear: () => undefined };
    const conversation = new Conversation(async () => ({ messages: [] }), {}, store);
    const five = parseReply({ message: [{ id: 5, body: textBody('five') }] });
    conversation.receive(five);
    conversation.retry('h-5');
    await flush();
    assert.deepEqual(view(conversation.entries), ['bot:five', 'user:odd:sent']);
    conversation.receive(five);
    assert.equal(conversation.entries.length, 2, 'still shown once');
  });

  test("one delivered late goes before those Haptik numbered after it, but never above the user's last message", () => {
    const conversation = new Conversation(async () => ({ messages: [] }));
    const agent = { id: 2, name: 'Asha', profile_image: '', is_automated: false };
    const from = (id: number, text: string) => parseReply({ agent, message: [{ id, body: textBody(text) }] });
    conversation.receive(from(12, 'second'));
    conversation.receive(from(11, 'first'));
    conversation.receive(from(13, 'third'));
    assert.deepEqual(view(conversation.entries), ['bot:first', 'bot:second', 'bot:third']);
    // Ids of any length (past what a number holds exactly), leading zeros or not.
    const by = (id: string) => parseReply({ agent, message: [{ id, body: textBody(id) }] });
    for (const id of ['90071992547409931', '90071992547409930', '8', '007']) conversation.receive(by(id));
    assert.deepEqual(view(conversation.entries), [
      'bot:007',
      'bot:8',
      'bot:first',
      'bot:second',
      'bot:third',
      'bot:90071992547409930',
      'bot:90071992547409931',
    ]);
    conversation.submit('a question');
    conversation.receive(from(10, 'late, after the question was asked'));
    assert.deepEqual(view(conversation.entries).slice(7), [
      'user:a question:sending',
      'bot:late, after the question was asked',
    ]);
    // Nor more than a few places back: it still arrives as news.
    const many = new Conversation(async () => ({ messages: [] }));
    for (let id = 100; id < 150; id += 1) many.receive(from(id, `m${id}`));
    many.receive(from(1, 'very late'));
    assert.equal(view(many.entries).indexOf('bot:very late'), 30);
  });
});
