import { execFileSync, spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";

/** The storefront workspace and its build output. */
export const WEB_ROOT = path.resolve(__dirname, "..", "web");
export const STOREFRONT_DIST = path.join(WEB_ROOT, "dist");

/** The newest modification time of anything the build reads (the catalogue lives in functions/ and is shared). */
function newestSource(): number {
    const inputs = ["src", "public", "index.html", "vite.config.ts", "package.json", path.join("..", "functions", "catalog.ts")]
        .map((p) => path.join(WEB_ROOT, p)).filter((p) => fs.existsSync(p));
    const walk = (p: string): number => (fs.statSync(p).isDirectory()
        ? Math.max(0, ...fs.readdirSync(p).map((name) => walk(path.join(p, name))))
        : fs.statSync(p).mtimeMs);
    return Math.max(...inputs.map(walk));
}

/** Whether web/dist is missing or older than the storefront's sources. */
export function storefrontStale(): boolean {
    const index = path.join(STOREFRONT_DIST, "index.html");
    return !fs.existsSync(index) || fs.statSync(index).mtimeMs < newestSource();
}

/** `node <vite> build` in web/: vite's package exports do not include its bin, so it is found next to its package.json. */
function viteBuild(): [string, string[], { cwd: string }] {
    const vite = path.join(path.dirname(require.resolve("vite/package.json", { paths: [WEB_ROOT] })), "bin", "vite.js");
    return [process.execPath, [vite, "build", "--logLevel", "warn"], { cwd: WEB_ROOT }];
}

/**
 * The built storefront's directory, building it first (Vite) when it is missing or older than its sources, so a
 * preview, a deployment and `npm start` always carry the storefront of the checked-out code.
 */
export function builtStorefront(log: (line: string) => void = () => undefined): string {
    if (storefrontStale()) {
        log("building the storefront (web/ → web/dist) ...");
        const [command, args, options] = viteBuild();
        execFileSync(command, args, { ...options, stdio: ["ignore", "ignore", "inherit"] });
    }
    return STOREFRONT_DIST;
}

/** `builtStorefront` in a child that runs while this process goes on (Vite's build is a process of its own anyway). */
export function buildingStorefront(): Promise<string> {
    if (!storefrontStale()) return Promise.resolve(STOREFRONT_DIST);
    const [command, args, options] = viteBuild();
    return new Promise((resolve, reject) => {
        const child = spawn(command, args, { ...options, stdio: ["ignore", "ignore", "inherit"] });
        child.on("error", reject);
        child.on("exit", (code) => (code === 0 ? resolve(STOREFRONT_DIST) : reject(new Error(`the storefront build (vite build in web/) exited with ${code}`))));
    });
}
