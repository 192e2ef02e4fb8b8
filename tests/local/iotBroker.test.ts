import { expect } from "chai";
import mqtt, { type MqttClient } from "mqtt";
import { IoTDataPlaneClient, PublishCommand } from "@aws-sdk/client-iot-data-plane";
import { customerPolicy, type IotAuthorizerEvent, type IotAuthorizerResponse, type IotPolicyDocument } from "../../functions/iotAuthorizer";
import { listenIotBroker, type IotAuthorizerFunction, type SessionTimers } from "../../local/iotBroker";
import { listenIotDataPlane } from "../../local/iotDataPlane";
import { checkAuthorizerResponse, decide, parsePolicyDocuments, wildcardMatches } from "../../local/iotPolicy";

const SETTINGS = { iotArnPrefix: "arn:aws:iot:us-east-1:123456789012", topicPrefix: "orders/local" };
const AUTHORIZER = "orders-local-authorizer";
const A = "0b6f4a8e-3c1d-4e2f-9a7b-5c8d1e2f3a4b";
const B = "7d2e9c4b-1a3f-4b5e-8c6d-2f1a0b9c8d7e";
const topicOf = (customer: string) => `${SETTINGS.topicPrefix}/${customer}`;

/** What a token stands for in these tests: a customer (own policy), a hand-written policy, or a refusal. */
type Grant = { customer: string } | { policy: IotPolicyDocument } | "unauthenticated" | "throws" | "hangs";

/** Timers the test fires by hand, so session expiry is tested without waiting. */
class ManualTimers implements SessionTimers {
    readonly pending = new Map<number, { ms: number; callback: () => void }>();
    private next = 1;
    setTimeout(callback: () => void, ms: number): unknown {
        const id = this.next++;
        this.pending.set(id, { ms, callback });
        return id;
    }
    clearTimeout(handle: unknown): void {
        this.pending.delete(handle as number);
    }
    /** Fires (once) every pending timer scheduled for exactly `ms`. */
    fire(ms: number): number {
        const due = [...this.pending].filter(([, t]) => t.ms === ms);
        for (const [id, timer] of due) {
            this.pending.delete(id);
            timer.callback();
        }
        return due.length;
    }
}

describe("local IoT broker (aedes over WebSockets, custom-authorizer policies)", () => {
    const grants = new Map<string, Grant>();
    const events: IotAuthorizerEvent[] = [];
    const lines: string[] = [];
    const timers = new ManualTimers();
    const clients: MqttClient[] = [];
    let url: string;
    let dataUrl: string;
    let iot: IoTDataPlaneClient;
    let stop: () => Promise<void>;

    /** The stand-in authorizer: the deployed one's response shape, with customerPolicy itself for customers. */
    const authorize: IotAuthorizerFunction = async (event) => {
        events.push(event);
        const token = new URLSearchParams(event.protocolData?.http?.queryString ?? "").get("token") ?? "";
        const grant = grants.get(token) ?? "unauthenticated";
        if (grant === "throws") throw new Error("the JWKS could not be fetched");
        if (grant === "hangs") return new Promise<IotAuthorizerResponse>(() => undefined);
        if (grant === "unauthenticated") {
            return { isAuthenticated: false, principalId: "unauthenticated", disconnectAfterInSeconds: 300, refreshAfterInSeconds: 300, policyDocuments: [] };
        }
        const policy = "customer" in grant ? customerPolicy(SETTINGS, grant.customer) : grant.policy;
        return { isAuthenticated: true, principalId: Buffer.from(token).toString("hex"), disconnectAfterInSeconds: 3600, refreshAfterInSeconds: 600, policyDocuments: [policy] };
    };

    /** `authorizer: null` leaves the authorizer name out of the query. */
    const connect = async (token: string, clientId: string, authorizer: string | null = AUTHORIZER): Promise<MqttClient> => {
        const query = new URLSearchParams({ ...(authorizer === null ? {} : { "x-amz-customauthorizer-name": authorizer }), token });
        const client = await mqtt.connectAsync(`${url}?${query}`, { clientId, reconnectPeriod: 0, connectTimeout: 10_000 }, false);
        clients.push(client);
        return client;
    };
    const refusal = (token: string, clientId: string, authorizer?: string | null) => connect(token, clientId, authorizer).then(() => "connected", (error: { code?: number }) => error.code);
    /** The SUBACK return codes (mqtt.js rejects a SUBACK holding 0x80 but keeps the packet). */
    const suback = (client: MqttClient, topics: string | string[], qos: 0 | 1 = 1) => client.subscribeAsync(topics, { qos }).then(
        (grants) => grants.map((g) => g.qos),
        (error: { packet?: { granted?: number[] } }) => {
            if (!error.packet?.granted) throw error;
            return error.packet.granted;
        },
    );
    /** Messages a client receives, in order. */
    const inbox = (client: MqttClient) => {
        const got: { topic: string; body: string }[] = [];
        client.on("message", (topic, payload) => got.push({ topic, body: payload.toString("utf8") }));
        return got;
    };
    const nextMessage = (client: MqttClient) => new Promise<{ topic: string; body: string }>((resolve) => client.once("message", (topic, payload) => resolve({ topic, body: payload.toString("utf8") })));
    const closed = (client: MqttClient) => new Promise<void>((resolve) => client.once("close", () => resolve()));
    const publish = (topic: string, message: object) => iot.send(new PublishCommand({ topic, qos: 1, contentType: "application/json", payload: new TextEncoder().encode(JSON.stringify(message)) }));

    before(async () => {
        const broker = await listenIotBroker({ authorizerName: AUTHORIZER, authorize, iotArnPrefix: SETTINGS.iotArnPrefix, log: (line) => lines.push(line), timers, authorizerTimeoutMs: 200 });
        const data = await listenIotDataPlane(broker.broker, { log: (line) => lines.push(line) });
        url = broker.url;
        dataUrl = data.url;
        iot = new IoTDataPlaneClient({ endpoint: data.url, region: "us-east-1", credentials: { accessKeyId: "local", secretAccessKey: "local" }, maxAttempts: 1 });
        stop = async () => {
            await data.close();
            await broker.close();
        };
        grants.set("token-a", { customer: A });
        grants.set("token-b", { customer: B });
    });
    afterEach(async () => {
        await Promise.all(clients.splice(0).map((c) => c.endAsync(true)));
        lines.length = 0;
    });
    after(async () => {
        iot.destroy();
        await stop();
    });

    it("GIVEN customer A's token WHEN A subscribes to its own topic and the platform publishes through the data-plane endpoint THEN A receives the message", async () => {
        const a = await connect("token-a", `${A}.tab1`);
        expect(await suback(a, topicOf(A))).to.deep.equal([1]);
        const received = nextMessage(a);
        await publish(topicOf(A), { type: "OrderProcessed", orderId: "o-1" });
        expect(await received).to.deep.equal({ topic: topicOf(A), body: JSON.stringify({ type: "OrderProcessed", orderId: "o-1" }) });
        expect(lines).to.include(`mqtt connect accepted client=${A}.tab1 principal=${Buffer.from("token-a").toString("hex")} connection=${events.at(-1)?.connectionMetadata?.id}`);
        expect(lines).to.include(`mqtt subscribe granted client=${A}.tab1 filter=${topicOf(A)}`);
        expect(lines.some((l) => l.startsWith(`mqtt deliver topic=${topicOf(A)} client=${A}.tab1`))).to.equal(true);
        expect(lines.some((l) => l.startsWith(`iot-data publish topic=${topicOf(A)} qos=1`))).to.equal(true);
    });

    it("GIVEN a WebSocket connection WHEN the authorizer is invoked THEN it gets IoT's custom-authorizer event for WebSockets with the token in the query string", async () => {
        await connect("token-a", `${A}.tab2`);
        const event = events.at(-1)!;
        expect(event.signatureVerified).to.equal(false);
        expect(event.protocols).to.deep.equal(["http", "mqtt"]);
        expect(event.protocolData?.http?.queryString).to.equal(`?x-amz-customauthorizer-name=${AUTHORIZER}&token=token-a`);
        expect(event.protocolData?.http?.headers?.host).to.match(/^127\.0\.0\.1:\d+$/);
        expect(event.protocolData?.http?.headers?.["sec-websocket-protocol"]).to.equal("mqtt");
        expect(event.protocolData?.mqtt?.clientId).to.equal(`${A}.tab2`);
        expect(event.connectionMetadata?.id).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    });

    it("GIVEN customer A WHEN A subscribes to B's topic THEN the SUBACK carries 0x80 and A receives nothing published there", async () => {
        const a = await connect("token-a", `${A}.spy`);
        const got = inbox(a);
        expect(await suback(a, [topicOf(B), topicOf(A)])).to.deep.equal([128, 1]);
        const own = nextMessage(a);
        await publish(topicOf(B), { secret: "B's order" });
        // Deliveries to one client keep their order: once A has its own message, B's would already be here.
        await publish(topicOf(A), { mine: true });
        await own;
        expect(got.map((m) => m.topic)).to.deep.equal([topicOf(A)]);
        expect(lines).to.include(`mqtt subscribe refused client=${A}.spy filter=${topicOf(B)}: iot:Subscribe is not allowed`);
    });

    it("GIVEN customer A WHEN A subscribes to the wildcard orders/# THEN the subscription is refused", async () => {
        const a = await connect("token-a", `${A}.wild`);
        expect(await suback(a, "orders/#")).to.deep.equal([128]);
        expect(lines).to.include(`mqtt subscribe refused client=${A}.wild filter=orders/#: iot:Subscribe is not allowed`);
    });

    it("GIVEN a policy that allows subscribing to every order topic but receiving only A's WHEN both topics get messages THEN only A's is delivered (iot:Receive is checked per message)", async () => {
        grants.set("token-receive", { policy: { Version: "2012-10-17", Statement: [
            { Effect: "Allow", Action: ["iot:Connect"], Resource: [`${SETTINGS.iotArnPrefix}:client/receiver`] },
            { Effect: "Allow", Action: ["iot:Subscribe"], Resource: [`${SETTINGS.iotArnPrefix}:topicfilter/orders/local/*`] },
            { Effect: "Allow", Action: ["iot:Receive"], Resource: [`${SETTINGS.iotArnPrefix}:topic/${topicOf(A)}`] },
        ] } });
        const c = await connect("token-receive", "receiver");
        const got = inbox(c);
        expect(await suback(c, "orders/local/+")).to.deep.equal([1]);
        const own = nextMessage(c);
        await publish(topicOf(B), { n: 1 });
        await publish(topicOf(A), { n: 2 });
        await own;
        expect(got.map((m) => m.topic)).to.deep.equal([topicOf(A)]);
        expect(lines).to.include(`mqtt receive refused client=receiver topic=${topicOf(B)}: iot:Receive is not allowed`);
    });

    it("GIVEN an Allow and an explicit Deny on the same topic WHEN the client subscribes THEN Deny wins", async () => {
        grants.set("token-deny", { policy: { Version: "2012-10-17", Statement: [
            { Effect: "Allow", Action: ["iot:*"], Resource: ["*"] },
            { Effect: "Deny", Action: ["iot:Subscribe"], Resource: [`${SETTINGS.iotArnPrefix}:topicfilter/${topicOf(B)}`] },
        ] } });
        const c = await connect("token-deny", "denied-one");
        expect(await suback(c, [topicOf(B), topicOf(A)], 0)).to.deep.equal([128, 0]);
        expect(lines).to.include(`mqtt subscribe refused client=denied-one filter=${topicOf(B)}: iot:Subscribe is explicitly denied`);
    });

    it("GIVEN customer A's token WHEN it connects with B's client id, or with no customer prefix THEN CONNACK refuses (not authorized)", async () => {
        expect(await refusal("token-a", `${B}.tab1`)).to.equal(5);
        expect(await refusal("token-a", "browser-1")).to.equal(5);
        expect(lines).to.include(`mqtt connect refused client=${B}.tab1: iot:Connect on client/${B}.tab1 is not allowed for principal ${Buffer.from("token-a").toString("hex")}`);
    });

    const refusals: { why: string; token: string; authorizer?: string | null; logged: RegExp }[] = [
        { why: "the authorizer answers isAuthenticated: false", token: "unknown-token", logged: /isAuthenticated: false/ },
        { why: "the authorizer throws", token: "token-throws", logged: /the authorizer failed: the JWKS could not be fetched/ },
        { why: "the authorizer does not answer in time", token: "token-hangs", logged: /did not answer within 200 ms/ },
        { why: "the query names another authorizer", token: "token-a", authorizer: "someone-elses", logged: /authorizer "someone-elses" is not configured/ },
        { why: "the query names no authorizer", token: "token-a", authorizer: null, logged: /no x-amz-customauthorizer-name was given/ },
    ];
    for (const row of refusals) {
        it(`GIVEN ${row.why} WHEN a client connects THEN the connection is refused and the reason logged`, async () => {
            grants.set("token-throws", "throws");
            grants.set("token-hangs", "hangs");
            expect(await refusal(row.token, `${A}.x`, row.authorizer)).to.equal(5);
            expect(lines.some((l) => l.startsWith(`mqtt connect refused client=${A}.x: `) && row.logged.test(l))).to.equal(true);
        });
    }

    it("GIVEN a policy with a Condition (not evaluated locally) WHEN the client connects THEN it is refused naming the element", async () => {
        grants.set("token-condition", { policy: { Version: "2012-10-17", Statement: [
            { Effect: "Allow", Action: ["iot:Connect"], Resource: ["*"], Condition: { Bool: { "iot:Connection.Thing.IsAttached": "true" } } },
        ] } as unknown as IotPolicyDocument });
        expect(await refusal("token-condition", "conditional")).to.equal(5);
        expect(lines.some((l) => /Statement\[0\]: Condition is not supported/.test(l))).to.equal(true);
    });

    it("GIVEN customer A connected WHEN A publishes (its policy grants no iot:Publish) THEN the message is dropped and the connection closed", async () => {
        const a = await connect("token-a", `${A}.pub`);
        const watcher = await connect("token-a", `${A}.watch`);
        const got = inbox(watcher);
        expect(await suback(watcher, topicOf(A))).to.deep.equal([1]);
        const gone = closed(a);
        a.publish(topicOf(A), "forged by the browser", { qos: 0 });
        await gone;
        const own = nextMessage(watcher);
        await publish(topicOf(A), { from: "platform" });
        await own;
        expect(got.map((m) => m.body)).to.deep.equal([JSON.stringify({ from: "platform" })]);
        expect(lines).to.include(`mqtt publish refused client=${A}.pub topic=${topicOf(A)}: iot:Publish is not allowed; message dropped, connection closed`);
    });

    it("GIVEN a connected session WHEN disconnectAfterInSeconds elapses THEN the broker disconnects the client", async () => {
        timers.pending.clear();
        const a = await connect("token-a", `${A}.short`);
        const gone = closed(a);
        expect(timers.fire(3600 * 1000)).to.equal(1);
        await gone;
        expect(lines).to.include(`mqtt disconnect client=${A}.short: the session reached disconnectAfterInSeconds=3600`);
    });

    it("GIVEN a connected session WHEN refreshAfterInSeconds elapses THEN the authorizer is invoked again and a refusal disconnects the client", async () => {
        timers.pending.clear();
        grants.set("token-revoked-later", { customer: A });
        const a = await connect("token-revoked-later", `${A}.refresh`);
        const invoked = events.length;
        expect(timers.fire(600 * 1000)).to.equal(1);
        await new Promise<void>((resolve) => {
            const poll = () => (lines.some((l) => l.includes(`mqtt refresh client=${A}.refresh`)) ? resolve() : setImmediate(poll));
            poll();
        });
        expect(events.length).to.equal(invoked + 1);
        expect(lines.some((l) => l.startsWith(`mqtt refresh client=${A}.refresh principal=`) && l.endsWith("policy renewed"))).to.equal(true);
        grants.set("token-revoked-later", "unauthenticated");
        const gone = closed(a);
        expect(timers.fire(600 * 1000)).to.equal(1);
        await gone;
        expect(lines).to.include(`mqtt refresh client=${A}.refresh: the authorizer answered isAuthenticated: false; disconnecting`);
    });

    it("GIVEN the data-plane endpoint WHEN a publish asks for QoS 2 or a wildcard topic THEN it answers 400 InvalidRequestException as IoT does", async () => {
        const qos2 = await fetch(`${dataUrl}/topics/${encodeURIComponent(topicOf(A))}?qos=2`, { method: "POST", body: "{}" });
        expect(qos2.status).to.equal(400);
        expect(qos2.headers.get("x-amzn-errortype")).to.equal("InvalidRequestException");
        expect(await qos2.json()).to.deep.equal({ message: "qos must be 0 or 1, but 2 was provided" });
        const wildcard = await iot.send(new PublishCommand({ topic: "orders/local/#", qos: 1, payload: new Uint8Array() })).then(() => "published", (error: Error) => error.name);
        expect(wildcard).to.equal("InvalidRequestException");
    });
});

describe("IoT policy evaluation (local/iotPolicy)", () => {
    const ARN = SETTINGS.iotArnPrefix;

    it("GIVEN IoT wildcards WHEN matching resources THEN * spans any characters including / and ? exactly one, and + and # are literal", () => {
        expect(wildcardMatches(`${ARN}:topic/orders/*`, `${ARN}:topic/orders/local/${A}`)).to.equal(true);
        expect(wildcardMatches(`${ARN}:client/${A}.*`, `${ARN}:client/${A}.`)).to.equal(true);
        expect(wildcardMatches(`${ARN}:client/${A}.*`, `${ARN}:client/${A}`)).to.equal(false);
        expect(wildcardMatches("orders/?", "orders/a")).to.equal(true);
        expect(wildcardMatches("orders/?", "orders/ab")).to.equal(false);
        expect(wildcardMatches("orders/?", "orders/")).to.equal(false);
        expect(wildcardMatches("orders/+", "orders/a")).to.equal(false);
        expect(wildcardMatches("orders/#", "orders/#")).to.equal(true);
        expect(wildcardMatches("a*b*c", "a-b-b-c")).to.equal(true);
        expect(wildcardMatches("a*b*c", "a-b-b-d")).to.equal(false);
    });

    it("GIVEN statements WHEN deciding THEN nothing is allowed by default, actions match case-insensitively and an explicit Deny beats every Allow", () => {
        const statements = parsePolicyDocuments([{ Version: "2012-10-17", Statement: [
            { Effect: "Allow", Action: "IOT:SUBSCRIBE", Resource: `${ARN}:topicfilter/orders/*` },
            { Effect: "Deny", Action: ["iot:Sub*"], Resource: [`${ARN}:topicfilter/orders/local/${B}`] },
        ] }]);
        expect(decide(statements, "iot:Subscribe", `${ARN}:topicfilter/orders/local/${A}`)).to.equal("allowed");
        expect(decide(statements, "iot:Subscribe", `${ARN}:topicfilter/orders/local/${B}`)).to.equal("explicitly denied");
        expect(decide(statements, "iot:Receive", `${ARN}:topic/orders/local/${A}`)).to.equal("not allowed");
        expect(decide([], "iot:Connect", `${ARN}:client/anyone`)).to.equal("not allowed");
    });

    it("GIVEN documents as JSON text (as IoT also accepts) WHEN parsed THEN they are evaluated like objects", () => {
        const statements = parsePolicyDocuments([JSON.stringify(customerPolicy(SETTINGS, A))]);
        expect(decide(statements, "iot:Connect", `${ARN}:client/${A}.tab`)).to.equal("allowed");
    });

    const unsupported: { why: string; documents: unknown; message: RegExp }[] = [
        { why: "NotAction", documents: [{ Version: "2012-10-17", Statement: [{ Effect: "Allow", NotAction: "iot:Publish", Resource: "*" }] }], message: /Statement\[0\]: NotAction is not supported by the local broker/ },
        { why: "a policy variable", documents: [{ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "iot:Connect", Resource: `${ARN}:client/\${iot:ClientId}` }] }], message: /policy variable \$\{iot:ClientId\} is not supported/ },
        { why: "another Version", documents: [{ Version: "2008-10-17", Statement: [] }], message: /Version: must be "2012-10-17", but "2008-10-17" was provided/ },
        { why: "an unknown Effect", documents: [{ Version: "2012-10-17", Statement: [{ Effect: "allow", Action: "iot:Connect", Resource: "*" }] }], message: /Effect: must be "Allow" or "Deny", but "allow" was provided/ },
        { why: "an empty Resource list", documents: [{ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "iot:Connect", Resource: [] }] }], message: /Resource: must be a non-empty string or a non-empty array of strings/ },
    ];
    for (const row of unsupported) {
        it(`GIVEN a document with ${row.why} WHEN parsed THEN it is refused naming the element`, () => {
            expect(() => parsePolicyDocuments(row.documents)).to.throw(row.message).with.property("name", "UnsupportedPolicyError");
        });
    }

    it("GIVEN malformed authorizer responses WHEN checked as IoT Core does THEN each names its field and the allowed values", () => {
        const good = { isAuthenticated: true, principalId: "abc123", disconnectAfterInSeconds: 300, refreshAfterInSeconds: 86_400, policyDocuments: [] };
        expect(checkAuthorizerResponse(good)).to.equal(undefined);
        expect(checkAuthorizerResponse({ ...good, principalId: "has-dash" })).to.equal(`principalId must be 1 to 128 letters or digits, but "has-dash" was returned`);
        expect(checkAuthorizerResponse({ ...good, disconnectAfterInSeconds: 299 })).to.equal("disconnectAfterInSeconds must be an integer from 300 to 86400, but 299 was returned");
        expect(checkAuthorizerResponse({ ...good, refreshAfterInSeconds: 86_401 })).to.equal("refreshAfterInSeconds must be an integer from 300 to 86400, but 86401 was returned");
        expect(checkAuthorizerResponse({ ...good, policyDocuments: Array(11).fill(customerPolicy(SETTINGS, A)) })).to.equal("policyDocuments must be an array of at most 10 documents");
        expect(checkAuthorizerResponse({ ...good, isAuthenticated: "yes" })).to.equal(`isAuthenticated must be a boolean, but "yes" was returned`);
        expect(checkAuthorizerResponse(undefined)).to.equal("the authorizer returned undefined, not a response object");
    });
});
