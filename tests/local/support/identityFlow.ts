// The code-flow driver lives in tools/ (the start benchmark signs in with it too).
export * from "../../../tools/oidcSignIn";
