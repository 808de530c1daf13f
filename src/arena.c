/* Arena and buffer.  A page's nodes, strings and features live in one
 * arena, so a page is freed in a few calls whatever its size. */
#include "arena.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void *std_alloc(void *ud, size_t n) {
  (void)ud;
  return malloc(n ? n : 1);
}
static void *std_realloc(void *ud, void *p, size_t n) {
  (void)ud;
  return realloc(p, n ? n : 1);
}
static void std_free(void *ud, void *p) {
  (void)ud;
  free(p);
}

const winnow_allocator wn_default_allocator = {std_alloc, std_realloc, std_free,
                                               NULL};

struct wn_chunk {
  wn_chunk *next;
  size_t size;
  /* payload follows, aligned by the union below */
};

#define ALIGN 16u
#define HDR ((sizeof(wn_chunk) + ALIGN - 1) & ~(size_t)(ALIGN - 1))
#define CHUNK_MIN (64u * 1024u)

void wn_arena_init(wn_arena *a, const winnow_allocator *mem) {
  memset(a, 0, sizeof *a);
  a->mem = mem && mem->alloc && mem->free && mem->realloc ? *mem
                                                          : wn_default_allocator;
}

void *wn_arena_alloc(wn_arena *a, size_t size) {
  size = (size + ALIGN - 1) & ~(size_t)(ALIGN - 1);
  if (size == 0) size = ALIGN;
  if ((size_t)(a->end - a->pos) >= size && a->pos) {
    void *p = a->pos;
    a->pos += size;
    return p;
  }
  if (size > SIZE_MAX - HDR) return NULL;
  /* Big requests get a chunk of their own so the current chunk's free
   * space is not thrown away; small ones open a new, doubling chunk. */
  size_t want = size + HDR;
  int own = size >= CHUNK_MIN / 4;
  if (!own) {
    size_t grow = a->head ? a->head->size * 2 : CHUNK_MIN;
    if (grow > 4u * 1024u * 1024u) grow = 4u * 1024u * 1024u;
    if (grow > want) want = grow;
  }
  wn_chunk *c = a->mem.alloc(a->mem.userdata, want);
  if (!c) return NULL;
  c->size = want;
  a->total += want;
  char *payload = (char *)c + HDR;
  if (own && a->head) {
    /* keep head as the chunk we bump from */
    c->next = a->head->next;
    a->head->next = c;
    return payload;
  }
  c->next = a->head;
  a->head = c;
  a->pos = payload + size;
  a->end = (char *)c + want;
  return payload;
}

void *wn_arena_calloc(wn_arena *a, size_t n, size_t size) {
  if (size && n > SIZE_MAX / size) return NULL;
  void *p = wn_arena_alloc(a, n * size);
  if (p) memset(p, 0, n * size);
  return p;
}

char *wn_arena_strndup(wn_arena *a, const char *s, size_t len) {
  char *p = wn_arena_alloc(a, len + 1);
  if (!p) return NULL;
  if (len) memcpy(p, s, len);
  p[len] = '\0';
  return p;
}

void wn_arena_release(wn_arena *a) {
  wn_chunk *c = a->head;
  while (c) {
    wn_chunk *next = c->next;
    a->mem.free(a->mem.userdata, c);
    c = next;
  }
  a->head = NULL;
  a->pos = a->end = NULL;
  a->total = 0;
}

void wn_buf_init(wn_buf *b, const winnow_allocator *mem) {
  memset(b, 0, sizeof *b);
  b->mem = mem ? mem : &wn_default_allocator;
}

int wn_buf_reserve(wn_buf *b, size_t extra) {
  if (b->failed) return 0;
  if (extra > SIZE_MAX - b->len - 1) {
    b->failed = 1;
    return 0;
  }
  size_t need = b->len + extra + 1;
  if (need <= b->cap) return 1;
  size_t cap = b->cap ? b->cap : 256;
  while (cap < need) cap = cap > SIZE_MAX / 2 ? need : cap * 2;
  char *p = b->mem->realloc(b->mem->userdata, b->data, cap);
  if (!p) {
    b->failed = 1;
    return 0;
  }
  b->data = p;
  b->cap = cap;
  return 1;
}

void wn_buf_put(wn_buf *b, const char *s, size_t len) {
  if (!wn_buf_reserve(b, len)) return;
  if (len) memcpy(b->data + b->len, s, len);
  b->len += len;
  b->data[b->len] = '\0';
}

void wn_buf_putc(wn_buf *b, char c) { wn_buf_put(b, &c, 1); }

void wn_buf_puts(wn_buf *b, const char *s) { wn_buf_put(b, s, strlen(s)); }

/* A failed buffer still gives what was appended before the failure, with
 * b->len its length (data always has room for the NUL at len): callers
 * pair the pointer with b->len, and check 'failed' once at the end. */
const char *wn_buf_cstr(wn_buf *b) {
  if (!b->data && !wn_buf_reserve(b, 0)) return ""; /* never allocated: len is 0 */
  b->data[b->len] = '\0';
  return b->data;
}

char *wn_buf_detach(wn_buf *b, size_t *len) {
  wn_buf_cstr(b);
  char *d = b->failed ? NULL : b->data;
  if (b->failed && b->data) b->mem->free(b->mem->userdata, b->data);
  if (len) *len = d ? b->len : 0;
  b->data = NULL;
  b->len = b->cap = 0;
  return d;
}

void wn_buf_free(wn_buf *b) {
  if (b->data) b->mem->free(b->mem->userdata, b->data);
  b->data = NULL;
  b->len = b->cap = 0;
  b->failed = 0;
}
