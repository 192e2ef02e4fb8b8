/**
 * The local OpenID Connect issuer standing in for the Cognito user pool: oidc-provider mounted under the
 * issuer URL's path on the one origin (e.g. `http://localhost:3000/oidc`). Authorization code with PKCE (S256,
 * required), one public client (no secret), discovery at `<issuer>/.well-known/openid-configuration`, the JWKS
 * at `<issuer>/.well-known/jwks.json` (Cognito's path, the IoT authorizer's default), RS256 ID tokens with `sub`
 * (UUID), `email`, `email_verified: true`, `aud` = the client id; refresh tokens for silent renewal; RP-initiated
 * logout. The signing key is made at start, or kept in the data directory (with the accounts, sessions and
 * refresh tokens) so tokens and sign-ins survive a restart.
 */
import { generateKeyPairSync, randomBytes, randomUUID } from "crypto";
import { promises as fs } from "fs";
import * as http from "http";
import * as path from "path";
import { AccountStore, DEMO_CUSTOMERS, type PasswordPolicy } from "./oidcAccounts";
import { interactionHandler } from "./oidcInteractions";
import { errorPage, escapeHtml, SIGN_OUT_SCRIPT, signedOutPage, signOutPage } from "./oidcPages";
import { loadOidcProvider, type ProviderClient, type ProviderContext } from "./oidcProvider";
import { OidcState } from "./oidcState";

export { DEMO_CUSTOMERS } from "./oidcAccounts";

export interface OidcIssuerOptions {
    /** The issuer URL; its path is where the issuer is mounted, e.g. `http://localhost:3000/oidc`. */
    readonly issuer: string;
    /** The public app client's id (the ID token's `aud`). */
    readonly clientId: string;
    /** Where the client may be sent back with a code (the storefront's root). */
    readonly redirectUris: readonly string[];
    /** Where the client may be sent after signing out. */
    readonly postLogoutRedirectUris: readonly string[];
    /** Keeps the signing key, accounts, sessions and refresh tokens here. @default memory only: a restart makes new keys and forgets sign-ups */
    readonly dataDirectory?: string;
    /** ID and access token lifetime in seconds. @default 3600 (Cognito's default) */
    readonly tokenTtlSeconds?: number;
    /** @default at least 8 characters with a lowercase letter, an uppercase letter and a digit */
    readonly passwordPolicy?: PasswordPolicy;
    /** One readable line per sign-in, sign-up, token and sign-out. @default no logging */
    readonly log?: (line: string) => void;
}

export interface OidcIssuer {
    readonly issuer: string;
    readonly clientId: string;
    /** `<issuer>/.well-known/openid-configuration` */
    readonly discoveryUrl: string;
    /** `<issuer>/.well-known/jwks.json`, what the IoT authorizer's `JWT_JWKS_URI` defaults to. */
    readonly jwksUri: string;
    /** The mount path (the issuer URL's path), e.g. "/oidc". */
    readonly prefix: string;
    /** The seeded customers and their passwords. */
    readonly demoCustomers: typeof DEMO_CUSTOMERS;
    /** Whether the request is the issuer's (its path is under the prefix). */
    owns(req: http.IncomingMessage): boolean;
    /** Answers one of the issuer's requests. */
    handleRequest(req: http.IncomingMessage, res: http.ServerResponse): void;
    /** Waits until the state is written to the data directory (call before exiting). */
    close(): Promise<void>;
}

interface StoredKeys {
    readonly signing: Record<string, unknown>;
    readonly cookieKeys: string[];
}

function newKeys(): StoredKeys {
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    return { signing: { ...privateKey.export({ format: "jwk" }), kid: randomUUID(), alg: "RS256", use: "sig" }, cookieKeys: [randomBytes(32).toString("base64url")] };
}

/** Loads the keys from the data directory, or makes them (and saves them there when there is one). */
async function loadKeys(dataDirectory: string | undefined): Promise<StoredKeys> {
    if (!dataDirectory) return newKeys();
    const file = path.join(dataDirectory, "oidc-keys.json");
    try {
        return JSON.parse(await fs.readFile(file, "utf8")) as StoredKeys;
    } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
    const keys = newKeys();
    await fs.mkdir(dataDirectory, { recursive: true });
    await fs.writeFile(file, JSON.stringify(keys), { mode: 0o600 });
    return keys;
}

/** Scopes the storefront gets without a consent screen. */
const FIRST_PARTY_SCOPES = ["openid", "email", "profile"];

/** Options the issuer cannot run with; the message names the option and what is allowed. */
export class OidcIssuerConfigError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "OidcIssuerConfigError";
    }
}

/** Checks the options; throws OidcIssuerConfigError naming the option and what is allowed. */
export function validateOidcIssuerOptions(options: OidcIssuerOptions): URL {
    let issuer: URL;
    try {
        issuer = new URL(options.issuer);
    } catch {
        throw new OidcIssuerConfigError(`issuer must be an absolute http(s) URL like http://localhost:3000/oidc, but ${JSON.stringify(options.issuer)} was provided`);
    }
    if (!/^https?:$/.test(issuer.protocol) || issuer.search || issuer.hash || issuer.pathname.endsWith("/")) {
        throw new OidcIssuerConfigError(`issuer must be an http(s) URL without query, fragment or trailing slash, like http://localhost:3000/oidc, but ${options.issuer} was provided`);
    }
    if (!options.clientId) throw new OidcIssuerConfigError("clientId must be a non-empty string");
    if (options.redirectUris.length === 0) throw new OidcIssuerConfigError("redirectUris must name at least one URI");
    return issuer;
}

/** Creates the issuer. Mount `handleRequest` on the origin's server for the requests `owns` claims (or use `listenOidcIssuer`). */
export async function createOidcIssuer(options: OidcIssuerOptions): Promise<OidcIssuer> {
    const issuerUrl = validateOidcIssuerOptions(options);
    const prefix = issuerUrl.pathname === "/" ? "" : issuerUrl.pathname;
    const log = options.log ?? (() => undefined);
    const ttl = options.tokenTtlSeconds ?? 3600;
    const [keys, accounts] = await Promise.all([loadKeys(options.dataDirectory), AccountStore.open(options)]);
    const state = await OidcState.open(options.dataDirectory, (error) => log(`oidc state not saved: ${error instanceof Error ? error.message : String(error)}`));
    const { Provider, interactionPolicy } = loadOidcProvider();

    const policy = interactionPolicy.base();
    // Asked with `prompt=create`, the interaction starts at the sign-up form.
    policy.add(new interactionPolicy.Prompt({ name: "create", requestable: true }), 0);

    const provider = new Provider(options.issuer, {
        adapter: state.adapterFactory(),
        clients: [{
            client_id: options.clientId,
            client_name: "Storefront",
            application_type: "web",
            token_endpoint_auth_method: "none",
            grant_types: ["authorization_code", "refresh_token"],
            response_types: ["code"],
            redirect_uris: options.redirectUris,
            post_logout_redirect_uris: options.postLogoutRedirectUris,
            require_auth_time: true,
        }],
        responseTypes: ["code"],
        pkce: { required: () => true },
        scopes: ["openid", "email", "profile", "offline_access"],
        claims: { openid: ["sub", "token_use"], email: ["email", "email_verified"], profile: ["cognito:username"] },
        // Put the scope's claims in the ID token itself, as Cognito does: the API and IoT read email from it.
        conformIdTokenClaims: false,
        async findAccount(_ctx: ProviderContext, sub: string) {
            const account = accounts.findBySub(sub);
            if (!account) return undefined;
            return { accountId: sub, claims: async () => ({ sub, token_use: "id", email: account.email, email_verified: true, "cognito:username": sub }) };
        },
        // Refresh tokens without offline_access (the storefront asks openid email profile and renews silently).
        issueRefreshToken: async (_ctx: ProviderContext, client: ProviderClient) => client.grantTypeAllowed("refresh_token"),
        async loadExistingGrant(ctx: ProviderContext) {
            const { client, session, result, provider: p } = ctx.oidc;
            if (!client || !session?.accountId) return undefined;
            const grantId = result?.consent?.grantId ?? session.grantIdFor(client.clientId);
            const grant = (grantId ? await p.Grant.find(grantId) : undefined) ?? new p.Grant({ clientId: client.clientId, accountId: session.accountId });
            const wanted = [...ctx.oidc.requestParamOIDCScopes].filter((scope) => FIRST_PARTY_SCOPES.includes(scope));
            if (wanted.length > 0) grant.addOIDCScope(wanted.join(" "));
            await grant.save();
            return grant;
        },
        clientBasedCORS: (_ctx: ProviderContext, origin: string, client: ProviderClient) => client.redirectUris.some((uri) => URL.parse(uri)?.origin === origin),
        interactions: { policy, url: (_ctx: ProviderContext, interaction: { uid: string }) => `${prefix}/interaction/${interaction.uid}` },
        // Advertised, so a client (the storefront's "Sign up") knows it may ask for the sign-up form first.
        discovery: { prompt_values_supported: ["none", "login", "consent", "create"] },
        features: {
            devInteractions: { enabled: false },
            rpInitiatedLogout: {
                enabled: true,
                async logoutSource(ctx: ProviderContext, form: string) {
                    ctx.type = "html";
                    ctx.body = signOutPage(form, `${prefix}/assets/sign-out.js`);
                },
                async postLogoutSuccessSource(ctx: ProviderContext) {
                    ctx.type = "html";
                    ctx.body = signedOutPage();
                },
            },
        },
        async renderError(ctx: ProviderContext, out: { error?: string; error_description?: string }) {
            ctx.type = "html";
            ctx.body = errorPage("Sign-in failed", { error: out.error, description: out.error_description });
        },
        jwks: { keys: [keys.signing] },
        cookies: { keys: keys.cookieKeys },
        routes: { jwks: "/.well-known/jwks.json" },
        ttl: { AccessToken: ttl, IdToken: ttl, AuthorizationCode: 60, Interaction: 3600, Session: 14 * 86_400, Grant: 14 * 86_400, RefreshToken: 30 * 86_400 },
    });

    provider.on("grant.success", (ctx) => {
        const grantType = String(ctx.oidc.params?.grant_type ?? "");
        const sub = ctx.oidc.entities.AuthorizationCode?.accountId ?? ctx.oidc.entities.RefreshToken?.accountId ?? "?";
        log(`oidc token issued grant_type=${grantType} client=${ctx.oidc.client?.clientId ?? "?"} sub=${sub}`);
    });
    provider.on("grant.error", (ctx, error) => log(`oidc token refused grant_type=${String(ctx.oidc.params?.grant_type ?? "")}: ${error?.message ?? "error"}${error?.error_description ? ` (${error.error_description})` : ""}`));
    provider.on("authorization.error", (_ctx, error) => log(`oidc authorization refused: ${error?.message ?? "error"}${error?.error_description ? ` (${error.error_description})` : ""}`));
    provider.on("end_session.success", (ctx) => log(`oidc sign-out client=${ctx.oidc.client?.clientId ?? "?"}`));
    provider.on("server_error", (_ctx, error) => log(`oidc server error: ${error?.stack ?? String(error)}`));

    const koa = provider.callback();
    const interactions = interactionHandler({ provider, accounts, prefix, log });
    const owns = (req: http.IncomingMessage) => {
        const pathname = new URL(req.url ?? "/", "http://localhost").pathname;
        return prefix === "" || pathname === prefix || pathname.startsWith(`${prefix}/`);
    };

    return {
        issuer: options.issuer,
        clientId: options.clientId,
        discoveryUrl: `${options.issuer}/.well-known/openid-configuration`,
        jwksUri: `${options.issuer}/.well-known/jwks.json`,
        prefix,
        demoCustomers: DEMO_CUSTOMERS,
        owns,
        close: () => state.flush(),
        handleRequest(req, res) {
            const original = req.url ?? "/";
            // oidc-provider finds its mount path the way it does under Express: originalUrl minus url.
            Object.assign(req, { originalUrl: original, baseUrl: prefix });
            req.url = original.slice(prefix.length) || "/";
            if (req.url.split("?")[0] === "/assets/sign-out.js") {
                res.writeHead(200, { "content-type": "text/javascript; charset=utf-8", "cache-control": "no-cache" }).end(SIGN_OUT_SCRIPT);
                return;
            }
            interactions(req, res, req.url).then((handled) => {
                if (!handled) koa(req, res);
            }, (error: unknown) => {
                log(`oidc interaction failed: ${error instanceof Error ? error.stack : String(error)}`);
                if (!res.headersSent) {
                    res.writeHead(500, { "content-type": "text/html; charset=utf-8" }).end(errorPage("Sign-in failed", { reason: escapeHtml("the local issuer hit an unexpected error; see its log") }));
                }
            });
        },
    };
}

/** The issuer alone on its own loopback server, for tests: issuer `http://127.0.0.1:<port><pathPrefix>`. */
export async function listenOidcIssuer(
    options: Omit<OidcIssuerOptions, "issuer"> & { pathPrefix?: string; port?: number },
): Promise<{ issuer: OidcIssuer; url: string; close(): Promise<void> }> {
    // The issuer URL needs the port, so the server listens first and answers 503 until the issuer exists.
    const mounted: { issuer?: OidcIssuer } = {};
    const server = http.createServer((req, res) => {
        if (!mounted.issuer) res.writeHead(503).end();
        else if (mounted.issuer.owns(req)) mounted.issuer.handleRequest(req, res);
        else res.writeHead(404, { "content-type": "text/plain" }).end("not the issuer's\n");
    });
    await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", () => resolve()));
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    const issuer = await createOidcIssuer({ ...options, issuer: `${url}${options.pathPrefix ?? "/oidc"}` });
    mounted.issuer = issuer;
    return {
        issuer,
        url,
        async close() {
            server.closeAllConnections();
            await new Promise<void>((resolve) => server.close(() => resolve()));
            await issuer.close();
        },
    };
}
