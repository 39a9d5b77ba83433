/* mhd.h: libmicrohttpd, loaded with dlopen() (base/dl.h) when `rbc serve`
 * starts, so that no other command pays for loading it and the ten
 * libraries it brings (gnutls, nettle, gmp, p11-kit ...): about 6 ms of
 * every start. The header (pkg-config --cflags) still types every call;
 * the Makefile names the library by the soname of the one found at build
 * time (RB_MHD_SONAME). */
#ifndef RB_MHD_H
#define RB_MHD_H
#include <stdbool.h>
#include <stddef.h>
#include <microhttpd.h>

/* The functions http.c calls, each typed by its declaration. */
struct rb_mhd {
	void *so;                  /* dlopen's handle */
	__typeof__(MHD_start_daemon) *start_daemon;
	__typeof__(MHD_stop_daemon) *stop_daemon;
	__typeof__(MHD_get_daemon_info) *get_daemon_info;
	__typeof__(MHD_get_connection_info) *get_connection_info;
	__typeof__(MHD_lookup_connection_value) *lookup_connection_value;
	__typeof__(MHD_create_response_from_buffer) *create_response_from_buffer;
	__typeof__(MHD_create_response_from_fd) *create_response_from_fd;
	__typeof__(MHD_create_response_from_callback) *create_response_from_callback;
	__typeof__(MHD_add_response_header) *add_response_header;
	__typeof__(MHD_queue_response) *queue_response;
	__typeof__(MHD_destroy_response) *destroy_response;
};

/* Load libmicrohttpd into m. False, with why filled (the library, what
 * dlopen or dlsym said, what to install) and m holding nothing, when it
 * cannot be loaded or lacks a function. */
bool rb_mhd_open(struct rb_mhd *m, char *why, size_t whylen);
/* Drop the library (after the daemon has stopped). */
void rb_mhd_close(struct rb_mhd *m);

#endif
