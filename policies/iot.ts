import { PackPolicy, Problem, resourcePolicy, statements } from "./core";
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
];
