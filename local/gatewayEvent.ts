/**
 * Lambda proxy integration, payload format 2.0, as the HTTP API builds it: the event a route's function gets,
 * and how its result becomes the HTTP response.
 *
 * Event: header names lower-cased and repeated headers joined with commas, the Cookie header moved to
 * `cookies`, repeated query parameters joined with commas, `body` base64-encoded unless the content type is
 * text (`text/*`, `application/json`, `application/*+json`), `requestContext` with the route, stage `$default`,
 * request id and time, and the JWT claims when the route has an authorizer.
 * Result: an object with `statusCode` is read field by field (headers, cookies as set-cookie, body,
 * isBase64Encoded); anything else is taken as a 200 JSON body, as API Gateway does.
 */
import { randomBytes } from "crypto";
import type * as http from "http";
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import type { JwtContext } from "./gatewayJwt";

/** The event a route receives; `authorizer` is set for JWT routes. */
export type GatewayEvent = APIGatewayProxyEventV2 & { requestContext: { authorizer?: { jwt: JwtContext } } };

export interface EventContext {
    readonly routeKey: string;
    readonly pathParameters?: Record<string, string>;
    readonly requestId: string;
    /** Epoch ms. */
    readonly timeEpoch: number;
    readonly apiId: string;
    readonly accountId: string;
    readonly authorizer?: JwtContext;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const pad = (n: number) => String(n).padStart(2, "0");

/** `12/Mar/2020:19:03:58 +0000`, the format of `requestContext.time`. */
export function requestTime(epochMs: number): string {
    const d = new Date(epochMs);
    return `${pad(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
}

/** An id shaped like API Gateway's (16 characters, base64). */
export const newRequestId = (): string => randomBytes(11).toString("base64").slice(0, 15) + "=";

function isText(contentType: string | undefined): boolean {
    const type = (contentType ?? "").split(";")[0].trim().toLowerCase();
    return type.startsWith("text/") || type === "application/json" || /^application\/[^/]+\+json$/.test(type);
}

/** Builds the payload 2.0 event for one request (body already read). */
export function buildEvent(req: http.IncomingMessage, body: Buffer, context: EventContext): GatewayEvent {
    const url = new URL(req.url ?? "/", "http://localhost");
    const headers: Record<string, string> = {};
    let cookies: string[] = [];
    for (let i = 0; i < req.rawHeaders.length; i += 2) {
        const name = req.rawHeaders[i].toLowerCase();
        const value = req.rawHeaders[i + 1];
        if (name === "cookie") cookies = cookies.concat(value.split(/;\s*/).filter(Boolean));
        else headers[name] = name in headers ? `${headers[name]},${value}` : value;
    }
    const sourceIp = (req.socket.remoteAddress ?? "127.0.0.1").replace(/^::ffff:/, "");
    headers["x-forwarded-for"] ??= sourceIp;
    headers["x-forwarded-port"] ??= String(req.socket.localPort ?? "");
    headers["x-forwarded-proto"] ??= "http";
    headers["x-amzn-trace-id"] ??= `Root=1-${Math.floor(context.timeEpoch / 1000).toString(16)}-${randomBytes(12).toString("hex")}`;
    const query: Record<string, string> = {};
    for (const [name, value] of url.searchParams) query[name] = name in query ? `${query[name]},${value}` : value;
    const host = (headers.host ?? "localhost").split(":")[0];
    const binary = body.length > 0 && !isText(headers["content-type"]);
    const event: GatewayEvent = {
        version: "2.0",
        routeKey: context.routeKey,
        rawPath: url.pathname,
        rawQueryString: url.search.replace(/^\?/, ""),
        ...(cookies.length > 0 ? { cookies } : {}),
        headers,
        ...(Object.keys(query).length > 0 ? { queryStringParameters: query } : {}),
        ...(context.pathParameters && Object.keys(context.pathParameters).length > 0 ? { pathParameters: context.pathParameters } : {}),
        requestContext: {
            accountId: context.accountId,
            apiId: context.apiId,
            ...(context.authorizer ? { authorizer: { jwt: context.authorizer } } : {}),
            domainName: host,
            domainPrefix: host.split(".")[0],
            http: {
                method: req.method ?? "GET",
                path: url.pathname,
                protocol: `HTTP/${req.httpVersion}`,
                sourceIp,
                userAgent: headers["user-agent"] ?? "",
            },
            requestId: context.requestId,
            routeKey: context.routeKey,
            stage: "$default",
            time: requestTime(context.timeEpoch),
            timeEpoch: context.timeEpoch,
        },
        ...(body.length > 0 ? { body: binary ? body.toString("base64") : body.toString("utf8") } : {}),
        isBase64Encoded: binary,
    };
    return event;
}

/** A function result API Gateway cannot turn into a response (it answers 500 and logs the integration error). */
export class MalformedResponseError extends Error {
    constructor(detail: string) {
        super(`malformed Lambda proxy response: ${detail}`);
        this.name = "MalformedResponseError";
    }
}

export interface MappedResponse {
    readonly statusCode: number;
    readonly headers: Record<string, string>;
    readonly cookies: string[];
    readonly body: Buffer;
}

/** Turns a function's result into the HTTP response, by the payload 2.0 rules. */
export function mapResult(result: unknown): MappedResponse {
    if (result === null || typeof result !== "object" || !("statusCode" in result)) {
        // No statusCode: the whole result is the JSON body (a string result is the body as it is).
        const body = typeof result === "string" ? result : JSON.stringify(result ?? null);
        return { statusCode: 200, headers: { "content-type": "application/json" }, cookies: [], body: Buffer.from(body, "utf8") };
    }
    const r = result as Record<string, unknown>;
    const status = typeof r.statusCode === "string" && /^\d+$/.test(r.statusCode) ? Number(r.statusCode) : r.statusCode;
    if (typeof status !== "number" || !Number.isInteger(status) || status < 100 || status > 599) {
        throw new MalformedResponseError(`statusCode must be an integer from 100 to 599, but ${JSON.stringify(r.statusCode)} was returned`);
    }
    const headers: Record<string, string> = {};
    if (r.headers !== undefined && r.headers !== null) {
        if (typeof r.headers !== "object") throw new MalformedResponseError("headers must be an object");
        for (const [name, value] of Object.entries(r.headers)) {
            if (!["string", "number", "boolean"].includes(typeof value)) throw new MalformedResponseError(`header ${name} must be a string, number or boolean`);
            headers[name.toLowerCase()] = String(value);
        }
    }
    const cookies = r.cookies ?? [];
    if (!Array.isArray(cookies) || !cookies.every((c) => typeof c === "string")) throw new MalformedResponseError("cookies must be an array of strings");
    if (r.body !== undefined && r.body !== null && typeof r.body !== "string") throw new MalformedResponseError("body must be a string");
    const text = typeof r.body === "string" ? r.body : "";
    const body = r.isBase64Encoded === true ? Buffer.from(text, "base64") : Buffer.from(text, "utf8");
    return { statusCode: status, headers, cookies, body };
}
