/**
 * How a rule delivers to each kind of target, chosen by the service of the target's ARN: Lambda (an asynchronous
 * invoke), Step Functions (StartExecution, named by a fresh UUID as EventBridge does), SQS (SendMessage, the
 * body being the event or the transformed input), SNS (Publish) and another event bus (the event is put there).
 * Each kind needs its local service; a target whose kind is not served is refused when it is added.
 */
import { randomUUID } from "crypto";
import { Arn, parseArn, resourceName } from "./arn";
import type { MessageAttributeValue } from "./sqs";

/** The local services targets are delivered to (each engine satisfies its part). */
export interface EventTargetServices {
    readonly lambda?: { invokeAsync(functionArn: string, payload: unknown): Promise<unknown> };
    readonly stepFunctions?: { startExecution(stateMachineArn: string, options: { input: string; name?: string }): Promise<unknown> };
    readonly sqs?: { sendMessage(queueArn: string, body: string, options?: { messageAttributes?: Record<string, MessageAttributeValue> }): unknown };
    readonly sns?: { publish(topicArn: string, message: string): Promise<unknown> };
}

export type TargetKind = "lambda" | "states" | "sqs" | "sns" | "events";

export const SUPPORTED_TARGETS: Record<TargetKind, string> = {
    lambda: "a Lambda function (arn:aws:lambda:…:function:<name>)",
    states: "a Step Functions state machine (arn:aws:states:…:stateMachine:<name>)",
    sqs: "an SQS queue (arn:aws:sqs:…:<name>)",
    sns: "an SNS topic (arn:aws:sns:…:<name>)",
    events: "an event bus (arn:aws:events:…:event-bus/<name>)",
};

export class UnsupportedTargetError extends Error {
    constructor(where: string, arn: string, reason: string) {
        super(`${where}: target ${arn} ${reason}; the local runtime delivers to ${Object.values(SUPPORTED_TARGETS).join(", ")}`);
        this.name = "UnsupportedTargetError";
    }
}

/** A delivery failure that retrying cannot fix (EventBridge sends it to the DLQ at once). */
export class PermanentDeliveryError extends Error {
    constructor(readonly code: string, message: string) {
        super(message);
        this.name = "PermanentDeliveryError";
    }
}

/** Sends one input to one target; `input` is the text EventBridge would send, `event` the matched event. */
export type Deliver = (input: string, event: Record<string, unknown>) => Promise<void>;

/** The delivery function of a target ARN, or an UnsupportedTargetError naming it. */
export function targetDelivery(where: string, arn: string, services: EventTargetServices, putOnBus: (busName: string, event: Record<string, unknown>) => Promise<void>): { kind: TargetKind; label: string; deliver: Deliver } {
    const parsed = parseArn(arn);
    if (!parsed) throw new UnsupportedTargetError(where, arn, "is not an ARN");
    const kind = parsed.service as TargetKind;
    if (!(kind in SUPPORTED_TARGETS)) throw new UnsupportedTargetError(where, arn, `is of service "${parsed.service}", which is not served`);
    if (kind === "lambda" && !parsed.resource.startsWith("function:")) throw new UnsupportedTargetError(where, arn, "is not a function ARN");
    if (kind === "states" && !parsed.resource.startsWith("stateMachine:")) throw new UnsupportedTargetError(where, arn, "is not a state machine ARN");
    if (kind === "events" && !parsed.resource.startsWith("event-bus/")) throw new UnsupportedTargetError(where, arn, "is not an event bus ARN");
    const service = kind === "states" ? services.stepFunctions : kind === "events" ? true : services[kind];
    if (!service) throw new UnsupportedTargetError(where, arn, `needs the local ${kind} engine, which was not given to the event bus`);
    const label = `${kind}:${resourceName(parsed)}`;
    return { kind, label, deliver: deliveryFor(kind, arn, parsed, services, putOnBus) };
}

function deliveryFor(kind: TargetKind, arn: string, parsed: Arn, services: EventTargetServices,
    putOnBus: (busName: string, event: Record<string, unknown>) => Promise<void>): Deliver {
    switch (kind) {
        case "lambda":
            return async (input) => {
                await services.lambda!.invokeAsync(arn, jsonInput(input, arn));
            };
        case "states":
            return async (input) => {
                jsonInput(input, arn);
                await services.stepFunctions!.startExecution(arn, { input, name: randomUUID() });
            };
        case "sqs":
            return async (input) => {
                await services.sqs!.sendMessage(arn, input);
            };
        case "sns":
            return async (input) => {
                await services.sns!.publish(arn, input);
            };
        case "events":
            // The event itself crosses to the other bus; a transformed input cannot (EventBridge refuses one there).
            return (_input, event) => putOnBus(resourceName(parsed), event);
    }
}

/** Lambda and Step Functions take JSON only. */
function jsonInput(input: string, arn: string): unknown {
    try {
        return JSON.parse(input);
    } catch {
        throw new PermanentDeliveryError("INVALID_JSON", `the input for ${arn} is not JSON: ${input.slice(0, 200)}`);
    }
}

/** EventBridge does not document its backoff; this one starts at 1 s and doubles up to 60 s, with jitter. */
export function backoffSeconds(retry: number): number {
    const ceiling = Math.min(60, 2 ** (retry - 1));
    return ceiling / 2 + Math.random() * (ceiling / 2);
}

const NOT_FOUND = /NotFound|DoesNotExist|NonExistent/;

/** The ERROR_CODE EventBridge would report for a failed delivery, and whether retrying can help. */
export function classifyFailure(error: Error): { code: string; message: string; permanent: boolean } {
    if (error instanceof PermanentDeliveryError) return { code: error.code, message: error.message, permanent: true };
    if (NOT_FOUND.test(error.name)) return { code: "NO_RESOURCE", message: error.message, permanent: true };
    if (/Throttl|TooManyRequests/.test(error.name)) return { code: "THROTTLING", message: error.message, permanent: false };
    return { code: "SDK_CLIENT_ERROR", message: `${error.name}: ${error.message}`, permanent: false };
}
