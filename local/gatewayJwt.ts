/**
 * The HTTP API JWT authorizer, locally: the checks API Gateway documents for a route with a `JWT` authorizer.
 * The token comes from the Authorization header (alone or after `Bearer `); its signature is verified with an
 * RSA key from the issuer's JWKS (found through `<issuer>/.well-known/openid-configuration`), the key chosen by
 * the token's `kid`; then `iss` must equal the issuer, `aud` (or `client_id` when there is no `aud`) must be one
 * of the audiences, `exp` must be in the future, `nbf` and `iat` in the past, and when the route names
 * authorization scopes, `scope`/`scp` must hold one of them. Claims reach the integration as API Gateway gives
 * them to payload format 2.0: every value a string.
 */
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify, type JWTPayload } from "jose";

/** The authorizer of one route, as the HTTP API declares it (`jwtConfiguration` plus the route's scopes). */
export interface JwtAuthorizerConfig {
    /** Must equal the token's `iss` exactly; its discovery document is read from `<issuer>/.well-known/openid-configuration`. */
    readonly issuer: string;
    /** The accepted audiences (app client ids). At least one. */
    readonly audience: readonly string[];
    /** The route's `authorizationScopes`. @default none: any valid token passes */
    readonly authorizationScopes?: readonly string[];
}

/** What a valid token gives the integration: `requestContext.authorizer.jwt`. */
export interface JwtContext {
    readonly claims: Record<string, string>;
    readonly scopes: string[] | null;
}

/** A token API Gateway would refuse: 401 (not valid) or 403 (valid, but without a scope the route requires). */
export class JwtRejectedError extends Error {
    constructor(readonly status: 401 | 403, readonly reason: string) {
        super(reason);
        this.name = "JwtRejectedError";
    }
}

/** API Gateway supports only RSA-based signing algorithms for JWT authorizers. */
const RSA_ALGORITHMS = ["RS256", "RS384", "RS512"];

/** A claim value as payload format 2.0 carries it: numbers and booleans as text, arrays as `[a b]`. */
export function claimText(value: unknown): string {
    if (typeof value === "string") return value;
    if (Array.isArray(value)) return `[${value.map(claimText).join(" ")}]`;
    if (value !== null && typeof value === "object") return JSON.stringify(value);
    return String(value);
}

function tokenScopes(payload: JWTPayload): string[] {
    const scope = payload.scope ?? payload.scp;
    if (typeof scope === "string") return scope.split(" ").filter(Boolean);
    if (Array.isArray(scope)) return scope.filter((s): s is string => typeof s === "string");
    return [];
}

export interface JwtVerifierOptions {
    /** The clock, in ms since the epoch. @default Date.now */
    readonly now?: () => number;
}

export type JwtVerifier = (authorizer: JwtAuthorizerConfig, authorization: string | undefined) => Promise<JwtContext>;

/**
 * A verifier that discovers each issuer's JWKS once (a failed discovery is retried on the next request, so the
 * issuer may start after the gateway) and lets jose cache and refresh the keys.
 */
export function createJwtVerifier(options: JwtVerifierOptions = {}): JwtVerifier {
    const now = options.now ?? Date.now;
    const keySets = new Map<string, Promise<ReturnType<typeof createRemoteJWKSet>>>();

    const keySetFor = (issuer: string) => {
        let keySet = keySets.get(issuer);
        if (!keySet) {
            keySet = (async () => {
                const discovery = `${issuer.replace(/\/$/, "")}/.well-known/openid-configuration`;
                const response = await fetch(discovery);
                if (!response.ok) throw new Error(`${discovery} answered ${response.status}`);
                const { jwks_uri: jwksUri } = (await response.json()) as { jwks_uri?: unknown };
                if (typeof jwksUri !== "string") throw new Error(`${discovery} names no jwks_uri`);
                return createRemoteJWKSet(new URL(jwksUri));
            })();
            keySets.set(issuer, keySet);
            keySet.catch(() => keySets.delete(issuer));
        }
        return keySet;
    };

    return async (authorizer, authorization) => {
        if (!authorization) throw new JwtRejectedError(401, "no Authorization header");
        const token = authorization.replace(/^Bearer\s+/i, "").trim();
        if (token.split(".").length !== 3) throw new JwtRejectedError(401, "the Authorization header holds no JWT");
        let header: ReturnType<typeof decodeProtectedHeader>;
        try {
            header = decodeProtectedHeader(token);
        } catch {
            throw new JwtRejectedError(401, "the token's header is not valid JSON");
        }
        if (typeof header.alg !== "string" || !RSA_ALGORITHMS.includes(header.alg)) {
            throw new JwtRejectedError(401, `the token is signed with ${JSON.stringify(header.alg)}; only ${RSA_ALGORITHMS.join(", ")} are accepted`);
        }
        if (typeof header.kid !== "string") throw new JwtRejectedError(401, "the token has no kid");
        let keySet: Awaited<ReturnType<typeof keySetFor>>;
        try {
            keySet = await keySetFor(authorizer.issuer);
        } catch (error) {
            throw new JwtRejectedError(401, `the issuer's keys could not be read: ${error instanceof Error ? error.message : String(error)}`);
        }
        let payload: JWTPayload;
        try {
            ({ payload } = await jwtVerify(token, keySet, {
                algorithms: RSA_ALGORITHMS,
                issuer: authorizer.issuer,
                requiredClaims: ["exp"],
                currentDate: new Date(now()),
            }));
        } catch (error) {
            throw new JwtRejectedError(401, `the token is not valid: ${error instanceof Error ? error.message : String(error)}`);
        }
        if (typeof payload.iat === "number" && payload.iat * 1000 > now()) throw new JwtRejectedError(401, "the token's iat is in the future");
        // `client_id` counts only when the token has no `aud` (access tokens of some issuers).
        const audiences = payload.aud === undefined ? [payload.client_id] : Array.isArray(payload.aud) ? payload.aud : [payload.aud];
        if (!audiences.some((aud) => typeof aud === "string" && authorizer.audience.includes(aud))) {
            throw new JwtRejectedError(401, `the token's ${payload.aud === undefined ? "client_id" : "aud"} ${JSON.stringify(payload.aud ?? payload.client_id)} is not one of the authorizer's audiences`);
        }
        const required = authorizer.authorizationScopes ?? [];
        const scopes = tokenScopes(payload);
        if (required.length > 0 && !scopes.some((s) => required.includes(s))) {
            throw new JwtRejectedError(403, `the token has none of the route's scopes (${required.join(", ")})`);
        }
        const claims: Record<string, string> = {};
        for (const [name, value] of Object.entries(payload)) claims[name] = claimText(value);
        return { claims, scopes: required.length > 0 ? scopes : null };
    };
}
