/**
 * The DOM: a static skeleton in index.html, filled from AppState. Text goes in through textContent only (never
 * markup), and nothing sets inline styles, so a strict CSP (script-src 'self'; style-src 'self') holds.
 */
import { liveLabel, type AppState } from "./appState";
import { basketToOrder, basketTotal, CURRENCIES, formatMoney, PRODUCTS, type BasketResult } from "./catalogue";
import { failureReason, statusOf, type OrderView } from "./orders";

export interface ViewHandlers {
    readonly signIn: () => void;
    readonly signUp: () => void;
    readonly signOut: () => void;
    /** Resolves true when the order was accepted (the form then resets). */
    readonly placeOrder: (basket: BasketResult) => Promise<boolean>;
}

function byId<T extends HTMLElement>(id: string): T {
    const element = document.getElementById(id);
    if (element === null) throw new Error(`index.html has no element #${id}`);
    return element as T;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
    const element = document.createElement(tag);
    if (className !== undefined) element.className = className;
    if (text !== undefined) element.textContent = text;
    return element;
}

export class View {
    private readonly parts = {
        account: byId("account"), who: byId("who"), alerts: byId("alerts"), notice: byId("notice"),
        loading: byId("loading"), welcome: byId("welcome"), shop: byId("shop"), ordersSection: byId("orders-section"),
        currency: byId<HTMLSelectElement>("currency"), products: byId("products"), total: byId("basket-total"),
        placeOrder: byId<HTMLButtonElement>("place-order"), live: byId("live"), noOrders: byId("no-orders"), orders: byId("orders"),
        basket: byId<HTMLFormElement>("basket"),
    };
    private shownAlert: string | undefined;
    private shownOrders: readonly OrderView[] | undefined;

    constructor(private readonly handlers: ViewHandlers) {
        byId("sign-in").addEventListener("click", () => handlers.signIn());
        byId("sign-up").addEventListener("click", () => handlers.signUp());
        byId("sign-out").addEventListener("click", () => handlers.signOut());
        this.buildBasket();
    }

    private buildBasket(): void {
        const { currency, products, basket } = this.parts;
        for (const code of CURRENCIES) currency.append(new Option(code, code));
        for (const product of PRODUCTS) {
            const id = `qty-${product.sku}`;
            const row = el("li", "product");
            const label = el("label", "title", product.title);
            label.htmlFor = id;
            const price = el("span", "price");
            price.id = `price-${product.sku}`;
            const input = el("input", "quantity");
            // defaultValue (the value attribute), so the form's reset after an order puts 0 back, not an empty field.
            Object.assign(input, { type: "number", id, name: product.sku, min: "0", max: "100", step: "1", defaultValue: "0", inputMode: "numeric" });
            input.setAttribute("aria-describedby", price.id);
            row.append(label, price, input);
            products.append(row);
        }
        basket.addEventListener("input", () => this.updatePrices());
        basket.addEventListener("change", () => this.updatePrices());
        basket.addEventListener("submit", (event) => {
            event.preventDefault();
            void this.handlers.placeOrder(this.readBasket()).then((accepted) => {
                if (accepted) {
                    // A new basket for the next order, in the currency the customer chose.
                    const chosen = this.parts.currency.value;
                    basket.reset();
                    this.parts.currency.value = chosen;
                }
                this.updatePrices();
            });
        });
        this.updatePrices();
    }

    private readBasket(): BasketResult {
        const data = new FormData(this.parts.basket);
        const quantities: Record<string, string> = {};
        for (const product of PRODUCTS) quantities[product.sku] = String(data.get(product.sku) ?? "");
        return basketToOrder(quantities, this.parts.currency.value);
    }

    private updatePrices(): void {
        const currency = this.parts.currency.value;
        for (const product of PRODUCTS) {
            byId(`price-${product.sku}`).textContent = formatMoney(product.unitPriceCents[currency], currency);
        }
        const basket = this.readBasket();
        this.parts.total.textContent = basket.ok ? `Total: ${formatMoney(basketTotal(basket.body), currency)}` : "";
    }

    render(state: AppState): void {
        const p = this.parts;
        const signedIn = state.screen === "signedIn";
        p.loading.hidden = state.screen !== "loading";
        p.welcome.hidden = state.screen !== "signedOut";
        p.shop.hidden = !signedIn;
        p.ordersSection.hidden = !signedIn;
        p.account.hidden = !signedIn;
        p.who.textContent = signedIn ? `Signed in as ${state.user?.email ?? "customer"}` : "";
        p.placeOrder.disabled = state.placing;
        p.notice.textContent = state.notice ?? "";
        p.live.textContent = signedIn ? liveLabel(state.live) : "";
        this.renderAlert(state.alert);
        if (state.orders !== this.shownOrders) this.renderOrders(state.orders);
    }

    /** A new alert element per message: screen readers announce an inserted alert reliably, a changed one less so. */
    private renderAlert(alert: string | undefined): void {
        if (alert === this.shownAlert) return;
        this.shownAlert = alert;
        this.parts.alerts.replaceChildren();
        if (alert === undefined) return;
        const message = el("p", "alert", alert);
        message.setAttribute("role", "alert");
        this.parts.alerts.append(message);
    }

    private renderOrders(orders: readonly OrderView[]): void {
        this.shownOrders = orders;
        this.parts.noOrders.hidden = orders.length > 0;
        this.parts.orders.replaceChildren(...orders.map(orderItem));
    }
}

function orderItem(order: OrderView): HTMLLIElement {
    const status = statusOf(order);
    const item = el("li", "order");
    item.dataset.orderId = order.orderId;
    item.dataset.status = status.toLowerCase().replace(" ", "-");
    const details: string[] = [];
    if (order.totalCents !== undefined && order.currency !== undefined && status !== "Failed") details.push(formatMoney(order.totalCents, order.currency));
    if (order.itemCount !== undefined && status !== "Failed") details.push(`${order.itemCount} ${order.itemCount === 1 ? "item" : "items"}`);
    if (status === "Failed") details.push(failureReason(order.failure));
    item.append(el("span", "order-id", order.orderId), el("span", "order-status", status));
    if (details.length > 0) item.append(el("span", "order-detail", details.join(" · ")));
    return item;
}
