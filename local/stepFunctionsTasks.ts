/**
 * The Task integrations a local state machine can call, each served by a local engine, with results and
 * errors shaped as Step Functions shapes them:
 *
 * - `lambda:invoke`: `{ ExecutedVersion, Payload, SdkHttpMetadata, SdkResponseMetadata, StatusCode }`; a function
 *   error is named by its errorType (`Lambda.Unknown` without one) with the error payload as Cause; an invoke that
 *   fails is `Lambda.<exception>` (e.g. `Lambda.TooManyRequestsException`, `Lambda.ServiceException`);
 * - `dynamodb:getItem|putItem|updateItem|deleteItem`: the API's response; errors `DynamoDB.<exception>`;
 * - `events:putEvents`: the execution and state machine ARNs appended to each entry's Resources; a failed entry
 *   fails the task with `EventBridge.FailedEntry`;
 * - `sqs:sendMessage`: `{ MessageId, MD5OfMessageBody }` (a JSON MessageBody is sent as its text); errors `SQS.<exception>`;
 * - `states:startExecution` (request-response): `{ ExecutionArn, StartDate }`; errors `StepFunctions.<exception>`.
 */
import { DeleteItemCommand, GetItemCommand, PutItemCommand, UpdateItemCommand } from "@aws-sdk/client-dynamodb";
import { randomUUID } from "crypto";

export interface StepFunctionsServices {
    readonly lambda?: {
        invoke(functionName: string, payload: unknown, options?: { invocationType?: "RequestResponse" | "Event" | "DryRun" }): Promise<{
            readonly statusCode: number; readonly requestId: string; readonly executedVersion?: string; readonly functionError?: string; readonly payload?: unknown;
        }>;
    };
    /** A DynamoDBClient for the local DynamoDB. */
    readonly dynamodb?: { send(command: GetItemCommand | PutItemCommand | UpdateItemCommand | DeleteItemCommand): Promise<unknown> };
    readonly events?: { putEvents(entries: Record<string, unknown>[]): Promise<{ FailedEntryCount: number; Entries: unknown[] }> };
    /** The local SQS engine (queues by URL or ARN). */
    readonly sqs?: { sendMessage(queue: string, body: string, options?: { delaySeconds?: number }): { messageId: string; md5OfBody: string } };
}

/** An error as a Task reports it: `name` is the Error a Retry or Catch matches, `message` the Cause. */
export class TaskError extends Error {
    constructor(name: string, cause: string) {
        super(cause);
        this.name = name;
    }
}

type Service = "lambda" | "dynamodb" | "events" | "sqs" | "states";

export const SUPPORTED_RESOURCES: Record<string, Service> = {
    "arn:aws:states:::lambda:invoke": "lambda",
    "arn:aws:states:::dynamodb:getItem": "dynamodb",
    "arn:aws:states:::dynamodb:putItem": "dynamodb",
    "arn:aws:states:::dynamodb:updateItem": "dynamodb",
    "arn:aws:states:::dynamodb:deleteItem": "dynamodb",
    "arn:aws:states:::events:putEvents": "events",
    "arn:aws:states:::sqs:sendMessage": "sqs",
    "arn:aws:states:::states:startExecution": "states",
};

export type StartChild = (stateMachineArn: string, input: string, name: string | undefined) => Promise<{ executionArn: string; startDate: Date }>;

interface TaskContext {
    readonly executionArn: string;
    readonly stateMachineArn: string;
}

const DYNAMO_COMMANDS = {
    getItem: (input: unknown) => new GetItemCommand(input as never),
    putItem: (input: unknown) => new PutItemCommand(input as never),
    updateItem: (input: unknown) => new UpdateItemCommand(input as never),
    deleteItem: (input: unknown) => new DeleteItemCommand(input as never),
} as const;

function dynamoCommand(operation: keyof typeof DYNAMO_COMMANDS, input: unknown) {
    return DYNAMO_COMMANDS[operation](input);
}

/** The local implementation of a supported Resource. */
export function taskHandler(resource: string, services: StepFunctionsServices, startChild: StartChild, context: TaskContext): (input: unknown) => Promise<unknown> {
    const service = SUPPORTED_RESOURCES[resource];
    switch (service) {
        case "lambda":
            return (input) => invokeLambda(services.lambda!, input as Record<string, unknown>);
        case "dynamodb": {
            const operation = resource.slice(resource.lastIndexOf(":") + 1) as keyof typeof DYNAMO_COMMANDS;
            return async (input) => {
                try {
                    const { $metadata: _metadata, ...result } = await services.dynamodb!.send(dynamoCommand(operation, input)) as Record<string, unknown>;
                    return jsonSafe(result);
                } catch (error) {
                    const e = error as Error & { $metadata?: { httpStatusCode?: number; requestId?: string } };
                    throw new TaskError(`DynamoDB.${e.name}`, `${e.message} (Service: AmazonDynamoDBv2; Status Code: ${e.$metadata?.httpStatusCode ?? 400}; ` +
                        `Error Code: ${e.name}; Request ID: ${e.$metadata?.requestId ?? "local"})`);
                }
            };
        }
        case "events":
            return async (input) => {
                const entries = ((input as { Entries?: Record<string, unknown>[] }).Entries ?? []).map((entry) => ({
                    ...entry,
                    Detail: typeof entry.Detail === "string" ? entry.Detail : JSON.stringify(entry.Detail),
                    Resources: [...((entry.Resources as string[] | undefined) ?? []), context.executionArn, context.stateMachineArn],
                }));
                let result: { FailedEntryCount: number; Entries: unknown[] };
                try {
                    result = await services.events!.putEvents(entries);
                } catch (error) {
                    throw new TaskError(`EventBridge.${(error as Error).name}`, (error as Error).message);
                }
                if (result.FailedEntryCount > 0) throw new TaskError("EventBridge.FailedEntry", JSON.stringify(result));
                return result;
            };
        case "sqs":
            return async (input) => {
                const { QueueUrl, MessageBody, DelaySeconds } = input as { QueueUrl?: string; MessageBody?: unknown; DelaySeconds?: number };
                try {
                    const sent = services.sqs!.sendMessage(String(QueueUrl), typeof MessageBody === "string" ? MessageBody : JSON.stringify(MessageBody), { delaySeconds: DelaySeconds });
                    return { MessageId: sent.messageId, MD5OfMessageBody: sent.md5OfBody };
                } catch (error) {
                    throw new TaskError(exceptionName("SQS", error as Error), (error as Error).message);
                }
            };
        case "states":
            return async (input) => {
                const { StateMachineArn, Name, Input } = input as { StateMachineArn?: string; Name?: string; Input?: unknown };
                const text = Input === undefined ? "{}" : typeof Input === "string" ? Input : JSON.stringify(Input);
                try {
                    const started = await startChild(String(StateMachineArn), text, Name);
                    return { ExecutionArn: started.executionArn, StartDate: started.startDate.toISOString() };
                } catch (error) {
                    throw new TaskError(exceptionName("StepFunctions", error as Error), (error as Error).message);
                }
            };
        default:
            throw new Error(`no local integration for ${resource}`);
    }
}

async function invokeLambda(lambda: NonNullable<StepFunctionsServices["lambda"]>, input: Record<string, unknown>): Promise<unknown> {
    const type = (input.InvocationType as "RequestResponse" | "Event" | "DryRun" | undefined) ?? "RequestResponse";
    let result: Awaited<ReturnType<typeof lambda.invoke>>;
    try {
        result = await lambda.invoke(String(input.FunctionName), input.Payload ?? {}, { invocationType: type });
    } catch (error) {
        const name = (error as Error).name;
        throw new TaskError(name === "Error" || !name ? "Lambda.ServiceException" : `Lambda.${name}`, (error as Error).message);
    }
    if (result.functionError) {
        const payload = result.payload as { errorType?: string } | undefined;
        throw new TaskError(payload?.errorType ?? "Lambda.Unknown", JSON.stringify(payload));
    }
    const headers = { "Content-Type": "application/json", "X-Amz-Executed-Version": "$LATEST", "x-amzn-RequestId": result.requestId };
    return {
        ExecutedVersion: result.executedVersion ?? "$LATEST",
        Payload: type === "RequestResponse" ? (result.payload ?? null) : "",
        SdkHttpMetadata: { AllHttpHeaders: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])), HttpHeaders: headers, HttpStatusCode: result.statusCode },
        SdkResponseMetadata: { RequestId: result.requestId || randomUUID() },
        StatusCode: result.statusCode,
    };
}

/** An API's error code as a Task sees it: ExecutionAlreadyExists becomes StepFunctions.ExecutionAlreadyExistsException. */
function exceptionName(service: string, error: Error): string {
    return `${service}.${error.name.endsWith("Exception") ? error.name : `${error.name}Exception`}`;
}

/** SDK outputs hold Uint8Array for binary attributes; Step Functions gives them base64-encoded. */
function jsonSafe(value: unknown): unknown {
    if (value instanceof Uint8Array) return Buffer.from(value).toString("base64");
    if (Array.isArray(value)) return value.map(jsonSafe);
    if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => [k, jsonSafe(v)]));
    return value;
}
