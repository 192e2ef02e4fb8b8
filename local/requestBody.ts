import type * as http from "http";

/**
 * A request's whole body. One over `maxBytes` is still read to its end, without keeping the excess, so the client
 * gets the answer, and then rejected with `tooLarge(size)`.
 */
export function readBoundedBody(req: http.IncomingMessage, maxBytes: number, tooLarge: (size: number) => Error): Promise<Buffer> {
    return new Promise((resolve, reject) => {
        const chunks: Buffer[] = [];
        let size = 0;
        req.on("data", (chunk: Buffer) => {
            size += chunk.length;
            if (size <= maxBytes) chunks.push(chunk);
        });
        req.on("end", () => (size > maxBytes ? reject(tooLarge(size)) : resolve(Buffer.concat(chunks))));
        req.on("error", reject);
    });
}
