// aws-local-stepfunctions 3 targets Node 22; Node 20 lacks Promise.withResolvers, which it calls on every Task.
// Imported for this effect by every module that uses it.
if (!(Promise as unknown as { withResolvers?: unknown }).withResolvers) {
    (Promise as unknown as { withResolvers: () => unknown }).withResolvers = function withResolvers<T>() {
        let resolve!: (value: T | PromiseLike<T>) => void;
        let reject!: (reason?: unknown) => void;
        const promise = new Promise<T>((res, rej) => { resolve = res; reject = rej; });
        return { promise, resolve, reject };
    };
}
