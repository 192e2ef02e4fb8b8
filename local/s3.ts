/**
 * An S3 API on a loopback port for what the functions use: PutObject (honouring `If-None-Match: *` and `If-Match`
 * with S3's 412 PreconditionFailed), GetObject (conditional and ranged), HeadObject, DeleteObject, HeadBucket and
 * ListObjectsV2. Path-style requests (the SDK's S3Client uses them for an IP endpoint such as
 * `AWS_ENDPOINT_URL_S3=http://127.0.0.1:<port>`) and virtual-hosted ones are both understood. Buckets come from
 * the program (`aws.s3.Bucket`'s `bucket`); a bucket with EventBridge notifications on (`aws.s3.BucketNotification`
 * `eventbridge: true`) sends S3's "Object Created" and "Object Deleted" events to the default bus.
 *
 * Not modelled: authentication (dummy credentials are accepted unchecked), versioning, multipart uploads, copy,
 * ACLs and policies, bucket creation through the API, lifecycle rules, SSE (objects are stored as sent).
 */
import { createHash, randomUUID } from "crypto";
import * as http from "http";
import { AddressInfo, isIP } from "net";
import { accountOf, LocalAccount } from "./arn";
import { reporter, RuntimeLog, silentLog } from "./log";
import { ObjectStore, StoredObject } from "./s3Store";
import { byteRange, decodeAwsChunked, errorXml, listXml, requestId } from "./s3Wire";

export interface BucketConfig {
    /** The bucket's name (the resource's `bucket`). */
    readonly bucket: string;
    /** EventBridge notifications (the BucketNotification's `eventbridge`). @default false */
    readonly eventbridge?: boolean;
}

export interface S3EngineOptions extends LocalAccount {
    /** Keeps objects under `<dataDir>/<bucket>/` so they survive a restart. @default in memory */
    readonly dataDir?: string;
    /** Where S3's events go: the default bus (EventBusEngine.emit). */
    readonly publish?: (event: Record<string, unknown>) => Promise<void> | void;
    readonly log?: RuntimeLog;
}

interface Reply {
    readonly status: number;
    readonly headers?: Record<string, string | number>;
    readonly body?: string | Buffer;
}

export class S3Engine {
    private readonly account: { region: string; accountId: string };
    private readonly store: ObjectStore;
    private readonly notifying = new Set<string>();
    private readonly log: RuntimeLog;
    private server?: http.Server;
    private sequence = 0;

    constructor(private readonly options: S3EngineOptions = {}) {
        this.account = accountOf(options);
        this.store = new ObjectStore(options.dataDir);
        this.log = options.log ?? silentLog;
    }

    addBucket(config: BucketConfig): void {
        if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(config.bucket)) {
            throw new Error(`bucket name must be 3 to 63 lower-case letters, digits, dots or hyphens, but ${JSON.stringify(config.bucket)} was provided`);
        }
        this.store.addBucket(config.bucket);
        if (config.eventbridge) this.enableEventBridge(config.bucket);
    }

    /** Turns on EventBridge notifications for a bucket that was added. */
    enableEventBridge(bucket: string): void {
        if (!this.store.hasBucket(bucket)) throw new Error(`bucket notification for ${bucket}: the bucket was not added (buckets: ${this.store.bucketNames().join(", ") || "none"})`);
        this.notifying.add(bucket);
    }

    /** The stored object (for the runtime and tests), or undefined. */
    object(bucket: string, key: string): StoredObject | undefined {
        return this.store.get(bucket, key);
    }

    /** A request listener serving the S3 API (mountable on any http.Server). */
    readonly requestListener: http.RequestListener = (req, res) => {
        const chunks: Buffer[] = [];
        req.on("data", (chunk: Buffer) => chunks.push(chunk));
        req.on("end", () => {
            const id = requestId();
            let reply: Reply;
            try {
                reply = this.handle(req, Buffer.concat(chunks), id);
            } catch (error) {
                reply = xmlError(500, "InternalError", (error as Error).message, id);
            }
            res.writeHead(reply.status, { "x-amz-request-id": id, "x-amz-id-2": id, ...reply.headers });
            res.end(req.method === "HEAD" ? undefined : reply.body);
        });
    };

    /** Listens on 127.0.0.1 (0: any free port) and returns the endpoint URL, the value for AWS_ENDPOINT_URL_S3. */
    async listen(port = 0): Promise<string> {
        const server = http.createServer(this.requestListener);
        await new Promise<void>((resolve, reject) => {
            server.once("error", reject);
            server.listen(port, "127.0.0.1", () => resolve());
        });
        this.server = server;
        return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    }

    async close(): Promise<void> {
        const server = this.server;
        if (!server) return;
        this.server = undefined;
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
    }

    private handle(req: http.IncomingMessage, raw: Buffer, id: string): Reply {
        const url = new URL(req.url ?? "/", "http://s3.local");
        const { bucket, key } = this.address(url, String(req.headers.host ?? ""));
        if (!bucket) return xmlError(501, "NotImplemented", "ListBuckets is not served by the local S3", id);
        if (!this.store.hasBucket(bucket)) return xmlError(404, "NoSuchBucket", "The specified bucket does not exist", id, { BucketName: bucket });
        const method = req.method ?? "GET";
        if (key === "") {
            if (method === "HEAD") return { status: 200, headers: { "x-amz-bucket-region": this.account.region } };
            if (method === "GET" && url.searchParams.get("list-type") === "2") return this.listObjects(bucket, url);
            return xmlError(501, "NotImplemented", `${method} on a bucket (${[...url.searchParams.keys()].join(", ") || "no sub-resource"}) is not served by the local S3; it serves HeadBucket and ListObjectsV2`, id);
        }
        if (method === "PUT") {
            if (req.headers["x-amz-copy-source"]) return xmlError(501, "NotImplemented", "CopyObject is not served by the local S3", id);
            if (url.searchParams.has("uploadId") || url.searchParams.has("partNumber")) return xmlError(501, "NotImplemented", "multipart uploads are not served by the local S3", id);
            return this.putObject(bucket, key, req, raw, id);
        }
        if (method === "GET" || method === "HEAD") return this.getObject(bucket, key, req, id);
        if (method === "DELETE") {
            if (this.store.delete(bucket, key)) this.notify("Object Deleted", bucket, key, id, req, { reason: "DeleteObject", "deletion-type": "Permanently Deleted" });
            return { status: 204 };
        }
        if (method === "POST" && url.searchParams.has("uploads")) return xmlError(501, "NotImplemented", "multipart uploads are not served by the local S3", id);
        return xmlError(405, "MethodNotAllowed", `The specified method is not allowed against this resource: ${method}`, id);
    }

    /** Path style (`/<bucket>/<key>`) for IP and localhost endpoints; virtual-hosted (`<bucket>.<host>`) otherwise. */
    private address(url: URL, host: string): { bucket?: string; key: string } {
        const hostname = host.replace(/:\d+$/, "");
        const label = hostname.split(".")[0];
        if (isIP(hostname) === 0 && hostname.includes(".") && this.store.hasBucket(label)) {
            return { bucket: label, key: decodeURIComponent(url.pathname.slice(1)) };
        }
        const [, bucket, ...rest] = url.pathname.split("/");
        return { bucket: bucket ? decodeURIComponent(bucket) : undefined, key: decodeURIComponent(rest.join("/")) };
    }

    private putObject(bucket: string, key: string, req: http.IncomingMessage, raw: Buffer, id: string): Reply {
        const headers = req.headers;
        const chunked = String(headers["content-encoding"] ?? "").includes("aws-chunked") || String(headers["x-amz-content-sha256"] ?? "").startsWith("STREAMING-");
        const { body, trailers } = chunked ? decodeAwsChunked(raw) : { body: raw, trailers: {} as Record<string, string> };
        const md5 = createHash("md5").update(body);
        const contentMd5 = headers["content-md5"];
        if (typeof contentMd5 === "string" && contentMd5 !== md5.copy().digest("base64")) {
            return xmlError(400, "BadDigest", "The Content-MD5 you specified did not match what we received.", id);
        }
        const ifNoneMatch = headers["if-none-match"];
        const ifMatch = headers["if-match"];
        if (ifNoneMatch !== undefined && ifNoneMatch !== "*") {
            return xmlError(501, "NotImplemented", "A header you provided implies functionality that is not implemented", id, { Header: "If-None-Match" });
        }
        const all = { ...headers, ...trailers };
        const object: StoredObject = {
            key,
            body,
            etag: md5.digest("hex"),
            contentType: String(headers["content-type"] ?? "binary/octet-stream"),
            lastModified: new Date(),
            metadata: Object.fromEntries(Object.entries(headers).filter(([h]) => h.startsWith("x-amz-meta-")).map(([h, v]) => [h, String(v)])),
            checksums: Object.fromEntries(Object.entries(all).filter(([h]) => /^x-amz-checksum-(?!type|algorithm)/.test(h)).map(([h, v]) => [h, String(v)])),
        };
        const refusal = this.store.put(bucket, object, (existing) => {
            if (ifNoneMatch === "*" && existing) return xmlError(412, "PreconditionFailed", "At least one of the pre-conditions you specified did not hold", id, { Condition: "If-None-Match" });
            if (ifMatch !== undefined && !existing) return xmlError(404, "NoSuchKey", "The specified key does not exist.", id, { Key: key });
            if (ifMatch !== undefined && existing && !etagMatches(ifMatch, existing.etag)) {
                return xmlError(412, "PreconditionFailed", "At least one of the pre-conditions you specified did not hold", id, { Condition: "If-Match" });
            }
            return undefined;
        });
        if (refusal) {
            reporter(this.log, bucket)("storage", `PutObject ${key} refused: ${refusal.status} (${ifNoneMatch === "*" ? "If-None-Match: * and the key exists" : "If-Match"})`);
            return refusal;
        }
        reporter(this.log, bucket)("storage", `PutObject ${key} (${body.length} bytes)`);
        this.notify("Object Created", bucket, key, id, req, { reason: "PutObject", size: body.length, etag: object.etag });
        return { status: 200, headers: { ETag: `"${object.etag}"`, "x-amz-server-side-encryption": "AES256", ...object.checksums } };
    }

    private getObject(bucket: string, key: string, req: http.IncomingMessage, id: string): Reply {
        const object = this.store.get(bucket, key);
        if (!object) return req.method === "HEAD" ? { status: 404 } : xmlError(404, "NoSuchKey", "The specified key does not exist.", id, { Key: key });
        const h = req.headers;
        const unmodifiedSince = h["if-unmodified-since"] ? Date.parse(h["if-unmodified-since"]) : undefined;
        const modifiedSince = h["if-modified-since"] ? Date.parse(h["if-modified-since"]) : undefined;
        const modified = Math.floor(object.lastModified.getTime() / 1000) * 1000;
        const base: Record<string, string | number> = {
            ETag: `"${object.etag}"`,
            "Last-Modified": object.lastModified.toUTCString(),
            "Content-Type": object.contentType,
            "Accept-Ranges": "bytes",
            "x-amz-server-side-encryption": "AES256",
            ...object.metadata,
            ...(String(h["x-amz-checksum-mode"] ?? "").toUpperCase() === "ENABLED" ? object.checksums : {}),
        };
        if ((h["if-match"] && !etagMatches(h["if-match"], object.etag)) || (unmodifiedSince !== undefined && !h["if-match"] && modified > unmodifiedSince)) {
            return xmlError(412, "PreconditionFailed", "At least one of the pre-conditions you specified did not hold", id, { Condition: h["if-match"] ? "If-Match" : "If-Unmodified-Since" });
        }
        if ((h["if-none-match"] && etagMatches(h["if-none-match"], object.etag)) || (modifiedSince !== undefined && !h["if-none-match"] && modified <= modifiedSince)) {
            return { status: 304, headers: { ETag: base.ETag, "Last-Modified": base["Last-Modified"] } };
        }
        const range = byteRange(h.range, object.body.length);
        if (range === "unsatisfiable") return xmlError(416, "InvalidRange", "The requested range is not satisfiable", id, { RangeRequested: String(h.range) });
        if (range) {
            const part = object.body.subarray(range.start, range.end + 1);
            return { status: 206, headers: { ...base, "Content-Length": part.length, "Content-Range": `bytes ${range.start}-${range.end}/${object.body.length}` }, body: part };
        }
        return { status: 200, headers: { ...base, "Content-Length": object.body.length }, body: object.body };
    }

    private listObjects(bucket: string, url: URL): Reply {
        const maxKeys = Math.min(1000, Number(url.searchParams.get("max-keys") ?? 1000));
        const xml = listXml(bucket, this.store.list(bucket), {
            prefix: url.searchParams.get("prefix") ?? "",
            delimiter: url.searchParams.get("delimiter") ?? undefined,
            maxKeys: Number.isInteger(maxKeys) && maxKeys >= 0 ? maxKeys : 1000,
            startAfter: url.searchParams.get("start-after") ?? undefined,
            continuationToken: url.searchParams.get("continuation-token") ?? undefined,
        });
        return { status: 200, headers: { "Content-Type": "application/xml" }, body: xml };
    }

    /** S3's EventBridge event (the documented shape) for a bucket with notifications on. */
    private notify(detailType: "Object Created" | "Object Deleted", bucket: string, key: string, id: string, req: http.IncomingMessage, extra: Record<string, unknown>): void {
        if (!this.notifying.has(bucket) || !this.options.publish) return;
        const { reason, ...objectFields } = extra;
        const deletionType = objectFields["deletion-type"];
        delete objectFields["deletion-type"];
        this.sequence += 1;
        const event = {
            version: "0",
            id: randomUUID(),
            "detail-type": detailType,
            source: "aws.s3",
            account: this.account.accountId,
            time: new Date().toISOString().replace(/\.\d{3}Z$/, "Z"),
            region: this.account.region,
            resources: [`arn:aws:s3:::${bucket}`],
            detail: {
                version: "0",
                bucket: { name: bucket },
                object: { key, ...objectFields, sequencer: `${Date.now().toString(16).toUpperCase()}${String(this.sequence).padStart(6, "0")}` },
                "request-id": id,
                requester: this.account.accountId,
                "source-ip-address": (req.socket.remoteAddress ?? "127.0.0.1").replace(/^::ffff:/, ""),
                reason,
                ...(deletionType ? { "deletion-type": deletionType } : {}),
            },
        };
        void Promise.resolve(this.options.publish(event)).catch((error: Error) => {
            reporter(this.log, bucket)("error", `${detailType} for ${key} could not be sent to EventBridge: ${error.message}`);
        });
    }
}

function etagMatches(header: string, etag: string): boolean {
    return header.split(",").map((t) => t.trim().replace(/^W\//, "").replace(/"/g, "")).some((t) => t === "*" || t === etag);
}

function xmlError(status: number, code: string, message: string, id: string, extra: Record<string, string> = {}): Reply {
    return { status, headers: { "Content-Type": "application/xml" }, body: errorXml(code, message, id, extra) };
}
