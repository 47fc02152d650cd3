import * as zlib from "node:zlib";
import { CallgateError, ErrorCodes } from "../errors.js";
import { CHUNK_BYTES } from "./input.js";

/**
 * A minimal reader of ZIP archives as the registry delivers them: local file headers walked in
 * order, entries stored (method 0) or deflated (method 8), inflated as a stream with
 * `zlib.createInflateRaw` and checked against their CRC-32 and size. No ZIP64, no encryption.
 */

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL = 0x06054b50;
const DATA_DESCRIPTOR = 0x08074b50;

/** One file in an archive, still compressed. */
export interface ZipEntry {
  /** The entry's path in the archive. */
  name: string;
  /** 0 stored, 8 deflated. */
  method: 0 | 8;
  /** The compressed bytes. */
  data: Uint8Array;
  /** CRC-32 of the uncompressed bytes. */
  crc32: number;
  /** Uncompressed size. */
  size: number;
}

/** True when `head` starts with the ZIP local-file-header magic `PK\x03\x04`. */
export function isZip(head: Uint8Array): boolean {
  return head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04;
}

/** The file entries of an archive (directories and `__MACOSX/` skipped); throws `REGISTRY_LOAD_FAILED` when it is malformed. */
export function zipEntries(archive: Uint8Array): ZipEntry[] {
  const view = new DataView(archive.buffer, archive.byteOffset, archive.byteLength);
  const u32 = (at: number): number => (at + 4 <= archive.length ? view.getUint32(at, true) : fail(`truncated at byte ${at}`));
  const u16 = (at: number): number => (at + 2 <= archive.length ? view.getUint16(at, true) : fail(`truncated at byte ${at}`));
  let central: Map<number, { crc32: number; compressed: number; size: number }> | undefined;
  const entries: ZipEntry[] = [];
  let at = 0;
  while (at < archive.length) {
    const signature = u32(at);
    if (signature === CENTRAL_HEADER || signature === END_OF_CENTRAL) break;
    if (signature !== LOCAL_HEADER) fail(`no local file header at byte ${at}`);
    const flags = u16(at + 6);
    const method = u16(at + 8);
    const nameLength = u16(at + 26);
    const dataStart = at + 30 + nameLength + u16(at + 28);
    const name = Buffer.from(archive.subarray(at + 30, at + 30 + nameLength)).toString("utf8");
    if ((flags & 1) !== 0) fail(`entry ${name} is encrypted`);
    if (method !== 0 && method !== 8) fail(`entry ${name} uses compression method ${method} (only stored and deflate are read)`);
    let sizes = { crc32: u32(at + 14), compressed: u32(at + 18), size: u32(at + 22) };
    if ((flags & 8) !== 0) {
      central ??= centralDirectory(archive, view);
      sizes = central.get(at) ?? fail(`entry ${name} has a data descriptor and no central directory record`);
    }
    if (sizes.compressed === 0xffffffff || sizes.size === 0xffffffff) fail(`entry ${name} is ZIP64`);
    const dataEnd = dataStart + sizes.compressed;
    if (dataEnd > archive.length) fail(`entry ${name} is truncated`);
    if (!name.endsWith("/") && !name.startsWith("__MACOSX/")) {
      entries.push({ name, method, data: archive.subarray(dataStart, dataEnd), ...sizes });
    }
    at = dataEnd;
    if ((flags & 8) !== 0) at += u32(at) === DATA_DESCRIPTOR ? 16 : 12;
  }
  if (entries.length === 0) fail("the archive holds no file");
  return entries;
}

/** The uncompressed bytes of an entry, chunk by chunk; throws `REGISTRY_LOAD_FAILED` when they do not match its CRC-32 or size. */
export async function* entryChunks(entry: ZipEntry): AsyncGenerator<Uint8Array> {
  let crc = 0;
  let size = 0;
  if (entry.method === 0) {
    for (let offset = 0; offset < entry.data.length; offset += CHUNK_BYTES) {
      const chunk = entry.data.subarray(offset, offset + CHUNK_BYTES);
      crc = crc32(chunk, crc);
      size += chunk.length;
      yield chunk;
    }
  } else {
    const inflater = zlib.createInflateRaw({ chunkSize: CHUNK_BYTES });
    inflater.end(entry.data);
    try {
      for await (const chunk of inflater as AsyncIterable<Buffer>) {
        crc = crc32(chunk, crc);
        size += chunk.length;
        yield chunk;
      }
    } catch (cause) {
      if (cause instanceof CallgateError) throw cause;
      throw new CallgateError(ErrorCodes.REGISTRY_LOAD_FAILED, `Malformed ZIP archive: entry ${entry.name} does not inflate`, {
        details: { entry: entry.name },
        cause,
      });
    } finally {
      inflater.destroy();
    }
  }
  if (size !== entry.size || crc !== entry.crc32) fail(`entry ${entry.name} does not match its CRC-32 or size`);
}

function centralDirectory(archive: Uint8Array, view: DataView): Map<number, { crc32: number; compressed: number; size: number }> {
  let end = -1;
  for (let at = archive.length - 22; at >= Math.max(0, archive.length - 22 - 0xffff); at--) {
    if (view.getUint32(at, true) === END_OF_CENTRAL) {
      end = at;
      break;
    }
  }
  if (end < 0) fail("no end-of-central-directory record");
  const records = new Map<number, { crc32: number; compressed: number; size: number }>();
  let at = view.getUint32(end + 16, true);
  for (let i = 0; i < view.getUint16(end + 10, true); i++) {
    if (at + 46 > archive.length || view.getUint32(at, true) !== CENTRAL_HEADER) fail("malformed central directory");
    records.set(view.getUint32(at + 42, true), {
      crc32: view.getUint32(at + 16, true),
      compressed: view.getUint32(at + 20, true),
      size: view.getUint32(at + 24, true),
    });
    at += 46 + view.getUint16(at + 28, true) + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  return records;
}

const CRC_TABLE = (() => {
  const table = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c;
  }
  return table;
})();

// zlib.crc32 exists from Node 20.15; the table is the fallback for older 20.x.
function crc32(bytes: Uint8Array, previous: number): number {
  if (typeof zlib.crc32 === "function") return zlib.crc32(bytes, previous);
  let c = ~previous;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}

function fail(message: string): never {
  throw new CallgateError(ErrorCodes.REGISTRY_LOAD_FAILED, `Malformed ZIP archive: ${message}`, { details: { reason: message } });
}
