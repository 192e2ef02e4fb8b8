/**
 * The one origin a browser talks to, as the deployed storefront has one site: the OpenID Connect issuer under
 * /oidc, the HTTP API's routes, /config.json, MQTT over WebSockets on /mqtt, the runtime's own /_local/ endpoints
 * (dead-letter queues), and the built storefront for every other GET (index.html for any path it does not have).
 */
import * as fs from "fs";
import * as http from "http";
import * as path from "path";
import { contentTypeFor, pageContentSecurityPolicy, siteFiles, withContentSecurityPolicy } from "../components/siteAssets";
import type { StorefrontConfig } from "../contracts/storefrontConfig";

export interface Mounted {
    owns(req: http.IncomingMessage): boolean;
    handleRequest(req: http.IncomingMessage, res: http.ServerResponse): void;
}

export interface OriginOptions {
    /** Handlers in the order they are asked: the first that owns a request answers it. */
    readonly mounts: readonly Mounted[];
    /** WebSocket upgrades (MQTT); `false` when the path is not the handler's. */
    readonly upgrade: (req: http.IncomingMessage, socket: import("stream").Duplex, head: Buffer) => boolean;
    /** The storefront and its /config.json; absent when the program has no customers, API or realtime to serve it with. */
    readonly storefront?: StorefrontOptions;
}

export interface StorefrontOptions {
    readonly config: StorefrontConfig;
    /** The built storefront. */
    readonly siteDirectory: string;
    /** Headers every storefront response carries, as the deployed site's response headers policy sets them. */
    readonly securityHeaders: Record<string, string>;
    /** Origins besides 'self' the page may connect to (the realtime URL: a ws: origin). */
    readonly connectTo: readonly string[];
}

/** The site's files, read once: the page gets its CSP as the deployed one does. */
function storefront(options: StorefrontOptions): (req: http.IncomingMessage, res: http.ServerResponse) => void {
    const files = new Map(siteFiles(options.siteDirectory).map((f) => [`/${f.key}`, f]));
    const index = files.get("/index.html")!;
    const page = withContentSecurityPolicy(fs.readFileSync(index.file, "utf8"), pageContentSecurityPolicy(options.connectTo));
    const config = JSON.stringify(options.config);
    return (req, res) => {
        const url = new URL(req.url ?? "/", "http://localhost");
        if (req.method !== "GET" && req.method !== "HEAD") {
            res.writeHead(405, { allow: "GET, HEAD", "content-type": "text/plain" });
            res.end("Method Not Allowed");
            return;
        }
        const send = (status: number, type: string, cacheControl: string, body: string | Buffer) => {
            res.writeHead(status, { ...options.securityHeaders, "content-type": type, "cache-control": cacheControl, "content-length": Buffer.byteLength(body) });
            res.end(req.method === "HEAD" ? undefined : body);
        };
        if (url.pathname === "/config.json") return send(200, "application/json", "no-cache", config);
        const file = files.get(url.pathname);
        if (file && file.key !== "index.html") return send(200, file.contentType, file.cacheControl, fs.readFileSync(file.file));
        // The app routes in the browser: any other path is the page (CloudFront's SPA fallback does the same).
        const unknownAsset = path.extname(url.pathname) !== "" && contentTypeFor(url.pathname) !== undefined && !file;
        if (unknownAsset && url.pathname.startsWith("/assets/")) return send(404, "text/plain", "no-cache", "Not Found");
        return send(200, index.contentType, index.cacheControl, page);
    };
}

export interface Origin {
    readonly port: number;
    /** `http://localhost:<port>`: what the browser, the issuer and the CORS rules call this origin. */
    readonly url: string;
    /** Starts answering with the runtime's handlers (until then every request gets 503: the runtime is starting). */
    serve(options: OriginOptions): void;
    close(): Promise<void>;
}

/**
 * Binds the origin on 127.0.0.1 only (the runtime is a development tool, never a deployment target). Bound first, so
 * a port of 0 is known before the program is evaluated with this origin's URLs.
 */
export async function bindOrigin(port: number): Promise<Origin> {
    let handle: http.RequestListener = (_req, res) => {
        res.writeHead(503, { "content-type": "text/plain", "retry-after": "1" });
        res.end("The local runtime is starting.");
    };
    let upgrade: OriginOptions["upgrade"] = () => false;
    const server = http.createServer((req, res) => handle(req, res));
    server.on("upgrade", (req, socket, head) => {
        if (!upgrade(req, socket, head)) socket.destroy();
    });
    await new Promise<void>((resolve, reject) => {
        server.once("error", (error: NodeJS.ErrnoException) => reject(error.code === "EADDRINUSE"
            ? new Error(`port ${port} on 127.0.0.1 is in use; start with another port (npm start -- --port <n>) or stop what uses it`)
            : error));
        server.listen(port, "127.0.0.1", () => resolve());
    });
    const actual = (server.address() as { port: number }).port;
    return {
        port: actual,
        url: `http://localhost:${actual}`,
        serve(options) {
            const site: http.RequestListener = options.storefront ? storefront(options.storefront) : (_req, res) => {
                res.writeHead(404, { "content-type": "text/plain" });
                res.end("This program has no storefront: it needs a user pool, an HTTP API and an IoT authorizer.");
            };
            upgrade = options.upgrade;
            handle = (req, res) => {
                const mount = options.mounts.find((m) => m.owns(req));
                if (mount) mount.handleRequest(req, res);
                else site(req, res);
            };
        },
        close: () => new Promise<void>((resolve) => {
            server.closeAllConnections();
            server.close(() => resolve());
        }),
    };
}
