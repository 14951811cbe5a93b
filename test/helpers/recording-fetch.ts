/** An injected `fetch` that records each request and answers from a script. */
export interface RecordingFetch {
  (request: Request): Promise<Response>;
  requests: Request[];
}

export function recordingFetch(
  answer: (request: Request, index: number) => Response | Promise<Response>,
): RecordingFetch {
  const requests: Request[] = [];
  const fetch = async (request: Request) => {
    requests.push(request);
    return answer(request, requests.length - 1);
  };
  return Object.assign(fetch, { requests });
}

export const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(typeof body === 'string' ? body : JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
