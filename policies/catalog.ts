import type { PackPolicy, Pillar } from "./core";
import { PILLARS } from "./core";
import { apiGatewayPolicies } from "./apigateway";
import { apiGatewayRestPolicies } from "./apigatewayRest";
import { appSyncPolicies } from "./appsync";
import { cloudFrontPolicies } from "./cloudfront";
import { cloudWatchPolicies } from "./cloudwatch";
import { cognitoPolicies } from "./cognito";
import { dynamoDbPolicies } from "./dynamodb";
import { eventBridgePolicies } from "./eventbridge";
import { firehosePolicies } from "./firehose";
import { iamPolicies } from "./iam";
import { iotPolicies } from "./iot";
import { kmsPolicies } from "./kms";
import { lambdaPolicies } from "./lambda";
import { lambdaAccessPolicies } from "./lambdaAccess";
import { logsPolicies } from "./logs";
import { pipesPolicies } from "./pipes";
import { s3Policies } from "./s3";
import { s3AccessPolicies } from "./s3Access";
import { scaleToZeroPolicies } from "./scaleToZero";
import { secretsManagerPolicies } from "./secretsmanager";
import { snsPolicies } from "./sns";
import { sqsPolicies } from "./sqs";
import { stepFunctionsPolicies } from "./stepfunctions";
import { wafPolicies } from "./waf";

/** The whole pack, by service. The pack's entry (index.ts), the offline evaluator and the tests all use this list. */
export const CATALOG: readonly PackPolicy[] = [
    ...lambdaPolicies,
    ...lambdaAccessPolicies,
    ...eventBridgePolicies,
    ...pipesPolicies,
    ...stepFunctionsPolicies,
    ...sqsPolicies,
    ...snsPolicies,
    ...apiGatewayPolicies,
    ...apiGatewayRestPolicies,
    ...appSyncPolicies,
    ...dynamoDbPolicies,
    ...s3Policies,
    ...s3AccessPolicies,
    ...cognitoPolicies,
    ...cloudFrontPolicies,
    ...wafPolicies,
    ...iotPolicies,
    ...logsPolicies,
    ...cloudWatchPolicies,
    ...iamPolicies,
    ...kmsPolicies,
    ...secretsManagerPolicies,
    ...firehosePolicies,
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
