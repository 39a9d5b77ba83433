/* archive_lib.h: libarchive, loaded with dlopen() (base/dl.h) by the
 * commands that write or read a kit (`rbc bundle`, `rbc verify`), so that
 * the others start without it and the five libraries only it brings
 * (acl, lz4, bz2, zstd, nettle): about 2 ms of every start. The header
 * (pkg-config --cflags) still types every call; the Makefile names the
 * library by the soname of the one found at build time
 * (RB_ARCHIVE_SONAME). */
#ifndef RB_ARCHIVE_LIB_H
#define RB_ARCHIVE_LIB_H
#include <stdbool.h>
#include <stddef.h>
#include <archive.h>
#include <archive_entry.h>

/* The functions kit_pack.c and kit_verify.c call, each typed by its
 * declaration. */
struct rb_archive_lib {
	void *so;                  /* dlopen's handle */
	__typeof__(archive_error_string) *error_string;
	__typeof__(archive_read_new) *read_new;
	__typeof__(archive_read_free) *read_free;
	__typeof__(archive_read_support_filter_gzip) *read_support_filter_gzip;
	__typeof__(archive_read_support_format_tar) *read_support_format_tar;
	__typeof__(archive_read_open_filename) *read_open_filename;
	__typeof__(archive_read_next_header) *read_next_header;
	__typeof__(archive_read_data) *read_data;
	__typeof__(archive_write_new) *write_new;
	__typeof__(archive_write_free) *write_free;
	__typeof__(archive_write_set_format_ustar) *write_set_format_ustar;
	__typeof__(archive_write_add_filter_gzip) *write_add_filter_gzip;
	__typeof__(archive_write_set_filter_option) *write_set_filter_option;
	__typeof__(archive_write_open_filename) *write_open_filename;
	__typeof__(archive_write_header) *write_header;
	__typeof__(archive_write_data) *write_data;
	__typeof__(archive_write_close) *write_close;
	__typeof__(archive_entry_new) *entry_new;
	__typeof__(archive_entry_free) *entry_free;
	__typeof__(archive_entry_clear) *entry_clear;
	__typeof__(archive_entry_pathname) *entry_pathname;
	__typeof__(archive_entry_filetype) *entry_filetype;
	__typeof__(archive_entry_hardlink) *entry_hardlink;
	__typeof__(archive_entry_symlink) *entry_symlink;
	__typeof__(archive_entry_set_pathname) *entry_set_pathname;
	__typeof__(archive_entry_set_filetype) *entry_set_filetype;
	__typeof__(archive_entry_set_perm) *entry_set_perm;
	__typeof__(archive_entry_set_uid) *entry_set_uid;
	__typeof__(archive_entry_set_gid) *entry_set_gid;
	__typeof__(archive_entry_set_mtime) *entry_set_mtime;
	__typeof__(archive_entry_set_size) *entry_set_size;
};

/* Load libarchive into l for the command what ("bundle", "verify").
 * False, with why filled (the library, the loader's reason) and l holding
 * nothing, when it cannot be loaded or lacks a function. */
bool rb_archive_lib_open(struct rb_archive_lib *l, const char *what, char *why, size_t whylen);
/* Drop the library. */
void rb_archive_lib_close(struct rb_archive_lib *l);

#endif
