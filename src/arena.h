/* Memory for one page: an arena that frees everything at once, and a
 * growable byte buffer.  Both go through the caller's winnow_allocator. */
#ifndef WINNOW_ARENA_H
#define WINNOW_ARENA_H

#include <stddef.h>

#include "winnow.h"

typedef struct wn_chunk wn_chunk;

typedef struct wn_arena {
  winnow_allocator mem; /* always filled (defaults when the caller gave none) */
  wn_chunk *head;       /* newest chunk first */
  char *pos, *end;      /* free space in head */
  size_t total;         /* bytes requested from mem, for tests and limits */
} wn_arena;

/* mem may be NULL for malloc/realloc/free. */
void wn_arena_init(wn_arena *a, const winnow_allocator *mem);
/* 16-byte aligned, uninitialized; NULL when out of memory. */
void *wn_arena_alloc(wn_arena *a, size_t size);
void *wn_arena_calloc(wn_arena *a, size_t n, size_t size);
/* Copy of s[0..len) with a NUL after it. */
char *wn_arena_strndup(wn_arena *a, const char *s, size_t len);
/* Frees every chunk; the arena may be used again afterwards. */
void wn_arena_release(wn_arena *a);

/* A growable buffer.  data is NUL-terminated whenever len > 0 or after
 * wn_buf_cstr().  On allocation failure 'failed' is set and later appends
 * are ignored, so callers may check once at the end. */
typedef struct wn_buf {
  const winnow_allocator *mem;
  char *data;
  size_t len, cap;
  int failed;
} wn_buf;

void wn_buf_init(wn_buf *b, const winnow_allocator *mem);
int wn_buf_reserve(wn_buf *b, size_t extra);
void wn_buf_put(wn_buf *b, const char *s, size_t len);
void wn_buf_putc(wn_buf *b, char c);
void wn_buf_puts(wn_buf *b, const char *s);
const char *wn_buf_cstr(wn_buf *b);
/* Hands the data over (caller frees with b->mem); the buffer is empty after. */
char *wn_buf_detach(wn_buf *b, size_t *len);
void wn_buf_free(wn_buf *b);

/* The default hooks: malloc, realloc, free. */
extern const winnow_allocator wn_default_allocator;

#endif
