// Generated from openapi/konpro.yaml by `npm run generate`. Do not edit.

/** Run-time copy of the spec's schemas and operations, for the validators. */
export const contract = {
  "components": {
    "schemas": {
      "CreateWidgetSessionRequest": {
        "type": "object",
        "required": [
          "agentic_avatar_id",
          "settings"
        ],
        "additionalProperties": false,
        "properties": {
          "agentic_avatar_id": {
            "type": "string",
            "minLength": 1
          },
          "settings": {
            "$ref": "#/components/schemas/WidgetSessionSettings"
          }
        }
      },
      "WidgetSessionSettings": {
        "type": "object",
        "additionalProperties": false,
        "properties": {
          "max_duration": {
            "type": "integer",
            "minimum": 1
          },
          "allowed_domains": {
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "features": {
            "$ref": "#/components/schemas/WidgetFeatures"
          }
        }
      },
      "WidgetFeatures": {
        "type": "object",
        "additionalProperties": false,
        "properties": {
          "voice_input": {
            "type": "boolean",
            "default": true
          },
          "text_input": {
            "type": "boolean",
            "default": true
          },
          "knowledge_base": {
            "type": "boolean",
            "default": true
          }
        }
      },
      "CreatedWidgetSession": {
        "type": "object",
        "required": [
          "session_token",
          "expires_at",
          "widget_url",
          "session_id"
        ],
        "properties": {
          "session_token": {
            "type": "string",
            "pattern": "^[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$"
          },
          "expires_at": {
            "type": "string",
            "format": "date-time"
          },
          "widget_url": {
            "type": "string",
            "format": "uri"
          },
          "session_id": {
            "type": "string"
          }
        }
      },
      "WidgetSession": {
        "type": "object",
        "required": [
          "session_id",
          "agentic_avatar_id",
          "status",
          "created_at",
          "expires_at"
        ],
        "properties": {
          "session_id": {
            "type": "string"
          },
          "agentic_avatar_id": {
            "type": "string"
          },
          "status": {
            "$ref": "#/components/schemas/WidgetSessionStatus"
          },
          "created_at": {
            "type": "string",
            "format": "date-time"
          },
          "expires_at": {
            "type": "string",
            "format": "date-time"
          }
        }
      },
      "WidgetSessionStatus": {
        "anyOf": [
          {
            "type": "string",
            "enum": [
              "active",
              "terminated",
              "expired"
            ]
          },
          {
            "type": "string"
          }
        ]
      },
      "DeletedWidgetSession": {
        "type": "object",
        "required": [
          "message",
          "session_id"
        ],
        "properties": {
          "message": {
            "type": "string"
          },
          "session_id": {
            "type": "string"
          }
        }
      },
      "ApiKeyValidation": {
        "type": "object",
        "required": [
          "valid",
          "key_id",
          "scopes",
          "metadata",
          "expires_at"
        ],
        "properties": {
          "valid": {
            "type": "boolean"
          },
          "key_id": {
            "type": "string"
          },
          "scopes": {
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "metadata": {
            "type": "object"
          },
          "expires_at": {
            "type": [
              "string",
              "null"
            ],
            "format": "date-time"
          }
        }
      },
      "ErrorResponse": {
        "type": "object",
        "required": [
          "error",
          "request_id"
        ],
        "properties": {
          "error": {
            "$ref": "#/components/schemas/ErrorDetail"
          },
          "request_id": {
            "type": "string"
          }
        }
      },
      "ErrorDetail": {
        "type": "object",
        "required": [
          "code",
          "message"
        ],
        "properties": {
          "code": {
            "$ref": "#/components/schemas/ErrorCode"
          },
          "message": {
            "type": "string"
          },
          "details": {}
        }
      },
      "ErrorCode": {
        "anyOf": [
          {
            "$ref": "#/components/schemas/DocumentedErrorCode"
          },
          {
            "type": "string"
          }
        ]
      },
      "DocumentedErrorCode": {
        "type": "string",
        "enum": [
          "INVALID_API_KEY",
          "INSUFFICIENT_PERMISSIONS",
          "RESOURCE_NOT_FOUND",
          "VALIDATION_ERROR",
          "RATE_LIMIT_EXCEEDED",
          "PROCESSING_ERROR",
          "SERVICE_UNAVAILABLE"
        ]
      }
    }
  },
  "operations": {
    "createWidgetSession": {
      "method": "POST",
      "path": "/v1/widget/sessions",
      "pathParameters": {},
      "requestBody": {
        "$ref": "#/components/schemas/CreateWidgetSessionRequest"
      },
      "responses": {
        "200": {
          "$ref": "#/components/schemas/CreatedWidgetSession"
        },
        "201": {
          "$ref": "#/components/schemas/CreatedWidgetSession"
        },
        "400": {
          "$ref": "#/components/schemas/ErrorResponse"
        },
        "401": {
          "$ref": "#/components/schemas/ErrorResponse"
        },
        "403": {
          "$ref": "#/components/schemas/ErrorResponse"
        },
        "404": {
          "$ref": "#/components/schemas/ErrorResponse"
        },
        "429": {
          "$ref": "#/components/schemas/ErrorResponse"
        },
        "500": {
          "$ref": "#/components/schemas/ErrorResponse"
        },
        "503": {
          "$ref": "#/components/schemas/ErrorResponse"
        }
      }
    },
    "getWidgetSession": {
      "method": "GET",
      "path": "/v1/widget/sessions/{session_id}",
      "pathParameters": {
        "session_id": {
          "type": "string",
          "minLength": 1
        }
      },
      "requestBody": null,
      "responses": {
        "200": {
          "$ref": "#/components/schemas/WidgetSession"
        },
        "400": {
          "$ref": "#/components/schemas/ErrorResponse"
        },
        "401": {
          "$ref": "#/components/schemas/ErrorResponse"
        },
        "403": {
          "$ref": "#/components/schemas/ErrorResponse"
        },
        "404": {
          "$ref": "#/components/schemas/ErrorResponse"
        },
        "429": {
          "$ref": "#/components/schemas/ErrorResponse"
        },
        "500": {
          "$ref": "#/components/schemas/ErrorResponse"
        },
        "503": {
          "$ref": "#/components/schemas/ErrorResponse"
        }
      }
    },
    "deleteWidgetSession": {
      "method": "DELETE",
      "path": "/v1/widget/sessions/{session_id}",
      "pathParameters": {
        "session_id": {
          "type": "string",
          "minLength": 1
        }
      },
      "requestBody": null,
      "responses": {
        "200": {
          "$ref": "#/components/schemas/DeletedWidgetSession"
        },
        "400": {
          "$ref": "#/components/schemas/ErrorResponse"
        },
        "401": {
          "$ref": "#/components/schemas/ErrorResponse"
        },
        "403": {
          "$ref": "#/components/schemas/ErrorResponse"
        },
        "404": {
          "$ref": "#/components/schemas/ErrorResponse"
        },
        "429": {
          "$ref": "#/components/schemas/ErrorResponse"
        },
        "500": {
          "$ref": "#/components/schemas/ErrorResponse"
        },
        "503": {
          "$ref": "#/components/schemas/ErrorResponse"
        }
      }
    },
    "validateApiKey": {
      "method": "POST",
      "path": "/v1/api-keys/validate",
      "pathParameters": {},
      "requestBody": null,
      "responses": {
        "200": {
          "$ref": "#/components/schemas/ApiKeyValidation"
        },
        "401": {
          "$ref": "#/components/schemas/ErrorResponse"
        },
        "403": {
          "$ref": "#/components/schemas/ErrorResponse"
        },
        "429": {
          "$ref": "#/components/schemas/ErrorResponse"
        },
        "500": {
          "$ref": "#/components/schemas/ErrorResponse"
        },
        "503": {
          "$ref": "#/components/schemas/ErrorResponse"
        }
      }
    }
  }
} as const;
