#include "cx509.h"
#include "lookup.h"
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

/* As in ccrypto.c: OpenSSL's types and constants from its headers, every function looked up at load time. */
static struct {
    int loaded;
    char error[256];
    BIO *(*BIO_new_mem_buf)(const void *, int);
    BIO *(*BIO_new)(const BIO_METHOD *);
    const BIO_METHOD *(*BIO_s_mem)(void);
    long (*BIO_ctrl)(BIO *, int, long, void *);
    int (*BIO_free)(BIO *);
    X509 *(*PEM_read_bio_X509)(BIO *, X509 **, pem_password_cb *, void *);
    int (*PEM_write_bio_X509)(BIO *, const X509 *);
    X509 *(*d2i_X509)(X509 **, const unsigned char **, long);
    int (*i2d_X509)(const X509 *, unsigned char **);
    int (*i2d_PUBKEY)(const EVP_PKEY *, unsigned char **);
    void (*X509_free)(X509 *);
    X509_NAME *(*X509_get_subject_name)(const X509 *);
    X509_NAME *(*X509_get_issuer_name)(const X509 *);
    int (*X509_NAME_entry_count)(const X509_NAME *);
    X509_NAME_ENTRY *(*X509_NAME_get_entry)(const X509_NAME *, int);
    ASN1_OBJECT *(*X509_NAME_ENTRY_get_object)(const X509_NAME_ENTRY *);
    ASN1_STRING *(*X509_NAME_ENTRY_get_data)(const X509_NAME_ENTRY *);
    int (*ASN1_STRING_to_UTF8)(unsigned char **, const ASN1_STRING *);
    int (*OBJ_obj2nid)(const ASN1_OBJECT *);
    const char *(*OBJ_nid2sn)(int);
    int (*OBJ_obj2txt)(char *, int, const ASN1_OBJECT *, int);
    int (*X509_get_ext_by_NID)(const X509 *, int, int);
    X509_EXTENSION *(*X509_get_ext)(const X509 *, int);
    int (*X509V3_EXT_print)(BIO *, X509_EXTENSION *, unsigned long, int);
    void *(*X509_get_ext_d2i)(const X509 *, int, int *, int *);
    int (*OPENSSL_sk_num)(const OPENSSL_STACK *);
    void *(*OPENSSL_sk_value)(const OPENSSL_STACK *, int);
    void (*OPENSSL_sk_pop_free)(OPENSSL_STACK *, void (*)(void *));
    void (*ASN1_OBJECT_free)(ASN1_OBJECT *);
    const ASN1_TIME *(*X509_get0_notBefore)(const X509 *);
    const ASN1_TIME *(*X509_get0_notAfter)(const X509 *);
    int (*ASN1_TIME_print)(BIO *, const ASN1_TIME *);
    ASN1_INTEGER *(*X509_get_serialNumber)(X509 *);
    BIGNUM *(*ASN1_INTEGER_to_BN)(const ASN1_INTEGER *, BIGNUM *);
    char *(*BN_bn2hex)(const BIGNUM *);
    void (*BN_free)(BIGNUM *);
    void (*CRYPTO_free)(void *, const char *, int);
    const EVP_MD *(*EVP_get_digestbyname)(const char *);
    int (*X509_digest)(const X509 *, const EVP_MD *, unsigned char *, unsigned int *);
    EVP_PKEY *(*X509_get0_pubkey)(const X509 *);
    int (*X509_check_ca)(X509 *);
    int (*X509_check_host)(X509 *, const char *, size_t, unsigned int, char **);
    int (*X509_check_email)(X509 *, const char *, size_t, unsigned int);
    int (*X509_check_ip_asc)(X509 *, const char *, unsigned int);
    int (*X509_check_issued)(X509 *, X509 *);
    int (*X509_check_private_key)(const X509 *, const EVP_PKEY *);
    int (*X509_verify)(X509 *, EVP_PKEY *);
    void (*ERR_clear_error)(void);
    NETSCAPE_SPKI *(*NETSCAPE_SPKI_b64_decode)(const char *, int);
    void (*NETSCAPE_SPKI_free)(NETSCAPE_SPKI *);
    EVP_PKEY *(*NETSCAPE_SPKI_get_pubkey)(const NETSCAPE_SPKI *);
    int (*NETSCAPE_SPKI_verify)(NETSCAPE_SPKI *, EVP_PKEY *);
    void (*EVP_PKEY_free)(EVP_PKEY *);
} api;

static pthread_once_t once = PTHREAD_ONCE_INIT;

static void load(void) {
    api.loaded = -1;
    void *library = dlopen("libcrypto.so.3", RTLD_NOW | RTLD_LOCAL);
    if (!library) { snprintf(api.error, sizeof api.error, "jshost needs OpenSSL 3 for certificates: apt-get install libssl3"); return; }
    LOOKUP(BIO_new_mem_buf); LOOKUP(BIO_new); LOOKUP(BIO_s_mem); LOOKUP(BIO_ctrl); LOOKUP(BIO_free); LOOKUP(PEM_read_bio_X509);
    LOOKUP(PEM_write_bio_X509); LOOKUP(d2i_X509); LOOKUP(i2d_X509); LOOKUP(i2d_PUBKEY); LOOKUP(X509_free); LOOKUP(X509_get_subject_name);
    LOOKUP(X509_get_issuer_name); LOOKUP(X509_NAME_entry_count); LOOKUP(X509_NAME_get_entry); LOOKUP(X509_NAME_ENTRY_get_object);
    LOOKUP(X509_NAME_ENTRY_get_data); LOOKUP(ASN1_STRING_to_UTF8); LOOKUP(OBJ_obj2nid); LOOKUP(OBJ_nid2sn); LOOKUP(OBJ_obj2txt);
    LOOKUP(X509_get_ext_by_NID); LOOKUP(X509_get_ext); LOOKUP(X509V3_EXT_print); LOOKUP(X509_get_ext_d2i); LOOKUP(OPENSSL_sk_num);
    LOOKUP(OPENSSL_sk_value); LOOKUP(OPENSSL_sk_pop_free); LOOKUP(ASN1_OBJECT_free); LOOKUP(X509_get0_notBefore);
    LOOKUP(X509_get0_notAfter); LOOKUP(ASN1_TIME_print); LOOKUP(X509_get_serialNumber); LOOKUP(ASN1_INTEGER_to_BN); LOOKUP(BN_bn2hex);
    LOOKUP(BN_free); LOOKUP(CRYPTO_free); LOOKUP(EVP_get_digestbyname); LOOKUP(X509_digest); LOOKUP(X509_get0_pubkey); LOOKUP(X509_check_ca);
    LOOKUP(X509_check_host); LOOKUP(X509_check_email); LOOKUP(X509_check_ip_asc); LOOKUP(X509_check_issued);
    LOOKUP(X509_check_private_key); LOOKUP(X509_verify); LOOKUP(ERR_clear_error);
    LOOKUP(NETSCAPE_SPKI_b64_decode); LOOKUP(NETSCAPE_SPKI_free); LOOKUP(NETSCAPE_SPKI_get_pubkey); LOOKUP(NETSCAPE_SPKI_verify);
    LOOKUP(EVP_PKEY_free);
    api.loaded = 1;
}

cx509_certificate *cx509_parse(const void *data, size_t length, char *error, size_t error_size) {
    pthread_once(&once, load);
    if (api.loaded != 1) { snprintf(error, error_size, "%s", api.error); return NULL; }
    BIO *bio = api.BIO_new_mem_buf(data, (int)length);
    X509 *cert = bio ? api.PEM_read_bio_X509(bio, NULL, NULL, NULL) : NULL;
    if (bio) api.BIO_free(bio);
    if (!cert) {
        const unsigned char *cursor = data;
        cert = api.d2i_X509(NULL, &cursor, (long)length);
    }
    api.ERR_clear_error();
    if (!cert) snprintf(error, error_size, "error:0680007B:asn1 encoding routines::header too long");
    return (cx509_certificate *)cert;
}

void cx509_free(cx509_certificate *cert) { if (cert) api.X509_free((X509 *)cert); }

/* What a memory BIO holds, copied to out; its length. */
static size_t drain(BIO *bio, char *out, size_t capacity) {
    char *data = NULL;
    long length = api.BIO_ctrl(bio, BIO_CTRL_INFO, 0, &data);
    size_t copied = length > 0 ? ((size_t)length < capacity - 1 ? (size_t)length : capacity - 1) : 0;
    if (copied) memcpy(out, data, copied);
    out[copied] = 0;
    api.BIO_free(bio);
    return copied;
}

static size_t name_lines(X509_NAME *name, char *out, size_t capacity) {
    size_t used = 0;
    out[0] = 0;
    int count = api.X509_NAME_entry_count(name);
    for (int i = 0; i < count; i++) {
        X509_NAME_ENTRY *entry = api.X509_NAME_get_entry(name, i);
        const char *key = api.OBJ_nid2sn(api.OBJ_obj2nid(api.X509_NAME_ENTRY_get_object(entry)));
        unsigned char *value = NULL;
        int length = api.ASN1_STRING_to_UTF8(&value, api.X509_NAME_ENTRY_get_data(entry));
        if (length < 0) continue;
        int written = snprintf(out + used, capacity - used, "%s%s=%.*s", used ? "\n" : "", key ? key : "?", length, value);
        api.CRYPTO_free(value, __FILE__, __LINE__);
        if (written < 0 || (size_t)written >= capacity - used) break;
        used += (size_t)written;
    }
    return used;
}

static size_t extension_text(X509 *cert, int nid, char *out, size_t capacity) {
    int index = api.X509_get_ext_by_NID(cert, nid, -1);
    out[0] = 0;
    if (index < 0) return 0;
    BIO *bio = api.BIO_new(api.BIO_s_mem());
    api.X509V3_EXT_print(bio, api.X509_get_ext(cert, index), 0, 0);
    return drain(bio, out, capacity);
}

size_t cx509_text(const cx509_certificate *certificate, const char *field, char *out, size_t capacity) {
    X509 *cert = (X509 *)certificate;
    out[0] = 0;
    if (!strcmp(field, "subject")) return name_lines(api.X509_get_subject_name(cert), out, capacity);
    if (!strcmp(field, "issuer")) return name_lines(api.X509_get_issuer_name(cert), out, capacity);
    if (!strcmp(field, "subjectAltName")) return extension_text(cert, NID_subject_alt_name, out, capacity);
    if (!strcmp(field, "infoAccess")) return extension_text(cert, NID_info_access, out, capacity);
    if (!strcmp(field, "validFrom") || !strcmp(field, "validTo")) {
        BIO *bio = api.BIO_new(api.BIO_s_mem());
        api.ASN1_TIME_print(bio, !strcmp(field, "validFrom") ? api.X509_get0_notBefore(cert) : api.X509_get0_notAfter(cert));
        return drain(bio, out, capacity);
    }
    if (!strcmp(field, "serialNumber")) {
        BIGNUM *serial = api.ASN1_INTEGER_to_BN(api.X509_get_serialNumber(cert), NULL);
        char *hex = serial ? api.BN_bn2hex(serial) : NULL;
        if (hex) { snprintf(out, capacity, "%s", hex); api.CRYPTO_free(hex, __FILE__, __LINE__); }
        if (serial) api.BN_free(serial);
        return strlen(out);
    }
    if (!strncmp(field, "fingerprint:", 12)) {
        unsigned char digest[EVP_MAX_MD_SIZE];
        unsigned int length = 0;
        const EVP_MD *md = api.EVP_get_digestbyname(field + 12);
        if (!md || !api.X509_digest(cert, md, digest, &length)) return 0;
        size_t used = 0;
        for (unsigned int i = 0; i < length && used + 4 < capacity; i++) used += (size_t)snprintf(out + used, capacity - used, "%s%02X", i ? ":" : "", digest[i]);
        return used;
    }
    if (!strcmp(field, "keyUsage")) {
        OPENSSL_STACK *usages = api.X509_get_ext_d2i(cert, NID_ext_key_usage, NULL, NULL);
        if (!usages) return 0;
        size_t used = 0;
        for (int i = 0; i < api.OPENSSL_sk_num(usages); i++) {
            char oid[128];
            api.OBJ_obj2txt(oid, sizeof oid, api.OPENSSL_sk_value(usages, i), 1);
            int written = snprintf(out + used, capacity - used, "%s%s", used ? "\n" : "", oid);
            if (written < 0 || (size_t)written >= capacity - used) break;
            used += (size_t)written;
        }
        api.OPENSSL_sk_pop_free(usages, (void (*)(void *))api.ASN1_OBJECT_free);
        return used;
    }
    if (!strcmp(field, "pem")) {
        BIO *bio = api.BIO_new(api.BIO_s_mem());
        api.PEM_write_bio_X509(bio, cert);
        return drain(bio, out, capacity);
    }
    return 0;
}

long cx509_der(const cx509_certificate *certificate, int public_key, void *out, size_t capacity) {
    unsigned char *data = NULL;
    int length = public_key ? api.i2d_PUBKEY(api.X509_get0_pubkey((const X509 *)certificate), &data)
                            : api.i2d_X509((const X509 *)certificate, &data);
    if (length < 0 || !data) return -1;
    if ((size_t)length <= capacity) memcpy(out, data, (size_t)length); else length = -1;
    api.CRYPTO_free(data, __FILE__, __LINE__);
    return length;
}

int cx509_is_ca(const cx509_certificate *certificate) { return api.X509_check_ca((X509 *)certificate) == 1; }

int cx509_check(const cx509_certificate *certificate, int kind, const char *value, unsigned int flags, char *matched, size_t matched_size) {
    X509 *cert = (X509 *)certificate;
    int result;
    matched[0] = 0;
    if (kind == CX509_HOST) {
        char *peer = NULL;
        result = api.X509_check_host(cert, value, strlen(value), flags, &peer);
        if (result == 1 && peer) { snprintf(matched, matched_size, "%s", peer); api.CRYPTO_free(peer, __FILE__, __LINE__); }
    } else if (kind == CX509_EMAIL) {
        result = api.X509_check_email(cert, value, strlen(value), flags);
    } else {
        result = api.X509_check_ip_asc(cert, value, flags);
    }
    api.ERR_clear_error();
    return result;
}

int cx509_issued(const cx509_certificate *issuer, const cx509_certificate *subject) {
    return api.X509_check_issued((X509 *)issuer, (X509 *)subject) == X509_V_OK;
}

int cx509_matches_key(const cx509_certificate *certificate, const void *key, int private_key) {
    int result = private_key ? api.X509_check_private_key((const X509 *)certificate, key) : api.X509_verify((X509 *)certificate, (EVP_PKEY *)key);
    api.ERR_clear_error();
    return result == 1;
}

long cx509_spkac(const char *base64, size_t length, int what, void *out, size_t capacity) {
    pthread_once(&once, load);
    if (api.loaded != 1 || length > 0x7fffffff) return -1;
    NETSCAPE_SPKI *spki = api.NETSCAPE_SPKI_b64_decode(base64, (int)length);
    if (!spki) { api.ERR_clear_error(); return -1; }
    long result = -1;
    EVP_PKEY *key = api.NETSCAPE_SPKI_get_pubkey(spki);
    if (what == CX509_SPKAC_VERIFY) {
        result = key && api.NETSCAPE_SPKI_verify(spki, key) > 0 ? 1 : 0;
    } else if (what == CX509_SPKAC_PUBLIC_KEY) {
        int size = key ? api.i2d_PUBKEY(key, NULL) : -1;
        if (size > 0 && (size_t)size <= capacity) {
            unsigned char *cursor = out;
            result = api.i2d_PUBKEY(key, &cursor);
        }
    } else if (spki->spkac && spki->spkac->challenge) {
        const ASN1_IA5STRING *challenge = spki->spkac->challenge;
        if ((size_t)challenge->length <= capacity) { memcpy(out, challenge->data, (size_t)challenge->length); result = challenge->length; }
    }
    if (key) api.EVP_PKEY_free(key);
    api.NETSCAPE_SPKI_free(spki);
    api.ERR_clear_error();
    return result;
}
