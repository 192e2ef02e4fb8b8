import { expect } from "chai";
import { DynamoDBClient, GetItemCommand } from "@aws-sdk/client-dynamodb";
import { EventBridgeClient, PutEventsCommand } from "@aws-sdk/client-eventbridge";
import { IoTDataPlaneClient, PublishCommand } from "@aws-sdk/client-iot-data-plane";
import { GetObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { boundedClientConfig, CALL_LIMITS, CallLimits, createClient } from "../../functions/awsClients";
import { HungServer, startHungServer } from "../support/awsLoopback";

const FAST: CallLimits = { connectionTimeoutMs: 200, requestTimeoutMs: 300, maxAttempts: 2 };
const LOCAL = { region: "us-east-1", credentials: { accessKeyId: "local", secretAccessKey: "local" } };

describe("AWS SDK clients of the functions", () => {
    let hung: HungServer;
    before(async () => { hung = await startHungServer(); });
    after(async () => { await hung.stop(); });

    it("THEN the deployed limits give up on one call (every attempt, plus backoff) well inside the functions' 10 s timeout", () => {
        const worstCaseMs = CALL_LIMITS.maxAttempts * CALL_LIMITS.requestTimeoutMs + 100 * CALL_LIMITS.maxAttempts;
        expect(worstCaseMs).to.be.at.most(10_000 / 3);
        expect(CALL_LIMITS.connectionTimeoutMs).to.be.below(CALL_LIMITS.requestTimeoutMs);
        expect(boundedClientConfig()).to.deep.equal({
            requestHandler: { connectionTimeout: CALL_LIMITS.connectionTimeoutMs, requestTimeout: CALL_LIMITS.requestTimeoutMs, throwOnRequestTimeout: true },
            maxAttempts: CALL_LIMITS.maxAttempts,
        });
    });

    const clients = [
        { service: "DynamoDB", call: (endpoint: string) => createClient(DynamoDBClient, { ...LOCAL, endpoint, limits: FAST }).send(new GetItemCommand({ TableName: "t", Key: { id: { S: "x" } } })) },
        { service: "EventBridge", call: (endpoint: string) => createClient(EventBridgeClient, { ...LOCAL, endpoint, limits: FAST }).send(new PutEventsCommand({ Entries: [{ Source: "s", DetailType: "d", Detail: "{}" }] })) },
        { service: "S3", call: (endpoint: string) => createClient(S3Client, { ...LOCAL, endpoint, forcePathStyle: true, limits: FAST }).send(new GetObjectCommand({ Bucket: "b", Key: "k" })) },
        { service: "IoT data", call: (endpoint: string) => createClient(IoTDataPlaneClient, { ...LOCAL, endpoint, limits: FAST }).send(new PublishCommand({ topic: "t", qos: 1 })) },
    ];
    for (const { service, call } of clients) {
        it(`GIVEN a ${service} endpoint that accepts and never answers WHEN a call is made THEN it fails with a timeout after exactly maxAttempts attempts`, async () => {
            const before = hung.connections();
            let caught: unknown;
            try { await call(hung.endpoint); } catch (error) { caught = error; }
            expect(caught).to.be.instanceOf(Error);
            expect((caught as Error).name).to.equal("TimeoutError");
            expect(hung.connections() - before).to.equal(FAST.maxAttempts);
        });
    }

    it("GIVEN each client class without options WHEN its client is created THEN it carries the deployed retry budget", async () => {
        for (const client of [createClient(DynamoDBClient, LOCAL), createClient(EventBridgeClient, LOCAL), createClient(S3Client, LOCAL), createClient(IoTDataPlaneClient, { ...LOCAL, endpoint: "https://iot.example" })]) {
            expect(await client.config.maxAttempts()).to.equal(CALL_LIMITS.maxAttempts);
            client.destroy();
        }
    });
});
