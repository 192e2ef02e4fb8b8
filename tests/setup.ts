// Loaded by mocha before any test file (see .mocharc.json).
// aws-local-stepfunctions 3 targets Node 22; Node 20 lacks Promise.withResolvers.
if (!(Promise as unknown as { withResolvers?: unknown }).withResolvers) {
    (Promise as unknown as { withResolvers: () => unknown }).withResolvers = function withResolvers<T>() {
        let resolve!: (value: T | PromiseLike<T>) => void;
        let reject!: (reason?: unknown) => void;
        const promise = new Promise<T>((res, rej) => { resolve = res; reject = rej; });
        return { promise, resolve, reject };
    };
}

// The functions run on nodejs22.x; this machine (and CI) runs Node 20, which the SDK warns about on every client.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
// Pulumi captures a stack trace for every resource a test creates; mapping each through ts-node's source maps cost
// more than the tests themselves. Failures still name the file and a nearby line of the transpiled module.
(Error as { prepareStackTrace?: unknown }).prepareStackTrace = undefined;
