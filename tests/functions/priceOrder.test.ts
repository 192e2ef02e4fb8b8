import { expect } from "chai";
import * as fc from "fast-check";
import { CONTRACTS, ContractViolationError } from "../../contracts";
import { orderFingerprint } from "../../contracts/fingerprint";
import { CATALOG } from "../../functions/catalog";
import { FingerprintMismatchError, priceOrder, PricingError } from "../../functions/priceOrder";

const ORDER = CONTRACTS.OrderPlaced.example;
const NOW = Date.parse("2026-11-26T10:00:00.000Z");

/** The example with other lines, and the fingerprint those lines have (as the API would have sent them). */
const withLines = (items: { sku: string; quantity: number }[]) => ({ ...ORDER, items, fingerprint: orderFingerprint({ currency: ORDER.currency, items }) });

function thrown(fn: () => unknown): Error {
    try { fn(); } catch (error) { return error as Error; }
    throw new Error("expected a throw");
}

describe("priceOrder (the workflow's pricing step)", () => {
    it("GIVEN the OrderPlaced example WHEN priced THEN the total comes from the catalogue in the order's currency", () => {
        expect(priceOrder(ORDER, CATALOG, NOW)).to.deep.equal({
            totalCents: 2 * CATALOG["BOOK-001"].unitPriceCents.EUR, itemCount: 2, expiresAt: NOW / 1000 + 365 * 86_400,
        });
    });

    it("GIVEN an unknown SKU WHEN priced THEN PricingError names the SKU and the order (the workflow does not retry it)", () => {
        const error = thrown(() => priceOrder(withLines([{ sku: "NOPE-1", quantity: 1 }]), CATALOG, NOW));
        expect(error).to.be.instanceOf(PricingError);
        expect(error.name).to.equal("PricingError");
        expect(error.message).to.equal(`unknown sku NOPE-1 in order ${ORDER.orderId}`);
    });

    for (const [why, detail, field] of [
        ["no customer", { ...ORDER, customer: undefined }, "customer"],
        ["a customer without email", { ...ORDER, customer: {} }, "customer.email"],
        ["a customer name (there is none any more)", { ...ORDER, customer: { email: "ada@example.com", name: "Ada" } }, "customer.name"],
        ["a customerId that is not a sub", { ...ORDER, customerId: "cust-42" }, "customerId"],
    ] as const) {
        it(`GIVEN a detail with ${why} WHEN priced THEN ContractViolationError names ${field}`, () => {
            const error = thrown(() => priceOrder(detail, CATALOG, NOW));
            expect(error).to.be.instanceOf(ContractViolationError);
            expect((error as ContractViolationError).field).to.equal(field);
        });
    }

    it("GIVEN lines that are not the ones the fingerprint names WHEN priced THEN FingerprintMismatchError names the order, whether the lines, their order or the currency differ", () => {
        for (const detail of [
            { ...ORDER, items: [{ sku: "BOOK-001", quantity: 3 }] },
            { ...ORDER, currency: "USD" as const },
            { ...withLines([{ sku: "BOOK-001", quantity: 1 }, { sku: "PEN-010", quantity: 1 }]), items: [{ sku: "PEN-010", quantity: 1 }, { sku: "BOOK-001", quantity: 1 }] },
        ]) {
            const error = thrown(() => priceOrder(detail, CATALOG, NOW));
            expect(error, JSON.stringify(detail.items)).to.be.instanceOf(FingerprintMismatchError);
            expect(error.name).to.equal("FingerprintMismatchError");
            expect(error.message).to.equal(`the lines of order ${ORDER.orderId} do not match its fingerprint; it is not the order that was placed under this id`);
        }
    });

    it("GIVEN the fingerprint WHEN computed THEN it is the hash placeOrder has always computed for a validated body, whatever the key order of the JSON it came from", () => {
        expect(orderFingerprint(ORDER)).to.equal(ORDER.fingerprint);
        const reordered = { items: [{ quantity: 2, sku: "BOOK-001" }], currency: "EUR" as const };
        expect(orderFingerprint(reordered)).to.equal(ORDER.fingerprint);
    });

    it("GIVEN any detail WHEN priced THEN it either prices or throws one of the three named errors (property)", () => {
        fc.assert(fc.property(fc.anything(), (detail) => {
            try {
                priceOrder(detail, CATALOG, NOW);
            } catch (error) {
                expect(error).to.satisfy((e: unknown) => e instanceof ContractViolationError || e instanceof PricingError || e instanceof FingerprintMismatchError);
            }
        }), { numRuns: 300 });
    });
});
