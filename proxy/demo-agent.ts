/**
 * The demo's human agent: when a user asks for a person, the demo bot hands over, and this plays the
 * agent through the real path. It signs each delivery the way Haptik does (`X-Hub-Signature`, the
 * demo's webhook secret) and posts it to the proxy's webhook route, so the widget gets it from its
 * event stream exactly as it would from Haptik: the agent joins, says hello, answers the user's next
 * message, and marks the conversation complete.
 */
import type { WireAgent, WireMessageItem } from '../src/wire.js';
import { SIGNATURE_HEADER, createWebhookSigner } from './webhook.js';

export interface DemoAgentOptions {
  /** The webhook secret the proxy checks. */
  secret: string;
  /** Where deliveries go: the proxy's webhook URL, and how to send a request there. */
  webhookUrl: string;
  post(request: Request): Promise<Response>;
  /** Milliseconds between the agent's steps (default 900). */
  paceMs?: number;
  now?: () => Date;
}

/** A message with the id the bot gave it, as in a sync reply. */
export type NumberedMessage = WireMessageItem & { id: number };

/** What the user may say to reach a person. */
export const ASKS_FOR_HUMAN =
  /\b(talk|speak|chat)\s+(to|with)\s+(a\s+|an\s+|some)?(human|person|agent|someone|somebody|real person)\b|^(human|agent|live agent|operator)$/i;

const AGENT: WireAgent = {
  id: 235,
  name: 'Asha (demo agent)',
  profile_image: '',
  is_automated: false,
};
// Haptik's engine signs automated messages "gogo"; the widget shows them under the bot's own name.
const BOT: WireAgent = { id: 1, name: 'gogo', profile_image: '', is_automated: true };

const text = (body: string) => ({ text: body, type: 'TEXT', data: { quick_replies: [] } });

/** Conversations with an agent, by user; bounded like the bot's own turn counts. */
const MAX_CONVERSATIONS = 10_000;

export function createDemoAgent(options: DemoAgentOptions) {
  const signer = createWebhookSigner(options.secret);
  const pace = options.paceMs ?? 900;
  const now = options.now ?? (() => new Date());
  /** Users an agent is talking to, and the business they wrote to. */
  const withAgent = new Map<string, number>();

  async function deliver(
    authId: string,
    businessId: number,
    event: string,
    agent: WireAgent,
    message?: NumberedMessage,
  ): Promise<void> {
    const payload: Record<string, unknown> = {
      version: '1.0',
      timestamp: now().toISOString(),
      user: { auth_id: authId },
      business_id: businessId,
      event_name: event,
      agent,
    };
    if (message) payload['message'] = message;
    else payload['data'] = { completion_type: 'agent', completion_by: agent.name };
    const body = new TextEncoder().encode(JSON.stringify(payload));
    const signature = await signer.sign(body);
    try {
      await options.post(
        new Request(options.webhookUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: `sha1=${signature}` },
          body,
        }),
      );
    } catch {
      // The demo agent is best effort: a failed delivery only means a quieter demo.
    }
  }

  /** Runs the steps one after another, `pace` apart. */
  function later(steps: (() => Promise<void>)[]): void {
    void steps.reduce(
      (previous, step) =>
        previous.then(
          () => new Promise<void>((resolve) => setTimeout(() => void step().then(resolve, resolve), pace)),
        ),
      Promise.resolve(),
    );
  }

  return {
    /**
     * Takes a user's message if it is for the agent (asking for one, or talking to one): returns the
     * sync reply's messages (possibly none, as Haptik sends while an agent holds the chat) and plays
     * the agent's part through the webhook. Returns undefined to let the bot answer.
     */
    take(
      authId: string,
      businessId: number,
      said: string,
      nextId: () => number,
    ): NumberedMessage[] | undefined {
      if (withAgent.has(authId)) {
        withAgent.delete(authId);
        const reply = {
          id: nextId(),
          body: text(`Thanks! I have noted: “${said.trim()}”. Anything else is just a message away.`),
        };
        const bye = {
          id: nextId(),
          body: text('I will close this conversation now. The bot is back if you need it. Bye!'),
        };
        later([
          () => deliver(authId, businessId, 'message', AGENT, reply),
          () => deliver(authId, businessId, 'message', AGENT, bye),
          // The current completion event: no message of its own, just who completed the chat.
          () => deliver(authId, businessId, 'webhook_conversation_complete', AGENT),
        ]);
        return [];
      }
      if (!ASKS_FOR_HUMAN.test(said.trim())) return undefined;
      if (withAgent.size >= MAX_CONVERSATIONS) withAgent.delete(withAgent.keys().next().value as string);
      withAgent.set(authId, businessId);
      // Haptik's webhook also carries bot replies the sync answer had: this one comes both ways, with
      // one id, so the widget's de-duplication has something to do.
      const handover = {
        id: nextId(),
        body: text('Connecting you to a person. Someone will be with you shortly.'),
      };
      const pinned = {
        id: nextId(),
        body: {
          text: `${AGENT.name} has entered the Conversation`,
          type: 'SYSTEM',
          data: { event_name: 'chat_pinned', payload: { agent_name: AGENT.name, team_name: 'Demo support' } },
        },
      };
      const hello = {
        id: nextId(),
        body: text(`Hi, I am ${AGENT.name}, a person (well, a demo of one). How can I help?`),
      };
      void deliver(authId, businessId, 'message', BOT, handover);
      later([
        () => deliver(authId, businessId, 'chat_pinned', AGENT, pinned),
        () => deliver(authId, businessId, 'message', AGENT, hello),
      ]);
      return [handover];
    },
  };
}

export type DemoAgent = ReturnType<typeof createDemoAgent>;
