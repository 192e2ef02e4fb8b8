/** A real DynamoDB implementation (dynalite) on a free loopback port, with the platform's tables. */
import { AddressInfo } from "net";
import { CreateTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { CUSTOMERS_KEY, IDEMPOTENCY_KEY, ORDERS_KEY } from "../../contracts/records";

const dynalite = require("dynalite") as (opts: Record<string, unknown>) => import("http").Server;

export interface LocalDynamo {
    endpoint: string;
    client: DynamoDBClient;
    doc: DynamoDBDocumentClient;
    tables: { customers: string; orders: string; idempotency: string };
    stop(): Promise<void>;
}

let counter = 0;

/** Starts dynalite on 127.0.0.1 (random port) and creates fresh customers/orders/idempotency tables. */
export async function startLocalDynamo(): Promise<LocalDynamo> {
    const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
    const { port } = server.address() as AddressInfo;
    const endpoint = `http://127.0.0.1:${port}`;
    const client = new DynamoDBClient({
        endpoint,
        region: "us-east-1",
        credentials: { accessKeyId: "local", secretAccessKey: "local" },
    });
    const suffix = `${process.pid}-${++counter}`;
    const tables = { customers: `customers-${suffix}`, orders: `orders-${suffix}`, idempotency: `idempotency-${suffix}` };
    for (const [table, key] of [[tables.customers, CUSTOMERS_KEY], [tables.orders, ORDERS_KEY], [tables.idempotency, IDEMPOTENCY_KEY]]) {
        await client.send(new CreateTableCommand({
            TableName: table,
            AttributeDefinitions: [{ AttributeName: key, AttributeType: "S" }],
            KeySchema: [{ AttributeName: key, KeyType: "HASH" }],
            BillingMode: "PAY_PER_REQUEST",
        }));
    }
    return {
        endpoint,
        client,
        doc: DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } }),
        tables,
        async stop() {
            client.destroy();
            await new Promise<void>((resolve) => server.close(() => resolve()));
        },
    };
}
