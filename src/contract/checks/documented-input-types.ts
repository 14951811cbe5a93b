import type { StepCheck } from '../types.js';
import { exampleBody } from './fixtures.js';
import { expectRefused } from './refusals.js';

export const documentedInputTypes: StepCheck = {
  name: 'documented input types',
  sentence:
    'The field tables give each input its type: agentic_avatar_id string, settings object, max_duration integer, allowed_domains array of domain names, features object of booleans. A value of another type is refused (400 "invalid parameters").',
  page: 'Create Widget Session',
  cost: 8,
  async run(context) {
    const base = exampleBody('minimal', context.avatar);
    const withSettings = (settings: unknown) => ({ ...base, settings });
    await expectRefused(context, [
      ['agentic_avatar_id a number', { ...base, agentic_avatar_id: 42 }],
      ['settings a string', withSettings('all')],
      ['max_duration a string', withSettings({ max_duration: '3600' })],
      ['max_duration not an integer', withSettings({ max_duration: 1.5 })],
      ['allowed_domains a string', withSettings({ allowed_domains: 'example.com' })],
      ['allowed_domains holding a number', withSettings({ allowed_domains: ['example.com', 7] })],
      ['features a boolean', withSettings({ features: true })],
      ['features.voice_input a string', withSettings({ features: { voice_input: 'no' } })],
    ]);
  },
};
