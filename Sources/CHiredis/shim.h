#ifndef LOOM_CHIREDIS_SHIM_H
#define LOOM_CHIREDIS_SHIM_H
#include <hiredis/hiredis.h>
#include <sys/time.h>

/// hiredis exposes the reply/error fields directly; these helpers keep Swift free of struct layout guesses
/// across hiredis 0.14 and 1.x.
static inline int loom_hiredis_err(const redisContext *c) { return c->err; }
static inline const char *loom_hiredis_errstr(const redisContext *c) { return c->errstr; }
static inline int loom_hiredis_fd(const redisContext *c) { return c->fd; }
static inline int loom_hiredis_major(void) { return HIREDIS_MAJOR; }
static inline int loom_hiredis_minor(void) { return HIREDIS_MINOR; }
static inline struct timeval loom_hiredis_tv(long long micros) {
    struct timeval tv; tv.tv_sec = (time_t)(micros / 1000000); tv.tv_usec = (suseconds_t)(micros % 1000000); return tv;
}
#endif
