import type { CheckContext, ProbeCheck } from '../types.js';
import { exampleBody } from './fixtures.js';
import { refusalProbe } from './refusals.js';

const base = (c: CheckContext) => exampleBody('minimal', c.avatar);
const withSettings = (settings: unknown) => (c: CheckContext) => ({ ...base(c), settings });

export const documentedInputTypes: ProbeCheck = {
  name: 'documented input types',
  sentence:
    'The field tables give each input its type: agentic_avatar_id string, settings object, max_duration integer, allowed_domains array of domain names, features object of booleans. A value of another type is refused (400 "invalid parameters").',
  page: 'Create Widget Session',
  probes: [
    refusalProbe('agentic_avatar_id a number', (c) => ({ ...base(c), agentic_avatar_id: 42 })),
    refusalProbe('settings a string', withSettings('all')),
    refusalProbe('max_duration a string', withSettings({ max_duration: '3600' })),
    refusalProbe('max_duration not an integer', withSettings({ max_duration: 1.5 })),
    refusalProbe('allowed_domains a string', withSettings({ allowed_domains: 'example.com' })),
    refusalProbe('allowed_domains holding a number', withSettings({ allowed_domains: ['example.com', 7] })),
    refusalProbe('features a boolean', withSettings({ features: true })),
    refusalProbe('features.voice_input a string', withSettings({ features: { voice_input: 'no' } })),
  ],
};
