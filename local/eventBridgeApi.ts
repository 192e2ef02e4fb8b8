/**
 * The EventBridge wire protocol for the bundled functions' EventBridgeClient (pointed here with
 * `AWS_ENDPOINT_URL_EVENTBRIDGE`): awsJson1_1, `POST /` with `X-Amz-Target: AWSEvents.PutEvents`. Only PutEvents
 * is served; any other operation is answered with UnknownOperationException naming what is served. Requests are
 * not authenticated (the functions sign with dummy credentials).
 */
import * as http from "http";
import { randomUUID } from "crypto";
import { AddressInfo } from "net";
import type { EventBusEngine } from "./eventBus";
import type { PutEventsEntry } from "./putEvents";

const CONTENT_TYPE = "application/x-amz-json-1.1";

function reply(res: http.ServerResponse, status: number, body: unknown): void {
    const text = JSON.stringify(body);
    res.writeHead(status, { "Content-Type": CONTENT_TYPE, "Content-Length": Buffer.byteLength(text), "x-amzn-RequestId": randomUUID() });
    res.end(text);
}

const error = (res: http.ServerResponse, status: number, type: string, message: string) => reply(res, status, { __type: type, message });

/** A request listener serving PutEvents on the bus engine (mountable on any http.Server). */
export function eventBridgeRequestListener(bus: EventBusEngine): http.RequestListener {
    return (req, res) => {
        const chunks: Buffer[] = [];
        req.on("data", (chunk: Buffer) => chunks.push(chunk));
        req.on("end", () => {
            void (async () => {
                const target = String(req.headers["x-amz-target"] ?? "");
                if (req.method !== "POST") return error(res, 405, "UnknownOperationException", `the local EventBridge takes POST requests, not ${req.method}`);
                if (target !== "AWSEvents.PutEvents") {
                    return error(res, 400, "UnknownOperationException", `the local EventBridge serves AWSEvents.PutEvents only, not ${JSON.stringify(target)}`);
                }
                let body: { Entries?: PutEventsEntry[] };
                try {
                    body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as typeof body;
                } catch {
                    return error(res, 400, "SerializationException", "the request body is not JSON");
                }
                try {
                    reply(res, 200, await bus.putEvents(body.Entries ?? []));
                } catch (e) {
                    const name = (e as Error).name;
                    error(res, name === "ValidationException" ? 400 : 500, name === "ValidationException" ? name : "InternalException", (e as Error).message);
                }
            })();
        });
    };
}

export interface EventBridgeEndpoint {
    /** `http://127.0.0.1:<port>`: the value for AWS_ENDPOINT_URL_EVENTBRIDGE. */
    readonly url: string;
    close(): Promise<void>;
}

/** Serves PutEvents on its own loopback port (0: any free port). */
export async function startEventBridgeEndpoint(bus: EventBusEngine, port = 0): Promise<EventBridgeEndpoint> {
    const server = http.createServer(eventBridgeRequestListener(bus));
    await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, "127.0.0.1", () => resolve());
    });
    const { port: bound } = server.address() as AddressInfo;
    return {
        url: `http://127.0.0.1:${bound}`,
        close: () => new Promise<void>((resolve) => {
            server.closeAllConnections();
            server.close(() => resolve());
        }),
    };
}
