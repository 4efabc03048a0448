/// The component the sailor tests run: one function per scenario of sailor's integration tests (our own code, in
/// the shapes those tests exercise: sync emits, awaited emits, returned values, hooks).
enum SailorFixture {
    static func write(into workspace: Workspace) throws {
        let files: [String: String] = [
            "component/component.json": """
                {"title": "Sailor scenarios",
                 "triggers": {
                   "echo": {"main": "./lib/echo.js"},
                   "init_then_emit": {"main": "./lib/init_then_emit.js"},
                   "fails_to_init": {"main": "./lib/fails_to_init.js"},
                   "emit_loop": {"main": "./lib/emit_loop.js"},
                   "rebound": {"main": "./lib/rebound.js"},
                   "fail": {"main": "./lib/fail.js"},
                   "snapshots": {"main": "./lib/snapshots.js"},
                   "custom_route": {"main": "./lib/custom_route.js"},
                   "keys": {"main": "./lib/keys.js"},
                   "hooks": {"main": "./lib/hooks.js"},
                   "oversized": {"main": "./lib/oversized.js"},
                   "slow": {"main": "./lib/slow.js"},
                   "mixed": {"main": "./lib/mixed.js"}
                 },
                 "actions": {"reply": {"main": "./lib/reply.js"}, "reply_without_await": {"main": "./lib/reply_without_await.js"},
                             "models": {"main": "./lib/models.js"}}}
                """,
            "component/verifyCredentials.js": """
                module.exports = function verify(credentials) {
                  if (credentials.apiKey === 'secret') return Promise.resolve({ verified: true });
                  return Promise.reject(new Error('apiKey is wrong'));
                };
                """,
            "component/lib/echo.js": """
                exports.process = function (msg, cfg, snapshot) {
                  this.emit('data', { id: 'f45be600-f770-11e6-b42d-b187bfbf1bbb', headers: { 'x-custom-component-header': '123_abc' },
                                      body: { msg, cfg, snapshot } });
                  this.emit('end');
                };
                """,
            "component/lib/init_then_emit.js": """
                const subscription = {};
                exports.init = async function (cfg) { subscription.id = 'subscription_12345'; subscription.cfg = cfg; };
                exports.process = async function (msg) {
                  return { id: 'f45be600-f770-11e6-b42d-b187bfbf19fd', body: { originalMsg: msg, subscription } };
                };
                """,
            "component/lib/fails_to_init.js": """
                exports.init = function () { throw new Error('OMG. I cannot init'); };
                exports.process = function () { this.emit('end'); };
                """,
            "component/lib/emit_loop.js": """
                exports.process = async function () {
                  for (let i = 0; i < 11; i++) {
                    await this.emit('data', { id: 'f45be600-f770-11e6-b42d-b187bfbf19fd', headers: { 'x-custom-component-header': '123_abc' },
                                              body: { id: 'someId', hai: 'there', i } });
                  }
                  this.emit('end');
                };
                """,
            "component/lib/rebound.js": """
                exports.process = function () {
                  this.emit('rebound', new Error('Service unavailable, try again later'));
                  this.emit('end');
                };
                """,
            "component/lib/fail.js": """
                exports.process = async function (msg) {
                  throw new Error('Something went wrong with ' + msg.body.message);
                };
                """,
            "component/lib/snapshots.js": """
                exports.process = async function (msg, cfg, snapshot) {
                  const count = (snapshot.count || 0) + 1;
                  await this.emit('snapshot', { count, lastModifiedDate: snapshot.lastModifiedDate });
                  await this.emit('updateSnapshot', { seen: msg.body.message });
                  return { body: { count } };
                };
                """,
            "component/lib/custom_route.js": """
                exports.process = async function (msg) {
                  return { body: msg.body, headers: { 'X-EIO-Routing-Key': msg.body.route, kept: 'yes' } };
                };
                """,
            "component/lib/keys.js": """
                exports.process = async function () {
                  await this.emit('updateKeys', { oauth: { access_token: 'fresh' } });
                  return { body: { updated: true } };
                };
                """,
            "component/lib/hooks.js": """
                const fs = require('fs');
                exports.startup = async function (cfg) { return { subscription: 'on', for: cfg.apiKey }; };
                exports.shutdown = async function (cfg, startupData) {
                  fs.writeFileSync(cfg.shutdownMarker, JSON.stringify({ cfg: cfg.apiKey, startupData }));
                };
                exports.process = async function (msg) { return { body: msg.body }; };
                """,
            "component/lib/oversized.js": """
                exports.process = async function () {
                  await this.emit('data', { body: { big: 'x'.repeat(2000) } });
                  await this.emit('data', { body: { small: true } });
                };
                """,
            "component/lib/mixed.js": """
                // A snapshot, then two data messages, or an error for every seventh message.
                exports.process = async function (msg, cfg, snapshot) {
                  const i = msg.body.i;
                  await this.emit('snapshot', { count: (snapshot.count || 0) + 1 });
                  if (i % 7 === 3) throw new Error('fails at ' + i);
                  await this.emit('data', { body: { i, part: 1 } });
                  return { body: { i, part: 2 } };
                };
                """,
            "component/lib/slow.js": """
                // Runs until the test creates the file SLOW_UNTIL names (it has done what must happen mid-message),
                // or two seconds without it.
                const fs = require('fs');
                exports.process = async function (msg) {
                  console.log('slow: started ' + msg.body.message);
                  const until = process.env.SLOW_UNTIL;
                  if (until) {
                    while (!fs.existsSync(until)) await new Promise((resolve) => setTimeout(resolve, 20));
                  } else {
                    await new Promise((resolve) => setTimeout(resolve, 2000));
                  }
                  return { body: { echoed: msg.body.message } };
                };
                """,
            "component/lib/reply.js": """
                exports.process = function () {
                  this.emit('httpReply', { statusCode: 200, body: 'Ok', headers: { 'content-type': 'text/plain' } });
                  this.emit('end');
                };
                """,
            "component/lib/reply_without_await.js": """
                exports.process = async function () {
                  await this.emit('httpReply', { statusCode: 200, body: 'Ok', headers: {} });
                  return { body: { replied: true } };
                };
                """,
            "component/lib/models.js": """
                exports.process = async function () { return { body: {} }; };
                exports.getMetaModel = async function (cfg) {
                  this.emit('updateKeys', { refreshed: cfg.apiKey });
                  return { in: { type: 'object', properties: { name: { type: 'string' } } } };
                };
                exports.listThings = function (cfg, callback) { callback(null, { a: 'Thing A', b: 'Thing B' }); };
                """,
        ]
        for (path, text) in files { try workspace.write(path, text) }
    }
}
