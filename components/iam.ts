import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { transform, Transform } from "./transform";

/** One IAM statement: exact actions on exact resources. */
export interface PolicyStatement {
    readonly Sid?: string;
    readonly Effect?: "Allow" | "Deny";
    readonly Action: string[];
    readonly Resource: pulumi.Input<string> | pulumi.Input<string>[];
    readonly Condition?: Record<string, Record<string, pulumi.Input<string> | pulumi.Input<string>[]>>;
    readonly Principal?: Record<string, pulumi.Input<string> | pulumi.Input<string>[]>;
}

/** Renders statements as a policy document (JSON text), resolving Outputs (also a list not known until deployment). */
export function policyJson(statements: pulumi.Input<PolicyStatement[]>): pulumi.Output<string> {
    return pulumi.output(statements as PolicyStatement[]).apply((list) => pulumi.jsonStringify({
        Version: "2012-10-17",
        Statement: list.map((s) => ({ Effect: "Allow", ...s })),
    }));
}

/** The statement that refuses every request not made over TLS (SQS, SNS and S3 resource policies). */
export function denyInsecureTransport(actions: string[], resource: pulumi.Input<string> | pulumi.Input<string>[]): PolicyStatement {
    return {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: { AWS: "*" },
        Action: actions,
        Resource: resource,
        Condition: { Bool: { "aws:SecureTransport": "false" } },
    };
}

/** A role that only `service` (e.g. "lambda.amazonaws.com") may assume, with one inline policy of exactly `statements`. */
export function serviceRole(
    name: string,
    service: string,
    statements: pulumi.Input<PolicyStatement[]>,
    opts: pulumi.CustomResourceOptions,
    sourceArnCondition?: pulumi.Input<string>,
    change?: Transform<aws.iam.RoleArgs>,
): { role: aws.iam.Role; policy: aws.iam.RolePolicy } {
    const role = new aws.iam.Role(...transform(change, name, {
        assumeRolePolicy: pulumi.jsonStringify({
            Version: "2012-10-17",
            Statement: [{
                Effect: "Allow",
                Principal: { Service: service },
                Action: "sts:AssumeRole",
                // Confused-deputy guard: only this account's resources (and, where known, only one of them) may use the role.
                Condition: sourceArnCondition
                    ? { ArnLike: { "aws:SourceArn": sourceArnCondition } }
                    : undefined,
            }],
        }),
    }, { ...opts }));
    const policy = new aws.iam.RolePolicy(`${name}-policy`, { role: role.id, policy: policyJson(statements) }, opts);
    return { role, policy };
}
