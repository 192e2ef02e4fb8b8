/**
 * The issuer's interaction routes: where oidc-provider sends the browser to sign in, sign up (first when the
 * client asked `prompt=create`), or consent. The storefront is a first-party client, so consent is granted
 * without a screen, as Cognito's managed login does for an app client.
 */
import type * as http from "http";
import type { AccountStore } from "./oidcAccounts";
import { SignUpError, describePasswordPolicy } from "./oidcAccounts";
import { errorPage, signInPage, signUpPage } from "./oidcPages";
import type { InteractionDetails, OidcProvider } from "./oidcProvider";
import { readBoundedBody } from "./requestBody";

const MAX_FORM_BYTES = 16 * 1024;

export interface InteractionDeps {
    readonly provider: OidcProvider;
    readonly accounts: AccountStore;
    /** The mount prefix, e.g. "/oidc". */
    readonly prefix: string;
    readonly log: (line: string) => void;
}

async function readForm(req: http.IncomingMessage): Promise<URLSearchParams> {
    const body = await readBoundedBody(req, MAX_FORM_BYTES, () => new Error(`the form is over ${MAX_FORM_BYTES} bytes`));
    return new URLSearchParams(body.toString("utf8"));
}

function html(res: http.ServerResponse, status: number, body: string): void {
    res.writeHead(status, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store", "x-frame-options": "DENY" });
    res.end(body);
}

/** Whether the authorization request asked for sign-up first (OpenID Connect's `prompt=create`). */
const wantsCreate = (details: InteractionDetails) => String(details.params.prompt ?? "").split(" ").includes("create");

/**
 * Handles `<prefix>/interaction/...` (the path given without the prefix). Returns false for other paths.
 */
export function interactionHandler(deps: InteractionDeps): (req: http.IncomingMessage, res: http.ServerResponse, path: string) => Promise<boolean> {
    const { provider, accounts, prefix, log } = deps;
    const rules = describePasswordPolicy(accounts.policy);

    const finishWith = async (req: http.IncomingMessage, res: http.ServerResponse, details: InteractionDetails, sub: string) => {
        await provider.interactionFinished(req, res, { login: { accountId: sub }, ...(wantsCreate(details) ? { create: {} } : {}) }, { mergeWithLastSubmission: false });
    };

    /** Grants what the consent prompt found missing, for this first-party client only. */
    const grantConsent = async (req: http.IncomingMessage, res: http.ServerResponse, details: InteractionDetails) => {
        const accountId = details.session?.accountId;
        const clientId = String(details.params.client_id ?? "");
        if (!accountId) throw new Error("consent was asked before sign-in");
        const grant = (details.grantId ? await provider.Grant.find(details.grantId) : undefined) ?? new provider.Grant({ accountId, clientId });
        const missing = details.prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[]; missingResourceScopes?: Record<string, string[]> };
        if (missing.missingOIDCScope?.length) grant.addOIDCScope(missing.missingOIDCScope.join(" "));
        if (missing.missingOIDCClaims?.length) grant.addOIDCClaims(missing.missingOIDCClaims);
        for (const [resource, scopes] of Object.entries(missing.missingResourceScopes ?? {})) grant.addResourceScope(resource, scopes.join(" "));
        const grantId = await grant.save();
        await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
    };

    return async (req, res, path) => {
        const match = /^\/interaction\/([A-Za-z0-9_-]+)(?:\/(signin|signup))?$/.exec(path.split("?")[0]);
        if (!match) return false;
        const [, uid, step] = match;
        const base = `${prefix}/interaction/${uid}`;
        const signInForm = { action: `${base}/signin`, switchHref: `${base}/signup` };
        const signUpForm = { action: `${base}/signup`, switchHref: `${base}/signin`, passwordRules: rules };
        let details: InteractionDetails;
        try {
            details = await provider.interactionDetails(req, res);
        } catch {
            html(res, 400, errorPage("Sign-in expired", { reason: "This sign-in page is no longer valid (it expired, or cookies are blocked)." }));
            return true;
        }
        if (details.uid !== uid) {
            html(res, 400, errorPage("Sign-in expired", { reason: "This sign-in page belongs to another sign-in attempt." }));
            return true;
        }
        const hint = typeof details.params.login_hint === "string" ? details.params.login_hint : undefined;

        if (req.method === "GET") {
            if (step === "signup" || (!step && details.prompt.name === "create")) html(res, 200, signUpPage({ ...signUpForm, email: hint }));
            else if (step === "signin" || details.prompt.name === "login") html(res, 200, signInPage({ ...signInForm, email: hint }));
            else if (details.prompt.name === "consent") await grantConsent(req, res, details);
            else html(res, 400, errorPage("Cannot continue", { reason: `the ${details.prompt.name} prompt is not supported by the local issuer` }));
            return true;
        }
        if (req.method !== "POST" || !step) {
            res.writeHead(405, { allow: "GET, POST" }).end();
            return true;
        }
        const form = await readForm(req);
        const email = form.get("email") ?? "";
        const password = form.get("password") ?? "";
        if (step === "signin") {
            const account = await accounts.verify(email, password);
            if (!account) {
                log(`oidc sign-in refused email=${JSON.stringify(email)}: incorrect email or password`);
                html(res, 401, signInPage({ ...signInForm, email, error: "Incorrect email or password." }));
                return true;
            }
            log(`oidc sign-in accepted email=${account.email} sub=${account.sub}`);
            await finishWith(req, res, details, account.sub);
            return true;
        }
        try {
            const account = await accounts.create(email, password);
            log(`oidc sign-up email=${account.email} sub=${account.sub}`);
            await finishWith(req, res, details, account.sub);
        } catch (error) {
            if (!(error instanceof SignUpError)) throw error;
            log(`oidc sign-up refused email=${JSON.stringify(email)}: ${error.message}`);
            html(res, 400, signUpPage({ ...signUpForm, email, error: error.message }));
        }
        return true;
    };
}
