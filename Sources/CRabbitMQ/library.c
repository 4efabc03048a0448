// rabbitmq-c, loaded the first time the broker is used (dlopen): a command that never talks to a broker does not
// load it, nor the OpenSSL it links, at every start (their relocations cost a run's start time and memory).
#include "CRabbitMQ.h"
#include "library.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>

struct jshost_rabbitmq jshost_rabbitmq;

static pthread_once_t once = PTHREAD_ONCE_INIT;
static char load_error[256];

#define LOOKUP(name)                                                                                          \
    if (!(jshost_rabbitmq.name = dlsym(library, #name))) {                                                    \
        snprintf(load_error, sizeof load_error, "librabbitmq.so.4 has no %s; install librabbitmq4 0.11 or later", #name); \
        return;                                                                                               \
    }

static void load(void) {
    void *library = dlopen("librabbitmq.so.4", RTLD_NOW | RTLD_LOCAL);
    if (!library) {
        snprintf(load_error, sizeof load_error, "jshost needs rabbitmq-c for the broker: apt-get install librabbitmq4 (%s)", dlerror());
        return;
    }
    LOOKUP(amqp_new_connection) LOOKUP(amqp_destroy_connection) LOOKUP(amqp_tcp_socket_new) LOOKUP(amqp_socket_open)
    LOOKUP(amqp_set_rpc_timeout) LOOKUP(amqp_set_handshake_timeout) LOOKUP(amqp_login) LOOKUP(amqp_login_with_properties)
    LOOKUP(amqp_channel_open) LOOKUP(amqp_channel_close) LOOKUP(amqp_connection_close) LOOKUP(amqp_confirm_select)
    LOOKUP(amqp_get_rpc_reply) LOOKUP(amqp_exchange_declare) LOOKUP(amqp_queue_declare) LOOKUP(amqp_queue_bind)
    LOOKUP(amqp_basic_qos) LOOKUP(amqp_basic_consume) LOOKUP(amqp_basic_ack) LOOKUP(amqp_basic_reject)
    LOOKUP(amqp_basic_publish) LOOKUP(amqp_consume_message) LOOKUP(amqp_destroy_envelope)
    LOOKUP(amqp_maybe_release_buffers) LOOKUP(amqp_simple_wait_frame_noblock) LOOKUP(amqp_read_message)
    LOOKUP(amqp_destroy_message) LOOKUP(amqp_error_string2)
    jshost_rabbitmq.loaded = 1;
}

int jshost_amqp_load(char *error, size_t error_size) {
    pthread_once(&once, load);
    if (!jshost_rabbitmq.loaded) snprintf(error, error_size, "%s", load_error);
    return jshost_rabbitmq.loaded;
}
