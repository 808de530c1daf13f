/* Developer tool: show why winnow picked what it picked.
 * Usage: explain < page.html   (prints the best candidates and the blocks
 * of the chosen one with their class and skip marks). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doc.h"

static void path(const winnow_doc *d, uint32_t i, char *buf, size_t cap) {
  const wn_node *n = d->dom.nodes;
  char tmp[4096] = "";
  for (uint32_t k = i; k != WN_NONE; k = n[k].parent) {
    const char *c = wn_node_attr(&n[k], WN_ATTR_CLASS), *id = wn_node_attr(&n[k], WN_ATTR_ID);
    char one[256];
    snprintf(one, sizeof one, "%u%s%.40s%s%.30s > ", n[k].tag, c ? "." : "", c ? c : "",
             id ? "#" : "", id ? id : "");
    if (strlen(one) + strlen(tmp) + 1 < sizeof tmp) {
      memmove(tmp + strlen(one), tmp, strlen(tmp) + 1);
      memcpy(tmp, one, strlen(one));
    }
  }
  snprintf(buf, cap, "%s", tmp);
}

int main(int argc, char **argv) {
  size_t cap = 1 << 20, len = 0;
  char *buf = malloc(cap);
  size_t got;
  while ((got = fread(buf + len, 1, cap - len, stdin)) > 0) {
    len += got;
    if (len == cap) buf = realloc(buf, cap *= 2);
  }
  winnow_options o;
  winnow_options_init(&o);
  if (getenv("WINNOW_EXPLAIN_PRECISION")) o.flags |= WINNOW_OPT_PRECISION; /* first pass only */
  winnow_doc *d;
  if (winnow_extract(buf, len, &o, &d)) return 1;
  const wn_feat *f = d->fs.f;
  uint32_t n = d->dom.count;
  char p[4096];
  /* top candidates */
  uint32_t top[10] = {0};
  int nt = 0;
  for (uint32_t i = 0; i < n; i++) {
    if (d->dom.nodes[i].tag == WN_TAG_TEXT) continue;
    int pos = nt;
    while (pos > 0 && f[top[pos - 1]].score < f[i].score) pos--;
    if (pos >= 10) continue;
    if (nt < 10) nt++;
    memmove(top + pos + 1, top + pos, (size_t)(nt - 1 - pos) * sizeof *top);
    top[pos] = i;
  }
  printf("total good %.0f, root %u\n", d->fs.total_good, d->sel.root);
  for (int k = 0; k < nt; k++) {
    path(d, top[k], p, sizeof p);
    printf("%6.0f good %6.0f bad %6.0f  [%u] %s\n", f[top[k]].score, f[top[k]].good, f[top[k]].bad,
           top[k], p);
  }
  if (argc > 1 && !strcmp(argv[1], "drops")) {
    /* dropped subtrees that held text */
    for (uint32_t i = 0; i < n; i++) {
      const wn_node *nd = &d->dom.nodes[i];
      if (nd->tag == WN_TAG_TEXT || !(f[i].flags & WN_F_DROP) || nd->tag == WN_TAG_HEAD) continue;
      if (nd->parent != WN_NONE && (f[nd->parent].flags & WN_F_DROP)) continue;
      size_t bytes = 0;
      for (uint32_t k = i; k < nd->end; k++)
        if (d->dom.nodes[k].tag == WN_TAG_TEXT) bytes += d->dom.nodes[k].len;
      if (bytes < 200) continue;
      path(d, i, p, sizeof p);
      printf("DROP %zu bytes [%u] %s\n", bytes, i, p);
    }
  } else if (argc > 1 && !strcmp(argv[1], "blocks")) {
    for (uint32_t i = 0; i < n; i++) {
      if (d->dom.nodes[i].tag == WN_TAG_TEXT || f[i].own.chars < 60) continue;
      path(d, i, p, sizeof p);
      printf("cls%d fl%04x chars%5u link%5u good%6.0f bad%6.0f %s\n", d->sel.cls[i], f[i].flags,
             f[i].own.chars, f[i].own.link, f[i].good, f[i].bad, p);
    }
  } else if (argc > 1 && d->sel.root != WN_NONE) {
    uint32_t r = d->sel.root;
    for (uint32_t i = r; i < d->dom.nodes[r].end; i++) {
      if (d->dom.nodes[i].tag == WN_TAG_TEXT || !f[i].own.chars) continue;
      int skipped = 0;
      for (uint32_t k = i; k != WN_NONE && k >= r; k = d->dom.nodes[k].parent)
        if (d->sel.skip[k]) skipped = 1;
      const char *c = wn_node_attr(&d->dom.nodes[i], WN_ATTR_CLASS);
      printf("%s cls%d fl%04x chars%4u link%4u st%u  tag%u .%.30s\n", skipped ? "SKIP" : "keep",
             d->sel.cls[i], f[i].flags, f[i].own.chars, f[i].own.link, f[i].own.stops,
             d->dom.nodes[i].tag, c ? c : "");
    }
  }
  winnow_doc_free(d);
  free(buf);
  return 0;
}
