import * as fs from "fs";
import { gzipSync } from "zlib";
import type { MockResource } from "../../tools/mockProgram";
import { T } from "./resources";

/** One file a CloudFront distribution serves from its bucket, as the program uploads it. */
export interface SiteFile {
    readonly key: string;
    readonly bytes: number;
    /** What a browser downloads: gzip-compressed where the behaviour compresses (CloudFront compresses 1 KB to 10 MB). */
    readonly transferBytes: number;
    readonly cacheControl: string;
    /** The path's cache behaviour disables caching: every request is an origin GET. */
    readonly uncached: boolean;
}

/** CloudFront's managed CachingDisabled policy (the same id in every account). */
const CACHING_DISABLED = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad";
const COMPRESSIBLE = /^(text\/|application\/(javascript|json)|image\/svg\+xml)/;

async function contentOf(object: MockResource): Promise<Buffer | undefined> {
    if (typeof object.inputs.content === "string") return Buffer.from(object.inputs.content);
    const file = await Promise.resolve(object.inputs.source?.path);
    return typeof file === "string" && fs.existsSync(file) ? fs.readFileSync(file) : undefined;
}

/**
 * The files every distribution serves: the objects of the buckets its origins name, with the behaviour that
 * serves each path. Resolves the uploaded file assets, so it is async.
 */
export async function siteFiles(resources: MockResource[]): Promise<SiteFile[]> {
    const out: SiteFile[] = [];
    for (const cdn of resources.filter((r) => r.type === T.distribution)) {
        const domains = new Set((cdn.inputs.origins ?? []).map((o: { domainName?: unknown }) => o.domainName));
        const buckets = new Set(resources.filter((r) => (r.type === T.bucket || r.type === T.bucketV2) && domains.has(r.state.bucketRegionalDomainName)).map((b) => b.id));
        const behaviours: { pathPattern?: string; cachePolicyId?: string; compress?: boolean }[] = cdn.inputs.orderedCacheBehaviors ?? [];
        const behaviourOf = (key: string) => behaviours.find((b) => b.pathPattern === `/${key}`) ?? cdn.inputs.defaultCacheBehavior ?? {};
        for (const object of resources.filter((r) => r.type === T.bucketObject && buckets.has(r.inputs.bucket))) {
            const content = await contentOf(object);
            if (!content) continue;
            const key = String(object.inputs.key);
            const behaviour = behaviourOf(key);
            const compress = behaviour.compress === true && behaviour.cachePolicyId !== CACHING_DISABLED &&
                COMPRESSIBLE.test(String(object.inputs.contentType ?? "")) && content.length >= 1000 && content.length <= 10_000_000;
            out.push({
                key, bytes: content.length, transferBytes: compress ? gzipSync(content).length : content.length,
                cacheControl: String(object.inputs.cacheControl ?? ""), uncached: behaviour.cachePolicyId === CACHING_DISABLED,
            });
        }
    }
    return out.sort((a, b) => a.key.localeCompare(b.key));
}
