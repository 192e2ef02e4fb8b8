/**
 * The products the storefront offers: exactly the catalogue the pricing function prices (one source of truth, so
 * the page can never offer or quote something the workflow prices differently).
 */
import { CATALOG } from "../../functions/catalog";

export interface Product {
    readonly sku: string;
    readonly title: string;
    readonly unitPriceCents: Readonly<Record<string, number>>;
}

/**
 * The API's per-line limit. The contract module that defines it also builds the validation schemas, which would
 * pull the schema library into the bundle; a unit test checks the two values agree instead.
 */
export const MAX_QUANTITY = 100;

export const PRODUCTS: readonly Product[] = Object.entries(CATALOG).map(([sku, entry]) => ({
    sku,
    title: entry.title,
    unitPriceCents: entry.unitPriceCents,
}));

/** The currencies every product has a price in (only those can be priced for any basket). */
export function currenciesOf(products: readonly Product[]): readonly string[] {
    if (products.length === 0) return [];
    return Object.keys(products[0].unitPriceCents).filter((c) => products.every((p) => Number.isInteger(p.unitPriceCents[c])));
}

export const CURRENCIES: readonly string[] = currenciesOf(PRODUCTS);

/** An amount in the currency's smallest unit (cents, pence), formatted for the reader's locale. */
export function formatMoney(minorUnits: number, currency: string, locale?: string): string {
    const format = new Intl.NumberFormat(locale, { style: "currency", currency });
    const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
    return format.format(minorUnits / 10 ** digits);
}

export interface OrderLine {
    readonly sku: string;
    readonly quantity: number;
}

/** The body of `POST /orders`: the customer is the token's subject, never a body field. */
export interface OrderBody {
    readonly currency: string;
    readonly items: readonly OrderLine[];
}

export type BasketResult = { readonly ok: true; readonly body: OrderBody } | { readonly ok: false; readonly problem: string };

/**
 * Builds the order from the form's raw quantities (strings as typed; empty means none). Refuses what the API would
 * refuse, in words for the customer, so a mistyped quantity never costs a request.
 */
export function basketToOrder(quantities: Readonly<Record<string, string | number>>, currency: string, products: readonly Product[] = PRODUCTS): BasketResult {
    const offered = currenciesOf(products);
    if (!offered.includes(currency)) {
        return { ok: false, problem: `Please choose one of the currencies offered (${offered.join(", ")}).` };
    }
    const items: OrderLine[] = [];
    for (const product of products) {
        const raw = quantities[product.sku];
        const text = typeof raw === "number" ? String(raw) : (raw ?? "").trim();
        if (text === "" || text === "0") continue;
        const quantity = Number(text);
        if (!/^\d+$/.test(text) || quantity > MAX_QUANTITY) {
            return { ok: false, problem: `Please enter a whole number from 0 to ${MAX_QUANTITY} for ${product.title}.` };
        }
        items.push({ sku: product.sku, quantity });
    }
    if (items.length === 0) return { ok: false, problem: "Please choose at least one product." };
    return { ok: true, body: { currency, items } };
}

/** What the basket costs in its currency, as the pricing function will compute it. */
export function basketTotal(body: OrderBody, products: readonly Product[] = PRODUCTS): number {
    return body.items.reduce((sum, line) => sum + (products.find((p) => p.sku === line.sku)?.unitPriceCents[body.currency] ?? 0) * line.quantity, 0);
}
