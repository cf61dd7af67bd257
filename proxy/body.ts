/** Reading bodies with a byte limit that is enforced while they stream, never after. */

/**
 * Bytes an adapter already holds for a request or response it built (the Node adapter reads small
 * bodies with Node's own streams). Reading them here skips a web stream, which costs more on Node
 * than the whole rest of the handler; the message's own `body` stays intact for anyone else.
 */
const heldBytes = new WeakMap<Request | Response, Uint8Array>();

/** Lets {@link readLimited} take a message's bytes directly; `bytes` must be exactly its body. */
export function holdBody(message: Request | Response, bytes: Uint8Array): void {
  heldBytes.set(message, bytes);
}

export class BodyTooLargeError extends RangeError {
  override readonly name = 'BodyTooLargeError';
}

/** Reads at most `limit` bytes of a body, counting while it streams; throws when there are more. */
export async function readLimited(message: Request | Response, limit: number): Promise<Uint8Array> {
  const held = heldBytes.get(message);
  if (held) {
    if (held.byteLength > limit) throw new BodyTooLargeError(`body larger than ${limit} bytes`);
    return held;
  }
  const declared = Number(message.headers.get('content-length') ?? Number.NaN);
  if (declared > limit) {
    await message.body?.cancel().catch(() => undefined);
    throw new BodyTooLargeError(`body larger than ${limit} bytes`);
  }
  if (!message.body) return new Uint8Array();
  const reader = message.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw new BodyTooLargeError(`body larger than ${limit} bytes`);
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return chunks[0]!;
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Strict UTF-8 JSON; throws a SyntaxError or TypeError on anything else. */
export const parseJson = (bytes: Uint8Array): unknown => JSON.parse(utf8.decode(bytes));
