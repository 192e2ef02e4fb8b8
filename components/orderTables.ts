import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { KMS_KEY_ARN } from "../constants/patterns";
import { DynamoTable } from "./dynamoTable";
import { OUTBOX_STREAM_VIEW } from "../contracts/outbox";
import { CUSTOMERS_KEY, IDEMPOTENCY_KEY, IDEMPOTENCY_TTL_ATTRIBUTE, ORDERS_KEY, ORDERS_TTL_ATTRIBUTE } from "../contracts/records";

export interface OrderTablesArgs {
    /** DynamoDB point-in-time recovery (35 days of restorable history) on every table. @default false */
    readonly pointInTimeRecovery?: boolean;
    /** DynamoDB deletion protection: the tables cannot be deleted until it is turned off. @default false */
    readonly deletionProtection?: boolean;
    /** Pulumi `protect` on the tables, so `pulumi destroy` or a replacing diff refuses to delete them. @default false */
    readonly protect?: boolean;
    /**
     * Customer-managed KMS key (ARN) for server-side encryption. Each table's grants then include the
     * kms:Decrypt / kms:GenerateDataKey its callers need (see {@link DynamoTable}).
     * @default AWS-owned key (free, always on)
     */
    readonly kmsKeyArn?: pulumi.Input<string>;
}

export const ORDER_TABLES_DEFAULTS = {
    pointInTimeRecovery: false,
    deletionProtection: false,
    protect: false,
} as const;

/** Checks the arguments before anything is created; throws naming the argument and what is allowed. */
export function validateOrderTablesArgs(name: string, args: OrderTablesArgs): void {
    const problems: string[] = [];
    for (const flag of ["pointInTimeRecovery", "deletionProtection", "protect"] as const) {
        const value = args[flag];
        if (value !== undefined && typeof value !== "boolean") problems.push(`${flag} must be true or false, but ${JSON.stringify(value)} was provided`);
    }
    // Outputs are not known yet and are skipped; a plain string must be a KMS key ARN.
    if (typeof args.kmsKeyArn === "string" && !KMS_KEY_ARN.test(args.kmsKeyArn)) {
        problems.push(`kmsKeyArn must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>), but "${args.kmsKeyArn}" was provided`);
    }
    if (problems.length > 0) throw new Error(`OrderTables ${name}: ${problems.join("; ")}`);
}

/**
 * The platform's DynamoDB tables, with the key names from contracts/records.ts:
 * `customers` (customerId), `orders` (orderId, TTL expiresAt) and `idempotency` (id, TTL expiration; the Powertools layout).
 * On-demand billing (nothing billed when idle), always encrypted; PITR, deletion protection, `protect` and a CMK per args.
 * The orders table has a stream with new and old images, the source of the order announcements (OrderOutbox). A
 * stream bills no hours, only its read requests (each GetRecords call of a reader other than Lambda).
 */
export class OrderTables extends pulumi.ComponentResource {
    readonly customers: DynamoTable;
    readonly orders: DynamoTable;
    readonly idempotency: DynamoTable;

    constructor(name: string, args: OrderTablesArgs = {}, opts?: pulumi.ComponentResourceOptions) {
        super("orders:platform:OrderTables", name, {}, opts);
        validateOrderTablesArgs(name, args);
        const pointInTimeRecovery = args.pointInTimeRecovery ?? ORDER_TABLES_DEFAULTS.pointInTimeRecovery;
        const deletionProtection = args.deletionProtection ?? ORDER_TABLES_DEFAULTS.deletionProtection;
        const protect = args.protect ?? ORDER_TABLES_DEFAULTS.protect;

        const table = (role: string, hashKey: string, ttlAttribute?: string, stream?: string) => new DynamoTable(new aws.dynamodb.Table(`${name}-${role}`, {
            billingMode: "PAY_PER_REQUEST",
            hashKey,
            attributes: [{ name: hashKey, type: "S" }],
            ttl: ttlAttribute ? { attributeName: ttlAttribute, enabled: true } : undefined,
            ...(stream ? { streamEnabled: true, streamViewType: stream } : {}),
            pointInTimeRecovery: { enabled: pointInTimeRecovery },
            deletionProtectionEnabled: deletionProtection,
            // Without a key ARN DynamoDB encrypts with an AWS-owned key, which costs nothing.
            serverSideEncryption: args.kmsKeyArn ? { enabled: true, kmsKeyArn: args.kmsKeyArn } : undefined,
        }, { parent: this, protect }), args.kmsKeyArn);

        this.customers = table("customers", CUSTOMERS_KEY);
        this.orders = table("orders", ORDERS_KEY, ORDERS_TTL_ATTRIBUTE, OUTBOX_STREAM_VIEW);
        this.idempotency = table("idempotency", IDEMPOTENCY_KEY, IDEMPOTENCY_TTL_ATTRIBUTE);

        this.registerOutputs({
            customersTableName: this.customers.name,
            ordersTableName: this.orders.name,
            idempotencyTableName: this.idempotency.name,
        });
    }
}
