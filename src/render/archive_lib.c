/* archive_lib.c: libarchive through dlopen() (see archive_lib.h). */
#include "render/archive_lib.h"
#include "base/dl.h"

#ifndef RB_ARCHIVE_SONAME
#define RB_ARCHIVE_SONAME "libarchive.so"   /* the Makefile gives the versioned name */
#endif

/* Each function's symbol and its slot in struct rb_archive_lib. */
#define FN(name) {"archive_" #name, offsetof(struct rb_archive_lib, name)}
static const struct rb_dl_sym fns[] = {
	FN(error_string), FN(read_new), FN(read_free), FN(read_support_filter_gzip), FN(read_support_format_tar),
	FN(read_open_filename), FN(read_next_header), FN(read_data), FN(write_new), FN(write_free),
	FN(write_set_format_ustar), FN(write_add_filter_gzip), FN(write_set_filter_option), FN(write_open_filename),
	FN(write_header), FN(write_data), FN(write_close), FN(entry_new), FN(entry_free), FN(entry_clear),
	FN(entry_pathname), FN(entry_filetype), FN(entry_hardlink), FN(entry_symlink), FN(entry_set_pathname),
	FN(entry_set_filetype), FN(entry_set_perm), FN(entry_set_uid), FN(entry_set_gid), FN(entry_set_mtime),
	FN(entry_set_size),
};
#undef FN

bool rb_archive_lib_open(struct rb_archive_lib *l, const char *what, char *why, size_t whylen)
{
	void *so = rb_dl_open(RB_ARCHIVE_SONAME, what, fns, sizeof fns / sizeof fns[0], l, sizeof *l, why, whylen);
	l->so = so;
	return so != NULL;
}

void rb_archive_lib_close(struct rb_archive_lib *l)
{
	rb_dl_close(l->so);
	l->so = NULL;
}
