/**
 * Prints Pulumi.yaml with its `config` block generated from CONFIG_SPEC (config.ts), the one source of the stack keys.
 * Run after changing a key: `npm run config:schema > Pulumi.yaml`. tests/config/stackConfig.test.ts checks they agree.
 */
import * as yaml from "js-yaml";
import { CONFIG_SPEC } from "../config";

const config: Record<string, unknown> = {};
for (const [key, spec] of Object.entries(CONFIG_SPEC)) {
    config[key] = {
        type: spec.kind,
        ...(spec.kind === "array" ? { items: { type: "string" } } : {}),
        description: spec.description,
        default: spec.default,
    };
}
process.stdout.write(yaml.dump({
    name: "order-platform",
    runtime: { name: "nodejs", options: { typescript: true } },
    description: "Serverless, event-driven order platform on AWS: API Gateway, EventBridge, Step Functions, SQS, SNS, DynamoDB, S3 and IoT Core",
    config,
}, { lineWidth: 140 }));
