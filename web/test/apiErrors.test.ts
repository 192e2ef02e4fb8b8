import { describe, expect, it } from "vitest";
import type { PlaceOutcome } from "../src/api";
import { describeFailure, describeRetry, SESSION_ENDED } from "../src/apiErrors";

type Failure = Exclude<PlaceOutcome, { kind: "accepted" }>;

const FAILURES: Failure[] = [
    { kind: "invalid", status: 400, field: "items.0.quantity" },
    { kind: "invalid", status: 400, field: "currency" },
    { kind: "invalid", status: 400, field: "Idempotency-Key" },
    { kind: "invalid", status: 413 },
    { kind: "unauthorized" },
    { kind: "inProgress", retryAfterMs: 1000 },
    { kind: "keyReused" },
    { kind: "unavailable", status: 503 },
    { kind: "network" },
    { kind: "unexpected", status: 404 },
];

describe("describeFailure", () => {
    it("GIVEN every failure THEN the words are a sentence without status codes, headers or field paths", () => {
        for (const outcome of FAILURES) {
            const words = describeFailure(outcome);
            expect(words).toMatch(/^[A-Z].*\.$/);
            expect(words).not.toMatch(/\b(400|401|403|404|409|413|422|429|500|503)\b|Idempotency|items\.|JSON|HTTP|undefined/);
        }
    });

    it("GIVEN specific failures THEN the words say what to do", () => {
        expect(describeFailure({ kind: "invalid", status: 400, field: "items.1.quantity" })).toBe("Please check the quantities: each product can be ordered 1 to 100 times.");
        expect(describeFailure({ kind: "unauthorized" })).toBe(SESSION_ENDED);
        expect(describeFailure({ kind: "network" })).toMatch(/could not reach the shop.*will not be charged twice/);
    });
});

describe("describeRetry", () => {
    it("GIVEN a delay THEN it is said in whole seconds, at least one", () => {
        expect(describeRetry({ kind: "inProgress" }, 1000)).toBe("Your order is still being placed. Trying again in 1 second…");
        expect(describeRetry({ kind: "network" }, 200)).toBe("We could not reach the shop. Trying again in 1 second…");
        expect(describeRetry({ kind: "unavailable", status: 503 }, 2600)).toBe("The shop is busy. Trying again in 3 seconds…");
    });
});
