/**
 * A Parquet file's size as its footer states it, read without decoding the file: rows, and the uncompressed size
 * of its column data. The footer is the Thrift compact encoding of FileMetaData (parquet-format's parquet.thrift:
 * 3 = num_rows, 4 = row_groups; in a RowGroup 2 = total_byte_size), after which come its length (4 bytes,
 * little-endian) and the magic "PAR1".
 */

export interface ParquetShape {
  rows: number;
  /** Uncompressed bytes of all column data (sum of the row groups' total_byte_size). */
  uncompressedBytes: number;
}

const MAGIC = [0x50, 0x41, 0x52, 0x31]; // PAR1

class Reader {
  pos = 0;
  constructor(private readonly bytes: Uint8Array) {}
  byte(): number {
    if (this.pos >= this.bytes.length) throw new RangeError('footer ends early');
    return this.bytes[this.pos++] as number;
  }
  /** An unsigned varint, as a number (exact up to 2^53). */
  varint(): number {
    let value = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      const b = this.byte();
      value += (b & 0x7f) * scale;
      if ((b & 0x80) === 0) return value;
      scale *= 128;
    }
    throw new RangeError('varint too long');
  }
  zigzag(): number {
    const v = this.varint();
    return v % 2 === 0 ? v / 2 : -(v + 1) / 2;
  }
  skipBytes(n: number): void {
    if (n < 0 || this.pos + n > this.bytes.length) throw new RangeError('footer ends early');
    this.pos += n;
  }
}

const T = { STOP: 0, TRUE: 1, FALSE: 2, BYTE: 3, I16: 4, I32: 5, I64: 6, DOUBLE: 7, BINARY: 8, LIST: 9, SET: 10, MAP: 11, STRUCT: 12 } as const;

/** Reads a struct's fields, calling `onField` for each; fields it does not consume (returns false) are skipped. */
function readStruct(r: Reader, onField: (id: number, type: number) => boolean, depth: number): void {
  if (depth > 32) throw new RangeError('footer nested too deep');
  let last = 0;
  for (;;) {
    const header = r.byte();
    const type = header & 0x0f;
    if (type === T.STOP) return;
    const delta = header >> 4;
    const id = delta === 0 ? r.zigzag() : last + delta;
    last = id;
    if (!onField(id, type)) skip(r, type, depth);
  }
}

function readList(r: Reader): { size: number; type: number } {
  const header = r.byte();
  const short = header >> 4;
  return { size: short === 15 ? r.varint() : short, type: header & 0x0f };
}

function skip(r: Reader, type: number, depth: number): void {
  switch (type) {
    case T.TRUE:
    case T.FALSE:
      return;
    case T.BYTE:
      r.skipBytes(1);
      return;
    case T.I16:
    case T.I32:
    case T.I64:
      r.varint();
      return;
    case T.DOUBLE:
      r.skipBytes(8);
      return;
    case T.BINARY:
      r.skipBytes(r.varint());
      return;
    case T.LIST:
    case T.SET: {
      const { size, type: element } = readList(r);
      for (let i = 0; i < size; i++) {
        // Booleans in a list take one byte each.
        if (element === T.TRUE || element === T.FALSE) r.skipBytes(1);
        else skip(r, element, depth + 1);
      }
      return;
    }
    case T.MAP: {
      const size = r.varint();
      if (size === 0) return;
      const kinds = r.byte();
      for (let i = 0; i < size; i++) {
        skip(r, kinds >> 4, depth + 1);
        skip(r, kinds & 0x0f, depth + 1);
      }
      return;
    }
    case T.STRUCT:
      readStruct(r, () => false, depth + 1);
      return;
    default:
      throw new RangeError(`unknown thrift type ${type}`);
  }
}

/**
 * The footer's row count and uncompressed size, or null when `bytes` is not a plain Parquet file (no magic, an
 * encrypted footer, a footer that does not parse): the decoder then says what is wrong with it.
 */
export function parquetShape(bytes: Uint8Array): ParquetShape | null {
  const n = bytes.length;
  if (n < 12) return null;
  for (let i = 0; i < 4; i++) if (bytes[i] !== MAGIC[i] || bytes[n - 4 + i] !== MAGIC[i]) return null;
  const length = new DataView(bytes.buffer, bytes.byteOffset + n - 8, 4).getUint32(0, true);
  if (length > n - 12) return null;
  const r = new Reader(bytes.subarray(n - 8 - length, n - 8));
  let rows: number | null = null;
  let uncompressedBytes = 0;
  try {
    readStruct(
      r,
      (id, type) => {
        if (id === 3 && type === T.I64) {
          rows = r.zigzag();
          return true;
        }
        if (id === 4 && type === T.LIST) {
          const { size, type: element } = readList(r);
          for (let i = 0; i < size; i++) {
            if (element !== T.STRUCT) {
              skip(r, element, 1);
              continue;
            }
            readStruct(
              r,
              (gid, gtype) => {
                if (gid === 2 && gtype === T.I64) {
                  uncompressedBytes += r.zigzag();
                  return true;
                }
                return false;
              },
              1,
            );
          }
          return true;
        }
        return false;
      },
      0,
    );
  } catch {
    return null;
  }
  return rows === null ? null : { rows, uncompressedBytes };
}
