/**
 * A built-in bot that speaks Haptik's Synchronous Webhooks API, so the widget and the proxy can be
 * tried and tested without a Haptik account. It checks credentials the way Haptik does and answers
 * from a short script.
 */

export interface DemoBotOptions {
  token: string;
  clientId: string;
  businessIds: readonly number[];
  /** For stable timestamps in tests. */
  now?: () => Date;
}

interface QuickReplyJson {
  actionable_text: string;
  type: 'TEXT_ONLY';
  is_default: 0 | 1;
  payload: { message: string; gogo_message: string };
}

export interface HslBody {
  text: string;
  type: string;
  data: Record<string, unknown>;
}

const quickReply = (label: string, gogoMessage = ''): QuickReplyJson => ({
  actionable_text: label,
  type: 'TEXT_ONLY',
  is_default: 0,
  payload: { message: label, gogo_message: gogoMessage },
});

const text = (body: string, replies: QuickReplyJson[] = []): HslBody => ({
  text: body,
  type: 'TEXT',
  data: { quick_replies: replies },
});

const MENU = [
  quickReply('What can you do?', 'help'),
  quickReply('Tell me a fact', 'fact'),
  quickReply('Bye', 'bye'),
];

const FACTS = [
  'Haptik replies are lists: one message from you can get several answers.',
  'Quick replies vanish once you use one, so the chat stays tidy.',
  'The proxy adds the bot token on the server; your browser never sees it.',
];

/** The script: the user's message in, the bot's messages out. */
export function demoReplies(message: string, turn: number): HslBody[] {
  const said = message.trim().toLowerCase();
  if (/^(hi|hello|hey|start|menu)\b/.test(said)) {
    return [text('Hi! I am the haptik-chat demo bot.'), text('What would you like to see?', MENU)];
  }
  if (said === 'help' || said.includes('what can you do')) {
    return [
      text(
        'I answer with Haptik messages.\nTap a suggestion below, or type anything and I will echo it.',
        MENU,
      ),
    ];
  }
  if (said === 'fact' || said.includes('fact')) {
    return [
      text(FACTS[turn % FACTS.length] ?? FACTS[0]!, [
        quickReply('Another fact', 'fact'),
        quickReply('Menu', 'menu'),
      ]),
    ];
  }
  if (said === 'bye') return [text('Bye! Say hi whenever you like.', [quickReply('Hi again', 'hi')])];
  return [text(`You said: ${message}`, [quickReply('Menu', 'menu')])];
}

const json = (status: number, payload: unknown): Response =>
  new Response(JSON.stringify(payload), { status, headers: { 'content-type': 'application/json' } });

/** Makes the demo bot's fetch handler. */
export function createDemoBot(options: DemoBotOptions) {
  const now = options.now ?? (() => new Date());
  const turns = new Map<string, number>();
  let nextId = 1;

  return async function demoBot(request: Request): Promise<Response> {
    if (request.method !== 'POST') return json(405, { error_message: 'method not allowed' });
    if (
      request.headers.get('authorization') !== `Bearer ${options.token}` ||
      request.headers.get('client-id') !== options.clientId
    ) {
      return json(401, { error_message: 'invalid authorization details' });
    }
    let body: { user?: { auth_id?: unknown }; message_body?: unknown; business_id?: unknown };
    try {
      body = (await request.json()) as typeof body;
    } catch {
      return json(400, { error_message: 'invalid request body' });
    }
    const authId = body.user?.auth_id;
    if (typeof authId !== 'string' || typeof body.message_body !== 'string') {
      return json(400, { error_message: 'invalid request body' });
    }
    if (typeof body.business_id !== 'number' || !options.businessIds.includes(body.business_id)) {
      return json(403, { error_message: 'invalid business id' });
    }
    const turn = turns.get(authId) ?? 0;
    turns.set(authId, turn + 1);
    if (turns.size > 10_000) turns.delete(turns.keys().next().value as string);
    return json(200, {
      version: '1.0',
      timestamp: now().toISOString(),
      agent: { id: 1, name: 'Demo bot', profile_image: '', is_automated: true },
      message: demoReplies(body.message_body, turn).map((message) => ({ id: nextId++, body: message })),
    });
  };
}
