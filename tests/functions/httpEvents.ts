/** HTTP API (payload 2.0) events as API Gateway delivers them behind a JWT authorizer, for the handler tests. */
import { randomUUID } from "crypto";
import type { HttpEvent, HttpResponse } from "../../functions/http";

/** The claims of a Cognito ID token as the HTTP API passes them: every value a string. */
export function idTokenClaims(sub: string = randomUUID(), email = "ada@example.com"): Record<string, string> {
    return {
        sub, email, email_verified: "true", iss: "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_test", aud: "test-app-client",
        token_use: "id", auth_time: "1800000000", iat: "1800000000", exp: "1800003600", "cognito:username": sub,
    };
}

export interface EventOptions {
    readonly method?: "GET" | "POST";
    readonly path?: string;
    readonly routeKey?: string;
    readonly headers?: Record<string, string>;
    readonly body?: string;
    readonly pathParameters?: Record<string, string>;
    /** The verified claims; `null` for an event with no authorizer context at all. */
    readonly claims?: Record<string, unknown> | null;
}

export function httpEvent(options: EventOptions): HttpEvent {
    const method = options.method ?? "POST";
    const path = options.path ?? "/orders";
    const authorizer = options.claims === null ? undefined : { jwt: { claims: (options.claims ?? idTokenClaims()) as Record<string, string>, scopes: null } };
    return {
        version: "2.0",
        routeKey: options.routeKey ?? `${method} /orders`,
        rawPath: path,
        rawQueryString: "",
        headers: { "content-type": "application/json", ...options.headers },
        pathParameters: options.pathParameters,
        requestContext: { requestId: "req-1", http: { method, path }, ...(authorizer ? { authorizer } : {}) } as HttpEvent["requestContext"],
        body: options.body,
        isBase64Encoded: false,
    };
}

export function parse(response: HttpResponse): any {
    return JSON.parse(response.body);
}
