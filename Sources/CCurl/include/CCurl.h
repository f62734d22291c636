#ifndef LOOM_CCURL_H
#define LOOM_CCURL_H
#include <curl/curl.h>

/// Typed wrappers around the variadic curl_easy_setopt, which Swift cannot call.
CURLcode loom_curl_setopt_long(CURL *handle, CURLoption option, long value);
CURLcode loom_curl_setopt_str(CURL *handle, CURLoption option, const char *value);
CURLcode loom_curl_setopt_ptr(CURL *handle, CURLoption option, void *value);
CURLcode loom_curl_setopt_write(CURL *handle, size_t (*fn)(char *, size_t, size_t, void *));
CURLcode loom_curl_setopt_header(CURL *handle, size_t (*fn)(char *, size_t, size_t, void *));
CURLcode loom_curl_setopt_xferinfo(CURL *handle, int (*fn)(void *, curl_off_t, curl_off_t, curl_off_t, curl_off_t));
CURLcode loom_curl_getinfo_long(CURL *handle, CURLINFO info, long *value);
CURLcode loom_curl_getinfo_double(CURL *handle, CURLINFO info, double *value);
#endif
