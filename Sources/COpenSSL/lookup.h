#ifndef COPENSSL_LOOKUP_H
#define COPENSSL_LOOKUP_H
#include <dlfcn.h>
#include <stdio.h>

/* Fills the function pointer `api.name` from `library`, or records which function is missing and returns from the
   loading function. Each file of this target has its own `api` table and `library` handle. */
#define LOOKUP(name) do { \
        *(void **)(&api.name) = dlsym(library, #name); \
        if (!api.name) { snprintf(api.error, sizeof api.error, "OpenSSL lacks %s: jshost needs OpenSSL 3 (libssl3)", #name); return; } \
    } while (0)
#endif
