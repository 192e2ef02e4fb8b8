import * as fs from "fs";
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { accessLogBucket, bucketPolicy, privateBucket } from "./privateBucket";
import { logRetentionProblems, resolveLogRetentionDays } from "./settings";
import { pageContentSecurityPolicy, siteFiles, withContentSecurityPolicy } from "./siteAssets";
import { transform, Transform } from "./transform";

/** CloudFront's managed cache policies (ids are the same in every account). */
export const CACHE_POLICIES = { optimized: "658327ea-f89d-4fab-a63d-7e88639e58f6", disabled: "4135ea2d-6df8-44a3-9df3-4b5a84be39ad" } as const;
/** Where CloudFront's access-log delivery lives, whatever the stack's region. */
const CLOUDFRONT_REGION = "us-east-1";

export interface StaticSiteArgs {
    /** The built storefront: a directory with index.html and the files it loads. */
    readonly directory: string;
    /** A custom domain: its names and an ACM certificate in us-east-1 for them. @default the distribution's *.cloudfront.net name */
    readonly domain?: { readonly names: string[]; readonly certificateArn: pulumi.Input<string> };
    /** An AWS WAF web ACL (scope CLOUDFRONT) in front of the site; billed monthly. @default none */
    readonly webAclArn?: pulumi.Input<string>;
    /** CloudFront price class. @default "PriceClass_100" (North America and Europe, the cheapest) */
    readonly priceClass?: "PriceClass_100" | "PriceClass_200" | "PriceClass_All";
    /** Retention of the access-log group, a CloudWatch retention value in days. @default 7 */
    readonly logRetentionDays?: number;
    /** Customer-managed key for the access-log group (used when the stack is in us-east-1, where the logs are). @default AWS-owned */
    readonly kmsKeyArn?: pulumi.Input<string>;
    /** Let `pulumi destroy` delete the bucket with its files. @default true (every file comes from the build) */
    readonly forceDestroy?: boolean;
    /** Changes to the children's args. @default none */
    readonly transform?: {
        readonly bucket?: Transform<aws.s3.BucketArgs>;
        readonly distribution?: Transform<aws.cloudfront.DistributionArgs>;
        readonly headers?: Transform<aws.cloudfront.ResponseHeadersPolicyArgs>;
    };
}

/** What the page needs from the stack, written as /config.json and into the page's Content-Security-Policy. */
export interface StaticSiteContent {
    /** The runtime configuration the storefront reads at start. */
    readonly config: pulumi.Input<Record<string, unknown>>;
    /** Every URL the page calls (API, issuer, login domain, realtime endpoint): the only origins it may connect to. */
    readonly connectTo: pulumi.Input<string>[];
}

/** Checks the arguments before anything is created; throws naming every bad argument and what is allowed. */
export function validateStaticSiteArgs(name: string, args: StaticSiteArgs): void {
    const problems = logRetentionProblems(resolveLogRetentionDays(args.logRetentionDays));
    if (!args.directory || !fs.existsSync(args.directory)) problems.push(`directory ${JSON.stringify(args.directory)} does not exist; build the storefront first (npm run build -w web)`);
    if (args.domain && args.domain.names.length === 0) problems.push("domain.names must name at least one domain");
    if (problems.length > 0) throw new Error(`StaticSite ${name}: ${problems.join("; ")}`);
}

/**
 * The storefront's hosting: a private S3 bucket that only this distribution may read (origin access control),
 * CloudFront over HTTPS only, index.html as the root and for every unknown path (the app routes in the browser),
 * security headers, access logs, and the built files uploaded with their content types and cache headers.
 * CloudFront bills per request and per GB served, so an idle site costs nothing.
 *
 * `publish()` writes what depends on the stack's other outputs (config.json, and index.html with its CSP), so the
 * API and the sign-in can be given this site's URL first.
 */
export class StaticSite extends pulumi.ComponentResource {
    readonly bucket: aws.s3.Bucket;
    readonly originAccessControl: aws.cloudfront.OriginAccessControl;
    readonly headers: aws.cloudfront.ResponseHeadersPolicy;
    readonly distribution: aws.cloudfront.Distribution;
    readonly bucketPolicy: aws.s3.BucketPolicy;
    readonly files: aws.s3.BucketObjectv2[];
    /** CloudFront's access logs (every request a viewer made). */
    readonly accessLogs: aws.cloudwatch.LogGroup;
    /** The bucket's server access logs (every request CloudFront or a deployment made to S3). */
    readonly bucketLogs: aws.s3.Bucket;
    /** `https://<domain>`: the site's origin, for CORS and the sign-in's redirect URLs. */
    readonly origin: pulumi.Output<string>;
    /** `https://<domain>/`: the page, and where sign-in returns. */
    readonly url: pulumi.Output<string>;
    private readonly name: string;
    private readonly directory: string;

    constructor(name: string, args: StaticSiteArgs, opts?: pulumi.ComponentResourceOptions) {
        super("orders:platform:StaticSite", name, {}, opts);
        validateStaticSiteArgs(name, args);
        this.name = name;
        this.directory = args.directory;
        const files = siteFiles(args.directory);

        const site = privateBucket(name, {
            forceDestroy: args.forceDestroy ?? true,
            lifecycleRules: [{ id: "abort-incomplete-uploads", status: "Enabled", filter: {}, abortIncompleteMultipartUpload: { daysAfterInitiation: 1 } }],
            policyStatements: "later",
            transform: args.transform?.bucket,
        }, this);
        this.bucket = site.bucket;

        this.originAccessControl = new aws.cloudfront.OriginAccessControl(`${name}-oac`, {
            description: `Signs CloudFront's requests to the ${name} bucket`,
            originAccessControlOriginType: "s3",
            signingBehavior: "always",
            signingProtocol: "sigv4",
        }, { parent: this });

        // The page's own CSP (in index.html) names the API, the issuer and the realtime endpoint exactly; this one holds
        // what a meta tag cannot (frame-ancestors) and bounds connect-src to TLS origins.
        this.headers = new aws.cloudfront.ResponseHeadersPolicy(...transform(args.transform?.headers, `${name}-headers`, {
            comment: "Security headers of the storefront",
            securityHeadersConfig: {
                contentSecurityPolicy: {
                    contentSecurityPolicy: "default-src 'self'; connect-src 'self' https: wss:; img-src 'self' data:; object-src 'none'; base-uri 'self'; frame-ancestors 'none'",
                    override: true,
                },
                strictTransportSecurity: { accessControlMaxAgeSec: 63_072_000, includeSubdomains: true, preload: true, override: true },
                frameOptions: { frameOption: "DENY", override: true },
                contentTypeOptions: { override: true },
                referrerPolicy: { referrerPolicy: "no-referrer", override: true },
            },
        }, { parent: this }));

        const originId = "storefront-bucket";
        const behavior = { targetOriginId: originId, viewerProtocolPolicy: "redirect-to-https", allowedMethods: ["GET", "HEAD"], cachedMethods: ["GET", "HEAD"], compress: true, responseHeadersPolicyId: this.headers.id };
        this.distribution = new aws.cloudfront.Distribution(...transform(args.transform?.distribution, `${name}-cdn`, {
            enabled: true,
            comment: `Storefront (${pulumi.getStack()})`,
            defaultRootObject: "index.html",
            httpVersion: "http2and3",
            isIpv6Enabled: true,
            priceClass: args.priceClass ?? "PriceClass_100",
            aliases: args.domain?.names,
            webAclId: args.webAclArn,
            origins: [{ originId, domainName: this.bucket.bucketRegionalDomainName, originAccessControlId: this.originAccessControl.id }],
            defaultCacheBehavior: { ...behavior, cachePolicyId: CACHE_POLICIES.optimized },
            // The page and its configuration change with every deployment; CloudFront asks S3 each time.
            orderedCacheBehaviors: ["/index.html", "/config.json"].map((pathPattern) => ({ ...behavior, pathPattern, cachePolicyId: CACHE_POLICIES.disabled })),
            // The app routes in the browser: any path S3 does not have (403 without ListBucket, or 404) serves the page.
            customErrorResponses: [403, 404].map((errorCode) => ({ errorCode, responseCode: 200, responsePagePath: "/index.html", errorCachingMinTtl: 0 })),
            restrictions: { geoRestriction: { restrictionType: "none" } },
            viewerCertificate: args.domain
                ? { acmCertificateArn: args.domain.certificateArn, sslSupportMethod: "sni-only", minimumProtocolVersion: "TLSv1.2_2021" }
                : { cloudfrontDefaultCertificate: true },
        }, { parent: this }));

        // Only this distribution, through its signed requests, may read the files.
        this.bucketPolicy = bucketPolicy(`${name}-policy`, site, [{
            Sid: "OnlyThisDistributionReads",
            Principal: { Service: "cloudfront.amazonaws.com" },
            Action: ["s3:GetObject"],
            Resource: pulumi.interpolate`${this.bucket.arn}/*`,
            Condition: { StringEquals: { "AWS:SourceArn": this.distribution.arn } },
        }], this);

        this.accessLogs = this.logDelivery(name, args);
        this.bucketLogs = accessLogBucket(name, {
            source: this.bucket, prefix: "storefront-bucket/", retentionDays: resolveLogRetentionDays(args.logRetentionDays), forceDestroy: args.forceDestroy ?? true, protect: false,
        }, this);

        // index.html is written by publish(), with the stack's endpoints in its CSP.
        this.files = files.filter((f) => f.key !== "index.html").map((f) => new aws.s3.BucketObjectv2(`${name}-file-${f.key}`, {
            bucket: this.bucket.id, key: f.key, source: new pulumi.asset.FileAsset(f.file), contentType: f.contentType, cacheControl: f.cacheControl,
        }, { parent: this }));

        const domain = args.domain ? pulumi.output(args.domain.names[0]) : this.distribution.domainName;
        this.origin = pulumi.interpolate`https://${domain}`;
        this.url = pulumi.interpolate`${this.origin}/`;
        this.registerOutputs({ url: this.url, distributionId: this.distribution.id });
    }

    /** Writes config.json and index.html (with the page's CSP naming exactly `connectTo`). Call once. */
    publish(content: StaticSiteContent): { config: aws.s3.BucketObjectv2; index: aws.s3.BucketObjectv2 } {
        const index = siteFiles(this.directory).find((f) => f.key === "index.html")!;
        const html = fs.readFileSync(index.file, "utf8");
        const object = (key: string, body: pulumi.Input<string>, contentType: string, cacheControl: string) =>
            new aws.s3.BucketObjectv2(`${this.name}-file-${key}`, { bucket: this.bucket.id, key, content: body, contentType, cacheControl }, { parent: this });
        return {
            config: object("config.json", pulumi.jsonStringify(content.config), "application/json", "no-cache"),
            index: object("index.html", pulumi.all(content.connectTo).apply((urls) => withContentSecurityPolicy(html, pageContentSecurityPolicy(urls))),
                index.contentType, index.cacheControl),
        };
    }

    /** CloudFront standard logging (v2) into a log group with retention; the delivery lives in us-east-1 with CloudFront. */
    private logDelivery(name: string, args: StaticSiteArgs): aws.cloudwatch.LogGroup {
        const region = aws.getRegionOutput({}, { parent: this }).region;
        const inCloudFrontRegion = { parent: this };
        const logs = new aws.cloudwatch.LogGroup(`${name}-access-logs`, {
            region: CLOUDFRONT_REGION,
            // Vended-log delivery adds its own write permission to log groups under this prefix.
            namePrefix: `/aws/vendedlogs/cloudfront/${name}-`,
            retentionInDays: resolveLogRetentionDays(args.logRetentionDays),
            // A key works only in its own region: the stack's key encrypts these logs when the stack lives in us-east-1.
            kmsKeyId: args.kmsKeyArn ? pulumi.all([region, args.kmsKeyArn]).apply(([r, key]) => (r === CLOUDFRONT_REGION ? key : undefined)) : undefined,
        }, inCloudFrontRegion);
        const source = new aws.cloudwatch.LogDeliverySource(`${name}-access-log-source`, {
            region: CLOUDFRONT_REGION, logType: "ACCESS_LOGS", resourceArn: this.distribution.arn,
        }, inCloudFrontRegion);
        const destination = new aws.cloudwatch.LogDeliveryDestination(`${name}-access-log-destination`, {
            region: CLOUDFRONT_REGION, outputFormat: "json", deliveryDestinationConfiguration: { destinationResourceArn: logs.arn },
        }, inCloudFrontRegion);
        new aws.cloudwatch.LogDelivery(`${name}-access-log-delivery`, {
            region: CLOUDFRONT_REGION, deliverySourceName: source.name, deliveryDestinationArn: destination.arn,
        }, inCloudFrontRegion);
        return logs;
    }
}
