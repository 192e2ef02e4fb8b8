/**
 * Fixture helper for policy tests: builds planned resources and runs one policy over them through the same
 * fake ResourceValidationArgs / StackValidationArgs that @pulumi/policy 1.21 hands a policy (policies/evaluate.ts).
 */
import { policyNamed } from "../../policies/catalog";
import { PlannedResource, runPolicy } from "../../policies/evaluate";
import { T } from "../../policies/types";

export { T };

export const ACCOUNT = "123456789012";
export const REGION = "us-east-1";
const arn = (service: string, resource: string) => `arn:aws:${service}:${REGION}:${ACCOUNT}:${resource}`;
export const ARN = {
    fn: (name: string) => arn("lambda", `function:${name}`),
    queue: (name: string) => arn("sqs", name),
    queueUrl: (name: string) => `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/${name}`,
    rule: (bus: string, name: string) => arn("events", `rule/${bus}/${name}`),
    bus: (name: string) => arn("events", `event-bus/${name}`),
    topic: (name: string) => arn("sns", name),
    logGroup: (name: string) => arn("logs", `log-group:${name}`),
};

/** A resource with its inputs and, when given, the outputs (arn, url, ...) a deployed resource would report. */
export function res(type: string, name: string, inputs: Record<string, unknown>, outputs?: Record<string, unknown>): PlannedResource {
    return { type, name, inputs, outputs };
}

/** A function the pack accepts; override any input. */
export function fn(name: string, overrides: Record<string, unknown> = {}): PlannedResource {
    return res(T.function, name, {
        runtime: "nodejs22.x", architectures: ["arm64"], memorySize: 256, timeout: 10, handler: "index.handler",
        tracingConfig: { mode: "Active" }, loggingConfig: { logFormat: "JSON", logGroup: `${name}-logs` },
        environment: { variables: { TABLE_NAME: "orders" } },
        ...overrides,
    }, { arn: ARN.fn(name), name });
}

export function logGroup(name: string, retentionInDays?: number): PlannedResource {
    return res(T.logGroup, name, { retentionInDays }, { arn: ARN.logGroup(name), name });
}

export function queue(name: string, inputs: Record<string, unknown> = {}): PlannedResource {
    return res(T.queue, name, { sqsManagedSseEnabled: true, ...inputs }, { arn: ARN.queue(name), url: ARN.queueUrl(name), name });
}

export function redrive(dlq: string, maxReceiveCount = 5): string {
    return JSON.stringify({ deadLetterTargetArn: ARN.queue(dlq), maxReceiveCount });
}

export function doc(...statement: Record<string, unknown>[]): string {
    return JSON.stringify({ Version: "2012-10-17", Statement: statement });
}

export const DENY_INSECURE = { Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "*", Resource: "*", Condition: { Bool: { "aws:SecureTransport": "false" } } };

/** The violation messages one policy reports over the resources, with the given policy config properties. */
export function violations(policyName: string, resources: PlannedResource[], config: Record<string, unknown> = {}): string[] {
    return runPolicy(policyNamed(policyName), resources, "test", config).map((v) => v.message);
}
