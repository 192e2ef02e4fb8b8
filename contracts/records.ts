/**
 * The shape of what the platform stores (DynamoDB items and S3 objects), shared by the functions, the workflow's
 * direct service integrations and the components that create the stores, so every side agrees on keys and states.
 */

/** customers table: partition key `customerId` (S), the token's sub. Attributes: email, createdAt. */
export const CUSTOMERS_KEY = "customerId";

/**
 * orders table: partition key `orderId` (S); TTL attribute `expiresAt` (epoch seconds).
 * Attributes: customerId, fingerprint (the lines' SHA-256, contracts/fingerprint.ts), status, correlationId, placedAt,
 * currency; once final, items (JSON text), and totalCents, itemCount, processedAt when PROCESSED, or error, cause,
 * failedAt when FAILED. A status leaves PLACED once, and only for the customer and fingerprint the record holds:
 * each such change is announced from the table's stream (contracts/outbox.ts).
 */
export const ORDERS_KEY = "orderId";
export const ORDERS_TTL_ATTRIBUTE = "expiresAt";
export const ORDER_STATUSES = ["PLACED", "PROCESSED", "FAILED"] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** idempotency table (Powertools layout): partition key `id` (S); TTL attribute `expiration` (epoch seconds). */
export const IDEMPOTENCY_KEY = "id";
export const IDEMPOTENCY_TTL_ATTRIBUTE = "expiration";

/** How long an order record is kept before DynamoDB TTL removes it. */
export const ORDER_RETENTION_DAYS = 365;

/** Where receipts live in the receipts bucket; the bucket's Object Created rule matches this prefix. */
export const RECEIPTS_PREFIX = "receipts/";

/** The object key of an order's receipt. */
export const receiptKey = (orderId: string): string => `${RECEIPTS_PREFIX}${orderId}.json`;
