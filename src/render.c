/* The walk over the kept nodes and the line state formats share. */
#include "render.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

void wn_render_init(wn_render *r, const wn_dom *dom, const wn_features *fs,
                    const wn_selection *sel, unsigned flags, wn_buf out) {
  memset(r, 0, sizeof *r);
  r->dom = dom;
  r->fs = fs;
  r->sel = sel;
  r->flags = flags;
  r->out = out;
}

void wn_render_break(wn_render *r, int level) {
  if (level > r->brk) r->brk = level;
  r->space = 0;
}

void wn_render_prefix(wn_render *r, const char *s, size_t len) {
  if (r->prefix_len + len >= sizeof r->prefix) return;
  memcpy(r->prefix + r->prefix_len, s, len);
  r->prefix_len += len;
}

/* Markdown: the leads of the open containers at the start of a line.
 * On a blank line between blocks only the containers that go on are
 * written, trimmed ("> " becomes ">"). */
static void write_leads(wn_render *r, int blank) {
  wn_buf *b = &r->out;
  size_t start = b->len;
  unsigned n = r->nleads < WN_MAX_LEADS ? r->nleads : WN_MAX_LEADS;
  for (unsigned k = 0; k < n; k++) {
    wn_lead *l = &r->leads[k];
    if (blank && l->pending) break;
    if (l->pending) {
      wn_buf_put(b, l->mark, l->len);
      l->pending = 0;
    } else if (l->quote) {
      wn_buf_put(b, "> ", 2);
    } else {
      for (unsigned j = 0; j < l->len; j++) wn_buf_putc(b, ' ');
    }
  }
  if (blank) {
    while (b->len > start && b->data[b->len - 1] == ' ') b->len--;
  } else {
    r->need_lead = 0;
    r->bol = 1;
  }
}

/* Flush pending break and prefix before text. */
static void flush(wn_render *r) {
  wn_buf *b = &r->out;
  if (b->len) {
    if (r->md && r->brk) {
      if (r->brk == 2) {
        wn_buf_putc(b, '\n');
        write_leads(r, 1);
      } else if (r->hard && !r->pre) {
        wn_buf_putc(b, '\\');
      }
      wn_buf_putc(b, '\n');
      r->need_lead = 1;
    }
    else if (r->brk == 2) wn_buf_put(b, "\n\n", 2);
    else if (r->brk == 1) wn_buf_putc(b, '\n');
    else if (r->space && !(r->prefix_len && r->prefix[0] == ' ')) wn_buf_putc(b, ' ');
  }
  r->brk = 0;
  r->space = 0;
  r->hard = 0;
  r->soft = 0;
  r->wrote++;
  if (r->md && r->need_lead) write_leads(r, 0);
  if (r->prefix_len) {
    wn_buf_put(b, r->prefix, r->prefix_len);
    r->prefix_len = 0;
    r->bol = 0;
  }
}

void wn_render_raw(wn_render *r, const char *s, size_t len) {
  flush(r);
  wn_buf_put(&r->out, s, len);
  r->bol = 0;
}

void wn_render_close(wn_render *r, const char *s, size_t len) {
  wn_buf_put(&r->out, s, len);
  r->bol = 0;
}

void wn_render_eol(wn_render *r) {
  wn_buf_putc(&r->out, '\n');
  r->need_lead = 1;
  r->brk = 0;
  r->space = 0;
  r->hard = 0;
}

/* Code points never written: zero-width and bidi format characters,
 * the BOM, soft hyphens, C0/C1 controls other than layout whitespace. */
static int invisible(int32_t cp) {
  if (cp < 0x20) return cp != '\t' && cp != '\n';
  if (cp >= 0x7F && cp < 0xA0) return 1;
  return cp == 0xAD || (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x2028 && cp <= 0x202E) ||
         (cp >= 0x2060 && cp <= 0x206F) || cp == 0xFEFF;
}

static int unicode_space(int32_t cp) {
  if (cp == 0xA0 || cp == 0x1680 || cp == 0x3000 || cp == 0x202F || cp == 0x205F) return 1;
  return cp >= 0x2000 && cp <= 0x200A;
}

static int alnum(int c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* "&name;", "&#123;", "&#x1F;": text CommonMark would read as an entity. */
static int entity_like(const unsigned char *p, const unsigned char *e) {
  const unsigned char *q = p + 1;
  if (q < e && *q == '#') {
    q++;
    if (q < e && (*q == 'x' || *q == 'X')) q++;
  }
  const unsigned char *w = q;
  while (q < e && alnum(*q)) q++;
  return q > w && q < e && *q == ';';
}

/* Markdown: a run of printable ASCII p..e, escaped where CommonMark (and
 * GitHub's tables and strikethrough) would read it as markup.  At the
 * start of a line also what would open a block: "#", ">", "-", "+", "=",
 * "1." and "1)". */
static void put_md(wn_render *r, const unsigned char *p, const unsigned char *e) {
  wn_buf *b = &r->out;
  if (r->code) { /* a code span is literal, but GitHub splits table rows first */
    for (; p < e; p++) {
      if (*p == '|' && r->cell) wn_buf_putc(b, '\\');
      wn_buf_putc(b, (char)*p);
    }
    return;
  }
  const unsigned char *start = p;
  int bol = r->bol;
  r->bol = 0;
  if (bol && p < e && *p >= '0' && *p <= '9') {
    const unsigned char *q = p;
    while (q < e && q - p < 10 && *q >= '0' && *q <= '9') q++;
    if (q < e && (*q == '.' || *q == ')') && (q + 1 == e || q[1] == ' ')) {
      wn_buf_put(b, (const char *)p, (size_t)(q - p));
      wn_buf_putc(b, '\\');
      p = q;
    }
  }
  for (; p < e; p++) {
    unsigned char c = *p;
    int esc = 0;
    switch (c) {
    case '\\': case '`': case '*': case '[': case ']': case '~': esc = 1; break;
    case '_': /* inside a word it cannot open or close emphasis */
      esc = !(p + 1 < e && alnum(p[1]) && b->len && alnum((unsigned char)b->data[b->len - 1]));
      break;
    case '<': esc = p + 1 == e || alnum(p[1]) || p[1] == '/' || p[1] == '!' || p[1] == '?'; break;
    case '&': esc = entity_like(p, e); break;
    case '|': esc = r->cell != 0; break;
    case '#': esc = (bol && p == start) || r->heading; break;
    case '>': case '=': esc = bol && p == start; break;
    case '-': case '+':
      esc = bol && p == start && (p + 1 == e || p[1] == ' ' || p[1] == '-');
      break;
    default: break;
    }
    if (esc) wn_buf_putc(b, '\\');
    wn_buf_putc(b, (char)c);
  }
}

void wn_render_text(wn_render *r, const char *s, size_t len) {
  const unsigned char *p = (const unsigned char *)s, *e = p + len;
  wn_buf *b = &r->out;
  while (p < e) {
    unsigned ch = *p;
    if (ch < 0x80) {
      if (ch == ' ' || ch == '\n' || ch == '\t' || ch == '\r' || ch == '\f') {
        if (r->pre) {
          if (ch == '\r') { p++; continue; }
          flush(r);
          wn_buf_putc(b, (char)ch);
          if (ch == '\n' && r->md) r->need_lead = 1;
        } else {
          r->space = 1;
        }
        p++;
        continue;
      }
      if (ch < 0x20 || ch == 0x7F) { p++; continue; }
      /* a run of plain ASCII */
      const unsigned char *q = p;
      while (q < e && *q > 0x20 && *q < 0x7F) q++;
      flush(r);
      if (r->md && !r->pre) put_md(r, p, q);
      else wn_buf_put(b, (const char *)p, (size_t)(q - p));
      p = q;
      continue;
    }
    utf8proc_int32_t cp;
    utf8proc_ssize_t n = utf8proc_iterate(p, e - p, &cp);
    if (n <= 0) { /* the decoder already replaced invalid bytes; be safe */
      p++;
      continue;
    }
    if (invisible(cp)) { p += n; continue; }
    if (unicode_space(cp) && !r->pre) {
      r->space = 1;
      p += n;
      continue;
    }
    flush(r);
    wn_buf_put(b, (const char *)p, (size_t)n);
    r->bol = 0;
    p += n;
  }
}

void wn_render_title(wn_render *r, const char *title) {
  if (!title || !*title) return;
  wn_render_text(r, title, strlen(title));
  wn_render_break(r, 2);
}

/* NFC the whole output once; utf8proc allocates with malloc, so the
 * result is copied back into our buffer and freed at once. */
static int normalize(wn_buf *b) {
  int ascii = 1;
  for (size_t i = 0; i < b->len; i++)
    if ((unsigned char)b->data[i] >= 0x80) { ascii = 0; break; }
  if (ascii || !b->len) return 1;
  utf8proc_uint8_t *nfc = NULL;
  utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)b->data, (utf8proc_ssize_t)b->len,
                                    &nfc, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
  if (n < 0) return n == UTF8PROC_ERROR_NOMEM ? 0 : 1; /* invalid: leave as is */
  b->len = 0;
  wn_buf_put(b, (const char *)nfc, (size_t)n);
  free(nfc);
  return !b->failed;
}

winnow_status wn_render_run(wn_render *r, const wn_render_ops *ops) {
  const wn_selection *sel = r->sel;
  if (sel->root != WN_NONE) {
    const wn_node *nodes = r->dom->nodes;
    uint32_t root = sel->root, end = nodes[root].end;
    /* Open elements, for EXIT events; depth is bounded by the pre-pass. */
    uint32_t stack_small[256], *stack = stack_small, cap = 256, depth = 0;
    /* out of memory: stop at once, the result is thrown away anyway */
    for (uint32_t i = root; i < end && !r->out.failed; i++) {
      while (depth && nodes[stack[depth - 1]].end <= i) ops->exit(r, stack[--depth]);
      if (sel->skip[i]) {
        i = nodes[i].end - 1;
        continue;
      }
      const wn_node *nd = &nodes[i];
      if (nd->tag == WN_TAG_TEXT) {
        if (r->fs->f[i].flags & WN_F_DROP) continue;
        if (ops->text) ops->text(r, i);
        else wn_render_text(r, nd->text, nd->len);
        continue;
      }
      if (r->fs->f[i].flags & WN_F_DROP) {
        if (ops->dropped) ops->dropped(r, i);
        i = nd->end - 1;
        continue;
      }
      ops->enter(r, i);
      if (nd->end > i + 1) {
        if (depth == cap) {
          uint32_t *s = r->out.mem->alloc(r->out.mem->userdata, (size_t)cap * 2 * sizeof *s);
          if (!s) {
            if (stack != stack_small) r->out.mem->free(r->out.mem->userdata, stack);
            return WINNOW_E_NOMEM;
          }
          memcpy(s, stack, (size_t)depth * sizeof *s);
          if (stack != stack_small) r->out.mem->free(r->out.mem->userdata, stack);
          stack = s;
          cap *= 2;
        }
        stack[depth++] = i;
      } else {
        ops->exit(r, i);
      }
    }
    while (depth) ops->exit(r, stack[--depth]);
    if (stack != stack_small) r->out.mem->free(r->out.mem->userdata, stack);
  }
  if (r->out.len) wn_buf_putc(&r->out, '\n');
  if (!normalize(&r->out) || r->out.failed) return WINNOW_E_NOMEM;
  return WINNOW_OK;
}
