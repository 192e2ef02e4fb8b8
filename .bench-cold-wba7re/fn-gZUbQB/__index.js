
var __logging_1 = {createLogger: __createLogger, CORRELATION_HEADER: "x-correlation-id", correlate: __correlate};
var __events_1 = {};
var __events_1_CORRELATION_ID = new RegExp("^[A-Za-z0-9._:-]{8,128}$", "");
__events_1.CORRELATION_ID = __events_1_CORRELATION_ID;
var __events_1_ORDER_ID = new RegExp("^ord_[0-9a-f]{32}$", "");
__events_1.ORDER_ID = __events_1_ORDER_ID;
Object.setPrototypeOf(__f0, global.Error);
var __http_1 = {requiredEnv: __requiredEnv, correlationIdOf: __correlationIdOf, HttpError: __f0, json: __json, errorResponse: __errorResponse};
var __records_1 = {ORDERS_KEY: "orderId"};
var __exports = {};
var __exports_VISIBLE_ORDER_FIELDS = ["orderId", "status", "customerId", "placedAt", "updatedAt", "currency", "totalCents", "itemCount", "error"];
__exports.VISIBLE_ORDER_FIELDS = __exports_VISIBLE_ORDER_FIELDS;

function __requiredEnv(__0) {
  return (function() {
    with({ requiredEnv: __requiredEnv, this: undefined, arguments: undefined }) {

return function /*requiredEnv*/(name) {
    const value = process.env[name];
    if (!value)
        throw new Error(`environment variable ${name} is not set`);
    return value;
};

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __header(__0, __1) {
  return (function() {
    with({ header: __header, this: undefined, arguments: undefined }) {

return function /*header*/(event, name) {
    const wanted = name.toLowerCase();
    for (const [key, value] of Object.entries(event.headers ?? {})) {
        if (key.toLowerCase() === wanted)
            return value;
    }
    return undefined;
};

    }
  }).apply(undefined, undefined).apply(this, arguments);
}
const logger_1 = require("@aws-lambda-powertools/logger");

function __createLogger() {
  return (function() {
    with({ createLogger: __createLogger, this: undefined, arguments: undefined }) {

return function /*createLogger*/() {
    return new logger_1.Logger();
};

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __correlate(__0, __1) {
  return (function() {
    with({ correlate: __correlate, this: undefined, arguments: undefined }) {

return function /*correlate*/(logger, keys) {
    logger.resetKeys();
    logger.appendKeys(keys);
};

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __f0(__0, __1, __2, __3) {
  return (function() {
    with({ __super: global.Error, this: undefined, arguments: undefined }) {

return function /*constructor*/(statusCode, error, field, message, headers = {}) {
    __super.call(this, message);
    this.statusCode = statusCode;
    this.error = error;
    this.field = field;
    this.headers = headers;
    this.name = "HttpError";
};

    }
  }).apply(undefined, undefined).apply(this, arguments);
}
const crypto_1 = require("crypto");

function __correlationIdOf(__0) {
  return (function() {
    with({ header: __header, logging_1: __logging_1, events_1: __events_1, HttpError: __f0, correlationIdOf: __correlationIdOf, this: undefined, arguments: undefined }) {

return function /*correlationIdOf*/(event) {
    const given = header(event, logging_1.CORRELATION_HEADER);
    if (given === undefined)
        return `corr-${(0, crypto_1.randomBytes)(12).toString("hex")}`;
    if (!events_1.CORRELATION_ID.test(given)) {
        throw new HttpError(400, "ValidationError", logging_1.CORRELATION_HEADER, `${logging_1.CORRELATION_HEADER} header must be 8-128 letters, digits or . _ : -`);
    }
    return given;
};

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __json(__0, __1) {
  return (function() {
    with({ json: __json, this: undefined, arguments: undefined }) {

return function /*json*/(statusCode, body, headers = {}) {
    return {
        statusCode,
        headers: { "content-type": "application/json", "cache-control": "no-store", ...headers },
        body: JSON.stringify(body),
    };
};

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __errorResponse(__0) {
  return (function() {
    with({ json: __json, errorResponse: __errorResponse, this: undefined, arguments: undefined }) {

return function /*errorResponse*/(err, headers = {}) {
    return json(err.statusCode, { error: err.error, field: err.field, message: err.message }, { ...headers, ...err.headers });
};

    }
  }).apply(undefined, undefined).apply(this, arguments);
}
const lib_dynamodb_1 = require("@aws-sdk/lib-dynamodb/dist-cjs/index.js");

function __getOrder(__0, __1) {
  return (function() {
    with({ http_1: __http_1, logging_1: __logging_1, events_1: __events_1, records_1: __records_1, exports: __exports, getOrder: __getOrder, this: undefined, arguments: undefined }) {

return async function /*getOrder*/(event, deps) {
    let echo = {};
    try {
        const correlationId = (0, http_1.correlationIdOf)(event);
        echo = { [logging_1.CORRELATION_HEADER]: correlationId };
        const orderId = event.pathParameters?.orderId ?? "";
        (0, logging_1.correlate)(deps.logger, { correlationId, orderId });
        if (!events_1.ORDER_ID.test(orderId)) {
            throw new http_1.HttpError(400, "ValidationError", "orderId", "orderId must be ord_ followed by 32 lowercase hex digits");
        }
        // Strongly consistent, so a client that polls right after its 202 sees the order it just placed.
        const { Item } = await deps.db.send(new lib_dynamodb_1.GetCommand({ TableName: deps.ordersTable, Key: { [records_1.ORDERS_KEY]: orderId }, ConsistentRead: true }));
        if (!Item)
            return (0, http_1.json)(404, { error: "NotFound", field: "orderId", message: `no order ${orderId}` }, echo);
        const visible = {};
        for (const field of exports.VISIBLE_ORDER_FIELDS)
            if (Item[field] !== undefined)
                visible[field] = Item[field];
        return (0, http_1.json)(200, visible, echo);
    }
    catch (err) {
        if (err instanceof http_1.HttpError)
            return (0, http_1.errorResponse)(err, echo);
        deps.logger.error("could not read the order", err);
        return (0, http_1.json)(503, { error: "ServiceUnavailable", message: "the order could not be read right now; retry" }, { ...echo, "retry-after": "1" });
    }
};

    }
  }).apply(undefined, undefined).apply(this, arguments);
}
const client_dynamodb_1 = require("@aws-sdk/client-dynamodb/dist-cjs/index.js");

function __createGetOrderHandler() {
  return (function() {
    with({ http_1: __http_1, logging_1: __logging_1, getOrder: __getOrder, createGetOrderHandler: __createGetOrderHandler, this: undefined, arguments: undefined }) {

return function /*createGetOrderHandler*/() {
    const deps = {
        db: lib_dynamodb_1.DynamoDBDocumentClient.from(new client_dynamodb_1.DynamoDBClient({})),
        ordersTable: (0, http_1.requiredEnv)("ORDERS_TABLE"),
        logger: (0, logging_1.createLogger)(),
    };
    return (event) => getOrder(event, deps);
};

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

exports.handler = __createGetOrderHandler();