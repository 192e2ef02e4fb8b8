import { asNumber, get, PackPolicy, stackPolicy, StackProblem } from "./core";
import { T } from "./types";

export const secretsManagerPolicies: PackPolicy[] = [
    stackPolicy<{ maximumDays?: number }>({
        name: "secretsmanager-rotation", pillar: "Security",
        sources: ["AwsSolutions-SMG4", "CKV2_AWS_57", "CKV_AWS_304"],
        description: "Every Secrets Manager secret rotates automatically, at least every `maximumDays` (default 90), so a leaked value stops working on its own.",
        remediation: "Add an aws.secretsmanager.SecretRotation with rotationLambdaArn (or a managed rotation) and rotationRules.automaticallyAfterDays <= 90.",
        configSchema: { properties: { maximumDays: { type: "integer", minimum: 1, default: 90 } } },
    }, (stack, config) => stack.ofType(T.secret).flatMap((secret): StackProblem[] => {
        const maximum = config.maximumDays ?? 90;
        const rotations = stack.ofType(T.secretRotation).filter((r) => stack.find(T.secret, r.props.secretId).includes(secret) && r.props.rotationEnabled !== false);
        if (rotations.length === 0) return [{ resource: secret, problem: "it never rotates, so a leaked value stays valid until someone notices", fix: `add an aws.secretsmanager.SecretRotation for it with rotationRules: { automaticallyAfterDays: ${maximum} } or less` }];
        const days = Math.min(...rotations.map((r) => asNumber(get(r.props, "rotationRules", "automaticallyAfterDays")) ?? Number.POSITIVE_INFINITY));
        return days <= maximum ? [] : [{ resource: secret, problem: `it rotates only every ${Number.isFinite(days) ? `${days} days` : "schedule expression"}, less often than every ${maximum} days`, fix: `set rotationRules.automaticallyAfterDays to ${maximum} or less` }];
    })),
];
