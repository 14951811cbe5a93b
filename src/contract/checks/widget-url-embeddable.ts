import type { StepCheck } from '../types.js';
import { needFixtures } from './fixtures.js';

export const widgetUrlEmbeddable: StepCheck = {
  name: 'widget URL embeddable',
  sentence:
    'widget_url: "URL for embedding the widget (e.g., https://widget.konpro.ai/embed)": an absolute https URL a page can embed.',
  page: 'Create Widget Session',
  cost: { full: 0, smoke: 0 },
  async run(context) {
    for (const { session, exchange } of needFixtures(context, ['documented', 'minimal', 'textOnly'])) {
      let url: URL | undefined;
      try {
        url = new URL(String(session.widget_url));
      } catch {
        url = undefined;
      }
      const ok = url?.protocol === 'https:' && url.hostname !== '' && !url.username && !url.password;
      context.expect(
        ok,
        `widget_url ${JSON.stringify(session.widget_url)} ${ok ? 'is' : 'is not'} an https URL a page can embed`,
        exchange,
      );
    }
  },
};
