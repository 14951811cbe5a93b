import type { StepCheck } from '../types.js';
import { createFixture, exampleBody } from './fixtures.js';

export const settingsOptional: StepCheck = {
  name: 'settings optional',
  sentence:
    'settings (object, required; "all of its fields optional"): the minimal request example, settings {}, creates a session.',
  page: 'Create Widget Session',
  cost: { full: 1 },
  async run(context) {
    await createFixture(context, 'minimal', exampleBody('minimal', context.avatar));
  },
};
