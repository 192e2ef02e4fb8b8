import type { PackPolicy, Pillar } from "./core";
import { PILLARS } from "./core";
import { apiGatewayPolicies } from "./apigateway";
import { dynamoDbPolicies } from "./dynamodb";
import { eventBridgePolicies } from "./eventbridge";
import { iamPolicies } from "./iam";
import { iotPolicies } from "./iot";
import { kmsPolicies } from "./kms";
import { lambdaPolicies } from "./lambda";
import { logsPolicies } from "./logs";
import { s3Policies } from "./s3";
import { scaleToZeroPolicies } from "./scaleToZero";
import { snsPolicies } from "./sns";
import { sqsPolicies } from "./sqs";
import { stepFunctionsPolicies } from "./stepfunctions";

/** The whole pack, by service. The pack's entry (index.ts), the offline evaluator and the tests all use this list. */
export const CATALOG: readonly PackPolicy[] = [
    ...lambdaPolicies,
    ...eventBridgePolicies,
    ...stepFunctionsPolicies,
    ...sqsPolicies,
    ...snsPolicies,
    ...apiGatewayPolicies,
    ...dynamoDbPolicies,
    ...s3Policies,
    ...iotPolicies,
    ...logsPolicies,
    ...iamPolicies,
    ...kmsPolicies,
    ...scaleToZeroPolicies,
];

export function policyNamed(name: string): PackPolicy {
    const policy = CATALOG.find((p) => p.name === name);
    if (!policy) throw new Error(`no policy named "${name}" in the pack (${CATALOG.map((p) => p.name).join(", ")})`);
    return policy;
}

/** Policy names grouped by Well-Architected pillar, in pillar order. */
export function byPillar(policies: readonly PackPolicy[] = CATALOG): Record<Pillar, string[]> {
    const groups = Object.fromEntries(PILLARS.map((p) => [p, [] as string[]])) as Record<Pillar, string[]>;
    for (const policy of policies) groups[policy.pillar].push(policy.name);
    return groups;
}
