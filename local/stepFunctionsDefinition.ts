/**
 * Reading a state machine definition before it runs: every Task state (Parallel branches and Map item
 * processors included), and a copy whose waits are scaled (retry intervals and caps, Wait `Seconds`), so a
 * local run keeps the definition's retry structure while taking less time; and the ASL validator's verdict, once
 * per kind of definition.
 */

import "./promiseWithResolvers";
import { StateMachine } from "aws-local-stepfunctions";

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface Definition {
    readonly StartAt: string;
    readonly States: Record<string, Record<string, Json>>;
    readonly TimeoutSeconds?: number;
    readonly [key: string]: Json | undefined;
}

export class InvalidDefinitionError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "InvalidDefinition";
    }
}

/** Parses the definition (JSON text, as the StateMachine resource takes it, or an object). */
export function parseDefinition(machine: string, definition: string | object): Definition {
    let parsed: unknown = definition;
    if (typeof definition === "string") {
        try {
            parsed = JSON.parse(definition);
        } catch (error) {
            throw new InvalidDefinitionError(`state machine ${machine}: the definition is not JSON (${(error as Error).message})`);
        }
    }
    const candidate = parsed as Partial<Definition> | null;
    if (!candidate || typeof candidate !== "object" || typeof candidate.StartAt !== "string" || !candidate.States || typeof candidate.States !== "object") {
        throw new InvalidDefinitionError(`state machine ${machine}: a definition is an object with StartAt and States`);
    }
    return candidate as Definition;
}

/** The nested machines of a Parallel or Map state. */
function childrenOf(state: Record<string, Json>): Definition[] {
    const children: Definition[] = [];
    if (state.Type === "Parallel" && Array.isArray(state.Branches)) children.push(...(state.Branches as unknown as Definition[]));
    if (state.Type === "Map") {
        for (const key of ["ItemProcessor", "Iterator"]) if (state[key] && typeof state[key] === "object") children.push(state[key] as unknown as Definition);
    }
    return children;
}

/** Every state of the definition and of its nested machines, with its name. */
export function allStates(definition: Definition): [string, Record<string, Json>][] {
    return Object.entries(definition.States).flatMap(([name, state]) => [[name, state] as [string, Record<string, Json>], ...childrenOf(state).flatMap(allStates)]);
}

/** A deep copy with every retry interval, retry delay cap and Wait `Seconds` multiplied by `scale`. */
export function scaleWaits(definition: Definition, scale: number): Definition {
    const copy = JSON.parse(JSON.stringify(definition)) as Definition;
    if (scale === 1) return copy;
    for (const [, state] of allStates(copy)) {
        for (const retrier of (state.Retry as Record<string, Json>[] | undefined) ?? []) {
            retrier.IntervalSeconds = (typeof retrier.IntervalSeconds === "number" ? retrier.IntervalSeconds : 1) * scale;
            if (typeof retrier.MaxDelaySeconds === "number") retrier.MaxDelaySeconds *= scale;
        }
        if (state.Type === "Wait" && typeof state.Seconds === "number") state.Seconds *= scale;
    }
    return copy;
}

/** The fields that hold payload templates: their static values are data, which the validator only types. */
const PAYLOAD_TEMPLATES = new Set(["Parameters", "Arguments", "ItemSelector", "ResultSelector"]);

/**
 * What the ASL validator's verdict depends on: the definition with the static strings of its payload templates
 * blanked (a table's name, a queue's URL), so machines that differ only in the resources they name share one
 * validation. Kept: keys, paths and intrinsic functions (`"Key.$": "..."`), and JSONata expressions (`{% ... %}`).
 */
function validationKey(value: Json, inTemplate = false, key = ""): Json {
    if (typeof value === "string") return inTemplate && !key.endsWith(".$") && !value.trimStart().startsWith("{%") ? "" : value;
    if (Array.isArray(value)) return value.map((item) => validationKey(item, inTemplate));
    if (value === null || typeof value !== "object") return value;
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, validationKey(v, inTemplate || PAYLOAD_TEMPLATES.has(k), k)]));
}

/**
 * Definitions the ASL validator accepted, by `validationKey`: it compiles its JSON schemas on every call, which costs
 * more than a run.
 */
const validDefinitions = new Set<string>();

/** A state machine of `definition`, validated by the ASL validator the first time this process sees its kind (throws its report). */
export function validatedStateMachine(definition: object): StateMachine {
    const key = JSON.stringify(validationKey(definition as Json));
    if (validDefinitions.has(key)) return new StateMachine(definition as never, { validationOptions: { noValidate: true } });
    const machine = new StateMachine(definition as never);
    validDefinitions.add(key);
    return machine;
}
