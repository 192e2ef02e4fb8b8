import { expect } from "chai";
import * as fc from "fast-check";
import { CONTRACTS, ContractViolationError } from "../../contracts";
import { CATALOG } from "../../functions/catalog";
import { priceOrder, PricingError } from "../../functions/priceOrder";

const ORDER = CONTRACTS.OrderPlaced.example;
const NOW = Date.parse("2026-11-26T10:00:00.000Z");

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
        const error = thrown(() => priceOrder({ ...ORDER, items: [{ sku: "NOPE-1", quantity: 1 }] }, CATALOG, NOW));
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

    it("GIVEN any detail WHEN priced THEN it either prices or throws one of the two named errors (property)", () => {
        fc.assert(fc.property(fc.anything(), (detail) => {
            try {
                priceOrder(detail, CATALOG, NOW);
            } catch (error) {
                expect(error).to.satisfy((e: unknown) => e instanceof ContractViolationError || e instanceof PricingError);
            }
        }), { numRuns: 300 });
    });
});
