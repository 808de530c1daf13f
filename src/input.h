/* Stage 1, decode: raw bytes -> UTF-8 that Gumbo can read.
 *
 * Order of trust for the charset (WHATWG "encoding sniffing", simplified):
 * gzip magic is undone first (zlib), then a BOM (UTF-8, UTF-16LE/BE), then
 * the caller's label, then a <meta charset> / http-equiv prescan of the
 * first 1024 bytes, then UTF-8 when the bytes are UTF-8 (more valid
 * multi-byte characters than broken sequences: one stray Latin-1 byte in
 * a UTF-8 page must not garble all its accents), else windows-1252.  A
 * legacy charset from the prescan gives way to UTF-8 when the bytes hold
 * multi-byte UTF-8 and (nearly) no broken sequence: a page re-encoded to
 * UTF-8 by a crawler that left its old <meta>.  A BOM never does, nor a
 * label, unless the caller says it is a hint (a transport's declaration,
 * such as an HTTP Content-Type): then a legacy label is trusted as a
 * <meta> would be, before the prescan, and yields to UTF-8 the same way.
 * Labels go through the WHATWG label table (e.g. "latin1", "iso-8859-1"
 * and "ascii" all mean windows-1252; "x-sjis" means Shift_JIS; "gb2312"
 * means GBK) and conversion is done with iconv.  Invalid sequences become
 * U+FFFD; NUL bytes are replaced by U+FFFD too, so the result is a proper
 * C string.  Other control characters (C0 but tab, LF, FF, CR; DEL; C1)
 * are removed: they are never text. */
#ifndef WINNOW_INPUT_H
#define WINNOW_INPUT_H

#include <stddef.h>

#include "arena.h"

typedef struct wn_input {
  const char *data; /* UTF-8, NUL-terminated, owned by the arena */
  size_t len;       /* bytes, without the NUL */
  char charset[32]; /* canonical name of what the page was decoded from */
  unsigned warnings; /* WINNOW_WARN_TRUNCATED, WINNOW_WARN_CHARSET */
} wn_input;

/* Decode bytes[0..len).  label may be NULL; label_is_hint as above.  At most max_bytes of decoded
 * output are kept (WINNOW_WARN_TRUNCATED when cut, on a UTF-8 character
 * boundary).  Returns WINNOW_E_DECODE for gzip data that is corrupt before
 * any output (a truncated gzip stream keeps what was inflated and warns
 * WINNOW_WARN_TRUNCATED), WINNOW_E_NOMEM on allocation failure. */
winnow_status wn_input_decode(wn_arena *a, const char *bytes, size_t len,
                              const char *label, int label_is_hint,
                              size_t max_bytes, wn_input *out);

/* Canonical charset name for a WHATWG label ("utf8" -> "UTF-8",
 * "latin1" -> "windows-1252"), or NULL when the label is unknown. */
const char *wn_charset_canonical(const char *label, size_t len);

#endif
