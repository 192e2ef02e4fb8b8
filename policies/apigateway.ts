import { asArray, asNumber, asRecord, asString, get, PackPolicy, parseJson, Problem, resourcePolicy } from "./core";
import { T } from "./types";

export const apiGatewayPolicies: PackPolicy[] = [
    resourcePolicy({
        name: "apigw-access-logging", type: [T.httpStage, T.restStage], pillar: "Operational Excellence",
        sources: ["Serverless-APIGWAccessLogging", "AwsSolutions-APIG1", "CKV_AWS_76"],
        description: "API stages write access logs to a CloudWatch log group.",
        remediation: "Set accessLogSettings: { destinationArn: logGroup.arn, format: <JSON> }.",
    }, (props) => asString(get(props, "accessLogSettings", "destinationArn")) ? [] :
        [["the stage writes no access logs", "set accessLogSettings: { destinationArn: <log group ARN with retention>, format: <JSON format> }"]]),

    resourcePolicy({
        name: "apigw-structured-logging", type: [T.httpStage, T.restStage], pillar: "Operational Excellence",
        sources: ["Serverless-APIGWStructuredLogging"],
        description: "API access logs are JSON, so Logs Insights can query them by field (requestId, status, correlation id).",
        remediation: "Set accessLogSettings.format to a JSON object of $context variables.",
    }, (props, _config, args) => {
        const format = asString(get(props, "accessLogSettings", "format"));
        if (!asString(get(props, "accessLogSettings", "destinationArn"))) args.notApplicable("the stage has no access logs (apigw-access-logging reports that)");
        return format && asRecord(parseJson(format)) ? [] :
            [["its access log format is not a JSON object", "set accessLogSettings.format to JSON.stringify({ requestId: \"$context.requestId\", status: \"$context.status\", ... })"]];
    }),

    resourcePolicy({
        name: "apigw-throttling", type: T.httpStage, pillar: "Reliability",
        sources: ["Serverless-APIGWDefaultThrottling"],
        description: "HTTP API stages set their own throttling (burst and rate), instead of the account-wide default of 10,000 rps.",
        remediation: "Set defaultRouteSettings: { throttlingBurstLimit, throttlingRateLimit } (apiThrottleBurst/apiThrottleRate).",
    }, (props) => {
        const burst = asNumber(get(props, "defaultRouteSettings", "throttlingBurstLimit"));
        const rate = asNumber(get(props, "defaultRouteSettings", "throttlingRateLimit"));
        return burst !== undefined && burst > 0 && rate !== undefined && rate > 0 ? [] :
            [["the stage uses the account's default throttling, so one client can exhaust the whole account's API and Lambda capacity", "set defaultRouteSettings: { throttlingBurstLimit, throttlingRateLimit } from apiThrottleBurst/apiThrottleRate"]];
    }),

    resourcePolicy({
        name: "apigw-rest-xray", type: T.restStage, pillar: "Operational Excellence",
        sources: ["Serverless-APIGWXrayEnabled", "CKV_AWS_73"],
        description: "REST API stages have X-Ray tracing on. (HTTP APIs cannot trace; their requests are followed by the correlation id and the Lambda traces.)",
        remediation: "Set xrayTracingEnabled: true on the stage.",
    }, (props) => props.xrayTracingEnabled === true ? [] : [["X-Ray tracing is off", "set xrayTracingEnabled: true"]]),

    resourcePolicy<{ publicRoutes?: string[] }>({
        name: "apigw-route-authorization", type: T.httpRoute, pillar: "Security",
        sources: ["AwsSolutions-APIG4", "CKV_AWS_309"],
        description: "API routes have an authorizer (a JWT or CUSTOM route names its authorizerId), except routes listed (with a reason in the README) in `publicRoutes`.",
        remediation: "Set authorizationType (JWT, AWS_IAM or CUSTOM) with an authorizer, or list the route key in the policy's publicRoutes config.",
        configSchema: { properties: { publicRoutes: { type: "array", items: { type: "string" } } } },
    }, (props, config) => {
        const type = asString(props.authorizationType) ?? "NONE";
        const routeKey = asString(props.routeKey) ?? "";
        if ((type === "JWT" || type === "CUSTOM") && !asString(props.authorizerId)) {
            return [[`route ${routeKey} is ${type} but names no authorizer`, "set authorizerId to the route's aws.apigatewayv2.Authorizer"]];
        }
        return type !== "NONE" || (config.publicRoutes ?? []).includes(routeKey) ? [] :
            [[`route ${routeKey} accepts unauthenticated calls`, `set authorizationType (JWT, AWS_IAM or CUSTOM) with an authorizerId, or add "${routeKey}" to publicRoutes in the policy config with a justification`]];
    }),

    resourcePolicy({
        name: "apigw-cors-no-wildcard", type: T.httpApi, pillar: "Security",
        sources: ["event-driven", "CKV2_AWS_75"],
        description: "An HTTP API's CORS configuration names the allowed origins, never `*`.",
        remediation: "Set corsConfiguration.allowOrigins to the frontend origins (corsAllowOrigins).",
    }, (props) => asArray(get(props, "corsConfiguration", "allowOrigins")).includes("*")
        ? [["CORS allows every origin (\"*\"), so any web page can call the API from a visitor's browser", "set corsConfiguration.allowOrigins to the frontend's origins (corsAllowOrigins in the stack config)"]] : []),

    resourcePolicy({
        name: "apigw-jwt-authorizer-audience", type: T.httpAuthorizer, pillar: "Security",
        sources: ["event-driven"],
        description: "An HTTP API JWT authorizer names an HTTPS issuer and at least one audience (the app client), so a token the same issuer minted for another client is refused.",
        remediation: "Set jwtConfiguration: { issuer: <user pool URL>, audiences: [<app client id>] }.",
    }, (props, _config, args) => {
        if (asString(props.authorizerType) !== "JWT") args.notApplicable("only JWT authorizers carry an issuer and audience");
        const problems: Problem[] = [];
        if (asArray(get(props, "jwtConfiguration", "audiences")).length === 0) problems.push(["it names no audience, so a token the issuer minted for any client is accepted", "set jwtConfiguration.audiences to the app client id(s)"]);
        if (!(asString(get(props, "jwtConfiguration", "issuer")) ?? "").startsWith("https://")) problems.push(["its issuer is not an HTTPS URL, so the signing keys cannot be fetched safely", "set jwtConfiguration.issuer to the user pool's https://cognito-idp.<region>.amazonaws.com/<pool id>"]);
        return problems;
    }),

    resourcePolicy<{ allowedSecurityPolicies?: string[] }>({
        name: "apigw-domain-tls", type: [T.restDomainName, T.httpDomainName], pillar: "Security",
        sources: ["CKV_AWS_206"],
        description: "API custom domain names accept TLS 1.2 or newer only.",
        remediation: "Set securityPolicy (REST) or domainNameConfiguration.securityPolicy (HTTP) to TLS_1_2, or a TLS 1.3 policy.",
        configSchema: { properties: { allowedSecurityPolicies: { type: "array", items: { type: "string" } } } },
    }, (props, config, args) => {
        const policy = asString(args.type === T.restDomainName ? props.securityPolicy : get(props, "domainNameConfiguration", "securityPolicy")) ?? "TLS_1_0";
        const allowed = config.allowedSecurityPolicies ?? [];
        const modern = allowed.length > 0 ? allowed.includes(policy) : policy === "TLS_1_2" || /TLS13|TLS_1_3/.test(policy);
        return modern ? [] : [[`its security policy ${policy} still accepts TLS 1.0/1.1 clients`, "set the security policy to TLS_1_2 (or a SecurityPolicy_TLS13_* policy)"]];
    }),
];
