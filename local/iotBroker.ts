/**
 * The local stand-in for AWS IoT Core's message broker: a real MQTT broker (aedes) served as MQTT over
 * WebSockets on one path of a shared http.Server. As in IoT Core with a custom authorizer, CONNECT is decided by
 * invoking the authorizer function with the event IoT sends for a WebSocket connection, and every later action
 * (connect, subscribe, receive, publish) by the policy documents it returned. Nothing is allowed by default.
 */
import { randomUUID } from "crypto";
import * as http from "http";
import type { Duplex } from "stream";
import { Aedes, type AuthenticateError, type Client, type PublishPacket } from "aedes";
import { WebSocketServer, createWebSocketStream } from "ws";
import type { IotAuthorizerEvent, IotAuthorizerResponse } from "../functions/iotAuthorizer";
import { checkAuthorizerResponse, decide, iotResource, parsePolicyDocuments, type PolicyStatement } from "./iotPolicy";

/** The custom authorizer, as IoT Core invokes it: in the runtime, the real authorizer bundle in a worker. */
export type IotAuthorizerFunction = (event: IotAuthorizerEvent) => Promise<IotAuthorizerResponse>;

/** Timers the broker schedules sessions with; tests pass their own to fire them on demand. */
export interface SessionTimers {
    setTimeout(callback: () => void, ms: number): unknown;
    clearTimeout(handle: unknown): void;
}

export interface IotBrokerOptions {
    /** The authorizer's name; a connection must name it in `x-amz-customauthorizer-name` (query or header). */
    readonly authorizerName: string;
    /** Invoked once per CONNECT (and again at each `refreshAfterInSeconds`). */
    readonly authorize: IotAuthorizerFunction;
    /** `arn:aws:iot:<region>:<account>`, the prefix of every resource the policies name. */
    readonly iotArnPrefix: string;
    /** The WebSocket path. @default "/mqtt" */
    readonly path?: string;
    /** How long the authorizer may take before the connection is refused, in ms. @default 5000 (IoT Core's limit) */
    readonly authorizerTimeoutMs?: number;
    /** One readable line per decision. @default no logging */
    readonly log?: (line: string) => void;
    /** @default the global setTimeout/clearTimeout, unref'd */
    readonly timers?: SessionTimers;
}

/** What a connection is allowed to do, from its authorizer's latest response. */
interface Session {
    readonly connectionId: string;
    readonly event: IotAuthorizerEvent;
    principalId: string;
    statements: PolicyStatement[];
    readonly handles: unknown[];
}

export interface IotBroker {
    /** The WebSocket path it upgrades. */
    readonly path: string;
    /** Mount on the shared server's `upgrade` event: handles `path` and returns true; returns false for anything else. */
    handleUpgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer): boolean;
    /** Publishes as the platform (the IoT data plane's caller has IAM permission; no authorizer applies). */
    publish(message: { topic: string; payload: Buffer; qos?: 0 | 1; retain?: boolean }): Promise<void>;
    /** Disconnects every client and stops the broker. */
    close(): Promise<void>;
}

const NOT_AUTHORIZED = 5;

/** Why a connection (or its refresh) was refused; the client gets CONNACK 5, the log gets the reason. */
class ConnectRefusedError extends Error {
    constructor(readonly reason: string) {
        super(reason);
        this.name = "ConnectRefusedError";
    }
}

const DEFAULT_TIMERS: SessionTimers = {
    setTimeout: (callback, ms) => setTimeout(callback, ms).unref(),
    clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** The custom-authorizer event IoT Core sends for MQTT over WebSockets with the token in the query string. */
export function authorizerEvent(req: http.IncomingMessage, clientId: string, username: string | undefined, password: Buffer | undefined): IotAuthorizerEvent {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
        if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value;
    }
    const search = new URL(req.url ?? "/", "http://localhost").search;
    return {
        signatureVerified: false,
        // Deployed connections also list "tls" with its serverName; the local broker is plain ws:// on loopback.
        protocols: ["http", "mqtt"],
        protocolData: {
            http: { headers, queryString: search },
            mqtt: {
                clientId,
                ...(username === undefined ? {} : { username }),
                ...(password === undefined ? {} : { password: password.toString("base64") }),
            },
        },
        connectionMetadata: { id: randomUUID() },
    };
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Creates the broker. Mount `handleUpgrade` on the origin's server (or use `listenIotBroker`). */
export async function createIotBroker(options: IotBrokerOptions): Promise<IotBroker> {
    const path = options.path ?? "/mqtt";
    const log = options.log ?? (() => undefined);
    const timers = options.timers ?? DEFAULT_TIMERS;
    const timeoutMs = options.authorizerTimeoutMs ?? 5000;
    const arn = options.iotArnPrefix;
    const sessions = new WeakMap<Client, Session>();

    const invoke = async (event: IotAuthorizerEvent): Promise<{ principalId: string; statements: PolicyStatement[]; response: IotAuthorizerResponse }> => {
        let response: IotAuthorizerResponse;
        try {
            response = await withTimeout(Promise.resolve().then(() => options.authorize(event)), timeoutMs, `authorizer ${options.authorizerName}`);
        } catch (error) {
            throw new ConnectRefusedError(`the authorizer failed: ${messageOf(error)}`);
        }
        const problem = checkAuthorizerResponse(response);
        if (problem) throw new ConnectRefusedError(problem);
        if (!response.isAuthenticated) throw new ConnectRefusedError("the authorizer answered isAuthenticated: false");
        try {
            return { principalId: response.principalId, statements: parsePolicyDocuments(response.policyDocuments), response };
        } catch (error) {
            throw new ConnectRefusedError(messageOf(error));
        }
    };

    const endSession = (client: Client) => {
        const session = sessions.get(client);
        if (!session) return;
        session.handles.forEach((handle) => timers.clearTimeout(handle));
        sessions.delete(client);
    };

    const scheduleRefresh = (client: Client, session: Session, seconds: number) => {
        session.handles.push(timers.setTimeout(() => {
            invoke(session.event).then(({ principalId, statements, response }) => {
                const decision = decide(statements, "iot:Connect", iotResource.client(arn, client.id));
                if (decision !== "allowed") throw new ConnectRefusedError(`iot:Connect on client/${client.id} is now ${decision}`);
                session.principalId = principalId;
                session.statements = statements;
                log(`mqtt refresh client=${client.id} principal=${principalId}: policy renewed`);
                scheduleRefresh(client, session, response.refreshAfterInSeconds);
            }).catch((error: unknown) => {
                log(`mqtt refresh client=${client.id}: ${messageOf(error)}; disconnecting`);
                endSession(client);
                client.close();
            });
        }, seconds * 1000));
    };

    const authenticate = async (client: Client, username: string | undefined, password: Buffer | undefined): Promise<void> => {
        const req = client.req;
        if (!req) throw new ConnectRefusedError("the connection did not come through the WebSocket endpoint");
        const header = req.headers["x-amz-customauthorizer-name"];
        const named = new URL(req.url ?? "/", "http://localhost").searchParams.get("x-amz-customauthorizer-name") ?? (typeof header === "string" ? header : undefined);
        if (named !== options.authorizerName) {
            throw new ConnectRefusedError(named === undefined
                ? `no x-amz-customauthorizer-name was given (configured: "${options.authorizerName}")`
                : `authorizer ${JSON.stringify(named)} is not configured (configured: "${options.authorizerName}")`);
        }
        const event = authorizerEvent(req, client.id, username, password);
        const { principalId, statements, response } = await invoke(event);
        if (client.closed) throw new ConnectRefusedError("the client went away before its authorizer answered");
        const decision = decide(statements, "iot:Connect", iotResource.client(arn, client.id));
        if (decision !== "allowed") throw new ConnectRefusedError(`iot:Connect on client/${client.id} is ${decision} for principal ${principalId}`);
        const session: Session = { connectionId: event.connectionMetadata?.id ?? "", event, principalId, statements, handles: [] };
        sessions.set(client, session);
        session.handles.push(timers.setTimeout(() => {
            log(`mqtt disconnect client=${client.id}: the session reached disconnectAfterInSeconds=${response.disconnectAfterInSeconds}`);
            endSession(client);
            client.close();
        }, response.disconnectAfterInSeconds * 1000));
        scheduleRefresh(client, session, response.refreshAfterInSeconds);
        log(`mqtt connect accepted client=${client.id} principal=${principalId} connection=${session.connectionId}`);
    };

    const aedes = await Aedes.createBroker({
        authenticate(client, username, password, done) {
            authenticate(client, username, password).then(() => done(null, true), (error: unknown) => {
                log(`mqtt connect refused client=${client.id}: ${messageOf(error)}`);
                const refusal = Object.assign(new Error(messageOf(error)), { returnCode: NOT_AUTHORIZED }) as AuthenticateError;
                done(refusal, false);
            });
        },
        authorizeSubscribe(client, subscription, done) {
            const session = sessions.get(client);
            const decision = session ? decide(session.statements, "iot:Subscribe", iotResource.topicFilter(arn, subscription.topic)) : "not allowed";
            if (decision === "allowed") {
                log(`mqtt subscribe granted client=${client.id} filter=${subscription.topic}`);
                done(null, subscription);
            } else {
                // A null subscription makes aedes answer SUBACK 0x80 for this filter, as IoT Core does.
                log(`mqtt subscribe refused client=${client.id} filter=${subscription.topic}: iot:Subscribe is ${decision}`);
                done(null, null);
            }
        },
        authorizePublish(client, packet, done) {
            const session = client ? sessions.get(client) : undefined;
            const decision = session ? decide(session.statements, "iot:Publish", iotResource.topic(arn, packet.topic)) : "not allowed";
            if (decision === "allowed") return done(null);
            // IoT Core drops the message and closes the connection (disconnect reason AUTH_ERROR).
            log(`mqtt publish refused client=${client?.id ?? "(gone)"} topic=${packet.topic}: iot:Publish is ${decision}; message dropped, connection closed`);
            done(new Error(`iot:Publish on topic/${packet.topic} is ${decision}`));
        },
        authorizeForward(client, packet) {
            const session = sessions.get(client);
            const decision = session ? decide(session.statements, "iot:Receive", iotResource.topic(arn, packet.topic)) : "not allowed";
            if (decision !== "allowed") {
                log(`mqtt receive refused client=${client.id} topic=${packet.topic}: iot:Receive is ${decision}`);
                return null;
            }
            log(`mqtt deliver topic=${packet.topic} client=${client.id} bytes=${packet.payload.length}`);
            return packet;
        },
    });
    aedes.on("clientDisconnect", (client) => {
        log(`mqtt disconnect client=${client.id}`);
        endSession(client);
    });
    aedes.on("clientError", endSession);

    const wss = new WebSocketServer({ noServer: true });
    wss.on("connection", (socket, req) => {
        const stream = createWebSocketStream(socket);
        // An abrupt browser close surfaces as a stream error; aedes sees the close and cleans up.
        stream.on("error", () => undefined);
        aedes.handle(stream, req);
    });

    return {
        path,
        handleUpgrade(req, socket, head) {
            if (new URL(req.url ?? "/", "http://localhost").pathname !== path) return false;
            wss.handleUpgrade(req, socket, head, (ws) => wss.emit("connection", ws, req));
            return true;
        },
        publish({ topic, payload, qos = 0, retain = false }) {
            const packet: PublishPacket = { cmd: "publish", topic, payload, qos, retain, dup: false };
            return new Promise<void>((resolve, reject) => aedes.publish(packet, (error) => (error ? reject(error) : resolve())));
        },
        async close() {
            for (const socket of wss.clients) socket.terminate();
            await new Promise<void>((resolve) => aedes.close(() => resolve()));
            await new Promise<void>((resolve) => wss.close(() => resolve()));
        },
    };
}

/** The broker alone on its own loopback server, for tests: `ws://127.0.0.1:<port><path>`. */
export async function listenIotBroker(options: IotBrokerOptions, port = 0): Promise<{ broker: IotBroker; url: string; close(): Promise<void> }> {
    const broker = await createIotBroker(options);
    const server = http.createServer((_req, res) => {
        res.writeHead(426, { "content-type": "text/plain" }).end(`MQTT over WebSockets only, on ${broker.path}\n`);
    });
    server.on("upgrade", (req, socket, head) => {
        if (!broker.handleUpgrade(req, socket, head)) socket.destroy();
    });
    await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", () => resolve()));
    const address = server.address() as { port: number };
    return {
        broker,
        url: `ws://127.0.0.1:${address.port}${broker.path}`,
        async close() {
            await broker.close();
            await new Promise<void>((resolve) => server.close(() => resolve()));
        },
    };
}
