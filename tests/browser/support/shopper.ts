/**
 * One customer in their own browser context (a fresh profile: no cookies, no storage shared with anyone), using the
 * storefront only as a person would: through controls found by role and accessible name. It also keeps what the
 * test needs to see behind the page: the main frame's navigations, the live connection's sockets and frames, the
 * orders the page rendered, and any console error or uncaught exception.
 */
import type { Browser, BrowserContext, Locator, Page, Response, WebSocket } from "playwright-core";
import { PageProblems } from "./pageProblems";
import { recordShownOrders, type ShownOrder } from "./shownOrders";

/** Generous: two customers share two cores with the whole runtime, and a cold function takes seconds. */
export const STEP_TIMEOUT_MS = 30_000;

export interface Customer {
    readonly email: string;
    readonly password: string;
}

export interface LiveSocket {
    readonly socket: WebSocket;
    /** Every frame the page received on it, as bytes (MQTT is binary). */
    readonly received: Buffer[];
}

export interface Basket {
    readonly currency: string;
    /** The product's title, which labels its quantity field. */
    readonly product: string;
    readonly quantity: number;
}

export class Shopper {
    readonly problems = new PageProblems();
    /** Every URL the main frame navigated to (including same-document ones), in order. */
    readonly navigations: string[] = [];
    readonly sockets: LiveSocket[] = [];

    private constructor(
        readonly customer: Customer,
        private readonly origin: string,
        readonly context: BrowserContext,
        readonly page: Page,
        readonly shown: ShownOrder[],
    ) {
        this.problems.watch(page);
        page.on("framenavigated", (frame) => {
            if (frame === page.mainFrame()) this.navigations.push(frame.url());
        });
        page.on("websocket", (socket) => {
            const live: LiveSocket = { socket, received: [] };
            socket.on("framereceived", ({ payload }) => live.received.push(Buffer.from(payload)));
            this.sockets.push(live);
        });
    }

    static async start(browser: Browser, origin: string, customer: Customer): Promise<Shopper> {
        const context = await browser.newContext({ viewport: { width: 1000, height: 700 }, locale: "en-US", timezoneId: "UTC" });
        context.setDefaultTimeout(STEP_TIMEOUT_MS);
        const shown = await recordShownOrders(context);
        return new Shopper(customer, origin, context, await context.newPage(), shown);
    }

    /** Opens the storefront; resolves with the document's response. */
    async open(): Promise<Response> {
        const response = await this.page.goto(`${this.origin}/`);
        if (response === null) throw new Error(`opening ${this.origin}/ gave no response`);
        return response;
    }

    /** "Sign in" on the storefront, the issuer's form, and back: resolves once the shop shows the customer signed in. */
    async signIn(): Promise<void> {
        const { page, customer } = this;
        await page.getByRole("button", { name: "Sign in", exact: true }).click();
        await page.getByLabel("Email", { exact: true }).fill(customer.email);
        await page.getByLabel("Password", { exact: true }).fill(customer.password);
        await page.getByRole("button", { name: "Sign in", exact: true }).click();
        await page.getByText(`Signed in as ${customer.email}`, { exact: true }).waitFor();
        await page.getByRole("heading", { name: "Products" }).waitFor();
    }

    /** The live connection's state line next to the orders. */
    liveStatus(text: string): Locator {
        return this.page.getByRole("status").filter({ hasText: text });
    }

    /** Chooses the currency and the product's quantity (the basket's total line follows). */
    async fillBasket(basket: Basket): Promise<void> {
        await this.page.getByLabel("Currency", { exact: true }).selectOption(basket.currency);
        await this.page.getByRole("spinbutton", { name: basket.product, exact: true }).fill(String(basket.quantity));
    }

    /** Presses "Place order"; resolves with the API's answer to the POST and the order id in it. */
    async placeOrder(): Promise<{ status: number; orderId: string }> {
        const answer = this.page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname === "/orders");
        await this.page.getByRole("button", { name: "Place order", exact: true }).click();
        const response = await answer;
        const body = await response.json() as { orderId?: unknown };
        return { status: response.status(), orderId: String(body.orderId) };
    }

    /** The "Your orders" list. */
    orders(): Locator {
        return this.page.getByRole("list", { name: "Your orders" });
    }

    /** The list item that shows this order (its id is part of its text). */
    order(orderId: string): Locator {
        return this.orders().getByRole("listitem").filter({ hasText: orderId });
    }

    /** Waits until the order shows this status word. */
    async waitForStatus(orderId: string, status: string): Promise<void> {
        await this.order(orderId).getByText(status, { exact: true }).waitFor();
    }

    /** The order ids the list shows, top to bottom. */
    async listedOrderIds(): Promise<string[]> {
        return (await this.orders().getByRole("listitem").allInnerTexts()).map((text) => text.split(/\s/)[0]);
    }

    /**
     * "Sign out", through the issuer's logout and back: resolves when the storefront, loaded again after the issuer
     * redirected back, shows the signed-out welcome (the page shows it once before it leaves, too).
     */
    async signOut(): Promise<void> {
        const { page } = this;
        const atIssuer = page.waitForURL((url) => url.pathname.startsWith("/oidc/"));
        await page.getByRole("button", { name: "Sign out", exact: true }).click();
        await atIssuer;
        await page.waitForURL((url) => url.origin === this.origin && !url.pathname.startsWith("/oidc/"), { waitUntil: "load" });
        await page.getByRole("heading", { name: "Welcome" }).waitFor();
        await page.getByRole("button", { name: "Sign in", exact: true }).waitFor();
    }

    close(): Promise<void> {
        return this.context.close();
    }
}
