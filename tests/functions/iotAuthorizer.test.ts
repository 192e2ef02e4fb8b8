import { createHmac } from "crypto";
import { expect } from "chai";
import * as fc from "fast-check";
import { GetParameterCommand } from "@aws-sdk/client-ssm";
import { CUSTOMER_ID } from "../../contracts";
import { authorize, IotAuthorizerEvent, IotAuthorizerResponse, readSecret, signToken } from "../../functions/iotAuthorizer";

const SECRET = "k".repeat(64);
const NOW = 1_800_000_000;
const SETTINGS = { iotArnPrefix: "arn:aws:iot:us-east-1:123456789012", topicPrefix: "orders/dev" };
const b64 = (s: string) => Buffer.from(s).toString("base64url");

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
    expect(response.policyDocuments[0].Statement).to.deep.equal([
        { Effect: "Allow", Action: ["iot:Connect"], Resource: [`${arn}:client/${customerId}.*`] },
        { Effect: "Allow", Action: ["iot:Subscribe"], Resource: [`${arn}:topicfilter/orders/dev/${customerId}`] },
        { Effect: "Allow", Action: ["iot:Receive"], Resource: [`${arn}:topic/orders/dev/${customerId}`] },
    ]);
    for (const resource of resources(response)) {
        expect(resource).not.to.match(/[#+]/);
        if (/:topic(filter)?\//.test(resource)) expect(resource).not.to.include("*");
    }
}

describe("IoT custom authorizer", () => {
    describe("valid tokens get only their own topic", () => {
        const table: { why: string; customerId: string; event: (t: string) => IotAuthorizerEvent; exp: number; session: number }[] = [
            { why: "token in the WebSocket query string", customerId: "cust-42", event: viaQuery, exp: NOW + 3600, session: 3600 },
            { why: "token in the authorizer's token field", customerId: "cust_7", event: (t) => ({ token: t }), exp: NOW + 600, session: 600 },
            { why: "token as MQTT password", customerId: "A", event: (t) => ({ protocolData: { mqtt: { username: "u", password: Buffer.from(t).toString("base64") } } }), exp: NOW + 86_400, session: 86_400 },
            { why: "a 64-character customer id", customerId: "c".repeat(64), event: viaQuery, exp: NOW + 60, session: 300 },
        ];
        for (const row of table) {
            it(`GIVEN ${row.why} WHEN authorized THEN connect/subscribe/receive are granted for ${row.customerId.slice(0, 12)} only`, () => {
                const { response } = authorize(row.event(signToken(SECRET, { customerId: row.customerId, exp: row.exp })), SECRET, SETTINGS, NOW);
                expect(response.isAuthenticated).to.equal(true);
                expect(response.principalId).to.match(/^[a-zA-Z0-9]{1,128}$/);
                expect(response.disconnectAfterInSeconds).to.equal(row.session);
                expect(response.refreshAfterInSeconds).to.equal(row.session);
                assertOnlyOwnTopic(response, row.customerId);
            });
        }

        it("GIVEN any two customer ids WHEN one is authorized THEN its policy never names the other's topic or client prefix (property)", () => {
            fc.assert(fc.property(fc.stringMatching(CUSTOMER_ID), fc.stringMatching(CUSTOMER_ID), (me, other) => {
                fc.pre(me !== other);
                const { response } = authorize({ token: signToken(SECRET, { customerId: me, exp: NOW + 60 }) }, SECRET, SETTINGS, NOW);
                assertOnlyOwnTopic(response, me);
                const grants = resources(response);
                expect(grants).not.to.include(`${SETTINGS.iotArnPrefix}:topic/orders/dev/${other}`);
                expect(grants).not.to.include(`${SETTINGS.iotArnPrefix}:topicfilter/orders/dev/${other}`);
                // The client-id separator cannot occur in a customer id, so `<me>.*` never matches `<other>.<suffix>`.
                expect(`${other}.tab1`.startsWith(`${me}.`)).to.equal(false);
            }), { numRuns: 200 });
        });
    });

    describe("everything else is denied", () => {
        const valid = signToken(SECRET, { customerId: "cust-42", exp: NOW + 3600 });
        const [payload, signature] = valid.split(".");
        // Re-sign arbitrary payloads with the real secret, to prove the claims themselves are checked.
        const resign = (rawPayload: string) => `${rawPayload}.${createHmac("sha256", SECRET).update(rawPayload).digest("base64url")}`;
        const table: { why: string; event: IotAuthorizerEvent; reason: string }[] = [
            { why: "no token at all", event: {}, reason: "missing" },
            { why: "an empty token", event: { token: "" }, reason: "missing" },
            { why: "a query string without token", event: { protocolData: { http: { queryString: "?x-amz-customauthorizer-name=a" } } }, reason: "missing" },
            { why: "garbage", event: { token: "garbage" }, reason: "malformed" },
            { why: "three parts", event: { token: `${valid}.x` }, reason: "malformed" },
            { why: "non-base64url characters", event: { token: `${payload}.${signature}!` }, reason: "malformed" },
            { why: "a signature made with another secret", event: { token: signToken("z".repeat(64), { customerId: "cust-42", exp: NOW + 3600 }) }, reason: "forged" },
            { why: "a payload swapped to another customer", event: { token: `${b64(JSON.stringify({ customerId: "cust-43", exp: NOW + 3600 }))}.${signature}` }, reason: "forged" },
            { why: "a truncated signature", event: { token: `${payload}.${signature.slice(0, 20)}` }, reason: "forged" },
            { why: "a token that expired now", event: { token: signToken(SECRET, { customerId: "cust-42", exp: NOW }) }, reason: "expired" },
            { why: "a token that expired long ago", event: { token: signToken(SECRET, { customerId: "cust-42", exp: NOW - 86_400 }) }, reason: "expired" },
            { why: "a token valid for more than a day", event: { token: signToken(SECRET, { customerId: "cust-42", exp: NOW + 86_401 }) }, reason: "too-long-lived" },
            { why: "a signed payload that is not JSON", event: { token: resign(b64("not json")) }, reason: "malformed" },
            { why: "a signed wildcard customer id", event: { token: resign(b64(JSON.stringify({ customerId: "#", exp: NOW + 60 }))) }, reason: "malformed" },
            { why: "a signed customer id with a topic level", event: { token: resign(b64(JSON.stringify({ customerId: "a/+", exp: NOW + 60 }))) }, reason: "malformed" },
            { why: "a signed non-integer expiry", event: { token: resign(b64(JSON.stringify({ customerId: "cust-42", exp: "tomorrow" }))) }, reason: "malformed" },
            { why: "a signed payload without customer", event: { token: resign(b64(JSON.stringify({ exp: NOW + 60 }))) }, reason: "malformed" },
            { why: "a signed JSON null", event: { token: resign(b64("null")) }, reason: "malformed" },
        ];
        it("GIVEN any single character of a valid token changed WHEN authorized THEN it is denied (one signature, one spelling)", () => {
            const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.";
            fc.assert(fc.property(fc.nat(valid.length - 1), fc.constantFrom(...alphabet), (at, replacement) => {
                fc.pre(valid[at] !== replacement);
                const mutated = `${valid.slice(0, at)}${replacement}${valid.slice(at + 1)}`;
                const { response } = authorize({ token: mutated }, SECRET, SETTINGS, NOW);
                expect(response.isAuthenticated, mutated).to.equal(false);
                expect(response.policyDocuments).to.deep.equal([]);
            }), { numRuns: 500 });
        });

        for (const row of table) {
            it(`GIVEN ${row.why} WHEN authorized THEN the connection is denied (${row.reason}) with no policy`, () => {
                const { response, check } = authorize(row.event, SECRET, SETTINGS, NOW);
                expect(check).to.deep.equal({ valid: false, reason: row.reason });
                expect(response.isAuthenticated).to.equal(false);
                expect(response.policyDocuments).to.deep.equal([]);
            });
        }
    });

    it("GIVEN the parameter name WHEN the secret is read THEN GetParameter asks for decryption", async () => {
        const sent: GetParameterCommand[] = [];
        const value = await readSecret({ send: async (c) => { sent.push(c); return { Parameter: { Value: SECRET } }; } }, "/p/dev/secret");
        expect(value).to.equal(SECRET);
        expect(sent[0].input).to.deep.equal({ Name: "/p/dev/secret", WithDecryption: true });
    });

    it("GIVEN the parameter has no value WHEN the secret is read THEN it throws naming the parameter", async () => {
        let caught: unknown;
        try { await readSecret({ send: async () => ({ Parameter: {} }) }, "/p/dev/secret"); } catch (e) { caught = e; }
        expect((caught as Error).message).to.match(/\/p\/dev\/secret has no value/);
    });
});
