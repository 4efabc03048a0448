// rabbitmq-c's functions as jshost calls them: pointers into librabbitmq.so.4, filled by jshost_amqp_load.
#ifndef JSHOST_CRABBITMQ_LIBRARY_H
#define JSHOST_CRABBITMQ_LIBRARY_H

#include <amqp.h>
#include <amqp_framing.h>
#include <amqp_tcp_socket.h>
#include <string.h>

#define JSHOST_RABBITMQ_FUNCTION(name) __typeof__(name) *name;

struct jshost_rabbitmq {
    int loaded;
    JSHOST_RABBITMQ_FUNCTION(amqp_new_connection)
    JSHOST_RABBITMQ_FUNCTION(amqp_destroy_connection)
    JSHOST_RABBITMQ_FUNCTION(amqp_tcp_socket_new)
    JSHOST_RABBITMQ_FUNCTION(amqp_socket_open)
    JSHOST_RABBITMQ_FUNCTION(amqp_set_rpc_timeout)
    JSHOST_RABBITMQ_FUNCTION(amqp_set_handshake_timeout)
    JSHOST_RABBITMQ_FUNCTION(amqp_login)
    JSHOST_RABBITMQ_FUNCTION(amqp_login_with_properties)
    JSHOST_RABBITMQ_FUNCTION(amqp_channel_open)
    JSHOST_RABBITMQ_FUNCTION(amqp_channel_close)
    JSHOST_RABBITMQ_FUNCTION(amqp_connection_close)
    JSHOST_RABBITMQ_FUNCTION(amqp_confirm_select)
    JSHOST_RABBITMQ_FUNCTION(amqp_get_rpc_reply)
    JSHOST_RABBITMQ_FUNCTION(amqp_exchange_declare)
    JSHOST_RABBITMQ_FUNCTION(amqp_queue_declare)
    JSHOST_RABBITMQ_FUNCTION(amqp_queue_bind)
    JSHOST_RABBITMQ_FUNCTION(amqp_basic_qos)
    JSHOST_RABBITMQ_FUNCTION(amqp_basic_consume)
    JSHOST_RABBITMQ_FUNCTION(amqp_basic_ack)
    JSHOST_RABBITMQ_FUNCTION(amqp_basic_reject)
    JSHOST_RABBITMQ_FUNCTION(amqp_basic_publish)
    JSHOST_RABBITMQ_FUNCTION(amqp_consume_message)
    JSHOST_RABBITMQ_FUNCTION(amqp_destroy_envelope)
    JSHOST_RABBITMQ_FUNCTION(amqp_maybe_release_buffers)
    JSHOST_RABBITMQ_FUNCTION(amqp_simple_wait_frame_noblock)
    JSHOST_RABBITMQ_FUNCTION(amqp_read_message)
    JSHOST_RABBITMQ_FUNCTION(amqp_destroy_message)
    JSHOST_RABBITMQ_FUNCTION(amqp_error_string2)
};

extern struct jshost_rabbitmq jshost_rabbitmq;

/// A C string as rabbitmq-c's byte range (borrowed: the string must outlive its use).
static inline amqp_bytes_t jshost_amqp_bytes(const char *text) {
    amqp_bytes_t bytes = {strlen(text), (void *)text};
    return bytes;
}

static inline amqp_table_t jshost_amqp_empty_table(void) {
    amqp_table_t table = {0, NULL};
    return table;
}

#endif
