/* dl.h: a library loaded with dlopen() by the one command that needs it
 * (serve's libmicrohttpd, bundle's and verify's libarchive), its
 * functions resolved into a table of pointers typed by the library's own
 * header: every other command starts without it and the libraries it
 * brings. */
#ifndef RB_DL_H
#define RB_DL_H
#include <stddef.h>

/* A function to resolve: its symbol, and where its pointer goes in the
 * table (offsetof). */
struct rb_dl_sym {
	const char *name;
	size_t at;
};

/* dlopen soname and store the nsyms functions of syms into table (size
 * bytes, zeroed first). Returns the handle; NULL, with table zeroed and
 * why filled with "<what> needs <soname>; install it: <the loader's
 * reason>", when the library or a function is missing. */
void *rb_dl_open(const char *soname, const char *what, const struct rb_dl_sym *syms, size_t nsyms, void *table,
		 size_t size, char *why, size_t whylen);
/* Drop a handle rb_dl_open gave (NULL does nothing). */
void rb_dl_close(void *so);

#endif
