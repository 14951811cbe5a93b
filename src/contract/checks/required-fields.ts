import type { ProbeCheck } from '../types.js';
import { exampleBody } from './fixtures.js';
import { refusalProbe } from './refusals.js';

export const requiredFields: ProbeCheck = {
  name: 'required fields',
  sentence:
    'agentic_avatar_id (string, required) and settings (object, required): a body without either is refused (400).',
  page: 'Create Widget Session',
  probes: [
    refusalProbe('a body without agentic_avatar_id', (c) => ({ settings: exampleBody('minimal', c.avatar).settings })),
    refusalProbe('a body without settings', (c) => ({ agentic_avatar_id: c.avatar })),
  ],
};
