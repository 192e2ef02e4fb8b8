import { asRecord, asString, PackPolicy, Problem, resourcePolicy, statements } from "./core";
import { T } from "./types";

const NARROWING = ["aws:PrincipalOrgID", "aws:PrincipalAccount", "aws:SourceAccount", "aws:SourceArn", "kms:CallerAccount"];

export const kmsPolicies: PackPolicy[] = [
    resourcePolicy({
        name: "kms-key-rotation", type: T.kmsKey, pillar: "Security",
        sources: ["AwsSolutions-KMS5", "CKV_AWS_7"],
        description: "Symmetric customer-managed keys rotate their key material automatically.",
        remediation: "Set enableKeyRotation: true.",
    }, (props, _config, args) => {
        const spec = asString(props.customerMasterKeySpec) ?? "SYMMETRIC_DEFAULT";
        if (spec !== "SYMMETRIC_DEFAULT") args.notApplicable("asymmetric and HMAC keys cannot rotate automatically");
        return props.enableKeyRotation === true ? [] : [["automatic key rotation is off", "set enableKeyRotation: true"]];
    }),

    resourcePolicy({
        name: "kms-key-policy-not-public", type: T.kmsKey, pillar: "Security",
        sources: ["event-driven", "CKV_AWS_33"],
        description: "A key policy never admits every AWS principal (`*`) without a condition naming the account or organisation.",
        remediation: "Name the account root, roles or service principals; for `*` add a kms:CallerAccount or aws:PrincipalOrgID condition.",
    }, (props) => statements(props.policy).filter((s) => s.effect === "Allow" && s.principals.includes("*") &&
        !Object.values(s.condition ?? {}).some((b) => Object.keys(asRecord(b) ?? {}).some((k) => NARROWING.includes(k)))).map((s): Problem =>
        [`statement ${s.sid ?? "(no Sid)"} lets every AWS principal use the key`, "name the principals, or add a Condition on kms:CallerAccount or aws:PrincipalOrgID"])),

    resourcePolicy({
        name: "kms-key-enabled", type: T.kmsKey, pillar: "Reliability",
        sources: ["CKV_AWS_227"],
        description: "Keys are enabled: a disabled key stops every encrypt and decrypt, so the queues, topics, tables and logs it protects stop working.",
        remediation: "Set isEnabled: true (or leave it unset); schedule deletion instead of disabling a key that is no longer used.",
    }, (props) => props.isEnabled === false
        ? [["the key is disabled, so every resource encrypted with it fails to read or write", "set isEnabled: true, or remove the key once nothing uses it"]] : []),

    resourcePolicy({
        name: "kms-key-policy-defined", type: T.kmsKey, pillar: "Security",
        sources: ["CKV2_AWS_64"],
        description: "A key declares its key policy (instead of the implicit default that lets every IAM identity policy in the account use it), and keeps the policy lockout safety check on.",
        remediation: "Set policy to a document naming the account root, the services that use the key (with conditions), and nothing else; leave bypassPolicyLockoutSafetyCheck unset.",
    }, (props) => {
        const problems: Problem[] = [];
        if (!asString(props.policy)) problems.push(["its key policy is not declared, so the default policy lets any identity policy in the account use the key", "set policy to a key policy that names the account root and each service that needs the key, with aws:SourceAccount / kms:ViaService conditions"]);
        if (props.bypassPolicyLockoutSafetyCheck === true) problems.push(["it bypasses the policy lockout safety check, so a policy that locks everyone out of the key is accepted", "remove bypassPolicyLockoutSafetyCheck"]);
        return problems;
    }),
];
