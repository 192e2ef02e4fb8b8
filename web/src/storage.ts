/**
 * What the page remembers across reloads, per signed-in customer and per tab (sessionStorage): the orders it has
 * shown, so it knows which to re-read on load, and a receipt it saw (the API's order record does not say).
 */
import { MAX_ORDERS, reviveOrder, type OrderView } from "./orders";

/** The part of the Web Storage API used here; tests pass a Map-backed one. */
export interface KeyValueStore {
    getItem(key: string): string | null;
    setItem(key: string, value: string): void;
    removeItem(key: string): void;
}

export const ordersKey = (sub: string): string => `storefront.orders.${sub}`;

/** The orders remembered for `sub`; anything unreadable is skipped, never fatal. */
export function loadOrders(store: KeyValueStore, sub: string): readonly OrderView[] {
    let parsed: unknown;
    try {
        parsed = JSON.parse(store.getItem(ordersKey(sub)) ?? "[]");
    } catch {
        return [];
    }
    if (!Array.isArray(parsed)) return [];
    return parsed.map(reviveOrder).filter((o): o is OrderView => o !== undefined).slice(0, MAX_ORDERS);
}

/** Remembers the orders; a full or disabled storage only costs the memory, never the page. */
export function saveOrders(store: KeyValueStore, sub: string, orders: readonly OrderView[]): void {
    try {
        store.setItem(ordersKey(sub), JSON.stringify(orders.slice(0, MAX_ORDERS)));
    } catch {
        // Private browsing or a full quota: the list still works for this page's lifetime.
    }
}

/** A store that forgets on reload: used when the browser refuses sessionStorage. */
export function memoryStore(): KeyValueStore {
    const map = new Map<string, string>();
    return {
        getItem: (key) => map.get(key) ?? null,
        setItem: (key, value) => void map.set(key, value),
        removeItem: (key) => void map.delete(key),
    };
}
