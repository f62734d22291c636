#ifndef LOOM_CCURL_H
#define LOOM_CCURL_H
#include <curl/curl.h>

/*
 * libcurl is loaded lazily with dlopen on first use: it drags in ~30 shared libraries (TLS, GSSAPI,
 * LDAP, …), and linking it would add milliseconds to the start-up of every loomctl command, most of
 * which never make an HTTP request. curl.h is used for types and constants only; every call goes
 * through these wrappers. If libcurl cannot be loaded, constructors return NULL / an error code and
 * loom_curl_load_error() says why.
 *
 * The setopt wrappers also exist because curl_easy_setopt is variadic, which Swift cannot call.
 */
int loom_curl_available(void);
const char *loom_curl_load_error(void);

CURLcode loom_curl_global_init(long flags);
CURL *loom_curl_easy_init(void);
void loom_curl_easy_cleanup(CURL *handle);
CURLcode loom_curl_easy_perform(CURL *handle);
const char *loom_curl_easy_strerror(CURLcode code);
struct curl_slist *loom_curl_slist_append(struct curl_slist *list, const char *string);
void loom_curl_slist_free_all(struct curl_slist *list);

CURLM *loom_curl_multi_init(void);
CURLMcode loom_curl_multi_add_handle(CURLM *multi, CURL *easy);
CURLMcode loom_curl_multi_remove_handle(CURLM *multi, CURL *easy);
CURLMcode loom_curl_multi_perform(CURLM *multi, int *running);
CURLMcode loom_curl_multi_poll(CURLM *multi, struct curl_waitfd extra_fds[], unsigned int extra_nfds, int timeout_ms, int *numfds);
CURLMsg *loom_curl_multi_info_read(CURLM *multi, int *msgs_in_queue);
CURLMcode loom_curl_multi_cleanup(CURLM *multi);

CURLcode loom_curl_setopt_long(CURL *handle, CURLoption option, long value);
CURLcode loom_curl_setopt_str(CURL *handle, CURLoption option, const char *value);
CURLcode loom_curl_setopt_ptr(CURL *handle, CURLoption option, void *value);
CURLcode loom_curl_setopt_write(CURL *handle, size_t (*fn)(char *, size_t, size_t, void *));
CURLcode loom_curl_setopt_header(CURL *handle, size_t (*fn)(char *, size_t, size_t, void *));
CURLcode loom_curl_setopt_xferinfo(CURL *handle, int (*fn)(void *, curl_off_t, curl_off_t, curl_off_t, curl_off_t));
CURLcode loom_curl_getinfo_long(CURL *handle, CURLINFO info, long *value);
CURLcode loom_curl_getinfo_double(CURL *handle, CURLINFO info, double *value);
#endif
