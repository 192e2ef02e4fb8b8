import { asArray, asNumber, asRecord, asString, get, PackPolicy, parseJson, resourcePolicy } from "./core";
import { T } from "./types";

export const apiGatewayPolicies: PackPolicy[] = [
    resourcePolicy({
        name: "apigw-access-logging", type: [T.httpStage, T.restStage], pillar: "Operational Excellence",
        sources: ["Serverless:APIGWAccessLogging", "AwsSolutions-APIG1"],
        description: "API stages write access logs to a CloudWatch log group.",
        remediation: "Set accessLogSettings: { destinationArn: logGroup.arn, format: <JSON> }.",
    }, (props) => asString(get(props, "accessLogSettings", "destinationArn")) ? [] :
        [["the stage writes no access logs", "set accessLogSettings: { destinationArn: <log group ARN with retention>, format: <JSON format> }"]]),

    resourcePolicy({
        name: "apigw-structured-logging", type: [T.httpStage, T.restStage], pillar: "Operational Excellence",
        sources: ["Serverless:APIGWStructuredLogging"],
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
        sources: ["Serverless:APIGWDefaultThrottling"],
        description: "HTTP API stages set their own throttling (burst and rate), instead of the account-wide default of 10,000 rps.",
        remediation: "Set defaultRouteSettings: { throttlingBurstLimit, throttlingRateLimit } (apiThrottleBurst/apiThrottleRate).",
    }, (props) => {
        const burst = asNumber(get(props, "defaultRouteSettings", "throttlingBurstLimit"));
        const rate = asNumber(get(props, "defaultRouteSettings", "throttlingRateLimit"));
        return burst && rate ? [] :
            [["the stage uses the account's default throttling, so one client can exhaust the whole account's API and Lambda capacity", "set defaultRouteSettings: { throttlingBurstLimit, throttlingRateLimit } from apiThrottleBurst/apiThrottleRate"]];
    }),

    resourcePolicy({
        name: "apigw-rest-xray", type: T.restStage, pillar: "Operational Excellence",
        sources: ["Serverless:APIGWXrayEnabled"],
        description: "REST API stages have X-Ray tracing on. (HTTP APIs cannot trace; their requests are followed by the correlation id and the Lambda traces.)",
        remediation: "Set xrayTracingEnabled: true on the stage.",
    }, (props) => props.xrayTracingEnabled === true ? [] : [["X-Ray tracing is off", "set xrayTracingEnabled: true"]]),

    resourcePolicy<{ publicRoutes?: string[] }>({
        name: "apigw-route-authorization", type: T.httpRoute, pillar: "Security",
        sources: ["AwsSolutions-APIG4"],
        description: "API routes have an authorizer, except routes listed (with a reason in the README) in `publicRoutes`.",
        remediation: "Set authorizationType (JWT, AWS_IAM or CUSTOM) with an authorizer, or list the route key in the policy's publicRoutes config.",
        configSchema: { properties: { publicRoutes: { type: "array", items: { type: "string" } } } },
    }, (props, config) => {
        const type = asString(props.authorizationType) ?? "NONE";
        const routeKey = asString(props.routeKey) ?? "";
        return type !== "NONE" || (config.publicRoutes ?? []).includes(routeKey) ? [] :
            [[`route ${routeKey} accepts unauthenticated calls`, `set authorizationType (JWT, AWS_IAM or CUSTOM) with an authorizerId, or add "${routeKey}" to publicRoutes in the policy config with a justification`]];
    }),

    resourcePolicy({
        name: "apigw-cors-no-wildcard", type: T.httpApi, pillar: "Security",
        sources: ["event-driven"],
        description: "An HTTP API's CORS configuration names the allowed origins, never `*`.",
        remediation: "Set corsConfiguration.allowOrigins to the frontend origins (corsAllowOrigins).",
    }, (props) => asArray(get(props, "corsConfiguration", "allowOrigins")).includes("*")
        ? [["CORS allows every origin (\"*\"), so any web page can call the API from a visitor's browser", "set corsConfiguration.allowOrigins to the frontend's origins (corsAllowOrigins in the stack config)"]] : []),
];
