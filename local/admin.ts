/**
 * The runtime's own endpoints, on the local origin under /_local/: what the DLQ command (npm run dlq) reads and does.
 * - `GET /_local/dlq`: every dead-letter queue of the program with its messages, each with where it failed and why;
 * - `POST /_local/dlq/<queue name>/redrive`: sends each message back the way it failed.
 */
import * as http from "http";
import type { Mounted } from "./origin";
import type { LocalProgram } from "./program";
import type { Engines } from "./wiring";

export const ADMIN_PREFIX = "/_local/";

/** The queues the program uses as dead-letter queues: rule targets', redrive policies', Lambda destinations' and stream mappings'. */
export function deadLetterQueueArns(program: LocalProgram): string[] {
    const arns = new Set<string>();
    for (const t of program.ofType("aws:cloudwatch/eventTarget:EventTarget")) if (t.inputs.deadLetterConfig?.arn) arns.add(t.inputs.deadLetterConfig.arn);
    for (const q of program.ofType("aws:sqs/queue:Queue")) {
        if (typeof q.inputs.redrivePolicy === "string") arns.add(JSON.parse(q.inputs.redrivePolicy).deadLetterTargetArn);
    }
    for (const m of program.ofType("aws:lambda/eventSourceMapping:EventSourceMapping")) {
        const destination = m.inputs.destinationConfig?.onFailure?.destinationArn;
        if (destination) arns.add(destination);
    }
    for (const c of program.ofType("aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig")) {
        const destination = c.inputs.destinationConfig?.onFailure?.destination;
        if (destination) arns.add(destination);
    }
    for (const s of program.ofType("aws:sns/topicSubscription:TopicSubscription")) {
        if (typeof s.inputs.redrivePolicy === "string") arns.add(JSON.parse(s.inputs.redrivePolicy).deadLetterTargetArn);
    }
    for (const p of program.ofType("aws:pipes/pipe:Pipe")) {
        const dlq = p.inputs.sourceParameters?.dynamodbStreamParameters?.deadLetterConfig?.arn;
        if (dlq) arns.add(dlq);
    }
    return [...arns].sort();
}

export function adminEndpoints(engines: Engines, program: LocalProgram): Mounted {
    const dlqs = () => deadLetterQueueArns(program).map((arn) => engines.sqs.queue(arn));
    const answer = (res: http.ServerResponse, status: number, body: unknown) => {
        res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
        res.end(JSON.stringify(body, null, 2));
    };
    return {
        owns: (req) => (req.url ?? "").startsWith(ADMIN_PREFIX),
        handleRequest(req, res) {
            const path = new URL(req.url ?? "/", "http://localhost").pathname;
            if (req.method === "GET" && path === "/_local/dlq") {
                return answer(res, 200, { queues: dlqs().map((q) => ({ name: q.name, arn: q.arn, messages: engines.deadLetters.list(q.arn) })) });
            }
            const redrive = /^\/_local\/dlq\/([^/]+)\/redrive$/.exec(path);
            if (req.method === "POST" && redrive) {
                const queue = dlqs().find((q) => q.name === decodeURIComponent(redrive[1]));
                if (!queue) return answer(res, 404, { error: "NotFound", message: `no dead-letter queue ${redrive[1]}; the program's are ${dlqs().map((q) => q.name).join(", ")}` });
                engines.deadLetters.redrive(queue.arn).then((result) => answer(res, 200, { queue: queue.name, ...result }),
                    (error: Error) => answer(res, 500, { error: error.name, message: error.message }));
                return;
            }
            answer(res, 404, { error: "NotFound", message: "the runtime answers GET /_local/dlq and POST /_local/dlq/<queue>/redrive" });
        },
    };
}
