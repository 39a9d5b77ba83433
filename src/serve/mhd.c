/* mhd.c: libmicrohttpd through dlopen() (see mhd.h). */
#include "serve/mhd.h"
#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

#ifndef RB_MHD_SONAME
#define RB_MHD_SONAME "libmicrohttpd.so"   /* the Makefile gives the versioned name */
#endif

/* Each function's symbol and its slot in struct rb_mhd. */
#define FN(name) {"MHD_" #name, offsetof(struct rb_mhd, name)}
static const struct { const char *sym; size_t at; } fns[] = {
	FN(start_daemon), FN(stop_daemon), FN(get_daemon_info), FN(get_connection_info),
	FN(lookup_connection_value), FN(create_response_from_buffer), FN(create_response_from_fd),
	FN(create_response_from_callback), FN(add_response_header), FN(queue_response), FN(destroy_response),
};
#undef FN

const char *rb_mhd_soname(void)
{
	return RB_MHD_SONAME;
}

bool rb_mhd_open(struct rb_mhd *m, char *why, size_t whylen)
{
	memset(m, 0, sizeof *m);
	char err[200] = "";
	m->so = dlopen(RB_MHD_SONAME, RTLD_NOW | RTLD_LOCAL);
	if (!m->so)
		snprintf(err, sizeof err, "%s", dlerror());
	for (size_t i = 0; m->so && i < sizeof fns / sizeof fns[0]; i++) {
		void *p = dlsym(m->so, fns[i].sym);
		if (!p) {
			snprintf(err, sizeof err, "%s", dlerror());   /* before dlclose frees its text */
			dlclose(m->so);
			memset(m, 0, sizeof *m);
			break;
		}
		memcpy((char *)m + fns[i].at, &p, sizeof p);   /* a function pointer, as POSIX's dlsym allows */
	}
	if (m->so)
		return true;
	snprintf(why, whylen, "serve needs libmicrohttpd (%s); install it: %s", RB_MHD_SONAME, err);
	return false;
}

void rb_mhd_close(struct rb_mhd *m)
{
	if (m->so)
		dlclose(m->so);
	memset(m, 0, sizeof *m);
}
