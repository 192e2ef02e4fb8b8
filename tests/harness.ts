// The mock engine and program runner live in tools/ (the offline plan and the local runtime use them too).
export * from "../tools/mockProgram";
