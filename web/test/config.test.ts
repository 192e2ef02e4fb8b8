import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig, parseConfig } from "../src/config";

const LOCAL = {
    apiUrl: "http://localhost:3000",
    auth: { issuer: "http://localhost:3000/oidc", clientId: "storefront", redirectUri: "http://localhost:3000/" },
    realtime: { url: "ws://localhost:3000/mqtt", authorizerName: "orders-local-authorizer", topicPrefix: "orders/local" },
};

const DEPLOYED = {
    apiUrl: "https://abc123.execute-api.eu-west-1.amazonaws.com",
    auth: { issuer: "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123", clientId: "4l7n0q2r9s8t6u5v3w1x0y", redirectUri: "https://d111111abcdef8.cloudfront.net/" },
    realtime: { url: "wss://a1b2c3d4e5-ats.iot.eu-west-1.amazonaws.com/mqtt", authorizerName: "orders-dev-browser", topicPrefix: "orders/dev" },
};

const problemsOf = (raw: unknown): readonly string[] => {
    try {
        parseConfig(raw);
    } catch (err) {
        if (err instanceof ConfigError) return err.problems;
        throw err;
    }
    throw new Error("expected a ConfigError");
};

describe("parseConfig", () => {
    it("GIVEN the local runtime's config WHEN parsed THEN every field is kept", () => {
        expect(parseConfig(LOCAL)).toEqual(LOCAL);
    });

    it("GIVEN a deployed stack's config WHEN parsed THEN every field is kept", () => {
        expect(parseConfig(DEPLOYED)).toEqual(DEPLOYED);
    });

    it("GIVEN several bad fields WHEN parsed THEN one error names each with its value and what is allowed", () => {
        const raw = { ...LOCAL, apiUrl: "ftp://x", auth: { ...LOCAL.auth, clientId: "" }, realtime: { ...LOCAL.realtime, topicPrefix: "orders/#" } };
        expect(() => parseConfig(raw)).toThrow(/config\.json is not usable \(3 problems\)/);
        const problems = problemsOf(raw);
        expect(problems).toHaveLength(3);
        expect(problems[0]).toMatch(/^apiUrl must be an absolute https:\/\/ URL \(http:\/\/ only on localhost\), but "ftp:\/\/x" was given$/);
        expect(problems[1]).toMatch(/^auth\.clientId must be 1-128 printable characters without spaces, but "" was given$/);
        expect(problems[2]).toMatch(/^realtime\.topicPrefix must be .*, but "orders\/#" was given$/);
    });

    it("GIVEN plain http or ws to another machine WHEN parsed THEN it is refused (a token must not travel in clear text)", () => {
        const raw = { ...DEPLOYED, apiUrl: "http://api.example.com", realtime: { ...DEPLOYED.realtime, url: "ws://iot.example.com/mqtt" } };
        expect(problemsOf(raw)).toEqual([
            expect.stringMatching(/^apiUrl must be .* but "http:\/\/api\.example\.com" was given$/),
            expect.stringMatching(/^realtime\.url must be an absolute wss:\/\/ URL \(ws:\/\/ only on localhost\)/),
        ]);
    });

    it("GIVEN loopback addresses WHEN parsed THEN plain http and ws are allowed", () => {
        const raw = { ...LOCAL, apiUrl: "http://127.0.0.1:4000", realtime: { ...LOCAL.realtime, url: "ws://[::1]:4000/mqtt" } };
        expect(parseConfig(raw).realtime.url).toBe("ws://[::1]:4000/mqtt");
    });

    it("GIVEN missing sections WHEN parsed THEN each missing section and field is named", () => {
        const problems = problemsOf({ apiUrl: LOCAL.apiUrl });
        expect(problems).toContain("auth must be an object, but nothing was given");
        expect(problems).toContain("realtime must be an object, but nothing was given");
        expect(problems.some((p) => p.startsWith("auth.issuer must be"))).toBe(true);
        expect(problems.some((p) => p.startsWith("realtime.authorizerName must be"))).toBe(true);
    });

    it("GIVEN topic prefixes with wildcards, empty levels or slashes at the ends WHEN parsed THEN they are refused", () => {
        for (const topicPrefix of ["orders/+", "/orders", "orders/", "orders//dev", "orders dev", ""]) {
            expect(problemsOf({ ...LOCAL, realtime: { ...LOCAL.realtime, topicPrefix } })).toHaveLength(1);
        }
    });

    it("GIVEN something other than an object WHEN parsed THEN the error says an object is required", () => {
        expect(() => parseConfig([LOCAL])).toThrow(/config\.json must hold a JSON object/);
    });
});

describe("loadConfig", () => {
    const answering = (response: Pick<Response, "ok" | "status" | "json">) => async () => response;

    it("GIVEN config.json WHEN loaded THEN it is fetched uncached and validated", async () => {
        const seen: { url: string; init?: RequestInit }[] = [];
        const config = await loadConfig(async (url, init) => {
            seen.push({ url, init });
            return { ok: true, status: 200, json: async () => LOCAL };
        });
        expect(config.apiUrl).toBe(LOCAL.apiUrl);
        expect(seen).toEqual([{ url: "/config.json", init: expect.objectContaining({ cache: "no-store" }) }]);
    });

    it("GIVEN a 404 WHEN loaded THEN the error names the status", async () => {
        await expect(loadConfig(answering({ ok: false, status: 404, json: async () => ({}) }))).rejects.toThrow(/\/config\.json answered HTTP 404/);
    });

    it("GIVEN a body that is not JSON WHEN loaded THEN the error says so", async () => {
        await expect(loadConfig(answering({ ok: true, status: 200, json: async () => JSON.parse("<html>") }))).rejects.toThrow(/is not valid JSON/);
    });

    it("GIVEN no network WHEN loaded THEN the error says the file could not be fetched", async () => {
        await expect(loadConfig(async () => { throw new TypeError("Failed to fetch"); })).rejects.toThrow(/could not be fetched \(Failed to fetch\)/);
    });
});
