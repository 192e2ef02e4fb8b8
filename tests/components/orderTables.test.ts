import { expect } from "chai";
import { CUSTOMERS_KEY, IDEMPOTENCY_KEY, IDEMPOTENCY_TTL_ATTRIBUTE, ORDERS_KEY, ORDERS_TTL_ATTRIBUTE } from "../../contracts/records";
import { OrderTables, validateOrderTablesArgs } from "../../components/orderTables";
import { promiseOf, Recording, settle, useMocks } from "../harness";
import { stackRun } from "../stacks/stackRuns";

const TABLE = "aws:dynamodb/table:Table";
const KEY_ARN = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

/** Pulumi keeps the effective `protect` option on the resource; it is not part of the mock's inputs. */
const isProtected = (resource: unknown) => (resource as { __protect?: boolean }).__protect === true;

describe("OrderTables", () => {
    describe("GIVEN the dev settings (defaults)", () => {
        let rec: Recording;
        let tables: OrderTables;
        before(async () => {
            rec = useMocks("dev");
            tables = new OrderTables("orders");
            await settle();
        });

        it("THEN it creates customers, orders and idempotency with the contract's key names, on demand", () => {
            expect(rec.ofType(TABLE).map((t) => t.name).sort()).to.deep.equal(["orders-customers", "orders-idempotency", "orders-orders"]);
            for (const [fragment, key] of [["customers", CUSTOMERS_KEY], ["orders-orders", ORDERS_KEY], ["idempotency", IDEMPOTENCY_KEY]]) {
                const table = rec.named(TABLE, fragment).inputs;
                expect(table.billingMode).to.equal("PAY_PER_REQUEST");
                expect(table.hashKey).to.equal(key);
                expect(table.attributes).to.deep.equal([{ name: key, type: "S" }]);
            }
        });

        it("THEN orders and idempotency expire through TTL on the contract's attributes; customers never expire", () => {
            expect(rec.named(TABLE, "orders-orders").inputs.ttl).to.deep.equal({ attributeName: ORDERS_TTL_ATTRIBUTE, enabled: true });
            expect(rec.named(TABLE, "idempotency").inputs.ttl).to.deep.equal({ attributeName: IDEMPOTENCY_TTL_ATTRIBUTE, enabled: true });
            expect(rec.named(TABLE, "customers").inputs.ttl).to.equal(undefined);
        });

        it("THEN only the orders table has a stream, with new and old images (the outbox's source), and its grant reads exactly that stream", async () => {
            expect(rec.named(TABLE, "orders-orders").inputs).to.include({ streamEnabled: true, streamViewType: "NEW_AND_OLD_IMAGES" });
            for (const other of ["customers", "idempotency"]) {
                expect(rec.named(TABLE, other).inputs.streamEnabled, other).to.equal(undefined);
            }
            const [read, ...rest] = tables.orders.grantStreamRead("ReadOrderChanges");
            expect(rest).to.deep.equal([]);
            expect(read).to.deep.include({ Sid: "ReadOrderChanges", Action: ["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:ListStreams"] });
            expect(read.Resource).to.equal(tables.orders.streamArn);
        });

        it("THEN there is no PITR, no deletion protection, no protect and AWS-owned encryption (nothing billed when idle)", () => {
            for (const table of rec.ofType(TABLE)) {
                expect(table.inputs.pointInTimeRecovery).to.deep.equal({ enabled: false });
                expect(table.inputs.deletionProtectionEnabled).to.equal(false);
                expect(table.inputs.serverSideEncryption).to.equal(undefined);
            }
            for (const table of [tables.customers, tables.orders, tables.idempotency]) expect(isProtected(table.table)).to.equal(false);
        });

        it("THEN a table's grant is exactly the asked actions on its ARN, with no key statement (AWS-owned key)", async () => {
            const [statement, ...rest] = tables.orders.grant(["dynamodb:GetItem", "dynamodb:PutItem"], "UseOrders");
            expect(rest).to.deep.equal([]);
            expect(statement.Action).to.deep.equal(["dynamodb:GetItem", "dynamodb:PutItem"]);
            expect(await promiseOf(statement.Resource as never)).to.match(/:table\/orders-orders$/);
            expect(tables.orders.grantEncryption("readWrite")).to.deep.equal([]);
        });
    });

    describe("GIVEN the prod settings", () => {
        let rec: Recording;
        let tables: OrderTables;
        before(async () => {
            rec = useMocks("prod");
            tables = new OrderTables("orders", { pointInTimeRecovery: true, deletionProtection: true, protect: true, kmsKeyArn: KEY_ARN });
            await settle();
        });

        it("THEN every table has PITR, deletion protection, the customer-managed key and Pulumi protect", async () => {
            expect(rec.ofType(TABLE)).to.have.length(3);
            for (const table of rec.ofType(TABLE)) {
                expect(table.inputs.pointInTimeRecovery).to.deep.equal({ enabled: true });
                expect(table.inputs.deletionProtectionEnabled).to.equal(true);
                expect(table.inputs.serverSideEncryption).to.deep.equal({ enabled: true, kmsKeyArn: KEY_ARN });
            }
            for (const table of [tables.customers, tables.orders, tables.idempotency]) expect(isProtected(table.table)).to.equal(true);
            expect(await promiseOf(tables.orders.arn)).to.match(/:table\/orders-orders$/);
        });

        it("THEN reading the orders stream brings kms:Decrypt on the table's key, only via DynamoDB", () => {
            const [, key] = tables.orders.grantStreamRead("ReadOrderChanges");
            expect(key).to.deep.equal({ Sid: "ReadOrderChangesKey", Action: ["kms:Decrypt"], Resource: KEY_ARN, Condition: { StringLike: { "kms:ViaService": "dynamodb.*.amazonaws.com" } } });
        });

        it("THEN a grant brings the key permissions its actions need: Decrypt to read, plus GenerateDataKey to write, only via DynamoDB", () => {
            const viaDynamoDb = { StringLike: { "kms:ViaService": "dynamodb.*.amazonaws.com" } };
            const [, readKey] = tables.orders.grant(["dynamodb:GetItem"], "ReadOrders");
            expect(readKey).to.deep.equal({ Sid: "ReadOrdersKey", Action: ["kms:Decrypt"], Resource: KEY_ARN, Condition: viaDynamoDb });
            const [, writeKey] = tables.orders.grant(["dynamodb:GetItem", "dynamodb:PutItem"], "WriteOrders");
            expect(writeKey).to.deep.include({ Action: ["kms:Decrypt", "kms:GenerateDataKey"], Resource: KEY_ARN, Condition: viaDynamoDb });
            expect(tables.customers.grantEncryption("read")).to.deep.equal([{ Sid: "UseTableKey", Action: ["kms:Decrypt"], Resource: KEY_ARN, Condition: viaDynamoDb }]);
        });
    });

    describe("validation", () => {
        it("GIVEN a kmsKeyArn that is not a KMS key ARN WHEN validated THEN it throws naming the arg and repeating the value", () => {
            expect(() => validateOrderTablesArgs("orders", { kmsKeyArn: "alias-without-arn" })).to.throw(/OrderTables orders: kmsKeyArn must be a KMS key ARN .* but "alias-without-arn" was provided/);
        });

        it("GIVEN a non-boolean flag WHEN validated THEN it throws naming the flag", () => {
            expect(() => validateOrderTablesArgs("orders", { pointInTimeRecovery: "yes" as unknown as boolean })).to.throw(/pointInTimeRecovery must be true or false, but "yes" was provided/);
        });

        it("GIVEN an invalid arg WHEN the component is constructed THEN nothing is created", () => {
            const rec = useMocks("dev");
            expect(() => new OrderTables("bad", { kmsKeyArn: "nope" })).to.throw(/kmsKeyArn/);
            expect(rec.ofType(TABLE)).to.have.length(0);
        });
    });
});

describe("OrderTables in the program", () => {
    for (const stack of ["dev", "prod"] as const) {
        it(`GIVEN the ${stack} stack config WHEN the program is evaluated THEN the tables follow it`, async () => {
            const run = await stackRun(stack);
            const prod = stack === "prod";
            const tables = run.ofType(TABLE).filter((t) => /^orders-(customers|orders|idempotency)$/.test(t.name));
            expect(tables).to.have.length(3);
            for (const table of tables) {
                expect(table.inputs.billingMode).to.equal("PAY_PER_REQUEST");
                expect(table.inputs.pointInTimeRecovery).to.deep.equal({ enabled: prod });
                expect(table.inputs.deletionProtectionEnabled).to.equal(prod);
                if (prod) expect(table.inputs.serverSideEncryption.kmsKeyArn).to.match(/^arn:aws:kms:/);
                else expect(table.inputs.serverSideEncryption).to.equal(undefined);
            }
        });
    }
});
