import type { PolicyResource } from "@pulumi/policy";
import { asArray, asString, get, PackPolicy, resourcePolicy, Stack, stackPolicy, StackProblem } from "./core";
import { T } from "./types";

/**
 * Who may reach a function other than through the event flow: function URLs, layer sharing, and where a function's
 * layers come from. (Invoke permissions for AWS services are `lambda-permission-source-arn` in lambda.ts.)
 */

/** arn:aws:lambda:<region>:<account>:layer:<name>:<version> → account and name. */
function layerParts(arn: string): { account: string; name: string } | undefined {
    const match = /^arn:aws[a-z-]*:lambda:[^:]*:(\d{12}):layer:([^:]+)/.exec(arn);
    return match ? { account: match[1], name: match[2] } : undefined;
}

function accountOf(resource: PolicyResource): string | undefined {
    return /^arn:aws[a-z-]*:[^:]+:[^:]*:(\d{12}):/.exec(asString(resource.props.arn) ?? "")?.[1];
}

function declaredLayer(stack: Stack, arn: string): boolean {
    const parts = layerParts(arn);
    return stack.ofType(T.layerVersion).some((layer) => [layer.props.arn, layer.props.layerArn].includes(arn) ||
        (parts !== undefined && asString(layer.props.layerName) === parts.name));
}

export const lambdaAccessPolicies: PackPolicy[] = [
    resourcePolicy<{ publicUrls?: string[] }>({
        name: "lambda-function-url-auth", type: T.functionUrl, pillar: "Security",
        sources: ["cdk-nag:LambdaFunctionUrlAuth", "CKV_AWS_258"],
        description: "Function URLs require IAM authentication (authorizationType AWS_IAM), except URLs listed in `publicUrls` whose function authenticates every request itself.",
        remediation: "Set authorizationType: \"AWS_IAM\" (callers sign with SigV4, or put CloudFront with OAC in front), or list the URL in publicUrls with the reason the function checks each caller.",
        configSchema: { properties: { publicUrls: { type: "array", items: { type: "string" } } } },
    }, (props, config, args) => {
        const type = asString(props.authorizationType) ?? "NONE";
        const listed = (config.publicUrls ?? []).some((n) => n === args.name || n === asString(props.functionName));
        return type === "AWS_IAM" || listed ? [] :
            [[`authorizationType is ${type}, so anyone on the internet can invoke the function (and run up its bill)`, "set authorizationType: \"AWS_IAM\", or list the URL in the policy's publicUrls config with the reason the function authenticates each request itself"]];
    }),

    resourcePolicy({
        name: "lambda-function-url-cors-no-wildcard", type: T.functionUrl, pillar: "Security",
        sources: ["CKV2_AWS_75"],
        description: "A function URL's CORS configuration names the allowed origins, never `*`.",
        remediation: "Set cors.allowOrigins to the frontend origins.",
    }, (props) => asArray(get(props, "cors", "allowOrigins")).map(String).includes("*")
        ? [["CORS allows every origin (\"*\"), so any web page can call the function from a visitor's browser", "set cors.allowOrigins to the frontend's origins"]] : []),

    resourcePolicy({
        name: "lambda-layer-permission-not-public", type: T.layerVersionPermission, pillar: "Security",
        sources: ["event-driven"],
        description: "A layer version is shared with named accounts or one organisation, never with every AWS account.",
        remediation: "Set principal to an account id, or keep principal \"*\" only together with organizationId.",
    }, (props) => asString(props.principal) === "*" && !asString(props.organizationId)
        ? [["it shares the layer (and whatever code and configuration it bundles) with every AWS account", "set principal to the consuming account id, or add organizationId to limit \"*\" to your organisation"]] : []),

    stackPolicy<{ trustedAccounts?: string[] }>({
        name: "lambda-layer-trusted-source", pillar: "Security",
        sources: ["event-driven"],
        description: "A function's layers come from the stack itself, the function's own account, or an account listed in `trustedAccounts` (e.g. the AWS account that publishes Powertools): a layer runs inside the function with all of its permissions.",
        remediation: "Declare the layer in the stack (aws.lambda.LayerVersion), bundle the dependency, or list the publishing account in trustedAccounts.",
        configSchema: { properties: { trustedAccounts: { type: "array", items: { type: "string" } } } },
    }, (stack, config) => stack.ofType(T.function).flatMap((fn): StackProblem[] => {
        const own = accountOf(fn);
        const foreign = asArray(fn.props.layers).map(String).filter((arn) => {
            const account = layerParts(arn)?.account;
            return !declaredLayer(stack, arn) && account !== own && !(config.trustedAccounts ?? []).includes(account ?? "");
        });
        return foreign.length === 0 ? [] : [{
            resource: fn,
            problem: `it runs code from layers of accounts the stack does not trust: ${foreign.join(", ")}`,
            fix: "bundle the dependency into the function, declare the layer in this stack, or add the publishing account to the policy's trustedAccounts config",
        }];
    })),
];
