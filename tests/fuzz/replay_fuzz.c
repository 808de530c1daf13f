/* winnow_replay_fuzz CRASH_FILE: a fuzz_extract crash file through an
 * ordinary build (Release, or the sanitizer build for a stack trace),
 * with the options its first two bytes choose; prints what the pipeline
 * gives on stdout and its status on stderr.  A developer's tool: built
 * with the tests, not installed, not in `winnow --help`.
 *
 * Exit status: 0 the page went through, 1 it did not (or the file could
 * not be read), 2 usage error. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_options.h"

static int write_out(const char *data, size_t len, void *ud) {
  return fwrite(data, 1, len, (FILE *)ud) != len;
}

/* All of path, at most 1 GiB. */
static char *read_file(const char *path, size_t *len) {
  FILE *in = fopen(path, "rb");
  if (!in) return NULL;
  size_t cap = 1 << 16, n = 0;
  char *buf = malloc(cap);
  while (buf) {
    if (n == cap) {
      char *nb = cap < ((size_t)1 << 30) ? realloc(buf, cap * 2) : NULL;
      if (!nb) {
        free(buf);
        buf = NULL;
        errno = ENOMEM;
        break;
      }
      buf = nb;
      cap *= 2;
    }
    size_t got = fread(buf + n, 1, cap - n, in);
    n += got;
    if (!got) break;
  }
  if (buf && ferror(in)) {
    free(buf);
    buf = NULL;
  }
  fclose(in);
  *len = n;
  return buf;
}

int main(int argc, char **argv) {
  if (argc != 2 || argv[1][0] == '-') {
    fprintf(stderr, "usage: winnow_replay_fuzz CRASH_FILE\n"
                    "Run a fuzz_extract crash file (options in its first two bytes)\n"
                    "and print what it gives.\n");
    return 2;
  }
  const char *path = argv[1];
  size_t len = 0;
  char *data = read_file(path, &len);
  if (!data || len < 2) {
    fprintf(stderr, "winnow_replay_fuzz: %s: %s\n", path,
            data ? "shorter than the two option bytes" : strerror(errno));
    free(data);
    return 1;
  }
  winnow_options o;
  winnow_format f;
  wn_fuzz_mem mem;
  wn_fuzz_options((const uint8_t *)data, len, &o, &f, &mem);
  winnow_doc *doc = NULL;
  winnow_status st = winnow_extract(data + 2, len - 2, &o, &doc);
  if (!st) st = winnow_render(doc, f, write_out, stdout);
  winnow_doc_free(doc);
  free(data);
  fprintf(stderr, "winnow_replay_fuzz: %s: %s\n", path, winnow_status_str(st));
  if (fflush(stdout) && !st) return 1;
  return st ? 1 : 0;
}
