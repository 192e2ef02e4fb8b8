import { expect } from "chai";
import * as fc from "fast-check";
import { CUSTOMER_ID, parseDetail } from "../../contracts";
import { HttpEvent, HttpResponse } from "../../functions/http";
import { LocalDynamo, startLocalDynamo } from "../support/localDynamo";
import { idTokenClaims, parse } from "./httpEvents";
import { counts, newCustomer, placeOrderOver, RecordingEventBridge, request, validBody } from "./placeOrderFixture";
import { HOSTILE_SUBS } from "./tokens";

describe("placeOrder: the customer is the verified token's", () => {
    let dynamo: LocalDynamo;
    let events: RecordingEventBridge;
    let place: (event: HttpEvent) => Promise<HttpResponse>;

    before(async () => {
        dynamo = await startLocalDynamo();
    });
    after(async () => {
        await dynamo.stop();
    });
    beforeEach(() => {
        events = new RecordingEventBridge();
        ({ place } = placeOrderOver(dynamo, events));
    });

    /** The request is refused with `status`, and nothing is emitted or written. */
    async function refused(event: HttpEvent, status: number): Promise<Record<string, unknown>> {
        const before = await counts(dynamo);
        const response = await place(event);
        expect(response.statusCode, response.body).to.equal(status);
        expect(events.accepted).to.have.length(0);
        expect(await counts(dynamo)).to.deep.equal(before);
        return parse(response);
    }

    describe("without a usable identity: 401", () => {
        const noClaims: { why: string; event: () => HttpEvent }[] = [
            { why: "no authorizer context at all", event: () => request(validBody(), newCustomer(), { claims: null }) },
            { why: "an authorizer without jwt", event: () => withAuthorizer({}) },
            { why: "jwt without claims", event: () => withAuthorizer({ jwt: { scopes: null } }) },
            { why: "claims that are null", event: () => withAuthorizer({ jwt: { claims: null, scopes: null } }) },
            { why: "claims that are a list", event: () => withAuthorizer({ jwt: { claims: ["sub"], scopes: null } }) },
            { why: "claims without sub", event: () => request(validBody(), newCustomer(), { claims: { ...idTokenClaims(), sub: undefined } }) },
            { why: "a numeric sub", event: () => request(validBody(), newCustomer(), { claims: { ...idTokenClaims(), sub: 42 } }) },
            { why: "a list as sub", event: () => request(validBody(), newCustomer(), { claims: { ...idTokenClaims(), sub: [newCustomer()] } }) },
        ];
        for (const row of noClaims) {
            it(`GIVEN ${row.why} WHEN an order is placed THEN 401 Unauthorized with a message and a Bearer challenge, nothing emitted or written`, async () => {
                const before = await counts(dynamo);
                const response = await place(row.event());
                expect(response.statusCode).to.equal(401);
                expect(response.headers["www-authenticate"]).to.match(/^Bearer/);
                expect(parse(response)).to.include({ error: "Unauthorized" });
                expect(parse(response).message).to.be.a("string").and.match(/token/);
                expect(events.accepted).to.have.length(0);
                expect(await counts(dynamo)).to.deep.equal(before);
            });
        }

        for (const sub of HOSTILE_SUBS) {
            it(`GIVEN verified claims whose sub is ${JSON.stringify(sub).slice(0, 30)} WHEN an order is placed THEN 401, and the sub is not echoed`, async () => {
                const body = await refused(request(validBody(), newCustomer(), { claims: { ...idTokenClaims(), sub } }), 401);
                expect(body.error).to.equal("Unauthorized");
                if (sub.length > 2) expect(JSON.stringify(body)).not.to.include(sub);
            });
        }

        it("GIVEN any sub that is not a lower-case UUID WHEN an order is placed THEN 401 (property)", async () => {
            const notAUuid = fc.oneof(fc.string({ maxLength: 80 }), fc.string({ unit: "grapheme", maxLength: 40 }), fc.uuid().map((u) => u.toUpperCase()), fc.uuid().map((u) => `${u}/#`))
                .filter((s) => !CUSTOMER_ID.test(s));
            await fc.assert(fc.asyncProperty(notAUuid, async (sub) => {
                const response = await place(request(validBody(), newCustomer(), { claims: { ...idTokenClaims(), sub } }));
                expect(response.statusCode).to.equal(401);
            }), { numRuns: 100 });
            expect(events.accepted).to.have.length(0);
        });
    });

    describe("the email comes from the token, and only when verified", () => {
        const unverified: { why: string; claims: Record<string, unknown> }[] = [
            { why: "email_verified \"false\"", claims: { email_verified: "false" } },
            { why: "no email_verified", claims: { email_verified: undefined } },
            { why: "email_verified false", claims: { email_verified: false } },
            { why: "email_verified \"True\" (not the claim's spelling)", claims: { email_verified: "True" } },
            { why: "no email", claims: { email: undefined } },
            { why: "an email that is not an address", claims: { email: "not an address" } },
            { why: "an email over 254 characters", claims: { email: `${"a".repeat(250)}@example.com` } },
        ];
        for (const row of unverified) {
            it(`GIVEN a token with ${row.why} WHEN an order is placed THEN 403 naming email, nothing emitted or written`, async () => {
                const sub = newCustomer();
                const body = await refused(request(validBody(), sub, { claims: { ...idTokenClaims(sub), ...row.claims } }), 403);
                expect(body).to.include({ error: "Forbidden", field: "email" });
                expect(body.message).to.match(/verified email/);
            });
        }

        it("GIVEN a token whose email_verified is the boolean true WHEN an order is placed THEN the email is used", async () => {
            const sub = newCustomer();
            const response = await place(request(validBody(), sub, { claims: { ...idTokenClaims(sub, "grace@example.com"), email_verified: true } }));
            expect(response.statusCode).to.equal(202);
            expect(JSON.parse(events.accepted[0].Detail!).customer).to.deep.equal({ email: "grace@example.com" });
        });

        it("GIVEN any signed-in customer and email WHEN an order is placed THEN the event names exactly that sub and that verified email (property)", async () => {
            const local = fc.stringMatching(/^[a-z][a-z0-9.]{0,20}$/).filter((s) => !s.endsWith(".") && !s.includes(".."));
            await fc.assert(fc.asyncProperty(fc.uuid(), local, async (sub, name) => {
                const email = `${name}@example.org`;
                const before = events.accepted.length;
                const response = await place(request(validBody(), sub, { claims: idTokenClaims(sub, email) }));
                expect(response.statusCode, response.body).to.equal(202);
                const detail = parseDetail("OrderPlaced", JSON.parse(events.accepted[before].Detail!));
                expect(detail.customerId).to.equal(sub);
                expect(detail.customer).to.deep.equal({ email });
            }), { numRuns: 40 });
        });
    });
});

/** A POST /orders whose authorizer context is exactly `authorizer` (shapes API Gateway never sends, on purpose). */
function withAuthorizer(authorizer: unknown): HttpEvent {
    const event = request(validBody(), newCustomer());
    return { ...event, requestContext: { ...event.requestContext, authorizer: authorizer as never } };
}
