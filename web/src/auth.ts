/**
 * OpenID Connect with oidc-client-ts: authorization code + PKCE against whatever issuer config.json names.
 * Tokens live in sessionStorage (per tab, gone when the tab closes). Renewal is scheduled by the page from the
 * ID token's expiry (see session.ts), not by the library's automaticSilentRenew: that timer follows the access
 * token, and without a refresh token it would fall back to a hidden iframe, which managed login pages refuse.
 */
import { OidcClient, UserManager, WebStorageStateStore, type OidcMetadata, type User } from "oidc-client-ts";
import type { AuthConfig } from "./config";
import { callbackKind, cleanCallbackUrl, issuerKind, signOutPlan, signUpUrl, type IssuerKind } from "./signIn";

export class Auth {
    readonly users: UserManager;
    private readonly kind: IssuerKind;

    constructor(private readonly config: AuthConfig) {
        const store = new WebStorageStateStore({ store: window.sessionStorage });
        this.kind = issuerKind(config.issuer);
        this.users = new UserManager({
            authority: config.issuer,
            client_id: config.clientId,
            redirect_uri: config.redirectUri,
            post_logout_redirect_uri: config.redirectUri,
            response_type: "code",
            scope: "openid email profile",
            userStore: store,
            stateStore: store,
            automaticSilentRenew: false,
            monitorSession: false,
            loadUserInfo: false,
        });
    }

    /**
     * Finishes a redirect back from the issuer, if the URL is one, and removes its parameters from the address bar
     * (a code must not stay in history or be bookmarked). Throws the library's error for a failed sign-in.
     */
    async completeRedirect(): Promise<void> {
        const kind = callbackKind(window.location.search);
        if (kind === "none") return;
        try {
            if (kind === "signin") await this.users.signinCallback(window.location.href);
            else await this.users.signoutCallback(window.location.href);
        } finally {
            window.history.replaceState(window.history.state, "", cleanCallbackUrl(window.location.href));
        }
    }

    currentUser(): Promise<User | null> {
        return this.users.getUser();
    }

    signIn(): Promise<void> {
        return this.users.signinRedirect();
    }

    /** Same request as sign-in (state, PKCE), pointed at the issuer's sign-up form (see signUpUrl). */
    async signUp(): Promise<void> {
        const client = new OidcClient(this.users.settings, this.users.metadataService);
        const request = await client.createSigninRequest({ request_type: "si:r" });
        const metadata = await this.users.metadataService.getMetadata();
        // Not in the library's metadata type: the registration spec's discovery field.
        const prompts = (metadata as { prompt_values_supported?: unknown }).prompt_values_supported;
        window.location.assign(signUpUrl(request.url, this.kind, Array.isArray(prompts) ? prompts.filter((p): p is string => typeof p === "string") : undefined));
    }

    /** Uses the refresh token; resolves with the renewed user. */
    async renew(): Promise<User> {
        const user = await this.users.signinSilent();
        if (user === null) throw new Error("the issuer returned no user on renewal");
        return user;
    }

    /** Revokes the refresh token where the issuer allows it, forgets the tokens here, then ends the issuer's session. */
    async signOut(): Promise<void> {
        const metadata: Partial<OidcMetadata> = await this.users.metadataService.getMetadata().catch(() => ({}));
        // A refresh token outlives the tab by weeks; revoking it is best effort (the tab forgets it either way).
        if (metadata.revocation_endpoint) await this.users.revokeTokens(["refresh_token"]).catch(() => undefined);
        const plan = signOutPlan(this.kind, metadata, this.config.clientId, this.config.redirectUri);
        if (plan.kind === "endSession") return this.users.signoutRedirect();
        await this.users.removeUser();
        if (plan.kind === "redirect") window.location.assign(plan.url);
    }

    /** Forgets the tokens without a round trip (an expired session). */
    forget(): Promise<void> {
        return this.users.removeUser();
    }
}
