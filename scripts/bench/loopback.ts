/**
 * One HTTP server on 127.0.0.1 that answers a function's first calls the way the services do, so a cold start is
 * measured with a real success and not with an error path: DynamoDB (any item operation succeeds, GetItem finds
 * nothing), EventBridge PutEvents (every entry accepted), IoT data Publish (200), S3 (PUT stores, GET serves what
 * was stored or seeded) and an issuer's JWKS. Every function's AWS_ENDPOINT_URL_<SERVICE> points here.
 */
import * as http from "http";
import { AddressInfo } from "net";

/** A request the server answered, for the benchmark to check that a run really called the service. */
export interface ServedRequest {
    readonly service: "dynamodb" | "eventbridge" | "iot-data" | "s3" | "jwks";
    readonly operation: string;
}

export interface Loopback {
    /** `http://127.0.0.1:<port>` */
    readonly endpoint: string;
    /** Objects S3 GET serves, by `<bucket>/<key>`; PUTs add to it. */
    readonly objects: Map<string, string>;
    readonly served: ServedRequest[];
    stop(): Promise<void>;
}

interface Answer {
    readonly status: number;
    readonly headers: Record<string, string>;
    readonly body: string;
    readonly served: ServedRequest;
}

const json = (contentType: string, body: unknown, served: ServedRequest): Answer =>
    ({ status: 200, headers: { "content-type": contentType }, body: JSON.stringify(body), served });

function answer(method: string, url: string, headers: http.IncomingHttpHeaders, body: string, objects: Map<string, string>, jwks: unknown): Answer {
    const target = String(headers["x-amz-target"] ?? "");
    if (target.startsWith("DynamoDB_20120810.")) {
        // An empty object is DynamoDB's success for PutItem, UpdateItem and DeleteItem, and GetItem with no item.
        return json("application/x-amz-json-1.0", {}, { service: "dynamodb", operation: target.slice(target.indexOf(".") + 1) });
    }
    if (target === "AWSEvents.PutEvents") {
        const entries = (JSON.parse(body) as { Entries?: unknown[] }).Entries ?? [];
        return json("application/x-amz-json-1.1", { FailedEntryCount: 0, Entries: entries.map((_, i) => ({ EventId: `event-${i}` })) },
            { service: "eventbridge", operation: "PutEvents" });
    }
    const path = decodeURIComponent(url.split("?")[0]);
    if (method === "POST" && path.startsWith("/topics/")) return { status: 200, headers: {}, body: "", served: { service: "iot-data", operation: "Publish" } };
    if (method === "GET" && path === "/.well-known/jwks.json") return json("application/json", jwks, { service: "jwks", operation: "GetJwks" });
    const key = path.replace(/^\//, "");
    if (method === "PUT") {
        objects.set(key, body);
        return { status: 200, headers: { etag: "\"bench\"" }, body: "", served: { service: "s3", operation: "PutObject" } };
    }
    if (method === "GET" && objects.has(key)) {
        return { status: 200, headers: { "content-type": "application/json" }, body: objects.get(key)!, served: { service: "s3", operation: "GetObject" } };
    }
    return {
        status: 404, headers: { "content-type": "application/xml" }, served: { service: "s3", operation: `${method} (not found)` },
        body: `<Error><Code>NoSuchKey</Code><Message>${key} does not exist</Message></Error>`,
    };
}

/** Starts the server; `jwks` is the key set served at `/.well-known/jwks.json`. */
export async function startLoopback(jwks: unknown): Promise<Loopback> {
    const objects = new Map<string, string>();
    const served: ServedRequest[] = [];
    const server = http.createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on("data", (chunk: Buffer) => chunks.push(chunk));
        req.on("end", () => {
            const reply = answer(req.method ?? "", req.url ?? "", req.headers, Buffer.concat(chunks).toString("utf8"), objects, jwks);
            served.push(reply.served);
            res.writeHead(reply.status, reply.headers);
            res.end(reply.body);
        });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
    return {
        endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        objects,
        served,
        stop: () => new Promise<void>((resolve) => {
            server.closeAllConnections();
            server.close(() => resolve());
        }),
    };
}
