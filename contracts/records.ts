/**
 * The shape of what the platform stores (DynamoDB items and S3 objects), shared by the functions, the workflow's
 * direct service integrations and the components that create the stores, so every side agrees on keys and states.
 */

/** customers table: partition key `customerId` (S), the token's sub. Attributes: email, createdAt. */
export const CUSTOMERS_KEY = "customerId";

/**
 * orders table: partition key `orderId` (S); TTL attribute `expiresAt` (epoch seconds).
 * Attributes: customerId, status, correlationId, placedAt, currency, and once processed totalCents, itemCount
 * (or error when failed).
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
