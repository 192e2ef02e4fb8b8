/**
 * `npm run dlq [-- --port 3000]`: lists every dead-letter queue of the running local runtime with its messages
 * (where each failed and why); `npm run dlq -- redrive <queue> [--port 3000]` sends that queue's messages back the
 * way they failed. It talks to the runtime over its loopback origin (`/_local/dlq`).
 */

interface DeadLetterView {
    readonly messageId: string;
    readonly kind: string;
    readonly origin: string;
    readonly error?: string;
    readonly correlationId?: string;
}

const USAGE = "usage: npm run dlq [-- --port <n>]   |   npm run dlq -- redrive <queue> [--port <n>]";

/** The command line, validated. */
export function parseDlqArgs(argv: readonly string[]): { command: "list" | "redrive"; queue?: string; port: number } {
    const rest = [...argv];
    let port = 3000;
    const at = rest.indexOf("--port");
    if (at !== -1) {
        port = Number(rest[at + 1]);
        if (!Number.isInteger(port) || port < 1 || port > 65_535) throw new Error(`--port must be an integer from 1 to 65535, but ${rest[at + 1]} was given\n${USAGE}`);
        rest.splice(at, 2);
    }
    if (rest.length === 0) return { command: "list", port };
    if (rest[0] === "redrive" && rest.length === 2) return { command: "redrive", queue: rest[1], port };
    throw new Error(`unknown arguments ${rest.join(" ")}\n${USAGE}`);
}

async function main(): Promise<void> {
    const args = parseDlqArgs(process.argv.slice(2));
    const origin = `http://localhost:${args.port}`;
    const call = async (path: string, method = "GET") => {
        const response = await fetch(`${origin}${path}`, { method }).catch((error: Error) => {
            throw new Error(`no local runtime answers at ${origin} (${error.message}); start it with npm start`);
        });
        const body = await response.json() as Record<string, unknown>;
        if (!response.ok) throw new Error(String(body.message ?? response.statusText));
        return body;
    };
    if (args.command === "redrive") {
        const result = await call(`/_local/dlq/${encodeURIComponent(args.queue!)}/redrive`, "POST");
        process.stdout.write(`${result.queue}: ${result.redriven} message(s) redriven, ${result.left} left\n`);
        return;
    }
    const { queues } = await call("/_local/dlq") as { queues: { name: string; messages: DeadLetterView[] }[] };
    for (const queue of queues) {
        process.stdout.write(`${queue.name}: ${queue.messages.length} message(s)\n`);
        for (const m of queue.messages) {
            process.stdout.write(`  ${m.messageId} ${m.kind} from ${m.origin}${m.correlationId ? ` [${m.correlationId}]` : ""}${m.error ? `: ${m.error}` : ""}\n`);
        }
    }
}

if (require.main === module) {
    main().catch((error: Error) => {
        process.stderr.write(`npm run dlq failed: ${error.message}\n`);
        process.exit(1);
    });
}
