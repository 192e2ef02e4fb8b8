import { describe, expect, it } from "vitest";
import { backoffDelay, parseRetryAfter, RECONNECT_BACKOFF } from "../src/retry";

describe("backoffDelay", () => {
    it("GIVEN successive attempts THEN the delay doubles from the base up to the cap, between half and all of it", () => {
        const low = () => 0;
        const high = () => 0.999999;
        expect([0, 1, 2, 3, 4, 5, 6].map((a) => backoffDelay(a, RECONNECT_BACKOFF, low))).toEqual([500, 1000, 2000, 4000, 8000, 15000, 15000]);
        expect([0, 1, 2, 3, 4, 5, 6].map((a) => backoffDelay(a, RECONNECT_BACKOFF, high))).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000]);
    });

    it("GIVEN a huge attempt number THEN the delay stays at the cap", () => {
        expect(backoffDelay(10_000, RECONNECT_BACKOFF, () => 0.5)).toBe(22500);
    });
});

describe("parseRetryAfter", () => {
    const now = Date.parse("2026-12-01T10:00:00.000Z");

    it("GIVEN delta-seconds THEN milliseconds", () => {
        expect(parseRetryAfter("1", now)).toBe(1000);
        expect(parseRetryAfter(" 30 ", now)).toBe(30000);
    });

    it("GIVEN an HTTP date THEN the time until it, never negative", () => {
        expect(parseRetryAfter("Tue, 01 Dec 2026 10:00:05 GMT", now)).toBe(5000);
        expect(parseRetryAfter("Tue, 01 Dec 2026 09:00:00 GMT", now)).toBe(0);
    });

    it("GIVEN nothing or nonsense THEN undefined, so the caller's backoff applies", () => {
        expect(parseRetryAfter(null, now)).toBeUndefined();
        expect(parseRetryAfter("soon", now)).toBeUndefined();
        expect(parseRetryAfter("-1", now)).toBeUndefined();
    });
});
