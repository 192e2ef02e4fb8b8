/**
 * Every state of every order the page has rendered, in order. A status can be on screen for less than a locator's
 * polling interval (Processed lasts only until ReceiptStored arrives, often a few hundred milliseconds), so the page
 * reports each order element as it is inserted, through a MutationObserver that Playwright installs before the
 * page's own scripts run. It goes in through the DevTools protocol, which the page's CSP does not govern, and it
 * only reads the DOM.
 */
import type { BrowserContext } from "playwright-core";

export interface ShownOrder {
    readonly orderId: string;
    /** The status word as displayed: Placed, Processed, Receipt ready or Failed. */
    readonly status: string;
    /** The line under it: the total and item count, or the failure reason. */
    readonly detail: string;
}

const BINDING = "__storefrontOrderShown";

// Runs in the page, before index.html's scripts; the view replaces each changed order's <li class="order">.
const OBSERVER = `(() => {
    const report = (item) => {
        const text = (selector) => (item.querySelector(selector)?.textContent ?? "").trim();
        window.${BINDING}?.({ orderId: item.dataset.orderId ?? "", status: text(".order-status"), detail: text(".order-detail") });
    };
    new MutationObserver((records) => {
        for (const record of records) {
            for (const node of record.addedNodes) {
                if (node.nodeType === 1 && node.matches("li.order")) report(node);
            }
        }
    }).observe(document, { childList: true, subtree: true });
})();`;

/** Records what `context`'s pages show; call before the first page opens. */
export async function recordShownOrders(context: BrowserContext): Promise<ShownOrder[]> {
    const shown: ShownOrder[] = [];
    await context.exposeBinding(BINDING, (_source, order: ShownOrder) => {
        shown.push(order);
    });
    await context.addInitScript({ content: OBSERVER });
    return shown;
}

/** The distinct statuses one order went through, in the order they were shown. */
export function statusesOf(shown: readonly ShownOrder[], orderId: string): string[] {
    const statuses: string[] = [];
    for (const order of shown) {
        if (order.orderId === orderId && statuses.at(-1) !== order.status) statuses.push(order.status);
    }
    return statuses;
}
