import { ChildProcess, spawn } from "child_process";
import * as grpc from "@grpc/grpc-js";
import { AnalyzerInfo } from "@pulumi/pulumi/proto/analyzer_pb";

/**
 * Starts the policy pack as `node <args>` in `cwd` and resolves with the port it prints once it serves the analyzer
 * (rejecting with its stderr if it exits first). The caller kills the child.
 */
export function startPolicyPack(args: string[], cwd: string): { child: ChildProcess; port: Promise<number> } {
    const child = spawn(process.execPath, args, { cwd, stdio: ["ignore", "pipe", "pipe"] });
    const port = new Promise<number>((resolve, reject) => {
        let out = "";
        let err = "";
        child.stdout!.on("data", (d: Buffer) => {
            out += d.toString();
            const match = /^(\d+)\s*$/m.exec(out);
            if (match) resolve(Number(match[1]));
        });
        child.stderr!.on("data", (d: Buffer) => { err += d.toString(); });
        child.on("exit", (code) => reject(new Error(`the pack exited with ${code}: ${err}`)));
    });
    return { child, port };
}

/** What the analyzer a pack serves says of itself: its name and its policies' names and descriptions. */
export interface AnalyzerSummary {
    readonly name: string;
    readonly policies: { readonly name: string; readonly description: string }[];
}

/**
 * Asks the analyzer on `port` for its info, as the engine does before it analyzes anything (GetAnalyzerInfo, whose
 * request is the empty message: zero bytes on the wire).
 */
export function analyzerInfo(port: number): Promise<AnalyzerSummary> {
    const client = new grpc.Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    return new Promise<AnalyzerSummary>((resolve, reject) => {
        client.makeUnaryRequest("/pulumirpc.Analyzer/GetAnalyzerInfo", () => Buffer.alloc(0),
            (bytes: Buffer) => AnalyzerInfo.deserializeBinary(new Uint8Array(bytes)), {}, (err, info) => {
                if (err || !info) return reject(err ?? new Error("GetAnalyzerInfo answered nothing"));
                resolve({ name: info.getName(), policies: info.getPoliciesList().map((p) => ({ name: p.getName(), description: p.getDescription() })) });
            });
    }).finally(() => client.close());
}
