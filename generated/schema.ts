// Generated from openapi/konpro.yaml by `npm run generate`. Do not edit.

export interface paths {
    "/v1/widget/sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Create a widget session
         * @description Creates a session token for embedding the interactive avatar widget. Call it from your
         *     backend and hand only `session_token` (and `widget_url`) to the browser.
         *
         *     The token is restricted to `settings.allowed_domains` (any domain when absent, which the
         *     vendor advises against in production) and expires after `settings.max_duration` seconds
         *     (a vendor default when absent). Session tokens are "single-use or time-limited": once a
         *     session expires, create a new one.
         *
         *     **Open question (status code):** the Create page does not say whether success is `200`
         *     or `201`, and the Error Responses page lists both. Both are declared here with the same
         *     body, so a client must accept either.
         *
         *     **Open question (required fields):** the page says "All fields in the request body are
         *     required" but also that every field of `settings` is optional. The documented reading
         *     encoded here: `agentic_avatar_id` and `settings` are required, `settings` may be `{}`.
         *
         *     **Open question (unknown avatar):** an `agentic_avatar_id` that is not one of your
         *     account's avatars is refused, but the docs do not say how: their own error example is
         *     `400` with `INVALID_REQUEST` ("Avatar not found"), while the Error Responses page lists
         *     `404` ("resource does not exist") for every endpoint. Both are declared.
         */
        post: operations["createWidgetSession"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/widget/sessions/{session_id}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The id of the widget session, as returned by `createWidgetSession`. */
                session_id: components["parameters"]["SessionId"];
            };
            cookie?: never;
        };
        /**
         * Get a widget session
         * @description Returns the current state of a widget session of your own account.
         *
         *     **Open question:** the docs do not say what reading an expired or terminated session
         *     returns: either `200` with a `status` other than `active`, or `404`. Both are declared.
         */
        get: operations["getWidgetSession"];
        put?: never;
        post?: never;
        /**
         * Delete (terminate) a widget session
         * @description Terminates a widget session of your own account at once: the widget stops working for
         *     everyone holding its token. Termination is permanent (a terminated session cannot be
         *     reactivated); the agentic avatar itself is not affected. Use it to revoke a leaked token.
         *
         *     **Open question:** the docs do not say what deleting an already terminated session
         *     returns; a `4xx` (most likely `404`) is the documented reading.
         */
        delete: operations["deleteWidgetSession"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/api-keys/validate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Validate the API key
         * @description Checks the API key sent in `x-api-key` and describes it. It takes no body and creates
         *     nothing, which makes it a cheap preflight before a run against the live API.
         *
         *     **Open question:** the docs do not say whether a rejected key gets `401` with
         *     `INVALID_API_KEY` or `200` with `"valid": false`. Both are declared; treat either as a
         *     rejected key.
         */
        post: operations["validateApiKey"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /** @description What to create a widget session for, and how it may be used. */
        CreateWidgetSessionRequest: {
            /**
             * @description The agentic avatar to show in the widget; it must be one of your account's avatars.
             *     It decides the avatar's appearance, voice, personality and knowledge base.
             * @example 3deccfb2-cf96-459c-8b69-f601d6767ea5
             */
            agentic_avatar_id: string;
            settings: components["schemas"]["WidgetSessionSettings"];
        };
        /**
         * @description Duration, domain restrictions and features of the session. Required, but every field is
         *     optional (`{}` takes every default); the vendor recommends setting them in production.
         */
        WidgetSessionSettings: {
            /**
             * @description Maximum session duration in seconds; the session expires after it. Common values:
             *     3600 (1 hour), 7200 (2 hours), 86400 (24 hours).
             *
             *     **Open question:** the default used when absent and any maximum are not documented.
             * @example 3600
             */
            max_duration?: number;
            /**
             * @description Domain names where the widget may be embedded; list the main domain and each
             *     subdomain (for example `example.com`, `app.example.com`, `www.example.com`). When
             *     absent, the widget can be embedded on any domain: not recommended for production.
             *
             *     **Open question:** wildcards, ports and an empty array are not documented.
             * @example [
             *       "example.com",
             *       "app.example.com"
             *     ]
             */
            allowed_domains?: string[];
            features?: components["schemas"]["WidgetFeatures"];
        };
        /** @description Which interactive features the widget offers. Absent means all enabled. */
        WidgetFeatures: {
            /**
             * @description Users can talk to the avatar through the microphone.
             * @default true
             */
            voice_input?: boolean;
            /**
             * @description Users can type messages to the avatar.
             * @default true
             */
            text_input?: boolean;
            /**
             * @description The avatar may answer from its associated knowledge base (brain).
             * @default true
             */
            knowledge_base?: boolean;
        };
        /** @description A new widget session and the token that opens it. */
        CreatedWidgetSession: {
            /**
             * @description The JWT that authenticates the widget: three base64url segments (header, payload,
             *     signature) separated by dots. Safe to hand to the browser; it is bound to the
             *     session's domains and expiry.
             */
            session_token: string;
            /**
             * Format: date-time
             * @description When the session expires (ISO 8601).
             */
            expires_at: string;
            /**
             * Format: uri
             * @description The URL to embed the widget from, for example `https://widget.konpro.ai/embed`.
             */
            widget_url: string;
            /** @description The session's id, for `getWidgetSession` and `deleteWidgetSession`. */
            session_id: string;
        };
        /** @description The state of a widget session. */
        WidgetSession: {
            /** @description The session's id. */
            session_id: string;
            /** @description The agentic avatar the session is for. */
            agentic_avatar_id: string;
            status: components["schemas"]["WidgetSessionStatus"];
            /**
             * Format: date-time
             * @description When the session was created (ISO 8601).
             */
            created_at: string;
            /**
             * Format: date-time
             * @description When the session expires (ISO 8601).
             */
            expires_at: string;
        };
        /**
         * @description Whether the session is usable. The docs name `active` ("e.g. active") and say the status
         *     tells whether the session is active or has been terminated; `terminated` and `expired`
         *     are the documented reading of the other states.
         *
         *     **Open question:** the full set is not documented, so any other string is accepted and
         *     must be treated as "not active".
         * @example active
         */
        WidgetSessionStatus: ("active" | "terminated" | "expired") | string;
        /** @description Confirmation that a session was terminated. */
        DeletedWidgetSession: {
            /** @description A human-readable confirmation, for example "Session terminated successfully". */
            message: string;
            /** @description The id of the terminated session. */
            session_id: string;
        };
        /** @description The API key that was sent, and what it may do. */
        ApiKeyValidation: {
            /** @description Whether the key is valid. */
            valid: boolean;
            /** @description The key's id (not the secret), for example `key-001`. */
            key_id: string;
            /** @description What the key may do, for example `["read", "write"]`. */
            scopes: string[];
            /** @description Free-form metadata attached to the key. */
            metadata: Record<string, never>;
            /**
             * Format: date-time
             * @description When the key expires (ISO 8601), or `null` when it never expires.
             */
            expires_at: string | null;
        };
        /** @description The body of every error response. */
        ErrorResponse: {
            error: components["schemas"]["ErrorDetail"];
            /**
             * @description The request's id; quote it when you contact KonPro support.
             * @example req-123456
             */
            request_id: string;
        };
        /** @description What went wrong. */
        ErrorDetail: {
            code: components["schemas"]["ErrorCode"];
            /** @description A human-readable explanation. */
            message: string;
            /**
             * @description Optional, free-form context, for example `{"field": "agentic_avatar_id", "reason": "..."}`.
             *
             *     **Open question:** the docs call it "free-form" and show an object; no JSON type is
             *     fixed here, so a string or other value does not break a client.
             */
            details?: unknown;
        };
        /**
         * @description A machine-readable error code. The documented codes are `INVALID_API_KEY`,
         *     `INSUFFICIENT_PERMISSIONS`, `RESOURCE_NOT_FOUND`, `VALIDATION_ERROR`,
         *     `RATE_LIMIT_EXCEEDED`, `PROCESSING_ERROR` and `SERVICE_UNAVAILABLE`.
         *
         *     **Open question:** the docs' own example uses `INVALID_REQUEST`, which is not in that
         *     list, so the set is open: any other string is accepted and clients must not break on it.
         * @example VALIDATION_ERROR
         */
        ErrorCode: components["schemas"]["DocumentedErrorCode"] | string;
        /**
         * @description The error codes KonPro documents.
         * @enum {string}
         */
        DocumentedErrorCode: "INVALID_API_KEY" | "INSUFFICIENT_PERMISSIONS" | "RESOURCE_NOT_FOUND" | "VALIDATION_ERROR" | "RATE_LIMIT_EXCEEDED" | "PROCESSING_ERROR" | "SERVICE_UNAVAILABLE";
    };
    responses: {
        /**
         * @description The session was created. Hand `session_token` and `widget_url` to the browser; keep
         *     `session_id` to read or terminate the session later.
         */
        WidgetSessionCreated: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["CreatedWidgetSession"];
            };
        };
        /** @description A parameter or the request body is invalid. */
        BadRequest: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /** @description The API key is missing or invalid. */
        Unauthorized: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /** @description The API key is valid but lacks the permission this operation needs. */
        Forbidden: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /**
         * @description The resource does not exist, or belongs to another account: the session (only sessions of
         *     your own account can be read or deleted), or, on create, the agentic avatar.
         */
        NotFound: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /** @description The plan's rate limit is exceeded. Wait before retrying. */
        TooManyRequests: {
            headers: {
                "Retry-After": components["headers"]["Retry-After"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /** @description KonPro failed to process the request. */
        InternalServerError: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /** @description KonPro is temporarily unavailable. Retry later. */
        ServiceUnavailable: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
    };
    parameters: {
        /** @description The id of the widget session, as returned by `createWidgetSession`. */
        SessionId: string;
    };
    requestBodies: never;
    headers: {
        /**
         * @description How long to wait before the next request, in seconds or as an HTTP date (RFC 9110).
         *     Not documented by KonPro; declared because clients honour it when it is sent.
         */
        "Retry-After": string;
    };
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    createWidgetSession: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateWidgetSessionRequest"];
            };
        };
        responses: {
            200: components["responses"]["WidgetSessionCreated"];
            201: components["responses"]["WidgetSessionCreated"];
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getWidgetSession: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The id of the widget session, as returned by `createWidgetSession`. */
                session_id: components["parameters"]["SessionId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The widget session. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WidgetSession"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    deleteWidgetSession: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The id of the widget session, as returned by `createWidgetSession`. */
                session_id: components["parameters"]["SessionId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The session was terminated. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeletedWidgetSession"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    validateApiKey: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The key and what it may do. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiKeyValidation"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
}
