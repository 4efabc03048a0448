#include "ccrypto.h"
#include "lookup.h"
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/evp.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/kdf.h>

/* As in ctls.c: OpenSSL's types and constants from its headers, every function looked up at load time. */
static struct {
    int loaded;
    char error[256];
    const EVP_MD *(*EVP_get_digestbyname)(const char *);
    const EVP_CIPHER *(*EVP_get_cipherbyname)(const char *);
    int (*PKCS5_PBKDF2_HMAC)(const char *, int, const unsigned char *, int, int, const EVP_MD *, int, unsigned char *);
    int (*EVP_PBE_scrypt)(const char *, size_t, const unsigned char *, size_t, uint64_t, uint64_t, uint64_t, uint64_t, unsigned char *, size_t);
    EVP_PKEY_CTX *(*EVP_PKEY_CTX_new_id)(int, ENGINE *);
    void (*EVP_PKEY_CTX_free)(EVP_PKEY_CTX *);
    int (*EVP_PKEY_derive_init)(EVP_PKEY_CTX *);
    int (*EVP_PKEY_derive)(EVP_PKEY_CTX *, unsigned char *, size_t *);
    int (*EVP_PKEY_CTX_set_hkdf_md)(EVP_PKEY_CTX *, const EVP_MD *);
    int (*EVP_PKEY_CTX_set1_hkdf_salt)(EVP_PKEY_CTX *, const unsigned char *, int);
    int (*EVP_PKEY_CTX_set1_hkdf_key)(EVP_PKEY_CTX *, const unsigned char *, int);
    int (*EVP_PKEY_CTX_add1_hkdf_info)(EVP_PKEY_CTX *, const unsigned char *, int);
    EVP_CIPHER_CTX *(*EVP_CIPHER_CTX_new)(void);
    void (*EVP_CIPHER_CTX_free)(EVP_CIPHER_CTX *);
    int (*EVP_CipherInit_ex)(EVP_CIPHER_CTX *, const EVP_CIPHER *, ENGINE *, const unsigned char *, const unsigned char *, int);
    int (*EVP_CIPHER_CTX_ctrl)(EVP_CIPHER_CTX *, int, int, void *);
    int (*EVP_CIPHER_CTX_set_key_length)(EVP_CIPHER_CTX *, int);
    int (*EVP_CipherUpdate)(EVP_CIPHER_CTX *, unsigned char *, int *, const unsigned char *, int);
    int (*EVP_CipherFinal_ex)(EVP_CIPHER_CTX *, unsigned char *, int *);
    int (*EVP_CIPHER_get_mode)(const EVP_CIPHER *);
    unsigned long (*ERR_peek_last_error)(void);
    void (*ERR_error_string_n)(unsigned long, char *, size_t);
    void (*ERR_clear_error)(void);
} api;

static pthread_once_t once = PTHREAD_ONCE_INIT;


static void load(void) {
    api.loaded = -1;
    void *library = dlopen("libcrypto.so.3", RTLD_NOW | RTLD_LOCAL);
    if (!library) { snprintf(api.error, sizeof api.error, "jshost needs OpenSSL 3 for this crypto function: apt-get install libssl3"); return; }
    LOOKUP(EVP_get_digestbyname); LOOKUP(EVP_get_cipherbyname); LOOKUP(PKCS5_PBKDF2_HMAC); LOOKUP(EVP_PBE_scrypt);
    LOOKUP(EVP_PKEY_CTX_new_id); LOOKUP(EVP_PKEY_CTX_free); LOOKUP(EVP_PKEY_derive_init); LOOKUP(EVP_PKEY_derive);
    LOOKUP(EVP_PKEY_CTX_set_hkdf_md); LOOKUP(EVP_PKEY_CTX_set1_hkdf_salt); LOOKUP(EVP_PKEY_CTX_set1_hkdf_key);
    LOOKUP(EVP_PKEY_CTX_add1_hkdf_info); LOOKUP(EVP_CIPHER_CTX_new); LOOKUP(EVP_CIPHER_CTX_free);
    LOOKUP(EVP_CipherInit_ex); LOOKUP(EVP_CIPHER_CTX_ctrl); LOOKUP(EVP_CIPHER_CTX_set_key_length); LOOKUP(EVP_CipherUpdate);
    LOOKUP(EVP_CipherFinal_ex); LOOKUP(EVP_CIPHER_get_mode); LOOKUP(ERR_peek_last_error); LOOKUP(ERR_error_string_n);
    LOOKUP(ERR_clear_error);
    api.loaded = 1;
}

int ccrypto_load(char *error, size_t error_size) {
    pthread_once(&once, load);
    if (api.loaded != 1) { snprintf(error, error_size, "%s", api.error); return 0; }
    return 1;
}

/* OpenSSL's reason for the newest error, or `fallback`. */
static int fail(const char *fallback, char *error, size_t size) {
    unsigned long code = api.ERR_peek_last_error();
    if (code) api.ERR_error_string_n(code, error, size); else snprintf(error, size, "%s", fallback);
    api.ERR_clear_error();
    return 0;
}

static const EVP_MD *digest_named(const char *name, char *error, size_t size) {
    const EVP_MD *md = api.EVP_get_digestbyname(name);
    if (!md) snprintf(error, size, "Invalid digest: %s", name);
    return md;
}

int ccrypto_pbkdf2(const void *password, size_t password_length, const void *salt, size_t salt_length,
                   unsigned long iterations, const char *digest, void *out, size_t out_length, char *error, size_t error_size) {
    if (!ccrypto_load(error, error_size)) return 0;
    const EVP_MD *md = digest_named(digest, error, error_size);
    if (!md) return 0;
    if (!api.PKCS5_PBKDF2_HMAC(password, (int)password_length, salt, (int)salt_length, (int)iterations, md, (int)out_length, out))
        return fail("PBKDF2 failed", error, error_size);
    return 1;
}

int ccrypto_scrypt(const void *password, size_t password_length, const void *salt, size_t salt_length,
                   unsigned long long cost, unsigned long long block_size, unsigned long long parallelization,
                   unsigned long long max_memory, void *out, size_t out_length, char *error, size_t error_size) {
    if (!ccrypto_load(error, error_size)) return 0;
    if (!api.EVP_PBE_scrypt(password, password_length, salt, salt_length, cost, block_size, parallelization, max_memory, out, out_length))
        return fail("Invalid scrypt params", error, error_size);
    return 1;
}

int ccrypto_hkdf(const char *digest, const void *key, size_t key_length, const void *salt, size_t salt_length,
                 const void *info, size_t info_length, void *out, size_t out_length, char *error, size_t error_size) {
    if (!ccrypto_load(error, error_size)) return 0;
    const EVP_MD *md = digest_named(digest, error, error_size);
    if (!md) return 0;
    EVP_PKEY_CTX *ctx = api.EVP_PKEY_CTX_new_id(EVP_PKEY_HKDF, NULL);
    size_t length = out_length;
    int ok = ctx && api.EVP_PKEY_derive_init(ctx) > 0 && api.EVP_PKEY_CTX_set_hkdf_md(ctx, md) > 0
        && api.EVP_PKEY_CTX_set1_hkdf_salt(ctx, salt, (int)salt_length) > 0
        && api.EVP_PKEY_CTX_set1_hkdf_key(ctx, key, (int)key_length) > 0
        && api.EVP_PKEY_CTX_add1_hkdf_info(ctx, info, (int)info_length) > 0
        && api.EVP_PKEY_derive(ctx, out, &length) > 0;
    if (ctx) api.EVP_PKEY_CTX_free(ctx);
    return ok ? 1 : fail("HKDF failed", error, error_size);
}

struct ccrypto_cipher { EVP_CIPHER_CTX *ctx; int aead; size_t tag_length; };

ccrypto_cipher *ccrypto_cipher_new(const char *name, int encrypt, const void *key, size_t key_length, const void *iv,
                                   size_t iv_length, size_t tag_length, char *error, size_t error_size) {
    if (!ccrypto_load(error, error_size)) return NULL;
    const EVP_CIPHER *type = api.EVP_get_cipherbyname(name);
    if (!type) { snprintf(error, error_size, "Invalid cipher type"); return NULL; }
    int mode = api.EVP_CIPHER_get_mode(type);
    int aead = mode == EVP_CIPH_GCM_MODE || mode == EVP_CIPH_CCM_MODE || mode == EVP_CIPH_OCB_MODE;
    EVP_CIPHER_CTX *ctx = api.EVP_CIPHER_CTX_new();
    int ok = api.EVP_CipherInit_ex(ctx, type, NULL, NULL, NULL, encrypt) > 0;
    if (ok && aead) ok = api.EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_IVLEN, (int)iv_length, NULL) > 0;
    if (ok && aead && mode != EVP_CIPH_GCM_MODE) ok = api.EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_TAG, (int)tag_length, NULL) > 0;
    if (ok) ok = api.EVP_CIPHER_CTX_set_key_length(ctx, (int)key_length) > 0;
    if (ok) ok = api.EVP_CipherInit_ex(ctx, NULL, NULL, key, iv, encrypt) > 0;
    if (!ok) {
        api.EVP_CIPHER_CTX_free(ctx);
        snprintf(error, error_size, "Invalid key length");
        api.ERR_clear_error();
        return NULL;
    }
    ccrypto_cipher *cipher = malloc(sizeof *cipher);
    cipher->ctx = ctx;
    cipher->aead = aead;
    cipher->tag_length = tag_length;
    return cipher;
}

int ccrypto_cipher_aad(ccrypto_cipher *cipher, const void *aad, size_t aad_length, char *error, size_t error_size) {
    int written = 0;
    if (api.EVP_CipherUpdate(cipher->ctx, NULL, &written, aad, (int)aad_length) <= 0) return fail("setAAD failed", error, error_size);
    return 1;
}

long ccrypto_cipher_update(ccrypto_cipher *cipher, const void *in, size_t length, void *out, char *error, size_t error_size) {
    int written = 0;
    if (api.EVP_CipherUpdate(cipher->ctx, out, &written, in, (int)length) <= 0) { fail("Trying to add data in unsupported state", error, error_size); return -1; }
    return written;
}

int ccrypto_cipher_set_tag(ccrypto_cipher *cipher, const void *tag, size_t tag_length, char *error, size_t error_size) {
    if (api.EVP_CIPHER_CTX_ctrl(cipher->ctx, EVP_CTRL_AEAD_SET_TAG, (int)tag_length, (void *)tag) <= 0)
        return fail("Invalid authentication tag length", error, error_size);
    return 1;
}

long ccrypto_cipher_final(ccrypto_cipher *cipher, void *out, char *error, size_t error_size) {
    int written = 0;
    if (api.EVP_CipherFinal_ex(cipher->ctx, out, &written) <= 0) {
        /* Node's words for a failed authentication (and for bad padding in the block modes). */
        snprintf(error, error_size, cipher->aead ? "Unsupported state or unable to authenticate data" : "bad decrypt");
        api.ERR_clear_error();
        return -1;
    }
    return written;
}

int ccrypto_cipher_tag(ccrypto_cipher *cipher, void *tag, size_t tag_length, char *error, size_t error_size) {
    if (api.EVP_CIPHER_CTX_ctrl(cipher->ctx, EVP_CTRL_AEAD_GET_TAG, (int)tag_length, tag) <= 0) return fail("getAuthTag failed", error, error_size);
    return 1;
}

void ccrypto_cipher_free(ccrypto_cipher *cipher) {
    if (!cipher) return;
    api.EVP_CIPHER_CTX_free(cipher->ctx);
    free(cipher);
}
