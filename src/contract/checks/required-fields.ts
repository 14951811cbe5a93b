import type { StepCheck } from '../types.js';
import { exampleBody } from './fixtures.js';
import { expectRefused } from './refusals.js';

export const requiredFields: StepCheck = {
  name: 'required fields',
  sentence:
    'agentic_avatar_id (string, required) and settings (object, required): a body without either is refused (400).',
  page: 'Create Widget Session',
  cost: 2,
  async run(context) {
    const { agentic_avatar_id, settings } = exampleBody('minimal', context.avatar);
    await expectRefused(context, [
      ['a body without agentic_avatar_id', { settings }],
      ['a body without settings', { agentic_avatar_id }],
    ]);
  },
};
