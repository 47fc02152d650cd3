import { randomFillSync } from "node:crypto";

const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"; // Crockford base32, as ULID

/**
 * A generator of time-ordered, unique record ids: a prefix, 10 characters of milliseconds and 16
 * of randomness (80 bits, as ULID). Ids made in the same millisecond by one generator increment
 * the random part, so they still sort in order; time-ordered keys keep database indexes
 * append-mostly.
 */
export function createIdGenerator(): (prefix: string, at: Date) => string {
  let lastMs = -1;
  let lastTime = "";
  // The random part as 16 base-32 digits, least significant last.
  const digits = new Uint8Array(16);
  const pool = new Uint8Array(4096);
  let poolAt = pool.length;
  const refill = (): void => {
    if (poolAt + 16 > pool.length) {
      randomFillSync(pool);
      poolAt = 0;
    }
    for (let i = 0; i < 16; i++) digits[i] = (pool[poolAt + i] as number) & 31;
    digits[0] = (digits[0] as number) & 15; // head room, so increments never overflow in practice
    poolAt += 16;
  };
  const increment = (): void => {
    for (let i = 15; i >= 0; i--) {
      const d = (digits[i] as number) + 1;
      if (d < 32) {
        digits[i] = d;
        return;
      }
      digits[i] = 0;
    }
  };
  return (prefix, at) => {
    const ms = Math.max(at.getTime(), lastMs);
    if (ms === lastMs) increment();
    else {
      lastMs = ms;
      refill();
      let time = "";
      let t = ms;
      for (let i = 0; i < 10; i++) {
        time = (ALPHABET[t % 32] as string) + time;
        t = Math.floor(t / 32);
      }
      lastTime = time;
    }
    let rand = "";
    for (let i = 0; i < 16; i++) rand += ALPHABET[digits[i] as number] as string;
    return `${prefix}_${lastTime}${rand}`;
  };
}
