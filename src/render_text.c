/* Plain text: paragraphs apart by a blank line; headings, list items,
 * table rows and quotes on lines of their own; list items marked "- " or
 * "1. "; table cells joined by " | "; <pre> verbatim. */
#include <stdio.h>

#include "render.h"

static void list_enter(wn_render *r, int ordered) {
  /* a list inside a list item is part of that item's block */
  wn_render_break(r, r->nlists ? 1 : 2);
  if (r->nlists < sizeof r->lists / sizeof *r->lists) {
    r->lists[r->nlists].ordered = (uint16_t)ordered;
    r->lists[r->nlists].counter = 0;
  }
  r->nlists++;
}

static void list_exit(wn_render *r) {
  if (r->nlists) r->nlists--;
  wn_render_break(r, r->nlists ? 1 : 2);
}

static void item_enter(wn_render *r) {
  wn_render_break(r, 1);
  r->prefix_len = 0;
  unsigned depth = r->nlists ? r->nlists : 1;
  for (unsigned d = 1; d < depth && d < 16; d++) wn_render_prefix(r, "  ", 2);
  wn_list *l = r->nlists ? &r->lists[(r->nlists < 32 ? r->nlists : 32) - 1] : NULL;
  if (l && l->ordered) {
    char num[16];
    int n = snprintf(num, sizeof num, "%u. ", ++l->counter);
    wn_render_prefix(r, num, (size_t)n);
  } else {
    wn_render_prefix(r, "- ", 2);
  }
}

static void text_enter(wn_render *r, uint32_t i) {
  const wn_node *nd = &r->dom->nodes[i];
  switch (nd->tag) {
  case WN_TAG_UL: case WN_TAG_MENU: list_enter(r, 0); break;
  case WN_TAG_OL: list_enter(r, 1); break;
  case WN_TAG_LI: item_enter(r); break;
  case WN_TAG_BR:
    /* a second <br> in a row ends the paragraph */
    wn_render_break(r, r->brk >= 1 ? 2 : 1);
    break;
  case WN_TAG_TR:
    wn_render_break(r, 1);
    r->cells = 0;
    break;
  case WN_TAG_TD: case WN_TAG_TH:
    if (r->cells++) {
      r->space = 0;
      wn_render_prefix(r, " | ", 3);
    }
    break;
  case WN_TAG_DT: case WN_TAG_DD: wn_render_break(r, 1); break;
  case WN_TAG_TABLE:
    wn_render_break(r, 2);
    r->table++;
    break;
  case WN_TAG_PRE:
    wn_render_break(r, 2);
    r->pre++;
    break;
  case WN_TAG_IMG: case WN_TAG_WBR: break;
  default:
    if (!(r->fs->f[i].flags & WN_F_BLOCK)) break;
    if (r->table) r->space = 1;
    else wn_render_break(r, r->nlists ? 1 : 2);
    break;
  }
}

static void text_exit(wn_render *r, uint32_t i) {
  const wn_node *nd = &r->dom->nodes[i];
  switch (nd->tag) {
  case WN_TAG_UL: case WN_TAG_OL: case WN_TAG_MENU: list_exit(r); break;
  case WN_TAG_LI: case WN_TAG_DT: case WN_TAG_DD:
    r->prefix_len = 0;
    wn_render_break(r, 1);
    break;
  case WN_TAG_TD: case WN_TAG_TH:
    /* an empty cell leaves no dangling separator */
    break;
  case WN_TAG_TR:
    r->prefix_len = 0;
    wn_render_break(r, 1);
    break;
  case WN_TAG_PRE:
    if (r->pre) r->pre--;
    wn_render_break(r, 2);
    break;
  case WN_TAG_TABLE:
    if (r->table) r->table--;
    wn_render_break(r, 2);
    break;
  case WN_TAG_BR: case WN_TAG_IMG: case WN_TAG_WBR: break;
  default:
    if (!(r->fs->f[i].flags & WN_F_BLOCK)) break;
    if (r->table) r->space = 1;
    else wn_render_break(r, r->nlists ? 1 : 2);
    break;
  }
}

const wn_render_ops wn_text_ops = {text_enter, text_exit, NULL, NULL};
