/**
 * EventBridge's target input: a constant `input`, an `inputPath`, or an `inputTransformer` whose `inputPaths`
 * pick values out of the event and whose `inputTemplate` places them, as EventBridge does:
 *
 * - paths are JSONPath in dot notation (`$.detail.orderId`), with array indices and `*` wildcards;
 * - a placeholder inside a JSON string literal of the template gets a string's characters (escaped, without
 *   quotes); anywhere else a string gets its quotes, so `{"id": <id>}` stays JSON;
 * - numbers, booleans, objects and arrays are inserted as JSON; a path that is not in the event inserts nothing;
 * - the predefined `aws.events.rule-arn`, `aws.events.rule-name`, `aws.events.event.ingestion-time`,
 *   `aws.events.event` (the event without `detail`) and `aws.events.event.json` (the whole event);
 * - the template's own text, quotes included, is what the target receives: a template `"Order <id> failed"`
 *   delivers a JSON string, with its quotes, to SNS as to any other target.
 *
 * A template placeholder that is neither a defined variable nor predefined is refused when the target is added.
 */

export interface InputTransformerConfig {
    readonly inputPaths?: Record<string, string>;
    readonly inputTemplate: string;
}

export interface TargetInputConfig {
    readonly input?: string;
    readonly inputPath?: string;
    readonly inputTransformer?: InputTransformerConfig;
}

export interface TransformContext {
    readonly ruleArn: string;
    readonly ruleName: string;
    readonly ingestionTime: string;
}

export class InvalidTargetInputError extends Error {
    constructor(where: string, reason: string) {
        super(`${where}: ${reason}`);
        this.name = "ValidationException";
    }
}

type Step = { kind: "name"; name: string } | { kind: "index"; index: number } | { kind: "wildcard" };

const PREDEFINED = ["aws.events.rule-arn", "aws.events.rule-name", "aws.events.event.ingestion-time", "aws.events.event", "aws.events.event.json"];
/** A fresh regex each time: a shared global one would carry its lastIndex from one use to the next. */
const placeholders = () => /<([A-Za-z0-9_.-]+)>/g;

/** Parses `$.a.b[0].*` into steps; throws naming the path for any syntax EventBridge does not take. */
export function parsePath(path: string, where: string): Step[] {
    if (!path.startsWith("$")) throw new InvalidTargetInputError(where, `the path ${JSON.stringify(path)} must start with $`);
    const steps: Step[] = [];
    const token = /\.([^.[\]]+)|\[(\d+|\*)\]/y;
    token.lastIndex = 1;
    while (token.lastIndex < path.length) {
        const start = token.lastIndex;
        const match = token.exec(path);
        if (!match) throw new InvalidTargetInputError(where, `the path ${JSON.stringify(path)} is not dot notation (at character ${start + 1})`);
        const [, name, bracket] = match;
        if (name === "*" || bracket === "*") steps.push({ kind: "wildcard" });
        else if (name !== undefined) steps.push({ kind: "name", name });
        else steps.push({ kind: "index", index: Number(bracket) });
    }
    return steps;
}

/** The value at the path (a list when the path has a wildcard), or undefined when the event has none. */
export function select(value: unknown, steps: Step[]): unknown {
    let current: unknown[] = [value];
    let multiple = false;
    for (const step of steps) {
        const next: unknown[] = [];
        for (const item of current) {
            if (step.kind === "wildcard") {
                multiple = true;
                if (Array.isArray(item)) next.push(...item);
                else if (item && typeof item === "object") next.push(...Object.values(item));
            } else if (step.kind === "index") {
                if (Array.isArray(item) && step.index < item.length) next.push(item[step.index]);
            } else if (item && typeof item === "object" && !Array.isArray(item) && Object.hasOwn(item, step.name)) {
                next.push((item as Record<string, unknown>)[step.name]);
            }
        }
        current = next;
    }
    return multiple ? current : current[0];
}

/** Compiles a target's input settings; the result renders the text the target receives (undefined: the event itself). */
export function compileTargetInput(config: TargetInputConfig, where: string): (event: Record<string, unknown>, context: TransformContext) => string | undefined {
    const given = (["input", "inputPath", "inputTransformer"] as const).filter((key) => config[key] !== undefined && config[key] !== "");
    if (given.length > 1) throw new InvalidTargetInputError(where, `only one of input, inputPath or inputTransformer may be set, but ${given.join(" and ")} were`);
    if (config.input !== undefined && config.input !== "") {
        const input = config.input;
        try {
            JSON.parse(input);
        } catch {
            throw new InvalidTargetInputError(where, `input must be JSON text, but ${JSON.stringify(input)} was provided`);
        }
        return () => input;
    }
    if (config.inputPath) {
        const steps = parsePath(config.inputPath, `${where} inputPath`);
        return (event) => {
            const value = select(event, steps);
            return value === undefined ? "" : JSON.stringify(value);
        };
    }
    if (config.inputTransformer) return compileTransformer(config.inputTransformer, `${where} inputTransformer`);
    return () => undefined;
}

function compileTransformer(config: InputTransformerConfig, where: string): (event: Record<string, unknown>, context: TransformContext) => string {
    const template = config.inputTemplate;
    if (typeof template !== "string" || template.length === 0) throw new InvalidTargetInputError(where, "inputTemplate must be a non-empty string");
    const paths = new Map<string, Step[]>();
    for (const [name, path] of Object.entries(config.inputPaths ?? {})) {
        if (!/^[A-Za-z0-9_-]+$/.test(name) || name.toLowerCase().startsWith("aws.")) {
            throw new InvalidTargetInputError(where, `inputPaths key ${JSON.stringify(name)} must be letters, digits, - or _ and must not start with "AWS."`);
        }
        paths.set(name, parsePath(path, `${where} inputPaths.${name}`));
    }
    const unknown = [...template.matchAll(placeholders())].map((m) => m[1]).filter((name) => !paths.has(name) && !PREDEFINED.includes(name));
    if (unknown.length > 0) {
        throw new InvalidTargetInputError(where, `inputTemplate uses ${unknown.map((n) => `<${n}>`).join(", ")}, which ${unknown.length === 1 ? "is" : "are"} ` +
            `neither in inputPaths (${[...paths.keys()].join(", ") || "none"}) nor predefined (${PREDEFINED.join(", ")})`);
    }
    return (event, context) => {
        const values = new Map<string, unknown>();
        for (const [name, steps] of paths) values.set(name, select(event, steps));
        const { detail: _detail, ...withoutDetail } = event;
        values.set("aws.events.rule-arn", context.ruleArn);
        values.set("aws.events.rule-name", context.ruleName);
        values.set("aws.events.event.ingestion-time", context.ingestionTime);
        values.set("aws.events.event", withoutDetail);
        values.set("aws.events.event.json", event);
        return render(template, values);
    };
}

/** Replaces the placeholders, knowing for each whether it stands inside a JSON string literal. */
function render(template: string, values: Map<string, unknown>): string {
    let out = "";
    let inString = false;
    const placeholder = placeholders();
    for (let i = 0; i < template.length; i++) {
        const c = template[i];
        if (c === "\\" && inString) {
            out += c + (template[i + 1] ?? "");
            i++;
            continue;
        }
        if (c === '"') inString = !inString;
        if (c === "<") {
            placeholder.lastIndex = i;
            const match = placeholder.exec(template);
            if (match && match.index === i && values.has(match[1])) {
                out += insert(values.get(match[1]), inString);
                i += match[0].length - 1;
                continue;
            }
        }
        out += c;
    }
    return out;
}

function insert(value: unknown, inString: boolean): string {
    if (value === undefined) return "";
    if (typeof value === "string") return inString ? JSON.stringify(value).slice(1, -1) : JSON.stringify(value);
    return JSON.stringify(value);
}
