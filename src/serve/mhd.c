/* mhd.c: libmicrohttpd through dlopen() (see mhd.h). */
#include "serve/mhd.h"
#include "base/dl.h"

#ifndef RB_MHD_SONAME
#define RB_MHD_SONAME "libmicrohttpd.so"   /* the Makefile gives the versioned name */
#endif

/* Each function's symbol and its slot in struct rb_mhd. */
#define FN(name) {"MHD_" #name, offsetof(struct rb_mhd, name)}
static const struct rb_dl_sym fns[] = {
	FN(start_daemon), FN(stop_daemon), FN(get_daemon_info), FN(get_connection_info),
	FN(lookup_connection_value), FN(create_response_from_buffer), FN(create_response_from_fd),
	FN(create_response_from_callback), FN(add_response_header), FN(queue_response), FN(destroy_response),
};
#undef FN

bool rb_mhd_open(struct rb_mhd *m, char *why, size_t whylen)
{
	void *so = rb_dl_open(RB_MHD_SONAME, "serve", fns, sizeof fns / sizeof fns[0], m, sizeof *m, why, whylen);
	m->so = so;
	return so != NULL;
}

void rb_mhd_close(struct rb_mhd *m)
{
	rb_dl_close(m->so);
	m->so = NULL;
}
