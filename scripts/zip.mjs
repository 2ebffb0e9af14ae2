// A minimal, dependency-free ZIP writer for function artifacts: deflate + CRC-32 from node:zlib, no
// zip64, a fixed timestamp so the same bundle always gives the same bytes (stable artifact hashes,
// no spurious Lambda redeploys).
import { writeFile } from "node:fs/promises";
import { crc32, deflateRawSync } from "node:zlib";

const DOS_DATE_1980_01_01 = (0 << 9) | (1 << 5) | 1;
const DOS_TIME_MIDNIGHT = 0;
const UTF8_NAMES = 0x0800;
const DEFLATE = 8;
const MADE_BY_UNIX = (3 << 8) | 20;
const REGULAR_FILE_0644 = (0o100644 << 16) >>> 0;

/**
 * Writes `files` ({ name, data }) to `path` as a ZIP archive; returns its size in bytes.
 * @param {string} path
 * @param {{ name: string, data: Buffer }[]} files
 */
export async function writeZip(path, files) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const { name, data } of files) {
    const nameBytes = Buffer.from(name, "utf8");
    const packed = deflateRawSync(data, { level: 9 });
    const entry = { nameBytes, crc: crc32(data), size: data.length, packedSize: packed.length };
    const local = Buffer.concat([localHeader(entry), nameBytes, packed]);
    centrals.push(Buffer.concat([centralHeader(entry, offset), nameBytes]));
    locals.push(local);
    offset += local.length;
  }
  const central = Buffer.concat(centrals);
  const zip = Buffer.concat([
    ...locals,
    central,
    endOfCentralDirectory(files.length, central.length, offset),
  ]);
  await writeFile(path, zip);
  return zip.length;
}

function localHeader({ nameBytes, crc, size, packedSize }) {
  const h = Buffer.alloc(30);
  h.writeUInt32LE(0x04034b50, 0);
  h.writeUInt16LE(20, 4);
  h.writeUInt16LE(UTF8_NAMES, 6);
  h.writeUInt16LE(DEFLATE, 8);
  h.writeUInt16LE(DOS_TIME_MIDNIGHT, 10);
  h.writeUInt16LE(DOS_DATE_1980_01_01, 12);
  h.writeUInt32LE(crc, 14);
  h.writeUInt32LE(packedSize, 18);
  h.writeUInt32LE(size, 22);
  h.writeUInt16LE(nameBytes.length, 26);
  h.writeUInt16LE(0, 28);
  return h;
}

function centralHeader({ nameBytes, crc, size, packedSize }, localOffset) {
  const h = Buffer.alloc(46);
  h.writeUInt32LE(0x02014b50, 0);
  h.writeUInt16LE(MADE_BY_UNIX, 4);
  h.writeUInt16LE(20, 6);
  h.writeUInt16LE(UTF8_NAMES, 8);
  h.writeUInt16LE(DEFLATE, 10);
  h.writeUInt16LE(DOS_TIME_MIDNIGHT, 12);
  h.writeUInt16LE(DOS_DATE_1980_01_01, 14);
  h.writeUInt32LE(crc, 16);
  h.writeUInt32LE(packedSize, 20);
  h.writeUInt32LE(size, 24);
  h.writeUInt16LE(nameBytes.length, 28);
  // extra length, comment length, disk number start, internal attributes: all 0 (alloc zero-fills)
  h.writeUInt32LE(REGULAR_FILE_0644, 38);
  h.writeUInt32LE(localOffset, 42);
  return h;
}

function endOfCentralDirectory(count, centralSize, centralOffset) {
  const h = Buffer.alloc(22);
  h.writeUInt32LE(0x06054b50, 0);
  h.writeUInt16LE(count, 8);
  h.writeUInt16LE(count, 10);
  h.writeUInt32LE(centralSize, 12);
  h.writeUInt32LE(centralOffset, 16);
  return h;
}
