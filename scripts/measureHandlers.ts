/**
 * Measures every Lambda handler's real bundle and prints what the cost model uses: bytes printed per warm invocation
 * at each log level, AWS calls per invocation, the largest item written, CPU per invocation, and the cold-start init
 * of the bundle with the SDK inside against the SDK left to the runtime.
 *
 *   npm run measure            # print the table
 *   npm run measure -- --write    # and rewrite pricing/measured.ts
 *
 * Only loopback traffic: AWS answers come from a canned server on 127.0.0.1, tokens from a local issuer.
 * Times are printed and recorded, never asserted; the log bytes are re-measured by tests/plan/measured.test.ts.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { HandlerName } from "../functions/handlers";
import { ROOT } from "../tools/mockProgram";
import { LOG_LEVELS, measureHandlers } from "./measure/handlers";
import { measureInit } from "./measure/init";
import { scenarios } from "./measure/scenarios";
import { table } from "./plan/inventory";

const MEASURED_FILE = path.join(ROOT, "pricing", "measured.ts");

async function main(argv: string[]): Promise<number> {
    const unknown = argv.filter((a) => a !== "--write");
    if (unknown.length > 0) {
        process.stderr.write(`unknown argument ${unknown.join(" ")}; usage: scripts/measureHandlers.ts [--write]\n`);
        return 2;
    }
    const measured = await measureHandlers();
    // Init makes no AWS call, and the authorizer's JWKS prefetch gets a refused loopback port and gives up at once.
    const all = await scenarios();
    const envOf = (handler: HandlerName) => all.find((s) => s.handler === handler)?.environment("http://127.0.0.1:1") ?? {};
    const init = measureInit(envOf);
    const names = Object.keys(measured) as HandlerName[];

    const date = new Date().toISOString().slice(0, 10);
    process.stdout.write(`Handler measurements, ${date}, node ${process.version}, ${os.cpus().length} cores (${os.cpus()[0]?.model ?? "unknown CPU"})\n\n`);
    process.stdout.write(table(["handler", ...LOG_LEVELS.map((l) => `log B ${l}`), "AWS calls per invocation", "WRU / RRU", "largest item B", "CPU ms", "init ms bundled / runtime SDK"],
        names.map((n) => {
            const m = measured[n];
            return [n, ...LOG_LEVELS.map((l) => String(Math.round(m.logBytes[l]))), Object.entries(m.calls).map(([c, k]) => `${k} ${c}`).join(", ") || "none",
                `${m.requestUnits.writes} / ${m.requestUnits.reads}`, String(m.largestItemBytes), m.cpuMs.toFixed(1), `${init[n].bundledMs.toFixed(1)} / ${init[n].runtimeMs.toFixed(1)}`];
        })) + "\n");

    if (argv.includes("--write")) {
        const data = Object.fromEntries(names.map((n) => [n, {
            logBytes: Object.fromEntries(LOG_LEVELS.map((l) => [l, Math.round(measured[n].logBytes[l])])),
            calls: measured[n].calls,
            largestItemBytes: measured[n].largestItemBytes,
            requestUnits: measured[n].requestUnits,
            cpuMs: Number(measured[n].cpuMs.toFixed(1)),
            initMs: { bundled: Number(init[n].bundledMs.toFixed(1)), runtime: Number(init[n].runtimeMs.toFixed(1)) },
        }]));
        fs.writeFileSync(MEASURED_FILE, measuredModule(date, `node ${process.version}, ${os.cpus().length} cores`, data));
        process.stdout.write(`\nwrote ${path.relative(ROOT, MEASURED_FILE)}\n`);
    }
    return 0;
}

function measuredModule(date: string, machine: string, data: Record<string, unknown>): string {
    const body = JSON.stringify(data, null, 4).replace(/"([A-Za-z_][A-Za-z0-9_]*)":/g, "$1:");
    return `/**
 * Measured, not assumed: what each handler's real bundle does per warm invocation, answered on loopback
 * (scripts/measure/). Written by \`npm run measure -- --write\`; rerun it after
 * changing a handler's logging, calls or dependencies (tests/plan/measured.test.ts re-measures the log bytes).
 *   logBytes          bytes printed per invocation, by application log level (one JSON line per log call)
 *   calls             AWS calls per invocation, by IAM action
 *   largestItemBytes  largest item written with PutItem, by DynamoDB's item-size rule
 *   requestUnits      DynamoDB write and read request units per invocation
 *   cpuMs             CPU per invocation on the machine below (loopback answers included: an upper bound)
 *   initMs            median cold require of the bundle: SDK inside, and SDK left to the runtime
 */

export interface HandlerMeasurement {
    readonly logBytes: Readonly<Record<"TRACE" | "DEBUG" | "INFO" | "WARN" | "ERROR" | "FATAL", number>>;
    /** AWS calls per invocation, by IAM action. */
    readonly calls: Readonly<Record<string, number>>;
    readonly largestItemBytes: number;
    /** DynamoDB request units per invocation (on-demand). */
    readonly requestUnits: { readonly writes: number; readonly reads: number };
    readonly cpuMs: number;
    readonly initMs: { readonly bundled: number; readonly runtime: number };
}

export const MEASURED_ON = "${date}";
export const MEASURED_WITH = "npm run measure (${machine})";

export const HANDLER_MEASUREMENTS: Readonly<Record<string, HandlerMeasurement>> = ${body};
`;
}

if (require.main === module) {
    main(process.argv.slice(2)).then((code) => process.exit(code), (e: unknown) => {
        process.stderr.write(`measurement failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
        process.exit(2);
    });
}
