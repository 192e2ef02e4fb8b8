/**
 * The storefront in a real browser (Debian's Chromium, driven by playwright-core) against `npm start`'s runtime on a
 * free port: two customers in two browser contexts sign in at the local issuer, place an order each, watch it go
 * Processed and Receipt ready live over MQTT, never see each other's orders or updates, and sign out, which ends
 * their live connection at the broker. Every page must run without a console error or an uncaught exception, so
 * the storefront is proven to work under its Content-Security-Policy. With STOREFRONT_SCREENSHOT=<file>, the first
 * customer's shop with its processed order is saved there (the README's docs/storefront.png is made this way).
 */
import { expect } from "chai";
import * as path from "path";
import type { Browser } from "playwright-core";
import { CATALOG, type Currency } from "../../functions/catalog";
import type { IotBroker } from "../../local/iotBroker";
import { CollectingLog, formatEntry } from "../../local/log";
import { LocalRuntime, startLocalRuntime } from "../../local/runtime";
import { acceptedClients, deliveredTo, eventually, subOfSocketUrl } from "./support/brokerSide";
import { launchChromium } from "./support/chromium";
import { Shopper, type Basket } from "./support/shopper";
import { statusesOf } from "./support/shownOrders";

/** Only when asked: a test run leaves the tracked picture alone. */
const SCREENSHOT = process.env.STOREFRONT_SCREENSHOT ? path.resolve(process.env.STOREFRONT_SCREENSHOT) : undefined;

interface Purchase extends Basket {
    /** The total in the customer's locale (en-US), as the basket and the order show it. */
    readonly total: string;
    /** What the page shows under a processed order: the total and the item count. */
    readonly detail: string;
}

/** A basket of one product, with the line the page must show once it is priced (from the catalogue the pricing step uses). */
function purchase(sku: string, currency: Currency, quantity: number): Purchase {
    const entry = CATALOG[sku];
    const total = new Intl.NumberFormat("en-US", { style: "currency", currency }).format((entry.unitPriceCents[currency] * quantity) / 100);
    return { currency, product: entry.title, quantity, total, detail: `${total} · ${quantity} ${quantity === 1 ? "item" : "items"}` };
}

// Different products and currencies, so one customer's total can never pass for the other's.
const PURCHASES: Readonly<Record<string, Purchase>> = {
    "ada@example.com": purchase("BOOK-001", "EUR", 2),
    "grace@example.com": purchase("PEN-010", "GBP", 3),
};

describe("the storefront in Chromium, against the local runtime", function () {
    // Generous: the runtime evaluates the program and bundles every function before it listens.
    this.timeout(180_000);
    let browser: Browser | undefined;
    let runtime: LocalRuntime | undefined;
    let broker: IotBroker;
    const log = new CollectingLog();
    const shoppers: Shopper[] = [];
    const orderIds = new Map<Shopper, string>();
    let topicPrefix = "";

    const purchaseOf = (shopper: Shopper) => PURCHASES[shopper.customer.email];
    const subOf = (shopper: Shopper) => {
        if (shopper.sockets.length === 0) throw new Error(`${shopper.customer.email}'s page never opened its live connection`);
        return subOfSocketUrl(shopper.sockets[0].socket.url());
    };
    const both = (step: (shopper: Shopper) => Promise<void>) => Promise.all(shoppers.map(step));

    before(async () => {
        browser = await launchChromium();
        runtime = await startLocalRuntime({ port: 0, log });
        if (!runtime.broker || !runtime.issuer) throw new Error("the runtime started without an MQTT broker or an OIDC issuer: the program must create an IoT authorizer and a user pool for the storefront to sign in and go live");
        broker = runtime.broker;
        topicPrefix = (await (await fetch(`${runtime.url}/config.json`)).json() as { realtime: { topicPrefix: string } }).realtime.topicPrefix;
        for (const email of Object.keys(PURCHASES)) {
            const customer = runtime.demoCustomers.find((c) => c.email === email);
            if (!customer) throw new Error(`the runtime seeds no demo customer ${email} (it has ${runtime.demoCustomers.map((c) => c.email).join(", ")})`);
            shoppers.push(await Shopper.start(browser, runtime.url, customer));
        }
    });

    afterEach(function () {
        if (this.currentTest?.state !== "failed") return;
        // What the pages and the runtime saw, to tell a storefront bug from a runtime one.
        for (const shopper of shoppers) {
            const visited = shopper.navigations.map((url) => url.split("?")[0]).join(" → ");
            console.log(`  ${shopper.customer.email}: pages visited ${visited}; problems: ${shopper.problems.describe()}`);
        }
        console.log(log.entries.filter((e) => ["auth", "mqtt", "request", "error", "invoke"].includes(e.kind)).slice(-40).map(formatEntry).join("\n"));
    });

    after(async () => {
        await Promise.all(shoppers.map((s) => s.close().catch(() => undefined)));
        await browser?.close();
        await runtime?.stop();
    });

    it("GIVEN two customers in two browser contexts WHEN each signs in at the issuer THEN each is back in the shop, signed in, with live updates on", async () => {
        await both(async (shopper) => {
            const response = await shopper.open();
            expect(response.status()).to.equal(200);
            expect(response.headers()["content-security-policy"], "the origin sends the site's CSP header").to.match(/default-src 'self'/);
            expect(await response.text(), "the page carries its own CSP, naming what it connects to").to.match(/<meta http-equiv="Content-Security-Policy" content="[^"]*connect-src 'self'/);
            await shopper.signIn();
            await shopper.liveStatus("Live updates are on.").waitFor();
            expect(shopper.page.url(), "the code and state are gone from the address bar").to.equal(`${runtime!.url}/`);
            expect(await shopper.page.getByText("No orders yet.", { exact: true }).isVisible()).to.equal(true);
        });
    });

    it("WHEN each places an order THEN each sees it Processed with its total and then Receipt ready, without a reload", async () => {
        await both(async (shopper) => {
            const purchase = purchaseOf(shopper);
            await shopper.fillBasket(purchase);
            await shopper.page.getByText(`Total: ${purchase.total}`, { exact: true }).waitFor();
            const navigated = shopper.navigations.length;

            const { status, orderId } = await shopper.placeOrder();
            expect(status, `${shopper.customer.email}'s POST /orders`).to.equal(202);
            orderIds.set(shopper, orderId);
            await shopper.page.getByRole("status").filter({ hasText: `Order ${orderId} placed.` }).waitFor();
            await shopper.waitForStatus(orderId, "Receipt ready");

            const item = shopper.order(orderId);
            expect(await item.getByText(purchase.detail, { exact: true }).isVisible(), `the order shows ${purchase.detail}`).to.equal(true);
            // Processed lasts until ReceiptStored arrives (often well under a second), so it is read from what the page rendered.
            const statuses = statusesOf(shopper.shown, orderId);
            expect(statuses.filter((s) => s !== "Placed"), `the statuses ${orderId} went through`).to.deep.equal(["Processed", "Receipt ready"]);
            expect(statuses.indexOf("Placed"), "Placed, if shown, came first").to.be.at.most(0);
            const processed = shopper.shown.find((o) => o.orderId === orderId && o.status === "Processed");
            expect(processed?.detail, "Processed showed the total").to.equal(purchase.detail);
            expect(shopper.navigations.slice(navigated), "no navigation or reload after Place order").to.deep.equal([]);
            expect(await shopper.page.getByRole("spinbutton", { name: purchase.product, exact: true }).inputValue(), "a fresh basket for the next order").to.equal("0");
            await shopper.liveStatus("Live updates are on.").waitFor();
        });
        // The README's picture: the first customer's whole shop (the order list is below the fold), its order processed.
        if (SCREENSHOT) await shoppers[0].page.screenshot({ path: SCREENSHOT, fullPage: true });
    });

    it("THEN neither context lists, rendered or received the other customer's order or updates", async () => {
        const [ada, grace] = shoppers;
        for (const [shopper, other] of [[ada, grace], [grace, ada]]) {
            const own = orderIds.get(shopper)!;
            const theirs = orderIds.get(other)!;
            const who = shopper.customer.email;
            expect(await shopper.listedOrderIds(), `${who}'s order list`).to.deep.equal([own]);
            expect(await shopper.order(theirs).count(), `${who} sees no row for the other customer's order`).to.equal(0);
            expect(shopper.shown.filter((o) => o.orderId !== own), `orders ${who}'s page ever rendered`).to.deep.equal([]);
            const received = Buffer.concat(shopper.sockets.flatMap((s) => s.received));
            expect(received.includes(own), `${who}'s live connection carried their own order's updates`).to.equal(true);
            expect(received.includes(theirs), `${who}'s live connection never carried the other customer's order id`).to.equal(false);
            expect(received.includes(subOf(other)), `${who}'s live connection never carried the other customer's account id`).to.equal(false);
        }
    });

    it("WHEN a customer signs out THEN the page is signed out and the broker no longer delivers to its client, while the other customer's stays live", async () => {
        const [ada, grace] = shoppers;
        const topic = (shopper: Shopper) => `${topicPrefix}/${subOf(shopper)}`;
        const clients = new Map(shoppers.map((s) => [s, acceptedClients(log, subOf(s))]));
        for (const shopper of shoppers) expect(clients.get(shopper), `the broker accepted ${shopper.customer.email}'s connection`).to.have.length.at.least(1);
        expect(await deliveredTo(broker, log, topic(ada)), "before sign-out the broker delivers to the page").to.include.members(clients.get(ada)!);

        for (const [leaving, staying] of [[ada, grace], [grace, undefined]] as const) {
            const sockets = leaving.sockets.length;
            await leaving.signOut();
            const page = leaving.page;
            expect(await page.getByRole("button", { name: "Sign out" }).isVisible(), "no Sign out control once signed out").to.equal(false);
            expect(await page.getByRole("heading", { name: "Your orders" }).isVisible(), "no order list once signed out").to.equal(false);
            expect(await page.getByText(/^Signed in as/).isVisible()).to.equal(false);
            expect(leaving.sockets.length, "the signed-out page opens no live connection").to.equal(sockets);
            await eventually(`${leaving.customer.email}'s MQTT client leaving the broker (it is still delivered to)`,
                async () => (await deliveredTo(broker, log, topic(leaving))).length === 0);
            if (staying) {
                expect(await deliveredTo(broker, log, topic(staying)), "the other customer's connection is untouched").to.include.members(clients.get(staying)!);
                expect(await staying.liveStatus("Live updates are on.").isVisible()).to.equal(true);
            }
        }
    });

    it("THEN no page logged a console error or threw: the storefront and the issuer's pages ran clean under their CSP", () => {
        for (const shopper of shoppers) expect(shopper.problems.found, `${shopper.customer.email}'s pages:\n${shopper.problems.describe()}`).to.deep.equal([]);
    });
});
