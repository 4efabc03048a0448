// `https.request` and `https.get` again, from a script named `node:https`: agent-base (https-proxy-agent and
// the other proxy agents) tells an https request from an http one by looking for `node:https:` in the stack.
(function (internals) {
  'use strict';
  const https = internals.httpsModule;
  const shared = { request: https.request, get: https.get };
  // Not tail calls: JavaScriptCore would drop these frames from the stack, which is all they are for.
  https.request = function request(...args) { const made = shared.request(...args); return made; };
  https.get = function get(...args) { const made = shared.get(...args); return made; };
})
