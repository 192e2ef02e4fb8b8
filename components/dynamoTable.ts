import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { PolicyStatement } from "./iam";

/** The DynamoDB item actions the platform grants. */
export type DynamoDbItemAction =
    | "dynamodb:GetItem" | "dynamodb:PutItem" | "dynamodb:UpdateItem" | "dynamodb:DeleteItem"
    | "dynamodb:ConditionCheckItem" | "dynamodb:Query" | "dynamodb:DescribeTable";

const READ_ONLY = new Set<DynamoDbItemAction>(["dynamodb:GetItem", "dynamodb:Query", "dynamodb:ConditionCheckItem", "dynamodb:DescribeTable"]);

/**
 * A table and the grants on it. The table owns its grants: a caller asks for the actions it calls and gets exactly
 * those on this table's ARN, plus the KMS permissions its encryption needs (kms:Decrypt to read, and
 * kms:GenerateDataKey to write, only through DynamoDB), so no caller writes statements about the table or its key.
 */
export class DynamoTable {
    readonly name: pulumi.Output<string>;
    readonly arn: pulumi.Output<string>;
    /** The table's stream (empty when the table has none): what an outbox reads. */
    readonly streamArn: pulumi.Output<string>;

    constructor(readonly table: aws.dynamodb.Table, private readonly kmsKeyArn?: pulumi.Input<string>) {
        this.name = table.name;
        this.arn = table.arn;
        this.streamArn = table.streamArn;
    }

    /**
     * Reading this table's stream, as a pipe or an event source mapping does: the four stream actions on the
     * stream's ARN, and kms:Decrypt when the table is encrypted with a customer-managed key (stream records are
     * encrypted with the table's key).
     */
    grantStreamRead(sid = "ReadStream"): PolicyStatement[] {
        return [{
            Sid: sid,
            Action: ["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:ListStreams"],
            Resource: this.streamArn,
        }, ...this.grantEncryption("read", `${sid}Key`)];
    }

    /** Exactly these item actions on this table, with the key permissions they need. */
    grant(actions: DynamoDbItemAction[], sid: string): PolicyStatement[] {
        const writes = actions.some((action) => !READ_ONLY.has(action));
        return [{ Sid: sid, Action: [...actions], Resource: this.arn }, ...this.grantEncryption(writes ? "readWrite" : "read", `${sid}Key`)];
    }

    /**
     * Only the key permissions for reading (or reading and writing) this table's items, for callers whose table
     * actions are derived elsewhere (a state machine's Tasks). Empty when the table uses an AWS-owned key.
     */
    grantEncryption(access: "read" | "readWrite", sid = "UseTableKey"): PolicyStatement[] {
        if (this.kmsKeyArn === undefined) return [];
        return [{
            Sid: sid,
            Action: access === "read" ? ["kms:Decrypt"] : ["kms:Decrypt", "kms:GenerateDataKey"],
            Resource: this.kmsKeyArn,
            Condition: { StringLike: { "kms:ViaService": "dynamodb.*.amazonaws.com" } },
        }];
    }
}
