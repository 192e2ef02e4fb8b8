
var __logging_1 = {createLogger: __createLogger};
var __events_1 = {};
var __events_1_CUSTOMER_ID = new RegExp("^[A-Za-z0-9_-]{1,64}$", "");
__events_1.CUSTOMER_ID = __events_1_CUSTOMER_ID;
var __exports = {MAX_TOKEN_LIFETIME_SECONDS: 86400, MAX_SESSION_SECONDS: 86400, MIN_SESSION_SECONDS: 300, CLIENT_ID_SEPARATOR: "."};
var __DENIED = {};
__DENIED.isAuthenticated = false;
__DENIED.principalId = "unauthenticated";
__DENIED.disconnectAfterInSeconds = 300;
__DENIED.refreshAfterInSeconds = 300;
var __DENIED_policyDocuments = [];
__DENIED.policyDocuments = __DENIED_policyDocuments;
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
const client_ssm_1 = require("@aws-sdk/client-ssm/dist-cjs/index.js");

function __readSecret(__0, __1) {
  return (function() {
    with({ readSecret: __readSecret, this: undefined, arguments: undefined }) {

return async function /*readSecret*/(ssm, parameterName) {
    const result = await ssm.send(new client_ssm_1.GetParameterCommand({ Name: parameterName, WithDecryption: true }));
    const value = result.Parameter?.Value;
    if (!value)
        throw new Error(`SSM parameter ${parameterName} has no value`);
    return value;
};

    }
  }).apply(undefined, undefined).apply(this, arguments);
}
const crypto_1 = require("crypto");

function __f0(__0, __1) {
  return (function() {
    with({ this: undefined, arguments: undefined }) {

return (secret, payload) => (0, crypto_1.createHmac)("sha256", secret).update(payload).digest();

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __verifyToken(__0, __1, __2) {
  return (function() {
    with({ sign: __f0, events_1: __events_1, exports: __exports, verifyToken: __verifyToken, this: undefined, arguments: undefined }) {

return function /*verifyToken*/(secret, token, nowSeconds) {
    if (!token)
        return { valid: false, reason: "missing" };
    const parts = token.split(".");
    if (parts.length !== 2 || !/^[A-Za-z0-9_-]+$/.test(parts[0]) || !/^[A-Za-z0-9_-]+$/.test(parts[1])) {
        return { valid: false, reason: "malformed" };
    }
    const [payload, signature] = parts;
    const expected = sign(secret, payload);
    const given = Buffer.from(signature, "base64url");
    if (given.length !== expected.length || !(0, crypto_1.timingSafeEqual)(given, expected))
        return { valid: false, reason: "forged" };
    let claims;
    try {
        claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
    }
    catch {
        return { valid: false, reason: "malformed" };
    }
    const { customerId, exp } = (claims ?? {});
    if (typeof customerId !== "string" || !events_1.CUSTOMER_ID.test(customerId) || typeof exp !== "number" || !Number.isInteger(exp)) {
        return { valid: false, reason: "malformed" };
    }
    if (exp <= nowSeconds)
        return { valid: false, reason: "expired" };
    if (exp - nowSeconds > exports.MAX_TOKEN_LIFETIME_SECONDS)
        return { valid: false, reason: "too-long-lived" };
    return { valid: true, claims: { customerId, exp } };
};

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __tokenFrom(__0) {
  return (function() {
    with({ tokenFrom: __tokenFrom, this: undefined, arguments: undefined }) {

return function /*tokenFrom*/(event) {
    if (event.token)
        return event.token;
    const query = event.protocolData?.http?.queryString;
    if (query) {
        const fromQuery = new URLSearchParams(query.replace(/^\?/, "")).get("token");
        if (fromQuery)
            return fromQuery;
    }
    const password = event.protocolData?.mqtt?.password;
    return password ? Buffer.from(password, "base64").toString("utf8") : undefined;
};

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __customerPolicy(__0, __1) {
  return (function() {
    with({ exports: __exports, customerPolicy: __customerPolicy, this: undefined, arguments: undefined }) {

return function /*customerPolicy*/(settings, customerId) {
    const { iotArnPrefix, topicPrefix } = settings;
    return {
        Version: "2012-10-17",
        Statement: [
            { Effect: "Allow", Action: ["iot:Connect"], Resource: [`${iotArnPrefix}:client/${customerId}${exports.CLIENT_ID_SEPARATOR}*`] },
            { Effect: "Allow", Action: ["iot:Subscribe"], Resource: [`${iotArnPrefix}:topicfilter/${topicPrefix}/${customerId}`] },
            { Effect: "Allow", Action: ["iot:Receive"], Resource: [`${iotArnPrefix}:topic/${topicPrefix}/${customerId}`] },
        ],
    };
};

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __authorize(__0, __1, __2, __3) {
  return (function() {
    with({ verifyToken: __verifyToken, tokenFrom: __tokenFrom, DENIED: __DENIED, exports: __exports, customerPolicy: __customerPolicy, authorize: __authorize, this: undefined, arguments: undefined }) {

return function /*authorize*/(event, secret, settings, nowSeconds) {
    const check = verifyToken(secret, tokenFrom(event), nowSeconds);
    if (!check.valid)
        return { response: { ...DENIED }, check };
    const { customerId, exp } = check.claims;
    // The session ends at the token's expiry (IoT allows 300 s at the least); the refresh re-checks the token.
    const remaining = Math.min(exports.MAX_SESSION_SECONDS, Math.max(exports.MIN_SESSION_SECONDS, exp - nowSeconds));
    return {
        check,
        response: {
            isAuthenticated: true,
            // IoT requires [a-zA-Z0-9]{1,128}; hex keeps every customer id distinct (64 chars → 128 hex digits).
            principalId: Buffer.from(customerId, "utf8").toString("hex"),
            disconnectAfterInSeconds: remaining,
            refreshAfterInSeconds: remaining,
            policyDocuments: [customerPolicy(settings, customerId)],
        },
    };
};

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __createIotAuthorizerHandler() {
  return (function() {
    with({ logging_1: __logging_1, readSecret: __readSecret, authorize: __authorize, createIotAuthorizerHandler: __createIotAuthorizerHandler, this: undefined, arguments: undefined }) {

return function /*createIotAuthorizerHandler*/() {
    const parameterName = process.env.SIGNING_PARAMETER_NAME;
    const iotArnPrefix = process.env.IOT_ARN_PREFIX;
    const topicPrefix = process.env.TOPIC_PREFIX;
    if (!parameterName || !iotArnPrefix || !topicPrefix)
        throw new Error("SIGNING_PARAMETER_NAME, IOT_ARN_PREFIX and TOPIC_PREFIX must be set");
    const ssm = new client_ssm_1.SSMClient({});
    const logger = (0, logging_1.createLogger)();
    let secret;
    const loadSecret = () => (secret ??= readSecret(ssm, parameterName).catch((error) => {
        secret = undefined;
        throw error;
    }));
    void loadSecret().catch(() => undefined);
    return async (event) => {
        const { response, check } = authorize(event, await loadSecret(), { iotArnPrefix, topicPrefix }, Math.floor(Date.now() / 1000));
        logger.info("authorization", {
            connectionId: event.connectionMetadata?.id,
            authenticated: response.isAuthenticated,
            ...(check.valid ? { customerId: check.claims.customerId } : { reason: check.reason }),
        });
        return response;
    };
};

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

exports.handler = __createIotAuthorizerHandler();