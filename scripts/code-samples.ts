/**
 * `x-codeSamples` for the rendered reference: for each operation, the TypeScript call, the CLI
 * call and curl, built from the spec's own examples (the first named request example, the
 * documented session id), so the page shows the SDK beside the HTTP API.
 * Redocly shows only the samples whose language its config lists (by default curl, Node.js,
 * Python…, not ours), so `SAMPLE_LANGUAGES` is also what build-docs hands it.
 */
import type { OpenApiDocument } from './load-spec.js';

/** The languages of the samples, in the order the page offers them (TypeScript first). */
export const SAMPLE_LANGUAGES = {
  typescript: { lang: 'TypeScript', label: 'TypeScript' },
  cli: { lang: 'Shell', label: 'CLI' },
  curl: { lang: 'cURL', label: 'curl' },
} as const;

interface Sample {
  lang: string;
  label: string;
  source: string;
}

const { typescript, cli, curl: curlLanguage } = SAMPLE_LANGUAGES;

const CLIENT = `import { createKonproClient } from 'konpro-widget-sessions';\n\nconst konpro = createKonproClient({ apiKey: process.env.KONPRO_API_KEY });\n`;
const curl = (method: string, path: string, body?: unknown) =>
  `curl -X ${method} 'https://api.konpro.ai${path}' \\\n  -H "x-api-key: $KONPRO_API_KEY"${
    body === undefined ? '' : ` \\\n  -H 'content-type: application/json' \\\n  -d '${JSON.stringify(body)}'`
  }`;

type CreateBody = {
  agentic_avatar_id: string;
  settings: { max_duration?: number; allowed_domains?: string[]; features?: Record<string, boolean> };
};

function createFlags(body: CreateBody): string {
  const { settings } = body;
  return [
    `--avatar ${body.agentic_avatar_id}`,
    settings.max_duration === undefined ? '' : `--max-duration ${settings.max_duration}`,
    ...(settings.allowed_domains ?? []).map((d) => `--domain ${d}`),
    ...Object.entries(settings.features ?? {})
      .filter(([, on]) => on === false)
      .map(([name]) => `--no-${name.replace(/_/g, '-')}`),
  ]
    .filter(Boolean)
    .join(' ');
}

/** The samples of each operation, from its examples. */
const SAMPLES: Record<string, (example: { body?: unknown; sessionId: string }) => Sample[]> = {
  createWidgetSession: ({ body }) => [
    {
      ...typescript,
      source: `${CLIENT}const session = await konpro.widgetSessions.create(${JSON.stringify(body, null, 2)});`,
    },
    { ...cli, source: `konpro-widget create ${createFlags(body as CreateBody)}` },
    { ...curlLanguage, source: curl('POST', '/v1/widget/sessions', body) },
  ],
  getWidgetSession: ({ sessionId }) => [
    {
      ...typescript,
      source: `${CLIENT}const session = await konpro.widgetSessions.get('${sessionId}');`,
    },
    { ...cli, source: `konpro-widget get ${sessionId}` },
    { ...curlLanguage, source: curl('GET', `/v1/widget/sessions/${sessionId}`) },
  ],
  deleteWidgetSession: ({ sessionId }) => [
    { ...typescript, source: `${CLIENT}await konpro.widgetSessions.delete('${sessionId}');` },
    { ...cli, source: `konpro-widget delete ${sessionId}` },
    { ...curlLanguage, source: curl('DELETE', `/v1/widget/sessions/${sessionId}`) },
  ],
  validateApiKey: () => [
    {
      ...typescript,
      source: `${CLIENT}const { valid, scopes } = await konpro.apiKeys.validate();`,
    },
    { ...cli, source: 'konpro-widget validate-key' },
    { ...curlLanguage, source: curl('POST', '/v1/api-keys/validate') },
  ],
};

/** A copy of the spec with `x-codeSamples` on every operation. Throws for an operation without samples. */
export function withCodeSamples(spec: OpenApiDocument): OpenApiDocument {
  const copy = structuredClone(spec);
  const sessionParameter = (
    copy.components.parameters as Record<string, { examples?: Record<string, { value: string }> }>
  ).SessionId;
  const sessionId = Object.values(sessionParameter?.examples ?? {})[0]?.value ?? 'session-789';
  for (const item of Object.values(copy.paths)) {
    for (const op of Object.values(item) as Array<Record<string, unknown>>) {
      if (typeof op?.operationId !== 'string') continue;
      const samples = SAMPLES[op.operationId];
      if (!samples) throw new Error(`no code samples for ${op.operationId}: add them to scripts/code-samples.ts`);
      const examples = (
        op.requestBody as { content?: Record<string, { examples?: Record<string, { value: unknown }> }> }
      )?.content?.['application/json']?.examples;
      op['x-codeSamples'] = samples({ body: Object.values(examples ?? {})[0]?.value, sessionId });
    }
  }
  return copy;
}
