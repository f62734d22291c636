#include "CCurl.h"
#include <dlfcn.h>
#include <pthread.h>
#include <stddef.h>

/* Function pointers resolved once from the dlopen'ed libcurl. */
static struct {
    CURLcode (*global_init)(long);
    CURL *(*easy_init)(void);
    void (*easy_cleanup)(CURL *);
    CURLcode (*easy_perform)(CURL *);
    const char *(*easy_strerror)(CURLcode);
    CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
    CURLcode (*easy_getinfo)(CURL *, CURLINFO, ...);
    struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
    void (*slist_free_all)(struct curl_slist *);
    CURLM *(*multi_init)(void);
    CURLMcode (*multi_add_handle)(CURLM *, CURL *);
    CURLMcode (*multi_remove_handle)(CURLM *, CURL *);
    CURLMcode (*multi_perform)(CURLM *, int *);
    CURLMcode (*multi_poll)(CURLM *, struct curl_waitfd[], unsigned int, int, int *);
    CURLMsg *(*multi_info_read)(CURLM *, int *);
    CURLMcode (*multi_cleanup)(CURLM *);
} api;

static pthread_once_t once = PTHREAD_ONCE_INIT;
static int loaded = 0;
static const char *load_error = "libcurl not loaded yet";

static void load(void) {
    static const char *names[] = {"libcurl.so.4", "libcurl.so", "libcurl-gnutls.so.4", "libcurl.4.dylib", "libcurl.dylib", NULL};
    void *lib = NULL;
    for (int i = 0; names[i] && !lib; i++) lib = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
    if (!lib) {
        load_error = "libcurl.so.4 not found (install libcurl4-openssl-dev or libcurl4)";
        return;
    }
#define SYM(field, name) if (!(*(void **)&api.field = dlsym(lib, name))) { load_error = "libcurl lacks " name; return; }
    SYM(global_init, "curl_global_init")
    SYM(easy_init, "curl_easy_init")
    SYM(easy_cleanup, "curl_easy_cleanup")
    SYM(easy_perform, "curl_easy_perform")
    SYM(easy_strerror, "curl_easy_strerror")
    SYM(easy_setopt, "curl_easy_setopt")
    SYM(easy_getinfo, "curl_easy_getinfo")
    SYM(slist_append, "curl_slist_append")
    SYM(slist_free_all, "curl_slist_free_all")
    SYM(multi_init, "curl_multi_init")
    SYM(multi_add_handle, "curl_multi_add_handle")
    SYM(multi_remove_handle, "curl_multi_remove_handle")
    SYM(multi_perform, "curl_multi_perform")
    SYM(multi_poll, "curl_multi_poll")
    SYM(multi_info_read, "curl_multi_info_read")
    SYM(multi_cleanup, "curl_multi_cleanup")
#undef SYM
    api.global_init(CURL_GLOBAL_DEFAULT);
    loaded = 1;
    load_error = NULL;
}

int loom_curl_available(void) { pthread_once(&once, load); return loaded; }
const char *loom_curl_load_error(void) { pthread_once(&once, load); return load_error; }

CURLcode loom_curl_global_init(long flags) { (void)flags; return loom_curl_available() ? CURLE_OK : CURLE_FAILED_INIT; }
CURL *loom_curl_easy_init(void) { return loom_curl_available() ? api.easy_init() : NULL; }
void loom_curl_easy_cleanup(CURL *h) { if (loaded && h) api.easy_cleanup(h); }
CURLcode loom_curl_easy_perform(CURL *h) { return loaded ? api.easy_perform(h) : CURLE_FAILED_INIT; }
const char *loom_curl_easy_strerror(CURLcode c) { return loom_curl_available() ? api.easy_strerror(c) : load_error; }
struct curl_slist *loom_curl_slist_append(struct curl_slist *l, const char *s) {
    return loom_curl_available() ? api.slist_append(l, s) : NULL;
}
void loom_curl_slist_free_all(struct curl_slist *l) { if (loaded && l) api.slist_free_all(l); }

CURLM *loom_curl_multi_init(void) { return loom_curl_available() ? api.multi_init() : NULL; }
CURLMcode loom_curl_multi_add_handle(CURLM *m, CURL *e) { return loaded ? api.multi_add_handle(m, e) : CURLM_INTERNAL_ERROR; }
CURLMcode loom_curl_multi_remove_handle(CURLM *m, CURL *e) { return loaded ? api.multi_remove_handle(m, e) : CURLM_INTERNAL_ERROR; }
CURLMcode loom_curl_multi_perform(CURLM *m, int *r) { return loaded ? api.multi_perform(m, r) : CURLM_INTERNAL_ERROR; }
CURLMcode loom_curl_multi_poll(CURLM *m, struct curl_waitfd fds[], unsigned int n, int t, int *num) {
    return loaded ? api.multi_poll(m, fds, n, t, num) : CURLM_INTERNAL_ERROR;
}
CURLMsg *loom_curl_multi_info_read(CURLM *m, int *q) { return loaded ? api.multi_info_read(m, q) : NULL; }
CURLMcode loom_curl_multi_cleanup(CURLM *m) { return loaded ? api.multi_cleanup(m) : CURLM_INTERNAL_ERROR; }

CURLcode loom_curl_setopt_long(CURL *h, CURLoption o, long v) { return loaded ? api.easy_setopt(h, o, v) : CURLE_FAILED_INIT; }
CURLcode loom_curl_setopt_str(CURL *h, CURLoption o, const char *v) { return loaded ? api.easy_setopt(h, o, v) : CURLE_FAILED_INIT; }
CURLcode loom_curl_setopt_ptr(CURL *h, CURLoption o, void *v) { return loaded ? api.easy_setopt(h, o, v) : CURLE_FAILED_INIT; }
CURLcode loom_curl_setopt_write(CURL *h, size_t (*fn)(char *, size_t, size_t, void *)) {
    return loaded ? api.easy_setopt(h, CURLOPT_WRITEFUNCTION, fn) : CURLE_FAILED_INIT;
}
CURLcode loom_curl_setopt_header(CURL *h, size_t (*fn)(char *, size_t, size_t, void *)) {
    return loaded ? api.easy_setopt(h, CURLOPT_HEADERFUNCTION, fn) : CURLE_FAILED_INIT;
}
CURLcode loom_curl_setopt_xferinfo(CURL *h, int (*fn)(void *, curl_off_t, curl_off_t, curl_off_t, curl_off_t)) {
    return loaded ? api.easy_setopt(h, CURLOPT_XFERINFOFUNCTION, fn) : CURLE_FAILED_INIT;
}
CURLcode loom_curl_getinfo_long(CURL *h, CURLINFO i, long *v) { return loaded ? api.easy_getinfo(h, i, v) : CURLE_FAILED_INIT; }
CURLcode loom_curl_getinfo_double(CURL *h, CURLINFO i, double *v) { return loaded ? api.easy_getinfo(h, i, v) : CURLE_FAILED_INIT; }
