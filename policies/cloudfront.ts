import type { PolicyResource } from "@pulumi/policy";
import { asArray, asNumber, asRecord, asString, get, PackPolicy, Problem, resourcePolicy, Stack, stackPolicy, StackProblem } from "./core";
import { T } from "./types";

/**
 * CloudFront distributions in front of a private S3 bucket (the static site) or an API. The WAF check is in waf.ts.
 * None of these settings is billed while idle, except a dedicated-IP certificate (sslSupportMethod "vip"), which
 * `cloudfront-viewer-tls` refuses anyway.
 */

/** CloudFront security policies, oldest first. */
export const VIEWER_PROTOCOLS = ["SSLv3", "TLSv1", "TLSv1_2016", "TLSv1.1_2016", "TLSv1.2_2018", "TLSv1.2_2019", "TLSv1.2_2021", "TLSv1.2_2025", "TLSv1.3_2025"];

/** The AWS managed "SecurityHeadersPolicy" response headers policy (HSTS, nosniff, frame options, referrer, XSS). */
export const MANAGED_SECURITY_HEADERS_POLICY = "67f7725c-6f97-4210-82d7-5512b31e9d03";

const ONE_YEAR = 31_536_000;

function behaviors(props: Record<string, unknown>): { path: string; behavior: Record<string, unknown> }[] {
    return [
        { path: "default", behavior: asRecord(props.defaultCacheBehavior) ?? {} },
        ...asArray(props.orderedCacheBehaviors).map((b) => ({ path: asString(get(b, "pathPattern")) ?? "?", behavior: asRecord(b) ?? {} })),
    ];
}

function origins(props: Record<string, unknown>): Record<string, unknown>[] {
    return asArray(props.origins).map(asRecord).filter((o): o is Record<string, unknown> => o !== undefined);
}

const isWebsiteEndpoint = (domain: string) => /\.s3-website[.-]/.test(domain);
/** An S3 REST origin: its domain is a bucket endpoint, or it is neither a custom nor a VPC origin (an OAC or OAI origin). */
function isS3RestOrigin(origin: Record<string, unknown>): boolean {
    const domain = asString(origin.domainName) ?? "";
    if (isWebsiteEndpoint(domain)) return false;
    return /\.s3[.-]([a-z0-9-]+\.)?amazonaws\.com$/.test(domain) || (origin.customOriginConfig === undefined && origin.vpcOriginConfig === undefined);
}

function headerProblems(policy: PolicyResource): string[] {
    const headers = asRecord(policy.props.securityHeadersConfig) ?? {};
    const problems: string[] = [];
    const hsts = asRecord(headers.strictTransportSecurity);
    if (!hsts || (asNumber(hsts.accessControlMaxAgeSec) ?? 0) < ONE_YEAR || hsts.override !== true) problems.push("Strict-Transport-Security of at least one year (override true)");
    if (get(headers, "contentTypeOptions", "override") !== true) problems.push("X-Content-Type-Options nosniff (override true)");
    if (!["DENY", "SAMEORIGIN"].includes(asString(get(headers, "frameOptions", "frameOption")) ?? "")) problems.push("X-Frame-Options DENY or SAMEORIGIN");
    return problems;
}

function perDistribution(check: (stack: Stack, distribution: PolicyResource) => StackProblem[]) {
    return (stack: Stack) => stack.ofType(T.distribution).flatMap((d) => check(stack, d));
}

export const cloudFrontPolicies: PackPolicy[] = [
    resourcePolicy({
        name: "cloudfront-viewer-https", type: T.distribution, pillar: "Security",
        sources: ["CKV_AWS_34"],
        description: "Every cache behavior of a distribution serves viewers over HTTPS only (viewerProtocolPolicy https-only or redirect-to-https).",
        remediation: "Set viewerProtocolPolicy: \"redirect-to-https\" (or \"https-only\") on the default and every ordered cache behavior.",
    }, (props) => behaviors(props).filter(({ behavior }) => !["https-only", "redirect-to-https"].includes(asString(behavior.viewerProtocolPolicy) ?? "allow-all")).map(({ path, behavior }): Problem =>
        [`cache behavior ${path} serves viewers over plain HTTP (viewerProtocolPolicy ${asString(behavior.viewerProtocolPolicy) ?? "allow-all"})`, `set viewerProtocolPolicy: "redirect-to-https" on cache behavior ${path}`])),

    resourcePolicy<{ allowDefaultCertificate?: boolean; minimumProtocolVersion?: string }>({
        name: "cloudfront-viewer-tls", type: T.distribution, pillar: "Security",
        sources: ["AwsSolutions-CFR4", "CKV_AWS_174", "CKV2_AWS_42", "CKV2_AWS_54"],
        description: "A distribution serves its own ACM certificate over SNI with at least `minimumProtocolVersion` (default TLSv1.2_2021). The *.cloudfront.net certificate still accepts TLSv1 clients; `allowDefaultCertificate` admits it for stacks without a custom domain.",
        remediation: "Set aliases and viewerCertificate: { acmCertificateArn (us-east-1), sslSupportMethod: \"sni-only\", minimumProtocolVersion: \"TLSv1.2_2021\" }.",
        configSchema: { properties: { allowDefaultCertificate: { type: "boolean", default: false }, minimumProtocolVersion: { type: "string", enum: VIEWER_PROTOCOLS, default: "TLSv1.2_2021" } } },
    }, (props, config) => {
        const certificate = asRecord(props.viewerCertificate) ?? {};
        if (certificate.cloudfrontDefaultCertificate === true) {
            return config.allowDefaultCertificate === true ? [] : [["it serves the shared *.cloudfront.net certificate, whose security policy still accepts TLSv1 clients", "give it a custom domain: aliases plus viewerCertificate { acmCertificateArn, sslSupportMethod: \"sni-only\", minimumProtocolVersion: \"TLSv1.2_2021\" } (or set allowDefaultCertificate for stacks without a domain)"]];
        }
        const problems: Problem[] = [];
        const minimum = config.minimumProtocolVersion ?? "TLSv1.2_2021";
        const version = asString(certificate.minimumProtocolVersion) ?? "TLSv1";
        if (VIEWER_PROTOCOLS.indexOf(version) < VIEWER_PROTOCOLS.indexOf(minimum)) problems.push([`viewers may connect with ${version}, older than ${minimum}`, `set viewerCertificate.minimumProtocolVersion: "${minimum}"`]);
        if (asString(certificate.sslSupportMethod) !== "sni-only") problems.push([`sslSupportMethod is ${asString(certificate.sslSupportMethod) ?? "unset"}: "vip" bills a dedicated IP ($600 a month) and still serves legacy clients`, "set viewerCertificate.sslSupportMethod: \"sni-only\""]);
        return problems;
    }),

    resourcePolicy({
        name: "cloudfront-origin-https", type: T.distribution, pillar: "Security",
        sources: ["AwsSolutions-CFR5", "CKV2_AWS_72"],
        description: "CloudFront reaches custom origins over HTTPS only (originProtocolPolicy https-only) with TLS 1.2 (no SSLv3, TLSv1 or TLSv1.1).",
        remediation: "Set customOriginConfig: { originProtocolPolicy: \"https-only\", originSslProtocols: [\"TLSv1.2\"] }.",
    }, (props) => origins(props).filter((o) => o.customOriginConfig !== undefined).flatMap((o): Problem[] => {
        const config = asRecord(o.customOriginConfig) ?? {};
        const id = asString(o.originId) ?? "?";
        const problems: Problem[] = [];
        if (asString(config.originProtocolPolicy) !== "https-only") problems.push([`origin ${id} is reached over ${asString(config.originProtocolPolicy) ?? "an unset protocol policy"}, so traffic to it can travel unencrypted`, `set customOriginConfig.originProtocolPolicy: "https-only" on origin ${id}`]);
        const outdated = asArray(config.originSslProtocols).map(String).filter((p) => ["SSLv3", "TLSv1", "TLSv1.1"].includes(p));
        if (outdated.length > 0) problems.push([`origin ${id} still accepts ${outdated.join(", ")}`, `set customOriginConfig.originSslProtocols: ["TLSv1.2"] on origin ${id}`]);
        return problems;
    })),

    stackPolicy({
        name: "cloudfront-s3-origin-access-control", pillar: "Security",
        sources: ["AwsSolutions-CFR7", "AwsSolutions-CFR6", "AwsSolutions-S5", "CKV2_AWS_46"],
        description: "A distribution reads S3 through an origin access control that signs every request (signingBehavior always, sigv4), never through a public website endpoint or a legacy origin access identity, so the bucket stays private.",
        remediation: "Create an aws.cloudfront.OriginAccessControl (originAccessControlOriginType s3, signingBehavior always, signingProtocol sigv4), set originAccessControlId on the S3 origin, and let cloudfront.amazonaws.com read the bucket with an AWS:SourceArn condition.",
    }, (stack) => [
        ...perDistribution((_stack, distribution) => origins(distribution.props).flatMap((o): StackProblem[] => {
            const id = asString(o.originId) ?? "?";
            const domain = asString(o.domainName) ?? "";
            if (isWebsiteEndpoint(domain)) {
                return [{ resource: distribution, problem: `origin ${id} is the S3 website endpoint ${domain}, which serves only public buckets`, fix: `point origin ${id} at the bucket's REST endpoint (bucketRegionalDomainName) with an origin access control, and do SPA fallback with customErrorResponses or a CloudFront function` }];
            }
            if (!isS3RestOrigin(o)) return [];
            if (asString(get(o, "s3OriginConfig", "originAccessIdentity"))) {
                return [{ resource: distribution, problem: `origin ${id} uses a legacy origin access identity, which cannot sign requests to SSE-KMS buckets or all Regions`, fix: `replace the originAccessIdentity of origin ${id} with an originAccessControlId (signingBehavior always)` }];
            }
            if (!asString(o.originAccessControlId)) {
                return [{ resource: distribution, problem: `S3 origin ${id} has no origin access control, so it only works if the bucket is public`, fix: `set originAccessControlId on origin ${id} to an aws.cloudfront.OriginAccessControl and grant cloudfront.amazonaws.com s3:GetObject with AWS:SourceArn = the distribution ARN` }];
            }
            return [];
        }))(stack),
        ...stack.ofType(T.originAccessControl).flatMap((oac): StackProblem[] =>
            asString(oac.props.signingBehavior) === "always" && asString(oac.props.signingProtocol) === "sigv4" ? [] : [{
                resource: oac,
                problem: `it signs ${asString(oac.props.signingBehavior) === "never" ? "no request" : `requests only when told (${asString(oac.props.signingBehavior) ?? "unset"})`}, so the bucket must admit unsigned reads`,
                fix: "set signingBehavior: \"always\" and signingProtocol: \"sigv4\"",
            }]),
    ]),

    stackPolicy({
        name: "cloudfront-logging", pillar: "Operational Excellence",
        sources: ["AwsSolutions-CFR3", "CKV_AWS_86"],
        description: "Every distribution writes access logs: standard logging v2 (an aws.cloudwatch.LogDeliverySource of type ACCESS_LOGS for it, with a LogDelivery) or legacy logging to a bucket (loggingConfig.bucket).",
        remediation: "Add an aws.cloudwatch.LogDeliverySource (logType ACCESS_LOGS, resourceArn = distribution ARN, in us-east-1), a LogDeliveryDestination and a LogDelivery; or set loggingConfig.bucket.",
    }, perDistribution((stack, distribution) => {
        if (asString(get(distribution.props, "loggingConfig", "bucket"))) return [];
        const sources = stack.ofType(T.logDeliverySource).filter((s) => asString(s.props.logType) === "ACCESS_LOGS" && stack.find(T.distribution, s.props.resourceArn).includes(distribution));
        const delivered = sources.some((s) => stack.ofType(T.logDelivery).some((d) => asString(d.props.deliverySourceName) === (asString(s.props.name) ?? s.name)));
        return delivered ? [] : [{ resource: distribution, problem: "it writes no access logs, so requests, errors and cache behaviour cannot be audited", fix: "add a LogDeliverySource (logType ACCESS_LOGS, resourceArn = its ARN), a LogDeliveryDestination (S3 or CloudWatch Logs) and a LogDelivery joining them" }];
    })),

    resourcePolicy({
        name: "cloudfront-default-root-object", type: T.distribution, pillar: "Security",
        sources: ["CKV_AWS_305"],
        description: "A distribution names its default root object, so a request for `/` returns the page instead of passing the bare path to the origin.",
        remediation: "Set defaultRootObject: \"index.html\".",
    }, (props) => asString(props.defaultRootObject) ? [] :
        [["it has no default root object, so a request for / is passed to the origin as is (an error page, or a listing from a misconfigured origin)", "set defaultRootObject: \"index.html\""]]),

    stackPolicy({
        name: "cloudfront-security-headers", pillar: "Security",
        sources: ["CKV2_AWS_32", "CKV_AWS_259"],
        description: "Every cache behavior attaches a response headers policy that sets Strict-Transport-Security (one year or more), X-Content-Type-Options and X-Frame-Options: a policy declared in the stack is checked, the AWS managed SecurityHeadersPolicy is accepted.",
        remediation: "Create an aws.cloudfront.ResponseHeadersPolicy with securityHeadersConfig (strictTransportSecurity maxAge >= 31536000, contentTypeOptions, frameOptions DENY) and set responseHeadersPolicyId on every cache behavior.",
    }, perDistribution((stack, distribution) => behaviors(distribution.props).flatMap(({ path, behavior }): StackProblem[] => {
        const id = asString(behavior.responseHeadersPolicyId);
        if (!id) return [{ resource: distribution, problem: `cache behavior ${path} attaches no response headers policy, so browsers get no HSTS, nosniff or framing protection`, fix: `set responseHeadersPolicyId on cache behavior ${path} to a policy with securityHeadersConfig (or the managed SecurityHeadersPolicy ${MANAGED_SECURITY_HEADERS_POLICY})` }];
        return stack.find(T.responseHeadersPolicy, id).flatMap((policy): StackProblem[] => {
            const missing = headerProblems(policy);
            return missing.length === 0 ? [] : [{ resource: policy, problem: `it does not set ${missing.join(", ")}`, fix: "set securityHeadersConfig: { strictTransportSecurity: { accessControlMaxAgeSec: 31536000, includeSubdomains: true, override: true }, contentTypeOptions: { override: true }, frameOptions: { frameOption: \"DENY\", override: true } }" }];
        });
    }))),

    resourcePolicy<{ worldwide?: boolean }>({
        name: "cloudfront-geo-restriction", type: T.distribution, pillar: "Security",
        sources: ["AwsSolutions-CFR1", "CKV_AWS_374"],
        description: "A distribution restricts viewers to the countries the business serves (geoRestriction whitelist or blacklist with locations), unless the stack declares it serves the whole world (`worldwide` true). cdk-nag treats this as a warning: it is a product decision.",
        remediation: "Set restrictions.geoRestriction: { restrictionType: \"whitelist\", locations: [...] }, or set the policy's worldwide config with the reason.",
        configSchema: { properties: { worldwide: { type: "boolean", default: false } } },
    }, (props, config) => {
        const restriction = asRecord(get(props, "restrictions", "geoRestriction")) ?? {};
        const type = asString(restriction.restrictionType) ?? "none";
        if (type !== "none") {
            return asArray(restriction.locations).length > 0 ? [] : [[`its ${type} geo restriction lists no countries`, "list the ISO 3166 country codes in restrictions.geoRestriction.locations"]];
        }
        return config.worldwide === true ? [] : [["it serves every country (restrictionType none), although nothing in the stack says the business does", "set restrictions.geoRestriction to a whitelist of the countries you serve, or set worldwide in the policy config with the reason"]];
    }),
];
