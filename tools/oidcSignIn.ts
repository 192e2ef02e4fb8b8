/**
 * The authorization code flow with PKCE, driven over real HTTP with fetch the way a browser and a public client
 * would: follow each redirect by hand with a cookie jar, read the HTML form, post the credentials, and exchange
 * the code at the token endpoint. Every step is exposed so tests can stop or deviate anywhere. The local runtime's
 * tests and the start benchmark (scripts/benchStart.ts) sign in with it.
 */
import { createHash, randomBytes } from "crypto";

/** The browser's cookies (name → value), from Set-Cookie headers. */
export class CookieJar {
    private readonly cookies = new Map<string, string>();
    store(response: Response): void {
        for (const line of response.headers.getSetCookie()) {
            const [pair, ...attributes] = line.split(";");
            const at = pair.indexOf("=");
            const name = pair.slice(0, at).trim();
            const value = pair.slice(at + 1).trim();
            const expired = attributes.some((a) => /^\s*expires=/i.test(a) && Date.parse(a.split("=")[1]) < Date.now()) || attributes.some((a) => /^\s*max-age=0\s*$/i.test(a));
            if (expired || value === "") this.cookies.delete(name);
            else this.cookies.set(name, value);
        }
    }
    header(): string {
        return [...this.cookies].map(([n, v]) => `${n}=${v}`).join("; ");
    }
}

export interface Discovery {
    issuer: string;
    authorization_endpoint: string;
    token_endpoint: string;
    jwks_uri: string;
    end_session_endpoint: string;
    code_challenge_methods_supported?: string[];
    prompt_values_supported?: string[];
    [key: string]: unknown;
}

export const discover = async (issuer: string): Promise<Discovery> => (await fetch(`${issuer}/.well-known/openid-configuration`)).json() as Promise<Discovery>;

export function pkce(): { verifier: string; challenge: string } {
    const verifier = randomBytes(32).toString("base64url");
    return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url") };
}

/** A page as the browser got it. */
export interface Page {
    status: number;
    url: string;
    html: string;
    location?: string;
}

export class Browser {
    readonly jar = new CookieJar();
    /** Requests one URL, without following a redirect. */
    async request(url: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<Page> {
        const response = await fetch(url, {
            method: init.method ?? (init.form ? "POST" : "GET"),
            redirect: "manual",
            headers: { cookie: this.jar.header(), accept: "text/html", ...(init.form ? { "content-type": "application/x-www-form-urlencoded" } : {}) },
            body: init.form ? new URLSearchParams(init.form).toString() : undefined,
        });
        this.jar.store(response);
        const location = response.headers.get("location") ?? undefined;
        return { status: response.status, url, html: await response.text(), location: location ? new URL(location, url).href : undefined };
    }
    /** Follows redirects until a page answers, or until a redirect leaves for `stopAt` (the client's redirect URI). */
    async follow(url: string, stopAt: string, init: { form?: Record<string, string> } = {}): Promise<Page> {
        let page = await this.request(url, init);
        for (let hops = 0; page.location && !isRedirectTo(page.location, stopAt); hops++) {
            if (hops > 10) throw new Error(`too many redirects from ${url}`);
            page = await this.request(page.location);
        }
        return page;
    }
}

/** Whether `location` is the redirect URI itself (with a query), not merely a page under it: the issuer may share its origin. */
function isRedirectTo(location: string, redirectUri: string): boolean {
    const at = new URL(location);
    const target = new URL(redirectUri);
    return at.origin === target.origin && at.pathname === target.pathname;
}

/** The form of a page: its action and its inputs (name → type), and the labels shown. */
export function readForm(page: Page): { action: string; inputs: Record<string, string>; labels: string[]; buttons: string[] } {
    const form = /<form[^>]*action="([^"]+)"[^>]*>([\s\S]*?)<\/form>/.exec(page.html);
    if (!form) throw new Error(`no form on ${page.url}:\n${page.html}`);
    const inputs: Record<string, string> = {};
    for (const input of form[2].matchAll(/<input[^>]*name="([^"]+)"[^>]*type="([^"]+)"/g)) inputs[input[1]] = input[2];
    const labels = [...form[2].matchAll(/<label[^>]*>([^<]+)<\/label>/g)].map((m) => m[1]);
    const buttons = [...form[2].matchAll(/<button[^>]*>([^<]+)<\/button>/g)].map((m) => m[1]);
    return { action: new URL(form[1].replace(/&amp;/g, "&"), page.url).href, inputs, labels, buttons };
}

export interface Client {
    clientId: string;
    redirectUri: string;
}

export function authorizationUrl(discovery: Discovery, client: Client, challenge: string, extra: Record<string, string> = {}): string {
    const params = new URLSearchParams({
        client_id: client.clientId,
        redirect_uri: client.redirectUri,
        response_type: "code",
        scope: "openid email profile",
        state: randomBytes(8).toString("hex"),
        nonce: randomBytes(8).toString("hex"),
        code_challenge: challenge,
        code_challenge_method: "S256",
        ...extra,
    });
    return `${discovery.authorization_endpoint}?${params}`;
}

/** The code from the redirect back to the client (throws with the page when there is none). */
export function codeFrom(page: Page, redirectUri: string): string {
    if (!page.location || !isRedirectTo(page.location, redirectUri)) throw new Error(`expected a redirect to ${redirectUri}, got ${page.status} ${page.location ?? ""}\n${page.html.slice(0, 500)}`);
    const code = new URL(page.location).searchParams.get("code");
    if (!code) throw new Error(`the redirect carries no code: ${page.location}`);
    return code;
}

export async function exchangeCode(discovery: Discovery, client: Client, code: string, verifier: string): Promise<{ status: number; body: Record<string, unknown> }> {
    const response = await fetch(discovery.token_endpoint, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ grant_type: "authorization_code", code, redirect_uri: client.redirectUri, client_id: client.clientId, code_verifier: verifier }).toString(),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** The whole sign-in: returns the token response (id_token, refresh_token, ...) or throws with what went wrong. */
export async function signIn(issuer: string, client: Client, credentials: { email: string; password: string }): Promise<Record<string, unknown> & { id_token: string; refresh_token: string }> {
    const discovery = await discover(issuer);
    const { verifier, challenge } = pkce();
    const browser = new Browser();
    const signInPage = await browser.follow(authorizationUrl(discovery, client, challenge), client.redirectUri);
    const back = await browser.follow(readForm(signInPage).action, client.redirectUri, { form: credentials });
    const tokens = await exchangeCode(discovery, client, codeFrom(back, client.redirectUri), verifier);
    if (tokens.status !== 200) throw new Error(`token endpoint answered ${tokens.status}: ${JSON.stringify(tokens.body)}`);
    return tokens.body as Record<string, unknown> & { id_token: string; refresh_token: string };
}
