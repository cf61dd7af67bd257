/** One JSON line per request. It never holds a token, a header or an upstream body. */
import type { ProxyErrorCode } from '../src/wire.js';

export interface RequestLog {
  time: string;
  request_id: string;
  method: string;
  path: string;
  status: number;
  /** The error code sent to the client, when there was one. */
  code?: ProxyErrorCode;
  latency_ms: number;
  /** Haptik's last answer status, when Haptik was asked. */
  upstream_status?: number;
  /** How many calls went to Haptik for this request (a registration and a retry make three). */
  upstream_calls?: number;
  business_id?: number;
  /** Whether the user id was verified by token, anonymous, or taken as claimed (HAPTIK_TRUST_CLAIMED_IDS=1). */
  identity?: 'verified' | 'anonymous' | 'claimed';
  /** The user's message, only with LOG_MESSAGES=1. */
  message?: string;
  /** On the webhook path: Haptik's `event_name`, and what became of the delivery (`stored`, `duplicate`, `ignored: …`). */
  event?: string;
  result?: string;
}

export type RequestLogger = (entry: RequestLog) => void;

/** Writes each entry as one line of JSON to standard output (Workers Logs on Cloudflare). */
export const logJsonLine: RequestLogger = (entry) => {
  console.log(JSON.stringify(entry));
};

/** Milliseconds with microsecond precision, for the latency field. */
export const roundMs = (ms: number): number => Math.round(ms * 1000) / 1000;
