/**
 * How long `npm start` takes to serve its first order (SPEC 7 budget: within 20 s of the command), measured from
 * outside as a newcomer sees it: a fresh `npm start` process on a free port, then a demo customer signs in with the
 * code flow, places an order, and polls it until it is PROCESSED. Prints each run and the median; asserts nothing.
 * Run: `npm run bench:start` (BENCH_RUNS=N, default 3).
 */
import { ChildProcess, spawn } from "child_process";
import * as net from "net";
import * as path from "path";
import { signIn } from "../tools/oidcSignIn";

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const ROOT = path.resolve(__dirname, "..");

const freePort = () => new Promise<number>((resolve) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
        const { port } = server.address() as net.AddressInfo;
        server.close(() => resolve(port));
    });
});

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, ms = 60_000): Promise<T> {
    const deadline = Date.now() + ms;
    for (;;) {
        const value = await probe().catch(() => undefined);
        if (value !== undefined) return value;
        if (Date.now() > deadline) throw new Error(`${what} did not happen within ${ms / 1000} s`);
        await new Promise((resolve) => setTimeout(resolve, 100));
    }
}

async function run(): Promise<{ listening: number; placed: number; processed: number }> {
    const port = await freePort();
    const url = `http://localhost:${port}`;
    const started = Date.now();
    const child: ChildProcess = spawn("npm", ["start", "--", "--port", String(port), "--quiet"], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"], detached: true });
    let output = "";
    child.stdout!.on("data", (chunk: Buffer) => { output += chunk.toString(); });
    child.stderr!.on("data", (chunk: Buffer) => { output += chunk.toString(); });
    try {
        const credentials = await waitFor("the demo credentials line", async () => {
            const match = /demo customer: (\S+) (\S+)/.exec(output);
            return match ? { email: match[1], password: match[2] } : undefined;
        });
        const listening = Date.now() - started;
        const config = await (await fetch(`${url}/config.json`)).json() as { auth: { issuer: string; clientId: string } };
        const tokens = await signIn(config.auth.issuer, { clientId: config.auth.clientId, redirectUri: `${url}/` }, credentials);
        const response = await fetch(`${url}/orders`, {
            method: "POST",
            headers: { authorization: `Bearer ${tokens.id_token}`, "content-type": "application/json", "idempotency-key": `bench-${started}` },
            body: JSON.stringify({ currency: "EUR", items: [{ sku: "BOOK-001", quantity: 1 }] }),
        });
        if (response.status !== 202) throw new Error(`POST /orders answered ${response.status}: ${await response.text()}`);
        const placed = Date.now() - started;
        const { orderId } = await response.json() as { orderId: string };
        await waitFor("the order reaching PROCESSED", async () => {
            const order = await (await fetch(`${url}/orders/${orderId}`, { headers: { authorization: `Bearer ${tokens.id_token}` } })).json() as { status?: string };
            return order.status === "PROCESSED" ? true : undefined;
        });
        return { listening, placed, processed: Date.now() - started };
    } catch (error) {
        throw new Error(`${(error as Error).message}\n--- npm start printed ---\n${output}`, { cause: error });
    } finally {
        // npm starts node as its child: the whole process group is stopped, as Ctrl-C would.
        process.kill(-child.pid!, "SIGINT");
        await new Promise((resolve) => child.once("exit", resolve));
    }
}

async function main(): Promise<void> {
    const rows: { listening: number; placed: number; processed: number }[] = [];
    for (let i = 0; i < RUNS; i++) {
        const r = await run();
        rows.push(r);
        process.stdout.write(`run ${i + 1}: ready ${(r.listening / 1000).toFixed(1)} s, first order accepted ${(r.placed / 1000).toFixed(1)} s, processed ${(r.processed / 1000).toFixed(1)} s\n`);
    }
    const median = (key: keyof typeof rows[0]) => rows.map((r) => r[key]).sort((a, b) => a - b)[Math.floor(rows.length / 2)] / 1000;
    process.stdout.write(`median of ${RUNS}: ready ${median("listening").toFixed(1)} s, first order accepted ${median("placed").toFixed(1)} s, processed ${median("processed").toFixed(1)} s (budget: 20 s)\n`);
}

main().catch((error: Error) => {
    process.stderr.write(`bench:start failed: ${error.message}\n`);
    process.exit(1);
});
