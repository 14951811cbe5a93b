import type { StepCheck } from '../types.js';
import { createFixture, exampleBody } from './fixtures.js';

export const documentedExampleAccepted: StepCheck = {
  name: 'documented example accepted',
  sentence: 'The request example of the Create page (every setting given) creates a session: 200 or 201.',
  page: 'Create Widget Session',
  cost: { full: 1, smoke: 1 },
  async run(context) {
    await createFixture(context, 'documented', exampleBody('documented', context.avatar));
  },
};
