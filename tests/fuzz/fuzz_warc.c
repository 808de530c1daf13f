/* libFuzzer target: the WARC reader (plain and gzip members, resync
 * after corrupt members) and the HTTP payload handling of each record
 * (status line, headers, chunked, gzip/deflate/Brotli), on any bytes. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "warc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  wn_src src;
  if (wn_src_open(&src, -1, data, size)) return 0;
  wn_warc_opts o = {4096, 1024, WN_WARC_KEEP_RESPONSE | WN_WARC_KEEP_RESOURCE | WN_WARC_KEEP_OTHER};
  wn_warc *w = wn_warc_new(&src, &o);
  if (!w) {
    wn_src_close(&src);
    return 0;
  }
  wn_warc_record rec;
  memset(&rec, 0, sizeof rec);
  /* every record consumes input, so this ends; the bound is a safety net */
  for (int i = 0; i < 100000; i++) {
    int k = wn_warc_next(w, &rec);
    if (k < 0 || k == WN_WARC_END || k == WN_WARC_IOERR) break;
    if (rec.kind == WN_WARC_RECORD && rec.block) {
      wn_http h;
      if (!wn_http_parse(rec.block, rec.block_len, &h) && h.body_off <= rec.block_len) {
        size_t n = rec.block_len - h.body_off;
        unsigned char *body = malloc(n + 1);
        if (body) {
          memcpy(body, rec.block + h.body_off, n);
          if (h.chunked) {
            size_t m = wn_http_dechunk(body, n);
            if (m != (size_t)-1) n = m;
          }
          if (h.encoding == WN_ENC_GZIP || h.encoding == WN_ENC_DEFLATE || h.encoding == WN_ENC_BR) {
            unsigned char *out = NULL;
            size_t out_len = 0;
            if (wn_http_inflate(body, n, h.encoding, 1 << 16, &out, &out_len) == 0) free(out);
          }
          free(body);
        }
      }
    }
    wn_warc_record_clear(&rec);
  }
  wn_warc_record_clear(&rec);
  wn_warc_free(w);
  wn_src_close(&src);
  return 0;
}
