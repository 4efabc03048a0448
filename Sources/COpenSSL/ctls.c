#include "ctls.h"
#include "lookup.h"
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/ssl.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

/* Only OpenSSL's types and constants come from its headers; every function is looked up at load time, so the
   binary does not depend on libssl until a TLS connection is opened. */
static struct {
    int loaded;
    char error[256];
    size_t (*SSL_get_finished)(const SSL *, void *, size_t);
    size_t (*SSL_get_peer_finished)(const SSL *, void *, size_t);
    int (*SSL_get_shared_sigalgs)(SSL *, int, int *, int *, int *, unsigned char *, unsigned char *);
    SSL_SESSION *(*SSL_get1_session)(SSL *);
    int (*i2d_SSL_SESSION)(const SSL_SESSION *, unsigned char **);
    SSL_SESSION *(*d2i_SSL_SESSION)(SSL_SESSION **, const unsigned char **, long);
    int (*SSL_set_session)(SSL *, SSL_SESSION *);
    void (*SSL_SESSION_free)(SSL_SESSION *);
    void (*SSL_SESSION_get0_ticket)(const SSL_SESSION *, const unsigned char **, size_t *);
    uint64_t (*SSL_set_options)(SSL *, uint64_t);
    const SSL_METHOD *(*TLS_client_method)(void);
    SSL_CTX *(*SSL_CTX_new)(const SSL_METHOD *);
    void (*SSL_CTX_free)(SSL_CTX *);
    void (*SSL_CTX_set_verify)(SSL_CTX *, int, SSL_verify_cb);
    int (*SSL_CTX_set_default_verify_paths)(SSL_CTX *);
    X509_STORE *(*SSL_CTX_get_cert_store)(const SSL_CTX *);
    int (*SSL_CTX_use_certificate)(SSL_CTX *, X509 *);
    int (*SSL_CTX_use_PrivateKey)(SSL_CTX *, EVP_PKEY *);
    int (*SSL_CTX_check_private_key)(const SSL_CTX *);
    long (*SSL_CTX_ctrl)(SSL_CTX *, int, long, void *);
    SSL *(*SSL_new)(SSL_CTX *);
    void (*SSL_free)(SSL *);
    int (*SSL_set_fd)(SSL *, int);
    long (*SSL_ctrl)(SSL *, int, long, void *);
    int (*SSL_set_alpn_protos)(SSL *, const unsigned char *, unsigned int);
    int (*SSL_connect)(SSL *);
    int (*SSL_read)(SSL *, void *, int);
    int (*SSL_write)(SSL *, const void *, int);
    int (*SSL_get_error)(const SSL *, int);
    int (*SSL_shutdown)(SSL *);
    int (*SSL_pending)(const SSL *);
    long (*SSL_get_verify_result)(const SSL *);
    void (*SSL_get0_alpn_selected)(const SSL *, const unsigned char **, unsigned int *);
    const char *(*SSL_get_version)(const SSL *);
    STACK_OF(X509) *(*SSL_get_peer_cert_chain)(const SSL *);
    STACK_OF(X509) *(*SSL_get0_verified_chain)(const SSL *);
    X509 *(*SSL_get1_peer_certificate)(const SSL *);
    const SSL_CIPHER *(*SSL_get_current_cipher)(const SSL *);
    int (*SSL_session_reused)(const SSL *);
    const char *(*SSL_CIPHER_get_name)(const SSL_CIPHER *);
    const char *(*SSL_CIPHER_standard_name)(const SSL_CIPHER *);
    const char *(*SSL_CIPHER_get_version)(const SSL_CIPHER *);
    X509_VERIFY_PARAM *(*SSL_get0_param)(SSL *);
    void (*X509_VERIFY_PARAM_set_hostflags)(X509_VERIFY_PARAM *, unsigned int);
    BIO *(*BIO_new_mem_buf)(const void *, int);
    BIO *(*BIO_new)(const BIO_METHOD *);
    const BIO_METHOD *(*BIO_s_mem)(void);
    int (*BIO_free)(BIO *);
    long (*BIO_ctrl)(BIO *, int, long, void *);
    X509 *(*PEM_read_bio_X509)(BIO *, X509 **, pem_password_cb *, void *);
    EVP_PKEY *(*PEM_read_bio_PrivateKey)(BIO *, EVP_PKEY **, pem_password_cb *, void *);
    void (*X509_free)(X509 *);
    void (*EVP_PKEY_free)(EVP_PKEY *);
    int (*X509_STORE_add_cert)(X509_STORE *, X509 *);
    unsigned long (*ERR_get_error)(void);
    unsigned long (*ERR_peek_last_error)(void);
    void (*ERR_error_string_n)(unsigned long, char *, size_t);
    void (*ERR_clear_error)(void);
    const char *(*X509_verify_cert_error_string)(long);
    X509_NAME *(*X509_get_subject_name)(const X509 *);
    X509_NAME *(*X509_get_issuer_name)(const X509 *);
    int (*X509_NAME_entry_count)(const X509_NAME *);
    X509_NAME_ENTRY *(*X509_NAME_get_entry)(const X509_NAME *, int);
    ASN1_OBJECT *(*X509_NAME_ENTRY_get_object)(const X509_NAME_ENTRY *);
    ASN1_STRING *(*X509_NAME_ENTRY_get_data)(const X509_NAME_ENTRY *);
    int (*OBJ_obj2nid)(const ASN1_OBJECT *);
    const char *(*OBJ_nid2sn)(int);
    int (*OBJ_obj2txt)(char *, int, const ASN1_OBJECT *, int);
    int (*ASN1_STRING_to_UTF8)(unsigned char **, const ASN1_STRING *);
    const unsigned char *(*ASN1_STRING_get0_data)(const ASN1_STRING *);
    int (*ASN1_STRING_length)(const ASN1_STRING *);
    void (*CRYPTO_free)(void *, const char *, int);
    void *(*X509_get_ext_d2i)(const X509 *, int, int *, int *);
    void (*GENERAL_NAMES_free)(GENERAL_NAMES *);
    int (*OPENSSL_sk_num)(const OPENSSL_STACK *);
    void *(*OPENSSL_sk_value)(const OPENSSL_STACK *, int);
    const ASN1_TIME *(*X509_get0_notBefore)(const X509 *);
    const ASN1_TIME *(*X509_get0_notAfter)(const X509 *);
    int (*ASN1_TIME_print)(BIO *, const ASN1_TIME *);
    int (*X509_digest)(const X509 *, const EVP_MD *, unsigned char *, unsigned int *);
    const EVP_MD *(*EVP_sha1)(void);
    const EVP_MD *(*EVP_sha256)(void);
    const EVP_MD *(*EVP_sha512)(void);
    int (*i2d_X509)(const X509 *, unsigned char **);
    ASN1_INTEGER *(*X509_get_serialNumber)(X509 *);
    BIGNUM *(*ASN1_INTEGER_to_BN)(const ASN1_INTEGER *, BIGNUM *);
    char *(*BN_bn2hex)(const BIGNUM *);
    void (*BN_free)(BIGNUM *);
    int (*X509_check_ca)(X509 *);
    int (*X509_NAME_cmp)(const X509_NAME *, const X509_NAME *);
    EVP_PKEY *(*X509_get0_pubkey)(const X509 *);
    int (*EVP_PKEY_get_base_id)(const EVP_PKEY *);
    int (*EVP_PKEY_get_bits)(const EVP_PKEY *);
    int (*EVP_PKEY_get_bn_param)(const EVP_PKEY *, const char *, BIGNUM **);
    int (*EVP_PKEY_get_utf8_string_param)(const EVP_PKEY *, const char *, char *, size_t, size_t *);
    int (*i2d_PUBKEY)(const EVP_PKEY *, unsigned char **);
    int (*OBJ_sn2nid)(const char *);
    const char *(*EC_curve_nid2nist)(int);
} api;

static pthread_once_t once = PTHREAD_ONCE_INIT;


static void load(void) {
    api.loaded = -1;
    void *library = dlopen("libssl.so.3", RTLD_NOW | RTLD_LOCAL);
    if (!library) {
        snprintf(api.error, sizeof api.error, "jshost needs OpenSSL 3 for tls and https: apt-get install libssl3");
        return;
    }
    LOOKUP(SSL_get_finished); LOOKUP(SSL_get_peer_finished); LOOKUP(SSL_get_shared_sigalgs); LOOKUP(SSL_get1_session);
    LOOKUP(i2d_SSL_SESSION); LOOKUP(d2i_SSL_SESSION); LOOKUP(SSL_set_session); LOOKUP(SSL_SESSION_free); LOOKUP(SSL_SESSION_get0_ticket);
    LOOKUP(SSL_set_options);
    LOOKUP(TLS_client_method); LOOKUP(SSL_CTX_new); LOOKUP(SSL_CTX_free); LOOKUP(SSL_CTX_set_verify);
    LOOKUP(SSL_CTX_set_default_verify_paths); LOOKUP(SSL_CTX_get_cert_store); LOOKUP(SSL_CTX_use_certificate);
    LOOKUP(SSL_CTX_use_PrivateKey); LOOKUP(SSL_CTX_check_private_key); LOOKUP(SSL_CTX_ctrl); LOOKUP(SSL_new);
    LOOKUP(SSL_free); LOOKUP(SSL_set_fd); LOOKUP(SSL_ctrl); LOOKUP(SSL_set_alpn_protos); LOOKUP(SSL_connect);
    LOOKUP(SSL_read); LOOKUP(SSL_write); LOOKUP(SSL_get_error); LOOKUP(SSL_shutdown); LOOKUP(SSL_pending); LOOKUP(SSL_get_verify_result);
    LOOKUP(SSL_get0_alpn_selected); LOOKUP(SSL_get_version); LOOKUP(SSL_get_peer_cert_chain); LOOKUP(SSL_get0_verified_chain); LOOKUP(SSL_get1_peer_certificate); LOOKUP(SSL_get_current_cipher); LOOKUP(SSL_session_reused);
    LOOKUP(SSL_CIPHER_get_name); LOOKUP(SSL_CIPHER_standard_name); LOOKUP(SSL_CIPHER_get_version); LOOKUP(SSL_get0_param);
    LOOKUP(X509_VERIFY_PARAM_set_hostflags);
    LOOKUP(BIO_new_mem_buf); LOOKUP(BIO_new); LOOKUP(BIO_s_mem); LOOKUP(BIO_free); LOOKUP(BIO_ctrl);
    LOOKUP(PEM_read_bio_X509); LOOKUP(PEM_read_bio_PrivateKey); LOOKUP(X509_free); LOOKUP(EVP_PKEY_free);
    LOOKUP(X509_STORE_add_cert); LOOKUP(ERR_get_error); LOOKUP(ERR_peek_last_error); LOOKUP(ERR_error_string_n);
    LOOKUP(ERR_clear_error); LOOKUP(X509_verify_cert_error_string); LOOKUP(X509_get_subject_name);
    LOOKUP(X509_get_issuer_name); LOOKUP(X509_NAME_entry_count); LOOKUP(X509_NAME_get_entry);
    LOOKUP(X509_NAME_ENTRY_get_object); LOOKUP(X509_NAME_ENTRY_get_data); LOOKUP(OBJ_obj2nid); LOOKUP(OBJ_nid2sn);
    LOOKUP(OBJ_obj2txt); LOOKUP(ASN1_STRING_to_UTF8); LOOKUP(ASN1_STRING_get0_data); LOOKUP(ASN1_STRING_length);
    LOOKUP(CRYPTO_free); LOOKUP(X509_get_ext_d2i); LOOKUP(GENERAL_NAMES_free); LOOKUP(OPENSSL_sk_num);
    LOOKUP(OPENSSL_sk_value); LOOKUP(X509_get0_notBefore); LOOKUP(X509_get0_notAfter); LOOKUP(ASN1_TIME_print);
    LOOKUP(X509_digest); LOOKUP(EVP_sha1); LOOKUP(EVP_sha256); LOOKUP(EVP_sha512); LOOKUP(i2d_X509);
    LOOKUP(X509_get_serialNumber); LOOKUP(ASN1_INTEGER_to_BN); LOOKUP(BN_bn2hex); LOOKUP(BN_free);
    LOOKUP(X509_check_ca); LOOKUP(X509_NAME_cmp); LOOKUP(X509_get0_pubkey); LOOKUP(EVP_PKEY_get_base_id); LOOKUP(EVP_PKEY_get_bits);
    LOOKUP(EVP_PKEY_get_bn_param); LOOKUP(EVP_PKEY_get_utf8_string_param); LOOKUP(i2d_PUBKEY); LOOKUP(OBJ_sn2nid);
    LOOKUP(EC_curve_nid2nist);
    api.loaded = 1;
}

int ctls_load(void) {
    pthread_once(&once, load);
    return api.loaded == 1;
}

const char *ctls_load_error(void) { return api.error; }

struct ctls_context { SSL_CTX *ctx; };
struct ctls_session { SSL *ssl; char error[320]; };

/* OpenSSL's own text for the newest queued error, prefixed with what jshost was doing. */
static void describe(const char *doing, char *error, size_t size) {
    unsigned long code = api.ERR_peek_last_error();
    char reason[256] = "unknown error";
    if (code) api.ERR_error_string_n(code, reason, sizeof reason);
    snprintf(error, size, "%s: %s", doing, reason);
    api.ERR_clear_error();
}

static int add_roots(SSL_CTX *ctx, const char *pem, char *error, size_t size) {
    BIO *bio = api.BIO_new_mem_buf(pem, -1);
    X509_STORE *store = api.SSL_CTX_get_cert_store(ctx);
    int added = 0;
    X509 *cert;
    while ((cert = api.PEM_read_bio_X509(bio, NULL, NULL, NULL)) != NULL) {
        api.X509_STORE_add_cert(store, cert);
        api.X509_free(cert);
        added++;
    }
    api.BIO_free(bio);
    api.ERR_clear_error();   /* the loop ends on "no start line" */
    if (added == 0) { snprintf(error, size, "the ca option holds no PEM certificate"); return 0; }
    return 1;
}

static int use_certificate(SSL_CTX *ctx, const char *cert_pem, const char *key_pem, const char *passphrase,
                           char *error, size_t size) {
    BIO *bio = api.BIO_new_mem_buf(cert_pem, -1);
    X509 *leaf = api.PEM_read_bio_X509(bio, NULL, NULL, NULL);
    if (!leaf) { api.BIO_free(bio); describe("could not read the cert option", error, size); return 0; }
    int ok = api.SSL_CTX_use_certificate(ctx, leaf);
    api.X509_free(leaf);
    X509 *extra;
    while (ok && (extra = api.PEM_read_bio_X509(bio, NULL, NULL, NULL)) != NULL) {
        /* The context owns a chain certificate once added. */
        if (!api.SSL_CTX_ctrl(ctx, SSL_CTRL_EXTRA_CHAIN_CERT, 0, extra)) { api.X509_free(extra); ok = 0; }
    }
    api.BIO_free(bio);
    api.ERR_clear_error();
    if (!ok) { snprintf(error, size, "could not use the cert option"); return 0; }
    BIO *key_bio = api.BIO_new_mem_buf(key_pem ? key_pem : cert_pem, -1);
    EVP_PKEY *key = api.PEM_read_bio_PrivateKey(key_bio, NULL, NULL, (void *)(passphrase ? passphrase : ""));
    api.BIO_free(key_bio);
    if (!key) { describe("could not read the key option", error, size); return 0; }
    ok = api.SSL_CTX_use_PrivateKey(ctx, key) && api.SSL_CTX_check_private_key(ctx);
    api.EVP_PKEY_free(key);
    if (!ok) { describe("the key option does not match the cert option", error, size); return 0; }
    return 1;
}

ctls_context *ctls_context_new(const char *ca_pem, const char *cert_pem, const char *key_pem, const char *passphrase,
                               char *error, size_t error_size) {
    if (!ctls_load()) { snprintf(error, error_size, "%s", api.error); return NULL; }
    SSL_CTX *ctx = api.SSL_CTX_new(api.TLS_client_method());
    if (!ctx) { describe("could not create a TLS context", error, error_size); return NULL; }
    /* Verification runs, but never aborts the handshake: as in Node, the JS side reads the result and decides
       (rejectUnauthorized), then checks the server's name itself (checkServerIdentity). */
    api.SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, NULL);
    api.SSL_CTX_ctrl(ctx, SSL_CTRL_SET_MIN_PROTO_VERSION, TLS1_2_VERSION, NULL);
    int ok = ca_pem ? add_roots(ctx, ca_pem, error, error_size) : api.SSL_CTX_set_default_verify_paths(ctx);
    if (!ok && !ca_pem) describe("could not load the system's certificate authorities", error, error_size);
    if (ok && cert_pem) ok = use_certificate(ctx, cert_pem, key_pem, passphrase, error, error_size);
    if (!ok) { api.SSL_CTX_free(ctx); return NULL; }
    ctls_context *context = malloc(sizeof *context);
    context->ctx = ctx;
    return context;
}

void ctls_context_free(ctls_context *context) {
    if (!context) return;
    api.SSL_CTX_free(context->ctx);
    free(context);
}

ctls_session *ctls_session_new(ctls_context *context, int fd, const char *servername, const unsigned char *alpn,
                               size_t alpn_length, char *error, size_t error_size) {
    SSL *ssl = api.SSL_new(context->ctx);
    if (!ssl || !api.SSL_set_fd(ssl, fd)) {
        describe("could not start a TLS session", error, error_size);
        if (ssl) api.SSL_free(ssl);
        return NULL;
    }
    if (servername && *servername) api.SSL_ctrl(ssl, SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name, (void *)servername);
    /* set_alpn_protos returns 0 on success. */
    if (alpn && alpn_length && api.SSL_set_alpn_protos(ssl, alpn, (unsigned int)alpn_length) != 0) {
        describe("could not set ALPNProtocols", error, error_size);
        api.SSL_free(ssl);
        return NULL;
    }
    ctls_session *session = calloc(1, sizeof *session);
    session->ssl = ssl;
    return session;
}

void ctls_session_free(ctls_session *session) {
    if (!session) return;
    api.SSL_free(session->ssl);
    free(session);
}

static long outcome(ctls_session *session, int result, const char *doing) {
    if (result > 0) return result;
    int kind = api.SSL_get_error(session->ssl, result);
    switch (kind) {
    case SSL_ERROR_WANT_READ: return CTLS_WANT_READ;
    case SSL_ERROR_WANT_WRITE: return CTLS_WANT_WRITE;
    case SSL_ERROR_ZERO_RETURN: return CTLS_CLOSED;
    case SSL_ERROR_SYSCALL:
        if (api.ERR_peek_last_error() == 0) {
            /* OpenSSL 3 reports an end of stream without close_notify as SSL_ERROR_SSL; an empty queue here means
               the socket failed or closed under the session. */
            return CTLS_CLOSED;
        }
        /* fall through */
    default: {
        /* OpenSSL's own text, unprefixed: the JS side derives Node's ERR_SSL_* code from its reason. */
        unsigned long code = api.ERR_peek_last_error();
        if (code) api.ERR_error_string_n(code, session->error, sizeof session->error);
        else snprintf(session->error, sizeof session->error, "%s failed", doing);
        api.ERR_clear_error();
        return CTLS_ERROR;
    }
    }
}

int ctls_handshake(ctls_session *session) {
    api.ERR_clear_error();
    int result = api.SSL_connect(session->ssl);
    if (result == 1) return 0;
    return (int)outcome(session, result, "TLS handshake");
}

long ctls_read(ctls_session *session, void *buffer, size_t length) {
    api.ERR_clear_error();
    int count = length > 1 << 30 ? 1 << 30 : (int)length;
    int result = api.SSL_read(session->ssl, buffer, count);
    if (result <= 0 && api.SSL_get_error(session->ssl, result) == SSL_ERROR_SSL) {
        /* An unexpected EOF (the peer closed without close_notify), as Node treats it: an end, not an error. */
        unsigned long code = api.ERR_peek_last_error();
        if (ERR_GET_REASON(code) == SSL_R_UNEXPECTED_EOF_WHILE_READING) { api.ERR_clear_error(); return CTLS_CLOSED; }
    }
    return outcome(session, result, "read");
}

long ctls_write(ctls_session *session, const void *buffer, size_t length) {
    api.ERR_clear_error();
    int count = length > 1 << 30 ? 1 << 30 : (int)length;
    return outcome(session, api.SSL_write(session->ssl, buffer, count), "write");
}

void ctls_shutdown(ctls_session *session) {
    api.ERR_clear_error();
    api.SSL_shutdown(session->ssl);
    api.ERR_clear_error();
}

const char *ctls_session_error(const ctls_session *session) { return session->error; }
int ctls_pending(const ctls_session *session) { return api.SSL_pending(session->ssl); }
long ctls_verify_result(const ctls_session *session) {
    long result = api.SSL_get_verify_result(session->ssl);
    /* OpenSSL 3 reports a lone leaf whose issuer is unknown as "unable to get local issuer certificate"; Node
       reports it as "unable to verify the first certificate", and so does jshost. */
    if (result == X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY) {
        STACK_OF(X509) *sent = api.SSL_get_peer_cert_chain(session->ssl);
        if (sent && api.OPENSSL_sk_num((const OPENSSL_STACK *)sent) == 1) {
            X509 *leaf = api.OPENSSL_sk_value((const OPENSSL_STACK *)sent, 0);
            if (api.X509_NAME_cmp(api.X509_get_subject_name(leaf), api.X509_get_issuer_name(leaf)) != 0)
                result = X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE;
        }
    }
    return result;
}
const char *ctls_verify_error_string(long code) { return api.X509_verify_cert_error_string(code); }
const char *ctls_protocol(const ctls_session *session) { return api.SSL_get_version(session->ssl); }

size_t ctls_alpn(const ctls_session *session, char *buffer, size_t length) {
    const unsigned char *name = NULL;
    unsigned int size = 0;
    api.SSL_get0_alpn_selected(session->ssl, &name, &size);
    if (!name || size == 0 || size >= length) return 0;
    memcpy(buffer, name, size);
    buffer[size] = 0;
    return size;
}

/* A growing text buffer for the certificate description. */
typedef struct { char *text; size_t length, capacity; } text_buffer;

static void append(text_buffer *out, const char *bytes, size_t count) {
    if (out->length + count + 1 > out->capacity) {
        size_t capacity = out->capacity ? out->capacity : 1024;
        while (out->length + count + 1 > capacity) capacity *= 2;
        out->text = realloc(out->text, capacity);
        out->capacity = capacity;
    }
    memcpy(out->text + out->length, bytes, count);
    out->length += count;
    out->text[out->length] = 0;
}

static void append_text(text_buffer *out, const char *text) { append(out, text, strlen(text)); }

/* Appends a value, with tabs and line breaks made spaces so the line format holds. */
static void append_value(text_buffer *out, const unsigned char *bytes, size_t count) {
    for (size_t i = 0; i < count; i++) {
        char c = (char)bytes[i];
        if (c == '\t' || c == '\n' || c == '\r') c = ' ';
        append(out, &c, 1);
    }
}

static void append_field(text_buffer *out, const char *key, const char *value) {
    append_text(out, key);
    append_text(out, "\t");
    append_value(out, (const unsigned char *)value, strlen(value));
    append_text(out, "\n");
}

static void append_name(text_buffer *out, const char *prefix, X509_NAME *name) {
    int count = api.X509_NAME_entry_count(name);
    for (int i = 0; i < count; i++) {
        X509_NAME_ENTRY *entry = api.X509_NAME_get_entry(name, i);
        ASN1_OBJECT *object = api.X509_NAME_ENTRY_get_object(entry);
        int nid = api.OBJ_obj2nid(object);
        char oid[80];
        const char *key = nid != NID_undef ? api.OBJ_nid2sn(nid) : NULL;
        if (!key) { api.OBJ_obj2txt(oid, sizeof oid, object, 1); key = oid; }
        unsigned char *utf8 = NULL;
        int length = api.ASN1_STRING_to_UTF8(&utf8, api.X509_NAME_ENTRY_get_data(entry));
        if (length < 0) continue;
        append_text(out, prefix);
        append_text(out, key);
        append_text(out, "\t");
        append_value(out, utf8, (size_t)length);
        append_text(out, "\n");
        api.CRYPTO_free(utf8, __FILE__, __LINE__);
    }
}

/* Node's subjectaltname: "DNS:a, IP Address:1.2.3.4, email:…, URI:…". */
static void append_alt_names(text_buffer *out, X509 *cert) {
    GENERAL_NAMES *names = api.X509_get_ext_d2i(cert, NID_subject_alt_name, NULL, NULL);
    if (!names) return;
    append_text(out, "subjectaltname\t");
    int count = api.OPENSSL_sk_num((const OPENSSL_STACK *)names);
    for (int i = 0; i < count; i++) {
        GENERAL_NAME *name = api.OPENSSL_sk_value((const OPENSSL_STACK *)names, i);
        if (i > 0) append_text(out, ", ");
        const ASN1_STRING *value = NULL;
        switch (name->type) {
        case GEN_DNS: append_text(out, "DNS:"); value = name->d.dNSName; break;
        case GEN_EMAIL: append_text(out, "email:"); value = name->d.rfc822Name; break;
        case GEN_URI: append_text(out, "URI:"); value = name->d.uniformResourceIdentifier; break;
        case GEN_IPADD: {
            const unsigned char *ip = api.ASN1_STRING_get0_data(name->d.iPAddress);
            int length = api.ASN1_STRING_length(name->d.iPAddress);
            char text[64] = "";
            if (length == 4) snprintf(text, sizeof text, "%d.%d.%d.%d", ip[0], ip[1], ip[2], ip[3]);
            else if (length == 16) {
                size_t used = 0;
                for (int g = 0; g < 8; g++)
                    used += (size_t)snprintf(text + used, sizeof text - used, g ? ":%X" : "%X", ip[2 * g] << 8 | ip[2 * g + 1]);
            } else snprintf(text, sizeof text, "<invalid>");
            append_text(out, "IP Address:");
            append_text(out, text);
            break;
        }
        default: append_text(out, "othername:<unsupported>"); break;
        }
        if (value) append_value(out, api.ASN1_STRING_get0_data(value), (size_t)api.ASN1_STRING_length(value));
    }
    append_text(out, "\n");
    api.GENERAL_NAMES_free(names);
}

static void append_time(text_buffer *out, const char *key, const ASN1_TIME *time) {
    BIO *bio = api.BIO_new(api.BIO_s_mem());
    api.ASN1_TIME_print(bio, time);
    char *data = NULL;
    long length = api.BIO_ctrl(bio, BIO_CTRL_INFO, 0, &data);
    append_text(out, key);
    append_text(out, "\t");
    append_value(out, (const unsigned char *)data, (size_t)(length > 0 ? length : 0));
    append_text(out, "\n");
    api.BIO_free(bio);
}

static void append_digest(text_buffer *out, const char *key, X509 *cert, const EVP_MD *md) {
    unsigned char digest[64];
    unsigned int length = 0;
    if (!api.X509_digest(cert, md, digest, &length)) return;
    char hex[3 * 64 + 1] = "";
    size_t used = 0;
    for (unsigned int i = 0; i < length; i++) used += (size_t)snprintf(hex + used, sizeof hex - used, i ? ":%02X" : "%02X", digest[i]);
    append_field(out, key, hex);
}

static void append_hex(text_buffer *out, const char *key, const unsigned char *bytes, int length) {
    append_text(out, key);
    append_text(out, "\t");
    char pair[3];
    for (int i = 0; i < length; i++) { snprintf(pair, sizeof pair, "%02x", bytes[i]); append(out, pair, 2); }
    append_text(out, "\n");
}

static void append_bignum(text_buffer *out, const char *key, EVP_PKEY *key_value, const char *param, const char *prefix) {
    BIGNUM *number = NULL;
    if (!api.EVP_PKEY_get_bn_param(key_value, param, &number) || !number) return;
    char *hex = api.BN_bn2hex(number);
    if (hex) {
        char text[16 * 1024];
        snprintf(text, sizeof text, "%s%s", prefix, hex);
        append_field(out, key, text);
        api.CRYPTO_free(hex, __FILE__, __LINE__);
    }
    api.BN_free(number);
}

/* Node's public key fields: modulus, bits, exponent for RSA; bits, asn1Curve, nistCurve for EC; pubkey (DER). */
static void append_public_key(text_buffer *out, X509 *cert) {
    EVP_PKEY *key = api.X509_get0_pubkey(cert);
    if (!key) return;
    char number[32];
    int type = api.EVP_PKEY_get_base_id(key);
    if (type == EVP_PKEY_RSA) {
        append_bignum(out, "modulus", key, "n", "");
        snprintf(number, sizeof number, "%d", api.EVP_PKEY_get_bits(key));
        append_field(out, "bits", number);
        append_bignum(out, "exponent", key, "e", "0x");
    } else if (type == EVP_PKEY_EC) {
        snprintf(number, sizeof number, "%d", api.EVP_PKEY_get_bits(key));
        append_field(out, "bits", number);
    }
    unsigned char *der = NULL;
    int length = api.i2d_PUBKEY(key, &der);
    if (length > 0) { append_hex(out, "pubkey", der, length); api.CRYPTO_free(der, __FILE__, __LINE__); }
    if (type == EVP_PKEY_EC) {
        char curve[80];
        size_t used = 0;
        if (api.EVP_PKEY_get_utf8_string_param(key, "group", curve, sizeof curve, &used)) {
            append_field(out, "asn1Curve", curve);
            const char *nist = api.EC_curve_nid2nist(api.OBJ_sn2nid(curve));
            if (nist) append_field(out, "nistCurve", nist);
        }
    }
}

static void describe_certificate(text_buffer *out, X509 *cert) {
    append_name(out, "subject.", api.X509_get_subject_name(cert));
    append_name(out, "issuer.", api.X509_get_issuer_name(cert));
    append_alt_names(out, cert);
    append_field(out, "ca", api.X509_check_ca(cert) ? "true" : "false");
    append_public_key(out, cert);
    append_time(out, "valid_from", api.X509_get0_notBefore(cert));
    append_time(out, "valid_to", api.X509_get0_notAfter(cert));
    append_digest(out, "fingerprint", cert, api.EVP_sha1());
    append_digest(out, "fingerprint256", cert, api.EVP_sha256());
    append_digest(out, "fingerprint512", cert, api.EVP_sha512());
    BIGNUM *serial = api.ASN1_INTEGER_to_BN(api.X509_get_serialNumber(cert), NULL);
    if (serial) {
        char *hex = api.BN_bn2hex(serial);
        if (hex) { append_field(out, "serialNumber", hex); api.CRYPTO_free(hex, __FILE__, __LINE__); }
        api.BN_free(serial);
    }
    unsigned char *der = NULL;
    int length = api.i2d_X509(cert, &der);
    if (length > 0) { append_hex(out, "raw", der, length); api.CRYPTO_free(der, __FILE__, __LINE__); }
    append_text(out, "\n");
}

char *ctls_peer_certificates(const ctls_session *session) {
    /* The verified chain reaches the trusted root, as Node's detailed certificate does; a chain that did not
       verify is reported as the peer sent it. */
    STACK_OF(X509) *chain = api.SSL_get0_verified_chain(session->ssl);
    if (!chain || api.OPENSSL_sk_num((const OPENSSL_STACK *)chain) == 0) chain = api.SSL_get_peer_cert_chain(session->ssl);
    text_buffer out = {0};
    if (!chain || api.OPENSSL_sk_num((const OPENSSL_STACK *)chain) == 0) {
        /* A resumed session keeps only the peer's leaf certificate. */
        X509 *leaf = api.SSL_get1_peer_certificate(session->ssl);
        if (!leaf) return NULL;
        describe_certificate(&out, leaf);
        api.X509_free(leaf);
        return out.text;
    }
    int count = api.OPENSSL_sk_num((const OPENSSL_STACK *)chain);
    for (int i = 0; i < count; i++) describe_certificate(&out, api.OPENSSL_sk_value((const OPENSSL_STACK *)chain, i));
    return out.text;
}

void ctls_free(void *pointer) { free(pointer); }

size_t ctls_session_bytes(const ctls_session *session, int which, void *out, size_t capacity) {
    if (which == CTLS_FINISHED) return api.SSL_get_finished(session->ssl, out, capacity);
    if (which == CTLS_PEER_FINISHED) return api.SSL_get_peer_finished(session->ssl, out, capacity);
    SSL_SESSION *saved = api.SSL_get1_session(session->ssl);
    if (!saved) return 0;
    size_t length = 0;
    if (which == CTLS_SESSION) {
        int size = api.i2d_SSL_SESSION(saved, NULL);
        if (size > 0 && (size_t)size <= capacity) {
            unsigned char *cursor = out;
            length = (size_t)api.i2d_SSL_SESSION(saved, &cursor);
        }
    } else {
        const unsigned char *ticket = NULL;
        size_t ticket_length = 0;
        api.SSL_SESSION_get0_ticket(saved, &ticket, &ticket_length);
        if (ticket && ticket_length <= capacity) { memcpy(out, ticket, ticket_length); length = ticket_length; }
    }
    api.SSL_SESSION_free(saved);
    return length;
}

size_t ctls_shared_sigalgs(const ctls_session *session, char *out, size_t capacity) {
    size_t used = 0;
    out[0] = 0;
    int count = api.SSL_get_shared_sigalgs(session->ssl, 0, NULL, NULL, NULL, NULL, NULL);
    for (int i = 0; i < count; i++) {
        int sign = 0, hash = 0;
        api.SSL_get_shared_sigalgs(session->ssl, i, &sign, &hash, NULL, NULL, NULL);
        const char *kind = sign == EVP_PKEY_RSA ? "RSA" : sign == EVP_PKEY_RSA_PSS ? "RSA-PSS" : sign == EVP_PKEY_DSA ? "DSA"
            : sign == EVP_PKEY_EC ? "ECDSA" : sign == NID_ED25519 ? "Ed25519" : sign == NID_ED448 ? "Ed448" : api.OBJ_nid2sn(sign);
        const char *digest = hash == NID_undef ? "UNDEF" : api.OBJ_nid2sn(hash);
        int written = snprintf(out + used, capacity - used, "%s%s+%s", used ? ":" : "", kind ? kind : "UNDEF", digest ? digest : "UNDEF");
        if (written < 0 || (size_t)written >= capacity - used) break;
        used += (size_t)written;
    }
    return used;
}

size_t ctls_cipher(const ctls_session *session, char *out, size_t capacity) {
    out[0] = 0;
    const SSL_CIPHER *cipher = api.SSL_get_current_cipher(session->ssl);
    if (!cipher) return 0;
    const char *standard = api.SSL_CIPHER_standard_name(cipher);
    int written = snprintf(out, capacity, "%s\t%s\t%s", api.SSL_CIPHER_get_name(cipher), standard ? standard : "",
                           api.SSL_CIPHER_get_version(cipher));
    return written < 0 || (size_t)written >= capacity ? 0 : (size_t)written;
}

int ctls_session_reused(const ctls_session *session) { return api.SSL_session_reused(session->ssl); }

int ctls_set_session(ctls_session *session, const void *der, size_t length) {
    const unsigned char *cursor = der;
    SSL_SESSION *saved = api.d2i_SSL_SESSION(NULL, &cursor, (long)length);
    if (!saved) { api.ERR_clear_error(); return 0; }
    int ok = api.SSL_set_session(session->ssl, saved);
    api.SSL_SESSION_free(saved);
    return ok;
}

void ctls_disable_renegotiation(ctls_session *session) { api.SSL_set_options(session->ssl, SSL_OP_NO_RENEGOTIATION); }

int ctls_set_versions(ctls_session *session, int min_version, int max_version) {
    int ok = 1;
    if (min_version) ok = api.SSL_ctrl(session->ssl, SSL_CTRL_SET_MIN_PROTO_VERSION, min_version, NULL) > 0;
    if (ok && max_version) ok = api.SSL_ctrl(session->ssl, SSL_CTRL_SET_MAX_PROTO_VERSION, max_version, NULL) > 0;
    return ok;
}
