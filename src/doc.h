/* The document object behind the public winnow_doc handle. */
#ifndef WINNOW_DOC_H
#define WINNOW_DOC_H

#include "metadata.h"
#include "render.h"

struct winnow_doc {
  wn_arena arena; /* owns everything below */
  wn_dom dom;
  wn_features fs;
  wn_selection sel;
  unsigned flags;
  const char *url;
  const char *title;
  const char *text; /* the article as plain text, NUL-terminated */
  size_t text_len;
  size_t chars;
  size_t words;      /* words of the text (CJK characters count one each) */
  double confidence; /* that the article was found, in [0, 1] (winnow.c) */
  wn_meta meta;      /* what the page says about itself (metadata.c) */
  char charset[32];
  unsigned warnings;
};

/* JSON object of a document (render_json.c). */
winnow_status wn_render_json(const winnow_doc *d, wn_buf *out);
/* The article as Markdown (render_md.c), appended to out. */
winnow_status wn_render_md(const winnow_doc *d, wn_buf *out);
/* The --explain report (render_explain.c), as HTML or as JSON. */
winnow_status wn_render_explain(const winnow_doc *d, int json, wn_buf *out);

#endif
