/**
 * Reads a response body up to `maxBytes` of *decoded* bytes (issues #11 and #20): a 1 GiB answer,
 * or a 1 MiB gzip, br or deflate bomb that inflates to 1 GiB, must not take the process with it.
 * `Content-Length` is not trusted (it counts the compressed bytes); bytes past the cap are never
 * buffered, the stream is cancelled instead. Each read also ends when `signal` aborts (the
 * attempt's timeout), even when the body comes from an injected fetch that ignores signals.
 */

export interface BodyText {
  text: string;
  /** True when the body was longer than the cap; `text` then holds its start. */
  overCap: boolean;
}

export async function readBody(response: Response, maxBytes: number, signal: AbortSignal): Promise<BodyText> {
  if (response.body === null) return { text: '', overCap: false };
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  const stop = () => void reader.cancel(signal.reason).catch(() => undefined);
  const aborted = new Promise<never>((_resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  aborted.catch(stop);
  for (;;) {
    const { done, value } = await Promise.race([reader.read(), aborted]);
    if (done) break;
    if (size + value.byteLength > maxBytes) {
      chunks.push(value.subarray(0, maxBytes - size));
      stop();
      return { text: decode(chunks), overCap: true };
    }
    chunks.push(value);
    size += value.byteLength;
  }
  return { text: decode(chunks), overCap: false };
}

function decode(chunks: Uint8Array[]): string {
  const decoder = new TextDecoder();
  return chunks.map((chunk) => decoder.decode(chunk, { stream: true })).join('') + decoder.decode();
}
