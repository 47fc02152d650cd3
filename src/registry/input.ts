import { open } from "node:fs/promises";
import { CallgateError, ErrorCodes, invalidInput } from "../errors.js";

/** What a loader reads: a file path, the file's bytes, or a stream (Node Readable or any async iterable) of chunks. */
export type RegistryInput = string | Uint8Array | AsyncIterable<Uint8Array | string> | Iterable<Uint8Array>;

/** The loaders read and scan in chunks of this size. */
export const CHUNK_BYTES = 1 << 20;

/**
 * The bytes of an input, chunk by chunk. A chunk is only valid until the next one is requested
 * (a file is read into one reused buffer): copy what must be kept.
 */
export function inputChunks(input: RegistryInput): AsyncIterable<Uint8Array> {
  if (typeof input === "string") return fileChunks(input);
  if (input instanceof Uint8Array) return bufferChunks(input);
  if (typeof input === "object" && input !== null) {
    if (Symbol.asyncIterator in input) return streamChunks(input);
    if (Symbol.iterator in input) return streamChunks(input);
  }
  throw invalidInput("registry input", [
    { path: "input", message: "must be a file path, a Buffer/Uint8Array, or a Readable / async iterable of Uint8Array chunks" },
  ]);
}

async function* fileChunks(path: string): AsyncGenerator<Uint8Array> {
  let handle;
  try {
    handle = await open(path, "r");
  } catch (cause) {
    throw new CallgateError(ErrorCodes.REGISTRY_LOAD_FAILED, `Cannot open registry file ${path}`, { details: { path }, cause });
  }
  try {
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, CHUNK_BYTES, null);
      if (bytesRead === 0) return;
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    await handle.close();
  }
}

async function* bufferChunks(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  for (let offset = 0; offset < bytes.length; offset += CHUNK_BYTES) yield bytes.subarray(offset, offset + CHUNK_BYTES);
}

async function* streamChunks(stream: AsyncIterable<unknown> | Iterable<unknown>): AsyncGenerator<Uint8Array> {
  for await (const chunk of stream) {
    if (chunk instanceof Uint8Array) yield chunk;
    else if (typeof chunk === "string") yield Buffer.from(chunk, "utf8");
    else {
      throw new CallgateError(ErrorCodes.REGISTRY_LOAD_FAILED, "A registry stream yielded something other than bytes", {
        details: { chunkType: typeof chunk },
      });
    }
  }
}
