import { randomBytes } from "node:crypto";

const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"; // Crockford base32, as ULID

/**
 * A generator of time-ordered, unique record ids: a prefix, 10 characters of milliseconds and 16
 * of a counter seeded at random, so that ids made in the same millisecond still sort in order.
 * Time-ordered keys keep database indexes append-mostly.
 */
export function createIdGenerator(): (prefix: string, at: Date) => string {
  let lastMs = -1;
  let counter = 0n;
  const MAX = (1n << 80n) - 1n;
  return (prefix, at) => {
    const ms = Math.max(at.getTime(), lastMs);
    if (ms === lastMs) {
      counter = counter >= MAX ? 0n : counter + 1n;
    } else {
      lastMs = ms;
      counter = BigInt(`0x${randomBytes(10).toString("hex")}`) >> 1n;
    }
    let time = "";
    let t = ms;
    for (let i = 0; i < 10; i++) {
      time = (ALPHABET[t % 32] as string) + time;
      t = Math.floor(t / 32);
    }
    let rand = "";
    let c = counter;
    for (let i = 0; i < 16; i++) {
      rand = (ALPHABET[Number(c & 31n)] as string) + rand;
      c >>= 5n;
    }
    return `${prefix}_${time}${rand}`;
  };
}
