/**
 * Reads a response body up to `maxBytes` of *decoded* bytes (issues #11 and #20): a 1 GiB answer,
 * or a 1 MiB gzip, br or deflate bomb that inflates to 1 GiB, must not take the process with it.
 * `Content-Length` is not trusted (it counts the compressed bytes); bytes past the cap are never
 * buffered, the stream is cancelled instead. The read also ends when `signal` aborts (the
 * attempt's timeout), even when the body comes from an injected fetch that ignores signals:
 * cancelling a stream ends the read that waits on it.
 *
 * One fast path, for the platform's own fetch only: an answer without a `Content-Encoding` and a
 * `Content-Length` within the cap is read whole, because undici delivers no byte past the length
 * it declares for an unencoded body (and aborts the read on the attempt's signal). An injected
 * fetch's `Response` may declare anything, and an encoded body's length counts compressed bytes:
 * both are streamed.
 */

export interface BodyText {
  text: string;
  /** True when the body was longer than the cap; `text` then holds its start. */
  overCap: boolean;
}

export async function readBody(
  response: Response,
  maxBytes: number,
  signal: AbortSignal,
  platformFetch: boolean,
): Promise<BodyText> {
  if (response.body === null) return { text: '', overCap: false };
  const declared = response.headers.get('content-length');
  const encoding = response.headers.get('content-encoding');
  if (
    platformFetch &&
    (encoding === null || /^\s*identity\s*$/i.test(encoding)) &&
    declared !== null &&
    /^\d+$/.test(declared) &&
    Number(declared) <= maxBytes
  )
    return { text: await response.text(), overCap: false };
  const reader = response.body.getReader();
  const cancel = () => void reader.cancel(signal.reason).catch(() => undefined);
  if (signal.aborted) cancel();
  else signal.addEventListener('abort', cancel, { once: true });
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (signal.aborted) throw signal.reason;
      if (done) break;
      if (size + value.byteLength > maxBytes) {
        chunks.push(value.subarray(0, maxBytes - size));
        cancel();
        return { text: decode(chunks), overCap: true };
      }
      chunks.push(value);
      size += value.byteLength;
    }
  } finally {
    signal.removeEventListener('abort', cancel);
  }
  return { text: decode(chunks), overCap: false };
}

function decode(chunks: Uint8Array[]): string {
  if (chunks.length === 1) return new TextDecoder().decode(chunks[0]);
  const decoder = new TextDecoder();
  return chunks.map((chunk) => decoder.decode(chunk, { stream: true })).join('') + decoder.decode();
}
