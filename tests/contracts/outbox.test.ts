import { expect } from "chai";
import * as fc from "fast-check";
import { CONTRACTS, ContractViolationError } from "../../contracts";
import {
    ANNOUNCED_EVENTS, announcedEventOf, announcementOf, OUTBOX_STREAM_PARAMETERS, outboxFilterPatterns, outboxTargetParameters, OutboxRecordError,
    StreamImage, StreamRecord, UNNAMED_ERROR,
} from "../../contracts/outbox";
import { matches } from "../../local/eventPattern";

const PROCESSED = CONTRACTS.OrderProcessed.example;
const FAILED = CONTRACTS.OrderFailed.example;

/** The orders table's item as the workflows leave it, in the stream's attribute-value form. */
function processedImage(overrides: StreamImage = {}): StreamImage {
    return {
        orderId: { S: PROCESSED.orderId }, customerId: { S: PROCESSED.customerId }, correlationId: { S: PROCESSED.correlationId },
        fingerprint: { S: "e".repeat(64) }, status: { S: "PROCESSED" }, currency: { S: PROCESSED.currency }, items: { S: "[]" },
        placedAt: { S: "2026-11-26T09:59:59.000Z" }, processedAt: { S: PROCESSED.occurredAt },
        totalCents: { N: String(PROCESSED.totalCents) }, itemCount: { N: String(PROCESSED.itemCount) }, expiresAt: { N: "1800000000" },
        ...overrides,
    };
}

function failedImage(overrides: StreamImage = {}): StreamImage {
    const { totalCents: _t, itemCount: _i, processedAt: _p, ...rest } = processedImage();
    return { ...rest, status: { S: "FAILED" }, failedAt: { S: FAILED.occurredAt }, error: { S: FAILED.error }, cause: { S: FAILED.cause }, ...overrides };
}

const modify = (NewImage: StreamImage, OldImage: StreamImage = { ...NewImage, status: { S: "PLACED" } }): StreamRecord =>
    ({ eventID: "1", eventName: "MODIFY", dynamodb: { Keys: { orderId: NewImage.orderId ?? { S: "?" } }, NewImage, OldImage } });

describe("the outbox contract (contracts/outbox.ts)", () => {
    it("GIVEN a record of an order that became PROCESSED THEN it announces exactly the OrderProcessed contract detail, numbers as numbers, occurredAt when it was processed", () => {
        expect(announcementOf(modify(processedImage()))).to.deep.equal({ name: "OrderProcessed", detail: PROCESSED });
    });

    it("GIVEN a record of an order that became FAILED THEN it announces the OrderFailed contract detail; a cause longer than the contract allows is cut, an error that is not a name is announced as UnnamedError", () => {
        expect(announcementOf(modify(failedImage()))).to.deep.equal({ name: "OrderFailed", detail: FAILED });
        const long = announcementOf(modify(failedImage({ cause: { S: "x".repeat(5000) } })));
        expect((long.detail as { cause: string }).cause).to.have.length(4096);
        expect((announcementOf(modify(failedImage({ error: { S: 'not "a" name' } }))).detail as { error: string }).error).to.equal(UNNAMED_ERROR);
    });

    it("GIVEN records that cannot be announced THEN they are refused with a named error naming the order: no image, a missing field, another status, or a detail the contract refuses", () => {
        const refusal = (record: StreamRecord) => { try { announcementOf(record); } catch (e) { return e as Error; } throw new Error("announced"); };
        expect(refusal({ eventName: "REMOVE", dynamodb: { Keys: { orderId: { S: "ord_1" } }, OldImage: processedImage() } })).to.be.instanceOf(OutboxRecordError)
            .and.have.property("message", "stream record of order ord_1: a REMOVE record has no new status to announce");
        const { totalCents: _dropped, ...noTotal } = processedImage();
        expect(refusal(modify(noTotal)).message).to.equal(`stream record of order ${PROCESSED.orderId}: its new image has no N attribute totalCents`);
        expect(refusal(modify(processedImage({ status: { S: "PLACED" } }))).message).to.match(/its status "PLACED" is not announced \(only PROCESSED, FAILED\)/);
        expect(refusal(modify(processedImage({ correlationId: { S: "short" } })))).to.be.instanceOf(ContractViolationError);
    });

    it("GIVEN the filters THEN each event's admits exactly the records that created or changed an order into its status, and never a rewrite, another status or a removal (property)", () => {
        const status = fc.constantFrom("PLACED", "PROCESSED", "FAILED");
        const record = fc.tuple(fc.constantFrom("INSERT", "MODIFY", "REMOVE") as fc.Arbitrary<StreamRecord["eventName"]>, status, status).map(([eventName, before, after]): StreamRecord => ({
            eventName,
            dynamodb: {
                ...(eventName !== "INSERT" ? { OldImage: processedImage({ status: { S: before } }) } : {}),
                ...(eventName !== "REMOVE" ? { NewImage: processedImage({ status: { S: after } }) } : {}),
            },
        }));
        fc.assert(fc.property(record, (r) => {
            for (const event of ANNOUNCED_EVENTS) {
                const admitted = outboxFilterPatterns(event).some((pattern) => matches(pattern, r));
                const after = r.dynamodb.NewImage?.status?.S;
                const before = r.dynamodb.OldImage?.status?.S;
                const transition = r.eventName !== "REMOVE" && announcedEventOf(r) === event && before !== after;
                expect(admitted, `${event}: ${r.eventName} ${before} → ${after}`).to.equal(transition);
            }
        }), { numRuns: 200 });
    });

    it("GIVEN the stream settings and target parameters THEN retries are bounded with halving, records older than the stream keeps are given up, and each event goes out with its contract's source and detail-type", () => {
        expect(OUTBOX_STREAM_PARAMETERS).to.deep.include({ startingPosition: "LATEST", maximumRetryAttempts: 10, maximumRecordAgeInSeconds: 86_400, onPartialBatchItemFailure: "AUTOMATIC_BISECT" });
        expect(OUTBOX_STREAM_PARAMETERS.batchSize).to.be.at.most(10);
        for (const event of ANNOUNCED_EVENTS) {
            expect(outboxTargetParameters(event)).to.deep.equal({ source: CONTRACTS[event].source, detailType: CONTRACTS[event].detailType });
        }
    });
});
