/**
 * The signed-in customer as the page needs them: who (the ID token's `sub`, which is the customerId), the token the
 * API and the IoT authorizer check (the ID token), and when to renew it or give up.
 */

/** The ID token could not be read, or lacks a claim the page relies on. */
export class TokenError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "TokenError";
    }
}

export interface Identity {
    readonly sub: string;
    readonly email?: string;
    readonly idToken: string;
    /** When the credentials stop working (the earlier of the ID token's `exp` and the access token's), epoch seconds. */
    readonly expiresAt: number;
    readonly canRenew: boolean;
}

/** The fields of an oidc-client-ts User this module reads. */
export interface TokenSet {
    readonly id_token?: string;
    readonly refresh_token?: string;
    readonly expires_at?: number;
}

function base64UrlDecode(segment: string): string {
    const base64 = segment.replace(/-/g, "+").replace(/_/g, "/").padEnd(Math.ceil(segment.length / 4) * 4, "=");
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    return new TextDecoder().decode(bytes);
}

/**
 * The claims of a JWT, read without verifying it: the page only needs its own token's `sub` and `exp`; the API and
 * the authorizer are the ones that verify.
 */
export function jwtClaims(token: string): Record<string, unknown> {
    const parts = token.split(".");
    if (parts.length !== 3) throw new TokenError(`the ID token must be a JWT of three parts, but it has ${parts.length}`);
    let claims: unknown;
    try {
        claims = JSON.parse(base64UrlDecode(parts[1]));
    } catch {
        throw new TokenError("the ID token's payload is not base64url-encoded JSON");
    }
    if (typeof claims !== "object" || claims === null || Array.isArray(claims)) throw new TokenError("the ID token's payload must be a JSON object");
    return claims as Record<string, unknown>;
}

/** The identity in a token set; throws TokenError when there is no usable ID token. */
export function identityOf(tokens: TokenSet): Identity {
    if (typeof tokens.id_token !== "string" || tokens.id_token === "") throw new TokenError("the issuer returned no ID token (is the scope missing openid?)");
    const claims = jwtClaims(tokens.id_token);
    if (typeof claims.sub !== "string" || claims.sub === "") throw new TokenError("the ID token has no sub claim");
    if (typeof claims.exp !== "number") throw new TokenError("the ID token has no numeric exp claim");
    const expiresAt = typeof tokens.expires_at === "number" ? Math.min(claims.exp, tokens.expires_at) : claims.exp;
    return {
        sub: claims.sub,
        email: typeof claims.email === "string" ? claims.email : undefined,
        idToken: tokens.id_token,
        expiresAt,
        canRenew: typeof tokens.refresh_token === "string" && tokens.refresh_token !== "",
    };
}

/** Renew this long before the token expires, so no request or reconnect carries a token about to lapse. */
export const RENEW_MARGIN_SECONDS = 60;

export type RenewalPlan =
    /** Use the refresh token in `inMs`. */
    | { readonly kind: "renew"; readonly inMs: number }
    /** No way to renew: the session ends in `inMs` and the customer signs in again. */
    | { readonly kind: "expire"; readonly inMs: number };

/**
 * What to do next about the token: renew ahead of expiry with the refresh token when there is one, retrying a failed
 * renewal with growing pauses while time remains; otherwise end the session when the token expires.
 */
export function renewalPlan(identity: Pick<Identity, "expiresAt" | "canRenew">, nowSeconds: number, failedRenewals = 0): RenewalPlan {
    const left = identity.expiresAt - nowSeconds;
    if (!identity.canRenew) return { kind: "expire", inMs: Math.max(0, left) * 1000 };
    if (failedRenewals === 0) return { kind: "renew", inMs: Math.max(0, left - RENEW_MARGIN_SECONDS) * 1000 };
    const pause = Math.min(60, 5 * 2 ** (failedRenewals - 1));
    if (pause < left) return { kind: "renew", inMs: pause * 1000 };
    return { kind: "expire", inMs: Math.max(0, left) * 1000 };
}

/** A renewal only counts if it gave a token for the same customer that lasts longer than the one it replaces. */
export function isRenewal(before: Identity, after: Identity): boolean {
    return after.sub === before.sub && after.expiresAt > before.expiresAt;
}

/** Whether the token is still good for a request, with a few seconds of allowance for the network. */
export function isUsable(identity: Pick<Identity, "expiresAt">, nowSeconds: number): boolean {
    return identity.expiresAt - nowSeconds > 5;
}
