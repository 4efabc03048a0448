#include "CRabbitMQ.h"
#include "library.h"

#include <string.h>
#include <sys/time.h>
#include <amqp_framing.h>

amqp_rpc_reply_t jshost_amqp_login(amqp_connection_state_t state, const char *vhost, const char *user, const char *password,
                                   int heartbeat_seconds, const char *connection_name) {
    if (connection_name == NULL) {
        return jshost_rabbitmq.amqp_login(state, vhost, 0, 131072, heartbeat_seconds, AMQP_SASL_METHOD_PLAIN, user, password);
    }
    amqp_table_entry_t entry;
    entry.key = jshost_amqp_bytes("connection_name");
    entry.value.kind = AMQP_FIELD_KIND_UTF8;
    entry.value.value.bytes = jshost_amqp_bytes(connection_name);
    amqp_table_t properties = {1, &entry};
    return jshost_rabbitmq.amqp_login_with_properties(state, vhost, 0, 131072, heartbeat_seconds, &properties, AMQP_SASL_METHOD_PLAIN, user,
                                      password);
}

/// The headers as rabbitmq-c's table entries (which borrow their strings).
static void fill_table(amqp_table_entry_t *entries, const jshost_amqp_header *headers, int header_count) {
    for (int index = 0; index < header_count; index++) {
        entries[index].key = jshost_amqp_bytes(headers[index].name);
        switch (headers[index].kind) {
        case 1:
            entries[index].value.kind = AMQP_FIELD_KIND_I64;
            entries[index].value.value.i64 = headers[index].number;
            break;
        case 2:
            entries[index].value.kind = AMQP_FIELD_KIND_BOOLEAN;
            entries[index].value.value.boolean = headers[index].number != 0;
            break;
        default:
            entries[index].value.kind = AMQP_FIELD_KIND_UTF8;
            entries[index].value.value.bytes = jshost_amqp_bytes(headers[index].text);
        }
    }
}

int jshost_amqp_publish(amqp_connection_state_t state, amqp_channel_t channel, const char *exchange, const char *routing_key,
                        const void *body, size_t body_length, int mandatory, int persistent, const char *content_type,
                        const char *content_encoding, const char *expiration, const char *reply_to,
                        const jshost_amqp_header *headers, int header_count) {
    amqp_table_entry_t entries[header_count > 0 ? header_count : 1];
    fill_table(entries, headers, header_count);
    amqp_basic_properties_t properties;
    memset(&properties, 0, sizeof properties);
    properties._flags = AMQP_BASIC_HEADERS_FLAG | AMQP_BASIC_DELIVERY_MODE_FLAG;
    properties.headers.num_entries = header_count;
    properties.headers.entries = entries;
    properties.delivery_mode = persistent ? AMQP_DELIVERY_PERSISTENT : AMQP_DELIVERY_NONPERSISTENT;
    if (content_type) {
        properties._flags |= AMQP_BASIC_CONTENT_TYPE_FLAG;
        properties.content_type = jshost_amqp_bytes(content_type);
    }
    if (content_encoding) {
        properties._flags |= AMQP_BASIC_CONTENT_ENCODING_FLAG;
        properties.content_encoding = jshost_amqp_bytes(content_encoding);
    }
    if (expiration) {
        properties._flags |= AMQP_BASIC_EXPIRATION_FLAG;
        properties.expiration = jshost_amqp_bytes(expiration);
    }
    if (reply_to) {
        properties._flags |= AMQP_BASIC_REPLY_TO_FLAG;
        properties.reply_to = jshost_amqp_bytes(reply_to);
    }
    amqp_bytes_t content = {body_length, (void *)body};
    return jshost_rabbitmq.amqp_basic_publish(state, channel, jshost_amqp_bytes(exchange), jshost_amqp_bytes(routing_key), mandatory, 0,
                              &properties, content);
}

int jshost_amqp_wait_confirm(amqp_connection_state_t state, int timeout_ms, uint64_t *delivery_tag, int *multiple) {
    struct timeval timeout = {timeout_ms / 1000, (timeout_ms % 1000) * 1000};
    amqp_frame_t frame;
    for (;;) {
        int status = jshost_rabbitmq.amqp_simple_wait_frame_noblock(state, &frame, &timeout);
        if (status == AMQP_STATUS_TIMEOUT) return 0;
        if (status != AMQP_STATUS_OK) return -1;
        if (frame.frame_type != AMQP_FRAME_METHOD) continue;
        switch (frame.payload.method.id) {
        case AMQP_BASIC_ACK_METHOD: {
            amqp_basic_ack_t *ack = frame.payload.method.decoded;
            *delivery_tag = ack->delivery_tag;
            *multiple = ack->multiple;
            return 1;
        }
        case AMQP_BASIC_NACK_METHOD: {
            amqp_basic_nack_t *nack = frame.payload.method.decoded;
            *delivery_tag = nack->delivery_tag;
            *multiple = nack->multiple;
            return 2;
        }
        case AMQP_BASIC_RETURN_METHOD: {
            // An unroutable mandatory message comes back (its content frames follow); its ack comes after.
            amqp_message_t message;
            jshost_rabbitmq.amqp_read_message(state, frame.channel, &message, 0);
            jshost_rabbitmq.amqp_destroy_message(&message);
            *delivery_tag = 0;
            return 3;
        }
        case AMQP_CHANNEL_CLOSE_METHOD:
        case AMQP_CONNECTION_CLOSE_METHOD:
            return -1;
        default:
            break;
        }
    }
}

int jshost_amqp_next(amqp_connection_state_t state, int timeout_ms, amqp_envelope_t *envelope) {
    jshost_rabbitmq.amqp_maybe_release_buffers(state);
    struct timeval timeout = {timeout_ms / 1000, (timeout_ms % 1000) * 1000};
    amqp_rpc_reply_t reply = jshost_rabbitmq.amqp_consume_message(state, envelope, timeout_ms < 0 ? NULL : &timeout, 0);
    if (reply.reply_type == AMQP_RESPONSE_NORMAL) return 1;
    if (reply.reply_type == AMQP_RESPONSE_LIBRARY_EXCEPTION && reply.library_error == AMQP_STATUS_TIMEOUT) return 0;
    return -1;
}

void jshost_amqp_queue_declare(amqp_connection_state_t state, amqp_channel_t channel, const char *name, int durable,
                               const jshost_amqp_header *arguments, int argument_count) {
    amqp_table_entry_t entries[argument_count > 0 ? argument_count : 1];
    fill_table(entries, arguments, argument_count);
    amqp_table_t table = {argument_count, entries};
    jshost_rabbitmq.amqp_queue_declare(state, channel, jshost_amqp_bytes(name), 0, durable, 0, 0, table);
}

int jshost_amqp_tend(amqp_connection_state_t state) {
    // A wait of no time: rabbitmq-c sends a heartbeat that is due and reports one the broker missed sending. Between
    // jobs nothing else is expected; a broker's close is an end, any other frame is of no use now.
    struct timeval none = {0, 0};
    for (;;) {
        amqp_frame_t frame;
        int status = jshost_rabbitmq.amqp_simple_wait_frame_noblock(state, &frame, &none);
        if (status == AMQP_STATUS_TIMEOUT) return AMQP_STATUS_OK;
        if (status != AMQP_STATUS_OK) return status;
        if (frame.frame_type == AMQP_FRAME_METHOD &&
            (frame.payload.method.id == AMQP_CONNECTION_CLOSE_METHOD || frame.payload.method.id == AMQP_CHANNEL_CLOSE_METHOD)) {
            return AMQP_STATUS_CONNECTION_CLOSED;
        }
    }
}

// What Swift calls directly, through the loaded library.

amqp_connection_state_t jshost_amqp_new_connection(void) { return jshost_rabbitmq.amqp_new_connection(); }

void jshost_amqp_destroy_connection(amqp_connection_state_t state) { jshost_rabbitmq.amqp_destroy_connection(state); }

int jshost_amqp_open_socket(amqp_connection_state_t state, const char *host, int port, int timeout_seconds) {
    amqp_socket_t *socket = jshost_rabbitmq.amqp_tcp_socket_new(state);
    if (!socket) return AMQP_STATUS_NO_MEMORY;
    // Every call that waits for the broker's answer (login, declare, close…) gives up after this long.
    struct timeval timeout = {timeout_seconds, 0};
    jshost_rabbitmq.amqp_set_rpc_timeout(state, &timeout);
    jshost_rabbitmq.amqp_set_handshake_timeout(state, &timeout);
    return jshost_rabbitmq.amqp_socket_open(socket, host, port);
}

void jshost_amqp_channel_open(amqp_connection_state_t state, amqp_channel_t channel) {
    jshost_rabbitmq.amqp_channel_open(state, channel);
}

void jshost_amqp_confirm_select(amqp_connection_state_t state, amqp_channel_t channel) {
    jshost_rabbitmq.amqp_confirm_select(state, channel);
}

amqp_rpc_reply_t jshost_amqp_get_rpc_reply(amqp_connection_state_t state) { return jshost_rabbitmq.amqp_get_rpc_reply(state); }

void jshost_amqp_exchange_declare(amqp_connection_state_t state, amqp_channel_t channel, const char *name, const char *type,
                                  int durable) {
    jshost_rabbitmq.amqp_exchange_declare(state, channel, jshost_amqp_bytes(name), jshost_amqp_bytes(type), 0, durable, 0, 0,
                                          jshost_amqp_empty_table());
}

void jshost_amqp_queue_bind(amqp_connection_state_t state, amqp_channel_t channel, const char *queue, const char *exchange,
                            const char *routing_key) {
    jshost_rabbitmq.amqp_queue_bind(state, channel, jshost_amqp_bytes(queue), jshost_amqp_bytes(exchange),
                                    jshost_amqp_bytes(routing_key), jshost_amqp_empty_table());
}

void jshost_amqp_consume(amqp_connection_state_t state, amqp_channel_t channel, const char *queue, uint16_t prefetch) {
    jshost_rabbitmq.amqp_basic_qos(state, channel, 0, prefetch, 0);
    if (jshost_rabbitmq.amqp_get_rpc_reply(state).reply_type != AMQP_RESPONSE_NORMAL) return;
    amqp_bytes_t none = {0, NULL};
    jshost_rabbitmq.amqp_basic_consume(state, channel, jshost_amqp_bytes(queue), none, 0, 0, 0, jshost_amqp_empty_table());
}

int jshost_amqp_ack(amqp_connection_state_t state, amqp_channel_t channel, uint64_t delivery_tag, int multiple) {
    return jshost_rabbitmq.amqp_basic_ack(state, channel, delivery_tag, multiple);
}

int jshost_amqp_reject(amqp_connection_state_t state, amqp_channel_t channel, uint64_t delivery_tag, int requeue) {
    return jshost_rabbitmq.amqp_basic_reject(state, channel, delivery_tag, requeue);
}

void jshost_amqp_close(amqp_connection_state_t state, amqp_channel_t channel) {
    jshost_rabbitmq.amqp_channel_close(state, channel, AMQP_REPLY_SUCCESS);
    jshost_rabbitmq.amqp_connection_close(state, AMQP_REPLY_SUCCESS);
}

void jshost_amqp_destroy_envelope(amqp_envelope_t *envelope) { jshost_rabbitmq.amqp_destroy_envelope(envelope); }

const char *jshost_amqp_error_string(int status) {
    return jshost_rabbitmq.loaded ? jshost_rabbitmq.amqp_error_string2(status) : "rabbitmq-c is not loaded";
}
