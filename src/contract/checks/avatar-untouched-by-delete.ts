import type { StepCheck } from '../types.js';
import { createFixture, exampleBody } from './fixtures.js';

export const avatarUntouchedByDelete: StepCheck = {
  name: 'avatar untouched by delete',
  sentence:
    'Deleting a session leaves "the avatar itself untouched": after it, the other request examples (settings {}, a text-only widget) create sessions for the same avatar.',
  page: 'Delete Widget Session; Create Widget Session',
  cost: 2,
  async run(context) {
    if (!context.fixtures.has('documented'))
      context.log('  (no session was deleted before; the creates below still count)');
    await createFixture(context, 'minimal', exampleBody('minimal', context.avatar));
    await createFixture(context, 'textOnly', exampleBody('textOnly', context.avatar));
  },
};
