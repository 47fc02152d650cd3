/**
 * CSV in and out for `callgate scrub`, through csv-parse and csv-stringify (quoted fields,
 * embedded newlines, a byte-order mark, CRLF): rows stream through, the file is never held in
 * memory, and an output file appears under its name only once it is complete.
 */
import { createReadStream, type ReadStream } from "node:fs";
import { open, rename, rm } from "node:fs/promises";
import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { pipeline } from "node:stream/promises";
import { parse } from "csv-parse";
import { stringify, type Stringifier } from "csv-stringify";
import { usageError } from "./_errors.js";

/** How a CSV file is laid out: mirrored by the files written from it. */
export interface CsvLayout {
  bom: boolean;
  crlf: boolean;
}

/** Reads the first bytes of a file: a UTF-8 byte-order mark, and CRLF line ends. */
export async function sniffLayout(path: string): Promise<CsvLayout> {
  const handle = await open(path, "r");
  try {
    const head = Buffer.alloc(64 * 1024);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    const bytes = head.subarray(0, bytesRead);
    const lf = bytes.indexOf(10);
    return { bom: bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf, crlf: lf > 0 && bytes[lf - 1] === 13 };
  } finally {
    await handle.close();
  }
}

/** One parsed row and the line it ends on. */
export interface CsvRow {
  fields: string[];
  line: number;
}

/** A CSV file read row by row; `bytesRead` tells how far into the file the reader is. */
export interface CsvReader extends AsyncIterable<CsvRow> {
  readonly bytesRead: number;
}

/** Streams the rows of a CSV file (the header is the first row). Malformed quoting stops it with a usage error naming the line. */
export function readCsv(path: string): CsvReader {
  const input: ReadStream = createReadStream(path);
  const parser = parse({ bom: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: true, info: true });
  input.on("error", (error) => parser.destroy(error));
  input.pipe(parser);
  return {
    get bytesRead() {
      return input.bytesRead;
    },
    async *[Symbol.asyncIterator]() {
      try {
        for await (const item of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
          yield { fields: item.record, line: item.info.lines };
        }
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        if (typeof code === "string" && (code.startsWith("CSV_") || code === "INVALID_OPENING_QUOTE")) {
          const fix =
            code === "CSV_QUOTE_NOT_CLOSED"
              ? "close the quoted field that opens before that line (a field with a comma, quote or line break is enclosed in double quotes, inner quotes doubled)"
              : "fix the quoting on that line (a field with a comma, quote or line break is enclosed in double quotes, inner quotes doubled)";
          throw usageError(`${path} is not valid CSV: ${(error as Error).message}`, fix, error);
        }
        throw error;
      } finally {
        input.destroy();
      }
    },
  };
}

/** A CSV file being written: rows go through csv-stringify with backpressure. */
export interface CsvWriter {
  write(fields: readonly string[]): Promise<void>;
  /** Ends the file and moves it into place. */
  close(): Promise<void>;
  /** Drops what was written. */
  abort(): Promise<void>;
}

/** Opens a CSV file for writing (`-`: stdout), laid out like the input. The file is written beside its name and renamed at `close`. */
export function writeCsv(path: string, layout: CsvLayout): CsvWriter {
  const stringifier: Stringifier = stringify({ bom: layout.bom, record_delimiter: layout.crlf ? "windows" : "unix" });
  const toStdout = path === "-";
  const temporary = toStdout ? "" : `${path}.${process.pid}.partial`;
  const cannotWrite = (error: unknown): unknown => {
    const code = (error as { code?: unknown } | null)?.code;
    return code === "ENOENT" || code === "EACCES" || code === "EISDIR" || code === "ENOTDIR"
      ? usageError(`cannot write ${path}`, "check that its folder exists and is writable", error)
      : error;
  };
  const done = (toStdout ? pipeline(stringifier, process.stdout, { end: false }) : pipeline(stringifier, createWriteStream(temporary))).catch((error: unknown) => {
    throw cannotWrite(error);
  });
  done.catch(() => undefined); // awaited in close(); a failure also rejects a pending write
  let failed: unknown;
  stringifier.on("error", (error) => {
    failed = cannotWrite(error);
  });
  return {
    async write(fields) {
      if (failed !== undefined) throw failed;
      if (!stringifier.write(fields)) await Promise.race([once(stringifier, "drain"), done]);
    },
    async close() {
      stringifier.end();
      await done;
      if (!toStdout) await rename(temporary, path);
    },
    async abort() {
      stringifier.destroy();
      await done.catch(() => undefined);
      if (!toStdout) await rm(temporary, { force: true });
    },
  };
}
