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
#include <openssl/ec.h>
#include <openssl/bn.h>
#include <openssl/objects.h>
#include <openssl/dh.h>

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
    int (*EVP_CIPHER_CTX_set_padding)(EVP_CIPHER_CTX *, int);
    int (*EVP_CIPHER_get_nid)(const EVP_CIPHER *);
    int (*EVP_CIPHER_get_block_size)(const EVP_CIPHER *);
    int (*EVP_CIPHER_get_iv_length)(const EVP_CIPHER *);
    int (*EVP_CIPHER_get_key_length)(const EVP_CIPHER *);
    const char *(*OBJ_nid2sn)(int);
    void (*EVP_CIPHER_do_all_sorted)(void (*)(const EVP_CIPHER *, const char *, const char *, void *), void *);
    size_t (*EC_get_builtin_curves)(EC_builtin_curve *, size_t);
    BIGNUM *(*BN_new)(void);
    void (*BN_free)(BIGNUM *);
    BIGNUM *(*BN_bin2bn)(const unsigned char *, int, BIGNUM *);
    int (*BN_bn2bin)(const BIGNUM *, unsigned char *);
    int (*BN_num_bits)(const BIGNUM *);
    int (*BN_generate_prime_ex)(BIGNUM *, int, int, const BIGNUM *, const BIGNUM *, BN_GENCB *);
    int (*BN_check_prime)(const BIGNUM *, BN_CTX *, BN_GENCB *);
    DH *(*DH_new)(void);
    void (*DH_free)(DH *);
    DH *(*DH_new_by_nid)(int);
    int (*DH_set0_pqg)(DH *, BIGNUM *, BIGNUM *, BIGNUM *);
    void (*DH_get0_pqg)(const DH *, const BIGNUM **, const BIGNUM **, const BIGNUM **);
    int (*DH_set0_key)(DH *, BIGNUM *, BIGNUM *);
    void (*DH_get0_key)(const DH *, const BIGNUM **, const BIGNUM **);
    int (*DH_generate_parameters_ex)(DH *, int, int, BN_GENCB *);
    int (*DH_generate_key)(DH *);
    int (*DH_compute_key_padded)(unsigned char *, const BIGNUM *, DH *);
    int (*DH_check)(const DH *, int *);
    int (*DH_size)(const DH *);
    BIGNUM *(*BN_get_rfc2409_prime_768)(BIGNUM *);
    BIGNUM *(*BN_get_rfc2409_prime_1024)(BIGNUM *);
    BIGNUM *(*BN_get_rfc3526_prime_1536)(BIGNUM *);
    BIGNUM *(*BN_get_rfc3526_prime_2048)(BIGNUM *);
    BIGNUM *(*BN_get_rfc3526_prime_3072)(BIGNUM *);
    BIGNUM *(*BN_get_rfc3526_prime_4096)(BIGNUM *);
    BIGNUM *(*BN_get_rfc3526_prime_6144)(BIGNUM *);
    BIGNUM *(*BN_get_rfc3526_prime_8192)(BIGNUM *);
    int (*BN_set_word)(BIGNUM *, unsigned long);
    BIGNUM *(*BN_dup)(const BIGNUM *);
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
    LOOKUP(ERR_clear_error); LOOKUP(EVP_CIPHER_CTX_set_padding); LOOKUP(EVP_CIPHER_get_nid); LOOKUP(EVP_CIPHER_get_block_size);
    LOOKUP(EVP_CIPHER_get_iv_length); LOOKUP(EVP_CIPHER_get_key_length); LOOKUP(OBJ_nid2sn); LOOKUP(EVP_CIPHER_do_all_sorted);
    LOOKUP(EC_get_builtin_curves); LOOKUP(BN_new); LOOKUP(BN_free); LOOKUP(BN_bin2bn); LOOKUP(BN_bn2bin); LOOKUP(BN_num_bits);
    LOOKUP(BN_generate_prime_ex); LOOKUP(BN_check_prime); LOOKUP(DH_new); LOOKUP(DH_free); LOOKUP(DH_new_by_nid); LOOKUP(DH_set0_pqg);
    LOOKUP(DH_get0_pqg); LOOKUP(DH_set0_key); LOOKUP(DH_get0_key); LOOKUP(DH_generate_parameters_ex); LOOKUP(DH_generate_key);
    LOOKUP(DH_compute_key_padded); LOOKUP(DH_check); LOOKUP(DH_size); LOOKUP(BN_get_rfc2409_prime_768); LOOKUP(BN_get_rfc2409_prime_1024);
    LOOKUP(BN_get_rfc3526_prime_1536); LOOKUP(BN_get_rfc3526_prime_2048); LOOKUP(BN_get_rfc3526_prime_3072);
    LOOKUP(BN_get_rfc3526_prime_4096); LOOKUP(BN_get_rfc3526_prime_6144); LOOKUP(BN_get_rfc3526_prime_8192); LOOKUP(BN_set_word);
    LOOKUP(BN_dup);
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

int ccrypto_cipher_padding(ccrypto_cipher *cipher, int on) {
    return api.EVP_CIPHER_CTX_set_padding(cipher->ctx, on) > 0;
}

int ccrypto_cipher_info(const char *name, int *nid, int *block_size, int *iv_length, int *key_length, int *mode,
                        char *short_name, size_t short_name_size) {
    char error[64];
    if (!ccrypto_load(error, sizeof error)) return 0;
    const EVP_CIPHER *type = api.EVP_get_cipherbyname(name);
    if (!type) return 0;
    *nid = api.EVP_CIPHER_get_nid(type);
    *block_size = api.EVP_CIPHER_get_block_size(type);
    *iv_length = api.EVP_CIPHER_get_iv_length(type);
    *key_length = api.EVP_CIPHER_get_key_length(type);
    *mode = api.EVP_CIPHER_get_mode(type);
    const char *sn = api.OBJ_nid2sn(*nid);
    snprintf(short_name, short_name_size, "%s", sn ? sn : name);
    return 1;
}

struct name_list { char *buffer; size_t size, used; };
static void add_name(struct name_list *list, const char *name) {
    size_t length = strlen(name);
    if (list->used + length + 2 > list->size) return;
    memcpy(list->buffer + list->used, name, length);
    list->used += length;
    list->buffer[list->used++] = '\n';
    list->buffer[list->used] = 0;
}
static void cipher_name(const EVP_CIPHER *cipher, const char *from, const char *to, void *context) {
    (void)cipher; (void)to;
    if (from) add_name(context, from);
}

size_t ccrypto_cipher_names(char *buffer, size_t size) {
    char error[64];
    if (!ccrypto_load(error, sizeof error) || size == 0) return 0;
    struct name_list list = { buffer, size, 0 };
    buffer[0] = 0;
    api.EVP_CIPHER_do_all_sorted(cipher_name, &list);
    return list.used;
}

size_t ccrypto_curve_names(char *buffer, size_t size) {
    char error[64];
    if (!ccrypto_load(error, sizeof error) || size == 0) return 0;
    size_t count = api.EC_get_builtin_curves(NULL, 0);
    EC_builtin_curve *curves = malloc(count * sizeof *curves);
    if (!curves) return 0;
    api.EC_get_builtin_curves(curves, count);
    struct name_list list = { buffer, size, 0 };
    buffer[0] = 0;
    for (size_t i = 0; i < count; i++) {
        const char *sn = api.OBJ_nid2sn(curves[i].nid);
        if (sn) add_name(&list, sn);
    }
    free(curves);
    return list.used;
}

long ccrypto_prime_generate(int bits, int safe, const void *add, size_t add_length, const void *rem, size_t rem_length,
                            void *out, size_t capacity, char *error, size_t error_size) {
    if (!ccrypto_load(error, error_size)) return -1;
    BIGNUM *prime = api.BN_new();
    BIGNUM *a = add_length ? api.BN_bin2bn(add, (int)add_length, NULL) : NULL;
    BIGNUM *r = rem_length ? api.BN_bin2bn(rem, (int)rem_length, NULL) : NULL;
    long length = -1;
    if (prime && api.BN_generate_prime_ex(prime, bits, safe, a, r, NULL) > 0) {
        length = (api.BN_num_bits(prime) + 7) / 8;
        if ((size_t)length <= capacity) api.BN_bn2bin(prime, out); else length = -1;
    } else {
        fail("prime generation failed", error, error_size);
    }
    if (prime) api.BN_free(prime);
    if (a) api.BN_free(a);
    if (r) api.BN_free(r);
    return length;
}

int ccrypto_prime_check(const void *candidate, size_t length) {
    char error[64];
    if (!ccrypto_load(error, sizeof error)) return -1;
    BIGNUM *n = api.BN_bin2bn(candidate, (int)length, NULL);
    if (!n) return -1;
    int result = api.BN_check_prime(n, NULL, NULL);
    api.BN_free(n);
    return result;
}

/* Classic Diffie-Hellman through OpenSSL's DH (deprecated in 3.0 but present): the groups Node names, primes given
   or generated, keys, the padded shared secret, DH_check's codes. */
ccrypto_dh *ccrypto_dh_group(const char *name) {
    char error[64];
    if (!ccrypto_load(error, sizeof error)) return NULL;
    static const struct { const char *name; int nid; } named[] = {
        { "modp5", NID_modp_1536 }, { "modp14", NID_modp_2048 }, { "modp15", NID_modp_3072 }, { "modp16", NID_modp_4096 },
        { "modp17", NID_modp_6144 }, { "modp18", NID_modp_8192 } };
    for (size_t i = 0; i < sizeof named / sizeof named[0]; i++) {
        if (!strcmp(name, named[i].name)) return (ccrypto_dh *)api.DH_new_by_nid(named[i].nid);
    }
    BIGNUM *p = !strcmp(name, "modp1") ? api.BN_get_rfc2409_prime_768(NULL) : !strcmp(name, "modp2") ? api.BN_get_rfc2409_prime_1024(NULL) : NULL;
    if (!p) return NULL;
    BIGNUM *g = api.BN_new();
    api.BN_set_word(g, 2);
    DH *dh = api.DH_new();
    api.DH_set0_pqg(dh, p, NULL, g);
    return (ccrypto_dh *)dh;
}

ccrypto_dh *ccrypto_dh_new(const void *prime, size_t prime_length, const void *generator, size_t generator_length,
                           int generate_bits, int generate_generator, char *error, size_t error_size) {
    if (!ccrypto_load(error, error_size)) return NULL;
    DH *dh = api.DH_new();
    int ok;
    if (generate_bits > 0) {
        ok = api.DH_generate_parameters_ex(dh, generate_bits, generate_generator, NULL) > 0;
    } else {
        BIGNUM *p = api.BN_bin2bn(prime, (int)prime_length, NULL), *g = api.BN_bin2bn(generator, (int)generator_length, NULL);
        ok = p && g && api.DH_set0_pqg(dh, p, NULL, g) > 0;
    }
    if (!ok) { api.DH_free(dh); fail("Diffie-Hellman parameters failed", error, error_size); return NULL; }
    return (ccrypto_dh *)dh;
}

void ccrypto_dh_free(ccrypto_dh *dh) { if (dh) api.DH_free((DH *)dh); }

int ccrypto_dh_check(const ccrypto_dh *dh) {
    int codes = 0;
    if (!api.DH_check((const DH *)dh, &codes)) codes = -1;
    api.ERR_clear_error();
    return codes;
}

int ccrypto_dh_generate_key(ccrypto_dh *dh) { return api.DH_generate_key((DH *)dh) > 0; }

long ccrypto_dh_get(const ccrypto_dh *dh, int which, void *out, size_t capacity) {
    const BIGNUM *p = NULL, *g = NULL, *pub = NULL, *priv = NULL;
    api.DH_get0_pqg((const DH *)dh, &p, NULL, &g);
    api.DH_get0_key((const DH *)dh, &pub, &priv);
    const BIGNUM *value = which == 0 ? p : which == 1 ? g : which == 2 ? pub : priv;
    if (!value) return -1;
    long length = (api.BN_num_bits(value) + 7) / 8;
    if ((size_t)length > capacity) return -1;
    api.BN_bn2bin(value, out);
    return length;
}

int ccrypto_dh_set_key(ccrypto_dh *dh, int which, const void *bytes, size_t length) {
    BIGNUM *value = api.BN_bin2bn(bytes, (int)length, NULL);
    if (!value) return 0;
    const BIGNUM *pub = NULL, *priv = NULL;
    api.DH_get0_key((const DH *)dh, &pub, &priv);
    /* DH_set0_key takes what it is given and keeps what it is given NULL for. */
    return which == 2 ? api.DH_set0_key((DH *)dh, value, NULL) : api.DH_set0_key((DH *)dh, pub ? NULL : api.BN_dup(value), value);
}

long ccrypto_dh_compute(ccrypto_dh *dh, const void *peer, size_t peer_length, void *out, size_t capacity, char *error, size_t error_size) {
    int size = api.DH_size((const DH *)dh);
    if (size <= 0 || (size_t)size > capacity) { snprintf(error, error_size, "Diffie-Hellman state is not usable"); return -1; }
    BIGNUM *key = api.BN_bin2bn(peer, (int)peer_length, NULL);
    int written = key ? api.DH_compute_key_padded(out, key, (DH *)dh) : -1;
    if (key) api.BN_free(key);
    if (written < 0) { fail("Supplied key is too small", error, error_size); return -1; }
    return written;
}
