/**
 * Measured, not assumed: what each handler's real bundle does per warm invocation, answered on loopback
 * (scripts/measure/). Written by `npm run measure -- --write`; rerun it after
 * changing a handler's logging, calls or dependencies (tests/plan/measured.test.ts re-measures the log bytes).
 *   logBytes          bytes printed per invocation, by application log level (one JSON line per log call)
 *   calls             AWS calls per invocation, by IAM action
 *   largestItemBytes  largest item written with PutItem, by DynamoDB's item-size rule
 *   requestUnits      DynamoDB write and read request units per invocation
 *   cpuMs             CPU per invocation on the machine below (loopback answers included: an upper bound)
 *   initMs            median cold require of the bundle: SDK inside, and SDK left to the runtime
 */

export interface HandlerMeasurement {
    readonly logBytes: Readonly<Record<"TRACE" | "DEBUG" | "INFO" | "WARN" | "ERROR" | "FATAL", number>>;
    /** AWS calls per invocation, by IAM action. */
    readonly calls: Readonly<Record<string, number>>;
    readonly largestItemBytes: number;
    /** DynamoDB request units per invocation (on-demand). */
    readonly requestUnits: { readonly writes: number; readonly reads: number };
    readonly cpuMs: number;
    readonly initMs: { readonly bundled: number; readonly runtime: number };
}

export const MEASURED_ON = "2026-12-01";
export const MEASURED_WITH = "npm run measure (node v20.20.2, 2 cores)";

export const HANDLER_MEASUREMENTS: Readonly<Record<string, HandlerMeasurement>> = {
    placeOrder: {
        logBytes: {
            TRACE: 344,
            DEBUG: 344,
            INFO: 344,
            WARN: 0,
            ERROR: 0,
            FATAL: 0
        },
        calls: {
            "dynamodb:GetItem": 1,
            "dynamodb:PutItem": 2,
            "dynamodb:UpdateItem": 1,
            "events:PutEvents": 1
        },
        largestItemBytes: 288,
        requestUnits: {
            writes: 3,
            reads: 1
        },
        cpuMs: 24.3,
        initMs: {
            bundled: 151,
            runtime: 530.7
        }
    },
    getOrder: {
        logBytes: {
            TRACE: 0,
            DEBUG: 0,
            INFO: 0,
            WARN: 0,
            ERROR: 0,
            FATAL: 0
        },
        calls: {
            "dynamodb:GetItem": 1
        },
        largestItemBytes: 0,
        requestUnits: {
            writes: 0,
            reads: 1
        },
        cpuMs: 5.1,
        initMs: {
            bundled: 159.7,
            runtime: 500.5
        }
    },
    priceOrder: {
        logBytes: {
            TRACE: 358,
            DEBUG: 358,
            INFO: 358,
            WARN: 0,
            ERROR: 0,
            FATAL: 0
        },
        calls: {},
        largestItemBytes: 0,
        requestUnits: {
            writes: 0,
            reads: 0
        },
        cpuMs: 0.5,
        initMs: {
            bundled: 47,
            runtime: 46.4
        }
    },
    notifier: {
        logBytes: {
            TRACE: 350,
            DEBUG: 350,
            INFO: 350,
            WARN: 0,
            ERROR: 0,
            FATAL: 0
        },
        calls: {
            "iot:Publish": 1
        },
        largestItemBytes: 0,
        requestUnits: {
            writes: 0,
            reads: 0
        },
        cpuMs: 6.7,
        initMs: {
            bundled: 147.1,
            runtime: 412
        }
    },
    iotAuthorizer: {
        logBytes: {
            TRACE: 314,
            DEBUG: 314,
            INFO: 314,
            WARN: 0,
            ERROR: 0,
            FATAL: 0
        },
        calls: {},
        largestItemBytes: 0,
        requestUnits: {
            writes: 0,
            reads: 0
        },
        cpuMs: 2,
        initMs: {
            bundled: 63.4,
            runtime: 85.1
        }
    },
    receiptWriter: {
        logBytes: {
            TRACE: 454,
            DEBUG: 454,
            INFO: 454,
            WARN: 0,
            ERROR: 0,
            FATAL: 0
        },
        calls: {
            "s3:PutObject": 1
        },
        largestItemBytes: 0,
        requestUnits: {
            writes: 0,
            reads: 0
        },
        cpuMs: 7.4,
        initMs: {
            bundled: 134.7,
            runtime: 280.1
        }
    },
    outboxPublisher: {
        logBytes: {
            TRACE: 429,
            DEBUG: 429,
            INFO: 429,
            WARN: 0,
            ERROR: 0,
            FATAL: 0
        },
        calls: {
            "events:PutEvents": 1
        },
        largestItemBytes: 0,
        requestUnits: {
            writes: 0,
            reads: 0
        },
        cpuMs: 4.6,
        initMs: {
            bundled: 96.3,
            runtime: 257.4
        }
    },
    outboxAnnouncer: {
        logBytes: {
            TRACE: 428,
            DEBUG: 428,
            INFO: 428,
            WARN: 0,
            ERROR: 0,
            FATAL: 0
        },
        calls: {},
        largestItemBytes: 0,
        requestUnits: {
            writes: 0,
            reads: 0
        },
        cpuMs: 0.7,
        initMs: {
            bundled: 32.1,
            runtime: 35.2
        }
    },
    receiptStored: {
        logBytes: {
            TRACE: 399,
            DEBUG: 399,
            INFO: 399,
            WARN: 0,
            ERROR: 0,
            FATAL: 0
        },
        calls: {
            "events:PutEvents": 1,
            "s3:GetObject": 1
        },
        largestItemBytes: 0,
        requestUnits: {
            writes: 0,
            reads: 0
        },
        cpuMs: 11.4,
        initMs: {
            bundled: 156.7,
            runtime: 325.7
        }
    }
};
