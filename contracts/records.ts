/**
 * The shape of what the platform stores in DynamoDB, shared by the API functions and the workflow's
 * direct DynamoDB integrations, so both sides agree on key names and states.
 */

/** customers table: partition key `customerId` (S). Attributes: name, email, createdAt. */
export const CUSTOMERS_KEY = "customerId";

/** orders table: partition key `orderId` (S); TTL attribute `expiresAt` (epoch seconds). */
export const ORDERS_KEY = "orderId";
export const ORDERS_TTL_ATTRIBUTE = "expiresAt";
export const ORDER_STATUSES = ["PLACED", "PROCESSED", "FAILED"] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** idempotency table (Powertools layout): partition key `id` (S); TTL attribute `expiration` (epoch seconds). */
export const IDEMPOTENCY_KEY = "id";
export const IDEMPOTENCY_TTL_ATTRIBUTE = "expiration";

/** How long an order record is kept before DynamoDB TTL removes it. */
export const ORDER_RETENTION_DAYS = 365;
