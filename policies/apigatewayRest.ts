import type { PolicyResource } from "@pulumi/policy";
import { asNumber, asString, get, PackPolicy, resourcePolicy, Stack, stackPolicy, StackProblem } from "./core";
import { T } from "./types";

/**
 * REST APIs (API Gateway v1). Their stage-wide settings (execution logging, throttling, caching) live in
 * aws.apigateway.MethodSettings resources, so the stage checks follow the stage to its `*\/*` method settings.
 */

/** The method settings that apply to every method of `stage` (methodPath `*\/*`). */
function stageWideSettings(stack: Stack, stage: PolicyResource): Record<string, unknown>[] {
    return stack.ofType(T.restMethodSettings)
        .filter((m) => m.props.restApi === stage.props.restApi && m.props.stageName === stage.props.stageName && m.props.methodPath === "*/*")
        .map((m) => (m.props.settings ?? {}) as Record<string, unknown>);
}

function perStage(check: (settings: Record<string, unknown>[]) => { problem: string; fix: string } | undefined) {
    return (stack: Stack) => stack.ofType(T.restStage).flatMap((stage): StackProblem[] => {
        const found = check(stageWideSettings(stack, stage));
        return found ? [{ resource: stage, ...found }] : [];
    });
}

const LOGGING_LEVELS = ["ERROR", "INFO"];

export const apiGatewayRestPolicies: PackPolicy[] = [
    resourcePolicy<{ publicMethods?: string[] }>({
        name: "apigw-rest-method-authorization", type: T.restMethod, pillar: "Security",
        sources: ["AwsSolutions-APIG4", "AwsSolutions-COG4", "CKV_AWS_59", "CKV2_AWS_70"],
        description: "REST API methods (other than CORS preflight OPTIONS) have an authorizer: COGNITO_USER_POOLS, AWS_IAM or CUSTOM. An API key is not authentication. Methods listed in `publicMethods` are exempt.",
        remediation: "Set authorization (COGNITO_USER_POOLS with authorizerId, AWS_IAM, or CUSTOM with authorizerId), or list the method in publicMethods with a reason.",
        configSchema: { properties: { publicMethods: { type: "array", items: { type: "string" } } } },
    }, (props, config, args) => {
        if (asString(props.httpMethod) === "OPTIONS") args.notApplicable("CORS preflight requests carry no credentials");
        const authorization = asString(props.authorization) ?? "NONE";
        if ((config.publicMethods ?? []).includes(args.name)) return [];
        if (authorization === "NONE") {
            return [[`${asString(props.httpMethod) ?? "the"} method accepts unauthenticated calls${props.apiKeyRequired === true ? " (an API key identifies a caller, it does not authenticate one)" : ""}`, "set authorization to COGNITO_USER_POOLS (with authorizerId), AWS_IAM or CUSTOM, or list the method in publicMethods with a justification"]];
        }
        return ["COGNITO_USER_POOLS", "CUSTOM"].includes(authorization) && !asString(props.authorizerId)
            ? [[`authorization is ${authorization} but no authorizerId is set`, "set authorizerId to the method's aws.apigateway.Authorizer"]] : [];
    }),

    resourcePolicy({
        name: "apigw-rest-request-validation", type: T.restMethod, pillar: "Security",
        sources: ["AwsSolutions-APIG2", "CKV2_AWS_53"],
        description: "REST API methods validate requests (a request validator), so malformed input is refused before it reaches and bills the backend.",
        remediation: "Create an aws.apigateway.RequestValidator (validateRequestBody, validateRequestParameters) and set requestValidatorId on the method.",
    }, (props, _config, args) => {
        if (asString(props.httpMethod) === "OPTIONS") args.notApplicable("CORS preflight requests carry no body");
        return asString(props.requestValidatorId) ? [] :
            [["the method has no request validator, so every malformed request reaches the integration", "create an aws.apigateway.RequestValidator and set requestValidatorId (with requestModels for the body)"]];
    }),

    stackPolicy({
        name: "apigw-rest-execution-logging", pillar: "Operational Excellence",
        sources: ["AwsSolutions-APIG6", "CKV2_AWS_4"],
        description: "Every REST API stage logs execution (loggingLevel ERROR or INFO for all methods, `*/*`) to CloudWatch, so integration and authorizer failures are visible.",
        remediation: "Add an aws.apigateway.MethodSettings with methodPath \"*/*\" and settings.loggingLevel \"ERROR\" (or \"INFO\").",
    }, perStage((settings) => settings.some((s) => LOGGING_LEVELS.includes(asString(s.loggingLevel) ?? "OFF")) ? undefined : {
        problem: `execution logging is ${asString(settings[0]?.loggingLevel) ?? "OFF (no */* method settings)"}, so failed integrations and authorizers leave no trace`,
        fix: "add an aws.apigateway.MethodSettings for this stage with methodPath \"*/*\" and settings: { loggingLevel: \"ERROR\", metricsEnabled: true }",
    })),

    stackPolicy({
        name: "apigw-rest-throttling", pillar: "Reliability",
        sources: ["Serverless-APIGWDefaultThrottling"],
        description: "Every REST API stage sets its own throttling for all methods (`*/*` burst and rate above 0), instead of the account-wide default of 10,000 rps.",
        remediation: "Add an aws.apigateway.MethodSettings with methodPath \"*/*\" and settings.throttlingBurstLimit / throttlingRateLimit.",
    }, perStage((settings) => settings.some((s) => (asNumber(s.throttlingBurstLimit) ?? -1) > 0 && (asNumber(s.throttlingRateLimit) ?? -1) > 0) ? undefined : {
        problem: "the stage uses the account's default throttling, so one client can exhaust the whole account's API and Lambda capacity",
        fix: "add an aws.apigateway.MethodSettings for this stage with methodPath \"*/*\" and settings: { throttlingBurstLimit, throttlingRateLimit }",
    })),

    resourcePolicy({
        name: "apigw-rest-no-data-trace", type: T.restMethodSettings, pillar: "Security",
        sources: ["CKV_AWS_276"],
        description: "REST API method settings do not enable data tracing, which writes full request and response bodies (tokens, personal data) to CloudWatch Logs.",
        remediation: "Set settings.dataTraceEnabled: false and use execution logging at ERROR or INFO.",
    }, (props) => get(props, "settings", "dataTraceEnabled") === true
        ? [["data tracing writes every request and response body, tokens and personal data included, to the execution log", "set settings.dataTraceEnabled: false (loggingLevel ERROR or INFO keeps the useful part)"]] : []),

    resourcePolicy({
        name: "apigw-rest-cache-encrypted", type: T.restMethodSettings, pillar: "Security",
        sources: ["CKV_AWS_308"],
        description: "Where REST API caching is on, the cached responses are encrypted.",
        remediation: "Set settings.cacheDataEncrypted: true wherever settings.cachingEnabled is true.",
    }, (props, _config, args) => {
        if (get(props, "settings", "cachingEnabled") !== true) args.notApplicable("caching is off");
        return get(props, "settings", "cacheDataEncrypted") === true ? [] :
            [["cached responses are stored unencrypted", "set settings.cacheDataEncrypted: true"]];
    }),
];
