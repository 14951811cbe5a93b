import type { StepCheck } from '../types.js';
import { createFixture, exampleBody } from './fixtures.js';

export const avatarUntouchedByDelete: StepCheck = {
  name: 'avatar untouched by delete',
  sentence:
    'Deleting a session leaves "the avatar itself untouched": after a delete, another request example (a text-only widget) creates a session for the same avatar.',
  page: 'Delete Widget Session; Create Widget Session',
  cost: { full: 1 },
  async run(context) {
    if (!context.fixtures.has('documented'))
      context.log('  (no session was deleted before; the create below still counts)');
    await createFixture(context, 'textOnly', exampleBody('textOnly', context.avatar));
  },
};
