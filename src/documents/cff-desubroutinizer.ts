/**
 * A CFF subset without subroutines, for the CID-keyed CFF faces of Noto CJK.
 *
 * fontkit's own CFF subset keeps every charstring as it is, so the embedded font still carries all
 * ~55,000 (mostly emptied) subroutines of Noto CJK (~30 ms and ~110 KB per font per document).
 * `makeFastCffSubsetClass` extends fontkit's CFFSubset so that each glyph's charstring is
 * desubroutinized (every callsubr / callgsubr inlined, cached per glyph by the caller) and the
 * subset is written with no local or global subroutine tables at all. The glyph outlines are
 * unchanged: test/unit/documents/fonts.test.ts checks the PDFs render pixel-identically.
 */

interface CffIndexEntry {
  offset: number;
  length: number;
}

export interface CffTable {
  isCIDFont: boolean;
  version: number;
  stream: { pos: number; readBuffer(length: number): Uint8Array };
  globalSubrIndex?: CffIndexEntry[];
  topDict: {
    Private?: { Subrs?: CffIndexEntry[] } | null;
    FDArray?: { Private?: ({ Subrs?: CffIndexEntry[] } & Record<string, unknown>) | null }[];
  };
  getCharString(gid: number): Uint8Array;
  fdForGlyph(gid: number): number | null;
}

function subrBias(count: number): number {
  return count < 1240 ? 107 : count < 33900 ? 1131 : 32768;
}

/**
 * Inlines every callsubr / callgsubr of a Type 2 charstring. Operands and operators are copied
 * byte for byte; the subroutine number operand and the `return` operators are dropped; hintmask
 * and cntrmask bytes are copied by counting the stem hints declared so far.
 */
function desubroutinize(cff: CffTable, gid: number): Uint8Array {
  const fd = cff.fdForGlyph(gid);
  const priv = fd != null ? cff.topDict.FDArray?.[fd]?.Private : cff.topDict.Private;
  const local = priv?.Subrs ?? [];
  const global = cff.globalSubrIndex ?? [];
  const localBias = subrBias(local.length);
  const globalBias = subrBias(global.length);
  let out = new Uint8Array(1024);
  let len = 0;
  const emit = (bytes: Uint8Array, from: number, to: number): void => {
    const need = len + (to - from);
    if (need > out.length) {
      const grown = new Uint8Array(Math.max(need, out.length * 2));
      grown.set(out.subarray(0, len));
      out = grown;
    }
    out.set(bytes.subarray(from, to), len);
    len = need;
  };
  const stack: { value: number; bytes: number }[] = [];
  let stems = 0;
  let ended = false;
  const read = (e: CffIndexEntry): Uint8Array => {
    cff.stream.pos = e.offset;
    return cff.stream.readBuffer(e.length);
  };
  const run = (cs: Uint8Array, depth: number): void => {
    if (depth > 20) throw new Error(`charstring of glyph ${gid}: subroutines nested too deep`);
    let i = 0;
    while (i < cs.length && !ended) {
      const b0 = cs[i]!;
      if (b0 >= 32 || b0 === 28) {
        let value: number;
        let size: number;
        if (b0 === 28) {
          value = ((cs[i + 1]! << 24) | (cs[i + 2]! << 16)) >> 16;
          size = 3;
        } else if (b0 <= 246) {
          value = b0 - 139;
          size = 1;
        } else if (b0 <= 250) {
          value = (b0 - 247) * 256 + cs[i + 1]! + 108;
          size = 2;
        } else if (b0 <= 254) {
          value = -(b0 - 251) * 256 - cs[i + 1]! - 108;
          size = 2;
        } else {
          value = ((cs[i + 1]! << 24) | (cs[i + 2]! << 16) | (cs[i + 3]! << 8) | cs[i + 4]!) / 65536;
          size = 5;
        }
        emit(cs, i, i + size);
        stack.push({ value, bytes: size });
        i += size;
        continue;
      }
      switch (b0) {
        case 10: // callsubr
        case 29: {
          // callgsubr
          const top = stack.pop();
          if (!top) throw new Error(`charstring of glyph ${gid}: subroutine call without a number`);
          len -= top.bytes;
          const index = top.value + (b0 === 10 ? localBias : globalBias);
          const entry = (b0 === 10 ? local : global)[index];
          if (!entry) throw new Error(`charstring of glyph ${gid}: no subroutine ${index}`);
          i += 1;
          run(read(entry), depth + 1);
          continue;
        }
        case 11: // return
          return;
        case 14: // endchar
          emit(cs, i, i + 1);
          ended = true;
          return;
        case 1: // hstem
        case 3: // vstem
        case 18: // hstemhm
        case 23: // vstemhm
          stems += stack.length >> 1;
          stack.length = 0;
          emit(cs, i, i + 1);
          i += 1;
          continue;
        case 19: // hintmask
        case 20: {
          // cntrmask
          stems += stack.length >> 1;
          stack.length = 0;
          const maskBytes = (stems + 7) >> 3;
          emit(cs, i, i + 1 + maskBytes);
          i += 1 + maskBytes;
          continue;
        }
        case 12: // escape: two-byte operator
          stack.length = 0;
          emit(cs, i, i + 2);
          i += 2;
          continue;
        default:
          stack.length = 0;
          emit(cs, i, i + 1);
          i += 1;
      }
    }
  };
  run(cff.getCharString(gid), 0);
  return out.slice(0, len);
}

/** fontkit's CFFSubset as far as the desubroutinizing subclass overrides it. */
export type CffSubsetClass = new (font: object) => {
  glyphs: number[];
  includeGlyph(glyph: number | { id: number }): number;
  encode(): Uint8Array;
  cff: CffTable;
  charstrings: Uint8Array[];
  gsubrs: Uint8Array[];
};

/** fontkit's CFFSubset with desubroutinized charstrings and no subroutine tables. */
export function makeFastCffSubsetClass(Base: CffSubsetClass, charstringCache: Map<number, Uint8Array>) {
  return class FastCffSubset extends Base {
    subsetCharstrings(): void {
      this.charstrings = this.glyphs.map((gid) => {
        let cs = charstringCache.get(gid);
        if (!cs) {
          cs = desubroutinize(this.cff, gid);
          charstringCache.set(gid, cs);
        }
        return cs;
      });
      this.gsubrs = [];
    }
    subsetSubrs(): Uint8Array[] {
      return [];
    }
    subsetFontdict(topDict: Record<string, unknown>): void {
      const fdArray: Record<string, unknown>[] = [];
      const fds: number[] = [];
      const newIndex = new Map<number, number>();
      for (const gid of this.glyphs) {
        const fd = this.cff.fdForGlyph(gid) ?? 0;
        let idx = newIndex.get(fd);
        if (idx === undefined) {
          const source = this.cff.topDict.FDArray?.[fd] ?? {};
          const dict: Record<string, unknown> = { ...source };
          delete dict.FontName;
          if (source.Private) {
            const priv: Record<string, unknown> = { ...source.Private };
            delete priv.Subrs;
            dict.Private = priv;
          }
          idx = fdArray.length;
          fdArray.push(dict);
          newIndex.set(fd, idx);
        }
        fds.push(idx);
      }
      topDict.FDArray = fdArray;
      topDict.FDSelect = { version: 0, fds };
    }
  };
}
