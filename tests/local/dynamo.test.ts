/**
 * The local DynamoDB: dynalite with tables created from the deployed tables' inputs, kept on disk when a data
 * directory is given, and a TTL sweep that deletes items as DynamoDB's TTL would.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { expect } from "chai";
import {
    BatchWriteItemCommand, DeleteItemCommand, DescribeTableCommand, GetItemCommand, PutItemCommand, QueryCommand, ScanCommand, UpdateItemCommand,
} from "@aws-sdk/client-dynamodb";
import { DynamoEngine, TableConfig } from "../../local/dynamo";
import { EventBusEngine } from "../../local/eventBus";
import { LambdaEngine } from "../../local/lambda";
import { CollectingLog } from "../../local/log";
import { Pipe, PipeConfig } from "../../local/pipes";
import { SqsEngine } from "../../local/sqs";
import { ANNOUNCED_EVENTS, AnnouncedEvent, OUTBOX_STREAM_PARAMETERS, outboxFilterPatterns, outboxTargetParameters } from "../../contracts/outbox";
import { CONTRACTS } from "../../contracts";
import { arn, bundleOf } from "./support/local";

/** The tables' inputs as the program registers them (aws.dynamodb.Table); the orders table has the outbox's stream. */
const ORDERS: TableConfig = {
    name: "orders-orders", hashKey: "orderId", attributes: [{ name: "orderId", type: "S" }], ttl: { attributeName: "expiresAt", enabled: true },
    streamEnabled: true, streamViewType: "NEW_AND_OLD_IMAGES",
};
const CUSTOMERS: TableConfig = { name: "orders-customers", hashKey: "customerId", attributes: [{ name: "customerId", type: "S" }] };

describe("local DynamoDB", function () {
    this.timeout(30_000);
    const stops: (() => Promise<void> | void)[] = [];
    afterEach(async () => {
        for (const stop of stops.splice(0).reverse()) await stop();
    });

    async function start(options: Parameters<typeof DynamoEngine.start>[0] = {}): Promise<DynamoEngine> {
        const engine = await DynamoEngine.start({ ttlSweepSeconds: 0, ...options });
        stops.push(() => engine.stop());
        return engine;
    }

    it("GIVEN the program's table inputs WHEN the tables are created THEN their key schemas are the declared ones, and a composite key with a secondary index works", async () => {
        const dynamo = await start();
        await dynamo.createTables([ORDERS, CUSTOMERS, {
            name: "events", hashKey: "pk", rangeKey: "sk",
            attributes: [{ name: "pk", type: "S" }, { name: "sk", type: "N" }, { name: "byType", type: "S" }],
            globalSecondaryIndexes: [{ name: "type-index", hashKey: "byType", rangeKey: "sk", projectionType: "ALL" }],
        }]);
        const orders = await dynamo.client.send(new DescribeTableCommand({ TableName: ORDERS.name }));
        expect(orders.Table?.KeySchema).to.deep.equal([{ AttributeName: "orderId", KeyType: "HASH" }]);
        expect(dynamo.endpoint).to.match(/^http:\/\/127\.0\.0\.1:\d+$/);

        for (const [sk, type] of [[1, "a"], [2, "b"], [3, "a"]] as const) {
            await dynamo.client.send(new PutItemCommand({ TableName: "events", Item: { pk: { S: "p" }, sk: { N: String(sk) }, byType: { S: type } } }));
        }
        const byType = await dynamo.client.send(new QueryCommand({
            TableName: "events", IndexName: "type-index", KeyConditionExpression: "byType = :t", ExpressionAttributeValues: { ":t": { S: "a" } },
        }));
        expect(byType.Items?.map((i) => i.sk.N)).to.deep.equal(["1", "3"]);
    });

    it("GIVEN a table with TTL WHEN the sweep runs THEN items whose expiry passed are deleted, and future, non-numeric and over-five-years-old expiries are kept", async () => {
        const log = new CollectingLog();
        const dynamo = await start({ log });
        await dynamo.createTables([ORDERS, CUSTOMERS]);
        const now = Math.floor(Date.now() / 1000);
        const items: Record<string, Record<string, { N: string } | { S: string }>> = {
            expired: { expiresAt: { N: String(now - 60) } },
            future: { expiresAt: { N: String(now + 3600) } },
            text: { expiresAt: { S: String(now - 60) } },
            ancient: { expiresAt: { N: String(now - 6 * 365 * 86_400) } },
            none: {},
        };
        for (const [orderId, fields] of Object.entries(items)) {
            await dynamo.client.send(new PutItemCommand({ TableName: ORDERS.name, Item: { orderId: { S: orderId }, ...fields } }));
        }
        await dynamo.client.send(new PutItemCommand({ TableName: CUSTOMERS.name, Item: { customerId: { S: "c" }, expiresAt: { N: String(now - 60) } } }));

        expect(await dynamo.sweepExpired()).to.equal(1);
        const left = await dynamo.client.send(new ScanCommand({ TableName: ORDERS.name }));
        expect(left.Items?.map((i) => i.orderId.S).sort()).to.deep.equal(["ancient", "future", "none", "text"]);
        // No TTL on customers: an attribute of that name means nothing there.
        expect((await dynamo.client.send(new GetItemCommand({ TableName: CUSTOMERS.name, Key: { customerId: { S: "c" } } }))).Item).to.not.equal(undefined);
        expect(log.ofKind("storage", "dynamodb")[0].message).to.equal("TTL sweep deleted 1 expired item(s)");
    });

    it("GIVEN a data directory WHEN the engine is restarted on it THEN the items are still there; a table whose keys changed is refused, naming it", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "local-dynamo-"));
        stops.push(() => fs.rmSync(dir, { recursive: true, force: true }));
        const first = await start({ dataDir: dir });
        await first.createTables([ORDERS]);
        await first.client.send(new PutItemCommand({ TableName: ORDERS.name, Item: { orderId: { S: "kept" }, status: { S: "PLACED" } } }));
        await first.stop();

        const second = await start({ dataDir: dir });
        await second.createTables([ORDERS]);
        const item = await second.client.send(new GetItemCommand({ TableName: ORDERS.name, Key: { orderId: { S: "kept" } } }));
        expect(item.Item?.status.S).to.equal("PLACED");
        await second.createTable({ ...ORDERS, hashKey: "id", attributes: [{ name: "id", type: "S" }] }).then(() => expect.fail("accepted changed keys"), (error: Error) => {
            expect(error.message).to.match(/table orders-orders: the data directory holds it with keys .*orderId.*, but the program declares .*"id"/);
        });
    });

    it("GIVEN table inputs DynamoDB would refuse WHEN created THEN the error names the table and the input", async () => {
        const dynamo = await start();
        const refused = (table: TableConfig) => dynamo.createTable(table).then(() => expect.fail(`accepted ${table.name}`), (error: Error) => error.message);
        expect(await refused({ name: "t1", hashKey: "id", attributes: [{ name: "id", type: "S" }] })).to.match(/table t1: name must be 3 to 255/);
        expect(await refused({ name: "orders2", hashKey: "id", attributes: [] })).to.match(/table orders2: key id is not defined in attributes \(none\)/);
        expect(await refused({ name: "orders3", hashKey: "id", attributes: [{ name: "id", type: "S" }, { name: "extra", type: "S" }] }))
            .to.match(/attribute extra is defined but is no key of the table or an index/);
        expect(await refused({ ...ORDERS, name: "orders4", streamEnabled: true, streamViewType: undefined })).to.match(/table orders4: streamViewType must be one of KEYS_ONLY, NEW_IMAGE, OLD_IMAGE, NEW_AND_OLD_IMAGES when streamEnabled is true, but undefined/);
    });

    it("GIVEN a stream-enabled table WHEN items are put, updated, rewritten unchanged, batch-written, refused by a condition, deleted and expired THEN the stream holds one record per change, in order, with the images of its view", async () => {
        const dynamo = await start();
        await dynamo.createTables([ORDERS, CUSTOMERS]);
        const stream = dynamo.stream(ORDERS.name);
        expect(dynamo.stream(stream.arn)).to.equal(stream);
        const reader = stream.reader("TRIM_HORIZON");
        const send = (command: any): Promise<unknown> => dynamo.client.send(command);
        const now = Math.floor(Date.now() / 1000);

        await send(new PutItemCommand({ TableName: ORDERS.name, Item: { orderId: { S: "o1" }, status: { S: "PLACED" } } }));
        await send(new UpdateItemCommand({ TableName: ORDERS.name, Key: { orderId: { S: "o1" } }, UpdateExpression: "SET #s = :s", ExpressionAttributeNames: { "#s": "status" }, ExpressionAttributeValues: { ":s": { S: "PROCESSED" } } }));
        await send(new PutItemCommand({ TableName: ORDERS.name, Item: { orderId: { S: "o1" }, status: { S: "PROCESSED" } } }));
        await send(new BatchWriteItemCommand({ RequestItems: { [ORDERS.name]: [{ PutRequest: { Item: { orderId: { S: "o2" }, expiresAt: { N: String(now - 10) } } } }] } }));
        await send(new PutItemCommand({ TableName: ORDERS.name, Item: { orderId: { S: "o3" } } }));
        await send(new PutItemCommand({ TableName: CUSTOMERS.name, Item: { customerId: { S: "c1" } } }));
        await send(new PutItemCommand({ TableName: ORDERS.name, Item: { orderId: { S: "o1" } }, ConditionExpression: "attribute_not_exists(orderId)" })).catch((e: Error) => expect(e.name).to.equal("ConditionalCheckFailedException"));
        await send(new DeleteItemCommand({ TableName: ORDERS.name, Key: { orderId: { S: "o3" } } }));
        await dynamo.sweepExpired();

        const records = await reader.next(100, 0);
        expect(records.map((r) => `${r.eventName} ${r.dynamodb.Keys.orderId && (r.dynamodb.Keys.orderId as { S: string }).S}`)).to.deep.equal([
            "INSERT o1", "MODIFY o1", "INSERT o2", "INSERT o3", "REMOVE o3", "REMOVE o2",
        ]);
        expect(records[1].dynamodb).to.deep.include({ OldImage: { orderId: { S: "o1" }, status: { S: "PLACED" } }, NewImage: { orderId: { S: "o1" }, status: { S: "PROCESSED" } }, StreamViewType: "NEW_AND_OLD_IMAGES" });
        expect(records.map((r) => r.dynamodb.SequenceNumber)).to.deep.equal([...records.map((r) => r.dynamodb.SequenceNumber)].sort());
        expect(records[0]).to.include({ eventVersion: "1.1", eventSource: "aws:dynamodb", awsRegion: "us-east-1", eventSourceARN: stream.arn });
        expect(records[4]).to.not.have.property("userIdentity");
        expect(records[5].userIdentity).to.deep.equal({ type: "Service", principalId: "dynamodb.amazonaws.com" });
        // A reader's position moves only when it says so; a LATEST reader sees only what comes after it.
        expect(await reader.next(1, 0)).to.deep.equal([records[0]]);
        reader.advance(records.length);
        expect(await reader.next(10, 0)).to.deep.equal([]);
        const late = stream.reader("LATEST");
        await send(new PutItemCommand({ TableName: ORDERS.name, Item: { orderId: { S: "o4" } } }));
        expect((await late.next(10, 1000)).map((r) => r.eventName)).to.deep.equal(["INSERT"]);
    });

    describe("the outbox pipes (DynamoDB stream → filter → enrichment → event bus)", () => {
        const order = CONTRACTS.OrderProcessed.example;
        /** A stored order as process-order's final write leaves it, in DynamoDB's attribute form. */
        const processedItem = (orderId: string, overrides: Record<string, unknown> = {}) => ({
            orderId: { S: orderId }, status: { S: "PROCESSED" }, customerId: { S: order.customerId }, correlationId: { S: order.correlationId },
            currency: { S: "EUR" }, totalCents: { N: "2598" }, itemCount: { N: "2" }, processedAt: { S: order.occurredAt }, ...overrides,
        });

        async function outbox(options: { startingPosition?: string; maximumRetryAttempts?: number } = {}) {
            const log = new CollectingLog();
            const dynamo = await start({ log });
            await dynamo.createTables([ORDERS]);
            const sqs = new SqsEngine({ log });
            for (const name of ["announced", "outbox-dlq"]) sqs.addQueue({ name });
            const lambda = new LambdaEngine({ log });
            lambda.addFunction({ name: "outbox-announcer", code: bundleOf("outboxAnnouncer"), timeout: 10, environment: { variables: { POWERTOOLS_LOG_LEVEL: "ERROR" } } });
            const bus = new EventBusEngine({ services: { sqs }, log });
            bus.addBus({ name: "orders-bus" });
            bus.addRule({ name: "announced", eventBusName: "orders-bus", eventPattern: JSON.stringify({ source: ["orders.workflow"] }) });
            bus.addTarget({ rule: "announced", eventBusName: "orders-bus", arn: arn("sqs", "announced") });
            const pipes = ANNOUNCED_EVENTS.map((event: AnnouncedEvent) => new Pipe(pipeConfig(event, dynamo.stream(ORDERS.name).arn, options), { streams: dynamo, lambda, events: bus, sqs }, { log, timeScale: 0.001 }));
            stops.push(() => sqs.stop(), () => bus.stop(), () => lambda.stop(), ...pipes.map((p) => () => p.stop()));
            return { dynamo, sqs, log, pipes };
        }

        function pipeConfig(event: AnnouncedEvent, streamArn: string, options: { startingPosition?: string; maximumRetryAttempts?: number }): PipeConfig {
            return {
                name: `outbox-${event}`,
                source: streamArn,
                target: arn("events", "event-bus/orders-bus"),
                enrichment: arn("lambda", "function:outbox-announcer"),
                sourceParameters: {
                    dynamodbStreamParameters: { ...OUTBOX_STREAM_PARAMETERS, ...options, deadLetterConfig: { arn: arn("sqs", "outbox-dlq") } },
                    filterCriteria: { filters: outboxFilterPatterns(event).map((pattern) => ({ pattern: JSON.stringify(pattern) })) },
                },
                targetParameters: { eventbridgeEventBusParameters: outboxTargetParameters(event) },
            };
        }

        it("GIVEN an order that becomes PROCESSED WHEN its changes reach the stream THEN the transition alone is announced, once, as the contract's OrderProcessed", async () => {
            const { dynamo, sqs, log, pipes } = await outbox();
            pipes.forEach((p) => p.start());
            const orderId = "ord_00000000000000000000000000000010";
            await dynamo.client.send(new PutItemCommand({ TableName: ORDERS.name, Item: { ...processedItem(orderId), status: { S: "PLACED" } } }));
            await dynamo.client.send(new UpdateItemCommand({ TableName: ORDERS.name, Key: { orderId: { S: orderId } }, UpdateExpression: "SET #s = :s", ExpressionAttributeNames: { "#s": "status" }, ExpressionAttributeValues: { ":s": { S: "PROCESSED" } } }));
            // A rewrite that keeps the status announces nothing.
            await dynamo.client.send(new PutItemCommand({ TableName: ORDERS.name, Item: processedItem(orderId, { note: { S: "rewritten" } }) }));
            await log.waitFor((e) => e.kind === "delivery" && e.source === "announced");

            const announced = sqs.listMessages("announced").map((m) => JSON.parse(m.body));
            expect(announced).to.have.length(1);
            expect(announced[0]).to.deep.include({ source: "orders.workflow", "detail-type": "OrderProcessed" });
            expect(announced[0].detail).to.deep.equal({ ...order, orderId });
            expect(log.ofKind("delivery", "outbox-OrderProcessed")[0]).to.deep.include({ message: "1 record(s) → 1 event(s) on orders-bus", correlationId: order.correlationId });
        });

        it("GIVEN a batch with a record the enrichment cannot announce WHEN the pipe delivers it THEN the batch is halved until that record is alone, it is retried, then dead-lettered, and the others are announced", async () => {
            const { dynamo, sqs, log, pipes } = await outbox({ startingPosition: "TRIM_HORIZON", maximumRetryAttempts: 2 });
            const ids = [1, 2, 3, 4].map((n) => `ord_0000000000000000000000000000002${n}`);
            for (const [i, orderId] of ids.entries()) {
                // The third lacks the currency an OrderProcessed needs.
                await dynamo.client.send(new PutItemCommand({ TableName: ORDERS.name, Item: processedItem(orderId, i === 2 ? { currency: { NULL: true } } : {}) }));
            }
            pipes.forEach((p) => p.start());
            await log.waitFor((e) => e.kind === "dlq" && e.source === "outbox-OrderProcessed");
            await log.waitForCount((e) => e.kind === "delivery" && e.source === "announced", 3);

            expect(sqs.listMessages("announced").map((m) => JSON.parse(m.body).detail.orderId).sort()).to.deep.equal([ids[0], ids[1], ids[3]]);
            const [dead] = sqs.listMessages("outbox-dlq").map((m) => JSON.parse(m.body));
            expect(dead.DDBStreamBatchInfo).to.include({ batchSize: 1, streamArn: dynamo.stream(ORDERS.name).arn });
            expect(dead.context).to.include({ condition: "RetryAttemptsExhausted", approximateInvokeCount: 3 });
            expect(dead.context.error).to.match(/enrichment outbox-announcer failed: OutboxRecordError: .*currency/);
        });

        it("GIVEN pipe inputs the runtime cannot run WHEN a pipe is made THEN it is refused naming the pipe and every input", async () => {
            const { dynamo } = await outbox();
            const config = pipeConfig("OrderFailed", dynamo.stream(ORDERS.name).arn, {});
            const refused = (change: Partial<PipeConfig>) => {
                try {
                    new Pipe({ ...config, ...change }, { streams: dynamo, events: { putEvents: async () => ({ FailedEntryCount: 0, Entries: [] }) } });
                } catch (error) {
                    return (error as Error).message;
                }
                return "accepted";
            };
            expect(refused({ target: arn("sqs", "q") })).to.match(/^pipe outbox-OrderFailed: .*target must be an event bus ARN/);
            expect(refused({ source: "arn:aws:dynamodb:us-east-1:123456789012:table/nope/stream/x" })).to.match(/source: no stream .*nope/);
            expect(refused({ sourceParameters: { ...config.sourceParameters, filterCriteria: { filters: [{ pattern: '{"eventName":[{"prefx":"I"}]}' }] } } }))
                .to.match(/filterCriteria.filters\[0\]: invalid event pattern at eventName: unknown operator "prefx"/);
            expect(refused({})).to.match(/enrichment must be a Lambda function ARN served by the Lambda engine/);
        });
    });
});
