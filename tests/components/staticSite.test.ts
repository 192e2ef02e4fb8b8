import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CACHE_POLICIES, StaticSiteArgs, validateStaticSiteArgs } from "../../components/staticSite";
import { cacheControlFor, IMMUTABLE, pageContentSecurityPolicy, REVALIDATE, SiteAssetsError, siteFiles, withContentSecurityPolicy } from "../../components/siteAssets";
import { MockResource, policyDocument, ProgramRun, promiseOf, Recording, settle, useMocks } from "../harness";
import { stackRun } from "../stacks/stackRuns";

const T = {
    distribution: "aws:cloudfront/distribution:Distribution",
    oac: "aws:cloudfront/originAccessControl:OriginAccessControl",
    headers: "aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy",
    object: "aws:s3/bucketObjectv2:BucketObjectv2",
    bucketPolicy: "aws:s3/bucketPolicy:BucketPolicy",
    publicAccess: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
    logSource: "aws:cloudwatch/logDeliverySource:LogDeliverySource",
    logDelivery: "aws:cloudwatch/logDelivery:LogDelivery",
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
};
const exact = (rec: Recording, type: string, name: string): MockResource => {
    const found = rec.ofType(type).filter((r) => r.name === name);
    expect(found, `${type} ${name}`).to.have.length(1);
    return found[0];
};

/** A built storefront as Vite lays it out: the page, fingerprinted assets, and a file at a stable name. */
function fixture(): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "site-"));
    fs.mkdirSync(path.join(dir, "assets"));
    fs.writeFileSync(path.join(dir, "index.html"), "<!doctype html><html><head><title>Shop</title></head><body></body></html>");
    fs.writeFileSync(path.join(dir, "assets", "index-3f2a9c.js"), "console.log(1)");
    fs.writeFileSync(path.join(dir, "assets", "index-77aa01.css"), "body{}");
    fs.writeFileSync(path.join(dir, "favicon.svg"), "<svg/>");
    return dir;
}

const CONNECT = ["https://api1.execute-api.us-east-1.amazonaws.com", "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_pool",
    "https://shop-login.auth.us-east-1.amazoncognito.com", "wss://a1b2-ats.iot.us-east-1.amazonaws.com/mqtt"];

describe("StaticSite", () => {
    describe("GIVEN a built storefront, published with its configuration", () => {
        let rec: Recording;
        let dir: string;
        let url: string;
        before(async () => {
            dir = fixture();
            rec = useMocks("dev");
            const { StaticSite } = require("../../components/staticSite") as typeof import("../../components/staticSite");
            const site = new StaticSite("storefront", { directory: dir });
            site.publish({ config: { apiUrl: CONNECT[0] }, connectTo: CONNECT });
            url = await promiseOf(site.url);
            await settle();
        });
        after(() => fs.rmSync(dir, { recursive: true, force: true }));

        it("THEN CloudFront serves it over HTTPS only, with index.html as the root and for every path S3 does not have", () => {
            const d = exact(rec, T.distribution, "storefront-cdn").inputs;
            expect(d).to.include({ enabled: true, defaultRootObject: "index.html", priceClass: "PriceClass_100" });
            expect(d.defaultCacheBehavior).to.include({ viewerProtocolPolicy: "redirect-to-https", cachePolicyId: CACHE_POLICIES.optimized });
            for (const b of d.orderedCacheBehaviors) expect(b.viewerProtocolPolicy, b.pathPattern).to.equal("redirect-to-https");
            expect(d.orderedCacheBehaviors.map((b: { pathPattern: string; cachePolicyId: string }) => [b.pathPattern, b.cachePolicyId]))
                .to.deep.equal([["/index.html", CACHE_POLICIES.disabled], ["/config.json", CACHE_POLICIES.disabled]]);
            expect(d.customErrorResponses).to.deep.equal([403, 404].map((errorCode) => ({ errorCode, responseCode: 200, responsePagePath: "/index.html", errorCachingMinTtl: 0 })));
            expect(url).to.equal(`https://${exact(rec, T.distribution, "storefront-cdn").state.domainName}/`);
        });

        it("THEN it reads the private bucket through an origin access control that signs every request", () => {
            const d = exact(rec, T.distribution, "storefront-cdn").inputs;
            const oac = exact(rec, T.oac, "storefront-oac");
            expect(oac.inputs).to.include({ originAccessControlOriginType: "s3", signingBehavior: "always", signingProtocol: "sigv4" });
            expect(d.origins).to.deep.equal([{ originId: "storefront-bucket", domainName: "storefront-bucket-bucket.s3.us-east-1.amazonaws.com", originAccessControlId: oac.id }]);
            expect(exact(rec, T.publicAccess, "storefront-public-access").inputs).to.include({ blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true });
        });

        it("THEN the bucket policy lets only this distribution read, and refuses anything not over TLS", () => {
            const statements = policyDocument(exact(rec, T.bucketPolicy, "storefront-policy")).Statement;
            const distributionArn = exact(rec, T.distribution, "storefront-cdn").state.arn;
            expect(statements).to.deep.equal([
                {
                    Effect: "Allow", Sid: "OnlyThisDistributionReads", Principal: { Service: "cloudfront.amazonaws.com" }, Action: ["s3:GetObject"],
                    Resource: "arn:aws:s3:::storefront-bucket/*", Condition: { StringEquals: { "AWS:SourceArn": distributionArn } },
                },
                {
                    Effect: "Deny", Sid: "DenyInsecureTransport", Principal: { AWS: "*" }, Action: ["s3:*"],
                    Resource: ["arn:aws:s3:::storefront-bucket", "arn:aws:s3:::storefront-bucket/*"], Condition: { Bool: { "aws:SecureTransport": "false" } },
                },
            ]);
        });

        it("THEN every response carries HSTS, nosniff, no framing and a CSP, on every behavior", () => {
            const headers = exact(rec, T.headers, "storefront-headers");
            const s = headers.inputs.securityHeadersConfig;
            expect(s.strictTransportSecurity).to.include({ accessControlMaxAgeSec: 63_072_000, includeSubdomains: true, override: true });
            expect(s.frameOptions).to.deep.equal({ frameOption: "DENY", override: true });
            expect(s.contentTypeOptions).to.deep.equal({ override: true });
            expect(s.contentSecurityPolicy.contentSecurityPolicy).to.match(/frame-ancestors 'none'/).and.match(/default-src 'self'/);
            const d = exact(rec, T.distribution, "storefront-cdn").inputs;
            for (const b of [d.defaultCacheBehavior, ...d.orderedCacheBehaviors]) expect(b.responseHeadersPolicyId).to.equal(headers.id);
        });

        it("THEN every built file is uploaded with its content type; fingerprinted assets are immutable, the page and config.json are revalidated", () => {
            const objects = Object.fromEntries(rec.ofType(T.object).map((o) => [o.inputs.key, o.inputs]));
            expect(Object.keys(objects).sort()).to.deep.equal(["assets/index-3f2a9c.js", "assets/index-77aa01.css", "config.json", "favicon.svg", "index.html"]);
            expect(objects["assets/index-3f2a9c.js"]).to.include({ contentType: "text/javascript; charset=utf-8", cacheControl: IMMUTABLE });
            expect(objects["assets/index-77aa01.css"]).to.include({ contentType: "text/css; charset=utf-8", cacheControl: IMMUTABLE });
            expect(objects["favicon.svg"]).to.include({ contentType: "image/svg+xml", cacheControl: "public, max-age=3600" });
            expect(objects["index.html"]).to.include({ contentType: "text/html; charset=utf-8", cacheControl: REVALIDATE });
            expect(objects["config.json"]).to.include({ contentType: "application/json", cacheControl: REVALIDATE });
            expect(JSON.parse(objects["config.json"].content)).to.deep.equal({ apiUrl: CONNECT[0] });
        });

        it("THEN the page's own CSP lets it connect only to the API, the issuer, the login domain and the realtime endpoint", () => {
            const html = rec.ofType(T.object).find((o) => o.inputs.key === "index.html")!.inputs.content as string;
            const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html);
            expect(meta, html).to.not.equal(null);
            const connect = meta![1].split("; ").find((d) => d.startsWith("connect-src"))!;
            expect(connect.split(" ").slice(1).sort()).to.deep.equal(["'self'", "https://api1.execute-api.us-east-1.amazonaws.com",
                "https://cognito-idp.us-east-1.amazonaws.com", "https://shop-login.auth.us-east-1.amazoncognito.com", "wss://a1b2-ats.iot.us-east-1.amazonaws.com"].sort());
            expect(html).to.match(/<title>Shop<\/title>/);
        });

        it("THEN CloudFront's access logs go to a log group with retention, and the bucket's own access logs to a log bucket", () => {
            const source = exact(rec, T.logSource, "storefront-access-log-source").inputs;
            expect(source).to.include({ logType: "ACCESS_LOGS", region: "us-east-1", resourceArn: exact(rec, T.distribution, "storefront-cdn").state.arn });
            expect(rec.ofType(T.logDelivery)).to.have.length(1);
            expect(exact(rec, T.logGroup, "storefront-access-logs").inputs).to.include({ retentionInDays: 7, region: "us-east-1" });
            expect(exact(rec, "aws:s3/bucketLogging:BucketLogging", "storefront-access-logging").inputs).to.include({ targetPrefix: "storefront-bucket/" });
        });
    });

    describe("assets", () => {
        it("GIVEN a directory without index.html WHEN listed THEN it says to build the storefront", () => {
            const dir = fs.mkdtempSync(path.join(os.tmpdir(), "site-"));
            try {
                expect(() => siteFiles(dir)).to.throw(SiteAssetsError, /there is no index\.html; build the storefront first \(npm run build -w web\)/);
                fs.writeFileSync(path.join(dir, "index.html"), "<html><head></head></html>");
                fs.writeFileSync(path.join(dir, "notes.docx"), "x");
                expect(() => siteFiles(dir)).to.throw(SiteAssetsError, /notes\.docx has a type the site does not serve; allowed: \.html/);
            } finally {
                fs.rmSync(dir, { recursive: true, force: true });
            }
        });
        it("GIVEN keys WHEN their cache policy is chosen THEN assets/ is immutable and the page and config are revalidated", () => {
            expect(cacheControlFor("assets/main-1a2b.js")).to.equal(IMMUTABLE);
            expect(cacheControlFor("index.html")).to.equal(REVALIDATE);
            expect(cacheControlFor("config.json")).to.equal(REVALIDATE);
        });
        it("GIVEN URLs with paths WHEN the CSP is built THEN it names their origins once each, and a page without <head> is refused", () => {
            expect(pageContentSecurityPolicy(["https://a.example.com/x", "https://a.example.com/y"])).to.include("connect-src 'self' https://a.example.com;");
            expect(() => withContentSecurityPolicy("<html></html>", "default-src 'self'")).to.throw(/no <head>/);
        });
    });

    describe("validation", () => {
        it("GIVEN a missing directory, an empty domain or a bad retention WHEN validated THEN each is named", () => {
            const args: StaticSiteArgs = { directory: "/nonexistent/dist", domain: { names: [], certificateArn: "arn" }, logRetentionDays: 8 };
            expect(() => validateStaticSiteArgs("site", args)).to.throw(/StaticSite site: logRetentionDays must be a CloudWatch retention value .*; directory "\/nonexistent\/dist" does not exist; build the storefront first .*; domain\.names must name at least one domain/);
        });
        it("GIVEN a custom domain WHEN created THEN the distribution serves its certificate over SNI with TLS 1.2 at least", async () => {
            const dir = fixture();
            try {
                const rec = useMocks("prod");
                const { StaticSite } = require("../../components/staticSite") as typeof import("../../components/staticSite");
                const site = new StaticSite("storefront", { directory: dir, domain: { names: ["shop.example.com"], certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/c1" } });
                expect(await promiseOf(site.origin)).to.equal("https://shop.example.com");
                await settle();
                const d = exact(rec, T.distribution, "storefront-cdn").inputs;
                expect(d.aliases).to.deep.equal(["shop.example.com"]);
                expect(d.viewerCertificate).to.deep.equal({ acmCertificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/c1", sslSupportMethod: "sni-only", minimumProtocolVersion: "TLSv1.2_2021" });
            } finally {
                fs.rmSync(dir, { recursive: true, force: true });
            }
        });
    });
});

describe("StaticSite in the program", () => {
    for (const stack of ["dev", "prod"] as const) {
        describe(`GIVEN the ${stack} stack`, () => {
            let run: ProgramRun;
            before(async () => { run = await stackRun(stack); });

            it("THEN the distribution, its OAC-only bucket policy, the built files and config.json exist, and storefrontUrl is exported", () => {
                expect(run.ofType(T.distribution)).to.have.length(1);
                expect(run.ofType(T.oac)).to.have.length(1);
                const keys = run.ofType(T.object).map((o) => o.inputs.key);
                expect(keys).to.include.members(["index.html", "config.json"]);
                expect(keys.some((k) => /^assets\/.+\.js$/.test(k)), keys.join(", ")).to.equal(true);
                expect(run.exports.storefrontUrl).to.match(/^https:\/\/[a-z0-9]+\.cloudfront\.net\/$/);
            });

            it("THEN config.json names this stack's API, issuer, client, redirect and realtime endpoint", () => {
                const config = JSON.parse(run.ofType(T.object).find((o) => o.inputs.key === "config.json")!.inputs.content);
                expect(config).to.deep.equal({
                    apiUrl: run.exports.apiUrl,
                    auth: { issuer: run.exports.tokenIssuer, clientId: run.exports.userPoolClientId, redirectUri: run.exports.storefrontUrl },
                    realtime: { url: `wss://${run.exports.iotDataEndpoint}/mqtt`, authorizerName: run.exports.iotAuthorizerName, topicPrefix: `orders/${stack}` },
                });
            });

            it("THEN the site's domain is one of the API's CORS origins and of the app client's callback and logout URLs", () => {
                const origin = String(run.exports.storefrontUrl).replace(/\/$/, "");
                expect(run.named("aws:apigatewayv2/api:Api", "orders-api").inputs.corsConfiguration.allowOrigins).to.include(origin);
                const client = run.named("aws:cognito/userPoolClient:UserPoolClient", "customers-storefront").inputs;
                expect(client.callbackUrls).to.include(run.exports.storefrontUrl);
                expect(client.logoutUrls).to.include(run.exports.storefrontUrl);
            });
        });
    }
});
