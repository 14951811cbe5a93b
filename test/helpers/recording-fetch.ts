/** An injected `fetch(url, init)` that records each request (as a `Request`) and answers from a script. */
export interface RecordingFetch {
  (url: string, init: RequestInit): Promise<Response>;
  requests: Request[];
  inits: RequestInit[];
}

export function recordingFetch(
  answer: (request: Request, index: number) => Response | Promise<Response>,
): RecordingFetch {
  const requests: Request[] = [];
  const inits: RequestInit[] = [];
  const fetch = async (url: string, init: RequestInit) => {
    const request = new Request(url, init);
    requests.push(request);
    inits.push(init);
    return answer(request, requests.length - 1);
  };
  return Object.assign(fetch, { requests, inits });
}

export const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(typeof body === 'string' ? body : JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
