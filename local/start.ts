/**
 * `npm start [-- --port 3000] [--data-dir .local] [--time-scale 1] [--quiet]`: runs the whole architecture on
 * localhost and prints its URL and the demo customers' credentials. Ctrl-C stops everything.
 */
import { printingLog } from "./log";
import { startLocalRuntime } from "./runtime";

const USAGE = "usage: npm start [-- --port <1-65535>] [--data-dir <dir>] [--time-scale <0.001-1>] [--quiet]";

/** The command line, validated: each option named with what it allows. */
export function parseStartArgs(argv: readonly string[]): { port: number; dataDir?: string; timeScale: number; quiet: boolean } {
    const options = { port: 3000, dataDir: undefined as string | undefined, timeScale: 1, quiet: false };
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        const value = () => {
            const v = argv[++i];
            if (v === undefined || v.startsWith("--")) throw new Error(`${arg} needs a value\n${USAGE}`);
            return v;
        };
        if (arg === "--port") {
            const port = Number(value());
            if (!Number.isInteger(port) || port < 1 || port > 65_535) throw new Error(`--port must be an integer from 1 to 65535, but ${argv[i]} was given\n${USAGE}`);
            options.port = port;
        } else if (arg === "--data-dir") options.dataDir = value();
        else if (arg === "--time-scale") {
            const scale = Number(value());
            if (!(scale >= 0.001 && scale <= 1)) throw new Error(`--time-scale must be a number from 0.001 to 1, but ${argv[i]} was given\n${USAGE}`);
            options.timeScale = scale;
        } else if (arg === "--quiet") options.quiet = true;
        else throw new Error(`unknown option ${arg}\n${USAGE}`);
    }
    return options;
}

async function main(): Promise<void> {
    const args = parseStartArgs(process.argv.slice(2));
    const started = Date.now();
    const log = printingLog({ kinds: args.quiet ? ["dlq", "error"] : undefined });
    const runtime = await startLocalRuntime({ port: args.port, dataDir: args.dataDir, timeScale: args.timeScale, log });
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    process.stdout.write([
        "",
        `Order Platform is running locally at ${runtime.url} (started in ${seconds} s)`,
        ...runtime.demoCustomers.map((c) => `demo customer: ${c.email} ${c.password}`),
        `dead-letter queues: npm run dlq (list), npm run dlq -- redrive <queue>`,
        "Ctrl-C stops everything.",
        "",
    ].join("\n") + "\n");
    let stopping = false;
    const stop = (signal: string) => {
        if (stopping) return;
        stopping = true;
        process.stdout.write(`\n${signal}: stopping the local runtime ...\n`);
        runtime.stop().then(() => process.exit(0), (error: Error) => {
            process.stderr.write(`could not stop cleanly: ${error.message}\n`);
            process.exit(1);
        });
    };
    process.on("SIGINT", () => stop("SIGINT"));
    process.on("SIGTERM", () => stop("SIGTERM"));
}

if (require.main === module) {
    main().catch((error: Error) => {
        process.stderr.write(`npm start failed: ${error.message}\n`);
        process.exit(1);
    });
}
