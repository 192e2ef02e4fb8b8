/**
 * HTTP API route keys and how a request picks its route: `METHOD /path` with `{name}` segments and an optional
 * final greedy `{name+}`, `ANY /path`, and `$default` for whatever nothing else matches. As in API Gateway the
 * most specific route wins: literal segments over path variables, path variables over a greedy one, a named
 * method over ANY.
 */

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "ANY"];

type Segment = { literal: string } | { variable: string; greedy: boolean };

export interface CompiledRoute {
    readonly routeKey: string;
    readonly method: string;
    /** Whether the path alone matches (any method): the request belongs to the API. */
    matchesPath(pathname: string): boolean;
}

interface Compiled extends CompiledRoute {
    readonly segments: readonly Segment[] | "default";
}

/** A route key API Gateway would refuse. */
export class RouteKeyError extends Error {
    constructor(routeKey: string, detail: string) {
        super(`route key ${JSON.stringify(routeKey)} ${detail}`);
        this.name = "RouteKeyError";
    }
}

function match(segments: readonly Segment[], pathname: string): Record<string, string> | undefined {
    const parts = pathname.split("/").slice(1);
    const parameters: Record<string, string> = {};
    for (let i = 0; i < segments.length; i++) {
        const segment = segments[i];
        if ("literal" in segment) {
            if (parts[i] !== segment.literal) return undefined;
        } else if (segment.greedy) {
            const rest = parts.slice(i).join("/");
            if (rest === "") return undefined;
            parameters[segment.variable] = decode(rest);
            return parameters;
        } else {
            if (parts[i] === undefined || parts[i] === "") return undefined;
            parameters[segment.variable] = decode(parts[i]);
        }
    }
    return parts.length === segments.length ? parameters : undefined;
}

function decode(text: string): string {
    try {
        return decodeURIComponent(text);
    } catch {
        return text;
    }
}

/** Parses a route key; throws RouteKeyError saying what is allowed. */
export function compileRoute(routeKey: string): CompiledRoute {
    if (routeKey === "$default") return { routeKey, method: "ANY", segments: "default", matchesPath: () => true } as Compiled;
    const [method, path, ...rest] = routeKey.split(" ");
    if (rest.length > 0 || !path || !METHODS.includes(method)) {
        throw new RouteKeyError(routeKey, `must be "$default" or "<METHOD> /path" with METHOD one of ${METHODS.join(", ")}`);
    }
    if (!path.startsWith("/")) throw new RouteKeyError(routeKey, "must have a path starting with /");
    const segments: Segment[] = path.split("/").slice(1).map((part, i, all) => {
        const variable = /^\{([A-Za-z0-9_.-]+)(\+?)\}$/.exec(part);
        if (!variable) {
            if (/[{}]/.test(part)) throw new RouteKeyError(routeKey, `has a malformed path variable ${part} (use {name} or a final {name+})`);
            return { literal: part };
        }
        if (variable[2] === "+" && i !== all.length - 1) throw new RouteKeyError(routeKey, `has the greedy variable ${part} before the last segment`);
        return { variable: variable[1], greedy: variable[2] === "+" };
    });
    const compiled: Compiled = { routeKey, method, segments, matchesPath: (pathname) => match(segments, pathname) !== undefined };
    return compiled;
}

/** Specificity for ordering candidates: higher is more specific. */
function specificity(route: Compiled): number[] {
    if (route.segments === "default") return [-1, 0, 0, 0];
    const literals = route.segments.filter((s) => "literal" in s).length;
    const greedy = route.segments.some((s) => "greedy" in s && s.greedy) ? 0 : 1;
    return [greedy, literals, route.segments.length, route.method === "ANY" ? 0 : 1];
}

const compare = (a: number[], b: number[]) => a.map((x, i) => x - b[i]).find((d) => d !== 0) ?? 0;

/** The route a request takes, with its path parameters, or undefined (API Gateway's 404). */
export function findRoute(routes: readonly CompiledRoute[], method: string, pathname: string): { index: number; route: CompiledRoute; pathParameters: Record<string, string> } | undefined {
    let best: { index: number; route: Compiled; pathParameters: Record<string, string> } | undefined;
    routes.forEach((candidate, index) => {
        const route = candidate as Compiled;
        if (route.method !== "ANY" && route.method !== method) return;
        const pathParameters = route.segments === "default" ? {} : match(route.segments, pathname);
        if (!pathParameters) return;
        if (!best || compare(specificity(route), specificity(best.route)) > 0) best = { index, route, pathParameters };
    });
    return best;
}
