// The WebSocket global (Node 22 and later) against a ws server (ws-server.js, port WS_PORT); Node 24 is the oracle.
const base = `ws://127.0.0.1:${process.env.WS_PORT}`;
const show = (data) => (data instanceof ArrayBuffer ? `ArrayBuffer ${[...new Uint8Array(data)]}` : data instanceof Blob ? `Blob ${data.size}` : String(data));
const steps = [
  () => new Promise((done) => {
    console.log(typeof WebSocket, WebSocket.CONNECTING, WebSocket.OPEN, WebSocket.CLOSING, WebSocket.CLOSED, typeof CloseEvent, typeof MessageEvent);
    const ws = new WebSocket(`${base}/echo?x=1`, ['chat', 'superchat']);
    console.log(ws.readyState, ws.url, ws.binaryType, JSON.stringify(ws.protocol), ws.bufferedAmount, ws.extensions === '', ws instanceof EventTarget);
    ws.binaryType = 'arraybuffer';
    ws.onopen = (e) => {
      console.log('open', e.type, e.constructor.name, ws.readyState, ws.protocol, JSON.stringify(ws.extensions));
      ws.send('hello');
      ws.send(new Uint8Array([1, 2, 3]));
      ws.send(new Uint16Array([258]).buffer);
      ws.send('héllo wörld ✓');
      ws.send('x'.repeat(70000));
      ws.send('ping-me');
    };
    ws.addEventListener('message', (e) => console.log('message', e.constructor.name, show(e.data), JSON.stringify(e.origin), e.lastEventId === ''));
    // The server answers "ping-me" with a ping, then with the payload of the pong the client sent back.
    ws.addEventListener('message', (e) => { if (e.data === 'pong p') ws.send('close-me'); });
    ws.onclose = (e) => { console.log('close', e.constructor.name, e.code, e.reason, e.wasClean, ws.readyState); done(); };
    ws.onerror = (e) => console.log('error', e.type);
  }),
  () => new Promise((done) => {
    const ws = new WebSocket(`${base}/blob`);
    ws.onmessage = (e) => {
      if (typeof e.data === 'string') { ws.send(new Blob(['a blob'])); return; }
      console.log('blob', show(e.data), e.data.type);
      e.data.text().then((t) => { console.log('blob text', t); ws.close(1000, 'done'); });
    };
    ws.onclose = (e) => { console.log('closed by client', e.code, e.reason, e.wasClean); done(); };
  }),
  () => new Promise((done) => {
    const ws = new WebSocket(`${base}/reject`);
    ws.onerror = (e) => console.log('rejected error', e.type, e.constructor.name, ws.readyState);
    ws.onclose = (e) => { console.log('rejected close', e.code, e.wasClean, ws.readyState); done(); };
  }),
  () => new Promise((done) => {
    const ws = new WebSocket(`${base}/terminate`);
    ws.onopen = () => ws.send('close-now');
    ws.onerror = (e) => console.log('terminated error', e.constructor.name, JSON.stringify(e.message), ws.readyState);
    ws.onclose = (e) => { console.log('terminated', e.code, e.reason, e.wasClean); done(); };
  }),
  () => new Promise((done) => {
    const early = new WebSocket(`${base}/early`);
    early.onerror = () => console.log('closed early error', early.readyState);
    early.onclose = (e) => { console.log('closed early', e.code, e.wasClean, JSON.stringify(e.reason)); };
    early.close();
    console.log('closing early', early.readyState);
    const ws = new WebSocket(`${base}/plain`);
    ws.onopen = () => { ws.close(); console.log('closing', ws.readyState, ws.bufferedAmount); ws.send('after'); console.log(ws.bufferedAmount); };
    ws.onclose = (e) => { console.log('plain close', e.code, e.wasClean, JSON.stringify(e.reason), ws.onclose === null, typeof ws.onmessage); done(); };
  }),
  () => new Promise((done) => {
    const made = [];
    const make = (...args) => { const ws = new WebSocket(...args); made.push(ws); return ws; };
    for (const attempt of [() => make('ftp://example.com'), () => make('ws://example.com/#frag'), () => make(`${base}`, ['a', 'a']),
      () => make(`${base}`).close(1001), () => make(base).close(4000, 'x'.repeat(124)), () => make(base).send('early')]) {
      try { attempt(); console.log('accepted'); } catch (e) { console.log('refused', e.name, e.message); }
    }
    let open = made.length;
    for (const ws of made) { ws.onclose = (e) => { console.log('made', e.code); if (--open === 0) done(); }; ws.close(); }
  }),
];
(async () => { for (const step of steps) await step(); console.log('all steps done'); })();
