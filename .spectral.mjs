// Spectral ruleset for openapi/konpro.yaml: spectral:oas (recommended) plus the OWASP API security
// ruleset. A rule is turned off only where it contradicts a documented fact of KonPro's API.

import owasp from '@stoplight/spectral-owasp-ruleset';
import { oas } from '@stoplight/spectral-rulesets';

export default {
  extends: [oas, owasp],
  rules: {
    // KonPro documents no rate-limit response headers (and no Retry-After outside 429).
    'owasp:api4:2023-rate-limit': 'off',
    // KonPro documents no CORS headers: the API is called from servers, never from browsers.
    'owasp:api8:2023-define-cors-origin': 'off',
    // KonPro documents no length limit for any string (ids, messages, domains, scopes).
    'owasp:api4:2023-string-limit': 'off',
    // KonPro documents ids, messages, domains and scopes as plain strings, with no format or pattern.
    'owasp:api4:2023-string-restricted': 'off',
    // KonPro documents max_duration as "integer, seconds" with no maximum and no width.
    'owasp:api4:2023-integer-limit': 'off',
    'owasp:api4:2023-integer-format': 'off',
    // KonPro documents no maximum number of allowed_domains or scopes.
    'owasp:api4:2023-array-limit': 'off',
  },
  overrides: [
    {
      // validateApiKey has no body and no parameter, so nothing in it can be invalid: no 400.
      files: ['openapi/konpro.yaml#/paths/~1v1~1api-keys~1validate/post/responses'],
      rules: { 'owasp:api8:2023-define-error-validation': 'off' },
    },
  ],
};
