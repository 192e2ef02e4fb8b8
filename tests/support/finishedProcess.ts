import { spawn, SpawnOptions } from "child_process";

/** How a child process ended: its exit code and everything it printed. */
export interface FinishedProcess {
    readonly code: number | null;
    readonly stdout: string;
    readonly stderr: string;
}

/** Runs `command` to its end and resolves with its exit code and output, whatever the code (a test asserts it). */
export function finishedProcess(command: string, args: string[], options: SpawnOptions): Promise<FinishedProcess> {
    return new Promise((resolve, reject) => {
        const child = spawn(command, args, { ...options, stdio: ["ignore", "pipe", "pipe"] });
        let stdout = "";
        let stderr = "";
        child.stdout!.on("data", (d: Buffer) => { stdout += d.toString(); });
        child.stderr!.on("data", (d: Buffer) => { stderr += d.toString(); });
        child.on("error", reject);
        child.on("close", (code) => resolve({ code, stdout, stderr }));
    });
}
