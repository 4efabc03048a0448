// The `http2` builtin: it loads (HTTP clients import its constants to offer HTTP/2 as an option); opening a session fails.
(function (internals) {
  'use strict';
  const factories = internals.builtinFactories;
  // http2 loads (HTTP clients import its constants to offer HTTP/2 as an option); opening a session fails.
  factories.set('http2', () => {
    const http2Refuse = (name) => function () {
      const e = new Error(`http2.${name}() is not provided by jshost: HTTP/2 is not available; use HTTP/1.1, the default of HTTP clients`);
      e.code = 'ERR_JSHOST_UNSUPPORTED_MODULE';
      throw e;
    };
    const http2Constants = {
      NGHTTP2_NO_ERROR: 0, NGHTTP2_PROTOCOL_ERROR: 1, NGHTTP2_INTERNAL_ERROR: 2, NGHTTP2_FLOW_CONTROL_ERROR: 3,
      NGHTTP2_SETTINGS_TIMEOUT: 4, NGHTTP2_STREAM_CLOSED: 5, NGHTTP2_FRAME_SIZE_ERROR: 6, NGHTTP2_REFUSED_STREAM: 7,
      NGHTTP2_CANCEL: 8, NGHTTP2_COMPRESSION_ERROR: 9, NGHTTP2_CONNECT_ERROR: 10, NGHTTP2_ENHANCE_YOUR_CALM: 11,
      NGHTTP2_INADEQUATE_SECURITY: 12, NGHTTP2_HTTP_1_1_REQUIRED: 13,
      HTTP2_HEADER_STATUS: ':status', HTTP2_HEADER_METHOD: ':method', HTTP2_HEADER_AUTHORITY: ':authority',
      HTTP2_HEADER_SCHEME: ':scheme', HTTP2_HEADER_PATH: ':path', HTTP2_HEADER_PROTOCOL: ':protocol',
      HTTP2_METHOD_GET: 'GET', HTTP2_METHOD_POST: 'POST', HTTP2_METHOD_PUT: 'PUT', HTTP2_METHOD_DELETE: 'DELETE',
      HTTP2_METHOD_HEAD: 'HEAD', HTTP2_METHOD_OPTIONS: 'OPTIONS', HTTP2_METHOD_PATCH: 'PATCH', HTTP2_METHOD_CONNECT: 'CONNECT',
    };
    for (const name of ['accept', 'accept-encoding', 'accept-language', 'authorization', 'cache-control', 'connection',
      'content-encoding', 'content-length', 'content-type', 'cookie', 'date', 'etag', 'host', 'keep-alive', 'location',
      'proxy-authorization', 'set-cookie', 'transfer-encoding', 'upgrade', 'user-agent']) {
      http2Constants['HTTP2_HEADER_' + name.toUpperCase().replace(/-/g, '_')] = name;
    }
    for (const [code, text] of [[200, 'OK'], [204, 'NO_CONTENT'], [301, 'MOVED_PERMANENTLY'], [302, 'FOUND'], [304, 'NOT_MODIFIED'],
      [400, 'BAD_REQUEST'], [401, 'UNAUTHORIZED'], [403, 'FORBIDDEN'], [404, 'NOT_FOUND'], [500, 'INTERNAL_SERVER_ERROR']]) {
      http2Constants['HTTP_STATUS_' + text] = code;
    }
    const http2 = {
      constants: http2Constants, sensitiveHeaders: Symbol('nodejs.http2.sensitiveHeaders'),
      connect: http2Refuse('connect'), createServer: http2Refuse('createServer'), createSecureServer: http2Refuse('createSecureServer'),
      getDefaultSettings: () => ({ headerTableSize: 4096, enablePush: true, initialWindowSize: 65535, maxFrameSize: 16384,
        maxConcurrentStreams: 4294967295, maxHeaderListSize: 65535, maxHeaderSize: 65535, enableConnectProtocol: false }),
      getPackedSettings: http2Refuse('getPackedSettings'), getUnpackedSettings: http2Refuse('getUnpackedSettings'),
      Http2ServerRequest: class Http2ServerRequest {}, Http2ServerResponse: class Http2ServerResponse {},
    };
    return http2;
  });
})
