import { expect } from "chai";
import { promises as fs } from "fs";
import * as os from "os";
import * as path from "path";
import { createRemoteJWKSet, jwtVerify } from "jose";
import { DEMO_CUSTOMERS, listenOidcIssuer, validateOidcIssuerOptions } from "../../local/oidcIssuer";
import { authorizationUrl, Browser, codeFrom, discover, exchangeCode, pkce, readForm, signIn, type Discovery } from "./support/identityFlow";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const [ADA, GRACE] = DEMO_CUSTOMERS;

describe("local OpenID Connect issuer (Cognito stand-in)", () => {
    let issuerUrl: string;
    let discovery: Discovery;
    let close: () => Promise<void>;
    const lines: string[] = [];
    const client = { clientId: "local-storefront", redirectUri: "http://localhost:3000/" };

    const token = (body: Record<string, string>) => fetch(discovery.token_endpoint, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ client_id: client.clientId, ...body }).toString(),
    }).then(async (r) => ({ status: r.status, body: (await r.json()) as Record<string, unknown> }));
    const verifyIdToken = async (idToken: string) => (await jwtVerify(idToken, createRemoteJWKSet(new URL(discovery.jwks_uri)), { issuer: issuerUrl, audience: client.clientId, algorithms: ["RS256"] })).payload;
    /** Starts a sign-in and returns the first interaction page. */
    const start = async (browser: Browser, extra: Record<string, string> = {}) => {
        const { verifier, challenge } = pkce();
        const page = await browser.follow(authorizationUrl(discovery, client, challenge, extra), client.redirectUri);
        return { page, verifier };
    };

    before(async () => {
        const started = await listenOidcIssuer({ clientId: client.clientId, redirectUris: [client.redirectUri], postLogoutRedirectUris: [client.redirectUri], log: (l) => lines.push(l) });
        issuerUrl = started.issuer.issuer;
        close = started.close;
        discovery = await discover(issuerUrl);
    });
    beforeEach(() => {
        lines.length = 0;
    });
    after(() => close());

    it("GIVEN the issuer mounted under /oidc WHEN its discovery document is read THEN it describes a code + PKCE (S256) issuer with refresh tokens and Cognito's JWKS path", () => {
        expect(discovery.issuer).to.equal(issuerUrl);
        expect(issuerUrl).to.match(/^http:\/\/127\.0\.0\.1:\d+\/oidc$/);
        expect(discovery.authorization_endpoint).to.equal(`${issuerUrl}/auth`);
        expect(discovery.token_endpoint).to.equal(`${issuerUrl}/token`);
        expect(discovery.jwks_uri).to.equal(`${issuerUrl}/.well-known/jwks.json`);
        expect(discovery.end_session_endpoint).to.equal(`${issuerUrl}/session/end`);
        expect(discovery.code_challenge_methods_supported).to.deep.equal(["S256"]);
        expect(discovery.response_types_supported).to.deep.equal(["code"]);
        expect(discovery.grant_types_supported).to.include.members(["authorization_code", "refresh_token"]);
        expect(discovery.id_token_signing_alg_values_supported).to.include("RS256");
        expect(discovery.scopes_supported).to.include.members(["openid", "email", "profile"]);
    });

    it("GIVEN a demo customer WHEN the full code flow with PKCE runs over HTTP THEN the ID token verifies against the JWKS and carries sub, email and email_verified", async () => {
        const browser = new Browser();
        const { page, verifier } = await start(browser);
        expect(page.status).to.equal(200);
        const form = readForm(page);
        expect(form.inputs).to.deep.equal({ email: "email", password: "password" });
        expect(form.labels).to.deep.equal(["Email", "Password"]);
        expect(form.buttons).to.deep.equal(["Sign in"]);
        expect(page.html).to.match(/<a href="[^"]+\/signup">Sign up<\/a>/);
        expect(page.html).not.to.match(/<script|(src|href)="https?:|@import/);
        const back = await browser.follow(form.action, client.redirectUri, { form: { email: ADA.email, password: ADA.password } });
        const tokens = await exchangeCode(discovery, client, codeFrom(back, client.redirectUri), verifier);
        expect(tokens.status).to.equal(200);
        expect(tokens.body).to.include({ token_type: "Bearer", scope: "openid email profile" });
        expect(tokens.body.refresh_token).to.be.a("string");
        const claims = await verifyIdToken(tokens.body.id_token as string);
        expect(claims).to.include({ sub: ADA.sub, email: ADA.email, email_verified: true, aud: client.clientId, iss: issuerUrl, token_use: "id", "cognito:username": ADA.sub });
        expect(claims.sub).to.match(UUID);
        expect(claims.exp! - claims.iat!).to.equal(3600);
        expect(claims.auth_time).to.be.a("number");
        expect(lines).to.include(`oidc sign-in accepted email=${ADA.email} sub=${ADA.sub}`);
        expect(lines).to.include(`oidc token issued grant_type=authorization_code client=${client.clientId} sub=${ADA.sub}`);
    });

    it("GIVEN the sign-in form WHEN the password is wrong THEN the form comes back with a readable error and no code, and the right password then works", async () => {
        const browser = new Browser();
        const { page, verifier } = await start(browser, { login_hint: GRACE.email });
        expect(page.html).to.include(`value="${GRACE.email}"`);
        const action = readForm(page).action;
        const wrong = await browser.request(action, { form: { email: GRACE.email, password: "not-her-password" } });
        expect(wrong.status).to.equal(401);
        expect(wrong.location).to.equal(undefined);
        expect(wrong.html).to.include(`<p class="error" role="alert">Incorrect email or password.</p>`);
        expect(readForm(wrong).labels).to.deep.equal(["Email", "Password"]);
        expect(lines).to.include(`oidc sign-in refused email="${GRACE.email}": incorrect email or password`);
        const unknown = await browser.request(action, { form: { email: "nobody@example.com", password: GRACE.password } });
        expect(unknown.status).to.equal(401);
        const back = await browser.follow(action, client.redirectUri, { form: { email: GRACE.email, password: GRACE.password } });
        const tokens = await exchangeCode(discovery, client, codeFrom(back, client.redirectUri), verifier);
        expect((await verifyIdToken(tokens.body.id_token as string)).sub).to.equal(GRACE.sub);
    });

    it("GIVEN the sign-up link WHEN a new customer signs up (after a refused weak password) THEN the account gets a new UUID sub and is signed in", async () => {
        const browser = new Browser();
        const { page, verifier } = await start(browser);
        const signUp = await browser.request(new URL(/<a href="([^"]+\/signup)">Sign up<\/a>/.exec(page.html)![1], page.url).href);
        const form = readForm(signUp);
        expect(form.labels).to.deep.equal(["Email", "Password"]);
        expect(form.buttons).to.deep.equal(["Sign up"]);
        expect(signUp.html).to.include("At least 8 characters, with a lowercase letter, an uppercase letter and a digit.");
        const weak = await browser.request(form.action, { form: { email: "Linus@Example.com", password: "short" } });
        expect(weak.status).to.equal(400);
        expect(weak.html).to.include("The password must have at least 8 characters. The password must contain an uppercase letter. The password must contain a digit.");
        const back = await browser.follow(form.action, client.redirectUri, { form: { email: "Linus@Example.com", password: "Kernel1991" } });
        const tokens = await exchangeCode(discovery, client, codeFrom(back, client.redirectUri), verifier);
        const claims = await verifyIdToken(tokens.body.id_token as string);
        expect(claims.sub).to.match(UUID);
        expect(DEMO_CUSTOMERS.map((c) => c.sub as string)).not.to.include(claims.sub);
        expect(claims).to.include({ email: "linus@example.com", email_verified: true });
        expect(lines).to.include(`oidc sign-up email=linus@example.com sub=${claims.sub}`);

        const again = new Browser();
        const second = await start(again, { prompt: "create" });
        const duplicate = await again.request(readForm(second.page).action, { form: { email: "linus@example.com", password: "Kernel1991" } });
        expect(duplicate.status).to.equal(400);
        expect(duplicate.html).to.include("An account with this email already exists. Sign in instead.");
    });

    it("GIVEN prompt=create WHEN the authorization starts THEN the first page is the sign-up form", async () => {
        const { page } = await start(new Browser(), { prompt: "create" });
        expect(readForm(page).buttons).to.deep.equal(["Sign up"]);
    });

    it("GIVEN a refresh token WHEN the storefront renews silently THEN it gets a new ID token for the same customer, and the used refresh token is spent", async () => {
        const first = await signIn(issuerUrl, client, ADA);
        const renewed = await token({ grant_type: "refresh_token", refresh_token: first.refresh_token });
        expect(renewed.status).to.equal(200);
        const claims = await verifyIdToken(renewed.body.id_token as string);
        expect(claims).to.include({ sub: ADA.sub, email: ADA.email, email_verified: true });
        expect(renewed.body.refresh_token).to.be.a("string").and.not.equal(first.refresh_token);
        const reused = await token({ grant_type: "refresh_token", refresh_token: first.refresh_token });
        expect(reused.status).to.equal(400);
        expect(reused.body.error).to.equal("invalid_grant");
    });

    it("GIVEN a code WHEN it is exchanged with the wrong code_verifier THEN the token endpoint refuses it (invalid_grant)", async () => {
        const browser = new Browser();
        const { page } = await start(browser);
        const back = await browser.follow(readForm(page).action, client.redirectUri, { form: { email: ADA.email, password: ADA.password } });
        const refused = await exchangeCode(discovery, client, codeFrom(back, client.redirectUri), pkce().verifier);
        expect(refused.status).to.equal(400);
        expect(refused.body.error).to.equal("invalid_grant");
        expect(lines.some((l) => l.startsWith("oidc token refused grant_type=authorization_code: invalid_grant"))).to.equal(true);
    });

    it("GIVEN an authorization request without PKCE, or with the plain method THEN it is refused before any sign-in", async () => {
        const browser = new Browser();
        const withoutPkce = new URL(authorizationUrl(discovery, client, "x"));
        withoutPkce.searchParams.delete("code_challenge");
        withoutPkce.searchParams.delete("code_challenge_method");
        const refused = await browser.request(withoutPkce.href);
        expect(new URL(refused.location!).searchParams.get("error")).to.equal("invalid_request");
        const plain = await browser.request(authorizationUrl(discovery, client, pkce().verifier, { code_challenge_method: "plain" }));
        expect(new URL(plain.location!).searchParams.get("error")).to.equal("invalid_request");
    });

    it("GIVEN a signed-in customer WHEN the storefront signs out (RP-initiated logout) THEN it returns to the post-logout URI and the session's refresh token stops working", async () => {
        const browser = new Browser();
        const { page, verifier } = await start(browser);
        const back = await browser.follow(readForm(page).action, client.redirectUri, { form: { email: ADA.email, password: ADA.password } });
        const tokens = await exchangeCode(discovery, client, codeFrom(back, client.redirectUri), verifier);
        const end = `${discovery.end_session_endpoint}?${new URLSearchParams({ id_token_hint: tokens.body.id_token as string, post_logout_redirect_uri: client.redirectUri, client_id: client.clientId })}`;
        const confirm = await browser.request(end);
        expect(confirm.status).to.equal(200);
        expect(confirm.html).to.match(/<script src="\/oidc\/assets\/sign-out\.js" defer><\/script>/);
        expect(confirm.html).to.include(`<button type="submit" form="op.logoutForm" name="logout" value="yes">Sign out</button>`);
        const logoutForm = /<form id="op.logoutForm" method="post" action="([^"]+)"><input type="hidden" name="xsrf" value="([^"]+)"\/>/.exec(confirm.html)!;
        const done = await browser.request(new URL(logoutForm[1], end).href, { form: { xsrf: logoutForm[2], logout: "yes" } });
        expect(done.location).to.equal(client.redirectUri);
        expect(lines).to.include(`oidc sign-out client=${client.clientId}`);
        const refreshed = await token({ grant_type: "refresh_token", refresh_token: tokens.body.refresh_token as string });
        expect(refreshed.status).to.equal(400);
    });

    it("GIVEN a data directory WHEN the issuer restarts on it THEN the signing key, the signed-up accounts and the refresh tokens are the same", async () => {
        const dataDirectory = await fs.mkdtemp(path.join(os.tmpdir(), "oidc-issuer-"));
        try {
            const options = { clientId: client.clientId, redirectUris: [client.redirectUri], postLogoutRedirectUris: [client.redirectUri], dataDirectory };
            const first = await listenOidcIssuer(options);
            const firstKeys = await (await fetch(first.issuer.jwksUri)).json();
            const account = await signUpOn(first.issuer.issuer, { email: "margaret@example.com", password: "Apollo1969" });
            const before = await signIn(first.issuer.issuer, client, ADA);
            await first.close();
            const second = await listenOidcIssuer(options);
            try {
                expect(await (await fetch(second.issuer.jwksUri)).json()).to.deep.equal(firstKeys);
                const tokens = await signIn(second.issuer.issuer, client, { email: "margaret@example.com", password: "Apollo1969" });
                expect(JSON.parse(Buffer.from(tokens.id_token.split(".")[1], "base64url").toString()).sub).to.equal(account);
                const renewed = await fetch(`${second.issuer.issuer}/token`, {
                    method: "POST",
                    headers: { "content-type": "application/x-www-form-urlencoded" },
                    body: new URLSearchParams({ grant_type: "refresh_token", refresh_token: before.refresh_token, client_id: client.clientId }).toString(),
                });
                expect(renewed.status).to.equal(200);
            } finally {
                await second.close();
            }
        } finally {
            await fs.rm(dataDirectory, { recursive: true, force: true });
        }
    });

    /** Signs up through the forms and returns the new sub. */
    async function signUpOn(issuer: string, credentials: { email: string; password: string }): Promise<string> {
        const d = await discover(issuer);
        const browser = new Browser();
        const { verifier, challenge } = pkce();
        const page = await browser.follow(authorizationUrl(d, client, challenge, { prompt: "create" }), client.redirectUri);
        const back = await browser.follow(readForm(page).action, client.redirectUri, { form: credentials });
        const tokens = await exchangeCode(d, client, codeFrom(back, client.redirectUri), verifier);
        return JSON.parse(Buffer.from((tokens.body.id_token as string).split(".")[1], "base64url").toString()).sub;
    }

    it("GIVEN bad options WHEN the issuer is created THEN it refuses naming the option", () => {
        const base = { clientId: "c", redirectUris: ["http://localhost:3000/"], postLogoutRedirectUris: [] };
        expect(() => validateOidcIssuerOptions({ ...base, issuer: "localhost:3000/oidc" })).to.throw(/issuer must be an http\(s\) URL without query, fragment or trailing slash/).with.property("name", "OidcIssuerConfigError");
        expect(() => validateOidcIssuerOptions({ ...base, issuer: "http://localhost:3000/oidc/" })).to.throw(/trailing slash/);
        expect(() => validateOidcIssuerOptions({ ...base, issuer: "http://localhost:3000/oidc", redirectUris: [] })).to.throw(/redirectUris must name at least one URI/);
    });
});
