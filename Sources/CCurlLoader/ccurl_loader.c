#include "ccurl_loader.h"
#include <dlfcn.h>
#include <pthread.h>

static struct {
    int loaded;
    CURLcode (*global_init)(long);
    CURL *(*easy_init)(void);
    CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
    CURLcode (*easy_perform)(CURL *);
    void (*easy_cleanup)(CURL *);
    const char *(*easy_strerror)(CURLcode);
    struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
    void (*slist_free_all)(struct curl_slist *);
} api;

static pthread_once_t once = PTHREAD_ONCE_INIT;

static void load(void) {
    void *library = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
    if (!library) library = dlopen("libcurl.so", RTLD_NOW | RTLD_LOCAL);
    if (!library) { api.loaded = -1; return; }
    api.global_init = (CURLcode (*)(long))dlsym(library, "curl_global_init");
    api.easy_init = (CURL *(*)(void))dlsym(library, "curl_easy_init");
    api.easy_setopt = (CURLcode (*)(CURL *, CURLoption, ...))dlsym(library, "curl_easy_setopt");
    api.easy_perform = (CURLcode (*)(CURL *))dlsym(library, "curl_easy_perform");
    api.easy_cleanup = (void (*)(CURL *))dlsym(library, "curl_easy_cleanup");
    api.easy_strerror = (const char *(*)(CURLcode))dlsym(library, "curl_easy_strerror");
    api.slist_append = (struct curl_slist *(*)(struct curl_slist *, const char *))dlsym(library, "curl_slist_append");
    api.slist_free_all = (void (*)(struct curl_slist *))dlsym(library, "curl_slist_free_all");
    if (!api.global_init || !api.easy_init || !api.easy_setopt || !api.easy_perform || !api.easy_cleanup ||
        !api.easy_strerror || !api.slist_append || !api.slist_free_all) { api.loaded = -1; return; }
    api.global_init(CURL_GLOBAL_DEFAULT);
    api.loaded = 1;
}

int ccurl_load(void) {
    pthread_once(&once, load);
    return api.loaded == 1;
}

CURL *ccurl_easy_init(void) { return api.easy_init(); }
CURLcode ccurl_easy_perform(CURL *handle) { return api.easy_perform(handle); }
void ccurl_easy_cleanup(CURL *handle) { api.easy_cleanup(handle); }
const char *ccurl_easy_strerror(CURLcode code) { return api.easy_strerror(code); }
struct curl_slist *ccurl_slist_append(struct curl_slist *list, const char *text) { return api.slist_append(list, text); }
void ccurl_slist_free_all(struct curl_slist *list) { api.slist_free_all(list); }
CURLcode ccurl_set_long(CURL *handle, CURLoption option, long value) { return api.easy_setopt(handle, option, value); }
CURLcode ccurl_set_string(CURL *handle, CURLoption option, const char *value) { return api.easy_setopt(handle, option, value); }
CURLcode ccurl_set_pointer(CURL *handle, CURLoption option, void *value) { return api.easy_setopt(handle, option, value); }
CURLcode ccurl_set_slist(CURL *handle, CURLoption option, struct curl_slist *value) { return api.easy_setopt(handle, option, value); }
CURLcode ccurl_set_callback(CURL *handle, CURLoption option, ccurl_data_callback value) { return api.easy_setopt(handle, option, value); }
