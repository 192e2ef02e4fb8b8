import { randomUUID } from "crypto";
import { expect } from "chai";
import * as fc from "fast-check";
import {
    authorize, createTokenVerifier, IotAuthorizerEvent, IotAuthorizerResponse, MAX_TOKEN_CHARS, TokenVerifier,
} from "../../functions/iotAuthorizer";
import { JwksUriError, jwksUriFor } from "../../functions/jwks";
import { HungServer, startHungServer } from "../support/awsLoopback";
import { CLIENT_ID, HOSTILE_SUBS, startIssuer, TestIssuer } from "./tokens";

const SETTINGS = { iotArnPrefix: "arn:aws:iot:us-east-1:123456789012", topicPrefix: "orders/dev" };
const nowSeconds = () => Math.floor(Date.now() / 1000);

const viaQuery = (token: string): IotAuthorizerEvent => ({
    protocols: ["http", "mqtt"],
    protocolData: { http: { headers: {}, queryString: `?x-amz-customauthorizer-name=orders-authorizer&token=${encodeURIComponent(token)}` } },
    connectionMetadata: { id: "conn-1" },
});

function resources(response: IotAuthorizerResponse): string[] {
    return response.policyDocuments.flatMap((doc) => doc.Statement.flatMap((s) => s.Resource));
}

/** Every grant must be for this customer only: no MQTT wildcard, no `*` on a topic, nothing of another customer. */
function assertOnlyOwnTopic(response: IotAuthorizerResponse, customerId: string): void {
    const arn = SETTINGS.iotArnPrefix;
    expect(response.policyDocuments).to.have.length(1);
    expect(response.policyDocuments[0].Statement).to.deep.equal([
        { Effect: "Allow", Action: ["iot:Connect"], Resource: [`${arn}:client/${customerId}.*`] },
        { Effect: "Allow", Action: ["iot:Subscribe"], Resource: [`${arn}:topicfilter/orders/dev/${customerId}`] },
        { Effect: "Allow", Action: ["iot:Receive"], Resource: [`${arn}:topic/orders/dev/${customerId}`] },
    ]);
    for (const resource of resources(response)) {
        expect(resource).not.to.match(/[#+$]/);
        if (/:topic(filter)?\//.test(resource)) expect(resource).not.to.include("*");
    }
}

function assertDenied(response: IotAuthorizerResponse): void {
    expect(response.isAuthenticated).to.equal(false);
    expect(response.policyDocuments).to.deep.equal([]);
    expect(response.principalId).to.equal("unauthenticated");
}

describe("IoT custom authorizer", () => {
    let issuer: TestIssuer;
    let verifier: TokenVerifier;

    before(async () => {
        issuer = await startIssuer();
        // Created once, as the handler factory does: every test below shares its JWKS cache.
        verifier = createTokenVerifier({ issuer: issuer.issuer, audience: CLIENT_ID });
    });
    after(async () => {
        await issuer.stop();
    });

    describe("valid ID tokens get only their own topic", () => {
        const table: { why: string; lifetime: number; session: number }[] = [
            { why: "an hour left", lifetime: 3600, session: 3600 },
            { why: "ten minutes left", lifetime: 600, session: 600 },
            { why: "a minute left (IoT's minimum session is 300 s)", lifetime: 60, session: 300 },
            { why: "exactly a day left", lifetime: 86_400, session: 86_400 },
        ];
        for (const row of table) {
            it(`GIVEN a token with ${row.why} in the WebSocket query string WHEN authorized THEN connect/subscribe/receive for its sub only, for ${row.session} s`, async () => {
                const sub = randomUUID();
                const now = nowSeconds();
                const token = await issuer.idToken({ sub, exp: now + row.lifetime });

                const { response, check } = await authorize(viaQuery(token), verifier, SETTINGS, now);

                expect(check).to.deep.equal({ valid: true, customerId: sub, exp: now + row.lifetime });
                expect(response.isAuthenticated).to.equal(true);
                expect(response.principalId).to.equal(sub.replace(/-/g, "")).and.to.match(/^[a-zA-Z0-9]{1,128}$/);
                expect(response.disconnectAfterInSeconds).to.equal(row.session);
                expect(response.refreshAfterInSeconds).to.equal(row.session);
                assertOnlyOwnTopic(response, sub);
            });
        }

        it("GIVEN any two customers WHEN one is authorized THEN its policy never names the other's topic or client prefix (property)", async () => {
            await fc.assert(fc.asyncProperty(fc.uuid(), fc.uuid(), async (me, other) => {
                fc.pre(me !== other);
                const { response } = await authorize(viaQuery(await issuer.idToken({ sub: me })), verifier, SETTINGS);
                assertOnlyOwnTopic(response, me);
                const grants = resources(response);
                expect(grants).not.to.include(`${SETTINGS.iotArnPrefix}:topic/orders/dev/${other}`);
                expect(grants).not.to.include(`${SETTINGS.iotArnPrefix}:topicfilter/orders/dev/${other}`);
                // The client-id separator cannot occur in a customer id, so `<me>.*` never matches `<other>.<suffix>`.
                expect(`${other}.tab1`.startsWith(`${me}.`)).to.equal(false);
            }), { numRuns: 50 });
        });

        it("GIVEN many connections on one warm verifier WHEN authorized THEN the JWKS was fetched once (its cache survives invocations)", async () => {
            const fresh = createTokenVerifier({ issuer: issuer.issuer, audience: CLIENT_ID, jwksUri: issuer.jwksUri });
            const before = issuer.jwksRequests();
            for (let i = 0; i < 5; i++) {
                const { response } = await authorize(viaQuery(await issuer.idToken()), fresh, SETTINGS);
                expect(response.isAuthenticated).to.equal(true);
            }
            expect(issuer.jwksRequests() - before).to.equal(1);
        });
    });

    describe("every attack is refused with isAuthenticated false and no policy", () => {
        const at = (s: number) => nowSeconds() + s;
        const cases: { why: string; event: () => Promise<IotAuthorizerEvent>; reason: string | RegExp }[] = [
            { why: "no query string", event: async () => ({ protocolData: { http: { headers: {} } } }), reason: "missing" },
            { why: "a query string without token", event: async () => ({ protocolData: { http: { queryString: "?x-amz-customauthorizer-name=a" } } }), reason: "missing" },
            { why: "an empty token", event: async () => viaQuery(""), reason: "missing" },
            { why: "two token parameters", event: async () => ({ protocolData: { http: { queryString: `?token=${await issuer.idToken()}&token=${await issuer.idToken()}` } } }), reason: "several-tokens" },
            { why: "a token over the size bound", event: async () => viaQuery("a".repeat(MAX_TOKEN_CHARS + 1)), reason: "too-long" },
            { why: "the token only in the authorizer's token field", event: async () => ({ token: await issuer.idToken() }), reason: "missing" },
            { why: "the token only as MQTT password", event: async () => ({ protocolData: { mqtt: { username: "u", password: Buffer.from(await issuer.idToken()).toString("base64") } } }), reason: "missing" },
            { why: "garbage", event: async () => viaQuery("garbage"), reason: "malformed" },
            { why: "a forged signature (another key, the issuer's kid)", event: async () => viaQuery(await issuer.idToken({}, { key: "other" })), reason: "bad-signature" },
            { why: "a kid the issuer never published", event: async () => viaQuery(await issuer.idToken({}, { key: "other", kid: "attacker-key" })), reason: "unknown-key" },
            { why: "alg none", event: async () => viaQuery(issuer.unsigned()), reason: /^(wrong-algorithm|malformed)$/ },
            { why: "HS256 signed with the issuer's public key", event: async () => viaQuery(await issuer.hmacWithPublicKey()), reason: "wrong-algorithm" },
            { why: "another RSA algorithm than the key's", event: async () => viaQuery(await issuer.idToken({}, { alg: "RS384" })), reason: "wrong-algorithm" },
            { why: "an expired token", event: async () => viaQuery(await issuer.idToken({ iat: at(-7200), exp: at(-3600) })), reason: "expired" },
            { why: "a token expiring now", event: async () => viaQuery(await issuer.idToken({ exp: at(0) })), reason: "expired" },
            { why: "a token not yet valid", event: async () => viaQuery(await issuer.idToken({ nbf: at(600) })), reason: "not-yet-valid" },
            { why: "another issuer", event: async () => viaQuery(await issuer.idToken({ iss: "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_other" })), reason: "wrong-issuer" },
            { why: "another app client (audience)", event: async () => viaQuery(await issuer.idToken({ aud: "another-client" })), reason: "wrong-audience" },
            { why: "an access token (client_id, no aud)", event: async () => viaQuery(await issuer.idToken({ aud: undefined, client_id: CLIENT_ID, token_use: "access" })), reason: "wrong-audience" },
            { why: "no sub", event: async () => viaQuery(await issuer.idToken({ sub: undefined })), reason: "sub-not-a-customer-id" },
            { why: "no expiry", event: async () => viaQuery(await issuer.idToken({ exp: undefined })), reason: "no-expiry" },
            { why: "more than a day left", event: async () => viaQuery(await issuer.idToken({ exp: at(86_460) })), reason: "too-long-lived" },
            ...HOSTILE_SUBS.map((sub) => ({
                why: `a signed hostile sub ${JSON.stringify(sub).slice(0, 24)}`, event: async () => viaQuery(await issuer.idToken({ sub })), reason: "sub-not-a-customer-id",
            })),
        ];
        for (const row of cases) {
            it(`GIVEN ${row.why} WHEN authorized THEN it is denied (${row.reason})`, async () => {
                const { response, check } = await authorize(await row.event(), verifier, SETTINGS);
                expect(check.valid).to.equal(false);
                if (!check.valid) expect(check.reason).to.match(typeof row.reason === "string" ? new RegExp(`^${row.reason}$`) : row.reason);
                assertDenied(response);
            });
        }

        it("GIVEN a valid token WHEN its payload is swapped to another customer's and the signature kept THEN it is denied", async () => {
            const [header, , signature] = (await issuer.idToken({ sub: randomUUID() })).split(".");
            const swapped = Buffer.from(JSON.stringify({ sub: randomUUID(), iss: issuer.issuer, aud: CLIENT_ID, exp: nowSeconds() + 3600 })).toString("base64url");
            const { response } = await authorize(viaQuery(`${header}.${swapped}.${signature}`), verifier, SETTINGS);
            assertDenied(response);
        });

        it("GIVEN any single character of a valid token changed WHEN authorized THEN it is denied (property)", async () => {
            const valid = await issuer.idToken();
            const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.";
            await fc.assert(fc.asyncProperty(fc.nat(valid.length - 1), fc.constantFrom(...alphabet), async (position, replacement) => {
                const mutated = `${valid.slice(0, position)}${replacement}${valid.slice(position + 1)}`;
                // The signature's last base64url character carries spare bits: a change there can spell the same signature.
                fc.pre(mutated !== valid && !sameSignatureSpelledOtherwise(mutated, valid));
                const { response } = await authorize(viaQuery(mutated), verifier, SETTINGS);
                assertDenied(response);
            }), { numRuns: 300 });
        });

        it("GIVEN arbitrary query strings WHEN authorized THEN never an allowed connection and never a throw (property)", async () => {
            await fc.assert(fc.asyncProperty(fc.string({ maxLength: 300 }), async (queryString) => {
                const { response } = await authorize({ protocolData: { http: { queryString } } }, verifier, SETTINGS);
                assertDenied(response);
            }), { numRuns: 200 });
        });
    });

    describe("where the keys come from", () => {
        let hung: HungServer;
        before(async () => { hung = await startHungServer(); });
        after(async () => { await hung.stop(); });

        it("GIVEN no JWT_JWKS_URI WHEN the URI is derived THEN it is the issuer's /.well-known/jwks.json (as Cognito publishes it)", () => {
            expect(jwksUriFor("https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc")).to.equal("https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc/.well-known/jwks.json");
            expect(jwksUriFor("http://localhost:3000/oidc/")).to.equal("http://localhost:3000/oidc/.well-known/jwks.json");
            expect(jwksUriFor("http://localhost:3000/oidc", "http://127.0.0.1:3000/oidc/jwks")).to.equal("http://127.0.0.1:3000/oidc/jwks");
        });

        for (const uri of ["http://keys.example.com/jwks.json", "http://10.0.0.1/jwks.json", "ftp://127.0.0.1/jwks.json", "not a url"]) {
            it(`GIVEN the JWKS URI ${uri} WHEN the verifier is created THEN it refuses, naming the URI and what is allowed`, () => {
                expect(() => createTokenVerifier({ issuer: issuer.issuer, audience: CLIENT_ID, jwksUri: uri }))
                    .to.throw(JwksUriError, /use https:\/\/, or http:\/\/ on 127\.0\.0\.1, localhost/).with.property("uri", uri);
            });
        }

        it("GIVEN a JWKS endpoint that accepts and never answers WHEN a browser connects THEN it is denied (keys-unavailable), not left hanging", async () => {
            const stuck = createTokenVerifier({ issuer: issuer.issuer, audience: CLIENT_ID, jwksUri: `${hung.endpoint}/jwks.json` });
            const { response, check } = await authorize(viaQuery(await issuer.idToken()), stuck, SETTINGS);
            assertDenied(response);
            expect(check).to.deep.equal({ valid: false, reason: "keys-unavailable" });
        });
    });
});

/** True when two tokens differ only in how the same signature bytes are spelled (not a forgery: the same signature). */
function sameSignatureSpelledOtherwise(a: string, b: string): boolean {
    const [ha, pa, sa] = a.split(".");
    const [hb, pb, sb] = b.split(".");
    return a.split(".").length === 3 && ha === hb && pa === pb && /^[A-Za-z0-9_-]+$/.test(sa)
        && Buffer.from(sa, "base64url").equals(Buffer.from(sb, "base64url"));
}
