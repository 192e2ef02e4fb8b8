import * as pulumi from "@pulumi/pulumi";

/**
 * The escape hatch every building block offers for each child it creates: either a partial set of args merged
 * over the component's own, or a function that may change the args and resource options in place. A user changes
 * a child (a tag, a setting) without forking the component.
 */
export type Transform<Args> = Partial<Args> | ((args: Args, opts: pulumi.CustomResourceOptions, name: string) => void);

/** Applies a child's transform; the result spreads into the child's constructor: `new X(...transform(t, name, args, opts))`. */
export function transform<Args extends object>(
    change: Transform<Args> | undefined,
    name: string,
    args: Args,
    opts: pulumi.CustomResourceOptions,
): [string, Args, pulumi.CustomResourceOptions] {
    if (change === undefined) return [name, args, opts];
    if (typeof change === "function") {
        change(args, opts, name);
        return [name, args, opts];
    }
    return [name, { ...args, ...change }, opts];
}
