/**
 * dynalite has no streams, so the local DynamoDB endpoint is a proxy in front of it that records them: a write to a
 * stream-enabled table (PutItem, UpdateItem, DeleteItem, BatchWriteItem; dynalite serves no transactions) is
 * serialized per table, the items it touches are read before and after it, and each change becomes a stream record. A write that
 * fails (a condition, a validation) changes nothing and records nothing. Every other request passes through as is.
 */
import * as http from "http";
import { AddressInfo } from "net";
import { DynamoDBClient, GetItemCommand } from "@aws-sdk/client-dynamodb";
import { Image, TableStream } from "./dynamoStreams";

/** A request header the engine's own TTL sweep sets, so its removals are recorded as the TTL service's. */
export const TTL_SWEEP_HEADER = "x-local-ttl-sweep";

interface Touched {
    readonly table: string;
    readonly key: Image;
}

type Body = Record<string, unknown>;

/** The items a write request touches, per table, from its parameters. */
function touched(operation: string, body: Body, keyNames: (table: string) => readonly string[] | undefined): Touched[] {
    const keyOf = (table: string, item: Image) => Object.fromEntries((keyNames(table) ?? []).map((k) => [k, item[k]]));
    switch (operation) {
        case "PutItem":
            return [{ table: String(body.TableName), key: keyOf(String(body.TableName), body.Item as Image) }];
        case "UpdateItem":
        case "DeleteItem":
            return [{ table: String(body.TableName), key: body.Key as Image }];
        case "BatchWriteItem":
            return Object.entries((body.RequestItems ?? {}) as Record<string, { PutRequest?: { Item: Image }; DeleteRequest?: { Key: Image } }[]>)
                .flatMap(([table, requests]) => requests.map((r) => ({ table, key: r.PutRequest ? keyOf(table, r.PutRequest.Item) : r.DeleteRequest!.Key })));
        default:
            return [];
    }
}

/** Binary attributes come back as bytes; a stream record carries them base64-encoded, as JSON does. */
function jsonImage(value: unknown): unknown {
    if (value instanceof Uint8Array) return Buffer.from(value).toString("base64");
    if (Array.isArray(value)) return value.map(jsonImage);
    if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => [k, jsonImage(v)]));
    return value;
}

export interface CaptureProxy {
    readonly url: string;
    close(): Promise<void>;
}

export async function startCaptureProxy(options: {
    /** dynalite's own URL. */
    readonly upstream: string;
    /** A client talking to dynalite directly (to read the images). */
    readonly direct: DynamoDBClient;
    readonly streamOf: (table: string) => TableStream | undefined;
    readonly keyNames: (table: string) => readonly string[] | undefined;
    readonly port?: number;
}): Promise<CaptureProxy> {
    const locks = new Map<string, Promise<void>>();
    const upstream = new URL(options.upstream);

    /** Runs `work` once every table it names is free, in a fixed order so two writes cannot wait on each other. */
    async function exclusively<T>(tables: string[], work: () => Promise<T>): Promise<T> {
        const releases: (() => void)[] = [];
        for (const table of [...new Set(tables)].sort()) {
            const previous = locks.get(table) ?? Promise.resolve();
            let release!: () => void;
            const mine = new Promise<void>((resolve) => { release = resolve; });
            locks.set(table, previous.then(() => mine));
            await previous;
            releases.push(release);
        }
        try {
            return await work();
        } finally {
            releases.forEach((release) => release());
        }
    }

    const image = async (t: Touched): Promise<Image | undefined> => {
        const { Item } = await options.direct.send(new GetItemCommand({ TableName: t.table, Key: t.key as never, ConsistentRead: true }));
        return Item ? jsonImage(Item) as Image : undefined;
    };

    const forward = (req: http.IncomingMessage, body: Buffer): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> =>
        new Promise((resolve, reject) => {
            const request = http.request({ hostname: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: req.headers }, (res) => {
                const chunks: Buffer[] = [];
                res.on("data", (c: Buffer) => chunks.push(c));
                res.on("end", () => resolve({ status: res.statusCode ?? 500, headers: res.headers, body: Buffer.concat(chunks) }));
                res.on("error", reject);
            });
            request.on("error", reject);
            request.end(body);
        });

    const server = http.createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on("data", (c: Buffer) => chunks.push(c));
        req.on("end", () => {
            void (async () => {
                const body = Buffer.concat(chunks);
                const operation = String(req.headers["x-amz-target"] ?? "").split(".")[1] ?? "";
                let writes: Touched[] = [];
                try {
                    writes = touched(operation, JSON.parse(body.toString("utf8") || "{}") as Body, options.keyNames).filter((w) => options.streamOf(w.table));
                } catch {
                    writes = [];
                }
                const byTtl = req.headers[TTL_SWEEP_HEADER] === "1";
                const answer = writes.length === 0 ? await forward(req, body) : await exclusively(writes.map((w) => w.table), async () => {
                    const before = await Promise.all(writes.map(image));
                    const response = await forward(req, body);
                    if (response.status === 200) {
                        const after = await Promise.all(writes.map(image));
                        writes.forEach((w, i) => options.streamOf(w.table)!.append(before[i], after[i], byTtl));
                    }
                    return response;
                });
                res.writeHead(answer.status, answer.headers);
                res.end(answer.body);
            })().catch((error: Error) => {
                res.writeHead(500, { "Content-Type": "application/x-amz-json-1.0" });
                res.end(JSON.stringify({ __type: "com.amazonaws.dynamodb.v20120810#InternalServerError", message: error.message }));
            });
        });
    });
    await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
    });
    return {
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        close: () => new Promise<void>((resolve) => {
            server.closeAllConnections();
            server.close(() => resolve());
        }),
    };
}
