/**
 * Fixture pairs for what faces the browser: CloudFront distributions, WAF web ACLs, Cognito user pools, app
 * clients and identity pools. The passing distribution is the static site the program is getting: a private
 * bucket behind OAC, HTTPS only, security headers, a default root object.
 */
import type { Case } from "./cases";
import { res, T } from "./fixtures";

const DISTRIBUTION_ARN = "arn:aws:cloudfront::123456789012:distribution/E123";
const oac = (inputs: Record<string, unknown> = {}) => res(T.originAccessControl, "site-oac", { originAccessControlOriginType: "s3", signingBehavior: "always", signingProtocol: "sigv4", ...inputs }, { id: "oac-id" });
const headers = (security: Record<string, unknown>) => res(T.responseHeadersPolicy, "site-headers", { securityHeadersConfig: security }, { id: "headers-id" });
const SECURITY = {
    strictTransportSecurity: { accessControlMaxAgeSec: 31_536_000, includeSubdomains: true, override: true },
    contentTypeOptions: { override: true },
    frameOptions: { frameOption: "DENY", override: true },
};
const site = (inputs: Record<string, unknown> = {}, behavior: Record<string, unknown> = {}) => res(T.distribution, "site", {
    enabled: true, defaultRootObject: "index.html", webAclId: "arn:aws:wafv2:us-east-1:123456789012:global/webacl/site/1",
    origins: [{ originId: "bucket", domainName: "site-bucket.s3.us-east-1.amazonaws.com", originAccessControlId: "oac-id" }],
    defaultCacheBehavior: { targetOriginId: "bucket", viewerProtocolPolicy: "redirect-to-https", allowedMethods: ["GET", "HEAD"], cachedMethods: ["GET", "HEAD"], responseHeadersPolicyId: "headers-id", ...behavior },
    restrictions: { geoRestriction: { restrictionType: "whitelist", locations: ["DE", "FR"] } },
    viewerCertificate: { acmCertificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/c", sslSupportMethod: "sni-only", minimumProtocolVersion: "TLSv1.2_2021" },
    ...inputs,
}, { arn: DISTRIBUTION_ARN, id: "E123" });
const apiOrigin = (config: Record<string, unknown>) => ({ originId: "api", domainName: "api.example.com", customOriginConfig: { httpPort: 80, httpsPort: 443, originProtocolPolicy: "https-only", originSslProtocols: ["TLSv1.2"], ...config } });
const logSource = (resourceArn = DISTRIBUTION_ARN) => res(T.logDeliverySource, "site-logs-source", { name: "site-logs", logType: "ACCESS_LOGS", resourceArn });
const logDelivery = res(T.logDelivery, "site-logs", { deliverySourceName: "site-logs", deliveryDestinationArn: "arn:aws:logs:us-east-1:123456789012:delivery-destination:site" });

const acl = (inputs: Record<string, unknown> = {}) => res(T.webAcl, "site-acl", {
    scope: "CLOUDFRONT", defaultAction: { allow: {} }, visibilityConfig: { cloudwatchMetricsEnabled: true, metricName: "site", sampledRequestsEnabled: true },
    rules: [{ name: "bad-inputs", priority: 1, overrideAction: { none: {} }, statement: { managedRuleGroupStatement: { vendorName: "AWS", name: "AWSManagedRulesKnownBadInputsRuleSet" } }, visibilityConfig: {} }],
    ...inputs,
}, { arn: "arn:aws:wafv2:us-east-1:123456789012:global/webacl/site/1" });

const pool = (inputs: Record<string, unknown> = {}) => res(T.userPool, "customers", {
    usernameAttributes: ["email"], autoVerifiedAttributes: ["email"],
    userAttributeUpdateSettings: { attributesRequireVerificationBeforeUpdates: ["email"] },
    passwordPolicy: { minimumLength: 12, requireUppercase: true, requireLowercase: true, requireNumbers: true, requireSymbols: true },
    mfaConfiguration: "ON", softwareTokenMfaConfiguration: { enabled: true },
    userPoolTier: "PLUS", userPoolAddOns: { advancedSecurityMode: "ENFORCED" }, deletionProtection: "ACTIVE",
    ...inputs,
});
const client = (inputs: Record<string, unknown> = {}) => res(T.userPoolClient, "storefront", {
    userPoolId: "pool", generateSecret: false, allowedOauthFlowsUserPoolClient: true, allowedOauthFlows: ["code"], allowedOauthScopes: ["openid", "email"],
    callbackUrls: ["https://shop.example.com/"], explicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
    preventUserExistenceErrors: "ENABLED", ...inputs,
});

export const EDGE_CASES: Record<string, { pass: Case[]; fail: Case[] }> = {
    // ---------------------------------------------------------------- CloudFront
    "cloudfront-viewer-https": {
        pass: [{ resources: [site()] }, { resources: [site({ orderedCacheBehaviors: [{ pathPattern: "/api/*", targetOriginId: "api", viewerProtocolPolicy: "https-only" }] })] }],
        fail: [
            { resources: [site({}, { viewerProtocolPolicy: "allow-all" })], expect: /cache behavior default serves viewers over plain HTTP/ },
            { resources: [site({ orderedCacheBehaviors: [{ pathPattern: "/img/*", targetOriginId: "bucket", viewerProtocolPolicy: "allow-all" }] })], expect: /cache behavior \/img\/\*/ },
        ],
    },
    "cloudfront-viewer-tls": {
        pass: [{ resources: [site()] }, { resources: [site({ viewerCertificate: { cloudfrontDefaultCertificate: true } })], config: { allowDefaultCertificate: true } }],
        fail: [
            { resources: [site({ viewerCertificate: { cloudfrontDefaultCertificate: true } })], expect: /\*\.cloudfront\.net certificate/ },
            { resources: [site({ viewerCertificate: { acmCertificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/c", sslSupportMethod: "sni-only", minimumProtocolVersion: "TLSv1_2016" } })], expect: /TLSv1_2016, older than TLSv1\.2_2021/ },
            { resources: [site({ viewerCertificate: { acmCertificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/c", sslSupportMethod: "vip", minimumProtocolVersion: "TLSv1.2_2021" } })], expect: /dedicated IP/ },
        ],
    },
    "cloudfront-origin-https": {
        pass: [{ resources: [site()] }, { resources: [site({ origins: [apiOrigin({})] })] }],
        fail: [
            { resources: [site({ origins: [apiOrigin({ originProtocolPolicy: "match-viewer" })] })], expect: /origin api is reached over match-viewer/ },
            { resources: [site({ origins: [apiOrigin({ originSslProtocols: ["TLSv1", "TLSv1.2"] })] })], expect: /still accepts TLSv1/ },
        ],
    },
    "cloudfront-s3-origin-access-control": {
        pass: [{ resources: [site(), oac()] }, { resources: [site({ origins: [apiOrigin({})] })] }],
        fail: [
            { resources: [site({ origins: [{ originId: "bucket", domainName: "site-bucket.s3.us-east-1.amazonaws.com" }] })], expect: /has no origin access control/ },
            { resources: [site({ origins: [{ originId: "bucket", domainName: "site-bucket.s3.amazonaws.com", s3OriginConfig: { originAccessIdentity: "origin-access-identity/cloudfront/E1" } }] })], expect: /legacy origin access identity/ },
            { resources: [site({ origins: [{ originId: "web", domainName: "site-bucket.s3-website-us-east-1.amazonaws.com", customOriginConfig: { httpPort: 80, httpsPort: 443, originProtocolPolicy: "http-only", originSslProtocols: ["TLSv1.2"] } }] })], expect: /website endpoint/ },
            { resources: [site(), oac({ signingBehavior: "never" })], expect: /signs no request/ },
        ],
    },
    "cloudfront-logging": {
        pass: [{ resources: [site(), logSource(), logDelivery] }, { resources: [site({ loggingConfig: { bucket: "site-logs.s3.amazonaws.com", prefix: "cf/" } })] }],
        fail: [{ resources: [site()], expect: /writes no access logs/ }, { resources: [site(), logSource("arn:aws:cloudfront::123456789012:distribution/OTHER"), logDelivery] }],
    },
    "cloudfront-default-root-object": {
        pass: [{ resources: [site()] }],
        fail: [{ resources: [site({ defaultRootObject: "" })], expect: /no default root object/ }],
    },
    "cloudfront-security-headers": {
        pass: [{ resources: [site(), headers(SECURITY)] }, { resources: [site({}, { responseHeadersPolicyId: "67f7725c-6f97-4210-82d7-5512b31e9d03" })] }],
        fail: [
            { resources: [site({}, { responseHeadersPolicyId: undefined })], expect: /attaches no response headers policy/ },
            { resources: [site(), headers({ ...SECURITY, strictTransportSecurity: { accessControlMaxAgeSec: 0, override: true } })], expect: /Strict-Transport-Security of at least one year/ },
        ],
    },
    "cloudfront-geo-restriction": {
        pass: [{ resources: [site()] }, { resources: [site({ restrictions: { geoRestriction: { restrictionType: "none" } } })], config: { worldwide: true } }],
        fail: [
            { resources: [site({ restrictions: { geoRestriction: { restrictionType: "none" } } })], expect: /serves every country/ },
            { resources: [site({ restrictions: { geoRestriction: { restrictionType: "whitelist", locations: [] } } })], expect: /lists no countries/ },
        ],
    },
    // ---------------------------------------------------------------- WAF
    "waf-web-acl": {
        pass: [
            { resources: [site()] },
            { resources: [site({ webAclId: undefined })], config: { webAclRequired: false } },
            { resources: [res(T.restStage, "rest-stage", { restApi: "rest-api-id", stageName: "v1" }), res(T.webAclAssociation, "rest-acl", { resourceArn: "arn:aws:apigateway:us-east-1::/restapis/rest-api-id/stages/v1", webAclArn: "arn:aws:wafv2:us-east-1:123456789012:regional/webacl/api/1" })] },
        ],
        fail: [
            { resources: [site({ webAclId: undefined })], expect: /no web ACL filters its requests/ },
            { resources: [res(T.restStage, "rest-stage", { restApi: "rest-api-id", stageName: "v1" })], expect: /no web ACL is associated/ },
            { resources: [res(T.graphQlApi, "graph", { authenticationType: "AMAZON_COGNITO_USER_POOLS" }, { arn: "arn:aws:appsync:us-east-1:123456789012:apis/g1", id: "g1" })] },
        ],
    },
    "waf-managed-rules": {
        pass: [{ resources: [acl()] }, { resources: [acl({ rules: undefined, ruleJson: JSON.stringify([{ Name: "bad", Priority: 1, OverrideAction: { None: {} }, Statement: { ManagedRuleGroupStatement: { VendorName: "AWS", Name: "AWSManagedRulesKnownBadInputsRuleSet" } } }]) })] }],
        fail: [
            { resources: [acl({ rules: [] })], expect: /no rules|KnownBadInputs/ },
            { resources: [acl({ rules: [{ name: "bad-inputs", priority: 1, overrideAction: { count: {} }, statement: { managedRuleGroupStatement: { vendorName: "AWS", name: "AWSManagedRulesKnownBadInputsRuleSet" } } }] })], expect: /only counts/ },
        ],
    },
    "waf-logging": {
        pass: [{ resources: [acl(), res(T.webAclLogging, "site-acl-logs", { resourceArn: "arn:aws:wafv2:us-east-1:123456789012:global/webacl/site/1", logDestinationConfigs: ["arn:aws:logs:us-east-1:123456789012:log-group:aws-waf-logs-site"] })] }],
        fail: [{ resources: [acl()], expect: /keeps no log/ }],
    },
    // ---------------------------------------------------------------- Cognito
    "cognito-password-policy": {
        pass: [{ resources: [pool()] }],
        fail: [
            { resources: [pool({ passwordPolicy: undefined })], expect: /not declared/ },
            { resources: [pool({ passwordPolicy: { minimumLength: 6, requireUppercase: true, requireLowercase: true, requireNumbers: true, requireSymbols: false } })], expect: /shorter than 8|turns off requireSymbols/ },
        ],
    },
    "cognito-mfa": {
        pass: [{ resources: [pool()] }, { resources: [pool({ mfaConfiguration: "OPTIONAL" })], config: { allowOptional: true } }],
        fail: [
            { resources: [pool({ mfaConfiguration: "OFF" })], expect: /MFA is OFF/ },
            { resources: [pool({ mfaConfiguration: "OPTIONAL" })], expect: /MFA is OPTIONAL/ },
            { resources: [pool({ softwareTokenMfaConfiguration: { enabled: false } })], expect: /no second factor/ },
        ],
    },
    "cognito-threat-protection": {
        pass: [{ resources: [pool()] }, { resources: [pool({ userPoolAddOns: { advancedSecurityMode: "AUDIT" } })], config: { mode: "AUDIT" } }],
        fail: [
            { resources: [pool({ userPoolAddOns: { advancedSecurityMode: "OFF" } })], expect: /threat protection is OFF/ },
            { resources: [pool({ userPoolTier: "ESSENTIALS" })], expect: /ESSENTIALS/ },
        ],
    },
    "cognito-deletion-protection": {
        pass: [{ resources: [pool()] }, { resources: [pool({ deletionProtection: "INACTIVE" })], config: { stackClass: "dev" } }],
        fail: [{ resources: [pool({ deletionProtection: "INACTIVE" })], expect: /deletion protection is INACTIVE/ }, { resources: [pool({ deletionProtection: undefined })] }],
    },
    "cognito-email-verification": {
        pass: [{ resources: [pool()] }, { resources: [pool({ usernameAttributes: undefined, autoVerifiedAttributes: undefined })] }],
        fail: [
            { resources: [pool({ autoVerifiedAttributes: [] })], expect: /not verified at sign-up/ },
            { resources: [pool({ userAttributeUpdateSettings: undefined })], expect: /before it is verified/ },
        ],
    },
    "cognito-client-secret": {
        pass: [
            { resources: [client()] },
            { resources: [client({ generateSecret: true, allowedOauthFlows: ["client_credentials"] })] },
            { resources: [client({ generateSecret: true })], config: { confidentialClients: ["storefront"] } },
        ],
        fail: [{ resources: [client({ generateSecret: true })], expect: /has a client secret/ }],
    },
    "cognito-client-oauth-flows": {
        pass: [{ resources: [client()] }],
        fail: [
            { resources: [client({ allowedOauthFlows: ["code", "implicit"] })], expect: /implicit grant/ },
            { resources: [client({ explicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] })], expect: /sends the user's password/ },
        ],
    },
    "cognito-client-token-validity": {
        pass: [{ resources: [client()] }, { resources: [client({ accessTokenValidity: 30, idTokenValidity: 30, tokenValidityUnits: { accessToken: "minutes", idToken: "minutes" }, refreshTokenValidity: 7 })] }],
        fail: [
            { resources: [client({ accessTokenValidity: 24 })], expect: /access tokens stay valid 1440 minutes/ },
            { resources: [client({ refreshTokenValidity: 3650 })], expect: /refresh tokens stay valid 3650 days/ },
            { resources: [client({ enableTokenRevocation: false })], expect: /revocation is off/ },
        ],
    },
    "cognito-client-prevent-user-existence-errors": {
        pass: [{ resources: [client()] }],
        fail: [{ resources: [client({ preventUserExistenceErrors: "LEGACY" })], expect: /LEGACY/ }, { resources: [client({ preventUserExistenceErrors: undefined })], expect: /API default/ }],
    },
    "cognito-identity-pool-authenticated": {
        pass: [
            { resources: [res(T.identityPool, "browsers", { identityPoolName: "browsers", allowUnauthenticatedIdentities: false })] },
            { resources: [res(T.identityPool, "browsers", { identityPoolName: "browsers", allowUnauthenticatedIdentities: true })], config: { unauthenticatedAllowed: ["browsers"] } },
        ],
        fail: [
            { resources: [res(T.identityPool, "browsers", { identityPoolName: "browsers", allowUnauthenticatedIdentities: true })], expect: /signed in or not/ },
            { resources: [res(T.identityPool, "browsers", { identityPoolName: "browsers", allowClassicFlow: true })], expect: /classic/ },
        ],
    },
};
