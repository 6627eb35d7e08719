// Reads the parts of a wasm module that the bench measures: its sections, the function bodies
// of its code section and the segments of its data section. No validation: the modules are the
// build's own.

/** The module's sections in order, each `{ id, bytes }` (its contents, without id and length). */
export function sections(module) {
  const read = cursor(module, 8);
  const out = [];
  while (read.at < module.length) {
    const id = module[read.at++];
    const length = read.leb();
    out.push({ id, bytes: module.subarray(read.at, read.at + length) });
    read.at += length;
  }
  return out;
}

/** The bytes of each function body in the module's code section, in order. */
export function bodies(module) {
  return vector(module, 10, (read, bytes) => {
    const size = read.leb();
    read.at += size;
    return bytes.subarray(read.at - size, read.at);
  });
}

/** The initial bytes of each segment of the module's data section (texts, tables, CSS …), in order. */
export function dataSegments(module) {
  return vector(module, 11, (read, bytes) => {
    const kind = read.leb();
    if (kind === 2) read.leb(); // the memory's index
    if (kind !== 1) {
      // The offset, a constant expression: i32.const N or global.get N, then end.
      const op = bytes[read.at++];
      if (op !== 0x41 && op !== 0x23) throw new Error(`wasm: a data segment's offset starts with opcode ${op}`);
      read.leb();
      if (bytes[read.at++] !== 0x0b) throw new Error("wasm: a data segment's offset is longer than one instruction");
    }
    const size = read.leb();
    read.at += size;
    return bytes.subarray(read.at - size, read.at);
  });
}

/** The items of section `id`'s vector, each read by `item(read, sectionBytes)`; none without the section. */
function vector(module, id, item) {
  const section = sections(module).find((s) => s.id === id);
  if (!section) return [];
  const read = cursor(section.bytes, 0);
  const out = [];
  for (let count = read.leb(); count > 0; count--) out.push(item(read, section.bytes));
  return out;
}

/** A position in `bytes` and a reader of LEB128 numbers from it (signed ones read as their bits; only skipped here). */
function cursor(bytes, at) {
  const read = {
    at,
    leb() {
      let n = 0;
      let shift = 0;
      let b;
      do {
        b = bytes[read.at++];
        n += (b & 0x7f) * 2 ** shift;
        shift += 7;
      } while (b & 0x80);
      return n;
    },
  };
  return read;
}
