import { describe, expect, it } from "vitest";
import { callbackKind, cleanCallbackUrl, issuerKind, signInProblem, signOutPlan, signUpUrl } from "../src/signIn";

const COGNITO = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123";
const COGNITO_AUTHORIZE = "https://orders-dev.auth.eu-west-1.amazoncognito.com/oauth2/authorize?client_id=abc&redirect_uri=https%3A%2F%2Fshop.example%2F&response_type=code&scope=openid+email+profile&state=s1&code_challenge=c1&code_challenge_method=S256";
const LOCAL_AUTHORIZE = "http://localhost:3000/oidc/auth?client_id=storefront&response_type=code&state=s1&code_challenge=c1&code_challenge_method=S256";

describe("issuerKind", () => {
    it("GIVEN a user pool issuer THEN cognito; anything else THEN generic", () => {
        expect(issuerKind(COGNITO)).toBe("cognito");
        expect(issuerKind("http://localhost:3000/oidc")).toBe("generic");
        expect(issuerKind("https://cognito-idp.eu-west-1.amazonaws.com.evil.example/pool")).toBe("generic");
    });
});

describe("signUpUrl", () => {
    it("GIVEN Cognito THEN the same request goes to /signup on the managed login domain, PKCE and state included", () => {
        const url = new URL(signUpUrl(COGNITO_AUTHORIZE, "cognito", undefined));
        expect(url.origin + url.pathname).toBe("https://orders-dev.auth.eu-west-1.amazoncognito.com/signup");
        expect(Object.fromEntries(url.searchParams)).toEqual(Object.fromEntries(new URL(COGNITO_AUTHORIZE).searchParams));
    });

    it("GIVEN an issuer that supports prompt=create THEN the request asks for it", () => {
        const url = new URL(signUpUrl(LOCAL_AUTHORIZE, "generic", ["none", "login", "consent", "create"]));
        expect(url.pathname).toBe("/oidc/auth");
        expect(url.searchParams.get("prompt")).toBe("create");
        expect(url.searchParams.get("code_challenge")).toBe("c1");
    });

    it("GIVEN an issuer that does not list create THEN the ordinary sign-in request (its page links to sign-up)", () => {
        expect(signUpUrl(LOCAL_AUTHORIZE, "generic", ["none", "login"])).toBe(LOCAL_AUTHORIZE);
        expect(signUpUrl(LOCAL_AUTHORIZE, "generic", undefined)).toBe(LOCAL_AUTHORIZE);
    });
});

describe("signOutPlan", () => {
    it("GIVEN an end_session_endpoint THEN RP-initiated logout", () => {
        expect(signOutPlan("generic", { end_session_endpoint: "http://localhost:3000/oidc/session/end" }, "storefront", "http://localhost:3000/")).toEqual({ kind: "endSession" });
    });

    it("GIVEN Cognito (no end_session_endpoint) THEN its /logout with client_id and logout_uri", () => {
        expect(signOutPlan("cognito", { authorization_endpoint: COGNITO_AUTHORIZE }, "abc", "https://shop.example/")).toEqual({
            kind: "redirect",
            url: "https://orders-dev.auth.eu-west-1.amazoncognito.com/logout?client_id=abc&logout_uri=https%3A%2F%2Fshop.example%2F",
        });
    });

    it("GIVEN neither THEN the sign-out is local", () => {
        expect(signOutPlan("generic", {}, "storefront", "http://localhost:3000/")).toEqual({ kind: "local" });
    });
});

describe("callbackKind and cleanCallbackUrl", () => {
    it("GIVEN the URLs an issuer sends back THEN each is recognised", () => {
        expect(callbackKind("?code=abc&state=s1")).toBe("signin");
        expect(callbackKind("?error=access_denied&state=s1")).toBe("signin");
        expect(callbackKind("?state=s1")).toBe("signout");
        expect(callbackKind("")).toBe("none");
        expect(callbackKind("?code=abc")).toBe("none");
    });

    it("GIVEN a callback URL THEN only the response parameters are removed", () => {
        expect(cleanCallbackUrl("http://localhost:3000/?code=abc&state=s1&iss=http%3A%2F%2Flocalhost%3A3000%2Foidc")).toBe("/");
        expect(cleanCallbackUrl("https://shop.example/?lang=en&code=abc&state=s1#top")).toBe("/?lang=en#top");
    });
});

describe("signInProblem", () => {
    it("GIVEN issuer errors THEN the customer reads what happened, never the code", () => {
        expect(signInProblem({ error: "access_denied" })).toBe("Sign-in was cancelled. Press Sign in to try again.");
        expect(signInProblem({ error: "server_error" })).toMatch(/not available right now/);
        expect(signInProblem(new Error("No matching state found in storage"))).toBe("Sign-in did not complete. Please press Sign in to try again.");
    });
});
