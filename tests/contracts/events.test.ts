import { expect } from "chai";
import {
    CONTRACTS, ContractViolationError, EVENT_NAMES, EventName, malformedPatternFor, parseDetail, parseWith, orderRequest, patternFor, registrySchema,
    requiredLeavesOf, UnguardedEventError, wellFormedDetailPattern,
} from "../../contracts";
import { orderFingerprint } from "../../contracts/fingerprint";

const REQUIRED_ENVELOPE = ["orderId", "customerId", "correlationId", "occurredAt"];

function rejects(name: EventName, detail: unknown, field: RegExp): void {
    expect(() => parseDetail(name, detail), JSON.stringify(detail)).to.throw(ContractViolationError).that.satisfies(
        (e: ContractViolationError) => field.test(e.field),
    );
}

describe("event contracts", () => {
    it("THEN the catalogue holds exactly the five events of SPEC section 2", () => {
        expect(EVENT_NAMES).to.deep.equal(["OrderPlaced", "CustomerRegistered", "OrderProcessed", "OrderFailed", "ReceiptStored"]);
    });

    for (const name of EVENT_NAMES) {
        describe(`GIVEN ${name}`, () => {
            const { example, detailType, source } = CONTRACTS[name];

            it("THEN its example validates", () => {
                expect(parseDetail(name, example)).to.deep.equal(example);
            });

            it("THEN it has a source in the orders.* namespace and its name as detail-type", () => {
                expect(source).to.match(/^orders\.[a-z]+$/);
                expect(detailType).to.equal(name);
            });

            for (const field of REQUIRED_ENVELOPE) {
                it(`WHEN ${field} is missing THEN it is rejected naming ${field}`, () => {
                    const { [field as keyof typeof example]: _dropped, ...rest } = example;
                    rejects(name, rest, new RegExp(`^${field}$`));
                });
            }

            for (const field of Object.keys(example)) {
                it(`WHEN ${field} has the wrong type THEN it is rejected naming ${field}`, () => {
                    const value = (example as Record<string, unknown>)[field];
                    rejects(name, { ...example, [field]: typeof value === "number" ? "12" : 12 }, new RegExp(`^${field}`));
                });
            }

            it("WHEN an unknown field is added THEN it is rejected naming that field", () => {
                rejects(name, { ...example, discount: 100 }, /^discount$/);
            });

            it("WHEN the payload is not an object THEN it is rejected", () => {
                for (const bad of [null, "x", 42, []]) rejects(name, bad, /.+/);
            });

            it("THEN its registry schema is a draft-04 envelope whose detail requires exactly the contract's fields", () => {
                const schema = registrySchema(name) as any;
                expect(schema.$schema).to.equal("http://json-schema.org/draft-04/schema#");
                expect(schema.properties.source.enum).to.deep.equal([source]);
                expect(schema.properties["detail-type"].enum).to.deep.equal([detailType]);
                expect(schema.properties.detail.additionalProperties).to.equal(false);
                expect([...schema.properties.detail.required].sort()).to.deep.equal(Object.keys(example).sort());
                expect(JSON.stringify(schema)).not.to.match(/"const"|draft-07/);
            });
        });
    }

    describe("GIVEN order ids, customer ids and timestamps", () => {
        const { example } = CONTRACTS.OrderProcessed;
        for (const [field, value] of [
            ["orderId", "ord_XYZ"], ["orderId", "0123456789abcdef0123456789abcdef"], ["customerId", "a/b"], ["customerId", "cust#1"],
            ["customerId", "x".repeat(65)], ["customerId", "cust-42"], ["customerId", "+"], ["customerId", "*"], ["customerId", "${iot:ClientId}"],
            ["customerId", "4B1F5C2E-8D3A-4F6B-9E7C-2A5D8F1B3C6E"], ["customerId", "4b1f5c2e-8d3a-4f6b-9e7c-2a5d8f1b3c6\u00e9"],
            ["customerId", "4b1f5c2e-8d3a-4f6b-9e7c-2a5d8f1b3c6e/#"], ["customerId", "4b1f5c2e8d3a4f6b9e7c2a5d8f1b3c6e"],
            ["occurredAt", "yesterday"], ["correlationId", "short"], ["totalCents", -1], ["totalCents", 1.5],
        ] as const) {
            it(`WHEN ${field} is ${JSON.stringify(value).slice(0, 20)} THEN it is rejected`, () => {
                rejects("OrderProcessed", { ...example, [field]: value }, new RegExp(`^${field}$`));
            });
        }
    });

    it("GIVEN a Cognito sub (a lower-case UUID) WHEN it is the customerId THEN it is accepted", () => {
        const { example } = CONTRACTS.OrderProcessed;
        expect(parseDetail("OrderProcessed", { ...example, customerId: "0f8fad5b-d9cb-469f-a165-70867728950e" }).customerId).to.equal("0f8fad5b-d9cb-469f-a165-70867728950e");
    });

    describe("GIVEN who the customer is", () => {
        it("THEN OrderPlaced carries the customer's verified email and nothing else about it", () => {
            const { example } = CONTRACTS.OrderPlaced;
            expect(example.customer).to.deep.equal({ email: "ada@example.com" });
            rejects("OrderPlaced", { ...example, customer: { email: "nope" } }, /^customer\.email$/);
            rejects("OrderPlaced", { ...example, customer: {} }, /^customer\.email$/);
            rejects("OrderPlaced", { ...example, customer: { ...example.customer, name: "Ada Lovelace" } }, /^customer\.name$/);
            rejects("OrderPlaced", { ...example, customer: undefined }, /^customer$/);
        });

        it("THEN CustomerRegistered carries the email and no name", () => {
            const { example } = CONTRACTS.CustomerRegistered;
            expect(example.email).to.equal("ada@example.com");
            rejects("CustomerRegistered", { ...example, name: "Ada Lovelace" }, /^name$/);
            rejects("CustomerRegistered", { ...example, email: "nope" }, /^email$/);
        });

        it("THEN no event contract has a customer name anywhere", () => {
            for (const name of EVENT_NAMES) {
                expect(JSON.stringify(registrySchema(name)), name).not.to.match(/"name"/);
            }
        });
    });

    describe("GIVEN the HTTP order request", () => {
        const body = { currency: "EUR", items: [{ sku: "BOOK-001", quantity: 1 }] };

        it("THEN a valid body parses", () => {
            expect(parseWith("OrderPlaced", orderRequest, body)).to.deep.equal(body);
        });

        for (const [mutation, bad, field] of [
            ["no items", { ...body, items: [] }, /^items$/],
            ["quantity 0", { ...body, items: [{ sku: "BOOK-001", quantity: 0 }] }, /^items\.0\.quantity$/],
            ["quantity 1e9", { ...body, items: [{ sku: "BOOK-001", quantity: 1e9 }] }, /^items\.0\.quantity$/],
            ["a lowercase sku", { ...body, items: [{ sku: "book", quantity: 1 }] }, /^items\.0\.sku$/],
            ["a customerId (the customer is the token's)", { ...body, customerId: "4b1f5c2e-8d3a-4f6b-9e7c-2a5d8f1b3c6e" }, /^customerId$/],
            ["a customer (the email is the token's)", { ...body, customer: { email: "mallory@example.com" } }, /^customer$/],
            ["an unknown currency", { ...body, currency: "BTC" }, /^currency$/],
            ["a client-chosen orderId", { ...body, orderId: CONTRACTS.OrderPlaced.example.orderId }, /^orderId$/],
            ["a __proto__ key", JSON.parse(JSON.stringify(body).replace("{", '{"__proto__":{"admin":true},')), /^__proto__$/],
        ] as const) {
            it(`WHEN it has ${mutation} THEN the error names ${field.source}`, () => {
                expect(() => parseWith("OrderPlaced", orderRequest, bad)).to.throw(ContractViolationError)
                    .that.satisfies((e: ContractViolationError) => field.test(e.field));
            });
        }
    });

    describe("GIVEN patternFor", () => {
        it("WHEN the events share a source THEN it is one pattern listing their detail-types", () => {
            expect(patternFor(["OrderProcessed", "OrderFailed"])).to.deep.equal({
                source: ["orders.workflow"], "detail-type": ["OrderFailed", "OrderProcessed"],
            });
        });

        it("WHEN the events come from several sources THEN it is an $or that never pairs a source with another's detail-type", () => {
            expect(patternFor(["OrderProcessed", "ReceiptStored", "OrderFailed"])).to.deep.equal({
                $or: [
                    { source: ["orders.workflow"], "detail-type": ["OrderFailed", "OrderProcessed"] },
                    { source: ["orders.receipts"], "detail-type": ["ReceiptStored"] },
                ],
            });
        });

        it("WHEN no event is named THEN it refuses", () => {
            expect(() => patternFor([])).to.throw(/at least one event name/);
        });

        it("WHEN a guarded event (OrderPlaced) is named THEN its alternative also requires every leaf its contract requires, so its producer and its rules cannot drift", () => {
            expect(requiredLeavesOf(CONTRACTS.OrderPlaced.detail)).to.deep.equal([
                "orderId", "customerId", "correlationId", "occurredAt", "customer.email", "currency", "items.sku", "items.quantity", "fingerprint",
            ]);
            const exists = [{ exists: true }];
            expect(patternFor(["OrderPlaced"])).to.deep.equal({
                source: ["orders.api"], "detail-type": ["OrderPlaced"],
                detail: {
                    orderId: exists, customerId: exists, correlationId: exists, occurredAt: exists, customer: { email: exists },
                    currency: exists, items: { sku: exists, quantity: exists }, fingerprint: exists,
                },
            });
            expect(patternFor(["OrderPlaced", "OrderFailed"])).to.deep.equal({
                $or: [{ source: ["orders.workflow"], "detail-type": ["OrderFailed"] }, { source: ["orders.api"], "detail-type": ["OrderPlaced"], detail: wellFormedDetailPattern("OrderPlaced") }],
            });
            expect(EVENT_NAMES.filter((name) => CONTRACTS[name].guarded)).to.deep.equal(["OrderPlaced"]);
        });

        it("WHEN the malformed pattern of OrderPlaced is asked for THEN it is the event with any one required leaf missing; an unguarded event has none", () => {
            const pattern = malformedPatternFor("OrderPlaced");
            expect(pattern).to.deep.include({ source: ["orders.api"], "detail-type": ["OrderPlaced"] });
            expect((pattern.$or as unknown[])).to.have.length(requiredLeavesOf(CONTRACTS.OrderPlaced.detail).length);
            expect((pattern.$or as unknown[])[4]).to.deep.equal({ detail: { customer: { email: [{ exists: false }] } } });
            expect(() => malformedPatternFor("OrderFailed")).to.throw(UnguardedEventError, /OrderFailed is not a guarded contract/);
        });
    });

    describe("GIVEN OrderPlaced's fingerprint", () => {
        it("THEN the example carries the fingerprint of its own lines", () => {
            expect(CONTRACTS.OrderPlaced.example.fingerprint).to.equal(orderFingerprint(CONTRACTS.OrderPlaced.example));
        });

        it("THEN a detail without it, or with one that is not 64 lower-case hex digits, is refused naming fingerprint", () => {
            const { fingerprint: _dropped, ...without } = CONTRACTS.OrderPlaced.example;
            rejects("OrderPlaced", without, /^fingerprint$/);
            for (const bad of ["", "ABC", "e".repeat(63), "E".repeat(64), `${"e".repeat(63)}g`]) {
                rejects("OrderPlaced", { ...CONTRACTS.OrderPlaced.example, fingerprint: bad }, /^fingerprint$/);
            }
        });
    });

    describe("GIVEN OrderFailed's error", () => {
        it("THEN it is an error name: letters, digits and . _ : -, never text that could break a quoted template", () => {
            for (const good of ["PricingError", "DynamoDB.ConditionalCheckFailedException", "States.Timeout", "Sandbox.Timedout", "Runtime.ImportModuleError"]) {
                expect(parseDetail("OrderFailed", { ...CONTRACTS.OrderFailed.example, error: good }).error).to.equal(good);
            }
            for (const bad of ["", "has space", 'quote"d', "back\\slash", "new\nline", "<b>", "9Lives", "x".repeat(257)]) {
                rejects("OrderFailed", { ...CONTRACTS.OrderFailed.example, error: bad }, /^error$/);
            }
        });
    });
});
