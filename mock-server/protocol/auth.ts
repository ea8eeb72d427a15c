// mysql_native_password: the client sends SHA1(p) XOR SHA1(scramble + SHA1(SHA1(p))).
import { createHash, timingSafeEqual } from "node:crypto";

const sha1 = (...parts: Buffer[]) => {
  const h = createHash("sha1");
  for (const p of parts) h.update(p);
  return h.digest();
};

export function nativePasswordToken(password: string, scramble: Buffer): Buffer {
  if (password === "") return Buffer.alloc(0);
  const stage1 = sha1(Buffer.from(password, "utf8"));
  const stage2 = sha1(stage1);
  const mask = sha1(scramble, stage2);
  const out = Buffer.alloc(20);
  for (let i = 0; i < 20; i++) out[i] = stage1[i]! ^ mask[i]!;
  return out;
}

export function verifyNativePassword(password: string, scramble: Buffer, token: Buffer): boolean {
  const expected = nativePasswordToken(password, scramble);
  return expected.length === token.length && (expected.length === 0 || timingSafeEqual(expected, token));
}
