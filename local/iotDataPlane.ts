/**
 * The local IoT data-plane endpoint: the REST call `IoTDataPlaneClient`'s `PublishCommand` makes
 * (`POST /topics/{topic}?qos=&retain=`, the payload as the body, the topic one percent-encoded path label),
 * answered as IoT Core answers it and published into the local broker as the platform. It stands for a caller
 * with IAM permission (the notifier's role), so no custom authorizer applies and the signature is not checked.
 */
import { randomUUID } from "crypto";
import * as http from "http";
import type { IotBroker } from "./iotBroker";
import { readBoundedBody } from "./requestBody";

/** IoT Core's largest message payload. */
export const MAX_PAYLOAD_BYTES = 128 * 1024;

class DataPlaneError extends Error {
    constructor(readonly status: number, readonly type: string, message: string) {
        super(message);
        this.name = "DataPlaneError";
    }
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
    return readBoundedBody(req, MAX_PAYLOAD_BYTES, (size) =>
        new DataPlaneError(413, "RequestEntityTooLargeException", `the payload is ${size} bytes, but at most ${MAX_PAYLOAD_BYTES} bytes are allowed`));
}

/** Reads the publish request: the topic label, qos (0 or 1, as IoT Core supports) and retain. */
function parsePublish(req: http.IncomingMessage): { topic: string; qos: 0 | 1; retain: boolean } {
    const url = new URL(req.url ?? "/", "http://localhost");
    const match = /^\/topics\/([^/]+)$/.exec(url.pathname);
    if (!match) throw new DataPlaneError(404, "ResourceNotFoundException", `${url.pathname} is not served here (only POST /topics/{topic})`);
    if (req.method !== "POST") throw new DataPlaneError(405, "MethodNotAllowedException", `${req.method} is not allowed on /topics/{topic} (only POST)`);
    let topic: string;
    try {
        topic = decodeURIComponent(match[1]);
    } catch {
        throw new DataPlaneError(400, "InvalidRequestException", `the topic ${match[1]} is not valid percent-encoding`);
    }
    if (topic.includes("+") || topic.includes("#")) throw new DataPlaneError(400, "InvalidRequestException", `the topic ${topic} contains an MQTT wildcard; publish to a concrete topic`);
    const qosText = url.searchParams.get("qos") ?? "0";
    if (qosText !== "0" && qosText !== "1") throw new DataPlaneError(400, "InvalidRequestException", `qos must be 0 or 1, but ${qosText} was provided`);
    const retainText = url.searchParams.get("retain") ?? "false";
    if (retainText !== "true" && retainText !== "false") throw new DataPlaneError(400, "InvalidRequestException", `retain must be true or false, but ${retainText} was provided`);
    return { topic, qos: qosText === "1" ? 1 : 0, retain: retainText === "true" };
}

/** A request handler for the data-plane endpoint. */
export function iotDataPlaneHandler(broker: IotBroker, log: (line: string) => void = () => undefined): http.RequestListener {
    return (req, res) => {
        const answer = (status: number, body: object, type?: string) => {
            res.writeHead(status, { "content-type": "application/json", ...(type ? { "x-amzn-errortype": type } : {}) });
            res.end(JSON.stringify(body));
        };
        (async () => {
            const { topic, qos, retain } = parsePublish(req);
            const payload = await readBody(req);
            await broker.publish({ topic, payload, qos, retain });
            log(`iot-data publish topic=${topic} qos=${qos} bytes=${payload.length}`);
            answer(200, { message: "OK", traceId: randomUUID() });
        })().catch((error: unknown) => {
            if (error instanceof DataPlaneError) {
                log(`iot-data publish refused: ${error.message}`);
                answer(error.status, { message: error.message }, error.type);
            } else {
                log(`iot-data publish failed: ${error instanceof Error ? error.message : String(error)}`);
                answer(500, { message: "the broker could not publish the message" }, "InternalFailureException");
            }
        });
    };
}

/** The data-plane endpoint on its own loopback port; point `AWS_ENDPOINT_URL_IOT_DATA_PLANE` (or the client's `endpoint`) at `url`. */
export async function listenIotDataPlane(broker: IotBroker, options: { port?: number; log?: (line: string) => void } = {}): Promise<{ url: string; close(): Promise<void> }> {
    const server = http.createServer(iotDataPlaneHandler(broker, options.log));
    await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", () => resolve()));
    const { port } = server.address() as { port: number };
    return {
        url: `http://127.0.0.1:${port}`,
        close: () => new Promise<void>((resolve) => {
            server.closeAllConnections();
            server.close(() => resolve());
        }),
    };
}
