import { asString, get, PackPolicy, resourcePolicy } from "./core";
import { T } from "./types";

export const firehosePolicies: PackPolicy[] = [
    resourcePolicy({
        name: "firehose-encryption", type: T.firehose, pillar: "Security",
        sources: ["AwsSolutions-KDF1", "CKV_AWS_240"],
        description: "A Firehose stream that producers write to directly encrypts records at rest (serverSideEncryption enabled). A stream reading a Kinesis stream or MSK inherits its source's encryption.",
        remediation: "Set serverSideEncryption: { enabled: true, keyType: \"AWS_OWNED_CMK\" } (or CUSTOMER_MANAGED_CMK with keyArn).",
    }, (props, _config, args) => {
        if (props.kinesisSourceConfiguration !== undefined || props.mskSourceConfiguration !== undefined) args.notApplicable("records are encrypted by the source stream");
        return get(props, "serverSideEncryption", "enabled") === true ? [] :
            [[`records are buffered unencrypted (serverSideEncryption ${get(props, "serverSideEncryption", "enabled") === false ? "disabled" : "not set"})`, `set serverSideEncryption: { enabled: true, keyType: "${asString(get(props, "serverSideEncryption", "keyType")) ?? "AWS_OWNED_CMK"}" }`]];
    }),
];
