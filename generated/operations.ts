// Generated from openapi/konpro.yaml by `npm run generate`. Do not edit.

/** How to send each operation of the spec. */
export const operations = {
  "createWidgetSession": {
    "method": "POST",
    "path": "/v1/widget/sessions",
    "hasBody": true
  },
  "getWidgetSession": {
    "method": "GET",
    "path": "/v1/widget/sessions/{session_id}",
    "hasBody": false
  },
  "deleteWidgetSession": {
    "method": "DELETE",
    "path": "/v1/widget/sessions/{session_id}",
    "hasBody": false
  },
  "validateApiKey": {
    "method": "POST",
    "path": "/v1/api-keys/validate",
    "hasBody": false
  }
} as const;

/** The operation ids the spec declares. */
export type OperationId = keyof typeof operations;
