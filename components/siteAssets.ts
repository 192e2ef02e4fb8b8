import * as fs from "fs";
import * as path from "path";

/**
 * The files of a built storefront as S3 objects: key, content type and cache policy. Pulumi-free, so the local
 * runtime serves the same files with the same headers the deployed site does.
 */

/** The content types the storefront's files may have; any other extension stops the deployment, naming the file. */
export const CONTENT_TYPES: Readonly<Record<string, string>> = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".json": "application/json",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".webp": "image/webp",
    ".ico": "image/x-icon",
    ".woff2": "font/woff2",
    ".txt": "text/plain; charset=utf-8",
    ".webmanifest": "application/manifest+json",
};

/** Fingerprinted by the bundler (Vite puts them under assets/): a new build gets new names, so they never change. */
export const IMMUTABLE = "public, max-age=31536000, immutable";
/** index.html and config.json name the current build and the stack's endpoints: always revalidated. */
export const REVALIDATE = "no-cache";
/** Everything else at a stable name (e.g. the favicon): an hour. */
export const SHORT_LIVED = "public, max-age=3600";

export interface SiteFile {
    /** The object key, with `/` separators, e.g. "assets/index-3f2a.js". */
    readonly key: string;
    readonly file: string;
    readonly contentType: string;
    readonly cacheControl: string;
}

/** Thrown when the built storefront is missing or holds a file of a type the site does not serve. */
export class SiteAssetsError extends Error {
    constructor(readonly directory: string, reason: string) {
        super(`storefront build ${directory}: ${reason}`);
        this.name = "SiteAssetsError";
    }
}

export function cacheControlFor(key: string): string {
    if (key === "index.html" || key === "config.json") return REVALIDATE;
    return key.startsWith("assets/") ? IMMUTABLE : SHORT_LIVED;
}

export function contentTypeFor(key: string): string | undefined {
    return CONTENT_TYPES[path.extname(key).toLowerCase()];
}

/** Every file of a built storefront, sorted by key, with its headers. */
export function siteFiles(directory: string): SiteFile[] {
    if (!fs.existsSync(path.join(directory, "index.html"))) {
        throw new SiteAssetsError(directory, "there is no index.html; build the storefront first (npm run build -w web)");
    }
    const walk = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true })
        .flatMap((entry) => (entry.isDirectory() ? walk(path.join(dir, entry.name)) : [path.join(dir, entry.name)]));
    return walk(directory).map((file) => {
        const key = path.relative(directory, file).split(path.sep).join("/");
        const contentType = contentTypeFor(key);
        if (!contentType) {
            throw new SiteAssetsError(directory, `${key} has a type the site does not serve; allowed: ${Object.keys(CONTENT_TYPES).join(", ")}`);
        }
        return { key, file, contentType, cacheControl: cacheControlFor(key) };
    }).sort((a, b) => a.key.localeCompare(b.key));
}

/**
 * The page's own Content-Security-Policy, naming exactly the origins the page talks to. It is written into
 * index.html (the response header cannot name the API: the API's CORS needs the site's domain first), and a
 * browser enforces it together with the header's policy, so the stricter of the two wins for each directive.
 */
export function pageContentSecurityPolicy(connectSources: readonly string[]): string {
    const sources = [...new Set(connectSources.map(originOf))].sort();
    return [
        "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:", "font-src 'self'",
        `connect-src 'self' ${sources.join(" ")}`.trim(), "object-src 'none'", "base-uri 'self'", "form-action 'self'",
    ].join("; ");
}

/** The origin (scheme, host, port) of a URL; the CSP names origins, not paths. */
function originOf(url: string): string {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}`;
}

/** index.html with the page's CSP as its first head element. */
export function withContentSecurityPolicy(html: string, policy: string): string {
    const meta = `<meta http-equiv="Content-Security-Policy" content="${policy.replace(/"/g, "&quot;")}">`;
    if (!/<head>/i.test(html)) throw new Error("index.html has no <head> to put the Content-Security-Policy in");
    return html.replace(/<head>/i, (head) => `${head}\n    ${meta}`);
}
