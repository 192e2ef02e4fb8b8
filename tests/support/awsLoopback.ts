/**
 * For bundle ("serialization") tests: load a function's real bundle from a temp dir, as Lambda would, and
 * answer its AWS SDK calls from a recording HTTP server on 127.0.0.1 (the SDK is pointed there through the
 * standard AWS_ENDPOINT_URL_<SERVICE> variables). No network beyond loopback.
 */
import * as fs from "fs";
import * as http from "http";
import * as os from "os";
import * as path from "path";
import { AddressInfo, createServer, Socket } from "net";
import { bundleHandler } from "../../components/bundle";
import { ROOT } from "../harness";
import type { S3ObjectCreatedEvent } from "../../functions/receiptStored";

export interface RecordedRequest {
    method: string;
    url: string;
    headers: http.IncomingHttpHeaders;
    body: string;
}

export interface Reply {
    status?: number;
    headers?: Record<string, string>;
    body?: string;
}

export interface FakeAws {
    endpoint: string;
    requests: RecordedRequest[];
    stop(): Promise<void>;
}

/** Starts a loopback server; `respond` decides each answer. */
export async function startFakeAws(respond: (req: RecordedRequest) => Reply): Promise<FakeAws> {
    const requests: RecordedRequest[] = [];
    const server = http.createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on("data", (c: Buffer) => chunks.push(c));
        req.on("end", () => {
            const recorded = { method: req.method ?? "", url: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks).toString("utf8") };
            requests.push(recorded);
            const reply = respond(recorded);
            res.writeHead(reply.status ?? 200, reply.headers ?? {});
            res.end(reply.body ?? "");
        });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
    const { port } = server.address() as AddressInfo;
    return {
        endpoint: `http://127.0.0.1:${port}`,
        requests,
        stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
    };
}

export interface HungServer {
    endpoint: string;
    /** Connections accepted so far. */
    connections(): number;
    stop(): Promise<void>;
}

/**
 * A loopback endpoint that accepts every connection, reads what is sent and never answers: the fault of a hung
 * dependency, which only a client-side timeout ends.
 */
export async function startHungServer(): Promise<HungServer> {
    const sockets = new Set<Socket>();
    let accepted = 0;
    const server = createServer((socket) => {
        accepted += 1;
        sockets.add(socket);
        socket.on("data", () => undefined);
        socket.on("error", () => undefined);
        socket.on("close", () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
    return {
        endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        connections: () => accepted,
        stop: () => new Promise<void>((resolve) => {
            for (const socket of sockets) socket.destroy();
            server.close(() => resolve());
        }),
    };
}

export interface LoadedBundle {
    handler: (event: any, context?: any) => Promise<any>;
    bytes: number;
    dir: string;
    cleanup(): void;
}

/**
 * Writes the bundle of `exportName` from `modulePath` (relative to the project root) to a fresh temp dir as index.js (next to a node_modules with only @aws-sdk, which the
 * nodejs22.x runtime provides), requires it with `env` set, and returns its `handler`. `cleanup()` restores the env.
 */
export function loadBundle(modulePath: string, exportName: string, env: Record<string, string>): LoadedBundle {
    const { code } = bundleHandler({ module: modulePath.replace(/\.ts$/, ""), exportName });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bundle-"));
    fs.mkdirSync(path.join(dir, "node_modules"));
    fs.symlinkSync(path.join(ROOT, "node_modules", "@aws-sdk"), path.join(dir, "node_modules", "@aws-sdk"), "dir");
    const file = path.join(dir, "index.js");
    fs.writeFileSync(file, code);
    const saved: Record<string, string | undefined> = {};
    const all = {
        AWS_REGION: "us-east-1",
        AWS_ACCESS_KEY_ID: "test",
        AWS_SECRET_ACCESS_KEY: "test",
        POWERTOOLS_LOG_LEVEL: "SILENT",
        ...env,
    };
    for (const [key, value] of Object.entries(all)) {
        saved[key] = process.env[key];
        process.env[key] = value;
    }
    const restore = () => {
        for (const [key, value] of Object.entries(saved)) {
            if (value === undefined) delete process.env[key];
            else process.env[key] = value;
        }
    };
    try {
        const mod = require(file) as { handler: LoadedBundle["handler"] };
        return {
            handler: mod.handler,
            bytes: Buffer.byteLength(code),
            dir,
            // The SDK resolves region, credentials and endpoint lazily, so the variables stay set until cleanup.
            cleanup: () => { restore(); fs.rmSync(dir, { recursive: true, force: true }); },
        };
    } catch (error) {
        restore();
        throw error;
    }
}

/** S3's EventBridge "Object Created" event, as documented by AWS, for one of our receipts. */
export function objectCreated(key: string, bucket: string): S3ObjectCreatedEvent & Record<string, unknown> {
    return {
        version: "0", id: "17793124-05d4-b198-2fde-7ededc63b103", "detail-type": "Object Created", source: "aws.s3",
        account: "123456789012", time: "2026-11-26T10:00:05Z", region: "us-east-1", resources: [`arn:aws:s3:::${bucket}`],
        detail: {
            version: "0", bucket: { name: bucket },
            object: { key, size: 214, etag: "b1946ac92492d2347c6235b4d2611184", sequencer: "00617F08299329D189" },
            "request-id": "N4N7GDK58NMKJ12R", requester: "123456789012", "source-ip-address": "10.0.0.1", reason: "PutObject",
        } as never,
    };
}

