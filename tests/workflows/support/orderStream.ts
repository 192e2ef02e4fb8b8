/**
 * The orders table's stream, for dynalite (which has none): every write to the orders table goes through here,
 * under one lock, and a write that changed the item leaves a stream record with its old and new images, as
 * DynamoDB Streams does with the NEW_AND_OLD_IMAGES view (a write that changes nothing leaves none). Both the
 * workflows' Tasks (low-level commands) and placeOrder (document-client commands) write through it.
 */
import { isDeepStrictEqual } from "util";
import { DeleteItemCommand, GetItemCommand, PutItemCommand, UpdateItemCommand } from "@aws-sdk/client-dynamodb";
import type { StreamImage, StreamRecord } from "../../../contracts/outbox";
import { ORDERS_KEY } from "../../../contracts/records";
import type { LocalDynamo } from "../../support/localDynamo";

type Json = any;

const WRITES = new Set(["PutItemCommand", "UpdateItemCommand", "DeleteItemCommand", "PutCommand", "UpdateCommand", "DeleteCommand"]);

export class OrderStream {
    readonly records: StreamRecord[] = [];
    private lock: Promise<unknown> = Promise.resolve();
    private sequence = 0;

    constructor(private readonly dynamo: LocalDynamo, readonly streamArn = `arn:aws:dynamodb:us-east-1:123456789012:table/${dynamo.tables.orders}/stream/2026-11-26T00:00:00.000`) {}

    /** A document client stand-in (placeOrder's `db`) whose writes to the orders table are streamed. */
    get doc(): { send(command: Json): Promise<Json> } {
        return { send: (command) => this.send(command, (c) => this.dynamo.doc.send(c)) };
    }

    /** A low-level client stand-in (the workflows' DynamoDB Tasks) whose writes to the orders table are streamed. */
    get client(): { send(command: Json): Promise<Json> } {
        return { send: (command) => this.send(command, (c) => this.dynamo.client.send(c)) };
    }

    /** The records after `index` (for a test that looks at what one step changed). */
    since(index: number): StreamRecord[] {
        return this.records.slice(index);
    }

    private send(command: Json, run: (command: Json) => Promise<Json>): Promise<Json> {
        const name: string = command.constructor.name;
        if (!WRITES.has(name) || command.input.TableName !== this.dynamo.tables.orders) return run(command);
        const work = this.lock.then(() => this.streamed(command, run));
        this.lock = work.catch(() => undefined);
        return work;
    }

    private async streamed(command: Json, run: (command: Json) => Promise<Json>): Promise<Json> {
        const orderId = this.orderIdOf(command);
        const before = await this.image(orderId);
        const result = await run(command);
        const after = await this.image(orderId);
        if (!isDeepStrictEqual(before, after)) {
            this.sequence += 1;
            this.records.push({
                eventID: `evt-${this.sequence}`,
                eventName: before === undefined ? "INSERT" : after === undefined ? "REMOVE" : "MODIFY",
                eventSource: "aws:dynamodb",
                eventSourceARN: this.streamArn,
                awsRegion: "us-east-1",
                dynamodb: {
                    Keys: { [ORDERS_KEY]: { S: orderId } },
                    ...(after ? { NewImage: after } : {}),
                    ...(before ? { OldImage: before } : {}),
                    SequenceNumber: String(this.sequence).padStart(21, "0"),
                    StreamViewType: "NEW_AND_OLD_IMAGES",
                    ApproximateCreationDateTime: Math.floor(Date.now() / 1000),
                },
            });
        }
        return result;
    }

    private orderIdOf(command: Json): string {
        const key = command.input.Item ?? command.input.Key;
        const value = key[ORDERS_KEY];
        const id = typeof value === "string" ? value : value?.S;
        if (typeof id !== "string") throw new Error(`a write to the orders table without an ${ORDERS_KEY}: ${JSON.stringify(command.input)}`);
        return id;
    }

    private async image(orderId: string): Promise<StreamImage | undefined> {
        const { Item } = await this.dynamo.client.send(new GetItemCommand({ TableName: this.dynamo.tables.orders, Key: { [ORDERS_KEY]: { S: orderId } }, ConsistentRead: true }));
        return Item as StreamImage | undefined;
    }
}

/** Commands the workflows' DynamoDB Tasks send, built from a Task's parameters. */
export const TASK_COMMANDS = {
    getItem: (input: Json) => new GetItemCommand(input),
    putItem: (input: Json) => new PutItemCommand(input),
    updateItem: (input: Json) => new UpdateItemCommand(input),
    deleteItem: (input: Json) => new DeleteItemCommand(input),
};
