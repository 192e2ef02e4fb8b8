import { describe, expect, it } from "vitest";
import { identityOf, isRenewal, isUsable, jwtClaims, renewalPlan, RENEW_MARGIN_SECONDS, TokenError } from "../src/session";
import { jwt, SUB } from "./support";

const NOW = 1_800_000_000;

describe("jwtClaims", () => {
    it("GIVEN a JWT with non-ASCII claims THEN the payload is decoded as UTF-8", () => {
        expect(jwtClaims(jwt({ sub: SUB, name: "Zoë" }))).toEqual({ sub: SUB, name: "Zoë" });
    });

    it("GIVEN something that is not a JWT THEN a TokenError says why", () => {
        expect(() => jwtClaims("abc")).toThrow(new TokenError("the ID token must be a JWT of three parts, but it has 1"));
        expect(() => jwtClaims("a.@@@.c")).toThrow(/not base64url-encoded JSON/);
        expect(() => jwtClaims(`a.${Buffer.from("[1]").toString("base64url")}.c`)).toThrow(/must be a JSON object/);
    });
});

describe("identityOf", () => {
    it("GIVEN tokens THEN the identity has the sub, email, ID token and the earlier of the two expiries", () => {
        const idToken = jwt({ sub: SUB, email: "ada@example.com", exp: NOW + 3600 });
        expect(identityOf({ id_token: idToken, refresh_token: "r", expires_at: NOW + 1800 })).toEqual({
            sub: SUB, email: "ada@example.com", idToken, expiresAt: NOW + 1800, canRenew: true,
        });
        expect(identityOf({ id_token: idToken, expires_at: NOW + 7200 })).toMatchObject({ expiresAt: NOW + 3600, canRenew: false });
    });

    it("GIVEN no ID token, no sub or no exp THEN a TokenError names what is missing", () => {
        expect(() => identityOf({})).toThrow(/returned no ID token/);
        expect(() => identityOf({ id_token: jwt({ exp: NOW }) })).toThrow(/has no sub claim/);
        expect(() => identityOf({ id_token: jwt({ sub: SUB }) })).toThrow(/has no numeric exp claim/);
    });
});

describe("renewalPlan", () => {
    it("GIVEN a refresh token THEN it renews a margin before expiry (at once when already inside the margin)", () => {
        expect(renewalPlan({ expiresAt: NOW + 3600, canRenew: true }, NOW)).toEqual({ kind: "renew", inMs: (3600 - RENEW_MARGIN_SECONDS) * 1000 });
        expect(renewalPlan({ expiresAt: NOW + 10, canRenew: true }, NOW)).toEqual({ kind: "renew", inMs: 0 });
    });

    it("GIVEN no refresh token THEN the session ends when the token expires", () => {
        expect(renewalPlan({ expiresAt: NOW + 3600, canRenew: false }, NOW)).toEqual({ kind: "expire", inMs: 3_600_000 });
        expect(renewalPlan({ expiresAt: NOW - 5, canRenew: false }, NOW)).toEqual({ kind: "expire", inMs: 0 });
    });

    it("GIVEN failed renewals THEN it retries with growing pauses while the token lasts, then ends the session", () => {
        const identity = { expiresAt: NOW + 50, canRenew: true };
        expect([1, 2, 3, 4].map((failures) => renewalPlan(identity, NOW, failures))).toEqual([
            { kind: "renew", inMs: 5000 }, { kind: "renew", inMs: 10_000 }, { kind: "renew", inMs: 20_000 }, { kind: "renew", inMs: 40_000 },
        ]);
        expect(renewalPlan(identity, NOW, 5)).toEqual({ kind: "expire", inMs: 50_000 });
    });
});

describe("isRenewal and isUsable", () => {
    const base = identityOf({ id_token: jwt({ sub: SUB, exp: NOW + 60 }) });

    it("GIVEN a renewed token for the same customer that lasts longer THEN it counts; the same token or another customer does not", () => {
        expect(isRenewal(base, identityOf({ id_token: jwt({ sub: SUB, exp: NOW + 3660 }) }))).toBe(true);
        expect(isRenewal(base, base)).toBe(false);
        expect(isRenewal(base, identityOf({ id_token: jwt({ sub: "someone-else", exp: NOW + 3660 }) }))).toBe(false);
    });

    it("GIVEN a token with seconds left THEN it is no longer used for requests", () => {
        expect(isUsable(base, NOW)).toBe(true);
        expect(isUsable(base, NOW + 56)).toBe(false);
    });
});
