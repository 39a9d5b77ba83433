/* dl.c: libraries loaded when first needed (see dl.h). */
#include "base/dl.h"
#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

void *rb_dl_open(const char *soname, const char *what, const struct rb_dl_sym *syms, size_t nsyms, void *table,
		 size_t size, char *why, size_t whylen)
{
	char err[200] = "";
	memset(table, 0, size);
	void *so = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
	if (!so)
		snprintf(err, sizeof err, "%s", dlerror());
	for (size_t i = 0; so && i < nsyms; i++) {
		void *p = dlsym(so, syms[i].name);
		if (!p) {
			snprintf(err, sizeof err, "%s", dlerror());   /* before dlclose frees its text */
			dlclose(so);
			so = NULL;
			memset(table, 0, size);
			break;
		}
		memcpy((char *)table + syms[i].at, &p, sizeof p);   /* a function pointer, as POSIX's dlsym allows */
	}
	if (!so)
		snprintf(why, whylen, "%s needs %s; install it: %s", what, soname, err);
	return so;
}

void rb_dl_close(void *so)
{
	if (so)
		dlclose(so);
}
