import type { ResourceValidationArgs } from "@pulumi/policy";
import { asArray, asRecord, asString, get, PackPolicy, Problem, resourcePolicy, Statement, statements } from "./core";
import { T } from "./types";

/**
 * The only actions that may be granted on Resource "*": AWS offers no resource-level permissions for them.
 * X-Ray's trace and sampling APIs, and the CloudWatch Logs delivery set Step Functions logging needs.
 * This list is the single place to extend (with the AWS documentation link in the commit).
 */
export const RESOURCE_WILDCARD_ACTIONS: readonly string[] = [
    "xray:PutTraceSegments",
    "xray:PutTelemetryRecords",
    "xray:GetSamplingRules",
    "xray:GetSamplingTargets",
    "logs:CreateLogDelivery",
    "logs:GetLogDelivery",
    "logs:UpdateLogDelivery",
    "logs:DeleteLogDelivery",
    "logs:ListLogDeliveries",
    "logs:PutResourcePolicy",
    "logs:DescribeResourcePolicies",
    "logs:DescribeLogGroups",
];

const WILDCARD_OK = new Set(RESOURCE_WILDCARD_ACTIONS.map((a) => a.toLowerCase()));

const IDENTITY_POLICY_TYPES = [T.rolePolicy, T.iamPolicy, T.userPolicy, T.groupPolicy, T.role];

/** The identity-policy statements a resource carries: `policy` of (role/user/group) policies, `inlinePolicies` of roles. */
function identityStatements(props: Record<string, unknown>, args: ResourceValidationArgs): Statement[] {
    if (args.type === T.role) return asArray(props.inlinePolicies).flatMap((p) => statements(get(p, "policy")));
    return statements(props.policy);
}

const FULL_ACCESS = /^arn:aws[a-z-]*:iam::aws:policy\/(.*\/)?([A-Za-z0-9]*FullAccess[A-Za-z0-9]*|AdministratorAccess|PowerUserAccess|IAMFullAccess)$/;
const AWS_MANAGED = /^arn:aws[a-z-]*:iam::aws:policy\//;

function attachedPolicyArns(props: Record<string, unknown>, args: ResourceValidationArgs): string[] {
    if (args.type === T.role) return asArray(props.managedPolicyArns).map(String);
    return [asString(props.policyArn)].filter((a): a is string => !!a);
}

/** A trust policy statement open to every AWS principal, without a condition naming accounts or an organisation. */
function openTrust(s: Statement): boolean {
    const narrowed = Object.values(s.condition ?? {}).some((block) => Object.keys(asRecord(block) ?? {}).some((k) =>
        ["aws:PrincipalOrgID", "aws:PrincipalAccount", "aws:SourceAccount", "aws:SourceArn", "sts:ExternalId"].includes(k)));
    return s.effect === "Allow" && s.principals.includes("*") && !narrowed;
}

const GITHUB_OIDC = "token.actions.githubusercontent.com";

export const iamPolicies: PackPolicy[] = [
    resourcePolicy({
        name: "iam-no-wildcard-actions", type: IDENTITY_POLICY_TYPES, pillar: "Security",
        sources: ["Serverless-LambdaStarPermissions", "AwsSolutions-IAM5", "CKV_AWS_62", "CKV_AWS_63", "CKV2_AWS_40", "CKV_AWS_289"],
        description: "Identity policies name exact actions: no `*`, no `service:*`, no `service:Get*`.",
        remediation: "List the exact actions the code calls.",
    }, (props, _config, args) => identityStatements(props, args).filter((s) => s.effect === "Allow").flatMap((s): Problem[] => {
        const wild = s.actions.filter((a) => a.includes("*"));
        if (s.notActions) return [[`statement ${s.sid ?? "(no Sid)"} uses NotAction, which allows every other action`, "replace NotAction with the exact list of actions the code calls"]];
        return wild.length === 0 ? [] : [[`statement ${s.sid ?? "(no Sid)"} allows wildcard actions ${wild.join(", ")}`, "list the exact actions the code calls (e.g. dynamodb:GetItem, dynamodb:PutItem)"]];
    })),

    resourcePolicy({
        name: "iam-no-wildcard-resources", type: IDENTITY_POLICY_TYPES, pillar: "Security",
        sources: ["Serverless-LambdaStarPermissions", "AwsSolutions-IAM5", "CKV_AWS_355", "CKV_AWS_286", "CKV_AWS_287", "CKV_AWS_288", "CKV_AWS_289", "CKV_AWS_290"],
        description: `Identity policies grant on exact ARNs. Resource "*" is accepted only for actions that support no resource-level permissions (${RESOURCE_WILDCARD_ACTIONS.join(", ")}).`,
        remediation: "Replace \"*\" with the ARN of each resource the code touches; move actions without resource-level permissions to their own statement.",
    }, (props, _config, args) => identityStatements(props, args).filter((s) => s.effect === "Allow" && s.resources.includes("*")).flatMap((s): Problem[] => {
        const scoped = s.actions.filter((a) => !WILDCARD_OK.has(a.toLowerCase()));
        return scoped.length === 0 ? [] : [[`statement ${s.sid ?? "(no Sid)"} grants ${scoped.join(", ")} on every resource ("*")`, `grant them on the exact ARNs the code touches (only ${RESOURCE_WILDCARD_ACTIONS.join(", ")} may use "*")`]];
    })),

    resourcePolicy({
        name: "iam-no-full-access-managed-policies", type: [T.role, T.rolePolicyAttachment, T.policyAttachment], pillar: "Security",
        sources: ["AwsSolutions-IAM4", "event-driven", "CKV_AWS_274", "CKV2_AWS_56"],
        description: "No role gets an AWS-managed *FullAccess, AdministratorAccess or PowerUserAccess policy.",
        remediation: "Replace the managed policy with an inline policy of exact actions on exact ARNs (serviceRole in components/iam.ts).",
    }, (props, _config, args) => attachedPolicyArns(props, args).filter((arn) => FULL_ACCESS.test(arn)).map((arn): Problem =>
        [`it attaches ${arn}, which grants every action of the service on every resource`, "replace it with an inline policy of the exact actions on the exact ARNs (components/iam.ts serviceRole)"])),

    resourcePolicy<{ allowed?: string[] }>({
        name: "iam-no-aws-managed-policies", type: [T.role, T.rolePolicyAttachment, T.policyAttachment], pillar: "Security",
        sources: ["AwsSolutions-IAM4"],
        description: "Roles use policies the stack owns, not AWS-managed policies (which change under you and grant more than one function needs), except those in `allowed`.",
        remediation: "Replace the AWS-managed policy with an inline least-privilege policy, or list it in the policy's allowed config with a reason.",
        configSchema: { properties: { allowed: { type: "array", items: { type: "string" } } } },
    }, (props, config, args) => attachedPolicyArns(props, args).filter((arn) => AWS_MANAGED.test(arn) && !(config.allowed ?? []).includes(arn)).map((arn): Problem =>
        [`it attaches the AWS-managed policy ${arn}`, "replace it with an inline policy of the exact actions on the exact ARNs, or list it under allowed in the policy config with a reason"])),

    resourcePolicy({
        name: "iam-trust-not-public", type: T.role, pillar: "Security",
        sources: ["event-driven", "CKV_AWS_60"],
        description: "A role's trust policy never lets every AWS principal assume it.",
        remediation: "Name the service or account principal that assumes the role; add aws:SourceArn/aws:SourceAccount conditions for services.",
    }, (props) => statements(props.assumeRolePolicy).filter(openTrust).map((s): Problem =>
        [`trust statement ${s.sid ?? "(no Sid)"} lets any AWS principal assume the role`, "name the service (e.g. lambda.amazonaws.com) or account that assumes it, with an aws:SourceArn or sts:ExternalId condition"])),

    resourcePolicy({
        name: "iam-github-oidc-trust-scoped", type: T.role, pillar: "Security",
        sources: ["CKV_AWS_393"],
        description: "A role that GitHub Actions assumes through OIDC is trusted only for named repositories (a token.actions.githubusercontent.com:sub condition naming repo:<owner>/<repo>:..., no wildcard owner or repository), so no other repository's workflow can assume it.",
        remediation: "Add Condition StringEquals token.actions.githubusercontent.com:sub = repo:<owner>/<repo>:environment:production (and :aud = sts.amazonaws.com).",
    }, (props) => statements(props.assumeRolePolicy).filter((s) => s.effect === "Allow" && s.principals.some((p) => p.includes(GITHUB_OIDC))).flatMap((s): Problem[] => {
        const subjects = Object.values(s.condition ?? {}).flatMap((block) => Object.entries(asRecord(block) ?? {}).filter(([k]) => k.toLowerCase() === `${GITHUB_OIDC}:sub`).flatMap(([, v]) => asArray(v).map(String)));
        if (subjects.length === 0) return [[`trust statement ${s.sid ?? "(no Sid)"} lets any GitHub repository's workflow assume the role`, `add Condition StringEquals "${GITHUB_OIDC}:sub": "repo:<owner>/<repo>:environment:<name>"`]];
        const loose = subjects.filter((sub) => !/^repo:[^*/:]+\/[^*/:]+:.+$/.test(sub));
        return loose.length === 0 ? [] : [[`trust statement ${s.sid ?? "(no Sid)"} admits ${loose.join(", ")}, which matches other repositories' workflows`, "name the owner and repository without wildcards: repo:<owner>/<repo>:environment:<name> (or :ref:refs/heads/main)"]];
    })),
];
