/**
 * Reads a response body as text, up to `maxBytes` (issue #11): a 1 GiB answer must not take the
 * process with it. Bytes past the cap are never buffered; the stream is cancelled instead.
 */

export interface BodyText {
  text: string;
  /** True when the body was longer than the cap; `text` then holds its start. */
  overCap: boolean;
}

export async function readBody(response: Response, maxBytes: number): Promise<BodyText> {
  if (response.body === null) return { text: '', overCap: false };
  // The fast path: a declared length within the cap (undici never delivers more than it declares).
  const declared = response.headers.get('content-length');
  if (declared !== null && /^\d+$/.test(declared) && Number(declared) <= maxBytes) {
    return { text: await response.text(), overCap: false };
  }
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (size + value.byteLength > maxBytes) {
      chunks.push(value.subarray(0, maxBytes - size));
      await reader.cancel().catch(() => undefined);
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
