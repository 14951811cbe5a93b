// Generated from openapi/konpro.yaml by `npm run generate`. Do not edit.

/** The spec's named request-body examples, by operation and name. */
export const requestExamples = {
  "createWidgetSession": {
    "documented": {
      "agentic_avatar_id": "3deccfb2-cf96-459c-8b69-f601d6767ea5",
      "settings": {
        "max_duration": 3600,
        "allowed_domains": [
          "example.com",
          "app.example.com"
        ],
        "features": {
          "voice_input": true,
          "text_input": true,
          "knowledge_base": true
        }
      }
    },
    "minimal": {
      "agentic_avatar_id": "3deccfb2-cf96-459c-8b69-f601d6767ea5",
      "settings": {}
    },
    "textOnly": {
      "agentic_avatar_id": "3deccfb2-cf96-459c-8b69-f601d6767ea5",
      "settings": {
        "max_duration": 7200,
        "allowed_domains": [
          "app.example.com"
        ],
        "features": {
          "voice_input": false
        }
      }
    }
  }
} as const;
