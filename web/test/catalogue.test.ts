import { describe, expect, it } from "vitest";
import { CATALOG, type Currency } from "../../functions/catalog";
import { CONTRACTS, CURRENCIES as CONTRACT_CURRENCIES, MAX_QUANTITY as CONTRACT_MAX_QUANTITY } from "../../contracts/events";
import { orderFingerprint } from "../../contracts/fingerprint";
import { priceOrder } from "../../functions/priceOrder";
import { basketToOrder, basketTotal, CURRENCIES, formatMoney, MAX_QUANTITY, PRODUCTS } from "../src/catalogue";

describe("the storefront's catalogue", () => {
    it("GIVEN the pricing function's catalogue THEN the storefront offers exactly its products, titles and prices", () => {
        expect(PRODUCTS.map((p) => p.sku)).toEqual(Object.keys(CATALOG));
        for (const product of PRODUCTS) {
            expect(product.title).toBe(CATALOG[product.sku].title);
            expect(product.unitPriceCents).toEqual(CATALOG[product.sku].unitPriceCents);
        }
    });

    it("GIVEN the event contract THEN the currencies and the quantity limit agree with it", () => {
        expect([...CURRENCIES].sort()).toEqual([...CONTRACT_CURRENCIES].sort());
        expect(MAX_QUANTITY).toBe(CONTRACT_MAX_QUANTITY);
    });

    it("GIVEN a basket WHEN totalled THEN the total is what the pricing function charges", () => {
        for (const currency of CURRENCIES) {
            const basket = basketToOrder({ "BOOK-001": "2", "PEN-010": "1", "INK-020": "3" }, currency);
            if (!basket.ok) throw new Error(basket.problem);
            // The pricing step prices only the lines the order's fingerprint names.
            const detail = { ...CONTRACTS.OrderPlaced.example, currency, items: basket.body.items, fingerprint: orderFingerprint({ currency: currency as Currency, items: [...basket.body.items] }) };
            expect(basketTotal(basket.body)).toBe(priceOrder(detail).totalCents);
        }
    });
});

describe("basketToOrder", () => {
    it("GIVEN quantities as typed WHEN built THEN only chosen products become lines, in catalogue order", () => {
        expect(basketToOrder({ "PEN-010": "1", "BOOK-001": " 2 ", "BOOK-002": "", "INK-020": "0" }, "EUR")).toEqual({
            ok: true,
            body: { currency: "EUR", items: [{ sku: "BOOK-001", quantity: 2 }, { sku: "PEN-010", quantity: 1 }] },
        });
    });

    it("GIVEN nothing chosen WHEN built THEN the customer is asked to choose a product", () => {
        expect(basketToOrder({ "BOOK-001": "0" }, "EUR")).toEqual({ ok: false, problem: "Please choose at least one product." });
    });

    it("GIVEN a quantity that is not a whole number from 0 to the limit WHEN built THEN the product is named", () => {
        for (const quantity of ["-1", "1.5", "abc", "101", "1e2"]) {
            expect(basketToOrder({ "PEN-010": quantity }, "EUR")).toEqual({ ok: false, problem: "Please enter a whole number from 0 to 100 for Fountain pen." });
        }
    });

    it("GIVEN a currency not offered WHEN built THEN the offered ones are listed", () => {
        expect(basketToOrder({ "PEN-010": "1" }, "JPY")).toEqual({ ok: false, problem: "Please choose one of the currencies offered (EUR, USD, GBP)." });
    });
});

describe("formatMoney", () => {
    it("GIVEN minor units WHEN formatted THEN the amount is in the currency's major unit", () => {
        expect(formatMoney(2598, "EUR", "en-GB")).toBe("€25.98");
        expect(formatMoney(1399, "USD", "en-US")).toBe("$13.99");
        expect(formatMoney(769, "GBP", "en-GB")).toBe("£7.69");
    });
});
