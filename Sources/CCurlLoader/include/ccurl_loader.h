#ifndef CCURL_LOADER_H
#define CCURL_LOADER_H
#include <curl/curl.h>
#include <stddef.h>

/* libcurl is loaded on first use (dlopen), not linked: its dependencies (TLS, GSSAPI, LDAP, …) cost every run
   ~14 ms and ~5 MiB at start-up, and most components never make an HTTP request. */

/* 1 when libcurl could be loaded (and initialised), 0 otherwise. Safe to call repeatedly. */
int ccurl_load(void);

CURL *ccurl_easy_init(void);
CURLcode ccurl_easy_perform(CURL *handle);
void ccurl_easy_cleanup(CURL *handle);
const char *ccurl_easy_strerror(CURLcode code);
struct curl_slist *ccurl_slist_append(struct curl_slist *list, const char *text);
void ccurl_slist_free_all(struct curl_slist *list);

/* Typed forms of the variadic curl_easy_setopt. */
CURLcode ccurl_set_long(CURL *handle, CURLoption option, long value);
CURLcode ccurl_set_string(CURL *handle, CURLoption option, const char *value);
CURLcode ccurl_set_pointer(CURL *handle, CURLoption option, void *value);
CURLcode ccurl_set_slist(CURL *handle, CURLoption option, struct curl_slist *value);
typedef size_t (*ccurl_data_callback)(char *data, size_t size, size_t count, void *context);
CURLcode ccurl_set_callback(CURL *handle, CURLoption option, ccurl_data_callback value);
#endif
