/**
 * The parts of signing in, up and out that differ between issuers, decided from the issuer's URL and discovery
 * document only, so the page runs one code path against Cognito's managed login and the local issuer alike.
 */

export type IssuerKind = "cognito" | "generic";

/** A Cognito user pool's issuer: `https://cognito-idp.<region>.amazonaws.com/<pool id>`. */
const COGNITO_ISSUER = /^https:\/\/cognito-idp\.[a-z0-9-]+\.amazonaws\.com\/[\w-]+\/?$/;

export function issuerKind(issuer: string): IssuerKind {
    return COGNITO_ISSUER.test(issuer) ? "cognito" : "generic";
}

/**
 * The authorization request, turned into one that opens the issuer's sign-up form:
 * - Cognito: its managed login serves sign-up at `/signup` on the same domain and takes the same parameters
 *   (state, PKCE challenge, redirect URI) as `/oauth2/authorize`, then returns a code like a sign-in does;
 * - another issuer that lists `create` in `prompt_values_supported` (OpenID Connect "Initiating User Registration"):
 *   `prompt=create`;
 * - otherwise the ordinary sign-in page, which offers a sign-up link.
 */
export function signUpUrl(authorizeUrl: string, kind: IssuerKind, promptValuesSupported: readonly string[] | undefined): string {
    const url = new URL(authorizeUrl);
    if (kind === "cognito") {
        url.pathname = url.pathname.replace(/\/oauth2\/authorize\/?$/, "/signup");
        return url.toString();
    }
    if (promptValuesSupported?.includes("create")) url.searchParams.set("prompt", "create");
    return url.toString();
}

export type SignOutPlan =
    /** The issuer has an RP-initiated logout endpoint: oidc-client-ts's signoutRedirect. */
    | { readonly kind: "endSession" }
    /** Cognito has no end_session_endpoint; its managed login logs out at `/logout` with `logout_uri`. */
    | { readonly kind: "redirect"; readonly url: string }
    /** Nothing to tell the issuer: forgetting the tokens is the sign-out. */
    | { readonly kind: "local" };

export function signOutPlan(kind: IssuerKind, metadata: { end_session_endpoint?: string; authorization_endpoint?: string }, clientId: string, postLogoutUri: string): SignOutPlan {
    if (metadata.end_session_endpoint) return { kind: "endSession" };
    if (kind === "cognito" && metadata.authorization_endpoint) {
        const url = new URL("/logout", metadata.authorization_endpoint);
        url.searchParams.set("client_id", clientId);
        url.searchParams.set("logout_uri", postLogoutUri);
        return { kind: "redirect", url: url.toString() };
    }
    return { kind: "local" };
}

export type CallbackKind = "signin" | "signout" | "none";

/** What the URL the issuer sent the browser back to carries: an authorization response, a logout response, or neither. */
export function callbackKind(search: string): CallbackKind {
    const params = new URLSearchParams(search);
    if (params.has("state") && (params.has("code") || params.has("error"))) return "signin";
    if (params.has("state")) return "signout";
    return "none";
}

/** The URL without the parameters of an authorization or logout response, for history.replaceState. */
export function cleanCallbackUrl(href: string): string {
    const url = new URL(href);
    for (const name of ["code", "state", "session_state", "error", "error_description", "error_uri", "iss"]) url.searchParams.delete(name);
    return `${url.pathname}${url.search}${url.hash}`;
}

/** An authorization error (`error` of the response, or an exception of the client library) in the customer's words. */
export function signInProblem(error: unknown): string {
    const code = typeof error === "object" && error !== null && "error" in error ? String((error as { error: unknown }).error) : undefined;
    if (code === "access_denied") return "Sign-in was cancelled. Press Sign in to try again.";
    if (code === "login_required" || code === "interaction_required") return "Please sign in again.";
    if (code === "temporarily_unavailable" || code === "server_error") return "Sign-in is not available right now. Please try again in a moment.";
    return "Sign-in did not complete. Please press Sign in to try again.";
}
