// Minimal WebAssembly binary reader/writer: just enough to list imports and exports and to drop
// exported globals (iOS WeChat cannot instantiate a module that exports a wasm Global).
// Spec: https://webassembly.github.io/spec/core/binary/modules.html

function readU32(buf, pos) {
  let result = 0, shift = 0, byte;
  do {
    byte = buf[pos++];
    result |= (byte & 0x7f) << shift;
    shift += 7;
  } while (byte & 0x80);
  return [result >>> 0, pos];
}

function writeU32(value) {
  const out = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value !== 0) byte |= 0x80;
    out.push(byte);
  } while (value !== 0);
  return out;
}

function readName(buf, pos) {
  const [len, p] = readU32(buf, pos);
  return [Buffer.from(buf.subarray(p, p + len)).toString('utf8'), p + len];
}

/** Splits a module into its sections: [{ id, start, end, payloadStart }]. */
export function sections(buf) {
  if (buf.readUInt32LE(0) !== 0x6d736100) throw new Error('not a wasm module');
  const out = [];
  let pos = 8;
  while (pos < buf.length) {
    const id = buf[pos];
    const [size, p] = readU32(buf, pos + 1);
    out.push({ id, start: pos, payloadStart: p, end: p + size });
    pos = p + size;
  }
  return out;
}

const KINDS = ['function', 'table', 'memory', 'global', 'tag'];

/** Lists exports: [{ name, kind }]. */
export function exportsOf(buf) {
  const sec = sections(buf).find((s) => s.id === 7);
  if (!sec) return [];
  let [count, pos] = readU32(buf, sec.payloadStart);
  const out = [];
  for (let i = 0; i < count; i++) {
    let name;
    [name, pos] = readName(buf, pos);
    const kind = buf[pos++];
    [, pos] = readU32(buf, pos);
    out.push({ name, kind: KINDS[kind] ?? String(kind) });
  }
  return out;
}

/** Lists imports: [{ module, name, kind }]. */
export function importsOf(buf) {
  const sec = sections(buf).find((s) => s.id === 2);
  if (!sec) return [];
  let [count, pos] = readU32(buf, sec.payloadStart);
  const out = [];
  for (let i = 0; i < count; i++) {
    let module, name;
    [module, pos] = readName(buf, pos);
    [name, pos] = readName(buf, pos);
    const kind = buf[pos++];
    switch (kind) {
      case 0: [, pos] = readU32(buf, pos); break; // type index
      case 1: { pos++; const flags = buf[pos++]; [, pos] = readU32(buf, pos); if (flags & 1) [, pos] = readU32(buf, pos); break; }
      case 2: { const flags = buf[pos++]; [, pos] = readU32(buf, pos); if (flags & 1) [, pos] = readU32(buf, pos); break; }
      case 3: pos += 2; break; // valtype + mutability
      case 4: pos++; [, pos] = readU32(buf, pos); break;
      default: throw new Error(`unknown import kind ${kind}`);
    }
    out.push({ module, name, kind: KINDS[kind] ?? String(kind) });
  }
  return out;
}

/** Returns a copy of the module without exported globals (the globals themselves stay). */
export function dropGlobalExports(buf) {
  const secs = sections(buf);
  const sec = secs.find((s) => s.id === 7);
  if (!sec) return buf;
  let [count, pos] = readU32(buf, sec.payloadStart);
  const kept = [];
  for (let i = 0; i < count; i++) {
    const entryStart = pos;
    let name;
    [name, pos] = readName(buf, pos);
    const kind = buf[pos++];
    [, pos] = readU32(buf, pos);
    if (kind !== 3) kept.push(buf.subarray(entryStart, pos));
  }
  if (kept.length === count) return buf;
  const payload = Buffer.concat([Buffer.from(writeU32(kept.length)), ...kept]);
  const section = Buffer.concat([Buffer.from([7]), Buffer.from(writeU32(payload.length)), payload]);
  return Buffer.concat([buf.subarray(0, sec.start), section, buf.subarray(sec.end)]);
}
