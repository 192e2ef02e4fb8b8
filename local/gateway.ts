/**
 * The local stand-in for the API Gateway HTTP API: a request handler that routes by route key, answers CORS
 * preflights and adds CORS headers from the API's `corsConfiguration`, throttles each route with a token bucket
 * from the stage's `defaultRouteSettings`, refuses requests like a JWT authorizer, and invokes the route's
 * function with a payload 2.0 event. Its own answers are API Gateway's: 404 `{"message":"Not Found"}`,
 * 401 `{"message":"Unauthorized"}`, 403 `{"message":"Forbidden"}`, 429 `{"message":"Too Many Requests"}`,
 * 500 `{"message":"Internal Server Error"}` and, when the integration times out, 503 `{"message":"Service Unavailable"}`.
 */
import * as http from "http";
import { buildEvent, mapResult, newRequestId, type GatewayEvent } from "./gatewayEvent";
import { createJwtVerifier, JwtRejectedError, type JwtAuthorizerConfig } from "./gatewayJwt";
import { compileRoute, findRoute, type CompiledRoute } from "./gatewayRoutes";
import { readBoundedBody } from "./requestBody";

export type { GatewayEvent } from "./gatewayEvent";
export type { JwtAuthorizerConfig } from "./gatewayJwt";

export interface GatewayRoute {
    /** `METHOD /path` with `{name}` segments (and a final `{name+}`), `ANY /path`, or `$default`. */
    readonly routeKey: string;
    /** The integration: in the runtime, the function's bundle in a worker. */
    readonly invoke: (event: GatewayEvent) => Promise<unknown>;
    /** The route's JWT authorizer. @default none: the route is public */
    readonly authorizer?: JwtAuthorizerConfig;
    /** The integration timeout in ms, 50 to 30000. @default 30000 */
    readonly timeoutMs?: number;
}

/** The API's `corsConfiguration`, as `aws.apigatewayv2.Api` takes it. */
export interface CorsConfiguration {
    readonly allowOrigins?: readonly string[];
    readonly allowMethods?: readonly string[];
    readonly allowHeaders?: readonly string[];
    readonly exposeHeaders?: readonly string[];
    readonly maxAge?: number;
    readonly allowCredentials?: boolean;
}

/** The stage's `defaultRouteSettings` throttling, applied to each route. */
export interface ThrottleSettings {
    readonly throttlingBurstLimit: number;
    readonly throttlingRateLimit: number;
}

export interface GatewayOptions {
    readonly routes: readonly GatewayRoute[];
    /** @default no CORS: no preflight answers, no CORS headers */
    readonly corsConfiguration?: CorsConfiguration;
    /** @default no throttling */
    readonly defaultRouteSettings?: ThrottleSettings;
    /** `requestContext.apiId`. @default "local" */
    readonly apiId?: string;
    /** `requestContext.accountId`. @default "000000000000" */
    readonly accountId?: string;
    /** One readable line per request. @default no logging */
    readonly log?: (line: string) => void;
    /** The clock (ms since the epoch) for throttling, token times and request times. @default Date.now */
    readonly now?: () => number;
}

export interface Gateway {
    /** Whether a request belongs to the API: its path matches a route (any method), so the composer should hand it over. */
    owns(req: http.IncomingMessage): boolean;
    /** Answers one request (mount it for the paths `owns` claims). */
    handleRequest(req: http.IncomingMessage, res: http.ServerResponse): void;
}

/** API Gateway's payload limit for HTTP APIs. */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;
const INTEGRATION_TIMEOUT_MS = 30_000;

class GatewayAnswer extends Error {
    constructor(readonly status: number, readonly reason: string, readonly extraHeaders: Record<string, string> = {}) {
        super(reason);
        this.name = "GatewayAnswer";
    }
}

/** Options the gateway cannot serve; the message names the route or setting and what is allowed. */
export class GatewayConfigError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "GatewayConfigError";
    }
}

const MESSAGES: Record<number, string> = { 401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 413: "Request Entity Too Large", 429: "Too Many Requests", 500: "Internal Server Error", 503: "Service Unavailable" };

function readBody(req: http.IncomingMessage): Promise<Buffer> {
    return readBoundedBody(req, MAX_BODY_BYTES, (size) => new GatewayAnswer(413, `the body is ${size} bytes, over the ${MAX_BODY_BYTES}-byte limit`));
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new GatewayAnswer(503, `the integration did not answer within ${ms} ms`)), ms);
    });
    return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** Checks the options before anything is served; throws naming the route or setting and what is allowed. */
export function validateGatewayOptions(options: GatewayOptions): CompiledRoute[] {
    const compiled = options.routes.map((route) => {
        if (route.timeoutMs !== undefined && (!Number.isInteger(route.timeoutMs) || route.timeoutMs < 50 || route.timeoutMs > INTEGRATION_TIMEOUT_MS)) {
            throw new GatewayConfigError(`route ${route.routeKey}: timeoutMs must be an integer from 50 to ${INTEGRATION_TIMEOUT_MS}, but ${route.timeoutMs} was provided`);
        }
        if (route.authorizer && route.authorizer.audience.length === 0) throw new GatewayConfigError(`route ${route.routeKey}: the JWT authorizer needs at least one audience`);
        return compileRoute(route.routeKey);
    });
    const keys = compiled.map((r) => r.routeKey);
    const duplicate = keys.find((key, i) => keys.indexOf(key) !== i);
    if (duplicate) throw new GatewayConfigError(`route key ${duplicate} is declared twice; each route key must be unique`);
    const throttle = options.defaultRouteSettings;
    if (throttle && (!(throttle.throttlingBurstLimit >= 0) || !(throttle.throttlingRateLimit >= 0))) {
        throw new GatewayConfigError(`defaultRouteSettings needs throttlingBurstLimit and throttlingRateLimit of 0 or more, but ${JSON.stringify(throttle)} was provided`);
    }
    return compiled;
}

/** Creates the gateway. Mount `handleRequest` on the origin's server for the requests `owns` claims (or use `listenGateway`). */
export function createGateway(options: GatewayOptions): Gateway {
    const compiled = validateGatewayOptions(options);
    const now = options.now ?? Date.now;
    const log = options.log ?? (() => undefined);
    const verify = createJwtVerifier({ now });
    const cors = options.corsConfiguration;
    const buckets = new Map<string, { tokens: number; at: number }>();

    const allowedOrigin = (origin: string | undefined): string | undefined => {
        if (!cors || !origin) return undefined;
        const origins = cors.allowOrigins ?? [];
        if (origins.includes("*")) return "*";
        return origins.some((o) => o.toLowerCase() === origin.toLowerCase()) ? origin : undefined;
    };
    /** Headers every answer to a browser's CORS request carries (the integration's own CORS headers are replaced). */
    const corsHeaders = (origin: string | undefined): Record<string, string> => {
        const allowed = allowedOrigin(origin);
        if (!cors || !allowed) return {};
        return {
            "access-control-allow-origin": allowed,
            ...(cors.allowCredentials ? { "access-control-allow-credentials": "true" } : {}),
            ...(cors.exposeHeaders?.length ? { "access-control-expose-headers": cors.exposeHeaders.join(",") } : {}),
            ...(allowed === "*" ? {} : { vary: "origin" }),
        };
    };

    const takeToken = (routeKey: string): boolean => {
        const settings = options.defaultRouteSettings;
        if (!settings) return true;
        const t = now();
        const bucket = buckets.get(routeKey) ?? { tokens: settings.throttlingBurstLimit, at: t };
        bucket.tokens = Math.min(settings.throttlingBurstLimit, bucket.tokens + ((t - bucket.at) / 1000) * settings.throttlingRateLimit);
        bucket.at = t;
        buckets.set(routeKey, bucket);
        if (bucket.tokens < 1) return false;
        bucket.tokens -= 1;
        return true;
    };

    const send = (res: http.ServerResponse, status: number, headers: Record<string, string>, body: Buffer, cookies: string[] = []) => {
        res.writeHead(status, { ...headers, "content-length": String(body.length), ...(cookies.length > 0 ? { "set-cookie": cookies } : {}) });
        res.end(body);
    };

    const serve = async (req: http.IncomingMessage, res: http.ServerResponse, requestId: string, started: number): Promise<string> => {
        const url = new URL(req.url ?? "/", "http://localhost");
        const method = (req.method ?? "GET").toUpperCase();
        const origin = typeof req.headers.origin === "string" ? req.headers.origin : undefined;
        const base = { "apigw-requestid": requestId };
        const answer = (status: number, reason: string, extra: Record<string, string> = {}) => {
            send(res, status, { ...base, ...corsHeaders(origin), "content-type": "application/json", ...extra }, Buffer.from(JSON.stringify({ message: MESSAGES[status] })));
            return `${status} ${MESSAGES[status]}: ${reason}`;
        };

        // Preflights are answered by the gateway itself, before routing, throttling and authorizers.
        if (cors && method === "OPTIONS" && origin && req.headers["access-control-request-method"]) {
            const allowed = allowedOrigin(origin);
            const headers: Record<string, string> = allowed ? {
                "access-control-allow-origin": allowed,
                ...(cors.allowCredentials ? { "access-control-allow-credentials": "true" } : {}),
                ...(cors.allowMethods?.length ? { "access-control-allow-methods": cors.allowMethods.join(",") } : {}),
                ...(cors.allowHeaders?.length ? { "access-control-allow-headers": cors.allowHeaders.join(",") } : {}),
                ...(cors.maxAge !== undefined ? { "access-control-max-age": String(cors.maxAge) } : {}),
                ...(allowed === "*" ? {} : { vary: "origin" }),
            } : {};
            send(res, 204, { ...base, ...headers }, Buffer.alloc(0));
            return allowed ? "204 preflight" : `204 preflight without CORS headers: origin ${origin} is not allowed`;
        }

        const match = findRoute(compiled, method, url.pathname);
        if (!match) return answer(404, "no route matches");
        const route = options.routes[match.index];
        if (!takeToken(match.route.routeKey)) return answer(429, `route ${match.route.routeKey} is over its throttling limit`);

        let authorizer: Awaited<ReturnType<typeof verify>> | undefined;
        if (route.authorizer) {
            try {
                authorizer = await verify(route.authorizer, req.headers.authorization);
            } catch (error) {
                if (!(error instanceof JwtRejectedError)) throw error;
                const challenge = `Bearer scope="${(route.authorizer.authorizationScopes ?? []).join(" ")}" error="${error.status === 403 ? "insufficient_scope" : "invalid_token"}" error_description="${error.reason.replace(/"/g, "'")}"`;
                return answer(error.status, error.reason, { "www-authenticate": challenge });
            }
        }
        let body: Buffer;
        try {
            body = await readBody(req);
        } catch (error) {
            if (error instanceof GatewayAnswer) return answer(error.status, error.reason);
            throw error;
        }
        const event = buildEvent(req, body, {
            routeKey: match.route.routeKey,
            pathParameters: match.pathParameters,
            requestId,
            timeEpoch: started,
            apiId: options.apiId ?? "local",
            accountId: options.accountId ?? "000000000000",
            authorizer,
        });
        let result: unknown;
        try {
            result = await withTimeout(Promise.resolve().then(() => route.invoke(event)), route.timeoutMs ?? INTEGRATION_TIMEOUT_MS);
        } catch (error) {
            if (error instanceof GatewayAnswer) return answer(error.status, error.reason);
            return answer(500, `the integration failed: ${error instanceof Error ? error.message : String(error)}`);
        }
        let mapped: ReturnType<typeof mapResult>;
        try {
            mapped = mapResult(result);
        } catch (error) {
            return answer(500, error instanceof Error ? error.message : String(error));
        }
        const own = Object.fromEntries(Object.entries(mapped.headers).filter(([name]) => !(cors && name.startsWith("access-control-"))));
        send(res, mapped.statusCode, { ...own, ...base, ...corsHeaders(origin) }, mapped.body, mapped.cookies);
        const subject = authorizer?.claims.sub ? ` sub=${authorizer.claims.sub}` : "";
        return `${mapped.statusCode} (route ${match.route.routeKey}${subject})`;
    };

    return {
        owns(req) {
            const pathname = new URL(req.url ?? "/", "http://localhost").pathname;
            return compiled.some((route) => route.matchesPath(pathname));
        },
        handleRequest(req, res) {
            const requestId = newRequestId();
            const started = now();
            serve(req, res, requestId, started).then((outcome) => {
                log(`api ${req.method} ${req.url} → ${outcome} requestId=${requestId} ${Math.max(0, now() - started)}ms`);
            }, (error: unknown) => {
                const status = error instanceof GatewayAnswer ? error.status : 500;
                if (!res.headersSent) send(res, status, { "apigw-requestid": requestId, "content-type": "application/json" }, Buffer.from(JSON.stringify({ message: MESSAGES[status] })));
                log(`api ${req.method} ${req.url} → ${status} ${MESSAGES[status]}: ${error instanceof Error ? error.message : String(error)} requestId=${requestId}`);
            });
        },
    };
}

/** The gateway alone on its own loopback server, for tests: `http://127.0.0.1:<port>`. */
export async function listenGateway(options: GatewayOptions, port = 0): Promise<{ gateway: Gateway; url: string; close(): Promise<void> }> {
    const gateway = createGateway(options);
    const server = http.createServer((req, res) => gateway.handleRequest(req, res));
    await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", () => resolve()));
    const address = server.address() as { port: number };
    return {
        gateway,
        url: `http://127.0.0.1:${address.port}`,
        close: () => new Promise<void>((resolve) => {
            server.closeAllConnections();
            server.close(() => resolve());
        }),
    };
}
