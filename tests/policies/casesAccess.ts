/**
 * Fixture pairs for who may call a function or an API: function URLs, layers, REST methods and stages,
 * HTTP API authorizers and custom domains.
 */
import type { Case } from "./cases";
import { ACCOUNT, ARN, fn, res, T } from "./fixtures";

const url = (inputs: Record<string, unknown> = {}) => res(T.functionUrl, "hook-url", { functionName: "hook", authorizationType: "AWS_IAM", ...inputs });
const layerArn = (account: string, name = "deps") => `arn:aws:lambda:us-east-1:${account}:layer:${name}:3`;
const restStage = (inputs: Record<string, unknown> = {}) => res(T.restStage, "rest-stage", { restApi: "rest-api-id", stageName: "v1", deployment: "d", xrayTracingEnabled: true, ...inputs }, { arn: "arn:aws:apigateway:us-east-1::/restapis/rest-api-id/stages/v1" });
const settings = (values: Record<string, unknown>, methodPath = "*/*") => res(T.restMethodSettings, "rest-settings", { restApi: "rest-api-id", stageName: "v1", methodPath, settings: values });
const method = (inputs: Record<string, unknown> = {}) => res(T.restMethod, "orders-post", {
    restApi: "rest-api-id", resourceId: "orders", httpMethod: "POST", authorization: "COGNITO_USER_POOLS", authorizerId: "pool-authorizer", requestValidatorId: "body-validator", ...inputs,
});
const jwt = (configuration: Record<string, unknown> | undefined) => res(T.httpAuthorizer, "pool-authorizer", { apiId: "api", authorizerType: "JWT", identitySources: ["$request.header.Authorization"], jwtConfiguration: configuration });

export const ACCESS_CASES: Record<string, { pass: Case[]; fail: Case[] }> = {
    // ---------------------------------------------------------------- Lambda access
    "lambda-function-url-auth": {
        pass: [{ resources: [url()] }, { resources: [url({ authorizationType: "NONE" })], config: { publicUrls: ["hook-url"] } }],
        fail: [{ resources: [url({ authorizationType: "NONE" })], expect: /authorizationType is NONE/ }],
    },
    "lambda-function-url-cors-no-wildcard": {
        pass: [{ resources: [url({ cors: { allowOrigins: ["https://shop.example.com"] } })] }, { resources: [url()] }],
        fail: [{ resources: [url({ cors: { allowOrigins: ["*"] } })], expect: /every origin/ }],
    },
    "lambda-layer-permission-not-public": {
        pass: [
            { resources: [res(T.layerVersionPermission, "deps-share", { layerName: "deps", versionNumber: 3, statementId: "s", action: "lambda:GetLayerVersion", principal: "111122223333" })] },
            { resources: [res(T.layerVersionPermission, "deps-share", { layerName: "deps", versionNumber: 3, statementId: "s", action: "lambda:GetLayerVersion", principal: "*", organizationId: "o-abc" })] },
        ],
        fail: [{ resources: [res(T.layerVersionPermission, "deps-share", { layerName: "deps", versionNumber: 3, statementId: "s", action: "lambda:GetLayerVersion", principal: "*" })], expect: /every AWS account/ }],
    },
    "lambda-layer-trusted-source": {
        pass: [
            { resources: [fn("a", { layers: [layerArn(ACCOUNT)] })] },
            { resources: [fn("a", { layers: [layerArn("999988887777")] }), res(T.layerVersion, "deps", { layerName: "deps" }, { arn: layerArn("999988887777") })] },
            { resources: [fn("a", { layers: [layerArn("094274105915", "AWSLambdaPowertoolsTypeScriptV2")] })], config: { trustedAccounts: ["094274105915"] } },
        ],
        fail: [{ resources: [fn("a", { layers: [layerArn("999988887777")] })], expect: /layers of accounts the stack does not trust: .*999988887777/ }],
    },
    // ---------------------------------------------------------------- REST APIs
    "apigw-rest-method-authorization": {
        pass: [
            { resources: [method()] },
            { resources: [method({ httpMethod: "OPTIONS", authorization: "NONE" })] },
            { resources: [method({ authorization: "NONE" })], config: { publicMethods: ["orders-post"] } },
        ],
        fail: [
            { resources: [method({ authorization: "NONE", apiKeyRequired: true })], expect: /unauthenticated calls \(an API key identifies/ },
            { resources: [method({ authorizerId: undefined })], expect: /no authorizerId/ },
        ],
    },
    "apigw-rest-request-validation": {
        pass: [{ resources: [method()] }, { resources: [method({ httpMethod: "OPTIONS", requestValidatorId: undefined })] }],
        fail: [{ resources: [method({ requestValidatorId: undefined })], expect: /no request validator/ }],
    },
    "apigw-rest-execution-logging": {
        pass: [{ resources: [restStage(), settings({ loggingLevel: "ERROR", metricsEnabled: true })] }],
        fail: [
            { resources: [restStage(), settings({ loggingLevel: "OFF" })], expect: /execution logging is OFF/ },
            { resources: [restStage(), settings({ loggingLevel: "ERROR" }, "orders/POST")], expect: /no \*\/\* method settings/ },
        ],
    },
    "apigw-rest-throttling": {
        pass: [{ resources: [restStage(), settings({ throttlingBurstLimit: 20, throttlingRateLimit: 10 })] }],
        fail: [{ resources: [restStage(), settings({ throttlingBurstLimit: -1, throttlingRateLimit: -1 })], expect: /default throttling/ }, { resources: [restStage()] }],
    },
    "apigw-rest-no-data-trace": {
        pass: [{ resources: [settings({ loggingLevel: "ERROR", dataTraceEnabled: false })] }],
        fail: [{ resources: [settings({ loggingLevel: "INFO", dataTraceEnabled: true })], expect: /request and response body/ }],
    },
    "apigw-rest-cache-encrypted": {
        pass: [{ resources: [settings({ cachingEnabled: true, cacheDataEncrypted: true })] }, { resources: [settings({ cachingEnabled: false })] }],
        fail: [{ resources: [settings({ cachingEnabled: true, cacheDataEncrypted: false })], expect: /unencrypted/ }],
    },
    // ---------------------------------------------------------------- HTTP API authorizers and domains
    "apigw-jwt-authorizer-audience": {
        pass: [
            { resources: [jwt({ issuer: "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_abc", audiences: ["client-id"] })] },
            { resources: [res(T.httpAuthorizer, "lambda-authorizer", { apiId: "api", authorizerType: "REQUEST", authorizerUri: ARN.fn("auth") })] },
        ],
        fail: [
            { resources: [jwt({ issuer: "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_abc", audiences: [] })], expect: /no audience/ },
            { resources: [jwt({ issuer: "http://issuer.example.com", audiences: ["client-id"] })], expect: /not an HTTPS URL/ },
        ],
    },
    "apigw-domain-tls": {
        pass: [
            { resources: [res(T.restDomainName, "api-domain", { domainName: "api.example.com", securityPolicy: "TLS_1_2" })] },
            { resources: [res(T.httpDomainName, "api-domain", { domainName: "api.example.com", domainNameConfiguration: { certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/c", endpointType: "REGIONAL", securityPolicy: "TLS_1_2" } })] },
        ],
        fail: [
            { resources: [res(T.restDomainName, "api-domain", { domainName: "api.example.com", securityPolicy: "TLS_1_0" })], expect: /TLS_1_0 still accepts/ },
            { resources: [res(T.restDomainName, "api-domain", { domainName: "api.example.com" })], expect: /TLS_1_0/ },
        ],
    },
};
