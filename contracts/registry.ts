import { toJsonSchema } from "@valibot/to-json-schema";
import { CONTRACTS, EventName } from "./events";

/** The registry document for one event: the whole EventBridge envelope, with the detail schema inside (JSON Schema draft 4). */
export function registrySchema(name: EventName): Record<string, unknown> {
    const { source, detailType, detail } = CONTRACTS[name];
    const { $schema: _draft7, ...detailSchema } = toJsonSchema(detail, { errorMode: "throw" }) as Record<string, unknown>;
    return {
        $schema: "http://json-schema.org/draft-04/schema#",
        title: name,
        type: "object",
        required: ["source", "detail-type", "detail"],
        properties: {
            source: { type: "string", enum: [source] },
            "detail-type": { type: "string", enum: [detailType] },
            detail: detailSchema,
        },
    };
}
