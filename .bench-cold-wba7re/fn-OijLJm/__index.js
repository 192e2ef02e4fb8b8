
var __logging_1 = {createLogger: __createLogger, correlate: __correlate};
Object.setPrototypeOf(__f0, global.Error);
var __KEY = new RegExp("^receipts\\/(ord_[0-9a-f]{32})\\.json$", "");
var __receiptWriter_1 = {RECEIPTS_PREFIX: "receipts/"};
var __events_1 = {};
var __v = {};
var __DEFAULT_CONFIG = {lang: undefined, message: undefined, abortEarly: undefined, abortPipeEarly: undefined};
Object.defineProperty(__getGlobalConfig, "arguments", { value: null });
Object.defineProperty(__getGlobalConfig, "caller", { value: null });
Object.defineProperty(__safeParse, "arguments", { value: null });
Object.defineProperty(__safeParse, "caller", { value: null });
Object.defineProperty(__v, "safeParse", { enumerable: true, get: __f1 });
Object.defineProperty(__getDotPath, "arguments", { value: null });
Object.defineProperty(__getDotPath, "caller", { value: null });
Object.defineProperty(__v, "getDotPath", { enumerable: true, get: __f2 });
Object.setPrototypeOf(__f3, global.Error);
__events_1.parseDetail = __parseDetail;
var __events_1_CONTRACTS = {};
var __events_1_CONTRACTS_OrderPlaced = {};
__events_1_CONTRACTS_OrderPlaced.source = "orders.api";
__events_1_CONTRACTS_OrderPlaced.detailType = "OrderPlaced";
var __events_1_CONTRACTS_OrderPlaced_detail = {};
__events_1_CONTRACTS_OrderPlaced_detail.kind = "schema";
__events_1_CONTRACTS_OrderPlaced_detail.type = "strict_object";
Object.defineProperty(__standardSchema, "arguments", { value: null });
Object.defineProperty(__standardSchema, "caller", { value: null });
Object.defineProperty(__getDefault, "arguments", { value: null });
Object.defineProperty(__getDefault, "caller", { value: null });
Object.defineProperty(__getFallback, "arguments", { value: null });
Object.defineProperty(__getFallback, "caller", { value: null });
Object.defineProperty(__stringify, "arguments", { value: null });
Object.defineProperty(__stringify, "caller", { value: null });
Object.defineProperty(__getSpecificMessage, "arguments", { value: null });
Object.defineProperty(__getSpecificMessage, "caller", { value: null });
Object.defineProperty(__getSchemaMessage, "arguments", { value: null });
Object.defineProperty(__getSchemaMessage, "caller", { value: null });
Object.defineProperty(__getGlobalMessage, "arguments", { value: null });
Object.defineProperty(__getGlobalMessage, "caller", { value: null });
Object.defineProperty(__addIssue, "arguments", { value: null });
Object.defineProperty(__addIssue, "caller", { value: null });
Object.defineProperty(__strictObject, "arguments", { value: null });
Object.defineProperty(__strictObject, "caller", { value: null });
__events_1_CONTRACTS_OrderPlaced_detail.reference = __strictObject;
__events_1_CONTRACTS_OrderPlaced_detail.expects = "Object";
__events_1_CONTRACTS_OrderPlaced_detail.async = false;
var __events_1_CONTRACTS_OrderPlaced_detail_entries = {};
var __events_1_CONTRACTS_OrderPlaced_detail_entries_orderId = {};
__events_1_CONTRACTS_OrderPlaced_detail_entries_orderId.kind = "schema";
__events_1_CONTRACTS_OrderPlaced_detail_entries_orderId.type = "string";
Object.defineProperty(__string, "arguments", { value: null });
Object.defineProperty(__string, "caller", { value: null });
__events_1_CONTRACTS_OrderPlaced_detail_entries_orderId.reference = __string;
__events_1_CONTRACTS_OrderPlaced_detail_entries_orderId.expects = "string";
__events_1_CONTRACTS_OrderPlaced_detail_entries_orderId.async = false;
__events_1_CONTRACTS_OrderPlaced_detail_entries_orderId.message = undefined;
var __pipe1 = [];
var __pipe1_0 = {};
__pipe1_0.kind = "schema";
__pipe1_0.type = "string";
__pipe1_0.reference = __string;
__pipe1_0.expects = "string";
__pipe1_0.async = false;
__pipe1_0.message = undefined;
__pipe1_0["~run"] = __f5;
var __pipe1_0_standard = {version: 1, vendor: "valibot", validate: __f6};
__pipe1_0["~standard"] = __pipe1_0_standard;
__pipe1[0] = __pipe1_0;
var __pipe1_1 = {};
__pipe1_1.kind = "validation";
__pipe1_1.type = "regex";
Object.defineProperty(__regex, "arguments", { value: null });
Object.defineProperty(__regex, "caller", { value: null });
__pipe1_1.reference = __regex;
__pipe1_1.async = false;
__pipe1_1.expects = "/^ord_[0-9a-f]{32}$/";
var __pipe1_1_requirement = new RegExp("^ord_[0-9a-f]{32}$", "");
__pipe1_1.requirement = __pipe1_1_requirement;
__pipe1_1.message = "must be ord_ followed by 32 lowercase hex digits";
__pipe1_1["~run"] = __f7;
__pipe1[1] = __pipe1_1;
__events_1_CONTRACTS_OrderPlaced_detail_entries_orderId["~run"] = __f4;
var __events_1_CONTRACTS_OrderPlaced_detail_entries_orderId_standard = {version: 1, vendor: "valibot", validate: __f8};
__events_1_CONTRACTS_OrderPlaced_detail_entries_orderId["~standard"] = __events_1_CONTRACTS_OrderPlaced_detail_entries_orderId_standard;
__events_1_CONTRACTS_OrderPlaced_detail_entries_orderId.pipe = __pipe1;
__events_1_CONTRACTS_OrderPlaced_detail_entries.orderId = __events_1_CONTRACTS_OrderPlaced_detail_entries_orderId;
var __events_1_CONTRACTS_OrderPlaced_detail_entries_customerId = {};
__events_1_CONTRACTS_OrderPlaced_detail_entries_customerId.kind = "schema";
__events_1_CONTRACTS_OrderPlaced_detail_entries_customerId.type = "string";
__events_1_CONTRACTS_OrderPlaced_detail_entries_customerId.reference = __string;
__events_1_CONTRACTS_OrderPlaced_detail_entries_customerId.expects = "string";
__events_1_CONTRACTS_OrderPlaced_detail_entries_customerId.async = false;
__events_1_CONTRACTS_OrderPlaced_detail_entries_customerId.message = undefined;
var __0_pipe1 = [];
var __0_pipe1_0 = {};
__0_pipe1_0.kind = "schema";
__0_pipe1_0.type = "string";
__0_pipe1_0.reference = __string;
__0_pipe1_0.expects = "string";
__0_pipe1_0.async = false;
__0_pipe1_0.message = undefined;
__0_pipe1_0["~run"] = __f10;
var __0_pipe1_0_standard = {version: 1, vendor: "valibot", validate: __f11};
__0_pipe1_0["~standard"] = __0_pipe1_0_standard;
__0_pipe1[0] = __0_pipe1_0;
var __0_pipe1_1 = {};
__0_pipe1_1.kind = "validation";
__0_pipe1_1.type = "regex";
__0_pipe1_1.reference = __regex;
__0_pipe1_1.async = false;
__0_pipe1_1.expects = "/^[A-Za-z0-9_-]{1,64}$/";
var __0_pipe1_1_requirement = new RegExp("^[A-Za-z0-9_-]{1,64}$", "");
__0_pipe1_1.requirement = __0_pipe1_1_requirement;
__0_pipe1_1.message = "must be 1-64 letters, digits, _ or -";
__0_pipe1_1["~run"] = __f12;
__0_pipe1[1] = __0_pipe1_1;
__events_1_CONTRACTS_OrderPlaced_detail_entries_customerId["~run"] = __f9;
var __events_1_CONTRACTS_OrderPlaced_detail_entries_customerId_standard = {version: 1, vendor: "valibot", validate: __f13};
__events_1_CONTRACTS_OrderPlaced_detail_entries_customerId["~standard"] = __events_1_CONTRACTS_OrderPlaced_detail_entries_customerId_standard;
__events_1_CONTRACTS_OrderPlaced_detail_entries_customerId.pipe = __0_pipe1;
__events_1_CONTRACTS_OrderPlaced_detail_entries.customerId = __events_1_CONTRACTS_OrderPlaced_detail_entries_customerId;
var __events_1_CONTRACTS_OrderPlaced_detail_entries_correlationId = {};
__events_1_CONTRACTS_OrderPlaced_detail_entries_correlationId.kind = "schema";
__events_1_CONTRACTS_OrderPlaced_detail_entries_correlationId.type = "string";
__events_1_CONTRACTS_OrderPlaced_detail_entries_correlationId.reference = __string;
__events_1_CONTRACTS_OrderPlaced_detail_entries_correlationId.expects = "string";
__events_1_CONTRACTS_OrderPlaced_detail_entries_correlationId.async = false;
__events_1_CONTRACTS_OrderPlaced_detail_entries_correlationId.message = undefined;
var __1_pipe1 = [];
var __1_pipe1_0 = {};
__1_pipe1_0.kind = "schema";
__1_pipe1_0.type = "string";
__1_pipe1_0.reference = __string;
__1_pipe1_0.expects = "string";
__1_pipe1_0.async = false;
__1_pipe1_0.message = undefined;
__1_pipe1_0["~run"] = __f15;
var __1_pipe1_0_standard = {version: 1, vendor: "valibot", validate: __f16};
__1_pipe1_0["~standard"] = __1_pipe1_0_standard;
__1_pipe1[0] = __1_pipe1_0;
var __1_pipe1_1 = {};
__1_pipe1_1.kind = "validation";
__1_pipe1_1.type = "regex";
__1_pipe1_1.reference = __regex;
__1_pipe1_1.async = false;
__1_pipe1_1.expects = "/^[A-Za-z0-9._:-]{8,128}$/";
var __1_pipe1_1_requirement = new RegExp("^[A-Za-z0-9._:-]{8,128}$", "");
__1_pipe1_1.requirement = __1_pipe1_1_requirement;
__1_pipe1_1.message = "must be 8-128 letters, digits or . _ : -";
__1_pipe1_1["~run"] = __f17;
__1_pipe1[1] = __1_pipe1_1;
__events_1_CONTRACTS_OrderPlaced_detail_entries_correlationId["~run"] = __f14;
var __events_1_CONTRACTS_OrderPlaced_detail_entries_correlationId_standard = {version: 1, vendor: "valibot", validate: __f18};
__events_1_CONTRACTS_OrderPlaced_detail_entries_correlationId["~standard"] = __events_1_CONTRACTS_OrderPlaced_detail_entries_correlationId_standard;
__events_1_CONTRACTS_OrderPlaced_detail_entries_correlationId.pipe = __1_pipe1;
__events_1_CONTRACTS_OrderPlaced_detail_entries.correlationId = __events_1_CONTRACTS_OrderPlaced_detail_entries_correlationId;
var __events_1_CONTRACTS_OrderPlaced_detail_entries_occurredAt = {};
__events_1_CONTRACTS_OrderPlaced_detail_entries_occurredAt.kind = "schema";
__events_1_CONTRACTS_OrderPlaced_detail_entries_occurredAt.type = "string";
__events_1_CONTRACTS_OrderPlaced_detail_entries_occurredAt.reference = __string;
__events_1_CONTRACTS_OrderPlaced_detail_entries_occurredAt.expects = "string";
__events_1_CONTRACTS_OrderPlaced_detail_entries_occurredAt.async = false;
__events_1_CONTRACTS_OrderPlaced_detail_entries_occurredAt.message = undefined;
var __2_pipe1 = [];
var __2_pipe1_0 = {};
__2_pipe1_0.kind = "schema";
__2_pipe1_0.type = "string";
__2_pipe1_0.reference = __string;
__2_pipe1_0.expects = "string";
__2_pipe1_0.async = false;
__2_pipe1_0.message = undefined;
__2_pipe1_0["~run"] = __f20;
var __2_pipe1_0_standard = {version: 1, vendor: "valibot", validate: __f21};
__2_pipe1_0["~standard"] = __2_pipe1_0_standard;
__2_pipe1[0] = __2_pipe1_0;
var __2_pipe1_1 = {};
__2_pipe1_1.kind = "validation";
__2_pipe1_1.type = "iso_timestamp";
var __ISO_TIMESTAMP_REGEX = new RegExp("^\\d{4}-(?:0[1-9]|1[0-2])-(?:[12]\\d|0[1-9]|3[01])[T ](?:0\\d|1\\d|2[0-3])(?::[0-5]\\d){2}(?:\\.\\d{1,9})?(?:Z| ?[+-](?:0\\d|1\\d|2[0-3])(?::?[0-5]\\d)?)$", "u");
Object.defineProperty(__isoTimestamp, "arguments", { value: null });
Object.defineProperty(__isoTimestamp, "caller", { value: null });
__2_pipe1_1.reference = __isoTimestamp;
__2_pipe1_1.async = false;
__2_pipe1_1.expects = null;
__2_pipe1_1.requirement = __ISO_TIMESTAMP_REGEX;
__2_pipe1_1.message = "must be an ISO 8601 timestamp";
__2_pipe1_1["~run"] = __f22;
__2_pipe1[1] = __2_pipe1_1;
__events_1_CONTRACTS_OrderPlaced_detail_entries_occurredAt["~run"] = __f19;
var __events_1_CONTRACTS_OrderPlaced_detail_entries_occurredAt_standard = {version: 1, vendor: "valibot", validate: __f23};
__events_1_CONTRACTS_OrderPlaced_detail_entries_occurredAt["~standard"] = __events_1_CONTRACTS_OrderPlaced_detail_entries_occurredAt_standard;
__events_1_CONTRACTS_OrderPlaced_detail_entries_occurredAt.pipe = __2_pipe1;
__events_1_CONTRACTS_OrderPlaced_detail_entries.occurredAt = __events_1_CONTRACTS_OrderPlaced_detail_entries_occurredAt;
var __events_1_CONTRACTS_OrderPlaced_detail_entries_customer = {};
__events_1_CONTRACTS_OrderPlaced_detail_entries_customer.kind = "schema";
__events_1_CONTRACTS_OrderPlaced_detail_entries_customer.type = "strict_object";
__events_1_CONTRACTS_OrderPlaced_detail_entries_customer.reference = __strictObject;
__events_1_CONTRACTS_OrderPlaced_detail_entries_customer.expects = "Object";
__events_1_CONTRACTS_OrderPlaced_detail_entries_customer.async = false;
var __events_1_CONTRACTS_OrderPlaced_detail_entries_customer_entries = {};
var __events_1_CONTRACTS_OrderPlaced_detail_entries_customer_entries_name = {};
__events_1_CONTRACTS_OrderPlaced_detail_entries_customer_entries_name.kind = "schema";
__events_1_CONTRACTS_OrderPlaced_detail_entries_customer_entries_name.type = "string";
__events_1_CONTRACTS_OrderPlaced_detail_entries_customer_entries_name.reference = __string;
__events_1_CONTRACTS_OrderPlaced_detail_entries_customer_entries_name.expects = "string";
__events_1_CONTRACTS_OrderPlaced_detail_entries_customer_entries_name.async = false;
__events_1_CONTRACTS_OrderPlaced_detail_entries_customer_entries_name.message = undefined;
var __3_pipe1 = [];
var __3_pipe1_0 = {};
__3_pipe1_0.kind = "schema";
__3_pipe1_0.type = "string";
__3_pipe1_0.reference = __string;
__3_pipe1_0.expects = "string";
__3_pipe1_0.async = false;
__3_pipe1_0.message = undefined;
__3_pipe1_0["~run"] = __f25;
var __3_pipe1_0_standard = {version: 1, vendor: "valibot", validate: __f26};
__3_pipe1_0["~standard"] = __3_pipe1_0_standard;
__3_pipe1[0] = __3_pipe1_0;
Object.defineProperty(__minLength, "arguments", { value: null });
Object.defineProperty(__minLength, "caller", { value: null });
var __3_pipe1_1 = {kind: "validation", type: "min_length", reference: __minLength, async: false, expects: ">=1", requirement: 1, message: undefined, ["~run"]: __f27};
__3_pipe1[1] = __3_pipe1_1;
Object.defineProperty(__maxLength, "arguments", { value: null });
Object.defineProperty(__maxLength, "caller", { value: null });
var __pipe1_2 = {kind: "validation", type: "max_length", reference: __maxLength, async: false, expects: "<=100", requirement: 100, message: undefined, ["~run"]: __f28};
__3_pipe1[2] = __pipe1_2;
var __pipe1_3 = {};
__pipe1_3.kind = "validation";
__pipe1_3.type = "regex";
__pipe1_3.reference = __regex;
__pipe1_3.async = false;
__pipe1_3.expects = "/\\S/";
var __pipe1_3_requirement = new RegExp("\\S", "");
__pipe1_3.requirement = __pipe1_3_requirement;
__pipe1_3.message = "must not be blank";
__pipe1_3["~run"] = __f29;
__3_pipe1[3] = __pipe1_3;
__events_1_CONTRACTS_OrderPlaced_detail_entries_customer_entries_name["~run"] = __f24;
var __events_1_CONTRACTS_OrderPlaced_detail_entries_customer_entries_name_standard = {version: 1, vendor: "valibot", validate: __f30};
__events_1_CONTRACTS_OrderPlaced_detail_entries_customer_entries_name["~standard"] = __events_1_CONTRACTS_OrderPlaced_detail_entries_customer_entries_name_standard;
__events_1_CONTRACTS_OrderPlaced_detail_entries_customer_entries_name.pipe = __3_pipe1;
__events_1_CONTRACTS_OrderPlaced_detail_entries_customer_entries.name = __events_1_CONTRACTS_OrderPlaced_detail_entries_customer_entries_name;
var __events_1_CONTRACTS_OrderPlaced_detail_entries_customer_entries_email = {};
__events_1_CONTRACTS_OrderPlaced_detail_entries_customer_entries_email.kind = "schema";
__events_1_CONTRACTS_OrderPlaced_detail_entries_customer_entries_email.type = "string";
__events_1_CONTRACTS_OrderPlaced_detail_entries_customer_entries_email.reference = __string;
__events_1_CONTRACTS_OrderPlaced_detail_entries_customer_entries_email.expects = "string";
__events_1_CONTRACTS_OrderPlaced_detail_entries_customer_entries_email.async = false;
__events_1_CONTRACTS_OrderPlaced_detail_entries_customer_entries_email.message = undefined;
var __4_pipe1 = [];
var __4_pipe1_0 = {};
__4_pipe1_0.kind = "schema";
__4_pipe1_0.type = "string";
__4_pipe1_0.reference = __string;
__4_pipe1_0.expects = "string";
__4_pipe1_0.async = false;
__4_pipe1_0.message = undefined;
__4_pipe1_0["~run"] = __f32;
var __4_pipe1_0_standard = {version: 1, vendor: "valibot", validate: __f33};
__4_pipe1_0["~standard"] = __4_pipe1_0_standard;
__4_pipe1[0] = __4_pipe1_0;
var __4_pipe1_1 = {kind: "validation", type: "max_length", reference: __maxLength, async: false, expects: "<=254", requirement: 254, message: undefined, ["~run"]: __f34};
__4_pipe1[1] = __4_pipe1_1;
var __0_pipe1_2 = {};
__0_pipe1_2.kind = "validation";
__0_pipe1_2.type = "email";
var __EMAIL_REGEX = new RegExp("^[\\w+-]+(?:\\.[\\w+-]+)*@[\\da-zA-Z]+(?:[.-][\\da-zA-Z]+)*\\.[a-zA-Z]{2,}$", "u");
Object.defineProperty(__email, "arguments", { value: null });
Object.defineProperty(__email, "caller", { value: null });
__0_pipe1_2.reference = __email;
__0_pipe1_2.expects = null;
__0_pipe1_2.async = false;
__0_pipe1_2.requirement = __EMAIL_REGEX;
__0_pipe1_2.message = "must be an email address";
__0_pipe1_2["~run"] = __f35;
__4_pipe1[2] = __0_pipe1_2;
__events_1_CONTRACTS_OrderPlaced_detail_entries_customer_entries_email["~run"] = __f31;
var __events_1_CONTRACTS_OrderPlaced_detail_entries_customer_entries_email_standard = {version: 1, vendor: "valibot", validate: __f36};
__events_1_CONTRACTS_OrderPlaced_detail_entries_customer_entries_email["~standard"] = __events_1_CONTRACTS_OrderPlaced_detail_entries_customer_entries_email_standard;
__events_1_CONTRACTS_OrderPlaced_detail_entries_customer_entries_email.pipe = __4_pipe1;
__events_1_CONTRACTS_OrderPlaced_detail_entries_customer_entries.email = __events_1_CONTRACTS_OrderPlaced_detail_entries_customer_entries_email;
__events_1_CONTRACTS_OrderPlaced_detail_entries_customer.entries = __events_1_CONTRACTS_OrderPlaced_detail_entries_customer_entries;
__events_1_CONTRACTS_OrderPlaced_detail_entries_customer.message = undefined;
__events_1_CONTRACTS_OrderPlaced_detail_entries_customer["~run"] = __f37;
var __events_1_CONTRACTS_OrderPlaced_detail_entries_customer_standard = {version: 1, vendor: "valibot", validate: __f38};
__events_1_CONTRACTS_OrderPlaced_detail_entries_customer["~standard"] = __events_1_CONTRACTS_OrderPlaced_detail_entries_customer_standard;
__events_1_CONTRACTS_OrderPlaced_detail_entries.customer = __events_1_CONTRACTS_OrderPlaced_detail_entries_customer;
var __events_1_CONTRACTS_OrderPlaced_detail_entries_currency = {};
__events_1_CONTRACTS_OrderPlaced_detail_entries_currency.kind = "schema";
__events_1_CONTRACTS_OrderPlaced_detail_entries_currency.type = "picklist";
Object.defineProperty(__joinExpects, "arguments", { value: null });
Object.defineProperty(__joinExpects, "caller", { value: null });
Object.defineProperty(__picklist, "arguments", { value: null });
Object.defineProperty(__picklist, "caller", { value: null });
__events_1_CONTRACTS_OrderPlaced_detail_entries_currency.reference = __picklist;
__events_1_CONTRACTS_OrderPlaced_detail_entries_currency.expects = "(\"EUR\" | \"USD\" | \"GBP\")";
__events_1_CONTRACTS_OrderPlaced_detail_entries_currency.async = false;
var __events_1_CONTRACTS_OrderPlaced_detail_entries_currency_options = ["EUR", "USD", "GBP"];
__events_1_CONTRACTS_OrderPlaced_detail_entries_currency.options = __events_1_CONTRACTS_OrderPlaced_detail_entries_currency_options;
__events_1_CONTRACTS_OrderPlaced_detail_entries_currency.message = undefined;
__events_1_CONTRACTS_OrderPlaced_detail_entries_currency["~run"] = __f39;
var __events_1_CONTRACTS_OrderPlaced_detail_entries_currency_standard = {version: 1, vendor: "valibot", validate: __f40};
__events_1_CONTRACTS_OrderPlaced_detail_entries_currency["~standard"] = __events_1_CONTRACTS_OrderPlaced_detail_entries_currency_standard;
__events_1_CONTRACTS_OrderPlaced_detail_entries.currency = __events_1_CONTRACTS_OrderPlaced_detail_entries_currency;
var __events_1_CONTRACTS_OrderPlaced_detail_entries_items = {};
__events_1_CONTRACTS_OrderPlaced_detail_entries_items.kind = "schema";
__events_1_CONTRACTS_OrderPlaced_detail_entries_items.type = "array";
Object.defineProperty(__array, "arguments", { value: null });
Object.defineProperty(__array, "caller", { value: null });
__events_1_CONTRACTS_OrderPlaced_detail_entries_items.reference = __array;
__events_1_CONTRACTS_OrderPlaced_detail_entries_items.expects = "Array";
__events_1_CONTRACTS_OrderPlaced_detail_entries_items.async = false;
var __events_1_CONTRACTS_OrderPlaced_detail_entries_items_item = {};
__events_1_CONTRACTS_OrderPlaced_detail_entries_items_item.kind = "schema";
__events_1_CONTRACTS_OrderPlaced_detail_entries_items_item.type = "strict_object";
__events_1_CONTRACTS_OrderPlaced_detail_entries_items_item.reference = __strictObject;
__events_1_CONTRACTS_OrderPlaced_detail_entries_items_item.expects = "Object";
__events_1_CONTRACTS_OrderPlaced_detail_entries_items_item.async = false;
var __events_1_CONTRACTS_OrderPlaced_detail_entries_items_item_entries = {};
var __events_1_CONTRACTS_OrderPlaced_detail_entries_items_item_entries_sku = {};
__events_1_CONTRACTS_OrderPlaced_detail_entries_items_item_entries_sku.kind = "schema";
__events_1_CONTRACTS_OrderPlaced_detail_entries_items_item_entries_sku.type = "string";
__events_1_CONTRACTS_OrderPlaced_detail_entries_items_item_entries_sku.reference = __string;
__events_1_CONTRACTS_OrderPlaced_detail_entries_items_item_entries_sku.expects = "string";
__events_1_CONTRACTS_OrderPlaced_detail_entries_items_item_entries_sku.async = false;
__events_1_CONTRACTS_OrderPlaced_detail_entries_items_item_entries_sku.message = undefined;
var __5_pipe1 = [];
var __5_pipe1_0 = {};
__5_pipe1_0.kind = "schema";
__5_pipe1_0.type = "string";
__5_pipe1_0.reference = __string;
__5_pipe1_0.expects = "string";
__5_pipe1_0.async = false;
__5_pipe1_0.message = undefined;
__5_pipe1_0["~run"] = __f42;
var __5_pipe1_0_standard = {version: 1, vendor: "valibot", validate: __f43};
__5_pipe1_0["~standard"] = __5_pipe1_0_standard;
__5_pipe1[0] = __5_pipe1_0;
var __5_pipe1_1 = {};
__5_pipe1_1.kind = "validation";
__5_pipe1_1.type = "regex";
__5_pipe1_1.reference = __regex;
__5_pipe1_1.async = false;
__5_pipe1_1.expects = "/^[A-Z0-9-]{3,32}$/";
var __2_pipe1_1_requirement = new RegExp("^[A-Z0-9-]{3,32}$", "");
__5_pipe1_1.requirement = __2_pipe1_1_requirement;
__5_pipe1_1.message = "must be 3-32 uppercase letters, digits or -";
__5_pipe1_1["~run"] = __f44;
__5_pipe1[1] = __5_pipe1_1;
__events_1_CONTRACTS_OrderPlaced_detail_entries_items_item_entries_sku["~run"] = __f41;
var __events_1_CONTRACTS_OrderPlaced_detail_entries_items_item_entries_sku_standard = {version: 1, vendor: "valibot", validate: __f45};
__events_1_CONTRACTS_OrderPlaced_detail_entries_items_item_entries_sku["~standard"] = __events_1_CONTRACTS_OrderPlaced_detail_entries_items_item_entries_sku_standard;
__events_1_CONTRACTS_OrderPlaced_detail_entries_items_item_entries_sku.pipe = __5_pipe1;
__events_1_CONTRACTS_OrderPlaced_detail_entries_items_item_entries.sku = __events_1_CONTRACTS_OrderPlaced_detail_entries_items_item_entries_sku;
var __events_1_CONTRACTS_OrderPlaced_detail_entries_items_item_entries_quantity = {};
__events_1_CONTRACTS_OrderPlaced_detail_entries_items_item_entries_quantity.kind = "schema";
__events_1_CONTRACTS_OrderPlaced_detail_entries_items_item_entries_quantity.type = "number";
Object.defineProperty(__number, "arguments", { value: null });
Object.defineProperty(__number, "caller", { value: null });
__events_1_CONTRACTS_OrderPlaced_detail_entries_items_item_entries_quantity.reference = __number;
__events_1_CONTRACTS_OrderPlaced_detail_entries_items_item_entries_quantity.expects = "number";
__events_1_CONTRACTS_OrderPlaced_detail_entries_items_item_entries_quantity.async = false;
__events_1_CONTRACTS_OrderPlaced_detail_entries_items_item_entries_quantity.message = undefined;
var __6_pipe1 = [];
var __6_pipe1_0 = {};
__6_pipe1_0.kind = "schema";
__6_pipe1_0.type = "number";
__6_pipe1_0.reference = __number;
__6_pipe1_0.expects = "number";
__6_pipe1_0.async = false;
__6_pipe1_0.message = undefined;
__6_pipe1_0["~run"] = __f47;
var __6_pipe1_0_standard = {version: 1, vendor: "valibot", validate: __f48};
__6_pipe1_0["~standard"] = __6_pipe1_0_standard;
__6_pipe1[0] = __6_pipe1_0;
Object.defineProperty(__integer, "arguments", { value: null });
Object.defineProperty(__integer, "caller", { value: null });
var __6_pipe1_1 = {kind: "validation", type: "integer", reference: __integer, async: false, expects: null, requirement: global.Number.isInteger, message: "must be an integer", ["~run"]: __f49};
__6_pipe1[1] = __6_pipe1_1;
Object.defineProperty(__minValue, "arguments", { value: null });
Object.defineProperty(__minValue, "caller", { value: null });
var __1_pipe1_2 = {kind: "validation", type: "min_value", reference: __minValue, async: false, expects: ">=1", requirement: 1, message: undefined, ["~run"]: __f50};
__6_pipe1[2] = __1_pipe1_2;
Object.defineProperty(__maxValue, "arguments", { value: null });
Object.defineProperty(__maxValue, "caller", { value: null });
var __0_pipe1_3 = {kind: "validation", type: "max_value", reference: __maxValue, async: false, expects: "<=100", requirement: 100, message: undefined, ["~run"]: __f51};
__6_pipe1[3] = __0_pipe1_3;
__events_1_CONTRACTS_OrderPlaced_detail_entries_items_item_entries_quantity["~run"] = __f46;
var __events_1_CONTRACTS_OrderPlaced_detail_entries_items_item_entries_quantity_standard = {version: 1, vendor: "valibot", validate: __f52};
__events_1_CONTRACTS_OrderPlaced_detail_entries_items_item_entries_quantity["~standard"] = __events_1_CONTRACTS_OrderPlaced_detail_entries_items_item_entries_quantity_standard;
__events_1_CONTRACTS_OrderPlaced_detail_entries_items_item_entries_quantity.pipe = __6_pipe1;
__events_1_CONTRACTS_OrderPlaced_detail_entries_items_item_entries.quantity = __events_1_CONTRACTS_OrderPlaced_detail_entries_items_item_entries_quantity;
__events_1_CONTRACTS_OrderPlaced_detail_entries_items_item.entries = __events_1_CONTRACTS_OrderPlaced_detail_entries_items_item_entries;
__events_1_CONTRACTS_OrderPlaced_detail_entries_items_item.message = undefined;
__events_1_CONTRACTS_OrderPlaced_detail_entries_items_item["~run"] = __f53;
var __events_1_CONTRACTS_OrderPlaced_detail_entries_items_item_standard = {version: 1, vendor: "valibot", validate: __f54};
__events_1_CONTRACTS_OrderPlaced_detail_entries_items_item["~standard"] = __events_1_CONTRACTS_OrderPlaced_detail_entries_items_item_standard;
__events_1_CONTRACTS_OrderPlaced_detail_entries_items.item = __events_1_CONTRACTS_OrderPlaced_detail_entries_items_item;
__events_1_CONTRACTS_OrderPlaced_detail_entries_items.message = undefined;
var __7_pipe1 = [];
var __7_pipe1_0 = {};
__7_pipe1_0.kind = "schema";
__7_pipe1_0.type = "array";
__7_pipe1_0.reference = __array;
__7_pipe1_0.expects = "Array";
__7_pipe1_0.async = false;
__7_pipe1_0.item = __events_1_CONTRACTS_OrderPlaced_detail_entries_items_item;
__7_pipe1_0.message = undefined;
__7_pipe1_0["~run"] = __f56;
var __7_pipe1_0_standard = {version: 1, vendor: "valibot", validate: __f57};
__7_pipe1_0["~standard"] = __7_pipe1_0_standard;
__7_pipe1[0] = __7_pipe1_0;
var __7_pipe1_1 = {kind: "validation", type: "min_length", reference: __minLength, async: false, expects: ">=1", requirement: 1, message: "must hold at least one line", ["~run"]: __f58};
__7_pipe1[1] = __7_pipe1_1;
var __2_pipe1_2 = {kind: "validation", type: "max_length", reference: __maxLength, async: false, expects: "<=50", requirement: 50, message: undefined, ["~run"]: __f59};
__7_pipe1[2] = __2_pipe1_2;
__events_1_CONTRACTS_OrderPlaced_detail_entries_items["~run"] = __f55;
var __events_1_CONTRACTS_OrderPlaced_detail_entries_items_standard = {version: 1, vendor: "valibot", validate: __f60};
__events_1_CONTRACTS_OrderPlaced_detail_entries_items["~standard"] = __events_1_CONTRACTS_OrderPlaced_detail_entries_items_standard;
__events_1_CONTRACTS_OrderPlaced_detail_entries_items.pipe = __7_pipe1;
__events_1_CONTRACTS_OrderPlaced_detail_entries.items = __events_1_CONTRACTS_OrderPlaced_detail_entries_items;
__events_1_CONTRACTS_OrderPlaced_detail.entries = __events_1_CONTRACTS_OrderPlaced_detail_entries;
__events_1_CONTRACTS_OrderPlaced_detail.message = undefined;
__events_1_CONTRACTS_OrderPlaced_detail["~run"] = __f61;
var __events_1_CONTRACTS_OrderPlaced_detail_standard = {version: 1, vendor: "valibot", validate: __f62};
__events_1_CONTRACTS_OrderPlaced_detail["~standard"] = __events_1_CONTRACTS_OrderPlaced_detail_standard;
__events_1_CONTRACTS_OrderPlaced.detail = __events_1_CONTRACTS_OrderPlaced_detail;
var __events_1_CONTRACTS_OrderPlaced_example = {};
__events_1_CONTRACTS_OrderPlaced_example.orderId = "ord_0123456789abcdef0123456789abcdef";
__events_1_CONTRACTS_OrderPlaced_example.customerId = "cust-42";
__events_1_CONTRACTS_OrderPlaced_example.correlationId = "corr-1b9d6bcd-bbfd-4b2d";
__events_1_CONTRACTS_OrderPlaced_example.occurredAt = "2026-11-26T10:00:00.000Z";
var __events_1_CONTRACTS_OrderPlaced_example_customer = {name: "Ada Lovelace", email: "ada@example.com"};
__events_1_CONTRACTS_OrderPlaced_example.customer = __events_1_CONTRACTS_OrderPlaced_example_customer;
__events_1_CONTRACTS_OrderPlaced_example.currency = "EUR";
var __events_1_CONTRACTS_OrderPlaced_example_items = [];
var __events_1_CONTRACTS_OrderPlaced_example_items_0 = {sku: "BOOK-001", quantity: 2};
__events_1_CONTRACTS_OrderPlaced_example_items[0] = __events_1_CONTRACTS_OrderPlaced_example_items_0;
__events_1_CONTRACTS_OrderPlaced_example.items = __events_1_CONTRACTS_OrderPlaced_example_items;
__events_1_CONTRACTS_OrderPlaced.example = __events_1_CONTRACTS_OrderPlaced_example;
__events_1_CONTRACTS.OrderPlaced = __events_1_CONTRACTS_OrderPlaced;
var __events_1_CONTRACTS_CustomerRegistered = {};
__events_1_CONTRACTS_CustomerRegistered.source = "orders.workflow";
__events_1_CONTRACTS_CustomerRegistered.detailType = "CustomerRegistered";
var __events_1_CONTRACTS_CustomerRegistered_detail = {};
__events_1_CONTRACTS_CustomerRegistered_detail.kind = "schema";
__events_1_CONTRACTS_CustomerRegistered_detail.type = "strict_object";
__events_1_CONTRACTS_CustomerRegistered_detail.reference = __strictObject;
__events_1_CONTRACTS_CustomerRegistered_detail.expects = "Object";
__events_1_CONTRACTS_CustomerRegistered_detail.async = false;
var __events_1_CONTRACTS_CustomerRegistered_detail_entries = {};
__events_1_CONTRACTS_CustomerRegistered_detail_entries.orderId = __events_1_CONTRACTS_OrderPlaced_detail_entries_orderId;
__events_1_CONTRACTS_CustomerRegistered_detail_entries.customerId = __events_1_CONTRACTS_OrderPlaced_detail_entries_customerId;
__events_1_CONTRACTS_CustomerRegistered_detail_entries.correlationId = __events_1_CONTRACTS_OrderPlaced_detail_entries_correlationId;
__events_1_CONTRACTS_CustomerRegistered_detail_entries.occurredAt = __events_1_CONTRACTS_OrderPlaced_detail_entries_occurredAt;
__events_1_CONTRACTS_CustomerRegistered_detail_entries.name = __events_1_CONTRACTS_OrderPlaced_detail_entries_customer_entries_name;
__events_1_CONTRACTS_CustomerRegistered_detail_entries.email = __events_1_CONTRACTS_OrderPlaced_detail_entries_customer_entries_email;
__events_1_CONTRACTS_CustomerRegistered_detail.entries = __events_1_CONTRACTS_CustomerRegistered_detail_entries;
__events_1_CONTRACTS_CustomerRegistered_detail.message = undefined;
__events_1_CONTRACTS_CustomerRegistered_detail["~run"] = __f63;
var __events_1_CONTRACTS_CustomerRegistered_detail_standard = {version: 1, vendor: "valibot", validate: __f64};
__events_1_CONTRACTS_CustomerRegistered_detail["~standard"] = __events_1_CONTRACTS_CustomerRegistered_detail_standard;
__events_1_CONTRACTS_CustomerRegistered.detail = __events_1_CONTRACTS_CustomerRegistered_detail;
var __events_1_CONTRACTS_CustomerRegistered_example = {orderId: "ord_0123456789abcdef0123456789abcdef", customerId: "cust-42", correlationId: "corr-1b9d6bcd-bbfd-4b2d", occurredAt: "2026-11-26T10:00:00.000Z", name: "Ada Lovelace", email: "ada@example.com"};
__events_1_CONTRACTS_CustomerRegistered.example = __events_1_CONTRACTS_CustomerRegistered_example;
__events_1_CONTRACTS.CustomerRegistered = __events_1_CONTRACTS_CustomerRegistered;
var __events_1_CONTRACTS_OrderProcessed = {};
__events_1_CONTRACTS_OrderProcessed.source = "orders.workflow";
__events_1_CONTRACTS_OrderProcessed.detailType = "OrderProcessed";
var __events_1_CONTRACTS_OrderProcessed_detail = {};
__events_1_CONTRACTS_OrderProcessed_detail.kind = "schema";
__events_1_CONTRACTS_OrderProcessed_detail.type = "strict_object";
__events_1_CONTRACTS_OrderProcessed_detail.reference = __strictObject;
__events_1_CONTRACTS_OrderProcessed_detail.expects = "Object";
__events_1_CONTRACTS_OrderProcessed_detail.async = false;
var __events_1_CONTRACTS_OrderProcessed_detail_entries = {};
__events_1_CONTRACTS_OrderProcessed_detail_entries.orderId = __events_1_CONTRACTS_OrderPlaced_detail_entries_orderId;
__events_1_CONTRACTS_OrderProcessed_detail_entries.customerId = __events_1_CONTRACTS_OrderPlaced_detail_entries_customerId;
__events_1_CONTRACTS_OrderProcessed_detail_entries.correlationId = __events_1_CONTRACTS_OrderPlaced_detail_entries_correlationId;
__events_1_CONTRACTS_OrderProcessed_detail_entries.occurredAt = __events_1_CONTRACTS_OrderPlaced_detail_entries_occurredAt;
var __events_1_CONTRACTS_OrderProcessed_detail_entries_currency = {};
__events_1_CONTRACTS_OrderProcessed_detail_entries_currency.kind = "schema";
__events_1_CONTRACTS_OrderProcessed_detail_entries_currency.type = "picklist";
__events_1_CONTRACTS_OrderProcessed_detail_entries_currency.reference = __picklist;
__events_1_CONTRACTS_OrderProcessed_detail_entries_currency.expects = "(\"EUR\" | \"USD\" | \"GBP\")";
__events_1_CONTRACTS_OrderProcessed_detail_entries_currency.async = false;
__events_1_CONTRACTS_OrderProcessed_detail_entries_currency.options = __events_1_CONTRACTS_OrderPlaced_detail_entries_currency_options;
__events_1_CONTRACTS_OrderProcessed_detail_entries_currency.message = undefined;
__events_1_CONTRACTS_OrderProcessed_detail_entries_currency["~run"] = __f65;
var __events_1_CONTRACTS_OrderProcessed_detail_entries_currency_standard = {version: 1, vendor: "valibot", validate: __f66};
__events_1_CONTRACTS_OrderProcessed_detail_entries_currency["~standard"] = __events_1_CONTRACTS_OrderProcessed_detail_entries_currency_standard;
__events_1_CONTRACTS_OrderProcessed_detail_entries.currency = __events_1_CONTRACTS_OrderProcessed_detail_entries_currency;
var __events_1_CONTRACTS_OrderProcessed_detail_entries_totalCents = {};
__events_1_CONTRACTS_OrderProcessed_detail_entries_totalCents.kind = "schema";
__events_1_CONTRACTS_OrderProcessed_detail_entries_totalCents.type = "number";
__events_1_CONTRACTS_OrderProcessed_detail_entries_totalCents.reference = __number;
__events_1_CONTRACTS_OrderProcessed_detail_entries_totalCents.expects = "number";
__events_1_CONTRACTS_OrderProcessed_detail_entries_totalCents.async = false;
__events_1_CONTRACTS_OrderProcessed_detail_entries_totalCents.message = undefined;
var __8_pipe1 = [];
var __8_pipe1_0 = {};
__8_pipe1_0.kind = "schema";
__8_pipe1_0.type = "number";
__8_pipe1_0.reference = __number;
__8_pipe1_0.expects = "number";
__8_pipe1_0.async = false;
__8_pipe1_0.message = undefined;
__8_pipe1_0["~run"] = __f68;
var __8_pipe1_0_standard = {version: 1, vendor: "valibot", validate: __f69};
__8_pipe1_0["~standard"] = __8_pipe1_0_standard;
__8_pipe1[0] = __8_pipe1_0;
var __8_pipe1_1 = {kind: "validation", type: "integer", reference: __integer, async: false, expects: null, requirement: global.Number.isInteger, message: undefined, ["~run"]: __f70};
__8_pipe1[1] = __8_pipe1_1;
var __3_pipe1_2 = {kind: "validation", type: "min_value", reference: __minValue, async: false, expects: ">=0", requirement: 0, message: undefined, ["~run"]: __f71};
__8_pipe1[2] = __3_pipe1_2;
__events_1_CONTRACTS_OrderProcessed_detail_entries_totalCents["~run"] = __f67;
var __events_1_CONTRACTS_OrderProcessed_detail_entries_totalCents_standard = {version: 1, vendor: "valibot", validate: __f72};
__events_1_CONTRACTS_OrderProcessed_detail_entries_totalCents["~standard"] = __events_1_CONTRACTS_OrderProcessed_detail_entries_totalCents_standard;
__events_1_CONTRACTS_OrderProcessed_detail_entries_totalCents.pipe = __8_pipe1;
__events_1_CONTRACTS_OrderProcessed_detail_entries.totalCents = __events_1_CONTRACTS_OrderProcessed_detail_entries_totalCents;
var __events_1_CONTRACTS_OrderProcessed_detail_entries_itemCount = {};
__events_1_CONTRACTS_OrderProcessed_detail_entries_itemCount.kind = "schema";
__events_1_CONTRACTS_OrderProcessed_detail_entries_itemCount.type = "number";
__events_1_CONTRACTS_OrderProcessed_detail_entries_itemCount.reference = __number;
__events_1_CONTRACTS_OrderProcessed_detail_entries_itemCount.expects = "number";
__events_1_CONTRACTS_OrderProcessed_detail_entries_itemCount.async = false;
__events_1_CONTRACTS_OrderProcessed_detail_entries_itemCount.message = undefined;
var __9_pipe1 = [];
var __9_pipe1_0 = {};
__9_pipe1_0.kind = "schema";
__9_pipe1_0.type = "number";
__9_pipe1_0.reference = __number;
__9_pipe1_0.expects = "number";
__9_pipe1_0.async = false;
__9_pipe1_0.message = undefined;
__9_pipe1_0["~run"] = __f74;
var __9_pipe1_0_standard = {version: 1, vendor: "valibot", validate: __f75};
__9_pipe1_0["~standard"] = __9_pipe1_0_standard;
__9_pipe1[0] = __9_pipe1_0;
var __9_pipe1_1 = {kind: "validation", type: "integer", reference: __integer, async: false, expects: null, requirement: global.Number.isInteger, message: undefined, ["~run"]: __f76};
__9_pipe1[1] = __9_pipe1_1;
var __4_pipe1_2 = {kind: "validation", type: "min_value", reference: __minValue, async: false, expects: ">=1", requirement: 1, message: undefined, ["~run"]: __f77};
__9_pipe1[2] = __4_pipe1_2;
__events_1_CONTRACTS_OrderProcessed_detail_entries_itemCount["~run"] = __f73;
var __events_1_CONTRACTS_OrderProcessed_detail_entries_itemCount_standard = {version: 1, vendor: "valibot", validate: __f78};
__events_1_CONTRACTS_OrderProcessed_detail_entries_itemCount["~standard"] = __events_1_CONTRACTS_OrderProcessed_detail_entries_itemCount_standard;
__events_1_CONTRACTS_OrderProcessed_detail_entries_itemCount.pipe = __9_pipe1;
__events_1_CONTRACTS_OrderProcessed_detail_entries.itemCount = __events_1_CONTRACTS_OrderProcessed_detail_entries_itemCount;
__events_1_CONTRACTS_OrderProcessed_detail.entries = __events_1_CONTRACTS_OrderProcessed_detail_entries;
__events_1_CONTRACTS_OrderProcessed_detail.message = undefined;
__events_1_CONTRACTS_OrderProcessed_detail["~run"] = __f79;
var __events_1_CONTRACTS_OrderProcessed_detail_standard = {version: 1, vendor: "valibot", validate: __f80};
__events_1_CONTRACTS_OrderProcessed_detail["~standard"] = __events_1_CONTRACTS_OrderProcessed_detail_standard;
__events_1_CONTRACTS_OrderProcessed.detail = __events_1_CONTRACTS_OrderProcessed_detail;
var __events_1_CONTRACTS_OrderProcessed_example = {orderId: "ord_0123456789abcdef0123456789abcdef", customerId: "cust-42", correlationId: "corr-1b9d6bcd-bbfd-4b2d", occurredAt: "2026-11-26T10:00:00.000Z", currency: "EUR", totalCents: 2598, itemCount: 2};
__events_1_CONTRACTS_OrderProcessed.example = __events_1_CONTRACTS_OrderProcessed_example;
__events_1_CONTRACTS.OrderProcessed = __events_1_CONTRACTS_OrderProcessed;
var __events_1_CONTRACTS_OrderFailed = {};
__events_1_CONTRACTS_OrderFailed.source = "orders.workflow";
__events_1_CONTRACTS_OrderFailed.detailType = "OrderFailed";
var __events_1_CONTRACTS_OrderFailed_detail = {};
__events_1_CONTRACTS_OrderFailed_detail.kind = "schema";
__events_1_CONTRACTS_OrderFailed_detail.type = "strict_object";
__events_1_CONTRACTS_OrderFailed_detail.reference = __strictObject;
__events_1_CONTRACTS_OrderFailed_detail.expects = "Object";
__events_1_CONTRACTS_OrderFailed_detail.async = false;
var __events_1_CONTRACTS_OrderFailed_detail_entries = {};
__events_1_CONTRACTS_OrderFailed_detail_entries.orderId = __events_1_CONTRACTS_OrderPlaced_detail_entries_orderId;
__events_1_CONTRACTS_OrderFailed_detail_entries.customerId = __events_1_CONTRACTS_OrderPlaced_detail_entries_customerId;
__events_1_CONTRACTS_OrderFailed_detail_entries.correlationId = __events_1_CONTRACTS_OrderPlaced_detail_entries_correlationId;
__events_1_CONTRACTS_OrderFailed_detail_entries.occurredAt = __events_1_CONTRACTS_OrderPlaced_detail_entries_occurredAt;
var __events_1_CONTRACTS_OrderFailed_detail_entries_error = {};
__events_1_CONTRACTS_OrderFailed_detail_entries_error.kind = "schema";
__events_1_CONTRACTS_OrderFailed_detail_entries_error.type = "string";
__events_1_CONTRACTS_OrderFailed_detail_entries_error.reference = __string;
__events_1_CONTRACTS_OrderFailed_detail_entries_error.expects = "string";
__events_1_CONTRACTS_OrderFailed_detail_entries_error.async = false;
__events_1_CONTRACTS_OrderFailed_detail_entries_error.message = undefined;
var __10_pipe1 = [];
var __10_pipe1_0 = {};
__10_pipe1_0.kind = "schema";
__10_pipe1_0.type = "string";
__10_pipe1_0.reference = __string;
__10_pipe1_0.expects = "string";
__10_pipe1_0.async = false;
__10_pipe1_0.message = undefined;
__10_pipe1_0["~run"] = __f82;
var __10_pipe1_0_standard = {version: 1, vendor: "valibot", validate: __f83};
__10_pipe1_0["~standard"] = __10_pipe1_0_standard;
__10_pipe1[0] = __10_pipe1_0;
var __10_pipe1_1 = {kind: "validation", type: "max_length", reference: __maxLength, async: false, expects: "<=256", requirement: 256, message: undefined, ["~run"]: __f84};
__10_pipe1[1] = __10_pipe1_1;
__events_1_CONTRACTS_OrderFailed_detail_entries_error["~run"] = __f81;
var __events_1_CONTRACTS_OrderFailed_detail_entries_error_standard = {version: 1, vendor: "valibot", validate: __f85};
__events_1_CONTRACTS_OrderFailed_detail_entries_error["~standard"] = __events_1_CONTRACTS_OrderFailed_detail_entries_error_standard;
__events_1_CONTRACTS_OrderFailed_detail_entries_error.pipe = __10_pipe1;
__events_1_CONTRACTS_OrderFailed_detail_entries.error = __events_1_CONTRACTS_OrderFailed_detail_entries_error;
var __events_1_CONTRACTS_OrderFailed_detail_entries_cause = {};
__events_1_CONTRACTS_OrderFailed_detail_entries_cause.kind = "schema";
__events_1_CONTRACTS_OrderFailed_detail_entries_cause.type = "string";
__events_1_CONTRACTS_OrderFailed_detail_entries_cause.reference = __string;
__events_1_CONTRACTS_OrderFailed_detail_entries_cause.expects = "string";
__events_1_CONTRACTS_OrderFailed_detail_entries_cause.async = false;
__events_1_CONTRACTS_OrderFailed_detail_entries_cause.message = undefined;
var __11_pipe1 = [];
var __11_pipe1_0 = {};
__11_pipe1_0.kind = "schema";
__11_pipe1_0.type = "string";
__11_pipe1_0.reference = __string;
__11_pipe1_0.expects = "string";
__11_pipe1_0.async = false;
__11_pipe1_0.message = undefined;
__11_pipe1_0["~run"] = __f87;
var __11_pipe1_0_standard = {version: 1, vendor: "valibot", validate: __f88};
__11_pipe1_0["~standard"] = __11_pipe1_0_standard;
__11_pipe1[0] = __11_pipe1_0;
var __11_pipe1_1 = {kind: "validation", type: "max_length", reference: __maxLength, async: false, expects: "<=4096", requirement: 4096, message: undefined, ["~run"]: __f89};
__11_pipe1[1] = __11_pipe1_1;
__events_1_CONTRACTS_OrderFailed_detail_entries_cause["~run"] = __f86;
var __events_1_CONTRACTS_OrderFailed_detail_entries_cause_standard = {version: 1, vendor: "valibot", validate: __f90};
__events_1_CONTRACTS_OrderFailed_detail_entries_cause["~standard"] = __events_1_CONTRACTS_OrderFailed_detail_entries_cause_standard;
__events_1_CONTRACTS_OrderFailed_detail_entries_cause.pipe = __11_pipe1;
__events_1_CONTRACTS_OrderFailed_detail_entries.cause = __events_1_CONTRACTS_OrderFailed_detail_entries_cause;
__events_1_CONTRACTS_OrderFailed_detail.entries = __events_1_CONTRACTS_OrderFailed_detail_entries;
__events_1_CONTRACTS_OrderFailed_detail.message = undefined;
__events_1_CONTRACTS_OrderFailed_detail["~run"] = __f91;
var __events_1_CONTRACTS_OrderFailed_detail_standard = {version: 1, vendor: "valibot", validate: __f92};
__events_1_CONTRACTS_OrderFailed_detail["~standard"] = __events_1_CONTRACTS_OrderFailed_detail_standard;
__events_1_CONTRACTS_OrderFailed.detail = __events_1_CONTRACTS_OrderFailed_detail;
var __events_1_CONTRACTS_OrderFailed_example = {orderId: "ord_0123456789abcdef0123456789abcdef", customerId: "cust-42", correlationId: "corr-1b9d6bcd-bbfd-4b2d", occurredAt: "2026-11-26T10:00:00.000Z", error: "PricingError", cause: "unknown sku NOPE-1"};
__events_1_CONTRACTS_OrderFailed.example = __events_1_CONTRACTS_OrderFailed_example;
__events_1_CONTRACTS.OrderFailed = __events_1_CONTRACTS_OrderFailed;
var __events_1_CONTRACTS_ReceiptStored = {};
__events_1_CONTRACTS_ReceiptStored.source = "orders.receipts";
__events_1_CONTRACTS_ReceiptStored.detailType = "ReceiptStored";
var __events_1_CONTRACTS_ReceiptStored_detail = {};
__events_1_CONTRACTS_ReceiptStored_detail.kind = "schema";
__events_1_CONTRACTS_ReceiptStored_detail.type = "strict_object";
__events_1_CONTRACTS_ReceiptStored_detail.reference = __strictObject;
__events_1_CONTRACTS_ReceiptStored_detail.expects = "Object";
__events_1_CONTRACTS_ReceiptStored_detail.async = false;
var __events_1_CONTRACTS_ReceiptStored_detail_entries = {};
__events_1_CONTRACTS_ReceiptStored_detail_entries.orderId = __events_1_CONTRACTS_OrderPlaced_detail_entries_orderId;
__events_1_CONTRACTS_ReceiptStored_detail_entries.customerId = __events_1_CONTRACTS_OrderPlaced_detail_entries_customerId;
__events_1_CONTRACTS_ReceiptStored_detail_entries.correlationId = __events_1_CONTRACTS_OrderPlaced_detail_entries_correlationId;
__events_1_CONTRACTS_ReceiptStored_detail_entries.occurredAt = __events_1_CONTRACTS_OrderPlaced_detail_entries_occurredAt;
var __events_1_CONTRACTS_ReceiptStored_detail_entries_bucket = {};
__events_1_CONTRACTS_ReceiptStored_detail_entries_bucket.kind = "schema";
__events_1_CONTRACTS_ReceiptStored_detail_entries_bucket.type = "string";
__events_1_CONTRACTS_ReceiptStored_detail_entries_bucket.reference = __string;
__events_1_CONTRACTS_ReceiptStored_detail_entries_bucket.expects = "string";
__events_1_CONTRACTS_ReceiptStored_detail_entries_bucket.async = false;
__events_1_CONTRACTS_ReceiptStored_detail_entries_bucket.message = undefined;
var __12_pipe1 = [];
var __12_pipe1_0 = {};
__12_pipe1_0.kind = "schema";
__12_pipe1_0.type = "string";
__12_pipe1_0.reference = __string;
__12_pipe1_0.expects = "string";
__12_pipe1_0.async = false;
__12_pipe1_0.message = undefined;
__12_pipe1_0["~run"] = __f94;
var __12_pipe1_0_standard = {version: 1, vendor: "valibot", validate: __f95};
__12_pipe1_0["~standard"] = __12_pipe1_0_standard;
__12_pipe1[0] = __12_pipe1_0;
var __12_pipe1_1 = {kind: "validation", type: "min_length", reference: __minLength, async: false, expects: ">=3", requirement: 3, message: undefined, ["~run"]: __f96};
__12_pipe1[1] = __12_pipe1_1;
var __5_pipe1_2 = {kind: "validation", type: "max_length", reference: __maxLength, async: false, expects: "<=63", requirement: 63, message: undefined, ["~run"]: __f97};
__12_pipe1[2] = __5_pipe1_2;
__events_1_CONTRACTS_ReceiptStored_detail_entries_bucket["~run"] = __f93;
var __events_1_CONTRACTS_ReceiptStored_detail_entries_bucket_standard = {version: 1, vendor: "valibot", validate: __f98};
__events_1_CONTRACTS_ReceiptStored_detail_entries_bucket["~standard"] = __events_1_CONTRACTS_ReceiptStored_detail_entries_bucket_standard;
__events_1_CONTRACTS_ReceiptStored_detail_entries_bucket.pipe = __12_pipe1;
__events_1_CONTRACTS_ReceiptStored_detail_entries.bucket = __events_1_CONTRACTS_ReceiptStored_detail_entries_bucket;
var __events_1_CONTRACTS_ReceiptStored_detail_entries_key = {};
__events_1_CONTRACTS_ReceiptStored_detail_entries_key.kind = "schema";
__events_1_CONTRACTS_ReceiptStored_detail_entries_key.type = "string";
__events_1_CONTRACTS_ReceiptStored_detail_entries_key.reference = __string;
__events_1_CONTRACTS_ReceiptStored_detail_entries_key.expects = "string";
__events_1_CONTRACTS_ReceiptStored_detail_entries_key.async = false;
__events_1_CONTRACTS_ReceiptStored_detail_entries_key.message = undefined;
var __13_pipe1 = [];
var __13_pipe1_0 = {};
__13_pipe1_0.kind = "schema";
__13_pipe1_0.type = "string";
__13_pipe1_0.reference = __string;
__13_pipe1_0.expects = "string";
__13_pipe1_0.async = false;
__13_pipe1_0.message = undefined;
__13_pipe1_0["~run"] = __f100;
var __13_pipe1_0_standard = {version: 1, vendor: "valibot", validate: __f101};
__13_pipe1_0["~standard"] = __13_pipe1_0_standard;
__13_pipe1[0] = __13_pipe1_0;
var __13_pipe1_1 = {kind: "validation", type: "min_length", reference: __minLength, async: false, expects: ">=1", requirement: 1, message: undefined, ["~run"]: __f102};
__13_pipe1[1] = __13_pipe1_1;
var __6_pipe1_2 = {kind: "validation", type: "max_length", reference: __maxLength, async: false, expects: "<=1024", requirement: 1024, message: undefined, ["~run"]: __f103};
__13_pipe1[2] = __6_pipe1_2;
__events_1_CONTRACTS_ReceiptStored_detail_entries_key["~run"] = __f99;
var __events_1_CONTRACTS_ReceiptStored_detail_entries_key_standard = {version: 1, vendor: "valibot", validate: __f104};
__events_1_CONTRACTS_ReceiptStored_detail_entries_key["~standard"] = __events_1_CONTRACTS_ReceiptStored_detail_entries_key_standard;
__events_1_CONTRACTS_ReceiptStored_detail_entries_key.pipe = __13_pipe1;
__events_1_CONTRACTS_ReceiptStored_detail_entries.key = __events_1_CONTRACTS_ReceiptStored_detail_entries_key;
__events_1_CONTRACTS_ReceiptStored_detail.entries = __events_1_CONTRACTS_ReceiptStored_detail_entries;
__events_1_CONTRACTS_ReceiptStored_detail.message = undefined;
__events_1_CONTRACTS_ReceiptStored_detail["~run"] = __f105;
var __events_1_CONTRACTS_ReceiptStored_detail_standard = {version: 1, vendor: "valibot", validate: __f106};
__events_1_CONTRACTS_ReceiptStored_detail["~standard"] = __events_1_CONTRACTS_ReceiptStored_detail_standard;
__events_1_CONTRACTS_ReceiptStored.detail = __events_1_CONTRACTS_ReceiptStored_detail;
var __events_1_CONTRACTS_ReceiptStored_example = {orderId: "ord_0123456789abcdef0123456789abcdef", customerId: "cust-42", correlationId: "corr-1b9d6bcd-bbfd-4b2d", occurredAt: "2026-11-26T10:00:00.000Z", bucket: "order-platform-receipts-dev", key: "receipts/ord_0123456789abcdef0123456789abcdef.json"};
__events_1_CONTRACTS_ReceiptStored.example = __events_1_CONTRACTS_ReceiptStored_example;
__events_1_CONTRACTS.ReceiptStored = __events_1_CONTRACTS_ReceiptStored;
__events_1.CONTRACTS = __events_1_CONTRACTS;
Object.setPrototypeOf(__f107, global.Error);
var __publish_1 = {publishEvents: __publishEvents};
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

function __f0(__0, __1) {
  return (function() {
    with({ __super: global.Error, this: undefined, arguments: undefined }) {

return function /*constructor*/(key, reason) {
    __super.call(this, `${key} is not a receipt: ${reason}`);
    this.key = key;
    this.name = "NotAReceiptError";
};

    }
  }).apply(undefined, undefined).apply(this, arguments);
}
const client_s3_1 = require("@aws-sdk/client-s3/dist-cjs/index.js");

function __receiptStoredDetail(__0, __1) {
  return (function() {
    with({ NotAReceiptError: __f0, KEY: __KEY, receiptWriter_1: __receiptWriter_1, receiptStoredDetail: __receiptStoredDetail, this: undefined, arguments: undefined }) {

return async function /*receiptStoredDetail*/(s3, event) {
    if (event.source !== "aws.s3" || event["detail-type"] !== "Object Created") {
        throw new NotAReceiptError(String(event.detail?.object?.key), `unexpected event ${event.source}/${event["detail-type"]}`);
    }
    const bucket = event.detail.bucket.name;
    const key = event.detail.object.key;
    const match = KEY.exec(key);
    if (!match)
        throw new NotAReceiptError(key, `the key does not match ${receiptWriter_1.RECEIPTS_PREFIX}<orderId>.json`);
    const object = await s3.send(new client_s3_1.GetObjectCommand({ Bucket: bucket, Key: key }));
    let receipt;
    try {
        receipt = JSON.parse((await object.Body?.transformToString()) ?? "");
    }
    catch {
        throw new NotAReceiptError(key, "the object is not JSON");
    }
    if (receipt?.orderId !== match[1])
        throw new NotAReceiptError(key, `it holds order ${JSON.stringify(receipt?.orderId)}`);
    return {
        orderId: match[1],
        customerId: receipt.customerId,
        correlationId: receipt.correlationId,
        // When S3 stored the object: the receipt became available then.
        occurredAt: new Date(event.time).toISOString(),
        bucket,
        key,
    };
};

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __getGlobalConfig(__0) {
  return (function() {
    with({ store$4: undefined, DEFAULT_CONFIG: __DEFAULT_CONFIG, getGlobalConfig: __getGlobalConfig, this: undefined, arguments: undefined }) {

return function /*getGlobalConfig*/(config$1) {
	if (!config$1 && !store$4) return DEFAULT_CONFIG;
	return {
		lang: config$1?.lang ?? store$4?.lang,
		message: config$1?.message,
		abortEarly: config$1?.abortEarly ?? store$4?.abortEarly,
		abortPipeEarly: config$1?.abortPipeEarly ?? store$4?.abortPipeEarly
	};
};

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __safeParse(__0, __1, __2) {
  return (function() {
    with({ getGlobalConfig: __getGlobalConfig, safeParse: __safeParse, this: undefined, arguments: undefined }) {

return function /*safeParse*/(schema, input, config$1) {
	const dataset = schema["~run"]({ value: input }, /* @__PURE__ */ getGlobalConfig(config$1));
	return {
		typed: dataset.typed,
		success: !dataset.issues,
		output: dataset.value,
		issues: dataset.issues
	};
};

    }
  }).apply(undefined, undefined).apply(this, arguments);
}
const m = require("valibot");

function __f1() {
  return (function() {
    with({ k: "safeParse", this: undefined, arguments: undefined }) {

return function () { return m[k]; };

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __getDotPath(__0) {
  return (function() {
    with({ getDotPath: __getDotPath, this: undefined, arguments: undefined }) {

return function /*getDotPath*/(issue) {
	if (issue.path) {
		let key = "";
		for (const item of issue.path) if (typeof item.key === "string" || typeof item.key === "number") if (key) key += `.${item.key}`;
		else key += item.key;
		else return null;
		return key;
	}
	return null;
};

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __f2() {
  return (function() {
    with({ k: "getDotPath", this: undefined, arguments: undefined }) {

return function () { return m[k]; };

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __f3(__0, __1, __2) {
  return (function() {
    with({ __super: global.Error, this: undefined, arguments: undefined }) {

return function /*constructor*/(contract, field, reason) {
    __super.call(this, `${contract}: ${field} ${reason}`);
    this.contract = contract;
    this.field = field;
    this.reason = reason;
    this.name = "ContractViolationError";
};

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __describe(__0) {
  return (function() {
    with({ describe: __describe, this: undefined, arguments: undefined }) {

return function /*describe*/(issue) {
    if (issue.type === "strict_object" && issue.expected === "never")
        return "is not an allowed field";
    if (issue.received === "undefined")
        return "is required";
    if (issue.message.startsWith("Invalid "))
        return `is invalid: expected ${issue.expected ?? issue.type}, received ${issue.received}`;
    return issue.message;
};

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __parseWith(__0, __1, __2) {
  return (function() {
    with({ v: __v, ContractViolationError: __f3, describe: __describe, parseWith: __parseWith, this: undefined, arguments: undefined }) {

return function /*parseWith*/(contract, schema, input) {
    const result = v.safeParse(schema, input, { abortEarly: true });
    if (result.success)
        return result.output;
    const issue = result.issues[0];
    // No path means the value itself is wrong (e.g. not an object at all).
    const field = v.getDotPath(issue) ?? "(root)";
    throw new ContractViolationError(contract, field, describe(issue));
};

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __parseDetail(__0, __1) {
  return (function() {
    with({ parseWith: __parseWith, exports: __events_1, parseDetail: __parseDetail, this: undefined, arguments: undefined }) {

return function /*parseDetail*/(name, detail) {
    return parseWith(name, exports.CONTRACTS[name].detail, detail);
};

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __standardSchema(__0) {
  return (function() {
    with({ getGlobalConfig: __getGlobalConfig, _standardSchema: __standardSchema, this: undefined, arguments: undefined }) {

return function /*_standardSchema*/(schema) {
	schema["~standard"] = {
		version: 1,
		vendor: "valibot",
		validate: (value$1) => schema["~run"]({ value: value$1 }, /* @__PURE__ */ getGlobalConfig())
	};
	return schema;
};

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __getDefault(__0, __1, __2) {
  return (function() {
    with({ getDefault: __getDefault, this: undefined, arguments: undefined }) {

return function /*getDefault*/(schema, dataset, config$1) {
	return typeof schema.default === "function" ? schema.default(dataset, config$1) : schema.default;
};

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __getFallback(__0, __1, __2) {
  return (function() {
    with({ getFallback: __getFallback, this: undefined, arguments: undefined }) {

return function /*getFallback*/(schema, dataset, config$1) {
	return typeof schema.fallback === "function" ? schema.fallback(dataset, config$1) : schema.fallback;
};

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __stringify(__0) {
  return (function() {
    with({ _stringify: __stringify, this: undefined, arguments: undefined }) {

return function /*_stringify*/(input) {
	const type = typeof input;
	if (type === "string") return `"${input}"`;
	if (type === "number" || type === "bigint" || type === "boolean") return `${input}`;
	if (type === "object" || type === "function") return (input && Object.getPrototypeOf(input)?.constructor?.name) ?? "null";
	return type;
};

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __getSpecificMessage(__0, __1) {
  return (function() {
    with({ store$1: undefined, getSpecificMessage: __getSpecificMessage, this: undefined, arguments: undefined }) {

return function /*getSpecificMessage*/(reference, lang) {
	return store$1?.get(reference)?.get(lang);
};

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __getSchemaMessage(__0) {
  return (function() {
    with({ store$2: undefined, getSchemaMessage: __getSchemaMessage, this: undefined, arguments: undefined }) {

return function /*getSchemaMessage*/(lang) {
	return store$2?.get(lang);
};

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __getGlobalMessage(__0) {
  return (function() {
    with({ store$3: undefined, getGlobalMessage: __getGlobalMessage, this: undefined, arguments: undefined }) {

return function /*getGlobalMessage*/(lang) {
	return store$3?.get(lang);
};

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __addIssue(__0, __1, __2, __3, __4) {
  return (function() {
    with({ _stringify: __stringify, getSpecificMessage: __getSpecificMessage, getSchemaMessage: __getSchemaMessage, getGlobalMessage: __getGlobalMessage, _addIssue: __addIssue, this: undefined, arguments: undefined }) {

return function /*_addIssue*/(context, label, dataset, config$1, other) {
	const input = other && "input" in other ? other.input : dataset.value;
	const expected = other?.expected ?? context.expects ?? null;
	const received = other?.received ?? /* @__PURE__ */ _stringify(input);
	const issue = {
		kind: context.kind,
		type: context.type,
		input,
		expected,
		received,
		message: `Invalid ${label}: ${expected ? `Expected ${expected} but r` : "R"}eceived ${received}`,
		requirement: context.requirement,
		path: other?.path,
		issues: other?.issues,
		lang: config$1.lang,
		abortEarly: config$1.abortEarly,
		abortPipeEarly: config$1.abortPipeEarly
	};
	const isSchema = context.kind === "schema";
	const message$1 = other?.message ?? context.message ?? /* @__PURE__ */ getSpecificMessage(context.reference, issue.lang) ?? (isSchema ? /* @__PURE__ */ getSchemaMessage(issue.lang) : null) ?? config$1.message ?? /* @__PURE__ */ getGlobalMessage(issue.lang);
	if (message$1 !== void 0) issue.message = typeof message$1 === "function" ? message$1(issue) : message$1;
	if (isSchema) dataset.typed = false;
	if (dataset.issues) dataset.issues.push(issue);
	else dataset.issues = [issue];
};

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __strictObject(__0, __1) {
  return (function() {
    with({ _standardSchema: __standardSchema, getDefault: __getDefault, getFallback: __getFallback, _addIssue: __addIssue, strictObject: __strictObject, this: undefined, arguments: undefined }) {

return function /*strictObject*/(entries$1, message$1) {
	return _standardSchema({
		kind: "schema",
		type: "strict_object",
		reference: strictObject,
		expects: "Object",
		async: false,
		entries: entries$1,
		message: message$1,
		"~run"(dataset, config$1) {
			const input = dataset.value;
			if (input && typeof input === "object") {
				dataset.typed = true;
				dataset.value = {};
				for (const key in this.entries) {
					const valueSchema = this.entries[key];
					if (key in input || (valueSchema.type === "exact_optional" || valueSchema.type === "optional" || valueSchema.type === "nullish") && valueSchema.default !== void 0) {
						const value$1 = key in input ? input[key] : /* @__PURE__ */ getDefault(valueSchema);
						const valueDataset = valueSchema["~run"]({ value: value$1 }, config$1);
						if (valueDataset.issues) {
							const pathItem = {
								type: "object",
								origin: "value",
								input,
								key,
								value: value$1
							};
							for (const issue of valueDataset.issues) {
								if (issue.path) issue.path.unshift(pathItem);
								else issue.path = [pathItem];
								dataset.issues?.push(issue);
							}
							if (!dataset.issues) dataset.issues = valueDataset.issues;
							if (config$1.abortEarly) {
								dataset.typed = false;
								break;
							}
						}
						if (!valueDataset.typed) dataset.typed = false;
						dataset.value[key] = valueDataset.value;
					} else if (valueSchema.fallback !== void 0) dataset.value[key] = /* @__PURE__ */ getFallback(valueSchema);
					else if (valueSchema.type !== "exact_optional" && valueSchema.type !== "optional" && valueSchema.type !== "nullish") {
						_addIssue(this, "key", dataset, config$1, {
							input: void 0,
							expected: `"${key}"`,
							path: [{
								type: "object",
								origin: "key",
								input,
								key,
								value: input[key]
							}]
						});
						if (config$1.abortEarly) break;
					}
				}
				if (!dataset.issues || !config$1.abortEarly) {
					for (const key in input) if (!Object.prototype.hasOwnProperty.call(this.entries, key)) {
						_addIssue(this, "key", dataset, config$1, {
							input: key,
							expected: "never",
							path: [{
								type: "object",
								origin: "key",
								input,
								key,
								value: input[key]
							}]
						});
						break;
					}
				}
			} else _addIssue(this, "type", dataset, config$1);
			return dataset;
		}
	});
};

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __string(__0) {
  return (function() {
    with({ _standardSchema: __standardSchema, string: __string, _addIssue: __addIssue, this: undefined, arguments: undefined }) {

return function /*string*/(message$1) {
	return _standardSchema({
		kind: "schema",
		type: "string",
		reference: string,
		expects: "string",
		async: false,
		message: message$1,
		"~run"(dataset, config$1) {
			if (typeof dataset.value === "string") dataset.typed = true;
			else _addIssue(this, "type", dataset, config$1);
			return dataset;
		}
	});
};

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __f5(__0, __1) {
  return (function() {
    with({ _addIssue: __addIssue, this: undefined, arguments: undefined }) {

return function (dataset, config$1) {
			if (typeof dataset.value === "string") dataset.typed = true;
			else _addIssue(this, "type", dataset, config$1);
			return dataset;
		};

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __f6(__0) {
  return (function() {
    with({ schema: __pipe1_0, getGlobalConfig: __getGlobalConfig, this: undefined, arguments: undefined }) {

return (value$1) => schema["~run"]({ value: value$1 }, /* @__PURE__ */ getGlobalConfig());

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __regex(__0, __1) {
  return (function() {
    with({ _addIssue: __addIssue, regex: __regex, this: undefined, arguments: undefined }) {

return function /*regex*/(requirement, message$1) {
	return {
		kind: "validation",
		type: "regex",
		reference: regex,
		async: false,
		expects: `${requirement}`,
		requirement,
		message: message$1,
		"~run"(dataset, config$1) {
			if (dataset.typed && !this.requirement.test(dataset.value)) _addIssue(this, "format", dataset, config$1);
			return dataset;
		}
	};
};

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __f7(__0, __1) {
  return (function() {
    with({ _addIssue: __addIssue, this: undefined, arguments: undefined }) {

return function (dataset, config$1) {
			if (dataset.typed && !this.requirement.test(dataset.value)) _addIssue(this, "format", dataset, config$1);
			return dataset;
		};

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __f4(__0, __1) {
  return (function() {
    with({ pipe$1: __pipe1, this: undefined, arguments: undefined }) {

return function (dataset, config$1) {
			for (const item of pipe$1) if (item.kind !== "metadata") {
				if (dataset.issues && (item.kind === "schema" || item.kind === "transformation")) {
					dataset.typed = false;
					break;
				}
				if (!dataset.issues || !config$1.abortEarly && !config$1.abortPipeEarly) dataset = item["~run"](dataset, config$1);
			}
			return dataset;
		};

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __f8(__0) {
  return (function() {
    with({ schema: __events_1_CONTRACTS_OrderPlaced_detail_entries_orderId, getGlobalConfig: __getGlobalConfig, this: undefined, arguments: undefined }) {

return (value$1) => schema["~run"]({ value: value$1 }, /* @__PURE__ */ getGlobalConfig());

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __f10(__0, __1) {
  return (function() {
    with({ _addIssue: __addIssue, this: undefined, arguments: undefined }) {

return function (dataset, config$1) {
			if (typeof dataset.value === "string") dataset.typed = true;
			else _addIssue(this, "type", dataset, config$1);
			return dataset;
		};

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __f11(__0) {
  return (function() {
    with({ schema: __0_pipe1_0, getGlobalConfig: __getGlobalConfig, this: undefined, arguments: undefined }) {

return (value$1) => schema["~run"]({ value: value$1 }, /* @__PURE__ */ getGlobalConfig());

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __f12(__0, __1) {
  return (function() {
    with({ _addIssue: __addIssue, this: undefined, arguments: undefined }) {

return function (dataset, config$1) {
			if (dataset.typed && !this.requirement.test(dataset.value)) _addIssue(this, "format", dataset, config$1);
			return dataset;
		};

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __f9(__0, __1) {
  return (function() {
    with({ pipe$1: __0_pipe1, this: undefined, arguments: undefined }) {

return function (dataset, config$1) {
			for (const item of pipe$1) if (item.kind !== "metadata") {
				if (dataset.issues && (item.kind === "schema" || item.kind === "transformation")) {
					dataset.typed = false;
					break;
				}
				if (!dataset.issues || !config$1.abortEarly && !config$1.abortPipeEarly) dataset = item["~run"](dataset, config$1);
			}
			return dataset;
		};

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __f13(__0) {
  return (function() {
    with({ schema: __events_1_CONTRACTS_OrderPlaced_detail_entries_customerId, getGlobalConfig: __getGlobalConfig, this: undefined, arguments: undefined }) {

return (value$1) => schema["~run"]({ value: value$1 }, /* @__PURE__ */ getGlobalConfig());

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __f15(__0, __1) {
  return (function() {
    with({ _addIssue: __addIssue, this: undefined, arguments: undefined }) {

return function (dataset, config$1) {
			if (typeof dataset.value === "string") dataset.typed = true;
			else _addIssue(this, "type", dataset, config$1);
			return dataset;
		};

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __f16(__0) {
  return (function() {
    with({ schema: __1_pipe1_0, getGlobalConfig: __getGlobalConfig, this: undefined, arguments: undefined }) {

return (value$1) => schema["~run"]({ value: value$1 }, /* @__PURE__ */ getGlobalConfig());

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __f17(__0, __1) {
  return (function() {
    with({ _addIssue: __addIssue, this: undefined, arguments: undefined }) {

return function (dataset, config$1) {
			if (dataset.typed && !this.requirement.test(dataset.value)) _addIssue(this, "format", dataset, config$1);
			return dataset;
		};

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __f14(__0, __1) {
  return (function() {
    with({ pipe$1: __1_pipe1, this: undefined, arguments: undefined }) {

return function (dataset, config$1) {
			for (const item of pipe$1) if (item.kind !== "metadata") {
				if (dataset.issues && (item.kind === "schema" || item.kind === "transformation")) {
					dataset.typed = false;
					break;
				}
				if (!dataset.issues || !config$1.abortEarly && !config$1.abortPipeEarly) dataset = item["~run"](dataset, config$1);
			}
			return dataset;
		};

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __f18(__0) {
  return (function() {
    with({ schema: __events_1_CONTRACTS_OrderPlaced_detail_entries_correlationId, getGlobalConfig: __getGlobalConfig, this: undefined, arguments: undefined }) {

return (value$1) => schema["~run"]({ value: value$1 }, /* @__PURE__ */ getGlobalConfig());

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __f20(__0, __1) {
  return (function() {
    with({ _addIssue: __addIssue, this: undefined, arguments: undefined }) {

return function (dataset, config$1) {
			if (typeof dataset.value === "string") dataset.typed = true;
			else _addIssue(this, "type", dataset, config$1);
			return dataset;
		};

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __f21(__0) {
  return (function() {
    with({ schema: __2_pipe1_0, getGlobalConfig: __getGlobalConfig, this: undefined, arguments: undefined }) {

return (value$1) => schema["~run"]({ value: value$1 }, /* @__PURE__ */ getGlobalConfig());

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __isoTimestamp(__0) {
  return (function() {
    with({ ISO_TIMESTAMP_REGEX: __ISO_TIMESTAMP_REGEX, _addIssue: __addIssue, isoTimestamp: __isoTimestamp, this: undefined, arguments: undefined }) {

return function /*isoTimestamp*/(message$1) {
	return {
		kind: "validation",
		type: "iso_timestamp",
		reference: isoTimestamp,
		async: false,
		expects: null,
		requirement: ISO_TIMESTAMP_REGEX,
		message: message$1,
		"~run"(dataset, config$1) {
			if (dataset.typed && !this.requirement.test(dataset.value)) _addIssue(this, "timestamp", dataset, config$1);
			return dataset;
		}
	};
};

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __f22(__0, __1) {
  return (function() {
    with({ _addIssue: __addIssue, this: undefined, arguments: undefined }) {

return function (dataset, config$1) {
			if (dataset.typed && !this.requirement.test(dataset.value)) _addIssue(this, "timestamp", dataset, config$1);
			return dataset;
		};

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __f19(__0, __1) {
  return (function() {
    with({ pipe$1: __2_pipe1, this: undefined, arguments: undefined }) {

return function (dataset, config$1) {
			for (const item of pipe$1) if (item.kind !== "metadata") {
				if (dataset.issues && (item.kind === "schema" || item.kind === "transformation")) {
					dataset.typed = false;
					break;
				}
				if (!dataset.issues || !config$1.abortEarly && !config$1.abortPipeEarly) dataset = item["~run"](dataset, config$1);
			}
			return dataset;
		};

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __f23(__0) {
  return (function() {
    with({ schema: __events_1_CONTRACTS_OrderPlaced_detail_entries_occurredAt, getGlobalConfig: __getGlobalConfig, this: undefined, arguments: undefined }) {

return (value$1) => schema["~run"]({ value: value$1 }, /* @__PURE__ */ getGlobalConfig());

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __f25(__0, __1) {
  return (function() {
    with({ _addIssue: __addIssue, this: undefined, arguments: undefined }) {

return function (dataset, config$1) {
			if (typeof dataset.value === "string") dataset.typed = true;
			else _addIssue(this, "type", dataset, config$1);
			return dataset;
		};

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __f26(__0) {
  return (function() {
    with({ schema: __3_pipe1_0, getGlobalConfig: __getGlobalConfig, this: undefined, arguments: undefined }) {

return (value$1) => schema["~run"]({ value: value$1 }, /* @__PURE__ */ getGlobalConfig());

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __minLength(__0, __1) {
  return (function() {
    with({ _addIssue: __addIssue, minLength: __minLength, this: undefined, arguments: undefined }) {

return function /*minLength*/(requirement, message$1) {
	return {
		kind: "validation",
		type: "min_length",
		reference: minLength,
		async: false,
		expects: `>=${requirement}`,
		requirement,
		message: message$1,
		"~run"(dataset, config$1) {
			if (dataset.typed && dataset.value.length < this.requirement) _addIssue(this, "length", dataset, config$1, { received: `${dataset.value.length}` });
			return dataset;
		}
	};
};

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __f27(__0, __1) {
  return (function() {
    with({ _addIssue: __addIssue, this: undefined, arguments: undefined }) {

return function (dataset, config$1) {
			if (dataset.typed && dataset.value.length < this.requirement) _addIssue(this, "length", dataset, config$1, { received: `${dataset.value.length}` });
			return dataset;
		};

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __maxLength(__0, __1) {
  return (function() {
    with({ _addIssue: __addIssue, maxLength: __maxLength, this: undefined, arguments: undefined }) {

return function /*maxLength*/(requirement, message$1) {
	return {
		kind: "validation",
		type: "max_length",
		reference: maxLength,
		async: false,
		expects: `<=${requirement}`,
		requirement,
		message: message$1,
		"~run"(dataset, config$1) {
			if (dataset.typed && dataset.value.length > this.requirement) _addIssue(this, "length", dataset, config$1, { received: `${dataset.value.length}` });
			return dataset;
		}
	};
};

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __f28(__0, __1) {
  return (function() {
    with({ _addIssue: __addIssue, this: undefined, arguments: undefined }) {

return function (dataset, config$1) {
			if (dataset.typed && dataset.value.length > this.requirement) _addIssue(this, "length", dataset, config$1, { received: `${dataset.value.length}` });
			return dataset;
		};

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __f29(__0, __1) {
  return (function() {
    with({ _addIssue: __addIssue, this: undefined, arguments: undefined }) {

return function (dataset, config$1) {
			if (dataset.typed && !this.requirement.test(dataset.value)) _addIssue(this, "format", dataset, config$1);
			return dataset;
		};

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __f24(__0, __1) {
  return (function() {
    with({ pipe$1: __3_pipe1, this: undefined, arguments: undefined }) {

return function (dataset, config$1) {
			for (const item of pipe$1) if (item.kind !== "metadata") {
				if (dataset.issues && (item.kind === "schema" || item.kind === "transformation")) {
					dataset.typed = false;
					break;
				}
				if (!dataset.issues || !config$1.abortEarly && !config$1.abortPipeEarly) dataset = item["~run"](dataset, config$1);
			}
			return dataset;
		};

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __f30(__0) {
  return (function() {
    with({ schema: __events_1_CONTRACTS_OrderPlaced_detail_entries_customer_entries_name, getGlobalConfig: __getGlobalConfig, this: undefined, arguments: undefined }) {

return (value$1) => schema["~run"]({ value: value$1 }, /* @__PURE__ */ getGlobalConfig());

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __f32(__0, __1) {
  return (function() {
    with({ _addIssue: __addIssue, this: undefined, arguments: undefined }) {

return function (dataset, config$1) {
			if (typeof dataset.value === "string") dataset.typed = true;
			else _addIssue(this, "type", dataset, config$1);
			return dataset;
		};

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __f33(__0) {
  return (function() {
    with({ schema: __4_pipe1_0, getGlobalConfig: __getGlobalConfig, this: undefined, arguments: undefined }) {

return (value$1) => schema["~run"]({ value: value$1 }, /* @__PURE__ */ getGlobalConfig());

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __f34(__0, __1) {
  return (function() {
    with({ _addIssue: __addIssue, this: undefined, arguments: undefined }) {

return function (dataset, config$1) {
			if (dataset.typed && dataset.value.length > this.requirement) _addIssue(this, "length", dataset, config$1, { received: `${dataset.value.length}` });
			return dataset;
		};

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __email(__0) {
  return (function() {
    with({ EMAIL_REGEX: __EMAIL_REGEX, _addIssue: __addIssue, email: __email, this: undefined, arguments: undefined }) {

return function /*email*/(message$1) {
	return {
		kind: "validation",
		type: "email",
		reference: email,
		expects: null,
		async: false,
		requirement: EMAIL_REGEX,
		message: message$1,
		"~run"(dataset, config$1) {
			if (dataset.typed && !this.requirement.test(dataset.value)) _addIssue(this, "email", dataset, config$1);
			return dataset;
		}
	};
};

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __f35(__0, __1) {
  return (function() {
    with({ _addIssue: __addIssue, this: undefined, arguments: undefined }) {

return function (dataset, config$1) {
			if (dataset.typed && !this.requirement.test(dataset.value)) _addIssue(this, "email", dataset, config$1);
			return dataset;
		};

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __f31(__0, __1) {
  return (function() {
    with({ pipe$1: __4_pipe1, this: undefined, arguments: undefined }) {

return function (dataset, config$1) {
			for (const item of pipe$1) if (item.kind !== "metadata") {
				if (dataset.issues && (item.kind === "schema" || item.kind === "transformation")) {
					dataset.typed = false;
					break;
				}
				if (!dataset.issues || !config$1.abortEarly && !config$1.abortPipeEarly) dataset = item["~run"](dataset, config$1);
			}
			return dataset;
		};

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __f36(__0) {
  return (function() {
    with({ schema: __events_1_CONTRACTS_OrderPlaced_detail_entries_customer_entries_email, getGlobalConfig: __getGlobalConfig, this: undefined, arguments: undefined }) {

return (value$1) => schema["~run"]({ value: value$1 }, /* @__PURE__ */ getGlobalConfig());

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __f37(__0, __1) {
  return (function() {
    with({ getDefault: __getDefault, getFallback: __getFallback, _addIssue: __addIssue, this: undefined, arguments: undefined }) {

return function (dataset, config$1) {
			const input = dataset.value;
			if (input && typeof input === "object") {
				dataset.typed = true;
				dataset.value = {};
				for (const key in this.entries) {
					const valueSchema = this.entries[key];
					if (key in input || (valueSchema.type === "exact_optional" || valueSchema.type === "optional" || valueSchema.type === "nullish") && valueSchema.default !== void 0) {
						const value$1 = key in input ? input[key] : /* @__PURE__ */ getDefault(valueSchema);
						const valueDataset = valueSchema["~run"]({ value: value$1 }, config$1);
						if (valueDataset.issues) {
							const pathItem = {
								type: "object",
								origin: "value",
								input,
								key,
								value: value$1
							};
							for (const issue of valueDataset.issues) {
								if (issue.path) issue.path.unshift(pathItem);
								else issue.path = [pathItem];
								dataset.issues?.push(issue);
							}
							if (!dataset.issues) dataset.issues = valueDataset.issues;
							if (config$1.abortEarly) {
								dataset.typed = false;
								break;
							}
						}
						if (!valueDataset.typed) dataset.typed = false;
						dataset.value[key] = valueDataset.value;
					} else if (valueSchema.fallback !== void 0) dataset.value[key] = /* @__PURE__ */ getFallback(valueSchema);
					else if (valueSchema.type !== "exact_optional" && valueSchema.type !== "optional" && valueSchema.type !== "nullish") {
						_addIssue(this, "key", dataset, config$1, {
							input: void 0,
							expected: `"${key}"`,
							path: [{
								type: "object",
								origin: "key",
								input,
								key,
								value: input[key]
							}]
						});
						if (config$1.abortEarly) break;
					}
				}
				if (!dataset.issues || !config$1.abortEarly) {
					for (const key in input) if (!Object.prototype.hasOwnProperty.call(this.entries, key)) {
						_addIssue(this, "key", dataset, config$1, {
							input: key,
							expected: "never",
							path: [{
								type: "object",
								origin: "key",
								input,
								key,
								value: input[key]
							}]
						});
						break;
					}
				}
			} else _addIssue(this, "type", dataset, config$1);
			return dataset;
		};

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __f38(__0) {
  return (function() {
    with({ schema: __events_1_CONTRACTS_OrderPlaced_detail_entries_customer, getGlobalConfig: __getGlobalConfig, this: undefined, arguments: undefined }) {

return (value$1) => schema["~run"]({ value: value$1 }, /* @__PURE__ */ getGlobalConfig());

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __joinExpects(__0, __1) {
  return (function() {
    with({ _joinExpects: __joinExpects, this: undefined, arguments: undefined }) {

return function /*_joinExpects*/(values$1, separator) {
	const list = [...new Set(values$1)];
	if (list.length > 1) return `(${list.join(` ${separator} `)})`;
	return list[0] ?? "never";
};

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __picklist(__0, __1) {
  return (function() {
    with({ _standardSchema: __standardSchema, _joinExpects: __joinExpects, _stringify: __stringify, _addIssue: __addIssue, picklist: __picklist, this: undefined, arguments: undefined }) {

return function /*picklist*/(options, message$1) {
	return _standardSchema({
		kind: "schema",
		type: "picklist",
		reference: picklist,
		expects: /* @__PURE__ */ _joinExpects(options.map(_stringify), "|"),
		async: false,
		options,
		message: message$1,
		"~run"(dataset, config$1) {
			if (this.options.includes(dataset.value)) dataset.typed = true;
			else _addIssue(this, "type", dataset, config$1);
			return dataset;
		}
	});
};

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __f39(__0, __1) {
  return (function() {
    with({ _addIssue: __addIssue, this: undefined, arguments: undefined }) {

return function (dataset, config$1) {
			if (this.options.includes(dataset.value)) dataset.typed = true;
			else _addIssue(this, "type", dataset, config$1);
			return dataset;
		};

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __f40(__0) {
  return (function() {
    with({ schema: __events_1_CONTRACTS_OrderPlaced_detail_entries_currency, getGlobalConfig: __getGlobalConfig, this: undefined, arguments: undefined }) {

return (value$1) => schema["~run"]({ value: value$1 }, /* @__PURE__ */ getGlobalConfig());

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __array(__0, __1) {
  return (function() {
    with({ _standardSchema: __standardSchema, _addIssue: __addIssue, array: __array, this: undefined, arguments: undefined }) {

return function /*array*/(item, message$1) {
	return _standardSchema({
		kind: "schema",
		type: "array",
		reference: array,
		expects: "Array",
		async: false,
		item,
		message: message$1,
		"~run"(dataset, config$1) {
			const input = dataset.value;
			if (Array.isArray(input)) {
				dataset.typed = true;
				dataset.value = [];
				for (let key = 0; key < input.length; key++) {
					const value$1 = input[key];
					const itemDataset = this.item["~run"]({ value: value$1 }, config$1);
					if (itemDataset.issues) {
						const pathItem = {
							type: "array",
							origin: "value",
							input,
							key,
							value: value$1
						};
						for (const issue of itemDataset.issues) {
							if (issue.path) issue.path.unshift(pathItem);
							else issue.path = [pathItem];
							dataset.issues?.push(issue);
						}
						if (!dataset.issues) dataset.issues = itemDataset.issues;
						if (config$1.abortEarly) {
							dataset.typed = false;
							break;
						}
					}
					if (!itemDataset.typed) dataset.typed = false;
					dataset.value.push(itemDataset.value);
				}
			} else _addIssue(this, "type", dataset, config$1);
			return dataset;
		}
	});
};

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __f42(__0, __1) {
  return (function() {
    with({ _addIssue: __addIssue, this: undefined, arguments: undefined }) {

return function (dataset, config$1) {
			if (typeof dataset.value === "string") dataset.typed = true;
			else _addIssue(this, "type", dataset, config$1);
			return dataset;
		};

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __f43(__0) {
  return (function() {
    with({ schema: __5_pipe1_0, getGlobalConfig: __getGlobalConfig, this: undefined, arguments: undefined }) {

return (value$1) => schema["~run"]({ value: value$1 }, /* @__PURE__ */ getGlobalConfig());

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __f44(__0, __1) {
  return (function() {
    with({ _addIssue: __addIssue, this: undefined, arguments: undefined }) {

return function (dataset, config$1) {
			if (dataset.typed && !this.requirement.test(dataset.value)) _addIssue(this, "format", dataset, config$1);
			return dataset;
		};

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __f41(__0, __1) {
  return (function() {
    with({ pipe$1: __5_pipe1, this: undefined, arguments: undefined }) {

return function (dataset, config$1) {
			for (const item of pipe$1) if (item.kind !== "metadata") {
				if (dataset.issues && (item.kind === "schema" || item.kind === "transformation")) {
					dataset.typed = false;
					break;
				}
				if (!dataset.issues || !config$1.abortEarly && !config$1.abortPipeEarly) dataset = item["~run"](dataset, config$1);
			}
			return dataset;
		};

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __f45(__0) {
  return (function() {
    with({ schema: __events_1_CONTRACTS_OrderPlaced_detail_entries_items_item_entries_sku, getGlobalConfig: __getGlobalConfig, this: undefined, arguments: undefined }) {

return (value$1) => schema["~run"]({ value: value$1 }, /* @__PURE__ */ getGlobalConfig());

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __number(__0) {
  return (function() {
    with({ _standardSchema: __standardSchema, number: __number, _addIssue: __addIssue, this: undefined, arguments: undefined }) {

return function /*number*/(message$1) {
	return _standardSchema({
		kind: "schema",
		type: "number",
		reference: number,
		expects: "number",
		async: false,
		message: message$1,
		"~run"(dataset, config$1) {
			if (typeof dataset.value === "number" && !isNaN(dataset.value)) dataset.typed = true;
			else _addIssue(this, "type", dataset, config$1);
			return dataset;
		}
	});
};

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __f47(__0, __1) {
  return (function() {
    with({ _addIssue: __addIssue, this: undefined, arguments: undefined }) {

return function (dataset, config$1) {
			if (typeof dataset.value === "number" && !isNaN(dataset.value)) dataset.typed = true;
			else _addIssue(this, "type", dataset, config$1);
			return dataset;
		};

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __f48(__0) {
  return (function() {
    with({ schema: __6_pipe1_0, getGlobalConfig: __getGlobalConfig, this: undefined, arguments: undefined }) {

return (value$1) => schema["~run"]({ value: value$1 }, /* @__PURE__ */ getGlobalConfig());

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __integer(__0) {
  return (function() {
    with({ _addIssue: __addIssue, integer: __integer, this: undefined, arguments: undefined }) {

return function /*integer*/(message$1) {
	return {
		kind: "validation",
		type: "integer",
		reference: integer,
		async: false,
		expects: null,
		requirement: Number.isInteger,
		message: message$1,
		"~run"(dataset, config$1) {
			if (dataset.typed && !this.requirement(dataset.value)) _addIssue(this, "integer", dataset, config$1);
			return dataset;
		}
	};
};

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __f49(__0, __1) {
  return (function() {
    with({ _addIssue: __addIssue, this: undefined, arguments: undefined }) {

return function (dataset, config$1) {
			if (dataset.typed && !this.requirement(dataset.value)) _addIssue(this, "integer", dataset, config$1);
			return dataset;
		};

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __minValue(__0, __1) {
  return (function() {
    with({ _stringify: __stringify, _addIssue: __addIssue, minValue: __minValue, this: undefined, arguments: undefined }) {

return function /*minValue*/(requirement, message$1) {
	return {
		kind: "validation",
		type: "min_value",
		reference: minValue,
		async: false,
		expects: `>=${requirement instanceof Date ? requirement.toJSON() : /* @__PURE__ */ _stringify(requirement)}`,
		requirement,
		message: message$1,
		"~run"(dataset, config$1) {
			if (dataset.typed && !(dataset.value >= this.requirement)) _addIssue(this, "value", dataset, config$1, { received: dataset.value instanceof Date ? dataset.value.toJSON() : /* @__PURE__ */ _stringify(dataset.value) });
			return dataset;
		}
	};
};

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __f50(__0, __1) {
  return (function() {
    with({ _addIssue: __addIssue, _stringify: __stringify, this: undefined, arguments: undefined }) {

return function (dataset, config$1) {
			if (dataset.typed && !(dataset.value >= this.requirement)) _addIssue(this, "value", dataset, config$1, { received: dataset.value instanceof Date ? dataset.value.toJSON() : /* @__PURE__ */ _stringify(dataset.value) });
			return dataset;
		};

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __maxValue(__0, __1) {
  return (function() {
    with({ _stringify: __stringify, _addIssue: __addIssue, maxValue: __maxValue, this: undefined, arguments: undefined }) {

return function /*maxValue*/(requirement, message$1) {
	return {
		kind: "validation",
		type: "max_value",
		reference: maxValue,
		async: false,
		expects: `<=${requirement instanceof Date ? requirement.toJSON() : /* @__PURE__ */ _stringify(requirement)}`,
		requirement,
		message: message$1,
		"~run"(dataset, config$1) {
			if (dataset.typed && !(dataset.value <= this.requirement)) _addIssue(this, "value", dataset, config$1, { received: dataset.value instanceof Date ? dataset.value.toJSON() : /* @__PURE__ */ _stringify(dataset.value) });
			return dataset;
		}
	};
};

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __f51(__0, __1) {
  return (function() {
    with({ _addIssue: __addIssue, _stringify: __stringify, this: undefined, arguments: undefined }) {

return function (dataset, config$1) {
			if (dataset.typed && !(dataset.value <= this.requirement)) _addIssue(this, "value", dataset, config$1, { received: dataset.value instanceof Date ? dataset.value.toJSON() : /* @__PURE__ */ _stringify(dataset.value) });
			return dataset;
		};

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __f46(__0, __1) {
  return (function() {
    with({ pipe$1: __6_pipe1, this: undefined, arguments: undefined }) {

return function (dataset, config$1) {
			for (const item of pipe$1) if (item.kind !== "metadata") {
				if (dataset.issues && (item.kind === "schema" || item.kind === "transformation")) {
					dataset.typed = false;
					break;
				}
				if (!dataset.issues || !config$1.abortEarly && !config$1.abortPipeEarly) dataset = item["~run"](dataset, config$1);
			}
			return dataset;
		};

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __f52(__0) {
  return (function() {
    with({ schema: __events_1_CONTRACTS_OrderPlaced_detail_entries_items_item_entries_quantity, getGlobalConfig: __getGlobalConfig, this: undefined, arguments: undefined }) {

return (value$1) => schema["~run"]({ value: value$1 }, /* @__PURE__ */ getGlobalConfig());

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __f53(__0, __1) {
  return (function() {
    with({ getDefault: __getDefault, getFallback: __getFallback, _addIssue: __addIssue, this: undefined, arguments: undefined }) {

return function (dataset, config$1) {
			const input = dataset.value;
			if (input && typeof input === "object") {
				dataset.typed = true;
				dataset.value = {};
				for (const key in this.entries) {
					const valueSchema = this.entries[key];
					if (key in input || (valueSchema.type === "exact_optional" || valueSchema.type === "optional" || valueSchema.type === "nullish") && valueSchema.default !== void 0) {
						const value$1 = key in input ? input[key] : /* @__PURE__ */ getDefault(valueSchema);
						const valueDataset = valueSchema["~run"]({ value: value$1 }, config$1);
						if (valueDataset.issues) {
							const pathItem = {
								type: "object",
								origin: "value",
								input,
								key,
								value: value$1
							};
							for (const issue of valueDataset.issues) {
								if (issue.path) issue.path.unshift(pathItem);
								else issue.path = [pathItem];
								dataset.issues?.push(issue);
							}
							if (!dataset.issues) dataset.issues = valueDataset.issues;
							if (config$1.abortEarly) {
								dataset.typed = false;
								break;
							}
						}
						if (!valueDataset.typed) dataset.typed = false;
						dataset.value[key] = valueDataset.value;
					} else if (valueSchema.fallback !== void 0) dataset.value[key] = /* @__PURE__ */ getFallback(valueSchema);
					else if (valueSchema.type !== "exact_optional" && valueSchema.type !== "optional" && valueSchema.type !== "nullish") {
						_addIssue(this, "key", dataset, config$1, {
							input: void 0,
							expected: `"${key}"`,
							path: [{
								type: "object",
								origin: "key",
								input,
								key,
								value: input[key]
							}]
						});
						if (config$1.abortEarly) break;
					}
				}
				if (!dataset.issues || !config$1.abortEarly) {
					for (const key in input) if (!Object.prototype.hasOwnProperty.call(this.entries, key)) {
						_addIssue(this, "key", dataset, config$1, {
							input: key,
							expected: "never",
							path: [{
								type: "object",
								origin: "key",
								input,
								key,
								value: input[key]
							}]
						});
						break;
					}
				}
			} else _addIssue(this, "type", dataset, config$1);
			return dataset;
		};

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __f54(__0) {
  return (function() {
    with({ schema: __events_1_CONTRACTS_OrderPlaced_detail_entries_items_item, getGlobalConfig: __getGlobalConfig, this: undefined, arguments: undefined }) {

return (value$1) => schema["~run"]({ value: value$1 }, /* @__PURE__ */ getGlobalConfig());

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __f56(__0, __1) {
  return (function() {
    with({ _addIssue: __addIssue, this: undefined, arguments: undefined }) {

return function (dataset, config$1) {
			const input = dataset.value;
			if (Array.isArray(input)) {
				dataset.typed = true;
				dataset.value = [];
				for (let key = 0; key < input.length; key++) {
					const value$1 = input[key];
					const itemDataset = this.item["~run"]({ value: value$1 }, config$1);
					if (itemDataset.issues) {
						const pathItem = {
							type: "array",
							origin: "value",
							input,
							key,
							value: value$1
						};
						for (const issue of itemDataset.issues) {
							if (issue.path) issue.path.unshift(pathItem);
							else issue.path = [pathItem];
							dataset.issues?.push(issue);
						}
						if (!dataset.issues) dataset.issues = itemDataset.issues;
						if (config$1.abortEarly) {
							dataset.typed = false;
							break;
						}
					}
					if (!itemDataset.typed) dataset.typed = false;
					dataset.value.push(itemDataset.value);
				}
			} else _addIssue(this, "type", dataset, config$1);
			return dataset;
		};

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __f57(__0) {
  return (function() {
    with({ schema: __7_pipe1_0, getGlobalConfig: __getGlobalConfig, this: undefined, arguments: undefined }) {

return (value$1) => schema["~run"]({ value: value$1 }, /* @__PURE__ */ getGlobalConfig());

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __f58(__0, __1) {
  return (function() {
    with({ _addIssue: __addIssue, this: undefined, arguments: undefined }) {

return function (dataset, config$1) {
			if (dataset.typed && dataset.value.length < this.requirement) _addIssue(this, "length", dataset, config$1, { received: `${dataset.value.length}` });
			return dataset;
		};

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __f59(__0, __1) {
  return (function() {
    with({ _addIssue: __addIssue, this: undefined, arguments: undefined }) {

return function (dataset, config$1) {
			if (dataset.typed && dataset.value.length > this.requirement) _addIssue(this, "length", dataset, config$1, { received: `${dataset.value.length}` });
			return dataset;
		};

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __f55(__0, __1) {
  return (function() {
    with({ pipe$1: __7_pipe1, this: undefined, arguments: undefined }) {

return function (dataset, config$1) {
			for (const item of pipe$1) if (item.kind !== "metadata") {
				if (dataset.issues && (item.kind === "schema" || item.kind === "transformation")) {
					dataset.typed = false;
					break;
				}
				if (!dataset.issues || !config$1.abortEarly && !config$1.abortPipeEarly) dataset = item["~run"](dataset, config$1);
			}
			return dataset;
		};

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __f60(__0) {
  return (function() {
    with({ schema: __events_1_CONTRACTS_OrderPlaced_detail_entries_items, getGlobalConfig: __getGlobalConfig, this: undefined, arguments: undefined }) {

return (value$1) => schema["~run"]({ value: value$1 }, /* @__PURE__ */ getGlobalConfig());

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __f61(__0, __1) {
  return (function() {
    with({ getDefault: __getDefault, getFallback: __getFallback, _addIssue: __addIssue, this: undefined, arguments: undefined }) {

return function (dataset, config$1) {
			const input = dataset.value;
			if (input && typeof input === "object") {
				dataset.typed = true;
				dataset.value = {};
				for (const key in this.entries) {
					const valueSchema = this.entries[key];
					if (key in input || (valueSchema.type === "exact_optional" || valueSchema.type === "optional" || valueSchema.type === "nullish") && valueSchema.default !== void 0) {
						const value$1 = key in input ? input[key] : /* @__PURE__ */ getDefault(valueSchema);
						const valueDataset = valueSchema["~run"]({ value: value$1 }, config$1);
						if (valueDataset.issues) {
							const pathItem = {
								type: "object",
								origin: "value",
								input,
								key,
								value: value$1
							};
							for (const issue of valueDataset.issues) {
								if (issue.path) issue.path.unshift(pathItem);
								else issue.path = [pathItem];
								dataset.issues?.push(issue);
							}
							if (!dataset.issues) dataset.issues = valueDataset.issues;
							if (config$1.abortEarly) {
								dataset.typed = false;
								break;
							}
						}
						if (!valueDataset.typed) dataset.typed = false;
						dataset.value[key] = valueDataset.value;
					} else if (valueSchema.fallback !== void 0) dataset.value[key] = /* @__PURE__ */ getFallback(valueSchema);
					else if (valueSchema.type !== "exact_optional" && valueSchema.type !== "optional" && valueSchema.type !== "nullish") {
						_addIssue(this, "key", dataset, config$1, {
							input: void 0,
							expected: `"${key}"`,
							path: [{
								type: "object",
								origin: "key",
								input,
								key,
								value: input[key]
							}]
						});
						if (config$1.abortEarly) break;
					}
				}
				if (!dataset.issues || !config$1.abortEarly) {
					for (const key in input) if (!Object.prototype.hasOwnProperty.call(this.entries, key)) {
						_addIssue(this, "key", dataset, config$1, {
							input: key,
							expected: "never",
							path: [{
								type: "object",
								origin: "key",
								input,
								key,
								value: input[key]
							}]
						});
						break;
					}
				}
			} else _addIssue(this, "type", dataset, config$1);
			return dataset;
		};

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __f62(__0) {
  return (function() {
    with({ schema: __events_1_CONTRACTS_OrderPlaced_detail, getGlobalConfig: __getGlobalConfig, this: undefined, arguments: undefined }) {

return (value$1) => schema["~run"]({ value: value$1 }, /* @__PURE__ */ getGlobalConfig());

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __f63(__0, __1) {
  return (function() {
    with({ getDefault: __getDefault, getFallback: __getFallback, _addIssue: __addIssue, this: undefined, arguments: undefined }) {

return function (dataset, config$1) {
			const input = dataset.value;
			if (input && typeof input === "object") {
				dataset.typed = true;
				dataset.value = {};
				for (const key in this.entries) {
					const valueSchema = this.entries[key];
					if (key in input || (valueSchema.type === "exact_optional" || valueSchema.type === "optional" || valueSchema.type === "nullish") && valueSchema.default !== void 0) {
						const value$1 = key in input ? input[key] : /* @__PURE__ */ getDefault(valueSchema);
						const valueDataset = valueSchema["~run"]({ value: value$1 }, config$1);
						if (valueDataset.issues) {
							const pathItem = {
								type: "object",
								origin: "value",
								input,
								key,
								value: value$1
							};
							for (const issue of valueDataset.issues) {
								if (issue.path) issue.path.unshift(pathItem);
								else issue.path = [pathItem];
								dataset.issues?.push(issue);
							}
							if (!dataset.issues) dataset.issues = valueDataset.issues;
							if (config$1.abortEarly) {
								dataset.typed = false;
								break;
							}
						}
						if (!valueDataset.typed) dataset.typed = false;
						dataset.value[key] = valueDataset.value;
					} else if (valueSchema.fallback !== void 0) dataset.value[key] = /* @__PURE__ */ getFallback(valueSchema);
					else if (valueSchema.type !== "exact_optional" && valueSchema.type !== "optional" && valueSchema.type !== "nullish") {
						_addIssue(this, "key", dataset, config$1, {
							input: void 0,
							expected: `"${key}"`,
							path: [{
								type: "object",
								origin: "key",
								input,
								key,
								value: input[key]
							}]
						});
						if (config$1.abortEarly) break;
					}
				}
				if (!dataset.issues || !config$1.abortEarly) {
					for (const key in input) if (!Object.prototype.hasOwnProperty.call(this.entries, key)) {
						_addIssue(this, "key", dataset, config$1, {
							input: key,
							expected: "never",
							path: [{
								type: "object",
								origin: "key",
								input,
								key,
								value: input[key]
							}]
						});
						break;
					}
				}
			} else _addIssue(this, "type", dataset, config$1);
			return dataset;
		};

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __f64(__0) {
  return (function() {
    with({ schema: __events_1_CONTRACTS_CustomerRegistered_detail, getGlobalConfig: __getGlobalConfig, this: undefined, arguments: undefined }) {

return (value$1) => schema["~run"]({ value: value$1 }, /* @__PURE__ */ getGlobalConfig());

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __f65(__0, __1) {
  return (function() {
    with({ _addIssue: __addIssue, this: undefined, arguments: undefined }) {

return function (dataset, config$1) {
			if (this.options.includes(dataset.value)) dataset.typed = true;
			else _addIssue(this, "type", dataset, config$1);
			return dataset;
		};

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __f66(__0) {
  return (function() {
    with({ schema: __events_1_CONTRACTS_OrderProcessed_detail_entries_currency, getGlobalConfig: __getGlobalConfig, this: undefined, arguments: undefined }) {

return (value$1) => schema["~run"]({ value: value$1 }, /* @__PURE__ */ getGlobalConfig());

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __f68(__0, __1) {
  return (function() {
    with({ _addIssue: __addIssue, this: undefined, arguments: undefined }) {

return function (dataset, config$1) {
			if (typeof dataset.value === "number" && !isNaN(dataset.value)) dataset.typed = true;
			else _addIssue(this, "type", dataset, config$1);
			return dataset;
		};

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __f69(__0) {
  return (function() {
    with({ schema: __8_pipe1_0, getGlobalConfig: __getGlobalConfig, this: undefined, arguments: undefined }) {

return (value$1) => schema["~run"]({ value: value$1 }, /* @__PURE__ */ getGlobalConfig());

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __f70(__0, __1) {
  return (function() {
    with({ _addIssue: __addIssue, this: undefined, arguments: undefined }) {

return function (dataset, config$1) {
			if (dataset.typed && !this.requirement(dataset.value)) _addIssue(this, "integer", dataset, config$1);
			return dataset;
		};

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __f71(__0, __1) {
  return (function() {
    with({ _addIssue: __addIssue, _stringify: __stringify, this: undefined, arguments: undefined }) {

return function (dataset, config$1) {
			if (dataset.typed && !(dataset.value >= this.requirement)) _addIssue(this, "value", dataset, config$1, { received: dataset.value instanceof Date ? dataset.value.toJSON() : /* @__PURE__ */ _stringify(dataset.value) });
			return dataset;
		};

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __f67(__0, __1) {
  return (function() {
    with({ pipe$1: __8_pipe1, this: undefined, arguments: undefined }) {

return function (dataset, config$1) {
			for (const item of pipe$1) if (item.kind !== "metadata") {
				if (dataset.issues && (item.kind === "schema" || item.kind === "transformation")) {
					dataset.typed = false;
					break;
				}
				if (!dataset.issues || !config$1.abortEarly && !config$1.abortPipeEarly) dataset = item["~run"](dataset, config$1);
			}
			return dataset;
		};

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __f72(__0) {
  return (function() {
    with({ schema: __events_1_CONTRACTS_OrderProcessed_detail_entries_totalCents, getGlobalConfig: __getGlobalConfig, this: undefined, arguments: undefined }) {

return (value$1) => schema["~run"]({ value: value$1 }, /* @__PURE__ */ getGlobalConfig());

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __f74(__0, __1) {
  return (function() {
    with({ _addIssue: __addIssue, this: undefined, arguments: undefined }) {

return function (dataset, config$1) {
			if (typeof dataset.value === "number" && !isNaN(dataset.value)) dataset.typed = true;
			else _addIssue(this, "type", dataset, config$1);
			return dataset;
		};

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __f75(__0) {
  return (function() {
    with({ schema: __9_pipe1_0, getGlobalConfig: __getGlobalConfig, this: undefined, arguments: undefined }) {

return (value$1) => schema["~run"]({ value: value$1 }, /* @__PURE__ */ getGlobalConfig());

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __f76(__0, __1) {
  return (function() {
    with({ _addIssue: __addIssue, this: undefined, arguments: undefined }) {

return function (dataset, config$1) {
			if (dataset.typed && !this.requirement(dataset.value)) _addIssue(this, "integer", dataset, config$1);
			return dataset;
		};

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __f77(__0, __1) {
  return (function() {
    with({ _addIssue: __addIssue, _stringify: __stringify, this: undefined, arguments: undefined }) {

return function (dataset, config$1) {
			if (dataset.typed && !(dataset.value >= this.requirement)) _addIssue(this, "value", dataset, config$1, { received: dataset.value instanceof Date ? dataset.value.toJSON() : /* @__PURE__ */ _stringify(dataset.value) });
			return dataset;
		};

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __f73(__0, __1) {
  return (function() {
    with({ pipe$1: __9_pipe1, this: undefined, arguments: undefined }) {

return function (dataset, config$1) {
			for (const item of pipe$1) if (item.kind !== "metadata") {
				if (dataset.issues && (item.kind === "schema" || item.kind === "transformation")) {
					dataset.typed = false;
					break;
				}
				if (!dataset.issues || !config$1.abortEarly && !config$1.abortPipeEarly) dataset = item["~run"](dataset, config$1);
			}
			return dataset;
		};

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __f78(__0) {
  return (function() {
    with({ schema: __events_1_CONTRACTS_OrderProcessed_detail_entries_itemCount, getGlobalConfig: __getGlobalConfig, this: undefined, arguments: undefined }) {

return (value$1) => schema["~run"]({ value: value$1 }, /* @__PURE__ */ getGlobalConfig());

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __f79(__0, __1) {
  return (function() {
    with({ getDefault: __getDefault, getFallback: __getFallback, _addIssue: __addIssue, this: undefined, arguments: undefined }) {

return function (dataset, config$1) {
			const input = dataset.value;
			if (input && typeof input === "object") {
				dataset.typed = true;
				dataset.value = {};
				for (const key in this.entries) {
					const valueSchema = this.entries[key];
					if (key in input || (valueSchema.type === "exact_optional" || valueSchema.type === "optional" || valueSchema.type === "nullish") && valueSchema.default !== void 0) {
						const value$1 = key in input ? input[key] : /* @__PURE__ */ getDefault(valueSchema);
						const valueDataset = valueSchema["~run"]({ value: value$1 }, config$1);
						if (valueDataset.issues) {
							const pathItem = {
								type: "object",
								origin: "value",
								input,
								key,
								value: value$1
							};
							for (const issue of valueDataset.issues) {
								if (issue.path) issue.path.unshift(pathItem);
								else issue.path = [pathItem];
								dataset.issues?.push(issue);
							}
							if (!dataset.issues) dataset.issues = valueDataset.issues;
							if (config$1.abortEarly) {
								dataset.typed = false;
								break;
							}
						}
						if (!valueDataset.typed) dataset.typed = false;
						dataset.value[key] = valueDataset.value;
					} else if (valueSchema.fallback !== void 0) dataset.value[key] = /* @__PURE__ */ getFallback(valueSchema);
					else if (valueSchema.type !== "exact_optional" && valueSchema.type !== "optional" && valueSchema.type !== "nullish") {
						_addIssue(this, "key", dataset, config$1, {
							input: void 0,
							expected: `"${key}"`,
							path: [{
								type: "object",
								origin: "key",
								input,
								key,
								value: input[key]
							}]
						});
						if (config$1.abortEarly) break;
					}
				}
				if (!dataset.issues || !config$1.abortEarly) {
					for (const key in input) if (!Object.prototype.hasOwnProperty.call(this.entries, key)) {
						_addIssue(this, "key", dataset, config$1, {
							input: key,
							expected: "never",
							path: [{
								type: "object",
								origin: "key",
								input,
								key,
								value: input[key]
							}]
						});
						break;
					}
				}
			} else _addIssue(this, "type", dataset, config$1);
			return dataset;
		};

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __f80(__0) {
  return (function() {
    with({ schema: __events_1_CONTRACTS_OrderProcessed_detail, getGlobalConfig: __getGlobalConfig, this: undefined, arguments: undefined }) {

return (value$1) => schema["~run"]({ value: value$1 }, /* @__PURE__ */ getGlobalConfig());

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __f82(__0, __1) {
  return (function() {
    with({ _addIssue: __addIssue, this: undefined, arguments: undefined }) {

return function (dataset, config$1) {
			if (typeof dataset.value === "string") dataset.typed = true;
			else _addIssue(this, "type", dataset, config$1);
			return dataset;
		};

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __f83(__0) {
  return (function() {
    with({ schema: __10_pipe1_0, getGlobalConfig: __getGlobalConfig, this: undefined, arguments: undefined }) {

return (value$1) => schema["~run"]({ value: value$1 }, /* @__PURE__ */ getGlobalConfig());

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __f84(__0, __1) {
  return (function() {
    with({ _addIssue: __addIssue, this: undefined, arguments: undefined }) {

return function (dataset, config$1) {
			if (dataset.typed && dataset.value.length > this.requirement) _addIssue(this, "length", dataset, config$1, { received: `${dataset.value.length}` });
			return dataset;
		};

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __f81(__0, __1) {
  return (function() {
    with({ pipe$1: __10_pipe1, this: undefined, arguments: undefined }) {

return function (dataset, config$1) {
			for (const item of pipe$1) if (item.kind !== "metadata") {
				if (dataset.issues && (item.kind === "schema" || item.kind === "transformation")) {
					dataset.typed = false;
					break;
				}
				if (!dataset.issues || !config$1.abortEarly && !config$1.abortPipeEarly) dataset = item["~run"](dataset, config$1);
			}
			return dataset;
		};

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __f85(__0) {
  return (function() {
    with({ schema: __events_1_CONTRACTS_OrderFailed_detail_entries_error, getGlobalConfig: __getGlobalConfig, this: undefined, arguments: undefined }) {

return (value$1) => schema["~run"]({ value: value$1 }, /* @__PURE__ */ getGlobalConfig());

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __f87(__0, __1) {
  return (function() {
    with({ _addIssue: __addIssue, this: undefined, arguments: undefined }) {

return function (dataset, config$1) {
			if (typeof dataset.value === "string") dataset.typed = true;
			else _addIssue(this, "type", dataset, config$1);
			return dataset;
		};

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __f88(__0) {
  return (function() {
    with({ schema: __11_pipe1_0, getGlobalConfig: __getGlobalConfig, this: undefined, arguments: undefined }) {

return (value$1) => schema["~run"]({ value: value$1 }, /* @__PURE__ */ getGlobalConfig());

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __f89(__0, __1) {
  return (function() {
    with({ _addIssue: __addIssue, this: undefined, arguments: undefined }) {

return function (dataset, config$1) {
			if (dataset.typed && dataset.value.length > this.requirement) _addIssue(this, "length", dataset, config$1, { received: `${dataset.value.length}` });
			return dataset;
		};

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __f86(__0, __1) {
  return (function() {
    with({ pipe$1: __11_pipe1, this: undefined, arguments: undefined }) {

return function (dataset, config$1) {
			for (const item of pipe$1) if (item.kind !== "metadata") {
				if (dataset.issues && (item.kind === "schema" || item.kind === "transformation")) {
					dataset.typed = false;
					break;
				}
				if (!dataset.issues || !config$1.abortEarly && !config$1.abortPipeEarly) dataset = item["~run"](dataset, config$1);
			}
			return dataset;
		};

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __f90(__0) {
  return (function() {
    with({ schema: __events_1_CONTRACTS_OrderFailed_detail_entries_cause, getGlobalConfig: __getGlobalConfig, this: undefined, arguments: undefined }) {

return (value$1) => schema["~run"]({ value: value$1 }, /* @__PURE__ */ getGlobalConfig());

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __f91(__0, __1) {
  return (function() {
    with({ getDefault: __getDefault, getFallback: __getFallback, _addIssue: __addIssue, this: undefined, arguments: undefined }) {

return function (dataset, config$1) {
			const input = dataset.value;
			if (input && typeof input === "object") {
				dataset.typed = true;
				dataset.value = {};
				for (const key in this.entries) {
					const valueSchema = this.entries[key];
					if (key in input || (valueSchema.type === "exact_optional" || valueSchema.type === "optional" || valueSchema.type === "nullish") && valueSchema.default !== void 0) {
						const value$1 = key in input ? input[key] : /* @__PURE__ */ getDefault(valueSchema);
						const valueDataset = valueSchema["~run"]({ value: value$1 }, config$1);
						if (valueDataset.issues) {
							const pathItem = {
								type: "object",
								origin: "value",
								input,
								key,
								value: value$1
							};
							for (const issue of valueDataset.issues) {
								if (issue.path) issue.path.unshift(pathItem);
								else issue.path = [pathItem];
								dataset.issues?.push(issue);
							}
							if (!dataset.issues) dataset.issues = valueDataset.issues;
							if (config$1.abortEarly) {
								dataset.typed = false;
								break;
							}
						}
						if (!valueDataset.typed) dataset.typed = false;
						dataset.value[key] = valueDataset.value;
					} else if (valueSchema.fallback !== void 0) dataset.value[key] = /* @__PURE__ */ getFallback(valueSchema);
					else if (valueSchema.type !== "exact_optional" && valueSchema.type !== "optional" && valueSchema.type !== "nullish") {
						_addIssue(this, "key", dataset, config$1, {
							input: void 0,
							expected: `"${key}"`,
							path: [{
								type: "object",
								origin: "key",
								input,
								key,
								value: input[key]
							}]
						});
						if (config$1.abortEarly) break;
					}
				}
				if (!dataset.issues || !config$1.abortEarly) {
					for (const key in input) if (!Object.prototype.hasOwnProperty.call(this.entries, key)) {
						_addIssue(this, "key", dataset, config$1, {
							input: key,
							expected: "never",
							path: [{
								type: "object",
								origin: "key",
								input,
								key,
								value: input[key]
							}]
						});
						break;
					}
				}
			} else _addIssue(this, "type", dataset, config$1);
			return dataset;
		};

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __f92(__0) {
  return (function() {
    with({ schema: __events_1_CONTRACTS_OrderFailed_detail, getGlobalConfig: __getGlobalConfig, this: undefined, arguments: undefined }) {

return (value$1) => schema["~run"]({ value: value$1 }, /* @__PURE__ */ getGlobalConfig());

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __f94(__0, __1) {
  return (function() {
    with({ _addIssue: __addIssue, this: undefined, arguments: undefined }) {

return function (dataset, config$1) {
			if (typeof dataset.value === "string") dataset.typed = true;
			else _addIssue(this, "type", dataset, config$1);
			return dataset;
		};

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __f95(__0) {
  return (function() {
    with({ schema: __12_pipe1_0, getGlobalConfig: __getGlobalConfig, this: undefined, arguments: undefined }) {

return (value$1) => schema["~run"]({ value: value$1 }, /* @__PURE__ */ getGlobalConfig());

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __f96(__0, __1) {
  return (function() {
    with({ _addIssue: __addIssue, this: undefined, arguments: undefined }) {

return function (dataset, config$1) {
			if (dataset.typed && dataset.value.length < this.requirement) _addIssue(this, "length", dataset, config$1, { received: `${dataset.value.length}` });
			return dataset;
		};

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __f97(__0, __1) {
  return (function() {
    with({ _addIssue: __addIssue, this: undefined, arguments: undefined }) {

return function (dataset, config$1) {
			if (dataset.typed && dataset.value.length > this.requirement) _addIssue(this, "length", dataset, config$1, { received: `${dataset.value.length}` });
			return dataset;
		};

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __f93(__0, __1) {
  return (function() {
    with({ pipe$1: __12_pipe1, this: undefined, arguments: undefined }) {

return function (dataset, config$1) {
			for (const item of pipe$1) if (item.kind !== "metadata") {
				if (dataset.issues && (item.kind === "schema" || item.kind === "transformation")) {
					dataset.typed = false;
					break;
				}
				if (!dataset.issues || !config$1.abortEarly && !config$1.abortPipeEarly) dataset = item["~run"](dataset, config$1);
			}
			return dataset;
		};

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __f98(__0) {
  return (function() {
    with({ schema: __events_1_CONTRACTS_ReceiptStored_detail_entries_bucket, getGlobalConfig: __getGlobalConfig, this: undefined, arguments: undefined }) {

return (value$1) => schema["~run"]({ value: value$1 }, /* @__PURE__ */ getGlobalConfig());

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __f100(__0, __1) {
  return (function() {
    with({ _addIssue: __addIssue, this: undefined, arguments: undefined }) {

return function (dataset, config$1) {
			if (typeof dataset.value === "string") dataset.typed = true;
			else _addIssue(this, "type", dataset, config$1);
			return dataset;
		};

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __f101(__0) {
  return (function() {
    with({ schema: __13_pipe1_0, getGlobalConfig: __getGlobalConfig, this: undefined, arguments: undefined }) {

return (value$1) => schema["~run"]({ value: value$1 }, /* @__PURE__ */ getGlobalConfig());

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __f102(__0, __1) {
  return (function() {
    with({ _addIssue: __addIssue, this: undefined, arguments: undefined }) {

return function (dataset, config$1) {
			if (dataset.typed && dataset.value.length < this.requirement) _addIssue(this, "length", dataset, config$1, { received: `${dataset.value.length}` });
			return dataset;
		};

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __f103(__0, __1) {
  return (function() {
    with({ _addIssue: __addIssue, this: undefined, arguments: undefined }) {

return function (dataset, config$1) {
			if (dataset.typed && dataset.value.length > this.requirement) _addIssue(this, "length", dataset, config$1, { received: `${dataset.value.length}` });
			return dataset;
		};

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __f99(__0, __1) {
  return (function() {
    with({ pipe$1: __13_pipe1, this: undefined, arguments: undefined }) {

return function (dataset, config$1) {
			for (const item of pipe$1) if (item.kind !== "metadata") {
				if (dataset.issues && (item.kind === "schema" || item.kind === "transformation")) {
					dataset.typed = false;
					break;
				}
				if (!dataset.issues || !config$1.abortEarly && !config$1.abortPipeEarly) dataset = item["~run"](dataset, config$1);
			}
			return dataset;
		};

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __f104(__0) {
  return (function() {
    with({ schema: __events_1_CONTRACTS_ReceiptStored_detail_entries_key, getGlobalConfig: __getGlobalConfig, this: undefined, arguments: undefined }) {

return (value$1) => schema["~run"]({ value: value$1 }, /* @__PURE__ */ getGlobalConfig());

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __f105(__0, __1) {
  return (function() {
    with({ getDefault: __getDefault, getFallback: __getFallback, _addIssue: __addIssue, this: undefined, arguments: undefined }) {

return function (dataset, config$1) {
			const input = dataset.value;
			if (input && typeof input === "object") {
				dataset.typed = true;
				dataset.value = {};
				for (const key in this.entries) {
					const valueSchema = this.entries[key];
					if (key in input || (valueSchema.type === "exact_optional" || valueSchema.type === "optional" || valueSchema.type === "nullish") && valueSchema.default !== void 0) {
						const value$1 = key in input ? input[key] : /* @__PURE__ */ getDefault(valueSchema);
						const valueDataset = valueSchema["~run"]({ value: value$1 }, config$1);
						if (valueDataset.issues) {
							const pathItem = {
								type: "object",
								origin: "value",
								input,
								key,
								value: value$1
							};
							for (const issue of valueDataset.issues) {
								if (issue.path) issue.path.unshift(pathItem);
								else issue.path = [pathItem];
								dataset.issues?.push(issue);
							}
							if (!dataset.issues) dataset.issues = valueDataset.issues;
							if (config$1.abortEarly) {
								dataset.typed = false;
								break;
							}
						}
						if (!valueDataset.typed) dataset.typed = false;
						dataset.value[key] = valueDataset.value;
					} else if (valueSchema.fallback !== void 0) dataset.value[key] = /* @__PURE__ */ getFallback(valueSchema);
					else if (valueSchema.type !== "exact_optional" && valueSchema.type !== "optional" && valueSchema.type !== "nullish") {
						_addIssue(this, "key", dataset, config$1, {
							input: void 0,
							expected: `"${key}"`,
							path: [{
								type: "object",
								origin: "key",
								input,
								key,
								value: input[key]
							}]
						});
						if (config$1.abortEarly) break;
					}
				}
				if (!dataset.issues || !config$1.abortEarly) {
					for (const key in input) if (!Object.prototype.hasOwnProperty.call(this.entries, key)) {
						_addIssue(this, "key", dataset, config$1, {
							input: key,
							expected: "never",
							path: [{
								type: "object",
								origin: "key",
								input,
								key,
								value: input[key]
							}]
						});
						break;
					}
				}
			} else _addIssue(this, "type", dataset, config$1);
			return dataset;
		};

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __f106(__0) {
  return (function() {
    with({ schema: __events_1_CONTRACTS_ReceiptStored_detail, getGlobalConfig: __getGlobalConfig, this: undefined, arguments: undefined }) {

return (value$1) => schema["~run"]({ value: value$1 }, /* @__PURE__ */ getGlobalConfig());

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __eventEntry(__0, __1, __2) {
  return (function() {
    with({ events_1: __events_1, eventEntry: __eventEntry, this: undefined, arguments: undefined }) {

return function /*eventEntry*/(busName, name, detail) {
    const valid = (0, events_1.parseDetail)(name, detail);
    return {
        EventBusName: busName,
        Source: events_1.CONTRACTS[name].source,
        DetailType: events_1.CONTRACTS[name].detailType,
        Detail: JSON.stringify(valid),
        // Continues the X-Ray trace of the producing invocation through the bus (undefined outside Lambda).
        TraceHeader: process.env._X_AMZN_TRACE_ID,
    };
};

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __f107(__0, __1) {
  return (function() {
    with({ __super: global.Error, this: undefined, arguments: undefined }) {

return function /*constructor*/(failedEntryCount, errors) {
    __super.call(this, `EventBridge rejected ${failedEntryCount} event(s): ${errors.join("; ")}`);
    this.failedEntryCount = failedEntryCount;
    this.errors = errors;
    this.name = "EventPublishError";
};

    }
  }).apply(undefined, undefined).apply(this, arguments);
}
const client_eventbridge_1 = require("@aws-sdk/client-eventbridge/dist-cjs/index.js");

function __publishEvents(__0, __1, __2) {
  return (function() {
    with({ eventEntry: __eventEntry, EventPublishError: __f107, publishEvents: __publishEvents, this: undefined, arguments: undefined }) {

return async function /*publishEvents*/(client, busName, events) {
    const entries = events.map((e) => eventEntry(busName, e.name, e.detail));
    const result = await client.send(new client_eventbridge_1.PutEventsCommand({ Entries: entries }));
    const failed = result.FailedEntryCount ?? 0;
    if (failed > 0) {
        const errors = (result.Entries ?? []).filter((e) => e.ErrorCode).map((e) => `${e.ErrorCode}: ${e.ErrorMessage ?? ""}`);
        throw new EventPublishError(failed, errors);
    }
};

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __publishReceiptStored(__0, __1, __2, __3) {
  return (function() {
    with({ receiptStoredDetail: __receiptStoredDetail, publish_1: __publish_1, publishReceiptStored: __publishReceiptStored, this: undefined, arguments: undefined }) {

return async function /*publishReceiptStored*/(s3, events, busName, event) {
    const detail = await receiptStoredDetail(s3, event);
    await (0, publish_1.publishEvents)(events, busName, [{ name: "ReceiptStored", detail }]);
    return detail;
};

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __createReceiptStoredHandler() {
  return (function() {
    with({ logging_1: __logging_1, publishReceiptStored: __publishReceiptStored, createReceiptStoredHandler: __createReceiptStoredHandler, this: undefined, arguments: undefined }) {

return function /*createReceiptStoredHandler*/() {
    const busName = process.env.EVENT_BUS_NAME;
    if (!busName)
        throw new Error("EVENT_BUS_NAME is not set");
    const s3 = new client_s3_1.S3Client({});
    const events = new client_eventbridge_1.EventBridgeClient({});
    const logger = (0, logging_1.createLogger)();
    return async (event) => {
        const detail = await publishReceiptStored(s3, events, busName, event);
        (0, logging_1.correlate)(logger, { correlationId: detail.correlationId, orderId: detail.orderId, customerId: detail.customerId });
        logger.info("published ReceiptStored", { key: detail.key });
    };
};

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

exports.handler = __createReceiptStoredHandler();