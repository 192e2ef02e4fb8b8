import { asString, PackPolicy, Problem, resourcePolicy, stackPolicy, StackProblem, statements } from "./core";
import { T } from "./types";

/** MQTT wildcards in a topic or topic filter ARN, and `*` in actions or resources (policy variables like ${iot:ClientId} are fine). */
function wildcardIn(value: string): boolean {
    const withoutVariables = value.replace(/\$\{[^}]+\}/g, "");
    return withoutVariables.includes("*") || /(^|\/)[#+](\/|$)/.test(withoutVariables);
}

export const iotPolicies: PackPolicy[] = [
    resourcePolicy({
        name: "iot-policy-no-wildcards", type: T.iotPolicy, pillar: "Security",
        sources: ["event-driven"],
        description: "IoT policies grant exact actions on exact topics and clients: no `*`, no MQTT `#`/`+` wildcards, so a browser hears only its own customer's topic.",
        remediation: "Name the actions (iot:Connect, iot:Subscribe, iot:Receive) and scope resources with policy variables, e.g. topic/orders/<stack>/${iot:ClientId}.",
    }, (props) => statements(props.policy).filter((s) => s.effect === "Allow").flatMap((s): Problem[] => {
        const problems: Problem[] = [];
        const actions = s.actions.filter(wildcardIn);
        const resources = s.resources.filter(wildcardIn);
        if (actions.length > 0 || s.notActions) problems.push([`statement ${s.sid ?? "(no Sid)"} allows wildcard actions ${actions.join(", ")}`, "name the exact actions (iot:Connect, iot:Subscribe, iot:Receive, iot:Publish)"]);
        if (resources.length > 0) problems.push([`statement ${s.sid ?? "(no Sid)"} allows wildcard resources ${resources.join(", ")}`, "scope each resource to one client and topic, e.g. arn:aws:iot:<region>:<account>:topic/orders/<stack>/${iot:ClientId}"]);
        return problems;
    })),

    resourcePolicy({
        name: "iot-topic-rule-error-action", type: T.iotTopicRule, pillar: "Reliability",
        sources: ["event-driven"],
        description: "An IoT topic rule has an error action, so a message its action cannot deliver (throttled Lambda, missing permission, full stream) is kept instead of dropped.",
        remediation: "Set errorAction (e.g. sqs to a dead-letter queue, or cloudwatchLogs).",
    }, (props) => props.errorAction !== undefined ? [] :
        [["a message its action fails to deliver is dropped without a trace", "set errorAction, e.g. { sqs: { queueUrl: <DLQ URL>, roleArn, useBase64: false } }"]]),

    stackPolicy({
        name: "iot-authorizer-invoke-permission", pillar: "Security",
        sources: ["event-driven"],
        description: "Every IoT custom authorizer's function has an invoke permission for iot.amazonaws.com scoped by sourceArn to that authorizer (without it every connection fails; a broader one lets any authorizer in the account call it).",
        remediation: "Add an aws.lambda.Permission with principal iot.amazonaws.com and sourceArn set to the authorizer's ARN.",
    }, (stack) => stack.ofType(T.iotAuthorizer).flatMap((authorizer): StackProblem[] => {
        const functions = stack.find(T.function, authorizer.props.authorizerFunctionArn);
        const permitted = stack.ofType(T.permission).some((p) => asString(p.props.principal) === "iot.amazonaws.com" &&
            functions.some((f) => stack.find(T.function, p.props.function).includes(f)) &&
            stack.find(T.iotAuthorizer, p.props.sourceArn).includes(authorizer));
        return permitted || functions.length === 0 ? [] : [{
            resource: authorizer,
            problem: "no lambda.Permission lets this authorizer (and only it) invoke its function",
            fix: "add an aws.lambda.Permission with action lambda:InvokeFunction, principal iot.amazonaws.com and sourceArn set to this authorizer's ARN",
        }];
    })),
];
