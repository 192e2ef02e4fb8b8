/**
 * Canned AWS answers on loopback for measuring handlers: every call succeeds with the smallest valid reply, so a
 * handler takes its happy path and the process does little work besides the handler's own. Each call is counted by
 * service, and the items written to DynamoDB are kept to size them.
 */
import * as http from "http";
import { AddressInfo } from "net";

interface RecordedRequest {
    readonly method: string;
    readonly url: string;
    readonly headers: http.IncomingHttpHeaders;
    readonly body: string;
}

interface Reply {
    readonly status?: number;
    readonly headers?: Record<string, string>;
    readonly body?: string;
}

/** An HTTP server on 127.0.0.1 (a free port) whose every answer `respond` decides. */
async function startServer(respond: (req: RecordedRequest) => Reply): Promise<{ endpoint: string; stop(): Promise<void> }> {
    const server = http.createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on("data", (c: Buffer) => chunks.push(c));
        req.on("end", () => {
            const reply = respond({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
            res.writeHead(reply.status ?? 200, reply.headers ?? {});
            res.end(reply.body ?? "");
        });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
    return {
        endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        stop: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
    };
}

/** An AWS call as IAM names its action, e.g. "dynamodb:PutItem", "events:PutEvents", "s3:GetObject", "iot:Publish". */
export type Call = string;

export interface ServiceOptions {
    /** What GetItem answers for a table (DynamoDB JSON), or undefined for "no such item". */
    readonly getItem?: (table: string) => Record<string, unknown> | undefined;
    /** What an S3 GET answers for a key, or undefined for NoSuchKey. */
    readonly getObject?: (key: string) => string | undefined;
    /** The JWKS an issuer serves at /.well-known/jwks.json (this endpoint is then the issuer). */
    readonly jwks?: unknown;
}

export interface CannedServices {
    readonly endpoint: string;
    /** Calls by action since the last `reset`. */
    calls(): Record<Call, number>;
    /** The JSON size of every item PutItem wrote since the last `reset`, in bytes of DynamoDB's item-size rule. */
    writtenItemBytes(): number[];
    /** DynamoDB request units the calls since the last `reset` consumed (on-demand: what is billed). */
    requestUnits(): { writes: number; reads: number };
    reset(): void;
    stop(): Promise<void>;
}

const json = (body: unknown): Reply => ({ status: 200, headers: { "content-type": "application/x-amz-json-1.0" }, body: JSON.stringify(body) });

/**
 * DynamoDB's item size: attribute names plus values (strings as UTF-8, numbers about one byte per two digits plus
 * one, booleans and nulls one byte, 3 bytes of overhead per list or map).
 */
export function itemBytes(item: Record<string, unknown>): number {
    const value = (v: Record<string, unknown>): number => {
        if (typeof v.S === "string") return Buffer.byteLength(v.S);
        if (typeof v.N === "string") return Math.ceil(v.N.replace(/[^0-9]/g, "").length / 2) + 1;
        if (v.BOOL !== undefined || v.NULL !== undefined) return 1;
        if (Array.isArray(v.L)) return 3 + v.L.reduce((sum: number, e) => sum + value(e as Record<string, unknown>), 0);
        if (v.M && typeof v.M === "object") return 3 + itemBytes(v.M as Record<string, unknown>);
        if (Array.isArray(v.SS)) return v.SS.reduce((sum: number, s) => sum + Buffer.byteLength(String(s)), 0);
        return 0;
    };
    return Object.entries(item).reduce((sum, [name, v]) => sum + Buffer.byteLength(name) + value(v as Record<string, unknown>), 0);
}

export async function startCannedServices(options: ServiceOptions = {}): Promise<CannedServices> {
    const counts: Record<Call, number> = {};
    const count = (call: Call) => { counts[call] = (counts[call] ?? 0) + 1; };
    const written: number[] = [];
    const units = { writes: 0, reads: 0 };
    const kb = (item: unknown, per: number) => Math.max(1, Math.ceil(itemBytes((item ?? {}) as Record<string, unknown>) / per));
    const respond = (req: RecordedRequest): Reply => {
        const target = String(req.headers["x-amz-target"] ?? "");
        if (target.startsWith("DynamoDB_20120810.")) {
            const body = JSON.parse(req.body || "{}") as Record<string, any>;
            const operation = target.slice("DynamoDB_20120810.".length);
            count(`dynamodb:${operation}`);
            if (operation === "PutItem" && body.Item) written.push(itemBytes(body.Item));
            // Writes by the item's size in 1 KB units (an update's by its key: the stored item is not known here);
            // strongly consistent reads of items up to 4 KB are one unit, eventually consistent ones half; transactions double.
            if (operation === "PutItem" || operation === "UpdateItem" || operation === "DeleteItem") units.writes += kb(body.Item ?? body.Key, 1024);
            if (operation === "GetItem") units.reads += body.ConsistentRead ? 1 : 0.5;
            if (operation === "TransactWriteItems") {
                for (const t of body.TransactItems ?? []) units.writes += 2 * kb(t.Put?.Item ?? t.Update?.Key ?? t.Delete?.Key ?? t.ConditionCheck?.Key, 1024);
            }
            if (operation === "TransactGetItems") units.reads += 2 * (body.TransactItems ?? []).length;
            if (operation === "GetItem") {
                const item = options.getItem?.(String(body.TableName));
                return json(item ? { Item: item } : {});
            }
            if (operation === "UpdateItem") return json({ Attributes: {} });
            return json({});
        }
        if (target === "AWSEvents.PutEvents") {
            count("events:PutEvents");
            const entries = (JSON.parse(req.body || "{}").Entries ?? []) as unknown[];
            return { status: 200, headers: { "content-type": "application/x-amz-json-1.1" }, body: JSON.stringify({ FailedEntryCount: 0, Entries: entries.map((_, i) => ({ EventId: `evt-${i}` })) }) };
        }
        if (req.method === "GET" && req.url === "/.well-known/jwks.json" && options.jwks) {
            return { status: 200, headers: { "content-type": "application/json" }, body: JSON.stringify(options.jwks) };
        }
        if (req.url.startsWith("/topics/")) {
            count("iot:Publish");
            return { status: 200, headers: { "content-type": "application/json" }, body: "{}" };
        }
        count(req.method === "PUT" ? "s3:PutObject" : "s3:GetObject");
        const key = decodeURIComponent(req.url.split("?")[0]).replace(/^\/[^/]+\//, "");
        if (req.method === "PUT") return { status: 200, headers: { ETag: "\"etag\"" } };
        const object = options.getObject?.(key);
        return object === undefined
            ? { status: 404, headers: { "content-type": "application/xml" }, body: "<Error><Code>NoSuchKey</Code><Message>none</Message></Error>" }
            : { status: 200, headers: { "content-type": "application/json", "content-length": String(Buffer.byteLength(object)) }, body: object };
    };
    const server = await startServer(respond);
    return {
        endpoint: server.endpoint,
        calls: () => ({ ...counts }),
        writtenItemBytes: () => [...written],
        requestUnits: () => ({ ...units }),
        reset: () => {
            for (const key of Object.keys(counts)) delete counts[key];
            written.length = 0;
            units.writes = 0;
            units.reads = 0;
        },
        stop: () => server.stop(),
    };
}
