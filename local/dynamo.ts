/**
 * DynamoDB, locally: dynalite on a loopback port, in memory or (with a data directory) in LevelDB on disk so the
 * tables survive a restart, with the tables created from the `aws.dynamodb.Table` inputs (`hashKey`, `rangeKey`,
 * `attributes`, secondary indexes, `ttl`, `streamEnabled`/`streamViewType`). dynalite does not expire items, so TTL is
 * a periodic sweep that deletes items whose TTL attribute (a Number, epoch seconds) has passed, skipping values more
 * than five years old as DynamoDB does; the sweep runs on real time (TTL is retention, which a time scale never
 * shortens). dynalite has no streams either: the endpoint is a proxy that records them (dynamoCapture.ts), and a
 * TTL removal is recorded as the TTL service's.
 *
 * Not modelled: billing and capacity, encryption, point-in-time recovery, deletion protection, stream shards (one
 * shard per table), the Streams API itself (readers use `stream(...)`).
 */
import * as fs from "fs";
import * as path from "path";
import { AddressInfo } from "net";
import dynalite from "dynalite";
import { CaptureProxy, startCaptureProxy, TTL_SWEEP_HEADER } from "./dynamoCapture";
import { STREAM_VIEW_TYPES, StreamViewType, TableStream } from "./dynamoStreams";
import {
    AttributeDefinition, CreateTableCommand, DeleteItemCommand, DescribeTableCommand, DynamoDBClient, KeySchemaElement,
    ResourceNotFoundException, ScanCommand,
} from "@aws-sdk/client-dynamodb";
import { reporter, RuntimeLog, silentLog } from "./log";

export interface TableConfig {
    readonly name: string;
    readonly hashKey: string;
    readonly rangeKey?: string;
    readonly attributes: readonly { readonly name: string; readonly type: string }[];
    readonly ttl?: { readonly attributeName?: string; readonly enabled?: boolean };
    readonly globalSecondaryIndexes?: readonly { readonly name: string; readonly hashKey: string; readonly rangeKey?: string; readonly projectionType?: string; readonly nonKeyAttributes?: readonly string[] }[];
    readonly localSecondaryIndexes?: readonly { readonly name: string; readonly rangeKey: string; readonly projectionType?: string; readonly nonKeyAttributes?: readonly string[] }[];
    readonly streamEnabled?: boolean;
    /** KEYS_ONLY, NEW_IMAGE, OLD_IMAGE or NEW_AND_OLD_IMAGES; required with streamEnabled. */
    readonly streamViewType?: string;
    /** The stream's ARN, when the program knows it. @default arn:aws:dynamodb:<region>:<account>:table/<name>/stream/<creation time> */
    readonly streamArn?: string;
}

export interface DynamoEngineOptions {
    /** Keeps the tables in `<dataDir>/dynamodb` (LevelDB). @default in memory */
    readonly dataDir?: string;
    /** @default 0 (any free port on 127.0.0.1) */
    readonly port?: number;
    /** Seconds between TTL sweeps; 0 turns the sweep off. @default 60 */
    readonly ttlSweepSeconds?: number;
    readonly log?: RuntimeLog;
    /** @default "us-east-1" */
    readonly region?: string;
    /** @default "123456789012" */
    readonly accountId?: string;
}

export class InvalidTableError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "ValidationException";
    }
}

const FIVE_YEARS_SECONDS = 5 * 365 * 86_400;

const credentials = { accessKeyId: "local", secretAccessKey: "local" };

export class DynamoEngine {
    /** A client of the local endpoint (the proxy, so its writes are recorded in streams). */
    readonly client: DynamoDBClient;
    private readonly ttl = new Map<string, { attribute: string; keys: string[] }>();
    private readonly keyNames = new Map<string, string[]>();
    private readonly streams = new Map<string, TableStream>();
    /** Deletes as the TTL service: its requests carry the header the proxy records them by. */
    private readonly sweeper: DynamoDBClient;
    private timer?: NodeJS.Timeout;
    private sweeping?: Promise<number>;
    private stopped = false;
    private proxy!: CaptureProxy;

    private constructor(
        private readonly server: import("http").Server,
        private readonly direct: DynamoDBClient,
        private readonly log: RuntimeLog,
        private readonly account: { region: string; accountId: string },
        readonly endpoint: string,
        sweepSeconds: number,
    ) {
        this.client = new DynamoDBClient({ endpoint, region: account.region, credentials });
        this.sweeper = new DynamoDBClient({ endpoint, region: account.region, credentials });
        this.sweeper.middlewareStack.add((next) => (args) => {
            (args.request as { headers: Record<string, string> }).headers[TTL_SWEEP_HEADER] = "1";
            return next(args);
        }, { step: "build", name: "markTtlSweep" });
        if (sweepSeconds > 0) {
            this.timer = setInterval(() => void this.sweepExpired().catch((error: Error) => reporter(this.log, "dynamodb")("error", `TTL sweep failed: ${error.message}`)), sweepSeconds * 1000);
            this.timer.unref();
        }
    }

    static async start(options: DynamoEngineOptions = {}): Promise<DynamoEngine> {
        const dir = options.dataDir ? path.join(options.dataDir, "dynamodb") : undefined;
        if (dir) fs.mkdirSync(dir, { recursive: true });
        const server = dynalite({ path: dir, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
        await new Promise<void>((resolve, reject) => {
            server.once("error", reject);
            server.listen(0, "127.0.0.1", () => resolve());
        });
        const { port } = server.address() as AddressInfo;
        const account = { region: options.region ?? "us-east-1", accountId: options.accountId ?? "123456789012" };
        const direct = new DynamoDBClient({ endpoint: `http://127.0.0.1:${port}`, region: account.region, credentials });
        // The proxy asks the engine about tables; the engine needs the proxy's URL: one is made before the other.
        const created: { engine?: DynamoEngine } = {};
        const proxy = await startCaptureProxy({
            upstream: `http://127.0.0.1:${port}`,
            direct,
            streamOf: (table) => created.engine?.streams.get(table),
            keyNames: (table) => created.engine?.keyNames.get(table),
            port: options.port,
        });
        const engine = new DynamoEngine(server, direct, options.log ?? silentLog, account, proxy.url, options.ttlSweepSeconds ?? 60);
        engine.proxy = proxy;
        created.engine = engine;
        return engine;
    }

    /** The stream of a table, by table name or stream ARN (for an event source mapping or a pipe). */
    stream(reference: string): TableStream {
        const found = this.streams.get(reference) ?? [...this.streams.values()].find((s) => s.arn === reference || reference.includes(`:table/${s.table}/stream/`));
        if (!found) throw new InvalidTableError(`no stream ${reference} here (streams: ${[...this.streams.values()].map((s) => s.arn).join(", ") || "none"})`);
        return found;
    }

    /** Creates each table, or checks that the one already on disk has the same keys (else throws naming it). */
    async createTables(tables: readonly TableConfig[]): Promise<void> {
        for (const table of tables) await this.createTable(table);
    }

    async createTable(table: TableConfig): Promise<void> {
        const { attributes, keySchema } = validate(table);
        const existing = await this.client.send(new DescribeTableCommand({ TableName: table.name })).catch((error: Error) => {
            if (error instanceof ResourceNotFoundException) return undefined;
            throw error;
        });
        if (existing?.Table) {
            const same = JSON.stringify(existing.Table.KeySchema) === JSON.stringify(keySchema);
            if (!same) {
                throw new InvalidTableError(`table ${table.name}: the data directory holds it with keys ${JSON.stringify(existing.Table.KeySchema)}, ` +
                    `but the program declares ${JSON.stringify(keySchema)}; delete the data directory or restore the old keys`);
            }
        } else {
            const projection = (p: { projectionType?: string; nonKeyAttributes?: readonly string[] }) => ({
                ProjectionType: (p.projectionType ?? "ALL") as "ALL",
                ...(p.nonKeyAttributes?.length ? { NonKeyAttributes: [...p.nonKeyAttributes] } : {}),
            });
            await this.client.send(new CreateTableCommand({
                TableName: table.name,
                AttributeDefinitions: attributes,
                KeySchema: keySchema,
                BillingMode: "PAY_PER_REQUEST",
                ...(table.globalSecondaryIndexes?.length ? {
                    GlobalSecondaryIndexes: table.globalSecondaryIndexes.map((g) => ({ IndexName: g.name, KeySchema: keys(g.hashKey, g.rangeKey), Projection: projection(g) })),
                } : {}),
                ...(table.localSecondaryIndexes?.length ? {
                    LocalSecondaryIndexes: table.localSecondaryIndexes.map((l) => ({ IndexName: l.name, KeySchema: keys(table.hashKey, l.rangeKey), Projection: projection(l) })),
                } : {}),
            }));
        }
        await this.untilActive(table.name);
        this.keyNames.set(table.name, keySchema.map((k) => k.AttributeName!));
        if (table.streamEnabled) {
            const arn = table.streamArn ?? `arn:aws:dynamodb:${this.account.region}:${this.account.accountId}:table/${table.name}/stream/${new Date().toISOString().replace(/Z$/, "")}`;
            this.streams.set(table.name, new TableStream(table.name, arn, table.streamViewType as StreamViewType, this.account.region, keySchema.map((k) => k.AttributeName!)));
        }
        if (table.ttl?.enabled && table.ttl.attributeName) {
            this.ttl.set(table.name, { attribute: table.ttl.attributeName, keys: keySchema.map((k) => k.AttributeName!) });
        }
    }

    /** Deletes every item whose TTL has passed (at `now`, epoch ms); returns how many. Overlapping calls share one sweep. */
    sweepExpired(now = Date.now()): Promise<number> {
        this.sweeping ??= this.sweep(Math.floor(now / 1000)).finally(() => {
            this.sweeping = undefined;
        });
        return this.sweeping;
    }

    async stop(): Promise<void> {
        if (this.stopped) return;
        this.stopped = true;
        if (this.timer) clearInterval(this.timer);
        await this.sweeping?.catch(() => undefined);
        this.client.destroy();
        this.sweeper.destroy();
        this.direct.destroy();
        await this.proxy.close();
        this.server.closeAllConnections?.();
        await new Promise<void>((resolve) => this.server.close(() => resolve()));
    }

    /** Like the SDK's table-exists waiter: a table accepts items only once it is ACTIVE. */
    private async untilActive(name: string): Promise<void> {
        for (let attempt = 0; attempt < 100; attempt++) {
            const { Table } = await this.client.send(new DescribeTableCommand({ TableName: name }));
            if (Table?.TableStatus === "ACTIVE") return;
            await new Promise((resolve) => setTimeout(resolve, 20));
        }
        throw new InvalidTableError(`table ${name}: did not become ACTIVE`);
    }

    private async sweep(nowSeconds: number): Promise<number> {
        let deleted = 0;
        for (const [table, { attribute, keys: keyNames }] of this.ttl) {
            const names = { "#ttl": attribute, ...Object.fromEntries(keyNames.map((k, i) => [`#k${i}`, k])) };
            const values = { ":now": { N: String(nowSeconds) }, ":oldest": { N: String(nowSeconds - FIVE_YEARS_SECONDS) } };
            let start: Record<string, never> | undefined;
            do {
                const page = await this.client.send(new ScanCommand({
                    TableName: table,
                    FilterExpression: "#ttl < :now AND #ttl > :oldest",
                    ProjectionExpression: keyNames.map((_, i) => `#k${i}`).join(", "),
                    ExpressionAttributeNames: names,
                    ExpressionAttributeValues: values,
                    ExclusiveStartKey: start,
                }));
                for (const key of page.Items ?? []) {
                    // Conditional, so an item rewritten with a later TTL since the scan is kept.
                    await this.sweeper.send(new DeleteItemCommand({
                        TableName: table,
                        Key: key,
                        ConditionExpression: "#ttl < :now",
                        ExpressionAttributeNames: { "#ttl": attribute },
                        ExpressionAttributeValues: { ":now": values[":now"] },
                    })).then(() => { deleted += 1; }, (error: Error) => {
                        if (error.name !== "ConditionalCheckFailedException") throw error;
                    });
                }
                start = page.LastEvaluatedKey as Record<string, never> | undefined;
            } while (start);
        }
        if (deleted > 0) reporter(this.log, "dynamodb")("storage", `TTL sweep deleted ${deleted} expired item(s)`);
        return deleted;
    }
}

function keys(hash: string, range?: string): KeySchemaElement[] {
    return [{ AttributeName: hash, KeyType: "HASH" }, ...(range ? [{ AttributeName: range, KeyType: "RANGE" as const }] : [])];
}

/** The table's definitions and key schema, or an error naming the table and what is wrong. */
function validate(table: TableConfig): { attributes: AttributeDefinition[]; keySchema: KeySchemaElement[] } {
    const problems: string[] = [];
    if (!/^[A-Za-z0-9_.-]{3,255}$/.test(table.name ?? "")) problems.push(`name must be 3 to 255 of A-Z a-z 0-9 _ - ., but ${JSON.stringify(table.name)} was provided`);
    if (table.streamEnabled && !STREAM_VIEW_TYPES.includes(table.streamViewType as StreamViewType)) {
        problems.push(`streamViewType must be one of ${STREAM_VIEW_TYPES.join(", ")} when streamEnabled is true, but ${JSON.stringify(table.streamViewType)} was provided`);
    }
    const types = new Map((table.attributes ?? []).map((a) => [a.name, a.type]));
    for (const [name, type] of types) if (!["S", "N", "B"].includes(type)) problems.push(`attribute ${name} has type ${type}; key attributes are S, N or B`);
    const used = [table.hashKey, table.rangeKey, ...(table.globalSecondaryIndexes ?? []).flatMap((g) => [g.hashKey, g.rangeKey]), ...(table.localSecondaryIndexes ?? []).map((l) => l.rangeKey)]
        .filter((k): k is string => typeof k === "string");
    for (const key of new Set(used)) if (!types.has(key)) problems.push(`key ${key} is not defined in attributes (${[...types.keys()].join(", ") || "none"})`);
    for (const name of types.keys()) if (!used.includes(name)) problems.push(`attribute ${name} is defined but is no key of the table or an index (DynamoDB refuses that)`);
    if (!table.hashKey) problems.push("hashKey is required");
    if (table.ttl?.enabled && !table.ttl.attributeName) problems.push("ttl.attributeName is required when ttl.enabled is true");
    if (problems.length > 0) throw new InvalidTableError(`table ${table.name}: ${problems.join("; ")}`);
    return {
        attributes: [...types].map(([AttributeName, AttributeType]) => ({ AttributeName, AttributeType: AttributeType as "S" })),
        keySchema: keys(table.hashKey, table.rangeKey),
    };
}
