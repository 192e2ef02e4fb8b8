/**
 * Step Functions, locally: the real definitions (`aws.sfn.StateMachine` `definition` JSON text and `type`) run on
 * aws-local-stepfunctions, with their Task integrations served by the local engines (stepFunctionsTasks.ts). A
 * definition is validated when it is added, and a Task whose Resource is not served is refused then, naming the
 * state, the resource and what is served.
 *
 * STANDARD keeps execution names: starting a name again with the same input while it runs returns the running
 * execution, anything else is ExecutionAlreadyExists; EXPRESS keeps none, and stops an execution after 5 minutes.
 * Each finished execution is reported (one log line with the states entered, retries and catches visible, and
 * `onExecution`). Retry intervals and Wait states follow the time scale; task and execution timeouts stay real.
 *
 * Not modelled: `.sync` and `.waitForTaskToken` integrations, activities, history APIs, versions and aliases,
 * `$$.State.RetryCount` (`$$.State.EnteredTime` is the time the path is read, within the state's start).
 */
import { randomUUID } from "crypto";
import "./promiseWithResolvers";
import { ExecutionAbortedError, ExecutionTimeoutError, StateMachine } from "aws-local-stepfunctions";
import { accountOf, buildArn, LocalAccount, parseArn, resourceName } from "./arn";
import { correlationIdOf, reporter, RuntimeLog, silentLog } from "./log";
import { allStates, Definition, InvalidDefinitionError, parseDefinition, scaleWaits, validatedStateMachine } from "./stepFunctionsDefinition";
import { StepFunctionsServices, SUPPORTED_RESOURCES, taskHandler } from "./stepFunctionsTasks";
import { timeScaleOf } from "./timeScale";

export type { StepFunctionsServices } from "./stepFunctionsTasks";

export interface StateMachineConfig {
    readonly name: string;
    readonly arn?: string;
    /** ASL, as JSON text (the resource's input) or an object. */
    readonly definition: string | object;
    /** @default "STANDARD" */
    readonly type?: string;
}

export interface PathStep {
    readonly state: string;
    /** The retry attempt this entry is (1 for the first retry). */
    readonly retry?: number;
    /** The error a Catch caught here. */
    readonly caught?: string;
}

export interface ExecutionReport {
    readonly executionArn: string;
    readonly stateMachineArn: string;
    readonly stateMachine: string;
    readonly name: string;
    readonly type: "STANDARD" | "EXPRESS";
    readonly status: "SUCCEEDED" | "FAILED" | "TIMED_OUT" | "ABORTED";
    readonly input: unknown;
    readonly output?: unknown;
    readonly error?: string;
    readonly cause?: string;
    readonly startDate: Date;
    readonly stopDate: Date;
    readonly path: PathStep[];
}

export class StepFunctionsError extends Error {
    constructor(name: string, message: string) {
        super(message);
        this.name = name;
    }
}

export interface StepFunctionsEngineOptions extends LocalAccount {
    readonly services: StepFunctionsServices;
    readonly log?: RuntimeLog;
    /** Multiplies retry intervals (and their caps) and Wait state seconds. @default 1 (real time) */
    readonly timeScale?: number;
    /** Called with every finished execution. */
    readonly onExecution?: (report: ExecutionReport) => void;
}

interface LocalMachine {
    readonly name: string;
    readonly arn: string;
    readonly type: "STANDARD" | "EXPRESS";
    readonly definition: Definition;
    readonly taskResources: Map<string, string>;
    /** STANDARD only: executions by name. */
    readonly names: Map<string, { input: string; executionArn: string; startDate: Date; running: boolean }>;
}

/** Express workflows run for at most five minutes, whatever the definition says. */
const EXPRESS_MAX_SECONDS = 300;
const NAME_FORBIDDEN = /[\s<>{}[\]?*"#%\\^|~`$&,;:/]/u;

/** Step Functions' execution name rule: 1 to 80 characters, none of whitespace, brackets, wildcards, specials or controls. */
function validName(name: string): boolean {
    return name.length >= 1 && name.length <= 80 && !NAME_FORBIDDEN.test(name) && ![...name].some((c) => c.charCodeAt(0) < 0x20 || (c.charCodeAt(0) >= 0x7f && c.charCodeAt(0) <= 0x9f));
}

export class StepFunctionsEngine {
    readonly timeScale: number;
    private readonly account: { region: string; accountId: string };
    private readonly log: RuntimeLog;
    private readonly machines = new Map<string, LocalMachine>();
    private readonly running = new Map<string, { done: Promise<ExecutionReport>; abort: () => void }>();
    /** Every execution started, running or finished, so its report can be asked for later. */
    private readonly executions = new Map<string, Promise<ExecutionReport>>();

    constructor(private readonly options: StepFunctionsEngineOptions) {
        this.account = accountOf(options);
        this.timeScale = timeScaleOf("StepFunctionsEngine", options.timeScale);
        this.log = options.log ?? silentLog;
    }

    /** Validates the definition and refuses any Task it cannot serve, in one message naming state and resource. */
    addStateMachine(config: StateMachineConfig): void {
        const type = (config.type ?? "STANDARD") as LocalMachine["type"];
        if (type !== "STANDARD" && type !== "EXPRESS") throw new InvalidDefinitionError(`state machine ${config.name}: type must be STANDARD or EXPRESS, but ${config.type} was provided`);
        const definition = parseDefinition(config.name, config.definition);
        try {
            validatedStateMachine(definition);
        } catch (error) {
            throw new InvalidDefinitionError(`state machine ${config.name}: ${(error as Error).message}`);
        }
        const taskResources = new Map<string, string>();
        const problems: string[] = [];
        for (const [state, body] of allStates(definition)) {
            if (body.Type !== "Task") continue;
            const resource = String(body.Resource);
            const service = SUPPORTED_RESOURCES[resource];
            if (!service) problems.push(`state "${state}" uses Resource ${resource}, which the local runtime does not serve`);
            else if (service !== "states" && !this.options.services[service]) problems.push(`state "${state}" uses ${resource}, which needs the local ${service} engine (not given)`);
            else if (taskResources.has(state) && taskResources.get(state) !== resource) problems.push(`state name "${state}" is used for two Tasks with different resources`);
            taskResources.set(state, resource);
        }
        if (problems.length > 0) {
            throw new InvalidDefinitionError(`state machine ${config.name}: ${problems.join("; ")}. Served: ${Object.keys(SUPPORTED_RESOURCES).join(", ")}`);
        }
        const arn = config.arn ?? buildArn("states", this.account, `stateMachine:${config.name}`);
        this.machines.set(arn, { name: config.name, arn, type, definition, taskResources, names: new Map() });
    }

    has(arn: string): boolean {
        return this.machines.has(arn);
    }

    /** StartExecution: `input` is JSON text (default `{}`); `name` defaults to a UUID. */
    async startExecution(stateMachineArn: string, options: { input?: string; name?: string } = {}): Promise<{ executionArn: string; startDate: Date }> {
        const { executionArn, startDate } = this.begin(stateMachineArn, options.input ?? "{}", options.name);
        return { executionArn, startDate };
    }

    /** StartSyncExecution (EXPRESS only, as in AWS): runs to the end and returns the report. */
    async startSyncExecution(stateMachineArn: string, options: { input?: string; name?: string } = {}): Promise<ExecutionReport> {
        const machine = this.machine(stateMachineArn);
        if (machine.type !== "EXPRESS") throw new StepFunctionsError("StateMachineTypeNotSupported", `StartSyncExecution takes EXPRESS state machines; ${machine.name} is STANDARD`);
        return this.begin(stateMachineArn, options.input ?? "{}", options.name).done;
    }

    /** The report of an execution this engine started, once it has finished. */
    execution(executionArn: string): Promise<ExecutionReport> {
        const done = this.executions.get(executionArn);
        if (!done) throw new StepFunctionsError("ExecutionDoesNotExist", `Execution does not exist: '${executionArn}'`);
        return done;
    }

    /** Resolves when no execution is running (children started meanwhile included). */
    async idle(): Promise<void> {
        while (this.running.size > 0) await Promise.all([...this.running.values()].map((r) => r.done));
    }

    /** Aborts every running execution. */
    stop(): void {
        for (const run of this.running.values()) run.abort();
    }

    private machine(reference: string): LocalMachine {
        const byArn = this.machines.get(reference);
        if (byArn) return byArn;
        const arn = parseArn(reference);
        const found = [...this.machines.values()].find((m) => m.name === (arn ? resourceName(arn) : reference));
        if (!found) throw new StepFunctionsError("StateMachineDoesNotExist", `State Machine Does Not Exist: '${reference}'`);
        return found;
    }

    private begin(reference: string, input: string, requestedName: string | undefined): { executionArn: string; startDate: Date; done: Promise<ExecutionReport> } {
        const machine = this.machine(reference);
        const name = requestedName ?? randomUUID();
        if (!validName(name)) throw new StepFunctionsError("InvalidName", `Invalid Name: '${name}' (1 to 80 characters, no whitespace, brackets, wildcards or special characters)`);
        let parsed: unknown;
        try {
            parsed = JSON.parse(input);
        } catch {
            throw new StepFunctionsError("InvalidExecutionInput", `Invalid State Machine Execution Input: '${input.slice(0, 100)}' is not JSON`);
        }
        if (machine.type === "STANDARD") {
            const previous = machine.names.get(name);
            if (previous?.running && previous.input === input) return { ...previous, done: this.executions.get(previous.executionArn)! };
            if (previous) throw new StepFunctionsError("ExecutionAlreadyExists", `Execution Already Exists: '${previous.executionArn}'`);
        }
        const executionArn = machine.type === "STANDARD"
            ? buildArn("states", this.account, `execution:${machine.name}:${name}`)
            : buildArn("states", this.account, `express:${machine.name}:${name}:${randomUUID()}`);
        const startDate = new Date();
        const entry = { input, executionArn, startDate, running: true };
        if (machine.type === "STANDARD") machine.names.set(name, entry);
        const run = this.run(machine, name, executionArn, parsed, startDate);
        this.running.set(executionArn, run);
        this.executions.set(executionArn, run.done);
        void run.done.finally(() => {
            entry.running = false;
            this.running.delete(executionArn);
        });
        return { executionArn, startDate, done: run.done };
    }

    private run(machine: LocalMachine, name: string, executionArn: string, input: unknown, startDate: Date): { done: Promise<ExecutionReport>; abort: () => void } {
        const definition = scaleWaits(machine.definition, this.timeScale) as Definition & { TimeoutSeconds?: number };
        if (machine.type === "EXPRESS" && !(definition.TimeoutSeconds !== undefined && definition.TimeoutSeconds <= EXPRESS_MAX_SECONDS)) {
            (definition as { TimeoutSeconds?: number }).TimeoutSeconds = EXPRESS_MAX_SECONDS;
        }
        const startChild = (arn: string, text: string, childName: string | undefined) => this.startExecution(arn, { input: text, name: childName });
        const handlers = Object.fromEntries([...machine.taskResources].map(([state, resource]) =>
            [state, taskHandler(resource, this.options.services, startChild, { executionArn, stateMachineArn: machine.arn })]));
        const execution = new StateMachine(definition as never, { validationOptions: { noValidate: true } }).run(input as never, {
            overrides: { taskResourceLocalHandlers: handlers as never },
            context: {
                Execution: { Id: executionArn, Name: name },
                StateMachine: { Id: machine.arn, Name: machine.name },
                State: { get EnteredTime() { return new Date().toISOString(); } },
            },
        });
        const path: PathStep[] = [];
        const lastError = new Map<string, string>();
        const collected = (async () => {
            for await (const event of execution.eventLogs) {
                if (event.type === "StateEntered") path.push({ state: event.state.name });
                else if (event.type === "StateRetried") path.push({ state: event.state.name, retry: event.retry.attempt });
                else if (event.type === "StateCaught") path[path.length - 1] = { ...path[path.length - 1], caught: lastError.get(event.state.name) };
                else if (event.type === "StateFailed") lastError.set(event.state.name, event.Error);
            }
        })();
        const done = (async (): Promise<ExecutionReport> => {
            let outcome: Pick<ExecutionReport, "status" | "output" | "error" | "cause">;
            try {
                outcome = { status: "SUCCEEDED", output: await execution.result };
            } catch (error) {
                if (error instanceof ExecutionTimeoutError) outcome = { status: "TIMED_OUT", error: "States.Timeout", cause: "the execution ran longer than its TimeoutSeconds" };
                else if (error instanceof ExecutionAbortedError) outcome = { status: "ABORTED" };
                else {
                    const cause = (error as Error).cause as Error | undefined;
                    outcome = { status: "FAILED", error: cause?.name ?? (error as Error).name, cause: cause?.message ?? (error as Error).message };
                }
            }
            await collected;
            const report: ExecutionReport = {
                executionArn, stateMachineArn: machine.arn, stateMachine: machine.name, name, type: machine.type, input, startDate, stopDate: new Date(), path, ...outcome,
            };
            this.report(report);
            return report;
        })();
        return { done, abort: execution.abort };
    }

    private report(report: ExecutionReport): void {
        const steps = report.path.map((step) => `${step.state}${step.retry ? ` (retry ${step.retry})` : ""}${step.caught ? ` (caught ${step.caught})` : ""}`).join(" → ");
        const failure = report.error ? ` ${report.error}${report.cause ? `: ${report.cause.slice(0, 300)}` : ""}` : "";
        reporter(this.log, report.stateMachine)("execution", `${report.name} ${report.status}${failure} | ${steps}`, correlationIdOf(report.input));
        this.options.onExecution?.(report);
    }
}
