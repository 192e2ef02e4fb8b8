/**
 * Runs a program the way `pulumi preview` does, without the CLI: @pulumi/pulumi's own Node.js runner
 * (`@pulumi/pulumi/cmd/run`, what pulumi-language-nodejs starts) with the config in PULUMI_CONFIG and the secret keys
 * in PULUMI_CONFIG_SECRET_KEYS, talking to a resource monitor on 127.0.0.1 that registers the stack and nothing else.
 * With no --engine, the runner prints what it would send the engine to stderr, so a test sees what the CLI would show.
 */
import * as grpc from "@grpc/grpc-js";
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";
import { FinishedProcess, finishedProcess } from "../support/finishedProcess";

// The SDK's generated gRPC stubs are CommonJS modules; only the few members used here are typed.
const services = require("@pulumi/pulumi/proto/resource_grpc_pb") as { ResourceMonitorService: grpc.ServiceDefinition };
const resources = require("@pulumi/pulumi/proto/resource_pb") as {
    SupportsFeatureResponse: new () => { setHassupport(v: boolean): void };
    RegisterResourceResponse: new () => { setUrn(urn: string): void };
};
const { Empty } = require("google-protobuf/google/protobuf/empty_pb") as { Empty: new () => unknown };

/** The SDK's Node.js runner, which pulumi-language-nodejs starts for every preview and update. */
const RUNNER = path.dirname(require.resolve("@pulumi/pulumi/cmd/run/index.js"));

/** The Node.js options of a project file's `runtime` that change how the language host starts the program. */
interface RuntimeOptions {
    readonly typescript?: boolean;
    readonly nodeargs?: string;
}

/** The host splits `nodeargs` like a shell; the stand-in takes words without quotes only, and says so. */
function nodeArguments(nodeargs: string): string[] {
    if (/["'\\]/.test(nodeargs)) throw new Error(`nodeargs ${JSON.stringify(nodeargs)} has quotes or escapes, which this stand-in for the host does not split`);
    return nodeargs.split(/\s+/).filter(Boolean);
}

function engineEnvironment(config: Record<string, string>, secretKeys: string[]): NodeJS.ProcessEnv {
    return { ...process.env, PULUMI_CONFIG: JSON.stringify(config), PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(secretKeys) };
}

/** The runner's exit code and what it printed. */
export type RunnerResult = FinishedProcess;

/** A resource monitor that answers the calls a program makes before and after its first resource. */
export class LoopbackMonitor {
    private readonly server = new grpc.Server();
    private address = "";

    async start(): Promise<void> {
        const unimplemented = (name: string) => (_call: unknown, callback: grpc.sendUnaryData<unknown>) =>
            callback({ code: grpc.status.UNIMPLEMENTED, details: `${name} is not served here` });
        const handlers: grpc.UntypedServiceImplementation = {};
        for (const name of Object.keys(services.ResourceMonitorService)) handlers[name] = unimplemented(name);
        handlers.supportsFeature = (_call: unknown, callback: grpc.sendUnaryData<unknown>) => {
            const response = new resources.SupportsFeatureResponse();
            response.setHassupport(false);
            callback(null, response);
        };
        handlers.registerResource = (call: grpc.ServerUnaryCall<{ getType(): string; getName(): string }, unknown>, callback: grpc.sendUnaryData<unknown>) => {
            const response = new resources.RegisterResourceResponse();
            response.setUrn(`urn:pulumi:test::order-platform::${call.request.getType()}::${call.request.getName()}`);
            callback(null, response);
        };
        handlers.registerResourceOutputs = (_call: unknown, callback: grpc.sendUnaryData<unknown>) => callback(null, new Empty());
        this.server.addService(services.ResourceMonitorService, handlers);
        const port = await new Promise<number>((resolve, reject) =>
            this.server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))));
        this.address = `127.0.0.1:${port}`;
    }

    /** Runs `programDir` (a folder with index.js) for `stack`, with config values as the engine passes them (text). */
    run(programDir: string, stack: string, config: Record<string, string>, secretKeys: string[] = []): Promise<RunnerResult> {
        return finishedProcess(process.execPath, [RUNNER, "--project", "order-platform", "--stack", stack, "--monitor", this.address, programDir], {
            env: engineEnvironment(config, secretKeys),
        });
    }

    /**
     * Runs the project in `projectDir` as pulumi-language-nodejs starts it from its Pulumi.yaml: in that folder,
     * `node <nodeargs> <runner> … --pwd <folder> .` (package.json's "main" is the program), with
     * PULUMI_NODEJS_TYPESCRIPT=true only while the `typescript` option (true unless set) is on.
     */
    runProject(projectDir: string, stack: string, config: Record<string, string>, secretKeys: string[] = []): Promise<RunnerResult> {
        const project = yaml.load(fs.readFileSync(path.join(projectDir, "Pulumi.yaml"), "utf8")) as { name: string; runtime: string | { options?: RuntimeOptions } };
        const options = typeof project.runtime === "string" ? {} : project.runtime.options ?? {};
        const args = [...nodeArguments(options.nodeargs ?? ""), RUNNER, "--monitor", this.address, "--project", project.name, "--stack", stack, "--pwd", projectDir, "."];
        const env = engineEnvironment(config, secretKeys);
        delete env.PULUMI_NODEJS_TYPESCRIPT;
        if (options.typescript ?? true) env.PULUMI_NODEJS_TYPESCRIPT = "true";
        return finishedProcess(process.execPath, args, { cwd: projectDir, env });
    }

    stop(): Promise<void> {
        return new Promise((resolve) => this.server.tryShutdown(() => resolve()));
    }
}
