/**
 * An EventBridge event-pattern matcher: the routing tests evaluate the program's rules with it offline (no
 * TestEventPattern call, no credentials), and the local runtime's buses route with it. It follows the semantics in AWS's "Amazon EventBridge event patterns", "Arrays in event patterns",
 * "Matching null values and empty strings" and "Content filtering" pages:
 *
 * - fields of a pattern are ANDed; the values in a field's array are ORed;
 * - `$or` (at any level) holds alternative sub-patterns, one of which must match at that level;
 * - a pattern field the event lacks fails, except `{ "exists": false }`; only leaves (strings, numbers,
 *   booleans, null) count as present, so an object where the pattern expects a leaf counts as absent;
 * - when the event value is an array, the field matches if any element matches (non-empty intersection);
 *   when a nested pattern meets an array of objects, one element must match the whole nested pattern;
 * - exact values compare type and value (`"5"` is not `5`, `""` is not `null`), strings character by character;
 * - operators: prefix, suffix, equals-ignore-case (alone or inside prefix/suffix), wildcard, anything-but
 *   (value, list, prefix, suffix, equals-ignore-case, wildcard), numeric, exists, cidr.
 *
 * Unknown operators throw, so a typo in a real rule fails the test instead of silently never matching.
 */
import { BlockList, isIP } from "net";

export type EventPattern = Record<string, unknown>;

/** Thrown for a pattern EventBridge itself would reject (unknown operator, malformed numeric range, ...). */
export class InvalidPatternError extends Error {
    constructor(readonly path: string, reason: string) {
        super(`invalid event pattern at ${path || "(root)"}: ${reason}`);
        this.name = "InvalidPatternError";
    }
}

type Leaf = string | number | boolean | null;

function isPlainObject(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isLeaf(value: unknown): value is Leaf {
    return value === null || typeof value === "string" || typeof value === "number" || typeof value === "boolean";
}

/** The leaf values of an event field: none when absent, an object, or an array without leaves. */
function leavesOf(value: unknown): Leaf[] {
    if (isLeaf(value)) return [value];
    if (Array.isArray(value)) return value.flatMap((item) => (Array.isArray(item) ? leavesOf(item) : isLeaf(item) ? [item] : []));
    return [];
}

/**
 * Parses a rule's `eventPattern` (JSON text, as the EventRule resource takes it, or an object) and checks every
 * part of it, so a pattern EventBridge would refuse fails when the rule is loaded rather than on some later event.
 */
export function parsePattern(pattern: string | EventPattern): EventPattern {
    let parsed: unknown = pattern;
    if (typeof pattern === "string") {
        try {
            parsed = JSON.parse(pattern);
        } catch (error) {
            throw new InvalidPatternError("", `the pattern is not JSON (${(error as Error).message})`);
        }
    }
    if (!isPlainObject(parsed)) throw new InvalidPatternError("", "a pattern must be a JSON object");
    validateObject(parsed, "");
    return parsed;
}

function validateObject(pattern: Record<string, unknown>, path: string): void {
    for (const [key, spec] of Object.entries(pattern)) {
        const here = path ? `${path}.${key}` : key;
        if (key === "$or") {
            if (!Array.isArray(spec) || spec.length < 2 || !spec.every(isPlainObject)) {
                throw new InvalidPatternError(here, "$or must be an array of at least two pattern objects");
            }
            spec.forEach((alternative) => validateObject(alternative as Record<string, unknown>, path));
        } else if (Array.isArray(spec)) {
            if (spec.length === 0) throw new InvalidPatternError(here, "a value list must not be empty");
            for (const matcher of spec) {
                if (isPlainObject(matcher) && "exists" in matcher) matchField([matcher], undefined, here);
                else compile(matcher, here);
            }
        } else if (isPlainObject(spec)) {
            validateObject(spec, here);
        } else {
            throw new InvalidPatternError(here, `a field must be an array of values or a nested pattern, not ${JSON.stringify(spec)}`);
        }
    }
}

/** Does the event (or a sub-object of it) match the pattern (or a sub-pattern)? */
export function matches(pattern: EventPattern, event: unknown): boolean {
    if (!isPlainObject(pattern)) throw new InvalidPatternError("", "a pattern must be a JSON object");
    return matchObject(pattern, event, "");
}

function matchObject(pattern: Record<string, unknown>, event: unknown, path: string): boolean {
    const fields = isPlainObject(event) ? event : {};
    for (const [key, spec] of Object.entries(pattern)) {
        const here = path ? `${path}.${key}` : key;
        if (key === "$or") {
            if (!Array.isArray(spec) || spec.length < 2 || !spec.every(isPlainObject)) {
                throw new InvalidPatternError(here, "$or must be an array of at least two pattern objects");
            }
            if (!spec.some((alternative) => matchObject(alternative as Record<string, unknown>, event, path))) return false;
        } else if (Array.isArray(spec)) {
            if (!matchField(spec, fields[key], here)) return false;
        } else if (isPlainObject(spec)) {
            const value = fields[key];
            const candidates = Array.isArray(value) ? value.filter(isPlainObject) : [value];
            if (candidates.length === 0) candidates.push(undefined);
            if (!candidates.some((candidate) => matchObject(spec, candidate, here))) return false;
        } else {
            throw new InvalidPatternError(here, `a field must be an array of values or a nested pattern, not ${JSON.stringify(spec)}`);
        }
    }
    return true;
}

/** A leaf field: the event's leaf values against the pattern's list of matchers (ORed). */
function matchField(matchers: unknown[], value: unknown, path: string): boolean {
    if (matchers.length === 0) throw new InvalidPatternError(path, "a value list must not be empty");
    const leaves = leavesOf(value);
    return matchers.some((matcher) => {
        if (isPlainObject(matcher) && "exists" in matcher) {
            if (Object.keys(matcher).length !== 1 || typeof matcher.exists !== "boolean") {
                throw new InvalidPatternError(path, "exists takes exactly true or false");
            }
            return matcher.exists === leaves.length > 0;
        }
        const test = compile(matcher, path);
        return leaves.some(test);
    });
}

type Test = (value: Leaf) => boolean;

function compile(matcher: unknown, path: string): Test {
    if (isLeaf(matcher)) return (value) => value === matcher;
    if (!isPlainObject(matcher)) throw new InvalidPatternError(path, `unsupported value ${JSON.stringify(matcher)}`);
    const keys = Object.keys(matcher);
    if (keys.length !== 1) throw new InvalidPatternError(path, `an operator object holds exactly one operator, got ${JSON.stringify(matcher)}`);
    const [op] = keys;
    const arg = matcher[op];
    switch (op) {
        case "prefix": return stringTest(arg, path, op, (v, s) => v.startsWith(s), (v, s) => fold(v).startsWith(fold(s)));
        case "suffix": return stringTest(arg, path, op, (v, s) => v.endsWith(s), (v, s) => fold(v).endsWith(fold(s)));
        case "equals-ignore-case": {
            const s = requireString(arg, path, op);
            return (value) => typeof value === "string" && fold(value) === fold(s);
        }
        case "wildcard": {
            const re = wildcard(requireString(arg, path, op));
            return (value) => typeof value === "string" && re.test(value);
        }
        case "numeric": return numeric(arg, path);
        case "cidr": return cidr(arg, path);
        case "anything-but": {
            const excluded = anythingBut(arg, path);
            return (value) => !excluded(value);
        }
        default:
            throw new InvalidPatternError(path, `unknown operator "${op}"`);
    }
}

/** Case folding as EventBridge does for equals-ignore-case (Unicode-aware lower case). */
function fold(s: string): string {
    return s.toLowerCase();
}

function requireString(arg: unknown, path: string, op: string): string {
    if (typeof arg !== "string") throw new InvalidPatternError(path, `${op} takes a string, got ${JSON.stringify(arg)}`);
    return arg;
}

/** prefix / suffix: a string, or `{ "equals-ignore-case": string }`. Only string values can match. */
function stringTest(arg: unknown, path: string, op: string, exact: (v: string, s: string) => boolean, ignoreCase: (v: string, s: string) => boolean): Test {
    if (isPlainObject(arg) && Object.keys(arg).length === 1 && "equals-ignore-case" in arg) {
        const s = requireString(arg["equals-ignore-case"], path, `${op}.equals-ignore-case`);
        return (value) => typeof value === "string" && ignoreCase(value, s);
    }
    const s = requireString(arg, path, op);
    return (value) => typeof value === "string" && exact(value, s);
}

/** `*` matches any run of characters (including none); `\*` is a literal star. */
function wildcard(glob: string): RegExp {
    let source = "";
    for (let i = 0; i < glob.length; i++) {
        const c = glob[i];
        if (c === "\\" && glob[i + 1] === "*") { source += "\\*"; i++; continue; }
        source += c === "*" ? "[\\s\\S]*" : c.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
    }
    return new RegExp(`^${source}$`);
}

const COMPARATORS: Record<string, (a: number, b: number) => boolean> = {
    "<": (a, b) => a < b,
    "<=": (a, b) => a <= b,
    "=": (a, b) => a === b,
    ">": (a, b) => a > b,
    ">=": (a, b) => a >= b,
};

/** `["<", 10]`, `[">", 0, "<=", 5]`, `["=", 3.018e2]`: every comparison must hold; only JSON numbers match. */
function numeric(arg: unknown, path: string): Test {
    if (!Array.isArray(arg) || arg.length === 0 || arg.length % 2 !== 0 || arg.length > 4) {
        throw new InvalidPatternError(path, `numeric takes one or two (operator, number) pairs, got ${JSON.stringify(arg)}`);
    }
    const checks: Array<(v: number) => boolean> = [];
    for (let i = 0; i < arg.length; i += 2) {
        const [op, bound] = [arg[i], arg[i + 1]];
        const compare = typeof op === "string" ? COMPARATORS[op] : undefined;
        if (!compare || typeof bound !== "number") {
            throw new InvalidPatternError(path, `numeric takes operators < <= = > >= followed by numbers, got ${JSON.stringify(arg)}`);
        }
        if (op === "=" && arg.length !== 2) throw new InvalidPatternError(path, "numeric \"=\" cannot be combined with a range");
        checks.push((v) => compare(v, bound));
    }
    if (arg.length === 4) {
        const [lowOp, , highOp] = arg as string[];
        if (!lowOp.startsWith(">") || !highOp.startsWith("<")) {
            throw new InvalidPatternError(path, `a numeric range is a lower bound (> or >=) then an upper bound (< or <=), got ${JSON.stringify(arg)}`);
        }
    }
    return (value) => typeof value === "number" && checks.every((check) => check(value));
}

/** IPv4 or IPv6 CIDR block; only string values that are IP addresses can match. */
function cidr(arg: unknown, path: string): Test {
    const block = requireString(arg, path, "cidr");
    const [address, bits] = block.split("/");
    const family = isIP(address);
    const prefix = Number(bits);
    if (family === 0 || !Number.isInteger(prefix) || prefix < 0 || prefix > (family === 4 ? 32 : 128)) {
        throw new InvalidPatternError(path, `cidr takes an IPv4 or IPv6 block such as 10.0.0.0/24, got ${JSON.stringify(arg)}`);
    }
    const type = family === 4 ? "ipv4" : "ipv6";
    const list = new BlockList();
    list.addSubnet(address, prefix, type);
    return (value) => typeof value === "string" && isIP(value) === family && list.check(value, type);
}

/**
 * What anything-but excludes: a value, a list of values (all strings or all numbers), or one
 * `prefix` / `suffix` / `equals-ignore-case` / `wildcard` (the last two may also take a list).
 */
function anythingBut(arg: unknown, path: string): Test {
    if (isLeaf(arg)) return (value) => value === arg;
    if (Array.isArray(arg)) {
        if (arg.length === 0 || !(arg.every((a) => typeof a === "string") || arg.every((a) => typeof a === "number"))) {
            throw new InvalidPatternError(path, `anything-but takes a list of only strings or only numbers, got ${JSON.stringify(arg)}`);
        }
        const excluded: Leaf[] = arg;
        return (value) => excluded.includes(value);
    }
    if (isPlainObject(arg) && Object.keys(arg).length === 1) {
        const [op] = Object.keys(arg);
        const inner = arg[op];
        const values = Array.isArray(inner) ? inner : [inner];
        switch (op) {
            case "prefix":
            case "suffix": {
                const s = requireString(inner, path, `anything-but.${op}`);
                return (value) => typeof value === "string" && (op === "prefix" ? value.startsWith(s) : value.endsWith(s));
            }
            case "equals-ignore-case": {
                const folded = values.map((s) => fold(requireString(s, path, "anything-but.equals-ignore-case")));
                return (value) => typeof value === "string" && folded.includes(fold(value));
            }
            case "wildcard": {
                const res = values.map((s) => wildcard(requireString(s, path, "anything-but.wildcard")));
                return (value) => typeof value === "string" && res.some((re) => re.test(value));
            }
        }
    }
    throw new InvalidPatternError(path, `unsupported anything-but ${JSON.stringify(arg)}`);
}
