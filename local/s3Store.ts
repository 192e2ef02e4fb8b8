/**
 * Where the local S3 keeps objects: in memory, or (with a data directory) also on disk, one JSON file per object
 * written atomically, so a restarted runtime serves what it stored before. Every object is held in memory too,
 * which makes a conditional write's check and its write one synchronous step.
 */
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";

export interface StoredObject {
    readonly key: string;
    readonly body: Buffer;
    /** The MD5 of the body, hex, without quotes. */
    readonly etag: string;
    readonly contentType: string;
    readonly lastModified: Date;
    readonly metadata: Record<string, string>;
    /** `x-amz-checksum-*` values the writer sent, by header name. */
    readonly checksums: Record<string, string>;
}

interface OnDisk {
    key: string;
    body: string;
    etag: string;
    contentType: string;
    lastModified: string;
    metadata: Record<string, string>;
    checksums: Record<string, string>;
}

export class ObjectStore {
    private readonly buckets = new Map<string, Map<string, StoredObject>>();

    /** `dataDir`: the directory objects are kept in (`<dataDir>/<bucket>/`), created if needed; none keeps them in memory only. */
    constructor(private readonly dataDir?: string) {}

    addBucket(name: string): void {
        if (this.buckets.has(name)) return;
        const objects = new Map<string, StoredObject>();
        this.buckets.set(name, objects);
        if (!this.dataDir) return;
        const dir = path.join(this.dataDir, name);
        fs.mkdirSync(dir, { recursive: true });
        for (const file of fs.readdirSync(dir).filter((f) => f.endsWith(".json"))) {
            const saved = JSON.parse(fs.readFileSync(path.join(dir, file), "utf8")) as OnDisk;
            objects.set(saved.key, {
                ...saved,
                body: Buffer.from(saved.body, "base64"),
                lastModified: new Date(saved.lastModified),
            });
        }
    }

    hasBucket(name: string): boolean {
        return this.buckets.has(name);
    }

    bucketNames(): string[] {
        return [...this.buckets.keys()];
    }

    get(bucket: string, key: string): StoredObject | undefined {
        return this.buckets.get(bucket)?.get(key);
    }

    /** Stores the object unless `refuse` (called with the current object, if any) returns a reason not to. */
    put<R>(bucket: string, object: StoredObject, refuse: (existing: StoredObject | undefined) => R | undefined): R | undefined {
        const objects = this.objects(bucket);
        const reason = refuse(objects.get(object.key));
        if (reason !== undefined) return reason;
        objects.set(object.key, object);
        if (this.dataDir) {
            const file = this.fileOf(bucket, object.key);
            const saved: OnDisk = { ...object, body: object.body.toString("base64"), lastModified: object.lastModified.toISOString() };
            fs.writeFileSync(`${file}.tmp`, JSON.stringify(saved));
            fs.renameSync(`${file}.tmp`, file);
        }
        return undefined;
    }

    delete(bucket: string, key: string): boolean {
        const existed = this.objects(bucket).delete(key);
        if (existed && this.dataDir) fs.rmSync(this.fileOf(bucket, key), { force: true });
        return existed;
    }

    /** Objects of a bucket in key order (UTF-8 binary order, as S3 lists them). */
    list(bucket: string): StoredObject[] {
        return [...this.objects(bucket).values()].sort((a, b) => Buffer.compare(Buffer.from(a.key), Buffer.from(b.key)));
    }

    private objects(bucket: string): Map<string, StoredObject> {
        const objects = this.buckets.get(bucket);
        if (!objects) throw new Error(`bucket ${bucket} was not added`);
        return objects;
    }

    /**
     * Keys may hold any character, so the file name is the key's URI encoding (no separators, no `..`), or its
     * hash when that would be too long for a file name; the file holds the key itself.
     */
    private fileOf(bucket: string, key: string): string {
        const encoded = encodeURIComponent(key).replace(/\./g, "%2E");
        const name = encoded.length <= 200 ? encoded : `sha256-${createHash("sha256").update(key).digest("hex")}`;
        return path.join(this.dataDir!, bucket, `${name}.json`);
    }
}
