import { asRecord, asString, PackPolicy, Problem, resourcePolicy, statements } from "./core";
import { T } from "./types";

const NARROWING = ["aws:PrincipalOrgID", "aws:PrincipalAccount", "aws:SourceAccount", "aws:SourceArn", "kms:CallerAccount"];

export const kmsPolicies: PackPolicy[] = [
    resourcePolicy({
        name: "kms-key-rotation", type: T.kmsKey, pillar: "Security",
        sources: ["AwsSolutions-KMS5"],
        description: "Symmetric customer-managed keys rotate their key material automatically.",
        remediation: "Set enableKeyRotation: true.",
    }, (props, _config, args) => {
        const spec = asString(props.customerMasterKeySpec) ?? "SYMMETRIC_DEFAULT";
        if (spec !== "SYMMETRIC_DEFAULT") args.notApplicable("asymmetric and HMAC keys cannot rotate automatically");
        return props.enableKeyRotation === true ? [] : [["automatic key rotation is off", "set enableKeyRotation: true"]];
    }),

    resourcePolicy({
        name: "kms-key-policy-not-public", type: T.kmsKey, pillar: "Security",
        sources: ["event-driven"],
        description: "A key policy never admits every AWS principal (`*`) without a condition naming the account or organisation.",
        remediation: "Name the account root, roles or service principals; for `*` add a kms:CallerAccount or aws:PrincipalOrgID condition.",
    }, (props) => statements(props.policy).filter((s) => s.effect === "Allow" && s.principals.includes("*") &&
        !Object.values(s.condition ?? {}).some((b) => Object.keys(asRecord(b) ?? {}).some((k) => NARROWING.includes(k)))).map((s): Problem =>
        [`statement ${s.sid ?? "(no Sid)"} lets every AWS principal use the key`, "name the principals, or add a Condition on kms:CallerAccount or aws:PrincipalOrgID"])),
];
