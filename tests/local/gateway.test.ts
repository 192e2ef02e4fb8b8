import { expect } from "chai";
import { createGateway, listenGateway, validateGatewayOptions, type GatewayEvent, type GatewayOptions } from "../../local/gateway";
import { DEMO_CUSTOMERS, listenOidcIssuer } from "../../local/oidcIssuer";
import { startTestIssuer, type TestIssuer } from "./support/identity";
import { signIn } from "./support/identityFlow";

const ORIGIN = "http://localhost:3000";
const CORS = {
    allowOrigins: [ORIGIN],
    allowMethods: ["GET", "POST", "OPTIONS"],
    allowHeaders: ["content-type", "idempotency-key", "x-correlation-id", "authorization"],
    exposeHeaders: ["location", "retry-after", "x-correlation-id"],
    maxAge: 3600,
};

describe("local HTTP API gateway (API Gateway v2 stand-in)", () => {
    let issuer: TestIssuer;
    let url: string;
    let close: () => Promise<void>;
    const events: GatewayEvent[] = [];
    const lines: string[] = [];
    /** What the next integration call answers. */
    let reply: (event: GatewayEvent) => Promise<unknown> = async () => ({ statusCode: 200, body: "" });

    before(async () => {
        issuer = await startTestIssuer();
        const authorizer = { issuer: issuer.issuer, audience: [issuer.clientId] };
        const invoke = async (event: GatewayEvent) => {
            events.push(event);
            return reply(event);
        };
        const started = await listenGateway({
            routes: [
                { routeKey: "POST /orders", invoke, authorizer },
                { routeKey: "GET /orders/{orderId}", invoke, authorizer },
                { routeKey: "GET /orders/special", invoke },
                { routeKey: "ANY /files/{path+}", invoke },
                { routeKey: "GET /slow", invoke: () => new Promise(() => undefined), timeoutMs: 50 },
            ],
            corsConfiguration: CORS,
            log: (line) => lines.push(line),
        });
        url = started.url;
        close = started.close;
    });
    beforeEach(() => {
        events.length = 0;
        lines.length = 0;
        reply = async () => ({ statusCode: 200, body: "" });
    });
    after(async () => {
        await close();
        await issuer.close();
    });

    it("GIVEN a valid ID token WHEN POST /orders THEN the function gets the payload 2.0 event API Gateway builds, with string claims", async () => {
        const sub = "0b6f4a8e-3c1d-4e2f-9a7b-5c8d1e2f3a4b";
        const token = await issuer.sign({ sub });
        reply = async () => ({ statusCode: 202, headers: { "Content-Type": "application/json", "X-Correlation-Id": "corr-12345678" }, body: JSON.stringify({ orderId: "o-1" }) });
        const response = await fetch(`${url}/orders?debug=1&tag=a&tag=b`, {
            method: "POST",
            headers: { authorization: `Bearer ${token}`, "content-type": "application/json", "Idempotency-Key": "key-1", cookie: "a=1; b=2", "user-agent": "tests" },
            body: JSON.stringify({ currency: "EUR", items: [] }),
        });
        expect(response.status).to.equal(202);
        expect(await response.json()).to.deep.equal({ orderId: "o-1" });
        expect(response.headers.get("x-correlation-id")).to.equal("corr-12345678");
        expect(response.headers.get("apigw-requestid")).to.match(/^[A-Za-z0-9+/]{15}=$/);
        const event = events[0];
        expect(event).to.include({ version: "2.0", routeKey: "POST /orders", rawPath: "/orders", rawQueryString: "debug=1&tag=a&tag=b", body: '{"currency":"EUR","items":[]}', isBase64Encoded: false });
        expect(event.cookies).to.deep.equal(["a=1", "b=2"]);
        expect(event.queryStringParameters).to.deep.equal({ debug: "1", tag: "a,b" });
        expect(event.pathParameters).to.equal(undefined);
        expect(event.headers).to.include({ "idempotency-key": "key-1", "content-type": "application/json", authorization: `Bearer ${token}`, "x-forwarded-proto": "http" });
        expect(event.headers).not.to.have.property("cookie");
        const context = event.requestContext;
        expect(context).to.include({ routeKey: "POST /orders", stage: "$default", apiId: "local", requestId: response.headers.get("apigw-requestid") });
        expect(context.http).to.deep.equal({ method: "POST", path: "/orders", protocol: "HTTP/1.1", sourceIp: "127.0.0.1", userAgent: "tests" });
        expect(context.time).to.match(/^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/);
        expect(context.timeEpoch).to.be.a("number");
        const jwt = context.authorizer!.jwt;
        expect(jwt.scopes).to.equal(null);
        expect(jwt.claims).to.include({ sub, email: "ada@example.com", email_verified: "true", aud: issuer.clientId, iss: issuer.issuer });
        expect(jwt.claims.exp).to.match(/^\d+$/);
        expect(lines.some((l) => l.startsWith(`api POST /orders?debug=1&tag=a&tag=b → 202 (route POST /orders sub=${sub}) requestId=`))).to.equal(true);
    });

    it("GIVEN GET /orders/{orderId} WHEN called with an id THEN the id arrives in pathParameters, decoded", async () => {
        const token = await issuer.sign();
        reply = async (event) => ({ statusCode: 200, body: JSON.stringify(event.pathParameters) });
        const response = await fetch(`${url}/orders/o-42%20x`, { headers: { authorization: token } });
        expect(response.status).to.equal(200);
        expect(await response.json()).to.deep.equal({ orderId: "o-42 x" });
        expect(events[0].routeKey).to.equal("GET /orders/{orderId}");
    });

    it("GIVEN several matching routes WHEN one is literal THEN the most specific route wins, and a greedy variable takes the rest of the path", async () => {
        reply = async (event) => ({ statusCode: 200, body: JSON.stringify({ routeKey: event.routeKey, pathParameters: event.pathParameters ?? null }) });
        expect(await (await fetch(`${url}/orders/special`)).json()).to.deep.equal({ routeKey: "GET /orders/special", pathParameters: null });
        expect(await (await fetch(`${url}/files/a/b/c.txt`, { method: "DELETE" })).json()).to.deep.equal({ routeKey: "ANY /files/{path+}", pathParameters: { path: "a/b/c.txt" } });
    });

    const refused: { why: string; token: () => Promise<string | undefined> }[] = [
        { why: "no Authorization header", token: async () => undefined },
        { why: "an expired token", token: () => issuer.sign({ exp: Math.floor(Date.now() / 1000) - 60 }) },
        { why: "a token for another audience", token: () => issuer.sign({ aud: "another-client" }) },
        { why: "a token from another issuer", token: () => issuer.sign({ iss: "http://127.0.0.1:1/elsewhere" }) },
        { why: "a token not valid yet (nbf)", token: () => issuer.sign({ nbf: Math.floor(Date.now() / 1000) + 600 }) },
        { why: "a token issued in the future (iat)", token: () => issuer.sign({ iat: Math.floor(Date.now() / 1000) + 600 }) },
        { why: "a token with alg none", token: async () => issuer.unsigned({ iss: issuer.issuer, aud: issuer.clientId, sub: "x", exp: Math.floor(Date.now() / 1000) + 600 }) },
        { why: "a token without kid", token: () => issuer.sign({}, { kid: null }) },
        { why: "a token with a forged signature", token: async () => (await issuer.sign()).replace(/\.[^.]+$/, ".c2lnbmF0dXJl") },
        { why: "a token whose aud is wrong even though client_id is right", token: () => issuer.sign({ aud: "another-client", client_id: issuer.clientId }) },
        { why: "a token without exp", token: () => issuer.sign({ exp: undefined }) },
    ];
    for (const row of refused) {
        it(`GIVEN ${row.why} WHEN POST /orders THEN 401 {"message":"Unauthorized"} and the function is not invoked`, async () => {
            const token = await row.token();
            const response = await fetch(`${url}/orders`, { method: "POST", headers: token ? { authorization: `Bearer ${token}` } : {}, body: "{}" });
            expect(response.status).to.equal(401);
            expect(await response.json()).to.deep.equal({ message: "Unauthorized" });
            expect(response.headers.get("www-authenticate")).to.match(/^Bearer scope="" error="invalid_token" error_description=".+"$/);
            expect(events).to.have.length(0);
            expect(lines.some((l) => l.startsWith("api POST /orders → 401 Unauthorized: "))).to.equal(true);
        });
    }

    it("GIVEN a token without aud WHEN its client_id is the audience THEN it is accepted", async () => {
        const token = await issuer.sign({ aud: undefined, client_id: issuer.clientId });
        expect((await fetch(`${url}/orders/o-1`, { headers: { authorization: `Bearer ${token}` } })).status).to.equal(200);
        expect(events[0].requestContext.authorizer!.jwt.claims.client_id).to.equal(issuer.clientId);
    });

    it("GIVEN the API's CORS configuration WHEN a browser sends a preflight THEN the gateway answers it before any authorizer", async () => {
        const response = await fetch(`${url}/orders`, { method: "OPTIONS", headers: { origin: ORIGIN, "access-control-request-method": "POST", "access-control-request-headers": "authorization,content-type" } });
        expect(response.status).to.equal(204);
        expect(Object.fromEntries([...response.headers].filter(([name]) => name.startsWith("access-control-")))).to.deep.equal({
            "access-control-allow-origin": ORIGIN,
            "access-control-allow-methods": "GET,POST,OPTIONS",
            "access-control-allow-headers": "content-type,idempotency-key,x-correlation-id,authorization",
            "access-control-max-age": "3600",
        });
        expect(events).to.have.length(0);
    });

    it("GIVEN an origin outside allowOrigins WHEN it sends a preflight or a request THEN no CORS header allows it", async () => {
        const preflight = await fetch(`${url}/orders`, { method: "OPTIONS", headers: { origin: "http://evil.example", "access-control-request-method": "POST" } });
        expect(preflight.status).to.equal(204);
        expect(preflight.headers.get("access-control-allow-origin")).to.equal(null);
        const actual = await fetch(`${url}/orders/special`, { headers: { origin: "http://evil.example" } });
        expect(actual.headers.get("access-control-allow-origin")).to.equal(null);
    });

    it("GIVEN an allowed origin WHEN the function answers (even with its own CORS header) or the gateway refuses THEN the configured CORS headers are on the response", async () => {
        reply = async () => ({ statusCode: 200, headers: { "access-control-allow-origin": "*" }, body: "ok" });
        const ok = await fetch(`${url}/orders/special`, { headers: { origin: ORIGIN } });
        expect(ok.headers.get("access-control-allow-origin")).to.equal(ORIGIN);
        expect(ok.headers.get("access-control-expose-headers")).to.equal("location,retry-after,x-correlation-id");
        const unauthorized = await fetch(`${url}/orders`, { method: "POST", headers: { origin: ORIGIN } });
        expect(unauthorized.status).to.equal(401);
        expect(unauthorized.headers.get("access-control-allow-origin")).to.equal(ORIGIN);
    });

    it("GIVEN no route for a path or a method WHEN requested THEN 404 {\"message\":\"Not Found\"}", async () => {
        for (const [method, path] of [["GET", "/nothing"], ["DELETE", "/orders"], ["GET", "/orders/"]]) {
            const response = await fetch(`${url}${path}`, { method });
            expect(response.status, `${method} ${path}`).to.equal(404);
            expect(await response.json()).to.deep.equal({ message: "Not Found" });
        }
    });

    it("GIVEN function results of each payload 2.0 shape WHEN mapped THEN status, headers, cookies and bodies follow API Gateway's rules", async () => {
        const results: { result: unknown; status: number; type: string | null; body: string; cookies?: string[] }[] = [
            { result: { orderId: "o-1" }, status: 200, type: "application/json", body: '{"orderId":"o-1"}' },
            { result: "plain text", status: 200, type: "application/json", body: "plain text" },
            { result: { statusCode: 201, body: Buffer.from("binary!").toString("base64"), isBase64Encoded: true, headers: { "content-type": "application/octet-stream" } }, status: 201, type: "application/octet-stream", body: "binary!" },
            { result: { statusCode: 204, cookies: ["s=1; Path=/", "t=2"] }, status: 204, type: null, body: "", cookies: ["s=1; Path=/", "t=2"] },
            { result: { statusCode: "abc" }, status: 500, type: "application/json", body: '{"message":"Internal Server Error"}' },
        ];
        for (const row of results) {
            reply = async () => row.result;
            const response = await fetch(`${url}/orders/special`);
            expect(response.status, JSON.stringify(row.result)).to.equal(row.status);
            expect(response.headers.get("content-type")).to.equal(row.type);
            expect(await response.text()).to.equal(row.body);
            if (row.cookies) expect(response.headers.getSetCookie()).to.deep.equal(row.cookies);
        }
    });

    it("GIVEN a binary request body WHEN forwarded THEN it arrives base64-encoded with isBase64Encoded true", async () => {
        await fetch(`${url}/files/upload.png`, { method: "PUT", headers: { "content-type": "image/png" }, body: new Uint8Array([0, 1, 2, 255]) });
        expect(events[0]).to.include({ body: Buffer.from([0, 1, 2, 255]).toString("base64"), isBase64Encoded: true });
    });

    it("GIVEN a function that throws WHEN invoked THEN 500 {\"message\":\"Internal Server Error\"}", async () => {
        reply = async () => {
            throw new Error("boom");
        };
        const response = await fetch(`${url}/orders/special`);
        expect(response.status).to.equal(500);
        expect(await response.json()).to.deep.equal({ message: "Internal Server Error" });
        expect(lines.some((l) => l.includes("→ 500 Internal Server Error: the integration failed: boom"))).to.equal(true);
    });

    it("GIVEN a function that outlives the integration timeout WHEN invoked THEN 503 {\"message\":\"Service Unavailable\"}", async () => {
        const response = await fetch(`${url}/slow`);
        expect(response.status).to.equal(503);
        expect(await response.json()).to.deep.equal({ message: "Service Unavailable" });
    });

    it("GIVEN stage throttling (burst 2, rate 1/s) WHEN a route gets three requests at one instant THEN the third gets 429, another route is unaffected, and a second later one token is back", async () => {
        let clock = 1_000_000;
        const options: GatewayOptions = {
            routes: [{ routeKey: "GET /a", invoke: async () => ({ ok: true }) }, { routeKey: "GET /b", invoke: async () => ({ ok: true }) }],
            defaultRouteSettings: { throttlingBurstLimit: 2, throttlingRateLimit: 1 },
            now: () => clock,
        };
        const alone = await listenGateway(options);
        try {
            const statuses = async (path: string, n: number) => {
                const out: number[] = [];
                for (let i = 0; i < n; i++) out.push((await fetch(`${alone.url}${path}`)).status);
                return out;
            };
            expect(await statuses("/a", 3)).to.deep.equal([200, 200, 429]);
            const limited = await fetch(`${alone.url}/a`);
            expect(await limited.json()).to.deep.equal({ message: "Too Many Requests" });
            expect(await statuses("/b", 1)).to.deep.equal([200]);
            clock += 1000;
            expect(await statuses("/a", 2)).to.deep.equal([200, 429]);
        } finally {
            await alone.close();
        }
    });

    it("GIVEN the composing server WHEN it asks which requests are the API's THEN paths of routes are claimed for any method and others are not", () => {
        const gateway = createGateway({ routes: [{ routeKey: "GET /orders/{orderId}", invoke: async () => null }, { routeKey: "POST /orders", invoke: async () => null }] });
        const owns = (url: string) => gateway.owns({ url } as never);
        expect([owns("/orders"), owns("/orders/o-1?x=1"), owns("/"), owns("/config.json"), owns("/orders/o-1/extra")]).to.deep.equal([true, true, false, false, false]);
    });

    const invalid: { why: string; options: GatewayOptions; message: RegExp }[] = [
        { why: "a malformed route key", options: { routes: [{ routeKey: "FETCH /x", invoke: async () => null }] }, message: /route key "FETCH \/x" must be "\$default" or "<METHOD> \/path"/ },
        { why: "a greedy variable mid-path", options: { routes: [{ routeKey: "GET /{all+}/x", invoke: async () => null }] }, message: /greedy variable \{all\+\} before the last segment/ },
        { why: "a duplicate route key", options: { routes: [{ routeKey: "GET /x", invoke: async () => null }, { routeKey: "GET /x", invoke: async () => null }] }, message: /route key GET \/x is declared twice/ },
        { why: "a timeout over 30 s", options: { routes: [{ routeKey: "GET /x", invoke: async () => null, timeoutMs: 31_000 }] }, message: /timeoutMs must be an integer from 50 to 30000, but 31000 was provided/ },
    ];
    for (const row of invalid) {
        it(`GIVEN ${row.why} WHEN the gateway is created THEN it refuses naming the route`, () => {
            expect(() => validateGatewayOptions(row.options)).to.throw(row.message).with.property("name").that.matches(/^(GatewayConfigError|RouteKeyError)$/);
        });
    }
});

describe("local HTTP API gateway with the local OIDC issuer", () => {
    it("GIVEN an ID token from the local issuer's code flow WHEN it calls a JWT route THEN the gateway verifies it through the issuer's discovery and passes Cognito-like string claims", async () => {
        const client = { clientId: "local-storefront", redirectUri: "http://localhost:3000/" };
        const oidc = await listenOidcIssuer({ clientId: client.clientId, redirectUris: [client.redirectUri], postLogoutRedirectUris: [client.redirectUri] });
        const events: GatewayEvent[] = [];
        const api = await listenGateway({
            routes: [{ routeKey: "POST /orders", authorizer: { issuer: oidc.issuer.issuer, audience: [client.clientId] }, invoke: async (event) => {
                events.push(event);
                return { statusCode: 202, body: "{}" };
            } }],
        });
        try {
            const [ada] = DEMO_CUSTOMERS;
            const tokens = await signIn(oidc.issuer.issuer, client, ada);
            const accepted = await fetch(`${api.url}/orders`, { method: "POST", headers: { authorization: `Bearer ${tokens.id_token}` }, body: "{}" });
            expect(accepted.status).to.equal(202);
            expect(events[0].requestContext.authorizer!.jwt.claims).to.include({ sub: ada.sub, email: ada.email, email_verified: "true", aud: client.clientId, iss: oidc.issuer.issuer });
            const withAccessToken = await fetch(`${api.url}/orders`, { method: "POST", headers: { authorization: `Bearer ${String(tokens.access_token)}` }, body: "{}" });
            expect(withAccessToken.status).to.equal(401);
        } finally {
            await api.close();
            await oidc.close();
        }
    });
});
