/**
 * AWS IoT Core policy evaluation for the local broker: the policy documents a custom authorizer returns decide
 * every connect, subscribe, receive and publish, as they do in IoT Core. Deny by default, an explicit Deny beats
 * any Allow, and `*` / `?` in actions and resources are wildcards (in IoT policies `*` also spans `/`, and the
 * MQTT wildcards `+` and `#` are plain characters). Elements this evaluator does not implement are refused
 * when the documents arrive, never ignored, so a policy cannot grant more here than it would in AWS.
 * Policy variables (`${iot:ClientId}`, ...) are among them: the project's policies name every resource literally.
 * It also checks an authorizer response the way IoT Core does before trusting it.
 */
import type { IotPolicyDocument } from "../functions/iotAuthorizer";

/** The IoT actions the broker checks. */
export type IotAction = "iot:Connect" | "iot:Subscribe" | "iot:Receive" | "iot:Publish";

/** A policy document this evaluator cannot judge faithfully (an element it does not implement, or a malformed one). */
export class UnsupportedPolicyError extends Error {
    constructor(readonly where: string, detail: string) {
        super(`${where}: ${detail}`);
        this.name = "UnsupportedPolicyError";
    }
}

/** One statement, normalised: actions and resources always arrays. */
export interface PolicyStatement {
    readonly effect: "Allow" | "Deny";
    readonly actions: readonly string[];
    readonly resources: readonly string[];
}

const STATEMENT_KEYS = new Set(["Sid", "Effect", "Action", "Resource"]);

function stringList(value: unknown, where: string): string[] {
    const list = typeof value === "string" ? [value] : value;
    if (!Array.isArray(list) || list.length === 0 || !list.every((item) => typeof item === "string" && item.length > 0)) {
        throw new UnsupportedPolicyError(where, "must be a non-empty string or a non-empty array of strings");
    }
    return list as string[];
}

/**
 * Checks and normalises the documents of one authorizer response. Throws UnsupportedPolicyError naming the first
 * element that is malformed or not implemented here (NotAction, NotResource, Condition, policy variables).
 */
export function parsePolicyDocuments(documents: unknown): PolicyStatement[] {
    if (!Array.isArray(documents)) throw new UnsupportedPolicyError("policyDocuments", "must be an array of policy documents");
    const statements: PolicyStatement[] = [];
    documents.forEach((raw, d) => {
        // IoT accepts each document as an object or as its JSON text.
        const doc: unknown = typeof raw === "string" ? parseJson(raw, `policyDocuments[${d}]`) : raw;
        if (!doc || typeof doc !== "object" || Array.isArray(doc)) throw new UnsupportedPolicyError(`policyDocuments[${d}]`, "must be a policy document object");
        const { Version, Statement } = doc as Partial<IotPolicyDocument> & Record<string, unknown>;
        if (Version !== "2012-10-17") throw new UnsupportedPolicyError(`policyDocuments[${d}].Version`, `must be "2012-10-17", but ${JSON.stringify(Version)} was provided`);
        const list: unknown[] = Array.isArray(Statement) ? Statement : [Statement];
        list.forEach((s, i) => {
            const where = `policyDocuments[${d}].Statement[${i}]`;
            if (!s || typeof s !== "object") throw new UnsupportedPolicyError(where, "must be a statement object");
            const extra = Object.keys(s).filter((key) => !STATEMENT_KEYS.has(key));
            if (extra.length > 0) throw new UnsupportedPolicyError(where, `${extra.join(", ")} is not supported by the local broker (supported: Effect, Action, Resource)`);
            const { Effect, Action, Resource } = s as Record<string, unknown>;
            if (Effect !== "Allow" && Effect !== "Deny") throw new UnsupportedPolicyError(`${where}.Effect`, `must be "Allow" or "Deny", but ${JSON.stringify(Effect)} was provided`);
            const resources = stringList(Resource, `${where}.Resource`);
            for (const resource of resources) {
                const variable = /\$\{[^}]*\}/.exec(resource);
                if (variable) throw new UnsupportedPolicyError(`${where}.Resource`, `policy variable ${variable[0]} is not supported by the local broker (name the resource literally)`);
            }
            statements.push({ effect: Effect, actions: stringList(Action, `${where}.Action`), resources });
        });
    });
    return statements;
}

function parseJson(text: string, where: string): unknown {
    try {
        return JSON.parse(text);
    } catch {
        throw new UnsupportedPolicyError(where, "is a string but not JSON");
    }
}

/** IoT/IAM wildcard matching: `*` any run of characters (including none and `/`), `?` exactly one character. */
export function wildcardMatches(pattern: string, value: string, caseInsensitive = false): boolean {
    const p = caseInsensitive ? pattern.toLowerCase() : pattern;
    const v = caseInsensitive ? value.toLowerCase() : value;
    // Iterative glob with single-star backtracking: linear in practice, no regex built from policy text.
    let pi = 0;
    let vi = 0;
    let star = -1;
    let mark = 0;
    while (vi < v.length) {
        if (pi < p.length && (p[pi] === "?" || p[pi] === v[vi])) {
            pi++;
            vi++;
        } else if (pi < p.length && p[pi] === "*") {
            star = pi++;
            mark = vi;
        } else if (star !== -1) {
            pi = star + 1;
            vi = ++mark;
        } else {
            return false;
        }
    }
    while (pi < p.length && p[pi] === "*") pi++;
    return pi === p.length;
}

export type Decision = "allowed" | "explicitly denied" | "not allowed";

/** Decides one action on one resource ARN. */
export function decide(statements: readonly PolicyStatement[], action: IotAction, resource: string): Decision {
    let allowed = false;
    for (const statement of statements) {
        // Actions are case-insensitive in IAM-style policies; resources are not.
        if (!statement.actions.some((pattern) => wildcardMatches(pattern, action, true))) continue;
        if (!statement.resources.some((pattern) => wildcardMatches(pattern, resource))) continue;
        if (statement.effect === "Deny") return "explicitly denied";
        allowed = true;
    }
    return allowed ? "allowed" : "not allowed";
}

/** The resource ARNs IoT Core checks for each action. */
export const iotResource = {
    client: (arnPrefix: string, clientId: string) => `${arnPrefix}:client/${clientId}`,
    topicFilter: (arnPrefix: string, filter: string) => `${arnPrefix}:topicfilter/${filter}`,
    topic: (arnPrefix: string, topic: string) => `${arnPrefix}:topic/${topic}`,
};

/** IoT Core's bounds for both session durations of an authorizer response, in seconds. */
export const SESSION_SECONDS = { min: 300, max: 86_400 } as const;
/** IoT Core accepts at most this many policy documents per response, each at most this long as JSON. */
export const POLICY_LIMITS = { documents: 10, characters: 2048 } as const;

/**
 * What IoT Core checks in a custom authorizer's response before using it: returns the first problem, naming the
 * field and what is allowed, or undefined when the response is well-formed.
 */
export function checkAuthorizerResponse(response: unknown): string | undefined {
    if (!response || typeof response !== "object") return `the authorizer returned ${JSON.stringify(response)}, not a response object`;
    const r = response as Record<string, unknown>;
    if (typeof r.isAuthenticated !== "boolean") return `isAuthenticated must be a boolean, but ${JSON.stringify(r.isAuthenticated)} was returned`;
    if (!r.isAuthenticated) return undefined;
    if (typeof r.principalId !== "string" || !/^[a-zA-Z0-9]{1,128}$/.test(r.principalId)) {
        return `principalId must be 1 to 128 letters or digits, but ${JSON.stringify(r.principalId)} was returned`;
    }
    for (const field of ["disconnectAfterInSeconds", "refreshAfterInSeconds"] as const) {
        const value = r[field];
        if (typeof value !== "number" || !Number.isInteger(value) || value < SESSION_SECONDS.min || value > SESSION_SECONDS.max) {
            return `${field} must be an integer from ${SESSION_SECONDS.min} to ${SESSION_SECONDS.max}, but ${JSON.stringify(value)} was returned`;
        }
    }
    const documents = r.policyDocuments;
    if (!Array.isArray(documents) || documents.length > POLICY_LIMITS.documents) {
        return `policyDocuments must be an array of at most ${POLICY_LIMITS.documents} documents`;
    }
    const tooLong = documents.findIndex((doc) => (typeof doc === "string" ? doc : JSON.stringify(doc)).length > POLICY_LIMITS.characters);
    if (tooLong !== -1) return `policyDocuments[${tooLong}] is longer than ${POLICY_LIMITS.characters} characters`;
    return undefined;
}
