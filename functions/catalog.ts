import type { CURRENCIES } from "../contracts/events";

export type Currency = (typeof CURRENCIES)[number];

export interface CatalogueEntry {
    readonly title: string;
    /** Unit price in the smallest unit of each currency (cents, pence). */
    readonly unitPriceCents: Readonly<Record<Currency, number>>;
}

/**
 * The product catalogue the pricing step reads. Deliberately a module, not a table: it ships with the function
 * (a price change is a deployment, reviewed like code) and costs no read per order.
 */
export const CATALOG: Readonly<Record<string, CatalogueEntry>> = {
    "BOOK-001": { title: "Notes on the Analytical Engine", unitPriceCents: { EUR: 1299, USD: 1399, GBP: 1099 } },
    "BOOK-002": { title: "Sketch of the Analytical Engine", unitPriceCents: { EUR: 2450, USD: 2650, GBP: 2090 } },
    "PEN-010": { title: "Fountain pen", unitPriceCents: { EUR: 899, USD: 949, GBP: 769 } },
    "INK-020": { title: "Ink cartridges (10)", unitPriceCents: { EUR: 350, USD: 375, GBP: 299 } },
};
