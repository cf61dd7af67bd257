/**
 * Human agents, from Haptik's webhook to the widget's stream. A backend stores deliveries and serves
 * streams: in this process (the memory or Redis store, with a stream hub), or in a Durable Object per
 * conversation on Workers. The webhook route checks the signature and answers Haptik; the events route
 * is in the handler, behind the same checks as a send.
 */
import { BodyTooLargeError, readLimited } from './body.js';
import type { AppendResult, EventStore, IncomingEvent } from './events/store.js';
import { ProxyError, jsonResponse } from './responses.js';
import { createStreamHub, DEFAULT_STREAM_LIMITS, type OpenStream, type StreamLimits } from './stream.js';
import {
  MAX_WEBHOOK_BYTES,
  SIGNATURE_HEADER,
  conversationKey,
  createWebhookSigner,
  parseDelivery,
} from './webhook.js';

/** Where deliveries go and streams come from. */
export interface AgentBackend {
  /** Stores a verified delivery for its conversation. */
  deliver(conversation: string, event: IncomingEvent): Promise<AppendResult>;
  /** Opens a checked caller's stream; throws a ProxyError to refuse. */
  stream(request: OpenStream): Promise<Response>;
  /** Ends open streams (`stream_end`: `shutdown`) and releases what the backend holds. */
  close(): Promise<void>;
}

/** A backend in this process: a store (memory or Redis) and a hub for the streams served here. */
export function localAgentBackend(store: EventStore, limits: StreamLimits = DEFAULT_STREAM_LIMITS) {
  const hub = createStreamHub(limits);
  return {
    deliver: (conversation, event) => store.append(conversation, event),
    stream: (request) => hub.open(store, request),
    async close() {
      hub.close();
      await store.close();
    },
    /** Streams open in this process. */
    get streams() {
      return hub.size;
    },
  } satisfies AgentBackend & { readonly streams: number };
}

/** What the webhook did, for the request log. */
export interface WebhookOutcome {
  /** Haptik's `event_name`, when there was one. */
  event?: string | undefined;
  business_id?: number | undefined;
  /** `stored`, `duplicate`, or `ignored: <why>`. */
  result?: string;
}

export interface WebhookOptions {
  secret: string;
  businessIds: readonly number[];
  backend: AgentBackend;
  /** Haptik waits 5 s; a store slower than this gets 503 and Haptik's retry (default 3 s). */
  storeTimeoutMs?: number;
}

export const DEFAULT_STORE_TIMEOUT_MS = 3000;

const unavailable = () =>
  new ProxyError(503, 'store_unavailable', 'The delivery could not be stored; send it again.');

function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(unavailable()), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

/**
 * Makes the webhook route: `POST {path}/webhook`. Haptik signs the raw body; a missing or wrong
 * signature is 401 and nothing is stored. Everything signed is answered 200 unless storing it failed
 * (503, so Haptik retries): Haptik disables a webhook that keeps failing, so a delivery this proxy
 * does not use (an unknown event, another business) is acknowledged and dropped, never refused.
 */
export function createWebhookRoute(options: WebhookOptions) {
  const signer = createWebhookSigner(options.secret);
  const storeTimeoutMs = options.storeTimeoutMs ?? DEFAULT_STORE_TIMEOUT_MS;

  return async function receiveWebhook(request: Request, outcome: WebhookOutcome = {}): Promise<Response> {
    if (request.method !== 'POST') {
      throw new ProxyError(405, 'method_not_allowed', 'Use POST.', { allow: 'POST' });
    }
    let body: Uint8Array;
    try {
      body = await readLimited(request, MAX_WEBHOOK_BYTES);
    } catch (error) {
      if (error instanceof BodyTooLargeError) {
        throw new ProxyError(413, 'body_too_large', `A delivery must be at most ${MAX_WEBHOOK_BYTES} bytes.`);
      }
      throw new ProxyError(400, 'invalid_body', 'The request body could not be read.');
    }
    const signature = await signer.verify(body, request.headers.get(SIGNATURE_HEADER));
    if (signature === undefined) {
      throw new ProxyError(401, 'invalid_signature', 'X-Hub-Signature is missing or does not match.');
    }
    const delivery = parseDelivery(body, signature, options.businessIds);
    outcome.event = delivery.haptikEvent;
    outcome.business_id = delivery.businessId;
    if (delivery.kind === 'ignored') {
      outcome.result = `ignored: ${delivery.reason}`;
      return jsonResponse(200, { status: 'ignored' });
    }
    const conversation = conversationKey(delivery.businessId, delivery.authId);
    let result: AppendResult;
    try {
      result = await withDeadline(options.backend.deliver(conversation, delivery.event), storeTimeoutMs);
    } catch (problem) {
      throw problem instanceof ProxyError ? problem : unavailable();
    }
    outcome.result = result;
    return jsonResponse(200, { status: result });
  };
}

export type WebhookRoute = ReturnType<typeof createWebhookRoute>;
