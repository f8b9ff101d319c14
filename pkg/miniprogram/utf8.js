// UTF-8 encoder/decoder for runtimes without TextEncoder/TextDecoder (the WeChat, Alipay and
// Douyin device runtimes have neither; their desktop dev tools do, so "works in the dev tools"
// proves nothing). Native implementations are used when present.
// Encoding follows the WHATWG Encoding Standard: lone surrogates become U+FFFD; decoding replaces
// invalid sequences with U+FFFD and strips a leading BOM unless `ignoreBOM` is set.
// CommonJS, like the rest of this folder: mini programs run CommonJS without a build step.
'use strict';

class Utf8Encoder {
  get encoding() {
    return 'utf-8';
  }

  encode(input = '') {
    const str = String(input);
    const out = new Uint8Array(str.length * 3);
    return out.subarray(0, this.encodeInto(str, out).written);
  }

  encodeInto(input, dest) {
    const str = String(input);
    let read = 0;
    let written = 0;
    const n = str.length;
    while (read < n) {
      let c = str.charCodeAt(read);
      let units = 1;
      if (c >= 0xd800 && c <= 0xdbff && read + 1 < n) {
        const d = str.charCodeAt(read + 1);
        if (d >= 0xdc00 && d <= 0xdfff) {
          c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
          units = 2;
        } else {
          c = 0xfffd;
        }
      } else if (c >= 0xd800 && c <= 0xdfff) {
        c = 0xfffd;
      }
      const size = c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
      if (written + size > dest.length) break;
      if (size === 1) {
        dest[written++] = c;
      } else if (size === 2) {
        dest[written++] = 0xc0 | (c >> 6);
        dest[written++] = 0x80 | (c & 0x3f);
      } else if (size === 3) {
        dest[written++] = 0xe0 | (c >> 12);
        dest[written++] = 0x80 | ((c >> 6) & 0x3f);
        dest[written++] = 0x80 | (c & 0x3f);
      } else {
        dest[written++] = 0xf0 | (c >> 18);
        dest[written++] = 0x80 | ((c >> 12) & 0x3f);
        dest[written++] = 0x80 | ((c >> 6) & 0x3f);
        dest[written++] = 0x80 | (c & 0x3f);
      }
      read += units;
    }
    return { read, written };
  }
}

class Utf8Decoder {
  constructor(label = 'utf-8', options = {}) {
    const l = String(label).toLowerCase();
    if (l !== 'utf-8' && l !== 'utf8' && l !== 'unicode-1-1-utf-8') {
      throw new RangeError(`Unsupported encoding: ${label}`);
    }
    this.fatal = Boolean(options && options.fatal);
    this.ignoreBOM = Boolean(options && options.ignoreBOM);
  }

  get encoding() {
    return 'utf-8';
  }

  decode(input) {
    if (input === undefined) return '';
    let bytes;
    if (input instanceof Uint8Array) bytes = input;
    else if (ArrayBuffer.isView(input)) bytes = new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
    else bytes = new Uint8Array(input);
    let i = 0;
    const n = bytes.length;
    if (!this.ignoreBOM && n >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) i = 3;
    const parts = [];
    let units = [];
    const bad = () => {
      if (this.fatal) throw new TypeError('The encoded data was not valid utf-8');
      units.push(0xfffd);
    };
    // WHATWG UTF-8 decoder: the bounds of the first continuation byte depend on the lead byte
    // (which rules out overlongs, surrogates and code points above U+10FFFF); an invalid byte
    // ends the sequence with one U+FFFD and is itself decoded again.
    while (i < n) {
      const b = bytes[i];
      if (b < 0x80) {
        units.push(b);
        i += 1;
      } else {
        let need = 0;
        let cp = 0;
        let lower = 0x80;
        let upper = 0xbf;
        if (b >= 0xc2 && b <= 0xdf) {
          need = 1; cp = b & 0x1f;
        } else if (b >= 0xe0 && b <= 0xef) {
          need = 2; cp = b & 0x0f;
          if (b === 0xe0) lower = 0xa0;
          if (b === 0xed) upper = 0x9f;
        } else if (b >= 0xf0 && b <= 0xf4) {
          need = 3; cp = b & 0x07;
          if (b === 0xf0) lower = 0x90;
          if (b === 0xf4) upper = 0x8f;
        }
        if (need === 0) {
          bad();
          i += 1;
        } else {
          let k = 1;
          for (; k <= need; k++) {
            const c = bytes[i + k];
            if (c === undefined || c < lower || c > upper) break;
            cp = (cp << 6) | (c & 0x3f);
            lower = 0x80;
            upper = 0xbf;
          }
          if (k <= need) {
            bad();
            i += k;
          } else {
            i += need + 1;
            if (cp >= 0x10000) {
              cp -= 0x10000;
              units.push(0xd800 + (cp >> 10), 0xdc00 + (cp & 0x3ff));
            } else {
              units.push(cp);
            }
          }
        }
      }
      if (units.length >= 8192) {
        parts.push(String.fromCharCode.apply(null, units));
        units = [];
      }
    }
    parts.push(String.fromCharCode.apply(null, units));
    return parts.join('');
  }
}

const g = typeof globalThis !== 'undefined' ? globalThis : {};

exports.TextEncoder = typeof g.TextEncoder === 'function' ? g.TextEncoder : Utf8Encoder;
exports.TextDecoder = typeof g.TextDecoder === 'function' ? g.TextDecoder : Utf8Decoder;
exports.Utf8Encoder = Utf8Encoder;
exports.Utf8Decoder = Utf8Decoder;
