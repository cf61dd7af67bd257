/**
 * A built-in bot that speaks Haptik's Synchronous Webhooks API, so the widget and the proxy can be
 * tried and tested without a Haptik account. It checks credentials the way Haptik does and answers
 * from a short script.
 */
import type { DemoAgent } from './demo-agent.js';

interface DemoBotOptions {
  token: string;
  clientId: string;
  businessIds: readonly number[];
  /** For stable timestamps in tests. */
  now?: () => Date;
  /** Plays a human agent when asked for one (demo-agent.ts); without it the bot answers everything. */
  agent?: DemoAgent;
}

interface QuickReplyJson {
  actionable_text: string;
  type: 'TEXT_ONLY';
  is_default: 0 | 1;
  payload: { message: string; gogo_message: string };
}

interface HslBody {
  text: string;
  type: string;
  data: Record<string, unknown>;
}

const quickReply = (label: string, gogoMessage = '', isDefault = false): QuickReplyJson => ({
  actionable_text: label,
  type: 'TEXT_ONLY',
  is_default: isDefault ? 1 : 0,
  payload: { message: label, gogo_message: gogoMessage },
});

const text = (body: string, replies: QuickReplyJson[] = []): HslBody => ({
  text: body,
  type: 'TEXT',
  data: { quick_replies: replies },
});

/** Actionables as HSL writes them: a message to send, or a `uri` that says what to open. */
const say = (label: string, message: string, gogoMessage = '', isDefault = false) => ({
  actionable_text: label,
  type: 'TEXT_ONLY',
  uri: '',
  is_default: isDefault ? 1 : 0,
  payload: { message, gogo_message: gogoMessage },
});
const open = (label: string, uri: 'LINK' | 'SELF_SERVE_WEB', url: string) => ({
  actionable_text: label,
  type: 'APP_ACTION',
  uri,
  is_default: 0,
  payload: { url },
});
const call = (label: string, phoneNumber: string) => ({
  actionable_text: label,
  type: 'APP_ACTION',
  uri: 'CALL',
  is_default: 0,
  payload: { phone_number: phoneNumber },
});

/**
 * The demo's pictures: demo/images/, served by `npm start` on the page's own origin, so the demo needs no
 * internet. A root-relative URL is a same-origin image, which the page opts in to (`same-origin-images`).
 */
const demoImage = (name: string): string => `/images/${name}.svg`;

/** A page that allows being framed, for the web view. */
const DEMO_WEB_VIEW_URL = 'https://example.com/';
/** A fictional number (555-01xx is reserved for fiction). */
const DEMO_PHONE = '+1 555 010 0199';

const MENU = [
  quickReply('Text markup', 'markup'),
  quickReply('Buttons', 'buttons'),
  quickReply('Carousel', 'carousel'),
  quickReply('Image', 'image'),
  quickReply('Web view', 'webview'),
  quickReply('System line', 'system'),
  quickReply('Everything', 'everything'),
  quickReply('Tell me a fact', 'fact'),
  quickReply('Talk to a human', 'talk to a human'),
];

const BACK = [quickReply('Menu', 'menu')];

const FACTS = [
  'Haptik replies are lists: one message from you can get several answers.',
  'Quick replies vanish once you use one, so the chat stays tidy.',
  'The proxy adds the bot token on the server; your browser never sees it.',
];

const MARKUP = [
  text(
    'Text can be *bold*, _italic_, ~struck through~ and `underlined`, or *even _mixed_*.\n' +
      'Lines break where the bot breaks them, and links work: https://www.haptik.ai/, www.haptik.ai,\n' +
      'help@example.com and +1 555 010 0199.\n' +
      'Anything in braces is hidden metadata{"intent":"demo_markup"}: you never see it.',
  ),
  text('Tap this bubble: it answers like its default suggestion, “Back to the menu”.', [
    quickReply('Back to the menu', 'menu', true),
    quickReply('Show buttons', 'buttons'),
  ]),
];

const BUTTONS: HslBody = {
  text: 'Buttons stay after a tap. The highlighted one is the default.',
  type: 'BUTTON',
  data: {
    items: [
      say('Tell me a fact', 'Tell me a fact', 'fact', true),
      open("Haptik's website", 'LINK', 'https://www.haptik.ai/'),
      open('Open a web view', 'SELF_SERVE_WEB', DEMO_WEB_VIEW_URL),
      call('Call support', DEMO_PHONE),
    ],
  },
};

const getaway = (place: string, image: string, subtitle: string, description: string, link: string) => ({
  thumbnail: { image: demoImage(image) },
  title: place,
  sub_title: subtitle,
  description,
  meta: 'Free cancellation',
  actionables: [
    say(`Book ${place}`, `Book ${place}`, `book ${place}`, true),
    open('Read more', 'LINK', link),
  ],
});

const CAROUSEL: HslBody = {
  text: 'Weekend getaways, swipe or use the arrows:',
  type: 'CAROUSEL',
  data: {
    width: 'MEDIUM',
    image_aspect_ratio: '1.67',
    items: [
      getaway(
        'Goa',
        'goa',
        'Beach stays from ₹3,499',
        '*4.6* · 1,204 reviews',
        'https://en.wikipedia.org/wiki/Goa',
      ),
      getaway(
        'Jaipur',
        'jaipur',
        'Heritage hotels from ₹2,899',
        '*4.5* · 988 reviews',
        'https://en.wikipedia.org/wiki/Jaipur',
      ),
      {
        ...getaway('Munnar', 'munnar', 'Tea-garden cottages from ₹2,499', '*4.8* · 642 reviews', ''),
        actionables: [
          say('Book Munnar', 'Book Munnar', 'book munnar', true),
          call('Talk to an expert', DEMO_PHONE),
        ],
      },
    ],
  },
};

const IMAGE: HslBody = {
  text: 'An image is a one-card carousel without buttons:',
  type: 'CAROUSEL',
  data: {
    width: 'BIG',
    image_aspect_ratio: 1.5,
    items: [
      {
        thumbnail: { image: demoImage('sunset') },
        title: 'Sunset over the Arabian Sea',
        sub_title: '',
        description: '',
        actionables: [],
      },
    ],
  },
};

const WEB_VIEW: HslBody = {
  text: 'A web view shows a page inside the chat. It runs sandboxed, so it cannot reach this site.',
  type: 'BUTTON',
  data: { items: [open('Open example.com', 'SELF_SERVE_WEB', DEMO_WEB_VIEW_URL)] },
};

const SYSTEM = [
  { text: 'An agent pinned this chat', type: 'SYSTEM', data: { event_name: 'chat_pinned' } },
  text('The line above is a SYSTEM message: an event in the chat, not something anyone said.', BACK),
];

const UNSUPPORTED: HslBody = {
  text: 'Types this widget does not draw, like this FORM, show their text instead.',
  type: 'FORM',
  data: { fields: [] },
};

const EVERYTHING = [
  MARKUP[0]!,
  BUTTONS,
  CAROUSEL,
  IMAGE,
  SYSTEM[0]!,
  UNSUPPORTED,
  WEB_VIEW,
  text('That was everything. What next?', MENU),
];

/** Forty quick replies, as some bots send: the widget keeps them to a few rows that scroll. */
const CHOICES = [
  text(
    'Which city are you flying from?',
    [
      'Agra',
      'Ahmedabad',
      'Amritsar',
      'Bengaluru',
      'Bhopal',
      'Bhubaneswar',
      'Chandigarh',
      'Chennai',
      'Coimbatore',
      'Dehradun',
      'Delhi',
      'Goa',
      'Guwahati',
      'Hyderabad',
      'Indore',
      'Jaipur',
      'Jammu',
      'Kochi',
      'Kolkata',
      'Kozhikode',
      'Leh',
      'Lucknow',
      'Madurai',
      'Mangaluru',
      'Mumbai',
      'Nagpur',
      'Patna',
      'Port Blair',
      'Pune',
      'Raipur',
      'Ranchi',
      'Srinagar',
      'Surat',
      'Thiruvananthapuram',
      'Tirupati',
      'Udaipur',
      'Vadodara',
      'Varanasi',
      'Vijayawada',
      'Visakhapatnam',
    ].map((city) => quickReply(city)),
  ),
];

/** A long answer in many messages: the widget paces them and opens the reply at its start. */
const LONG = [
  ...[
    'Here is how a refund works, step by step.',
    'First, open *My orders* and pick the order.',
    'Tap _Return or refund_ under the item.',
    'Choose why you are returning it.',
    'Pick a pickup slot that suits you.',
    'Pack the item with its tags and box.',
    'Hand it over at pickup and keep the receipt.',
    'We check the item within two days.',
    'The refund starts once the check passes.',
    'Cards take 5–7 working days.',
    'UPI and wallets take a day or two.',
    'Cash on delivery refunds go to your bank account.',
    'You get a message at every step.',
    'If anything goes wrong, write to help@example.com.',
  ].map((line) => text(line)),
  text('Was this clear?', [quickReply('Yes'), quickReply('Menu', 'menu')]),
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
        'I answer with every kind of Haptik message.\nTap a suggestion below, or type anything and I will echo it.',
        MENU,
      ),
    ];
  }
  if (said === 'markup' || said.includes('text markup')) return MARKUP;
  if (said === 'buttons' || said === 'button') return [BUTTONS, text('Anything else?', BACK)];
  if (said === 'carousel') return [CAROUSEL];
  if (said === 'image') return [IMAGE, text('Anything else?', BACK)];
  if (said === 'webview' || said === 'web view') return [WEB_VIEW];
  if (said === 'system' || said.includes('system line')) return SYSTEM;
  if (said === 'everything') return EVERYTHING;
  if (said === 'choices' || said.includes('many choices')) return CHOICES;
  if (said === 'long' || said.includes('long answer')) return LONG;
  if (said.startsWith('book ')) {
    const place = message.trim().slice('book '.length);
    return [text(`A booking for *${place}* would start here.{"booking":"demo"}`, BACK)];
  }
  if (said === 'fact' || said.includes('fact')) {
    return [
      text(FACTS[turn % FACTS.length] ?? FACTS[0]!, [
        quickReply('Another fact', 'fact'),
        quickReply('Menu', 'menu'),
      ]),
    ];
  }
  if (said === 'bye') {
    // Marked complete, as an agent closing the chat would: a widget with `feedback` offers its rating form.
    return [
      text('Bye! Say hi whenever you like.', [quickReply('Hi again', 'hi')]),
      { text: 'Chat completed', type: 'SYSTEM', data: { event_name: 'chat_complete' } },
    ];
  }
  return [text(`You said: ${message}`, [quickReply('Menu', 'menu')])];
}

const json = (status: number, payload: unknown): Response =>
  new Response(JSON.stringify(payload), { status, headers: { 'content-type': 'application/json' } });

/** Where the demo bot takes ratings: the path of Haptik's Log Feedback API. */
export const DEMO_FEEDBACK_PATH = '/v1.0/log_feedback_from_user/';
const HOUR_MS = 60 * 60 * 1000;

/** Haptik's Log Feedback API as documented: 201 once an hour per user who has a conversation. */
function takeFeedback(
  body: Record<string, unknown>,
  known: boolean,
  lastRated: number | undefined,
  at: number,
) {
  const { query_resolved: resolved, query_rating: rating, feedback } = body;
  if (
    typeof resolved !== 'boolean' ||
    typeof rating !== 'number' ||
    rating < 1 ||
    rating > 5 ||
    (feedback !== undefined && typeof feedback !== 'string')
  ) {
    return json(400, { error_message: 'invalid request body' });
  }
  if (!known) {
    return json(404, {
      error_message:
        'Failed to submit feedback, please make sure there is an active conversation with the agent',
    });
  }
  if (lastRated !== undefined && at - lastRated < HOUR_MS)
    return json(400, { error_message: 'duplicate feedback' });
  return json(201, { success: true });
}

/** Makes the demo bot's fetch handler. */
export function createDemoBot(options: DemoBotOptions) {
  const now = options.now ?? (() => new Date());
  const turns = new Map<string, number>();
  /** When each user last rated their conversation. */
  const rated = new Map<string, number>();
  let nextId = 1;

  return async function demoBot(request: Request): Promise<Response> {
    if (request.method !== 'POST') return json(405, { error_message: 'method not allowed' });
    if (
      request.headers.get('authorization') !== `Bearer ${options.token}` ||
      request.headers.get('client-id') !== options.clientId
    ) {
      return json(401, { error_message: 'invalid authorization details' });
    }
    let body: {
      user?: { auth_id?: unknown };
      auth_id?: unknown;
      message_body?: unknown;
      business_id?: unknown;
    };
    try {
      body = (await request.json()) as typeof body;
    } catch {
      return json(400, { error_message: 'invalid request body' });
    }
    if (new URL(request.url).pathname === DEMO_FEEDBACK_PATH) {
      const { auth_id: user, business_id: business } = body;
      if (typeof user !== 'string') return json(400, { error_message: 'invalid request body' });
      if (typeof business !== 'number' || !options.businessIds.includes(business)) {
        return json(403, { error_message: 'invalid business id' });
      }
      const at = now().getTime();
      const answer = takeFeedback(body, turns.has(user), rated.get(user), at);
      if (answer.status === 201) rated.set(user, at);
      if (rated.size > 10_000) rated.delete(rated.keys().next().value as string);
      return answer;
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
      // As Haptik does: its engine, "gogo", signs every automated reply (the widget shows the bot's own name).
      agent: { id: 1, name: 'gogo', profile_image: '', is_automated: true },
      message:
        options.agent?.take(authId, body.business_id, body.message_body, () => nextId++) ??
        demoReplies(body.message_body, turn).map((message) => ({ id: nextId++, body: message })),
    });
  };
}
