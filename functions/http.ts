/**
 * Small helpers shared by the HTTP API handlers (payload format 2.0): reading headers and bodies
 * defensively, and answering with JSON. Bad input becomes an HttpError (4xx), never a 5xx.
 */
import { randomBytes } from "crypto";
import type {
    APIGatewayEventRequestContextJWTAuthorizer, APIGatewayEventRequestContextV2, APIGatewayProxyEventV2WithRequestContext,
    APIGatewayProxyStructuredResultV2,
} from "aws-lambda";
import { CORRELATION_ID } from "../contracts/events";
import { CORRELATION_HEADER } from "./logging";

/**
 * An HTTP API (payload 2.0) event. Every route has a JWT authorizer, which puts the verified token's claims under
 * `requestContext.authorizer.jwt.claims`; the type keeps them optional, because the handlers must refuse an event
 * that lacks them rather than trust that it cannot happen.
 */
export type HttpEvent = APIGatewayProxyEventV2WithRequestContext<APIGatewayEventRequestContextV2 & {
    authorizer?: Partial<APIGatewayEventRequestContextJWTAuthorizer>;
}>;
export type HttpResponse = APIGatewayProxyStructuredResultV2 & { statusCode: number; body: string; headers: Record<string, string> };

/** Bodies larger than this are refused with 413 before they are parsed. */
export const MAX_BODY_BYTES = 16 * 1024;

/** Keys that could pollute prototypes if a later consumer merged the object naively; refused wherever they appear. */
const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);

/** A client error: answered with `statusCode` and a JSON body `{error, field, message}` (`field` when one is to blame). */
export class HttpError extends Error {
    constructor(
        readonly statusCode: number,
        readonly error: string,
        readonly field: string | undefined,
        message: string,
        readonly headers: Record<string, string> = {},
    ) {
        super(message);
        this.name = "HttpError";
    }
}

/** A JSON response. */
export function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): HttpResponse {
    return {
        statusCode,
        headers: { "content-type": "application/json", "cache-control": "no-store", ...headers },
        body: JSON.stringify(body),
    };
}

/** The response for an HttpError. */
export function errorResponse(err: HttpError, headers: Record<string, string> = {}): HttpResponse {
    return json(err.statusCode, { error: err.error, field: err.field, message: err.message }, { ...headers, ...err.headers });
}

/** A header's value, whatever its case (HTTP API lowercases names, but tests and other callers may not). */
export function header(event: Pick<HttpEvent, "headers">, name: string): string | undefined {
    const wanted = name.toLowerCase();
    for (const [key, value] of Object.entries(event.headers ?? {})) {
        if (key.toLowerCase() === wanted) return value;
    }
    return undefined;
}

/**
 * The request body as a JSON object: decoded (base64 when flagged), size-checked, parsed, refused when it
 * is not an object, and refused when any object at any depth holds a prototype-polluting key.
 */
export function readJsonBody(event: Pick<HttpEvent, "body" | "isBase64Encoded">): Record<string, unknown> {
    if (event.body === undefined || event.body === null || event.body === "") {
        throw new HttpError(400, "ValidationError", "body", "body is required: send the order as a JSON object");
    }
    const raw = event.isBase64Encoded ? Buffer.from(event.body, "base64") : Buffer.from(event.body, "utf8");
    if (raw.length > MAX_BODY_BYTES) {
        throw new HttpError(413, "PayloadTooLarge", "body", `body is ${raw.length} bytes, but at most ${MAX_BODY_BYTES} bytes are allowed`);
    }
    let parsed: unknown;
    try {
        parsed = JSON.parse(raw.toString("utf8"));
    } catch {
        throw new HttpError(400, "ValidationError", "body", "body is not valid JSON");
    }
    // Checked before the walk: a list or a scalar is the wrong body, whatever it holds.
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
        throw new HttpError(400, "ValidationError", "body", "body must be a JSON object");
    }
    const polluted = findForbiddenKey(parsed, "");
    if (polluted !== undefined) {
        throw new HttpError(400, "ValidationError", polluted, `${polluted} is not an allowed field`);
    }
    return parsed as Record<string, unknown>;
}

/** No valid order nests this deep; a deeper body is refused before anything walks it recursively. */
const MAX_BODY_DEPTH = 32;

/** Finds a prototype-pollution key anywhere in the body (iteratively, so a hostile nesting cannot overflow the stack). */
function findForbiddenKey(root: unknown, rootPath: string): string | undefined {
    const pending: { value: unknown; path: string; depth: number }[] = [{ value: root, path: rootPath, depth: 0 }];
    while (pending.length > 0) {
        const { value, path, depth } = pending.pop()!;
        if (value === null || typeof value !== "object") continue;
        if (depth >= MAX_BODY_DEPTH) throw new HttpError(400, "ValidationError", path || "body", `${path || "body"} is nested deeper than ${MAX_BODY_DEPTH} levels`);
        for (const [key, child] of Object.entries(value)) {
            const childPath = path === "" ? key : `${path}.${key}`;
            if (FORBIDDEN_KEYS.has(key)) return childPath;
            pending.push({ value: child, path: childPath, depth: depth + 1 });
        }
    }
    return undefined;
}

/** The correlation id from the request header (validated), or a fresh one. */
export function correlationIdOf(event: Pick<HttpEvent, "headers">): string {
    const given = header(event, CORRELATION_HEADER);
    if (given === undefined) return `corr-${randomBytes(12).toString("hex")}`;
    if (!CORRELATION_ID.test(given)) {
        throw new HttpError(400, "ValidationError", CORRELATION_HEADER, `${CORRELATION_HEADER} header must be 8-128 letters, digits or . _ : -`);
    }
    return given;
}
