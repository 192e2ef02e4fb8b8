/**
 * S3's wire formats that the local S3 API speaks: its XML error bodies and ListObjectsV2 result, and the
 * `aws-chunked` content encoding the SDK uses when it sends a checksum as a trailer.
 */
import { randomBytes } from "crypto";
import type { StoredObject } from "./s3Store";

export function xmlEscape(value: string): string {
    return value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&apos;");
}

export const requestId = (): string => randomBytes(8).toString("hex").toUpperCase();

/** `<Error><Code>…</Code><Message>…</Message>…<RequestId/><HostId/></Error>`, with S3's extra fields (Condition, Key, …). */
export function errorXml(code: string, message: string, id: string, extra: Record<string, string> = {}): string {
    const fields = Object.entries(extra).map(([name, value]) => `<${name}>${xmlEscape(value)}</${name}>`).join("");
    return `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${xmlEscape(message)}</Message>${fields}` +
        `<RequestId>${id}</RequestId><HostId>${randomBytes(24).toString("base64")}</HostId></Error>`;
}

export interface ListRequest {
    readonly prefix: string;
    readonly delimiter?: string;
    readonly maxKeys: number;
    readonly startAfter?: string;
    readonly continuationToken?: string;
}

/** ListObjectsV2's XML for the (key-ordered) objects of a bucket. */
export function listXml(bucket: string, objects: StoredObject[], request: ListRequest): string {
    const after = request.continuationToken ? Buffer.from(request.continuationToken, "base64url").toString("utf8") : request.startAfter;
    const contents: StoredObject[] = [];
    const prefixes = new Set<string>();
    let truncated = false;
    let last: string | undefined;
    for (const object of objects) {
        if (!object.key.startsWith(request.prefix) || (after !== undefined && object.key <= after)) continue;
        if (contents.length + prefixes.size >= request.maxKeys) {
            truncated = true;
            break;
        }
        const rest = object.key.slice(request.prefix.length);
        const cut = request.delimiter ? rest.indexOf(request.delimiter) : -1;
        if (cut >= 0) prefixes.add(request.prefix + rest.slice(0, cut + request.delimiter!.length));
        else contents.push(object);
        last = object.key;
    }
    const tag = (name: string, value: string | number | boolean) => `<${name}>${xmlEscape(String(value))}</${name}>`;
    return `<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">` +
        tag("Name", bucket) + tag("Prefix", request.prefix) + (request.delimiter ? tag("Delimiter", request.delimiter) : "") +
        tag("MaxKeys", request.maxKeys) + tag("KeyCount", contents.length + prefixes.size) + tag("IsTruncated", truncated) +
        (request.continuationToken ? tag("ContinuationToken", request.continuationToken) : "") +
        (truncated && last ? tag("NextContinuationToken", Buffer.from(last).toString("base64url")) : "") +
        (request.startAfter ? tag("StartAfter", request.startAfter) : "") +
        contents.map((o) => `<Contents>${tag("Key", o.key)}${tag("LastModified", o.lastModified.toISOString())}${tag("ETag", `"${o.etag}"`)}` +
            `${tag("Size", o.body.length)}${tag("StorageClass", "STANDARD")}</Contents>`).join("") +
        [...prefixes].map((p) => `<CommonPrefixes>${tag("Prefix", p)}</CommonPrefixes>`).join("") +
        "</ListBucketResult>";
}

/**
 * Decodes `aws-chunked`: `<hex size>[;chunk-signature=…]\r\n<data>\r\n` … `0\r\n` then trailer headers
 * (e.g. `x-amz-checksum-crc32:…`) and a blank line. Returns the payload and the trailers.
 */
export function decodeAwsChunked(raw: Buffer): { body: Buffer; trailers: Record<string, string> } {
    const parts: Buffer[] = [];
    let offset = 0;
    for (;;) {
        const lineEnd = raw.indexOf("\r\n", offset);
        if (lineEnd < 0) throw new Error("aws-chunked body ends inside a chunk header");
        const size = parseInt(raw.subarray(offset, lineEnd).toString("latin1").split(";")[0], 16);
        if (!Number.isFinite(size)) throw new Error("aws-chunked chunk size is not hexadecimal");
        offset = lineEnd + 2;
        if (size === 0) break;
        parts.push(raw.subarray(offset, offset + size));
        offset += size + 2;
    }
    const trailers: Record<string, string> = {};
    for (const line of raw.subarray(offset).toString("latin1").split("\r\n")) {
        const colon = line.indexOf(":");
        if (colon > 0) trailers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    return { body: Buffer.concat(parts), trailers };
}

/** A single `bytes=a-b` / `bytes=a-` / `bytes=-n` range, or undefined (the whole object) when absent or not satisfiable. */
export function byteRange(header: string | undefined, size: number): { start: number; end: number } | "unsatisfiable" | undefined {
    const match = header ? /^bytes=(\d*)-(\d*)$/.exec(header.trim()) : null;
    if (!match || (match[1] === "" && match[2] === "")) return undefined;
    let start: number;
    let end: number;
    if (match[1] === "") {
        start = Math.max(0, size - Number(match[2]));
        end = size - 1;
    } else {
        start = Number(match[1]);
        end = match[2] === "" ? size - 1 : Math.min(Number(match[2]), size - 1);
    }
    if (start >= size || start > end) return "unsatisfiable";
    return { start, end };
}
