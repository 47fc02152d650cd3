/**
 * Canonical JSON: object keys sorted, no whitespace, `undefined` members dropped. The hash chain is
 * computed over this form so that a record read back from any store (which may reorder keys, as
 * PostgreSQL's jsonb does) hashes to the same value.
 */
export function canonicalJson(value: unknown): string {
  // Records built by callgate already have sorted keys: then JSON.stringify is the canonical form,
  // and checking that is much cheaper than building the string by hand.
  if (isCanonicalShape(value)) return JSON.stringify(value);
  return encode(value);
}

function isCanonicalShape(value: unknown): boolean {
  if (value === null) return true;
  switch (typeof value) {
    case "string":
    case "boolean":
      return true;
    case "number":
      return Number.isFinite(value);
    case "object": {
      if (Array.isArray(value)) {
        for (const v of value) if (v === undefined || !isCanonicalShape(v)) return false;
        return true;
      }
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) return false;
      let prev: string | undefined;
      for (const key in value) {
        if (prev !== undefined && !(prev < key)) return false;
        const v = (value as Record<string, unknown>)[key];
        if (v === undefined || !isCanonicalShape(v)) return false;
        prev = key;
      }
      return true;
    }
    default:
      return false;
  }
}

function encode(value: unknown): string {
  if (value === null) return "null";
  switch (typeof value) {
    case "string":
      return JSON.stringify(value);
    case "number":
      if (!Number.isFinite(value)) throw new TypeError("canonicalJson: non-finite number");
      return JSON.stringify(value);
    case "boolean":
      return value ? "true" : "false";
    case "object": {
      if (value instanceof Date) return JSON.stringify(value.toISOString());
      if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? "null" : encode(v))).join(",")}]`;
      const obj = value as Record<string, unknown>;
      const keys = Object.keys(obj).filter((k) => obj[k] !== undefined).sort();
      return `{${keys.map((k) => `${JSON.stringify(k)}:${encode(obj[k])}`).join(",")}}`;
    }
    default:
      throw new TypeError(`canonicalJson: cannot encode a ${typeof value}`);
  }
}
