/**
 * The runtime configuration the storefront reads from `/config.json` at start. The local runtime serves it and the
 * deployed site writes it from the stack's outputs, so one build runs against any stack.
 */

import type { AuthConfig, RealtimeConfig, StorefrontConfig } from "../../contracts/storefrontConfig";

// One definition of the shape, shared with the stack that writes config.json and the local runtime that serves it.
export type { AuthConfig, RealtimeConfig, StorefrontConfig };

/** config.json is missing, unreadable or malformed; `problems` lists every bad field. */
export class ConfigError extends Error {
    constructor(readonly problems: readonly string[]) {
        super(`config.json is not usable (${problems.length} ${problems.length === 1 ? "problem" : "problems"}): ${problems.join("; ")}`);
        this.name = "ConfigError";
    }
}

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);
/** IoT authorizer names: AWS allows `[\w=,@-]+`, at most 128 characters. */
const AUTHORIZER_NAME = /^[\w=,@-]{1,128}$/;
const CLIENT_ID = /^[\x21-\x7E]{1,128}$/;

function isObject(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * A URL with one of the secure schemes, or its plain counterpart on loopback only (the local runtime): a token must
 * never travel in clear text to another machine.
 */
function checkUrl(problems: string[], field: string, value: unknown, secure: "https:" | "wss:", plain: "http:" | "ws:"): string {
    const allowed = `an absolute ${secure}// URL (${plain}// only on localhost)`;
    if (typeof value !== "string" || value === "") {
        problems.push(`${field} must be ${allowed}, but ${JSON.stringify(value) ?? "nothing"} was given`);
        return "";
    }
    let url: URL;
    try {
        url = new URL(value);
    } catch {
        problems.push(`${field} must be ${allowed}, but ${JSON.stringify(value)} is not a URL`);
        return "";
    }
    const ok = url.protocol === secure || (url.protocol === plain && LOOPBACK_HOSTS.has(url.hostname));
    if (!ok) problems.push(`${field} must be ${allowed}, but ${JSON.stringify(value)} was given`);
    else if (url.hash !== "") problems.push(`${field} must not have a #fragment, but ${JSON.stringify(value)} was given`);
    return value;
}

function checkString(problems: string[], field: string, value: unknown, pattern: RegExp, allowed: string): string {
    if (typeof value === "string" && pattern.test(value)) return value;
    problems.push(`${field} must be ${allowed}, but ${JSON.stringify(value) ?? "nothing"} was given`);
    return "";
}

function section(problems: string[], raw: Record<string, unknown>, name: string): Record<string, unknown> {
    const value = raw[name];
    if (isObject(value)) return value;
    problems.push(`${name} must be an object, but ${JSON.stringify(value) ?? "nothing"} was given`);
    return {};
}

/** Validates config.json's content; throws one ConfigError naming every bad field and what is allowed. */
export function parseConfig(raw: unknown): StorefrontConfig {
    if (!isObject(raw)) throw new ConfigError([`config.json must hold a JSON object, but ${JSON.stringify(raw)} was given`]);
    const problems: string[] = [];
    const apiUrl = checkUrl(problems, "apiUrl", raw.apiUrl, "https:", "http:");
    const auth = section(problems, raw, "auth");
    const realtime = section(problems, raw, "realtime");
    const config: StorefrontConfig = {
        apiUrl,
        auth: {
            issuer: checkUrl(problems, "auth.issuer", auth.issuer, "https:", "http:"),
            clientId: checkString(problems, "auth.clientId", auth.clientId, CLIENT_ID, "1-128 printable characters without spaces"),
            redirectUri: checkUrl(problems, "auth.redirectUri", auth.redirectUri, "https:", "http:"),
        },
        realtime: {
            url: checkUrl(problems, "realtime.url", realtime.url, "wss:", "ws:"),
            authorizerName: checkString(problems, "realtime.authorizerName", realtime.authorizerName, AUTHORIZER_NAME,
                "1-128 letters, digits or _ = , @ -"),
            // Wildcards or empty levels would widen or break the subscription.
            topicPrefix: checkString(problems, "realtime.topicPrefix", realtime.topicPrefix, /^(?!\/)(?!.*\/\/)(?!.*\/$)[^+#\s]{1,200}$/,
                "1-200 characters without + # spaces or a leading, trailing or doubled /"),
        },
    };
    if (problems.length > 0) throw new ConfigError(problems);
    return config;
}

/** The part of fetch the loader needs. */
export type FetchLike = (input: string, init?: RequestInit) => Promise<Pick<Response, "ok" | "status" | "json">>;

/** Fetches and validates config.json; every failure is a ConfigError saying what went wrong. */
export async function loadConfig(fetchFn: FetchLike, url = "/config.json"): Promise<StorefrontConfig> {
    let response: Awaited<ReturnType<FetchLike>>;
    try {
        // Never cached: a redeployed stack may point at a new API or issuer.
        response = await fetchFn(url, { cache: "no-store", headers: { accept: "application/json" } });
    } catch (err) {
        throw new ConfigError([`${url} could not be fetched (${err instanceof Error ? err.message : String(err)})`]);
    }
    if (!response.ok) throw new ConfigError([`${url} answered HTTP ${response.status}, but 200 with JSON is required`]);
    let body: unknown;
    try {
        body = await response.json();
    } catch {
        throw new ConfigError([`${url} is not valid JSON`]);
    }
    return parseConfig(body);
}
