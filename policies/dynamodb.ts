import { asArray, asString, get, PackPolicy, Problem, resourcePolicy } from "./core";
import { T } from "./types";

export const dynamoDbPolicies: PackPolicy[] = [
    resourcePolicy({
        name: "dynamodb-pitr", type: T.table, pillar: "Reliability",
        sources: ["AwsSolutions-DDB3", "CKV_AWS_28", "CKV_AWS_165"],
        description: "DynamoDB tables, and each of their global-table replicas, have point-in-time recovery, so a bad write or deletion can be rolled back to any second of the last 35 days.",
        remediation: "Set pointInTimeRecovery: { enabled: true } (pointInTimeRecovery in the stack config), and pointInTimeRecovery: true on every replica.",
    }, (props) => {
        const problems: Problem[] = [];
        if (get(props, "pointInTimeRecovery", "enabled") !== true) problems.push(["point-in-time recovery is off, so a bad write or a deleted item cannot be restored", "set pointInTimeRecovery: { enabled: true } (pointInTimeRecovery: true in the stack config)"]);
        for (const replica of asArray(props.replicas).filter((r) => get(r, "pointInTimeRecovery") !== true)) {
            problems.push([`its replica in ${asString(get(replica, "regionName")) ?? "another Region"} has no point-in-time recovery`, "set pointInTimeRecovery: true on the replica"]);
        }
        return problems;
    }),

    resourcePolicy({
        name: "dynamodb-deletion-protection", type: T.table, pillar: "Reliability",
        sources: ["event-driven"],
        description: "DynamoDB tables have deletion protection, so neither a console click nor a replacing update deletes the data.",
        remediation: "Set deletionProtectionEnabled: true (protectData in the stack config).",
    }, (props) => props.deletionProtectionEnabled === true ? [] :
        [["deletion protection is off, so the table and its data can be deleted by one API call", "set deletionProtectionEnabled: true (protectData: true in the stack config)"]]),

    resourcePolicy({
        name: "dynamodb-on-demand", type: T.table, pillar: "Cost Optimization",
        sources: ["event-driven"],
        description: "DynamoDB tables bill per request (on-demand), so an idle table costs only its storage.",
        remediation: "Set billingMode: \"PAY_PER_REQUEST\".",
    }, (props) => props.billingMode === "PAY_PER_REQUEST" ? [] :
        [[`billing mode is ${asString(props.billingMode) ?? "PROVISIONED (the default)"}, billed by the hour whether or not orders arrive`, "set billingMode: \"PAY_PER_REQUEST\""]]),

    resourcePolicy({
        name: "dynamodb-cmk-encryption", type: T.table, pillar: "Security",
        sources: ["event-driven", "CKV_AWS_119", "CKV_AWS_271"],
        description: "DynamoDB tables, and each of their replicas, are encrypted with the stack's customer-managed key, so access to the data can be audited and revoked through the key.",
        remediation: "Set serverSideEncryption: { enabled: true, kmsKeyArn } (customerManagedKey in the stack config), and kmsKeyArn on every replica.",
    }, (props) => {
        if (get(props, "serverSideEncryption", "enabled") !== true || !asString(get(props, "serverSideEncryption", "kmsKeyArn"))) {
            return [["it is encrypted with an AWS-owned key, which the account cannot audit or revoke", "set serverSideEncryption: { enabled: true, kmsKeyArn: <stack key ARN> } (customerManagedKey: true)"]];
        }
        return asArray(props.replicas).filter((r) => !asString(get(r, "kmsKeyArn"))).map((r): Problem =>
            [`its replica in ${asString(get(r, "regionName")) ?? "another Region"} uses the AWS-owned key`, "set kmsKeyArn on the replica to a customer-managed key in that Region"]);
    }),
];
