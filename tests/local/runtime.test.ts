/**
 * `npm start`'s runtime, started by the test on a free port, driven over real HTTP and MQTT over WebSockets as a
 * browser would: sign in at the local issuer with the code flow, place orders, watch the customer's topic.
 */
import { expect } from "chai";
import { randomUUID } from "crypto";
import * as mqtt from "mqtt";
import { CollectingLog } from "../../local/log";
import { LocalRuntime, startLocalRuntime } from "../../local/runtime";
import { signIn } from "./support/identityFlow";

interface Session {
    readonly idToken: string;
    readonly sub: string;
}

const claimsOf = (jwt: string): Record<string, unknown> => JSON.parse(Buffer.from(jwt.split(".")[1], "base64url").toString("utf8"));

/** A customer's MQTT connection, with every message it received and the SUBACK codes it got. */
class Listener {
    readonly messages: { topic: string; body: Record<string, unknown> }[] = [];
    private constructor(readonly client: mqtt.MqttClient) {
        client.on("message", (topic, payload) => this.messages.push({ topic, body: JSON.parse(payload.toString("utf8")) }));
    }

    static async connect(runtime: LocalRuntime, session: Session): Promise<Listener> {
        const config = await (await fetch(`${runtime.url}/config.json`)).json() as { realtime: { url: string; authorizerName: string } };
        const url = `${config.realtime.url}?x-amz-customauthorizer-name=${encodeURIComponent(config.realtime.authorizerName)}&token=${encodeURIComponent(session.idToken)}`;
        const client = await mqtt.connectAsync(url, { clientId: `${session.sub}.${randomUUID().slice(0, 8)}`, reconnectPeriod: 0, protocolVersion: 4 });
        return new Listener(client);
    }

    /** Subscribes at QoS 1; returns the granted QoS, or the SUBACK's failure code (128) when refused. */
    async subscribe(topic: string): Promise<number> {
        try {
            const granted = await this.client.subscribeAsync(topic, { qos: 1 });
            return granted[0].qos;
        } catch (error) {
            // mqtt.js rejects a refused subscription with the SUBACK it received.
            const granted = (error as { packet?: { granted?: (number | { qos: number })[] } }).packet?.granted?.[0];
            if (granted === undefined) throw error;
            return typeof granted === "number" ? granted : granted.qos;
        }
    }

    async next(predicate: (body: Record<string, unknown>) => boolean, what: string, ms = 20_000): Promise<Record<string, unknown>> {
        const deadline = Date.now() + ms;
        for (;;) {
            const found = this.messages.find((m) => predicate(m.body));
            if (found) return found.body;
            if (Date.now() > deadline) throw new Error(`no ${what} arrived; got ${JSON.stringify(this.messages.map((m) => m.body))}`);
            await new Promise((resolve) => setTimeout(resolve, 50));
        }
    }

    close(): Promise<void> {
        return this.client.endAsync();
    }
}

describe("the local runtime (npm start), end to end", function () {
    this.timeout(120_000);
    let runtime: LocalRuntime;
    let log: CollectingLog;
    let ada: Session;
    let grace: Session;
    const listeners: Listener[] = [];

    const session = async (email: string): Promise<Session> => {
        const customer = runtime.demoCustomers.find((c) => c.email === email)!;
        const tokens = await signIn(runtime.issuer!.issuer, { clientId: runtime.issuer!.clientId, redirectUri: `${runtime.url}/` }, customer);
        return { idToken: tokens.id_token, sub: String(claimsOf(tokens.id_token).sub) };
    };
    const placeOrder = (who: Session, items: { sku: string; quantity: number }[], key = randomUUID()) => fetch(`${runtime.url}/orders`, {
        method: "POST",
        headers: { authorization: `Bearer ${who.idToken}`, "content-type": "application/json", "idempotency-key": key, origin: runtime.url },
        body: JSON.stringify({ currency: "EUR", items }),
    });
    const listen = async (who: Session) => {
        const listener = await Listener.connect(runtime, who);
        listeners.push(listener);
        return listener;
    };

    before(async () => {
        log = new CollectingLog();
        // Retries, backoffs and visibility timeouts at 2 % of real time, so a fault reaches its DLQ within seconds.
        runtime = await startLocalRuntime({ port: 0, timeScale: 0.01, log });
        [ada, grace] = await Promise.all([session("ada@example.com"), session("grace@example.com")]);
    });

    after(async () => {
        await Promise.all(listeners.map((l) => l.close().catch(() => undefined)));
        if (runtime) await runtime.stop();
    });

    it("GIVEN one origin THEN it serves the storefront, /config.json in the deployed shape, and the issuer's discovery", async () => {
        const page = await fetch(`${runtime.url}/`);
        expect(page.status).to.equal(200);
        expect(page.headers.get("content-type")).to.match(/^text\/html/);
        expect(page.headers.get("x-frame-options")).to.equal("DENY");
        expect(await page.text()).to.match(/<meta http-equiv="Content-Security-Policy"/);
        const config = await (await fetch(`${runtime.url}/config.json`)).json() as any;
        expect(config).to.deep.equal({
            apiUrl: runtime.url,
            auth: { issuer: `${runtime.url}/oidc`, clientId: runtime.issuer!.clientId, redirectUri: `${runtime.url}/` },
            realtime: { url: `${runtime.url.replace("http:", "ws:")}/mqtt`, authorizerName: config.realtime.authorizerName, topicPrefix: "orders/local" },
        });
        const discovery = await (await fetch(`${runtime.url}/oidc/.well-known/openid-configuration`)).json() as any;
        expect(discovery.issuer).to.equal(`${runtime.url}/oidc`);
        expect(discovery.code_challenge_methods_supported).to.include("S256");
    });

    it("GIVEN no token WHEN an order is posted THEN the API's JWT authorizer answers 401 before any function runs", async () => {
        const response = await fetch(`${runtime.url}/orders`, { method: "POST", headers: { "content-type": "application/json", "idempotency-key": "k-1" }, body: "{}" });
        expect(response.status).to.equal(401);
        expect(await response.json()).to.deep.equal({ message: "Unauthorized" });
    });

    it("GIVEN a signed-in customer WHEN an order is placed THEN OrderProcessed and then ReceiptStored arrive on the customer's topic", async () => {
        const listener = await listen(ada);
        expect(await listener.subscribe(`orders/local/${ada.sub}`)).to.equal(1);
        const response = await placeOrder(ada, [{ sku: "BOOK-001", quantity: 2 }]);
        expect(response.status, await response.clone().text()).to.equal(202);
        const { orderId } = await response.json() as { orderId: string };
        const processed = await listener.next((m) => m.type === "OrderProcessed" && m.orderId === orderId, "OrderProcessed");
        expect(processed).to.include({ currency: "EUR", totalCents: 2598, itemCount: 2 });
        await listener.next((m) => m.type === "ReceiptStored" && m.orderId === orderId, "ReceiptStored");
        const types = listener.messages.filter((m) => m.body.orderId === orderId).map((m) => m.body.type);
        expect(types.indexOf("OrderProcessed")).to.be.below(types.indexOf("ReceiptStored"));
        const order = await (await fetch(`${runtime.url}/orders/${orderId}`, { headers: { authorization: `Bearer ${ada.idToken}` } })).json() as any;
        expect(order).to.include({ orderId, status: "PROCESSED", totalCents: 2598 });
    });

    it("GIVEN another customer WHEN it subscribes to the first one's topic THEN the subscription is refused and nothing reaches it", async () => {
        const intruder = await listen(grace);
        expect(await intruder.subscribe(`orders/local/${ada.sub}`)).to.equal(128);
        expect(await intruder.subscribe("orders/local/#")).to.equal(128);
        const watcher = await listen(ada);
        await watcher.subscribe(`orders/local/${ada.sub}`);
        const { orderId } = await (await placeOrder(ada, [{ sku: "PEN-010", quantity: 1 }])).json() as { orderId: string };
        await watcher.next((m) => m.type === "ReceiptStored" && m.orderId === orderId, "ReceiptStored");
        expect(intruder.messages).to.deep.equal([]);
        const readsOther = await fetch(`${runtime.url}/orders/${orderId}`, { headers: { authorization: `Bearer ${grace.idToken}` } });
        expect(readsOther.status, "another customer's order is as absent as a missing one").to.equal(404);
    });

    it("GIVEN an unknown SKU WHEN ordered THEN OrderFailed arrives with a short reason and the order is recorded FAILED", async () => {
        const listener = await listen(grace);
        await listener.subscribe(`orders/local/${grace.sub}`);
        const response = await placeOrder(grace, [{ sku: "NOPE-404", quantity: 1 }]);
        expect(response.status).to.equal(202);
        const { orderId } = await response.json() as { orderId: string };
        const failed = await listener.next((m) => m.type === "OrderFailed" && m.orderId === orderId, "OrderFailed");
        expect(failed.error).to.equal("PricingError");
        expect(failed).to.not.have.property("cause");
        const order = await (await fetch(`${runtime.url}/orders/${orderId}`, { headers: { authorization: `Bearer ${grace.idToken}` } })).json() as any;
        expect(order.status).to.equal("FAILED");
    });

    it("GIVEN the receipts store is down WHEN an order is processed THEN its message goes through its retries into the DLQ, and a redrive processes it once", async () => {
        const listener = await listen(ada);
        await listener.subscribe(`orders/local/${ada.sub}`);
        const s3 = runtime.engines.s3 as unknown as { listen(port: number): Promise<string>; close(): Promise<void> };
        const endpoint = new URL(runtime.engines.endpoints.S3);
        await s3.close();
        const { orderId } = await (await placeOrder(ada, [{ sku: "INK-020", quantity: 3 }])).json() as { orderId: string };
        await listener.next((m) => m.type === "OrderProcessed" && m.orderId === orderId, "OrderProcessed");

        const deadLetters = async () => (await (await fetch(`${runtime.url}/_local/dlq`)).json() as any).queues as { name: string; messages: { body: string }[] }[];
        const deadline = Date.now() + 60_000;
        let writerDlq: { name: string; messages: { body: string }[] } | undefined;
        while (Date.now() < deadline) {
            writerDlq = (await deadLetters()).find((q) => q.name === "receipt-writer-dlq" && q.messages.some((m) => m.body.includes(orderId)));
            if (writerDlq) break;
            await new Promise((resolve) => setTimeout(resolve, 200));
        }
        expect(writerDlq, "the receipt writer's DLQ holds the order's message").to.not.equal(undefined);
        expect(log.entries.some((e) => e.kind === "retry" || e.kind === "delivery")).to.equal(true);
        expect(listener.messages.some((m) => m.body.type === "ReceiptStored" && m.body.orderId === orderId)).to.equal(false);

        await s3.listen(Number(endpoint.port));
        const redrive = await (await fetch(`${runtime.url}/_local/dlq/receipt-writer-dlq/redrive`, { method: "POST" })).json() as any;
        expect(redrive.redriven).to.be.at.least(1);
        await listener.next((m) => m.type === "ReceiptStored" && m.orderId === orderId, "ReceiptStored after the redrive");
        await new Promise((resolve) => setTimeout(resolve, 500));
        expect(listener.messages.filter((m) => m.body.type === "ReceiptStored" && m.body.orderId === orderId)).to.have.length(1);
        expect((await deadLetters()).find((q) => q.name === "receipt-writer-dlq")!.messages.filter((m) => m.body.includes(orderId))).to.deep.equal([]);
    });

    it("GIVEN the run THEN the log has one readable line per event, rule match, execution path and MQTT delivery, with correlation ids", () => {
        const kinds = new Set(log.entries.map((e) => e.kind));
        for (const kind of ["event", "match", "execution", "delivery", "mqtt", "auth", "request"]) expect(kinds.has(kind as never), kind).to.equal(true);
        const execution = log.entries.find((e) => e.kind === "execution" && e.correlationId);
        expect(execution, "an execution line carries the correlation id").to.not.equal(undefined);
        for (const entry of log.entries) expect(entry.message).to.not.include("\n");
    });
});
