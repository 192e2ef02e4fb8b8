/**
 * A bundle run as Lambda runs it: loaded in a fresh node process with exactly the environment given (nothing is
 * inherited but PATH), invoked once, against a DynamoDB endpoint on loopback that answers every call with `{}`.
 */
import { spawn } from "child_process";
import * as path from "path";
import { FakeAws, startFakeAws } from "../support/awsLoopback";

const ORDER_ID = "ord_0123456789abcdef0123456789abcdef";
const CUSTOMER = "4b1f5c2e-8d3a-4f6b-9e7c-2a5d8f1b3c6e";
/** getOrder's request for one of the customer's orders; with `{}` from GetItem the answer is 404. */
export const GET_ORDER_EVENT = {
    version: "2.0", routeKey: "GET /orders/{orderId}", rawPath: `/orders/${ORDER_ID}`, rawQueryString: "", headers: {},
    pathParameters: { orderId: ORDER_ID }, isBase64Encoded: false,
    requestContext: { requestId: "r1", http: { method: "GET", path: `/orders/${ORDER_ID}` }, authorizer: { jwt: { claims: { sub: CUSTOMER }, scopes: null } } },
};

/** Loads the bundle, makes one invocation and reports on fd 3 its answer and Node's modules by then (the function logs to stdout and stderr). */
const INVOKE_ONCE = `
    Promise.resolve(require(process.argv[1]).handler(JSON.parse(process.argv[2]))).then((answer) => {
        require("fs").writeSync(3, JSON.stringify({ answer, modules: process.moduleLoadList }));
        process.exit(0);
    });`;

export interface Invocation {
    readonly answer: { statusCode: number };
    /** What the function wrote to stdout and stderr. */
    readonly log: string;
    /** Node's own modules loaded by the end of the invocation (`process.moduleLoadList`). */
    readonly modules: string[];
}

export function invokeOnce(file: string, event: unknown, env: Record<string, string>): Promise<Invocation> {
    return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, ["-e", INVOKE_ONCE, file, JSON.stringify(event)], {
            cwd: path.dirname(file), env: { PATH: process.env.PATH ?? "", ...env }, stdio: ["ignore", "pipe", "pipe", "pipe"],
        });
        const report: Buffer[] = [];
        const log: Buffer[] = [];
        child.stdio[3]!.on("data", (chunk: Buffer) => report.push(chunk));
        child.stdout!.on("data", (chunk: Buffer) => log.push(chunk));
        child.stderr!.on("data", (chunk: Buffer) => log.push(chunk));
        child.on("error", reject);
        child.on("close", (code) => {
            const text = Buffer.concat(log).toString("utf8");
            try {
                resolve({ ...JSON.parse(Buffer.concat(report).toString("utf8")) as Omit<Invocation, "log">, log: text });
            } catch {
                reject(new Error(`the bundle exited with ${code} and no report: ${text}`));
            }
        });
    });
}

/** A DynamoDB endpoint on a free loopback port (the project's recording server) that answers every call with `{}`. */
export function startLoopbackDynamoDB(): Promise<FakeAws> {
    return startFakeAws(() => ({ headers: { "content-type": "application/x-amz-json-1.0" }, body: "{}" }));
}
