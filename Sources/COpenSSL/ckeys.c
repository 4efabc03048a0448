#include "ckeys.h"
#include "lookup.h"
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/bn.h>
#include <openssl/decoder.h>
#include <openssl/encoder.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

/* As in ccrypto.c: OpenSSL's types and constants from its headers, every function looked up at load time. */
static struct {
    int loaded;
    char error[256];
    OSSL_DECODER_CTX *(*OSSL_DECODER_CTX_new_for_pkey)(EVP_PKEY **, const char *, const char *, const char *, int, OSSL_LIB_CTX *, const char *);
    int (*OSSL_DECODER_CTX_set_passphrase)(OSSL_DECODER_CTX *, const unsigned char *, size_t);
    int (*OSSL_DECODER_from_data)(OSSL_DECODER_CTX *, const unsigned char **, size_t *);
    void (*OSSL_DECODER_CTX_free)(OSSL_DECODER_CTX *);
    OSSL_ENCODER_CTX *(*OSSL_ENCODER_CTX_new_for_pkey)(const EVP_PKEY *, int, const char *, const char *, const char *);
    int (*OSSL_ENCODER_CTX_set_cipher)(OSSL_ENCODER_CTX *, const char *, const char *);
    int (*OSSL_ENCODER_CTX_set_passphrase)(OSSL_ENCODER_CTX *, const unsigned char *, size_t);
    int (*OSSL_ENCODER_to_data)(OSSL_ENCODER_CTX *, unsigned char **, size_t *);
    void (*OSSL_ENCODER_CTX_free)(OSSL_ENCODER_CTX *);
    void (*CRYPTO_free)(void *, const char *, int);
    BIO *(*BIO_new_mem_buf)(const void *, int);
    int (*BIO_free)(BIO *);
    X509 *(*PEM_read_bio_X509)(BIO *, X509 **, pem_password_cb *, void *);
    X509 *(*d2i_X509)(X509 **, const unsigned char **, long);
    EVP_PKEY *(*X509_get_pubkey)(X509 *);
    void (*X509_free)(X509 *);
    void (*EVP_PKEY_free)(EVP_PKEY *);
    int (*EVP_PKEY_up_ref)(EVP_PKEY *);
    int (*EVP_PKEY_get_base_id)(const EVP_PKEY *);
    int (*EVP_PKEY_get_bits)(const EVP_PKEY *);
    int (*EVP_PKEY_eq)(const EVP_PKEY *, const EVP_PKEY *);
    int (*EVP_PKEY_get_utf8_string_param)(const EVP_PKEY *, const char *, char *, size_t, size_t *);
    int (*EVP_PKEY_get_bn_param)(const EVP_PKEY *, const char *, BIGNUM **);
    int (*EVP_PKEY_get_raw_public_key)(const EVP_PKEY *, unsigned char *, size_t *);
    int (*EVP_PKEY_get_raw_private_key)(const EVP_PKEY *, unsigned char *, size_t *);
    EVP_PKEY_CTX *(*EVP_PKEY_CTX_new)(EVP_PKEY *, ENGINE *);
    EVP_PKEY_CTX *(*EVP_PKEY_CTX_new_from_name)(OSSL_LIB_CTX *, const char *, const char *);
    void (*EVP_PKEY_CTX_free)(EVP_PKEY_CTX *);
    int (*EVP_PKEY_keygen_init)(EVP_PKEY_CTX *);
    int (*EVP_PKEY_generate)(EVP_PKEY_CTX *, EVP_PKEY **);
    int (*EVP_PKEY_CTX_set_rsa_keygen_bits)(EVP_PKEY_CTX *, int);
    int (*EVP_PKEY_CTX_set1_rsa_keygen_pubexp)(EVP_PKEY_CTX *, BIGNUM *);
    int (*EVP_PKEY_CTX_set_group_name)(EVP_PKEY_CTX *, const char *);
    int (*EVP_PKEY_encrypt_init)(EVP_PKEY_CTX *);
    int (*EVP_PKEY_encrypt)(EVP_PKEY_CTX *, unsigned char *, size_t *, const unsigned char *, size_t);
    int (*EVP_PKEY_decrypt_init)(EVP_PKEY_CTX *);
    int (*EVP_PKEY_decrypt)(EVP_PKEY_CTX *, unsigned char *, size_t *, const unsigned char *, size_t);
    int (*EVP_PKEY_sign_init)(EVP_PKEY_CTX *);
    int (*EVP_PKEY_sign)(EVP_PKEY_CTX *, unsigned char *, size_t *, const unsigned char *, size_t);
    int (*EVP_PKEY_verify_recover_init)(EVP_PKEY_CTX *);
    int (*EVP_PKEY_verify_recover)(EVP_PKEY_CTX *, unsigned char *, size_t *, const unsigned char *, size_t);
    int (*EVP_PKEY_derive_init)(EVP_PKEY_CTX *);
    int (*EVP_PKEY_derive_set_peer)(EVP_PKEY_CTX *, EVP_PKEY *);
    int (*EVP_PKEY_derive)(EVP_PKEY_CTX *, unsigned char *, size_t *);
    int (*EVP_PKEY_CTX_set_rsa_padding)(EVP_PKEY_CTX *, int);
    int (*EVP_PKEY_CTX_set_rsa_oaep_md)(EVP_PKEY_CTX *, const EVP_MD *);
    int (*EVP_PKEY_CTX_set0_rsa_oaep_label)(EVP_PKEY_CTX *, void *, int);
    int (*EVP_PKEY_CTX_set_rsa_pss_saltlen)(EVP_PKEY_CTX *, int);
    void *(*CRYPTO_malloc)(size_t, const char *, int);
    const EVP_MD *(*EVP_get_digestbyname)(const char *);
    EVP_MD_CTX *(*EVP_MD_CTX_new)(void);
    void (*EVP_MD_CTX_free)(EVP_MD_CTX *);
    int (*EVP_DigestSignInit)(EVP_MD_CTX *, EVP_PKEY_CTX **, const EVP_MD *, ENGINE *, EVP_PKEY *);
    int (*EVP_DigestSign)(EVP_MD_CTX *, unsigned char *, size_t *, const unsigned char *, size_t);
    int (*EVP_DigestVerifyInit)(EVP_MD_CTX *, EVP_PKEY_CTX **, const EVP_MD *, ENGINE *, EVP_PKEY *);
    int (*EVP_DigestVerify)(EVP_MD_CTX *, const unsigned char *, size_t, const unsigned char *, size_t);
    BIGNUM *(*BN_bin2bn)(const unsigned char *, int, BIGNUM *);
    int (*BN_bn2bin)(const BIGNUM *, unsigned char *);
    int (*BN_num_bits)(const BIGNUM *);
    void (*BN_free)(BIGNUM *);
    unsigned long (*ERR_peek_error)(void);
    void (*ERR_error_string_n)(unsigned long, char *, size_t);
    void (*ERR_clear_error)(void);
} api;

static pthread_once_t once = PTHREAD_ONCE_INIT;

static void load(void) {
    api.loaded = -1;
    void *library = dlopen("libcrypto.so.3", RTLD_NOW | RTLD_LOCAL);
    if (!library) { snprintf(api.error, sizeof api.error, "jshost needs OpenSSL 3 for keys: apt-get install libssl3"); return; }
    LOOKUP(OSSL_DECODER_CTX_new_for_pkey); LOOKUP(OSSL_DECODER_CTX_set_passphrase); LOOKUP(OSSL_DECODER_from_data);
    LOOKUP(OSSL_DECODER_CTX_free); LOOKUP(OSSL_ENCODER_CTX_new_for_pkey); LOOKUP(OSSL_ENCODER_CTX_set_cipher);
    LOOKUP(OSSL_ENCODER_CTX_set_passphrase); LOOKUP(OSSL_ENCODER_to_data); LOOKUP(OSSL_ENCODER_CTX_free);
    LOOKUP(CRYPTO_free); LOOKUP(BIO_new_mem_buf); LOOKUP(BIO_free); LOOKUP(PEM_read_bio_X509); LOOKUP(d2i_X509);
    LOOKUP(X509_get_pubkey); LOOKUP(X509_free); LOOKUP(EVP_PKEY_free); LOOKUP(EVP_PKEY_up_ref); LOOKUP(EVP_PKEY_get_base_id);
    LOOKUP(EVP_PKEY_get_bits); LOOKUP(EVP_PKEY_eq); LOOKUP(EVP_PKEY_get_utf8_string_param); LOOKUP(EVP_PKEY_get_bn_param);
    LOOKUP(EVP_PKEY_get_raw_public_key); LOOKUP(EVP_PKEY_get_raw_private_key); LOOKUP(EVP_PKEY_CTX_new);
    LOOKUP(EVP_PKEY_CTX_new_from_name); LOOKUP(EVP_PKEY_CTX_free); LOOKUP(EVP_PKEY_keygen_init); LOOKUP(EVP_PKEY_generate);
    LOOKUP(EVP_PKEY_CTX_set_rsa_keygen_bits); LOOKUP(EVP_PKEY_CTX_set1_rsa_keygen_pubexp); LOOKUP(EVP_PKEY_CTX_set_group_name);
    LOOKUP(EVP_PKEY_encrypt_init); LOOKUP(EVP_PKEY_encrypt); LOOKUP(EVP_PKEY_decrypt_init); LOOKUP(EVP_PKEY_decrypt);
    LOOKUP(EVP_PKEY_sign_init); LOOKUP(EVP_PKEY_sign); LOOKUP(EVP_PKEY_verify_recover_init); LOOKUP(EVP_PKEY_verify_recover);
    LOOKUP(EVP_PKEY_derive_init); LOOKUP(EVP_PKEY_derive_set_peer); LOOKUP(EVP_PKEY_derive); LOOKUP(EVP_PKEY_CTX_set_rsa_padding);
    LOOKUP(EVP_PKEY_CTX_set_rsa_oaep_md); LOOKUP(EVP_PKEY_CTX_set0_rsa_oaep_label); LOOKUP(EVP_PKEY_CTX_set_rsa_pss_saltlen);
    LOOKUP(CRYPTO_malloc); LOOKUP(EVP_get_digestbyname); LOOKUP(EVP_MD_CTX_new); LOOKUP(EVP_MD_CTX_free);
    LOOKUP(EVP_DigestSignInit); LOOKUP(EVP_DigestSign); LOOKUP(EVP_DigestVerifyInit); LOOKUP(EVP_DigestVerify);
    LOOKUP(BN_bin2bn); LOOKUP(BN_bn2bin); LOOKUP(BN_num_bits); LOOKUP(BN_free);
    LOOKUP(ERR_peek_error); LOOKUP(ERR_error_string_n); LOOKUP(ERR_clear_error);
    api.loaded = 1;
}

/* Every entry point starts here, with this thread's error queue emptied: an error an earlier call left behind
   (OpenSSL queues them per thread, and a thread serves many calls) must not be read as this call's reason. */
static int ready(char *error, size_t size) {
    pthread_once(&once, load);
    if (api.loaded != 1) { snprintf(error, size, "%s", api.error); return 0; }
    api.ERR_clear_error();
    return 1;
}

/* OpenSSL's reason for the first error queued (the one Node reports), or `fallback`. */
static int fail(const char *fallback, char *error, size_t size) {
    unsigned long code = api.ERR_peek_error();
    if (code) api.ERR_error_string_n(code, error, size); else snprintf(error, size, "%s", fallback);
    api.ERR_clear_error();
    return 0;
}

ckeys_key *ckeys_parse(const void *data, size_t length, int der, int private_only, const void *passphrase,
                       size_t passphrase_length, int *is_private, char *error, size_t error_size) {
    if (!ready(error, error_size)) return NULL;
    const char *format = der ? "DER" : "PEM";
    /* A private key first (it holds the public one too), then a public key, then a certificate's key. */
    int selections[2] = { EVP_PKEY_KEYPAIR, EVP_PKEY_PUBLIC_KEY };
    /* With a passphrase the private attempt's failure (a wrong passphrase) is the one to report. */
    unsigned long private_failure = 0;
    for (int i = 0; i < (private_only ? 1 : 2); i++) {
        EVP_PKEY *key = NULL;
        OSSL_DECODER_CTX *ctx = api.OSSL_DECODER_CTX_new_for_pkey(&key, format, NULL, NULL, selections[i], NULL, NULL);
        if (!ctx) continue;
        if (passphrase) api.OSSL_DECODER_CTX_set_passphrase(ctx, passphrase, passphrase_length);
        const unsigned char *cursor = data;
        size_t left = length;
        int ok = api.OSSL_DECODER_from_data(ctx, &cursor, &left);
        api.OSSL_DECODER_CTX_free(ctx);
        if (ok && key) {
            api.ERR_clear_error();
            *is_private = i == 0;
            return (ckeys_key *)key;
        }
        if (key) api.EVP_PKEY_free(key);
        if (i == 0 && passphrase) private_failure = api.ERR_peek_error();
    }
    if (!private_only) {
        X509 *cert = NULL;
        if (der) {
            const unsigned char *cursor = data;
            cert = api.d2i_X509(NULL, &cursor, (long)length);
        } else {
            BIO *bio = api.BIO_new_mem_buf(data, (int)length);
            if (bio) { cert = api.PEM_read_bio_X509(bio, NULL, NULL, NULL); api.BIO_free(bio); }
        }
        if (cert) {
            EVP_PKEY *key = api.X509_get_pubkey(cert);
            api.X509_free(cert);
            if (key) { api.ERR_clear_error(); *is_private = 0; return (ckeys_key *)key; }
        }
    }
    if (private_failure) {
        api.ERR_error_string_n(private_failure, error, error_size);
        api.ERR_clear_error();
    } else {
        fail("unsupported key", error, error_size);
    }
    return NULL;
}

void ckeys_free(ckeys_key *key) { if (key) api.EVP_PKEY_free((EVP_PKEY *)key); }

const char *ckeys_type(const ckeys_key *key) {
    switch (api.EVP_PKEY_get_base_id((const EVP_PKEY *)key)) {
    case EVP_PKEY_RSA: return "rsa";
    case EVP_PKEY_RSA_PSS: return "rsa-pss";
    case EVP_PKEY_EC: return "ec";
    case EVP_PKEY_ED25519: return "ed25519";
    case EVP_PKEY_ED448: return "ed448";
    case EVP_PKEY_X25519: return "x25519";
    case EVP_PKEY_X448: return "x448";
    case EVP_PKEY_DSA: return "dsa";
    case EVP_PKEY_DH: case EVP_PKEY_DHX: return "dh";
    default: return "unknown";
    }
}

int ckeys_bits(const ckeys_key *key) { return api.EVP_PKEY_get_bits((const EVP_PKEY *)key); }

int ckeys_equal(const ckeys_key *a, const ckeys_key *b) { return api.EVP_PKEY_eq((const EVP_PKEY *)a, (const EVP_PKEY *)b) == 1; }

size_t ckeys_curve(const ckeys_key *key, char *out, size_t capacity) {
    size_t length = 0;
    if (!api.EVP_PKEY_get_utf8_string_param((const EVP_PKEY *)key, "group", out, capacity, &length)) return 0;
    return length;
}

long ckeys_bn_param(const ckeys_key *key, const char *name, void *out, size_t capacity) {
    BIGNUM *value = NULL;
    if (!api.EVP_PKEY_get_bn_param((const EVP_PKEY *)key, name, &value) || !value) { api.ERR_clear_error(); return -1; }
    long length = (api.BN_num_bits(value) + 7) / 8;
    if ((size_t)length <= capacity) api.BN_bn2bin(value, out);
    api.BN_free(value);
    return (size_t)length <= capacity ? length : -1;
}

long ckeys_raw(const ckeys_key *key, int private_part, void *out, size_t capacity) {
    size_t length = capacity;
    int ok = private_part ? api.EVP_PKEY_get_raw_private_key((const EVP_PKEY *)key, out, &length)
                          : api.EVP_PKEY_get_raw_public_key((const EVP_PKEY *)key, out, &length);
    if (!ok) { api.ERR_clear_error(); return -1; }
    return (long)length;
}

unsigned char *ckeys_export(const ckeys_key *key, int private_part, int der, const char *structure, const char *cipher,
                            const void *passphrase, size_t passphrase_length, size_t *out_length, char *error, size_t error_size) {
    if (!ready(error, error_size)) return NULL;
    int selection = private_part ? EVP_PKEY_KEYPAIR : EVP_PKEY_PUBLIC_KEY;
    OSSL_ENCODER_CTX *ctx = api.OSSL_ENCODER_CTX_new_for_pkey((const EVP_PKEY *)key, selection, der ? "DER" : "PEM", structure, NULL);
    if (!ctx) { fail("unsupported key encoding", error, error_size); return NULL; }
    if (cipher && (!api.OSSL_ENCODER_CTX_set_cipher(ctx, cipher, NULL)
                   || !api.OSSL_ENCODER_CTX_set_passphrase(ctx, passphrase, passphrase_length))) {
        api.OSSL_ENCODER_CTX_free(ctx);
        fail("unknown cipher", error, error_size);
        return NULL;
    }
    unsigned char *data = NULL;
    size_t length = 0;
    int ok = api.OSSL_ENCODER_to_data(ctx, &data, &length);
    api.OSSL_ENCODER_CTX_free(ctx);
    if (!ok || !data) { fail("unsupported key encoding", error, error_size); return NULL; }
    unsigned char *copy = malloc(length ? length : 1);
    if (copy) memcpy(copy, data, length);
    api.CRYPTO_free(data, __FILE__, __LINE__);
    *out_length = length;
    return copy;
}

ckeys_key *ckeys_generate(const char *type, int bits, const void *exponent, size_t exponent_length, const char *curve,
                          char *error, size_t error_size) {
    if (!ready(error, error_size)) return NULL;
    EVP_PKEY_CTX *ctx = api.EVP_PKEY_CTX_new_from_name(NULL, type, NULL);
    if (!ctx || api.EVP_PKEY_keygen_init(ctx) <= 0) {
        if (ctx) api.EVP_PKEY_CTX_free(ctx);
        fail("unsupported key type", error, error_size);
        return NULL;
    }
    int ok = 1;
    if (bits > 0) ok = api.EVP_PKEY_CTX_set_rsa_keygen_bits(ctx, bits) > 0;
    if (ok && exponent_length > 0) {
        BIGNUM *e = api.BN_bin2bn(exponent, (int)exponent_length, NULL);
        ok = e && api.EVP_PKEY_CTX_set1_rsa_keygen_pubexp(ctx, e) > 0;
        if (e) api.BN_free(e);
    }
    if (ok && curve) ok = api.EVP_PKEY_CTX_set_group_name(ctx, curve) > 0;
    EVP_PKEY *key = NULL;
    if (ok) ok = api.EVP_PKEY_generate(ctx, &key) > 0;
    api.EVP_PKEY_CTX_free(ctx);
    if (!ok) { fail("key generation failed", error, error_size); return NULL; }
    return (ckeys_key *)key;
}

/* Sets padding and OAEP's digest and label on a context made for an RSA operation. */
static int rsa_options(EVP_PKEY_CTX *ctx, const ckeys_key *key, int padding, const char *oaep_digest, const void *label,
                       size_t label_length, char *error, size_t error_size) {
    int id = api.EVP_PKEY_get_base_id((const EVP_PKEY *)key);
    if (id != EVP_PKEY_RSA && id != EVP_PKEY_RSA_PSS) return 1;
    if (padding && api.EVP_PKEY_CTX_set_rsa_padding(ctx, padding) <= 0) return fail("unsupported padding", error, error_size);
    if (padding == RSA_PKCS1_OAEP_PADDING) {
        if (oaep_digest) {
            const EVP_MD *md = api.EVP_get_digestbyname(oaep_digest);
            if (!md) { snprintf(error, error_size, "Invalid digest: %s", oaep_digest); return 0; }
            if (api.EVP_PKEY_CTX_set_rsa_oaep_md(ctx, md) <= 0) return fail("unsupported digest", error, error_size);
        }
        if (label_length > 0) {
            void *copy = api.CRYPTO_malloc(label_length, __FILE__, __LINE__);
            if (!copy) return 0;
            memcpy(copy, label, label_length);
            if (api.EVP_PKEY_CTX_set0_rsa_oaep_label(ctx, copy, (int)label_length) <= 0) {
                api.CRYPTO_free(copy, __FILE__, __LINE__);
                return fail("unsupported label", error, error_size);
            }
        }
    }
    return 1;
}

long ckeys_cipher(const ckeys_key *key, int operation, int padding, const char *oaep_digest, const void *label,
                  size_t label_length, const void *in, size_t in_length, void *out, size_t capacity, char *error, size_t error_size) {
    if (!ready(error, error_size)) return -1;
    EVP_PKEY_CTX *ctx = api.EVP_PKEY_CTX_new((EVP_PKEY *)key, NULL);
    if (!ctx) { fail("unsupported key", error, error_size); return -1; }
    int ok;
    switch (operation) {
    case CKEYS_ENCRYPT: ok = api.EVP_PKEY_encrypt_init(ctx) > 0; break;
    case CKEYS_DECRYPT: ok = api.EVP_PKEY_decrypt_init(ctx) > 0; break;
    case CKEYS_SIGN_RAW: ok = api.EVP_PKEY_sign_init(ctx) > 0; break;
    default: ok = api.EVP_PKEY_verify_recover_init(ctx) > 0; break;
    }
    if (ok) ok = rsa_options(ctx, key, padding, oaep_digest, label, label_length, error, error_size);
    size_t length = capacity;
    if (ok) {
        switch (operation) {
        case CKEYS_ENCRYPT: ok = api.EVP_PKEY_encrypt(ctx, out, &length, in, in_length) > 0; break;
        case CKEYS_DECRYPT: ok = api.EVP_PKEY_decrypt(ctx, out, &length, in, in_length) > 0; break;
        case CKEYS_SIGN_RAW: ok = api.EVP_PKEY_sign(ctx, out, &length, in, in_length) > 0; break;
        default: ok = api.EVP_PKEY_verify_recover(ctx, out, &length, in, in_length) > 0; break;
        }
        if (!ok) fail("operation failed", error, error_size);
    } else if (error[0] == 0) {
        fail("operation not supported for this key", error, error_size);
    }
    api.EVP_PKEY_CTX_free(ctx);
    return ok ? (long)length : -1;
}

long ckeys_derive(const ckeys_key *private_key, const ckeys_key *peer, void *out, size_t capacity, char *error, size_t error_size) {
    if (!ready(error, error_size)) return -1;
    EVP_PKEY_CTX *ctx = api.EVP_PKEY_CTX_new((EVP_PKEY *)private_key, NULL);
    size_t length = capacity;
    int ok = ctx && api.EVP_PKEY_derive_init(ctx) > 0 && api.EVP_PKEY_derive_set_peer(ctx, (EVP_PKEY *)peer) > 0
        && api.EVP_PKEY_derive(ctx, out, &length) > 0;
    if (!ok) fail("key derivation failed", error, error_size);
    if (ctx) api.EVP_PKEY_CTX_free(ctx);
    return ok ? (long)length : -1;
}

long ckeys_sign(const ckeys_key *key, const char *digest, int padding, int salt_length, const void *data, size_t data_length,
                void *out, size_t capacity, char *error, size_t error_size) {
    if (!ready(error, error_size)) return -1;
    const EVP_MD *md = NULL;
    if (digest && digest[0]) {
        md = api.EVP_get_digestbyname(digest);
        if (!md) { snprintf(error, error_size, "Invalid digest: %s", digest); return -1; }
    }
    EVP_MD_CTX *ctx = api.EVP_MD_CTX_new();
    EVP_PKEY_CTX *pctx = NULL;
    size_t length = capacity;
    int ok = ctx && api.EVP_DigestSignInit(ctx, &pctx, md, NULL, (EVP_PKEY *)key) > 0;
    if (ok && padding) ok = api.EVP_PKEY_CTX_set_rsa_padding(pctx, padding) > 0;
    if (ok && padding == RSA_PKCS1_PSS_PADDING) ok = api.EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, salt_length) > 0;
    if (ok) ok = api.EVP_DigestSign(ctx, out, &length, data, data_length) > 0;
    if (!ok) fail("signing failed", error, error_size);
    if (ctx) api.EVP_MD_CTX_free(ctx);
    return ok ? (long)length : -1;
}

int ckeys_verify(const ckeys_key *key, const char *digest, int padding, int salt_length, const void *data, size_t data_length,
                 const void *signature, size_t signature_length, char *error, size_t error_size) {
    if (!ready(error, error_size)) return -1;
    const EVP_MD *md = NULL;
    if (digest && digest[0]) {
        md = api.EVP_get_digestbyname(digest);
        if (!md) { snprintf(error, error_size, "Invalid digest: %s", digest); return -1; }
    }
    EVP_MD_CTX *ctx = api.EVP_MD_CTX_new();
    EVP_PKEY_CTX *pctx = NULL;
    int ok = ctx && api.EVP_DigestVerifyInit(ctx, &pctx, md, NULL, (EVP_PKEY *)key) > 0;
    if (ok && padding) ok = api.EVP_PKEY_CTX_set_rsa_padding(pctx, padding) > 0;
    if (ok && padding == RSA_PKCS1_PSS_PADDING) ok = api.EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, salt_length) > 0;
    int result = -1;
    if (ok) {
        result = api.EVP_DigestVerify(ctx, signature, signature_length, data, data_length) == 1;
        api.ERR_clear_error();
    } else {
        fail("verification failed", error, error_size);
    }
    if (ctx) api.EVP_MD_CTX_free(ctx);
    return result;
}
