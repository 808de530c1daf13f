/* bench/speed: throughput of winnow against Gumbo's own parse, one core,
 * HTML in memory, measured in one run so the ratio holds on a noisy
 * machine.
 *
 *   winnow_speed [--rounds N] [--slowest K] DIR
 *
 * DIR holds pages as *.html or *.html.gz (a dataset laid out like
 * ../shared/datasets/scrapinghub/html).  Prints MB/s of HTML for
 * (a) gumbo_parse + gumbo_destroy_output on the raw page,
 * (b) decode + pre-pass + parse into winnow's node array,
 * (c) the whole extraction to text, (d) to JSON, the ratio c/a, the
 * slowest pages against their own raw parse, and peak memory. */
#include <dirent.h>
#include <gumbo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <zlib.h>

#include "doc.h"
#include "dom.h"
#include "input.h"
#include "prepass.h"

typedef struct page {
  char *name;
  char *html;
  size_t len;
  double t_gumbo, t_full; /* best of the rounds, seconds */
} page;

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static char *load(const char *path, size_t *len) {
  gzFile g = gzopen(path, "rb"); /* reads plain files too */
  if (!g) return NULL;
  size_t cap = 1 << 16, n = 0;
  char *buf = malloc(cap);
  int got;
  while (buf && (got = gzread(g, buf + n, (unsigned)(cap - n))) > 0) {
    n += (size_t)got;
    if (n == cap) buf = realloc(buf, cap *= 2);
  }
  gzclose(g);
  *len = n;
  return buf;
}

static int ends_with(const char *s, const char *suf) {
  size_t a = strlen(s), b = strlen(suf);
  return a >= b && !strcmp(s + a - b, suf);
}

static int sink(const char *d, size_t n, void *ud) {
  (void)d;
  *(size_t *)ud += n;
  return 0;
}

/* (b): the stages up to and including the parse. */
static void parse_only(const page *p) {
  wn_arena a;
  wn_arena_init(&a, NULL);
  wn_input in;
  if (!wn_input_decode(&a, p->html, p->len, NULL, 0, (size_t)64 << 20, &in)) {
    wn_limits lim = {512, 256};
    const char *out;
    size_t out_len;
    unsigned w;
    if (!wn_prepass(&a, in.data, in.len, &lim, &out, &out_len, &w)) {
      wn_dom dom;
      wn_dom_parse(&a, out, out_len, 4000000u, NULL, &dom);
    }
  }
  wn_arena_release(&a);
}

static int by_ratio(const void *x, const void *y) {
  const page *a = x, *b = y;
  double ra = a->t_full / a->t_gumbo, rb = b->t_full / b->t_gumbo;
  return ra < rb ? 1 : ra > rb ? -1 : 0;
}

int main(int argc, char **argv) {
  int rounds = 5, slowest = 5;
  const char *dir = NULL;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--rounds") && i + 1 < argc) rounds = atoi(argv[++i]);
    else if (!strcmp(argv[i], "--slowest") && i + 1 < argc) slowest = atoi(argv[++i]);
    else dir = argv[i];
  }
  if (!dir || rounds < 1) {
    fprintf(stderr, "usage: winnow_speed [--rounds N] [--slowest K] DIR\n");
    return 2;
  }
  DIR *dh = opendir(dir);
  if (!dh) {
    perror(dir);
    return 1;
  }
  page *pages = NULL;
  size_t n = 0, cap = 0, total = 0;
  struct dirent *e;
  while ((e = readdir(dh))) {
    if (!ends_with(e->d_name, ".html") && !ends_with(e->d_name, ".html.gz")) continue;
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
    page p = {0};
    p.html = load(path, &p.len);
    if (!p.html) continue;
    p.name = strdup(e->d_name);
    if (n == cap) pages = realloc(pages, (cap = cap ? cap * 2 : 256) * sizeof *pages);
    pages[n++] = p;
    total += p.len;
  }
  closedir(dh);
  if (!n) {
    fprintf(stderr, "%s: no pages\n", dir);
    return 1;
  }
  double best[4] = {1e30, 1e30, 1e30, 1e30};
  for (size_t i = 0; i < n; i++) pages[i].t_gumbo = pages[i].t_full = 1e30;
  size_t out_bytes = 0;
  for (int r = 0; r < rounds; r++) {
    double sum[4] = {0, 0, 0, 0};
    for (size_t i = 0; i < n; i++) {
      page *p = &pages[i];
      double t0 = now();
      GumboOutput *g = gumbo_parse_with_options(&kGumboDefaultOptions, p->html, p->len);
      gumbo_destroy_output(&kGumboDefaultOptions, g);
      double t1 = now();
      parse_only(p);
      double t2 = now();
      winnow_doc *d = NULL;
      if (!winnow_extract(p->html, p->len, NULL, &d)) {
        winnow_render(d, WINNOW_FORMAT_TEXT, sink, &out_bytes);
      }
      winnow_doc_free(d);
      double t3 = now();
      d = NULL;
      if (!winnow_extract(p->html, p->len, NULL, &d)) {
        winnow_render(d, WINNOW_FORMAT_JSON, sink, &out_bytes);
      }
      winnow_doc_free(d);
      double t4 = now();
      sum[0] += t1 - t0;
      sum[1] += t2 - t1;
      sum[2] += t3 - t2;
      sum[3] += t4 - t3;
      if (t1 - t0 < p->t_gumbo) p->t_gumbo = t1 - t0;
      if (t3 - t2 < p->t_full) p->t_full = t3 - t2;
    }
    for (int k = 0; k < 4; k++)
      if (sum[k] < best[k]) best[k] = sum[k];
  }
  double mb = total / 1e6;
  static const char *const what[] = {"(a) gumbo parse + free, raw page", "(b) decode + pre-pass + parse",
                                     "(c) extract to text", "(d) extract to JSON"};
  printf("%zu pages, %.1f MB of HTML, best of %d rounds, one core\n\n", n, mb, rounds);
  for (int k = 0; k < 4; k++)
    printf("  %-34s %8.1f MB/s  %7.3f s\n", what[k], mb / best[k], best[k]);
  printf("\n  ratio (c)/(a): %.2f   (b)/(a): %.2f\n", best[2] / best[0], best[1] / best[0]);
  qsort(pages, n, sizeof *pages, by_ratio);
  printf("\n  slowest pages against their own raw parse (full / gumbo):\n");
  for (int i = 0; i < slowest && (size_t)i < n; i++)
    printf("    %5.2f  %7.2f ms / %7.2f ms  %6.0f KB  %.40s\n", pages[i].t_full / pages[i].t_gumbo,
           pages[i].t_full * 1e3, pages[i].t_gumbo * 1e3, pages[i].len / 1e3, pages[i].name);
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  printf("\n  peak RSS %.1f MB (the pages themselves: %.1f MB)\n", ru.ru_maxrss / 1e3, mb);
  for (size_t i = 0; i < n; i++) {
    free(pages[i].html);
    free(pages[i].name);
  }
  free(pages);
  return 0;
}
