/**
 * Where the IoT authorizer gets the issuer's public keys (JWKS), and how.
 *
 * aws-jwt-verify fetches the JWKS with Node's `https.request`, which refuses any `http:` URI. The local runtime and
 * the tests run their issuer on plain HTTP on loopback, so this fetcher serves exactly that case itself: `http:`
 * to a loopback host only, with the same timeouts; everything else goes to the library's own HTTPS fetcher.
 * Only the transport differs: every token is still verified against the fetched keys.
 */
import * as http from "http";
import { FetchError, NonRetryableFetchError } from "aws-jwt-verify/error";
import { Fetcher, SimpleFetcher } from "aws-jwt-verify/https";

/** Hosts a plain-HTTP JWKS URI may name: the machine itself, never the network. */
export const LOOPBACK_HOSTS: readonly string[] = ["127.0.0.1", "localhost", "[::1]"];

/**
 * Bounds of one JWKS fetch. The library's HTTPS fetcher tries twice, so a hung issuer costs at most 2 × responseMs
 * = 4 s, inside the 5 s an IoT custom authorizer may take; the keys are normally fetched once, during init.
 */
export const JWKS_FETCH_LIMITS = { socketIdleMs: 1_000, responseMs: 2_000, maxBytes: 1024 * 1024 } as const;

/** Thrown at cold start for a JWKS URI that would fetch keys insecurely or not at all. */
export class JwksUriError extends Error {
    constructor(readonly uri: string, reason: string) {
        super(`JWKS URI ${JSON.stringify(uri)} ${reason}; use https://, or http:// on ${LOOPBACK_HOSTS.join(", ")} for local runs`);
        this.name = "JwksUriError";
    }
}

/** The JWKS URI: the one given, or the issuer's `/.well-known/jwks.json` (where Cognito publishes it). Validated. */
export function jwksUriFor(issuer: string, given?: string): string {
    return checkedJwksUri(given ?? `${issuer.replace(/\/+$/, "")}/.well-known/jwks.json`);
}

/** The URI itself, when it is https, or http to a loopback host; JwksUriError otherwise. */
export function checkedJwksUri(uri: string): string {
    let url: URL;
    try {
        url = new URL(uri);
    } catch {
        throw new JwksUriError(uri, "is not a URL");
    }
    if (url.protocol === "https:") return uri;
    if (url.protocol === "http:" && LOOPBACK_HOSTS.includes(url.hostname)) return uri;
    throw new JwksUriError(uri, url.protocol === "http:" ? "uses plain http to a host other than loopback" : `uses ${url.protocol}`);
}

function fetchOverLoopbackHttp(uri: string): Promise<ArrayBuffer> {
    return new Promise((resolve, reject) => {
        // Both are set before any callback below can run: every callback is asynchronous.
        const fail = (error: Error) => {
            clearTimeout(responseTimer);
            request.destroy();
            reject(error instanceof FetchError ? error : new FetchError(uri, error.message));
        };
        const responseTimer = setTimeout(() => fail(new FetchError(uri, `Response time-out (after ${JWKS_FETCH_LIMITS.responseMs} ms.)`)), JWKS_FETCH_LIMITS.responseMs);
        responseTimer.unref();
        const request = http.get(uri, { timeout: JWKS_FETCH_LIMITS.socketIdleMs }, (response) => {
            if (response.statusCode !== 200) {
                response.resume();
                fail(new NonRetryableFetchError(uri, `Status code is ${response.statusCode}, expected 200`));
                return;
            }
            const chunks: Buffer[] = [];
            let bytes = 0;
            response.on("data", (chunk: Buffer) => {
                bytes += chunk.length;
                if (bytes > JWKS_FETCH_LIMITS.maxBytes) fail(new NonRetryableFetchError(uri, `the JWKS is larger than ${JWKS_FETCH_LIMITS.maxBytes} bytes`));
                else chunks.push(chunk);
            });
            response.on("end", () => {
                clearTimeout(responseTimer);
                const body = Buffer.concat(chunks);
                resolve(body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength) as ArrayBuffer);
            });
            response.on("error", fail);
        });
        request.on("timeout", () => fail(new FetchError(uri, `Socket idle time-out (after ${JWKS_FETCH_LIMITS.socketIdleMs} ms.)`)));
        request.on("error", fail);
    });
}

/** The library's fetcher for https (with one immediate retry), this module's for loopback http. */
export class JwksFetcher implements Fetcher {
    private readonly https = new SimpleFetcher({
        defaultRequestOptions: { timeout: JWKS_FETCH_LIMITS.socketIdleMs, responseTimeout: JWKS_FETCH_LIMITS.responseMs },
    });

    fetch(uri: string, requestOptions?: Record<string, unknown>, data?: ArrayBuffer): Promise<ArrayBuffer> {
        // Checked per call as well, so that no JWKS URI but a validated one can ever be fetched over plain http.
        if (new URL(checkedJwksUri(uri)).protocol === "http:") return fetchOverLoopbackHttp(uri);
        return this.https.fetch(uri, requestOptions, data);
    }
}
