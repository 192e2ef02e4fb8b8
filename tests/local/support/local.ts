/** Small helpers shared by the local engine tests. */
import * as http from "http";
import { AddressInfo } from "net";
import { bundleHandler } from "../../../components/bundle";
import { CONTRACTS } from "../../../contracts";
import { orderFingerprint } from "../../../contracts/fingerprint";
import { HANDLERS, HandlerName } from "../../../functions/handlers";

export const ACCOUNT = "123456789012";
export const REGION = "us-east-1";

/** `arn:aws:<service>:us-east-1:123456789012:<resource>`. */
export const arn = (service: string, resource: string): string => `arn:aws:${service}:${REGION}:${ACCOUNT}:${resource}`;

/** The real bundle of one of the platform's handlers, as the deployed function runs it. */
export function bundleOf(name: HandlerName): string {
    return bundleHandler(HANDLERS[name]).code;
}

export interface ControlServer {
    readonly url: string;
    /** Paths requested, in order. */
    readonly requests: string[];
    /** The most requests that were open at once. */
    readonly maxOpen: () => number;
    close(): Promise<void>;
}

/**
 * A loopback HTTP server that inline test functions call (with fetch) to report what they do and to learn what to
 * do: `respond` decides each answer's status; `hold` is how long each answer is held back (real time).
 */
export async function startControlServer(respond: (path: string) => number, holdMs = 0): Promise<ControlServer> {
    const requests: string[] = [];
    let open = 0;
    let maxOpen = 0;
    const server = http.createServer((req, res) => {
        requests.push(req.url ?? "");
        open += 1;
        maxOpen = Math.max(maxOpen, open);
        setTimeout(() => {
            open -= 1;
            res.writeHead(respond(req.url ?? ""));
            res.end();
        }, holdMs);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
    return {
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        requests,
        maxOpen: () => maxOpen,
        close: () => new Promise<void>((resolve) => {
            server.closeAllConnections();
            server.close(() => resolve());
        }),
    };
}

/** An OrderProcessed event as EventBridge delivers it (the body the receipt writer's queue holds). */
export function orderProcessedEvent(orderId: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
    return {
        version: "0", id: `evt-${orderId}`, "detail-type": "OrderProcessed", source: "orders.workflow", account: ACCOUNT,
        time: "2026-11-26T10:00:00Z", region: REGION, resources: [],
        detail: { ...CONTRACTS.OrderProcessed.example, orderId, correlationId: `corr-${orderId.slice(-8)}`, ...overrides },
    };
}

/** An OrderPlaced detail: the contract's example with overrides, its fingerprint recomputed for the lines it holds. */
export function orderPlacedDetail(overrides: Record<string, unknown> = {}): typeof CONTRACTS.OrderPlaced.example {
    const detail = { ...CONTRACTS.OrderPlaced.example, ...overrides };
    return { ...detail, fingerprint: orderFingerprint(detail) };
}
