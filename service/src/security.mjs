// Passwords, tokens and invite codes.
//
// - Passwords: scrypt (node:crypto) with a random 16-byte salt; stored as
//   `scrypt$N$r$p$salt$key`, so the cost can be raised later without breaking old hashes.
// - Tokens: `<selector>.<verifier>`, 96 + 256 random bits. The selector finds the row; only the
//   SHA-256 of the verifier is stored, and it is compared with crypto.timingSafeEqual. A stolen
//   database therefore yields no usable token, and a lookup leaks nothing through timing.
// - Invite codes: 128 random bits in base32 (easy to read aloud or type); stored hashed.
import { createHash, randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const scrypt = promisify(scryptCb);
const SCRYPT = { N: 16384, r: 8, p: 1, keyLength: 32 };

export async function hashPassword(password) {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, SCRYPT.keyLength, { N: SCRYPT.N, r: SCRYPT.r, p: SCRYPT.p });
  return ['scrypt', SCRYPT.N, SCRYPT.r, SCRYPT.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** True when `password` matches `stored`; a malformed stored hash never matches. */
export async function verifyPassword(password, stored) {
  const [alg, N, r, p, salt, key] = String(stored).split('$');
  if (alg !== 'scrypt' || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64url');
  const actual = await scrypt(password, Buffer.from(salt, 'base64url'), expected.length,
    { N: Number(N), r: Number(r), p: Number(p), maxmem: 256 * Number(N) * Number(r) + 1024 * 1024 });
  return timingSafeEqual(actual, expected);
}

/** A scrypt run on a fixed dummy hash, so that an unknown user costs as much as a wrong password. */
let dummy;
export async function burnPasswordCheck(password) {
  dummy ??= await hashPassword('not a password');
  await verifyPassword(password, dummy);
}

const sha256 = (s) => createHash('sha256').update(s).digest();

export function newToken() {
  const selector = randomBytes(12).toString('base64url');
  const verifier = randomBytes(32).toString('base64url');
  return { token: `${selector}.${verifier}`, selector, verifierHash: sha256(verifier) };
}

const TOKEN = /^([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]{43})$/;

/** Splits a presented token; null when it cannot be one of ours. */
export function parseToken(token) {
  const m = TOKEN.exec(token ?? '');
  return m ? { selector: m[1], verifier: m[2] } : null;
}

/** Constant-time check of a presented verifier against the stored hash. */
export function verifierMatches(verifier, storedHash) {
  const a = sha256(verifier);
  const b = Buffer.from(storedHash);
  return a.length === b.length && timingSafeEqual(a, b);
}

const BASE32 = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'; // no I, O, 0, 1: nothing to misread
export function newInviteCode() {
  const bytes = randomBytes(16);
  let bits = 0, value = 0, out = '';
  for (const b of bytes) {
    value = (value << 8) | b; bits += 8;
    while (bits >= 5) { out += BASE32[(value >>> (bits - 5)) & 31]; bits -= 5; }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out; // 26 characters, 128 bits
}

/** Codes are compared case-insensitively and without separators a person may have typed. */
export function inviteCodeHash(code) {
  return sha256(String(code).toUpperCase().replace(/[\s-]/g, ''));
}
