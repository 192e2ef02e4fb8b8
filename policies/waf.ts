import type { PolicyResource } from "@pulumi/policy";
import { asArray, asString, get, PackPolicy, parseJson, Problem, resourcePolicy, Stack, stackPolicy, StackProblem } from "./core";
import { T } from "./types";

/**
 * AWS WAF in front of the entry points it can protect: CloudFront distributions, REST API stages, AppSync APIs.
 * (HTTP APIs cannot take a web ACL; their stage throttling is `apigw-throttling`.) A web ACL is billed per month
 * whether or not a request arrives, so `waf-web-acl` is governed by its `webAclRequired` config property.
 */

/** The rule groups of a web ACL, from `rules` (camelCase inputs) or `ruleJson` (the PascalCase API shape). */
function managedRuleGroups(props: Record<string, unknown>): { name: string; countOnly: boolean }[] {
    const fromInputs = asArray(props.rules).map((r) => ({
        name: asString(get(r, "statement", "managedRuleGroupStatement", "name")),
        countOnly: get(r, "overrideAction", "count") !== undefined,
    }));
    const fromJson = asArray(parseJson(props.ruleJson)).map((r) => ({
        name: asString(get(r, "Statement", "ManagedRuleGroupStatement", "Name")),
        countOnly: get(r, "OverrideAction", "Count") !== undefined,
    }));
    return [...fromInputs, ...fromJson].filter((g): g is { name: string; countOnly: boolean } => g.name !== undefined);
}

function ruleCount(props: Record<string, unknown>): number {
    return asArray(props.rules).length + asArray(parseJson(props.ruleJson)).length;
}

/** True when a WebAclAssociation attaches a web ACL to `resource` (by its ARN, or the REST stage / AppSync path in it). */
function associated(stack: Stack, resource: PolicyResource): boolean {
    const arn = asString(resource.props.arn);
    const paths = resource.type === T.restStage
        ? [`/restapis/${asString(resource.props.restApi) ?? "?"}/stages/${asString(resource.props.stageName) ?? "?"}`]
        : [`/apis/${asString(resource.props.id) ?? asString(resource.props.apiId) ?? "?"}`];
    return stack.ofType(T.webAclAssociation).some((a) => {
        const target = asString(a.props.resourceArn) ?? "";
        return (arn !== undefined && target === arn) || paths.some((p) => target.endsWith(p));
    });
}

export const KNOWN_BAD_INPUTS = "AWSManagedRulesKnownBadInputsRuleSet";

export const wafPolicies: PackPolicy[] = [
    stackPolicy<{ webAclRequired?: boolean }>({
        name: "waf-web-acl", pillar: "Security",
        sources: ["AwsSolutions-CFR2", "AwsSolutions-APIG3", "CKV_AWS_68", "CKV2_AWS_29", "CKV2_AWS_33"],
        description: "CloudFront distributions, REST API stages and AppSync APIs have an AWS WAF web ACL (rate limits, managed rules), where `webAclRequired` is true (default). A web ACL is billed monthly, so dev stacks set it false.",
        remediation: "Create an aws.wafv2.WebAcl (scope CLOUDFRONT in us-east-1 for distributions, REGIONAL otherwise) and set webAclId on the distribution or add an aws.wafv2.WebAclAssociation.",
        configSchema: { properties: { webAclRequired: { type: "boolean", default: true } } },
    }, (stack, config, args) => {
        if (config.webAclRequired === false) args.notApplicable("this stack does not pay for web ACLs (webAclRequired false)");
        const problems: StackProblem[] = [];
        for (const distribution of stack.ofType(T.distribution)) {
            if (!asString(distribution.props.webAclId)) {
                problems.push({ resource: distribution, problem: "no web ACL filters its requests, so floods and known exploit patterns reach the origin (and the bill)", fix: "set webAclId to an aws.wafv2.WebAcl of scope CLOUDFRONT with a rate-based rule and the AWS managed rule groups" });
            }
        }
        for (const resource of stack.ofType(T.restStage, T.graphQlApi)) {
            if (!associated(stack, resource)) {
                problems.push({ resource, problem: "no web ACL is associated with it, so floods and known exploit patterns reach the backend", fix: "add an aws.wafv2.WebAclAssociation with resourceArn set to its ARN and a REGIONAL web ACL" });
            }
        }
        return problems;
    }),

    resourcePolicy({
        name: "waf-managed-rules", type: T.webAcl, pillar: "Security",
        sources: ["CKV_AWS_175", "CKV_AWS_192", "CKV2_AWS_47"],
        description: `A web ACL has rules, among them the ${KNOWN_BAD_INPUTS} managed group (it blocks Log4Shell and similar request patterns), and none of its managed groups only counts.`,
        remediation: `Add a rule with managedRuleGroupStatement { vendorName: "AWS", name: "${KNOWN_BAD_INPUTS}" } and overrideAction { none: {} }.`,
    }, (props) => {
        const problems: Problem[] = [];
        const groups = managedRuleGroups(props);
        if (ruleCount(props) === 0) problems.push(["it has no rules, so it only applies its default action", "add rules: a rate-based rule and the AWS managed rule groups"]);
        if (!groups.some((g) => g.name === KNOWN_BAD_INPUTS)) problems.push([`it does not use ${KNOWN_BAD_INPUTS}, which blocks Log4Shell (CVE-2021-44228) and similar request patterns`, `add a rule with managedRuleGroupStatement { vendorName: "AWS", name: "${KNOWN_BAD_INPUTS}" }`]);
        for (const g of groups.filter((x) => x.countOnly)) problems.push([`managed rule group ${g.name} only counts matching requests (overrideAction count)`, "set its overrideAction to { none: {} } once it is tuned, so it blocks"]);
        return problems;
    }),

    stackPolicy({
        name: "waf-logging", pillar: "Operational Excellence",
        sources: ["CKV_AWS_176", "CKV2_AWS_31"],
        description: "Every web ACL logs the requests it inspects (aws.wafv2.WebAclLoggingConfiguration), so a block can be explained and a rule tuned.",
        remediation: "Add an aws.wafv2.WebAclLoggingConfiguration with resourceArn = the web ACL ARN and a log group named aws-waf-logs-*.",
    }, (stack) => stack.ofType(T.webAcl).flatMap((acl): StackProblem[] =>
        stack.ofType(T.webAclLogging).some((l) => stack.find(T.webAcl, l.props.resourceArn).includes(acl)) ? [] : [{
            resource: acl,
            problem: "it keeps no log of the requests it allowed or blocked",
            fix: "add an aws.wafv2.WebAclLoggingConfiguration with resourceArn set to its ARN and logDestinationConfigs [an aws-waf-logs-* log group with retention]",
        }])),
];

