import { ChildProcess, spawn } from "child_process";

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
