/**
 * Runs a program the way `pulumi preview` does, without the CLI: @pulumi/pulumi's own Node.js runner
 * (`@pulumi/pulumi/cmd/run`, what pulumi-language-nodejs starts) with the config in PULUMI_CONFIG and the secret keys
 * in PULUMI_CONFIG_SECRET_KEYS, talking to a resource monitor on 127.0.0.1 that registers the stack and nothing else.
 * With no --engine, the runner prints what it would send the engine to stderr, so a test sees what the CLI would show.
 */
import * as grpc from "@grpc/grpc-js";
import * as path from "path";
import { FinishedProcess, finishedProcess } from "../support/finishedProcess";

// The SDK's generated gRPC stubs are CommonJS modules; only the few members used here are typed.
const services = require("@pulumi/pulumi/proto/resource_grpc_pb") as { ResourceMonitorService: grpc.ServiceDefinition };
const resources = require("@pulumi/pulumi/proto/resource_pb") as {
    SupportsFeatureResponse: new () => { setHassupport(v: boolean): void };
    RegisterResourceResponse: new () => { setUrn(urn: string): void };
};
const { Empty } = require("google-protobuf/google/protobuf/empty_pb") as { Empty: new () => unknown };

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
        const runner = path.dirname(require.resolve("@pulumi/pulumi/cmd/run/index.js"));
        return finishedProcess(process.execPath, [runner, "--project", "order-platform", "--stack", stack, "--monitor", this.address, programDir], {
            env: { ...process.env, PULUMI_CONFIG: JSON.stringify(config), PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(secretKeys) },
        });
    }

    stop(): Promise<void> {
        return new Promise((resolve) => this.server.tryShutdown(() => resolve()));
    }
}
