/* remote_links.h: protocol-relative links and remote images (see the .c). */
#ifndef RB_REMOTE_LINKS_H
#define RB_REMOTE_LINKS_H
#include "model/build.h"
#include <cmark-gfm.h>

/* True for http://, https:// and // URLs. */
bool rb_remote_url(const char *url);

/* Diagnose rb's protocol-relative links and remote images (not the latter
 * when the book's rbc.yaml allows them). */
void rb_remote_links_check(struct rb_build *b, const struct rb_runbook *rb, cmark_node *root);

#endif
