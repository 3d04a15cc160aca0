/*
 * Whether a body is JSON, for WebAssembly with SIMD128: the same yes/no as the JS scanner
 * (json-validity-js.ts; json-validity.ts states the contract: exactly what JSON.parse accepts of the
 * text Node's UTF-8 decoder makes of the bytes), at well under half a JS byte loop's cost.
 * scripts/build-json-validity-wasm.mjs compiles this file (clang-14, freestanding, no libc) into
 * json-validity-wasm-bytes.ts; the runtime never reads this file, and the emitter copies only .ts.
 *
 * The approach is simdjson's (Langdale & Lemire, "Parsing Gigabytes of JSON per Second", 2019,
 * https://arxiv.org/abs/1902.08318), reduced to validation and fused into one pass:
 * - Stage 1 classifies each 64-byte block with four 16-byte vector compares per class into bit masks:
 *   quotes, backslashes, whitespace, the six operators `{}[]:,`, and control bytes. Backslash runs give
 *   the escaped bytes; unescaped quotes give, by a prefix XOR, the bytes inside strings. From these
 *   come the block's tokens: operators outside strings, opening quotes, and the first byte of each run
 *   of other bytes outside strings (a number, a literal, or garbage). Lexical errors inside strings (a
 *   raw control byte, a bad escape, `\u` without four hex digits) are found here.
 * - Stage 2 walks the tokens in order through the RFC 8259 grammar
 *   (https://www.rfc-editor.org/rfc/rfc8259#section-2), one loop per container kind, reading a token's
 *   bytes only for numbers and literals. Strings cost nothing here: stage 1 has checked their insides.
 * The body is padded with spaces to whole blocks (JSON allows trailing whitespace, and a string or
 * token left open stays open), so no read needs a bounds check. Nesting depth is unlimited: the kind
 * of each open container is one bit in a stack sized for the worst case (a token per byte).
 *
 * Why a backslash outside any string cannot make the masks lie: every mask up to that backslash is
 * exact (they depend only on earlier bytes), the backslash itself is a non-delimiter byte outside a
 * string, so it starts or extends a scalar token that stage 2 must reject before it can accept the
 * document, whatever the masks say about the bytes after it.
 */

#include <wasm_simd128.h>

typedef unsigned char u8;
typedef unsigned int u32;
typedef unsigned long long u64;
typedef long long i64;

/** Bytes that may end a number or literal: whitespace, an operator or a quote. */
static const u8 DELIMITER[256] = {
    [' '] = 1, ['\t'] = 1, ['\n'] = 1, ['\r'] = 1, ['{'] = 1, ['}'] = 1,
    ['['] = 1, [']'] = 1,  [':'] = 1,  [','] = 1,  ['"'] = 1,
};

/** The characters that may follow `\` (RFC 8259 §7); `u` (2) also needs four hex digits. */
static const u8 ESCAPE[256] = {
    ['"'] = 1, ['\\'] = 1, ['/'] = 1, ['b'] = 1, ['f'] = 1,
    ['n'] = 1, ['r'] = 1,  ['t'] = 1, ['u'] = 2,
};

static const u8 HEX[256] = {
    ['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1, ['6'] = 1, ['7'] = 1,
    ['8'] = 1, ['9'] = 1, ['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1,
    ['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1,
};

/** Block size of stage 1, and the padding after the body (reads past a token stay in spaces). */
#define BLOCK 64u
#define SLACK 64u

extern u8 __heap_base;

/** Where the body goes: the first 64-aligned address after the static data. */
static u8 *input(void) { return (u8 *)(((unsigned long)&__heap_base + 63u) & ~63ul); }

/** The body padded to whole blocks, with at least one space after it. */
static u32 padded_length(u32 n) { return (n + BLOCK) & ~(BLOCK - 1u); }

/**
 * Makes room in linear memory for an `n`-byte body, its padding and the depth stack (a bit per
 * level, and there are at most as many levels as bytes); returns the address to copy the body to, or
 * 0 when memory cannot grow that far (the caller then uses the JS scanner).
 */
__attribute__((export_name("prepare"))) u8 *prepare(u32 n) {
  if (n > 0x7fff0000u) return 0;
  u32 padded = padded_length(n);
  // In 64 bits: a full 4 GiB memory is 2^32 bytes, one more than a wasm32 size_t holds.
  u64 need = (u64)(unsigned long)input() + padded + SLACK + (padded >> 3) + SLACK;
  u64 have = (u64)__builtin_wasm_memory_size(0) << 16;
  if (need > have) {
    u64 pages = (need - have + 0xffff) >> 16;
    if (__builtin_wasm_memory_grow(0, (unsigned long)pages) == (unsigned long)-1) return 0;
  }
  return input();
}

/** 64 one-byte lanes of compare results, as a 64-bit mask (bit i = byte i). */
static inline u64 mask64(v128_t a, v128_t b, v128_t c, v128_t d) {
  return (u64)(u32)wasm_i8x16_bitmask(a) | ((u64)(u32)wasm_i8x16_bitmask(b) << 16) |
         ((u64)(u32)wasm_i8x16_bitmask(c) << 32) | ((u64)(u32)wasm_i8x16_bitmask(d) << 48);
}

/** Bit i set when an odd number of bits at or below i are set: "between an opening and a closing quote". */
static inline u64 prefix_xor(u64 x) {
  x ^= x << 1;
  x ^= x << 2;
  x ^= x << 4;
  x ^= x << 8;
  x ^= x << 16;
  x ^= x << 32;
  return x;
}

/** What stage 1 carries from one block to the next. */
struct carry {
  u64 in_string; /** all ones when the previous block ended inside a string */
  u64 escaped;   /** 1 when the previous block ended with an escaping backslash */
  u64 scalar;    /** 1 when the previous block ended inside a number, literal or garbage run */
};

/** `\` then one of `"\/bfnrt`, or `u` and four hex digits, at each escaped byte; 0 when one is not. */
static int escapes_valid(const u8 *block, u64 escaped) {
  while (escaped) {
    const u8 *at = block + __builtin_ctzll(escaped);
    escaped &= escaped - 1;
    u8 kind = ESCAPE[*at];
    if (kind == 0) return 0;
    if (kind == 2 && !(HEX[at[1]] & HEX[at[2]] & HEX[at[3]] & HEX[at[4]])) return 0;
  }
  return 1;
}

/**
 * Stage 1 for the block at `block`: its token bits, or sets `*error` on a lexical error inside a
 * string. Reading `\u`'s hex digits may look up to four bytes past the block (inside the padding).
 * Not inlined: stage 2 calls it from each of its token reads, once per 64 bytes, and one copy of it
 * measured as fast as nine inlined ones at half the module size.
 */
static __attribute__((noinline)) u64 block_tokens(struct carry *carry, const u8 *block, int *error) {
  v128_t v0 = wasm_v128_load(block);
  v128_t v1 = wasm_v128_load(block + 16);
  v128_t v2 = wasm_v128_load(block + 32);
  v128_t v3 = wasm_v128_load(block + 48);

  // Escapes: a backslash escapes the byte after it unless it is itself escaped, so in a run of
  // backslashes every second one escapes. simdjson's carry trick finds them all at once: subtracting
  // the backslashes from their shifted selves, over the odd bit positions, carries through each run
  // and leaves the bit after it set exactly when the run has odd length counted from its start.
  const v128_t backslash = wasm_i8x16_splat('\\');
  v128_t b0 = wasm_i8x16_eq(v0, backslash), b1 = wasm_i8x16_eq(v1, backslash);
  v128_t b2 = wasm_i8x16_eq(v2, backslash), b3 = wasm_i8x16_eq(v3, backslash);
  u64 escaped = carry->escaped;
  carry->escaped = 0;
  if (wasm_v128_any_true(wasm_v128_or(wasm_v128_or(b0, b1), wasm_v128_or(b2, b3)))) {
    const u64 odd_bits = 0xaaaaaaaaaaaaaaaaull;
    u64 backslashes = mask64(b0, b1, b2, b3);
    u64 potential = backslashes & ~escaped; // an escaped backslash escapes nothing
    u64 escape_and_terminal = (((potential << 1) | odd_bits) - potential) ^ odd_bits;
    escaped = escape_and_terminal ^ (backslashes | escaped);
    carry->escaped = (escape_and_terminal & backslashes) >> 63;
  }

  const v128_t quote_byte = wasm_i8x16_splat('"');
  u64 quote = mask64(wasm_i8x16_eq(v0, quote_byte), wasm_i8x16_eq(v1, quote_byte), wasm_i8x16_eq(v2, quote_byte),
                     wasm_i8x16_eq(v3, quote_byte)) &
              ~escaped;
  // Set from an opening quote up to (not including) its closing quote.
  u64 in_string = prefix_xor(quote) ^ carry->in_string;
  carry->in_string = (u64)((i64)in_string >> 63);

  // Control bytes (below 0x20): none may stand inside a string (RFC 8259 §7) and only tab, LF and CR
  // outside one (§2), so any other refuses the document wherever it is, and tab, LF or CR refuse it
  // inside a string. With them refused here, the whitespace and operator tests below may ignore them.
  const v128_t space = wasm_i8x16_splat(' ');
  v128_t c0 = wasm_u8x16_lt(v0, space), c1 = wasm_u8x16_lt(v1, space);
  v128_t c2 = wasm_u8x16_lt(v2, space), c3 = wasm_u8x16_lt(v3, space);
  if (wasm_v128_any_true(wasm_v128_or(wasm_v128_or(c0, c1), wasm_v128_or(c2, c3)))) {
    // Tab, LF and CR by a 16-entry table (swizzle yields 0 for bytes >= 16).
    const v128_t tab_lf_cr = wasm_i8x16_make(0, 0, 0, 0, 0, 0, 0, 0, 0, -1, -1, 0, 0, -1, 0, 0);
    v128_t other = wasm_v128_or(
        wasm_v128_or(wasm_v128_andnot(c0, wasm_i8x16_swizzle(tab_lf_cr, v0)), wasm_v128_andnot(c1, wasm_i8x16_swizzle(tab_lf_cr, v1))),
        wasm_v128_or(wasm_v128_andnot(c2, wasm_i8x16_swizzle(tab_lf_cr, v2)), wasm_v128_andnot(c3, wasm_i8x16_swizzle(tab_lf_cr, v3))));
    if (wasm_v128_any_true(other) || (mask64(c0, c1, c2, c3) & in_string) != 0) {
      *error = 1;
      return 0;
    }
  }
  if (escaped != 0 && !escapes_valid(block, escaped)) {
    *error = 1;
    return 0;
  }

  // Whitespace: with the other control bytes refused, exactly the bytes up to 0x20.
  const v128_t zero = wasm_i8x16_splat(0);
  u64 whitespace = mask64(wasm_i8x16_eq(wasm_u8x16_sub_sat(v0, space), zero), wasm_i8x16_eq(wasm_u8x16_sub_sat(v1, space), zero),
                          wasm_i8x16_eq(wasm_u8x16_sub_sat(v2, space), zero), wasm_i8x16_eq(wasm_u8x16_sub_sat(v3, space), zero));

  // Operators by their low nibble: `:` `{` `,` `}` are 0x?a to 0x?d, and setting bit 5 turns `[` and `]`
  // into `{` and `}`. The only other bytes this matches, 0x1a and 0x0c, are control bytes refused above.
  const v128_t operators = wasm_i8x16_make(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, ':', '{', ',', '}', 0, 0);
  const v128_t low_nibble = wasm_i8x16_splat(0x0f), bit5 = wasm_i8x16_splat(0x20);
#define OPERATOR(v) wasm_i8x16_eq(wasm_i8x16_swizzle(operators, wasm_v128_and(v, low_nibble)), wasm_v128_or(v, bit5))
  u64 op = mask64(OPERATOR(v0), OPERATOR(v1), OPERATOR(v2), OPERATOR(v3));
#undef OPERATOR

  // Scalar bytes: outside strings and neither an operator, whitespace nor a quote (closing quotes are
  // outside `in_string`). A token starts at the first byte of each run of them.
  u64 scalar = ~(op | whitespace | quote | in_string);
  u64 scalar_start = scalar & ~((scalar << 1) | carry->scalar);
  carry->scalar = scalar >> 63;
  return (op & ~in_string) | (quote & in_string) | scalar_start;
}

/** A number or literal at `s`, followed by a delimiter (RFC 8259 §3, §6); 0 when it is not one. */
static inline __attribute__((always_inline)) int scalar_valid(const u8 *s) {
  u32 word = (u32)s[0] | ((u32)s[1] << 8) | ((u32)s[2] << 16) | ((u32)s[3] << 24);
  switch (s[0]) {
  case 't': return word == 0x65757274u && DELIMITER[s[4]];                                   // "true"
  case 'n': return word == 0x6c6c756eu && DELIMITER[s[4]];                                   // "null"
  case 'f': return word == 0x736c6166u && s[4] == 'e' && DELIMITER[s[5]];                    // "fals" "e"
  default: break;
  }
  if (*s == '-') s++;
  if (*s == '0') {
    s++;
  } else if ((u8)(*s - '1') < 9) {
    do s++;
    while ((u8)(*s - '0') < 10);
  } else {
    return 0;
  }
  if (*s == '.') {
    s++;
    if ((u8)(*s - '0') >= 10) return 0;
    do s++;
    while ((u8)(*s - '0') < 10);
  }
  if ((*s | 0x20) == 'e') {
    s++;
    if (*s == '+' || *s == '-') s++;
    if ((u8)(*s - '0') >= 10) return 0;
    do s++;
    while ((u8)(*s - '0') < 10);
  }
  return DELIMITER[*s];
}

/*
 * Stage 2 follows RFC 8259's grammar in code rather than through a state table: a table lookup per
 * token chains each token's work on the previous one's load (measured 1.8x slower), where branches
 * on a regular document are predicted and overlap. It is one loop per container kind inside an outer
 * loop that moves between them, so the control flow stays reducible (WebAssembly has no goto; LLVM
 * would route an irreducible machine through a dispatch switch on every edge).
 */

/**
 * 1 when the `n` bytes at prepare(n)'s address are a JSON text, else 0. Overwrites the padding after
 * them.
 */
__attribute__((export_name("validate"))) int validate(u32 n) {
  u8 *const buf = input();
  const u32 padded = padded_length(n);
  __builtin_memset(buf + n, ' ', padded + SLACK - n);
  /* Bit d: the open container at depth d (1 = outermost) is an object. */
  u8 *const stack = buf + padded + SLACK;
  u32 depth = 0;
  int in_object = 0;
  /* 1 when the value before the current token is complete: a `,` or a closer comes next. */
  int after_value = 0;
  struct carry carry = {0, 0, 0};
  int error = 0;
  u32 next_block = 0, block_start = 0;
  u64 bits = 0;
  const u8 *token = buf;
  u8 c;

  // Moves to the next token, running stage 1 on the next block when this one has none left; at the
  // end of the body goes to `end_label`.
#define NEXT_TOKEN(end_label)                                                                           \
  do {                                                                                                  \
    while (bits == 0) {                                                                                 \
      if (next_block >= padded) goto end_label;                                                         \
      bits = block_tokens(&carry, buf + next_block, &error);                                            \
      if (error) return 0;                                                                              \
      block_start = next_block;                                                                         \
      next_block += BLOCK;                                                                              \
    }                                                                                                   \
    token = buf + block_start + __builtin_ctzll(bits);                                                  \
    bits &= bits - 1;                                                                                   \
    c = *token;                                                                                         \
  } while (0)
  // At an opening bracket `c`: an empty container is a complete value; otherwise push it and leave its
  // first token in `c`, then continue the outer loop in the new container.
#define OPEN_CONTAINER()                                                                                \
  do {                                                                                                  \
    u8 closer = c + 2; /* `}` and `]` are their opener plus two */                                      \
    int object = c == '{';                                                                              \
    NEXT_TOKEN(fail);                                                                                   \
    if (c == closer) {                                                                                  \
      after_value = 1;                                                                                  \
      break;                                                                                            \
    }                                                                                                   \
    depth++;                                                                                            \
    if (object) stack[depth >> 3] |= (u8)(1u << (depth & 7));                                           \
    else stack[depth >> 3] &= (u8) ~(1u << (depth & 7));                                                \
    in_object = object;                                                                                 \
    after_value = 0;                                                                                    \
    goto outer;                                                                                         \
  } while (0)

  NEXT_TOKEN(fail);
  if (c == '{' || c == '[') {
    OPEN_CONTAINER();
    goto root_done; // `{}` or `[]`
  }
  if (c != '"' && !scalar_valid(token)) return 0;
  goto root_done;

outer:
  for (;;) {
    if (in_object) {
      for (;;) {
        if (after_value) {
          NEXT_TOKEN(fail);
          if (c == '}') goto close;
          if (c != ',') return 0;
          NEXT_TOKEN(fail);
        }
        if (c != '"') return 0;
        NEXT_TOKEN(fail);
        if (c != ':') return 0;
        NEXT_TOKEN(fail);
        if (c == '{' || c == '[') OPEN_CONTAINER();
        else if (c != '"' && !scalar_valid(token)) return 0;
        after_value = 1;
      }
    } else {
      for (;;) {
        if (after_value) {
          NEXT_TOKEN(fail);
          if (c == ']') goto close;
          if (c != ',') return 0;
          NEXT_TOKEN(fail);
        }
        if (c == '{' || c == '[') OPEN_CONTAINER();
        else if (c != '"' && !scalar_valid(token)) return 0;
        after_value = 1;
      }
    }
  close:
    depth--;
    if (depth == 0) goto root_done;
    in_object = (stack[depth >> 3] >> (depth & 7)) & 1;
    after_value = 1;
  }

root_done:
  NEXT_TOKEN(end);
  return 0; // anything after the document's value

end:
  // A string still open at the end of the padding was never closed.
  return carry.in_string == 0;

fail:
  return 0;
#undef NEXT_TOKEN
#undef OPEN_CONTAINER
}

/*
 * JSON string escaping of a body, for the answer that carries it as a tool result's text
 * (result/raw-text.ts): the bytes between the quotes of `JSON.stringify(text)`, UTF-8 encoded, where
 * `text` is the body decoded as UTF-8. The caller holds the body to valid UTF-8 (node:buffer
 * `isUtf8`), so every byte from 0x80 up belongs to a well-formed character — never a lone surrogate —
 * and is copied as it is, as JSON.stringify leaves such characters (U+2028 and U+2029 included,
 * ECMA-262 QuoteJSONString). Escaped: `"` and `\` by a backslash; the control bytes below 0x20 as
 * `\b \t \n \f \r` or `\u00xx` with lower-case hex, as JSON.stringify writes them.
 *
 * The output goes to the region escape_room(n) returned. Per 16 bytes: one compare per class; a run
 * of bytes with nothing to escape is stored 16 at a time. In a vector with quotes or backslashes,
 * each one is a backslash byte and a re-store of the vector from that byte on, one byte further (the
 * shifted store may write up to 16 bytes past what is kept; the region has that slack). A vector
 * with a control byte (rare: a valid JSON text has them only as whitespace between tokens) goes a
 * byte at a time.
 */

/** The escaped output's region for an n-byte body: after the body, its padding and the depth stack. */
static u8 *escape_output(u32 n) {
  u32 padded = padded_length(n);
  return (u8 *)(((unsigned long)input() + padded + SLACK + (padded >> 3) + SLACK + 63u) & ~63ul);
}

/**
 * Makes room for escaping an n-byte body (at prepare(n)'s address) into at most `cap` bytes, plus
 * slack for the shifted stores; returns the output's address, or 0 when memory cannot grow that far.
 */
__attribute__((export_name("escape_room"))) u8 *escape_room(u32 n, u32 cap) {
  if (prepare(n) == 0 || cap > 0x7fff0000u) return 0;
  u64 need = (u64)(unsigned long)escape_output(n) + cap + SLACK;
  u64 have = (u64)__builtin_wasm_memory_size(0) << 16;
  if (need > have) {
    u64 pages = (need - have + 0xffff) >> 16;
    if (__builtin_wasm_memory_grow(0, (unsigned long)pages) == (unsigned long)-1) return 0;
  }
  return escape_output(n);
}

static const u8 HEX_DIGITS[16] = "0123456789abcdef";

/** The short escape letter of a control byte, or 0 for `\u00xx`. */
static const u8 SHORT_ESCAPE[32] = {['\b'] = 'b', ['\t'] = 't', ['\n'] = 'n', ['\f'] = 'f', ['\r'] = 'r'};

/** Writes byte `b`, escaped if it must be, at `out`; returns the bytes written. */
static inline u32 escape_byte(u8 *out, u8 b) {
  if (b == '"' || b == '\\') {
    out[0] = '\\';
    out[1] = b;
    return 2;
  }
  if (b >= 0x20) {
    out[0] = b;
    return 1;
  }
  out[0] = '\\';
  if (SHORT_ESCAPE[b]) {
    out[1] = SHORT_ESCAPE[b];
    return 2;
  }
  out[1] = 'u';
  out[2] = '0';
  out[3] = '0';
  out[4] = HEX_DIGITS[b >> 4];
  out[5] = HEX_DIGITS[b & 15];
  return 6;
}

/**
 * Escapes the n bytes at prepare(n)'s address into escape_room(n, cap)'s region; returns the length
 * written, or 0xffffffff when it would pass `cap` (nothing usable was written then).
 */
__attribute__((export_name("escape"))) u32 escape(u32 n, u32 cap) {
  const u8 *const in = input();
  u8 *const out = escape_output(n);
  const v128_t quote = wasm_i8x16_splat('"');
  const v128_t backslash = wasm_i8x16_splat('\\');
  const v128_t space = wasm_i8x16_splat(0x20);
  u32 i = 0, o = 0;
  // Each vector can at most double (quotes and backslashes); control bytes go through the check below.
  while (i + 16 <= n) {
    if (o + 32 > cap) return 0xffffffffu;
    v128_t v = wasm_v128_load(in + i);
    u32 control = (u32)wasm_i8x16_bitmask(wasm_u8x16_lt(v, space));
    u32 special = (u32)wasm_i8x16_bitmask(wasm_v128_or(wasm_i8x16_eq(v, quote), wasm_i8x16_eq(v, backslash)));
    if (control != 0) {
      for (u32 end = i + 16; i < end; i++) {
        if (o + 6 > cap) return 0xffffffffu;
        o += escape_byte(out + o, in[i]);
      }
      continue;
    }
    wasm_v128_store(out + o, v);
    u32 shift = 0;
    while (special != 0) {
      u32 k = (u32)__builtin_ctz(special);
      special &= special - 1;
      // Bytes before k are in place; a backslash goes at k and the rest of the vector moves one on.
      out[o + shift + k] = '\\';
      shift++;
      wasm_v128_store(out + o + shift + k, wasm_v128_load(in + i + k));
    }
    i += 16;
    o += 16 + shift;
  }
  for (; i < n; i++) {
    if (o + 6 > cap) return 0xffffffffu;
    o += escape_byte(out + o, in[i]);
  }
  return o;
}
