// The snapshot page of `jshost serve`: flows and their steps' snapshots, an editor that saves with If-Match,
// history with a side-by-side diff and rollback, runs, the audit trail, all over the API the command line
// mirrors. Every value from the server reaches the page as text (textContent, never HTML).
'use strict';

const LIMIT_FALLBACK = 5120;
const state = {
  key: sessionStorage.getItem('jshost.key') || '',
  flows: [],
  selected: null,      // { flow, step }
  current: null,       // the selected step's snapshot resource, or null when it has none
  baseVersion: 0,      // the version the editor started from
  baseText: '',        // the editor's text as loaded
  compareVersion: null,
  refreshTimer: null,
  role: null,          // what the key may do: 'read' or 'edit', once the flows are read with it
  keyProblem: null,    // why the key in use was refused, shown until another is entered
};

const $ = (id) => document.getElementById(id);

/** An element with attributes and children; strings become text nodes. */
function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value == null) continue;
    if (name === 'class') node.className = value;
    else if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child == null || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

// ---- the API ----

class ApiError extends Error {
  constructor(status, detail, body) { super(detail); this.status = status; this.body = body; }
}

async function api(method, path, { body, ifMatch, reason } = {}) {
  const headers = { 'Authorization': 'Bearer ' + state.key };
  if (body !== undefined) headers['Content-Type'] = 'application/vnd.api+json';
  if (ifMatch !== undefined) headers['If-Match'] = '"' + ifMatch + '"';
  if (reason) headers['X-Reason'] = reason;
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch (_) { json = null; }
  if (!response.ok) {
    const detail = json && json.errors && json.errors[0] ? json.errors[0].detail : response.statusText;
    throw new ApiError(response.status, detail, json);
  }
  return { status: response.status, etag: response.headers.get('ETag'), json, text };
}

const snapshotPath = (flow, step) => `/v2/flows/${encodeURIComponent(flow)}/snapshots/${encodeURIComponent(step)}`;

// ---- small helpers ----

function toast(message, kind = 'error') {
  const box = $('toast');
  box.textContent = message;
  box.className = 'toast ' + kind;
  box.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { box.hidden = true; }, kind === 'error' ? 8000 : 3000);
}

/** The server's words for people: its `command` quoting shown as quotes. */
function plain(text) { return String(text).replace(/`([^`]*)`/g, '“$1”'); }

function failed(error) {
  if (error instanceof ApiError && error.status === 401) {
    refuseKey('The API key was not accepted. Enter a key made with “jshost apikey create NAME --role edit”.');
  } else {
    toast(plain(error.message || String(error)));
  }
}

/** The key in use was refused: said once, in the list and the status, until another key is entered. */
function refuseKey(message) {
  if (state.keyProblem === message) return;
  state.keyProblem = message;
  state.flows = [];
  state.role = null;
  closeDetail();
  renderFlows();
  toast(message);
  $('key-input').focus();
}

/** Whether this key may change things; says why not when it may only read. */
function mayEdit() { return state.role === 'edit'; }

function relative(iso) {
  if (!iso) return '';
  const seconds = Math.round((Date.now() - Date.parse(iso)) / 1000);
  if (seconds < 0) {
    const ahead = -seconds;
    if (ahead < 60) return `in ${ahead} s`;
    if (ahead < 3600) return `in ${Math.round(ahead / 60)} min`;
    if (ahead < 86400) return `in ${Math.round(ahead / 3600)} h`;
    return `in ${Math.round(ahead / 86400)} days`;
  }
  if (seconds < 5) return 'just now';
  if (seconds < 60) return `${seconds} s ago`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min ago`;
  if (seconds < 86400) return `${Math.round(seconds / 3600)} h ago`;
  return `${Math.round(seconds / 86400)} days ago`;
}

function time(iso) {
  return el('time', { datetime: iso, title: iso }, relative(iso));
}

function bytes(count) {
  return count < 1024 ? `${count} B` : `${(count / 1024).toFixed(1)} KB`;
}

function utf8Length(text) { return new TextEncoder().encode(text).length; }

function pretty(value) { return JSON.stringify(value, null, 2); }

function writer(by) {
  if (!by) return '';
  if (by.kind === 'run') return 'run ' + by.name.slice(0, 8);
  if (by.kind === 'api-key') return 'key ' + by.name;
  return by.name;
}

/** Asks before something is lost; resolves true when confirmed. */
function confirmLoss(title, text, lost, action) {
  const dialog = $('confirm');
  $('confirm-title').textContent = title;
  $('confirm-text').textContent = text;
  $('confirm-lost').textContent = lost;
  $('confirm-lost').hidden = !lost;
  $('confirm-ok').textContent = action;
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok'), { once: true });
    dialog.returnValue = 'cancel';
    dialog.showModal();
    $('confirm-cancel').focus();
  });
}

// ---- flows ----

async function loadFlows() {
  if (!state.key || state.keyProblem) return;
  try {
    const { json } = await api('GET', '/v2/flows');
    state.flows = json.data;
    const role = json.meta && json.meta.key ? json.meta.key.role : 'edit';
    if (role !== state.role) {
      state.role = role;
      applyRole();
    }
    renderFlows();
  } catch (error) {
    failed(error);
  }
}

/** A read key sees everything and changes nothing: the controls that change are off, and the page says why once. */
function applyRole() {
  const readOnly = state.role === 'read';
  $('read-only').hidden = !readOnly;
  $('editor').readOnly = readOnly;
  $('reason').disabled = readOnly;
  $('rollback').disabled = readOnly;
  $('force-mine').disabled = readOnly;
  if (readOnly) { $('save').disabled = true; $('reset-step').disabled = true; }
  if (state.selected) validate();
}

function matches(flow, step, filter) {
  if (!filter) return true;
  const haystack = [flow.id, flow.attributes.name, step && step.id, step && step.name].filter(Boolean).join(' ').toLowerCase();
  return haystack.includes(filter);
}

function renderFlows() {
  const filter = $('filter').value.trim().toLowerCase();
  const list = $('flows');
  const cards = [];
  for (const flow of state.flows) {
    const attributes = flow.attributes;
    const flowMatches = matches(flow, null, filter);
    const steps = attributes.steps.filter((step) => flowMatches || matches(flow, step, filter));
    if (steps.length === 0) continue;
    const active = attributes.status === 'active';
    const trigger = attributes.trigger === 'schedule'
      ? el('span', {}, 'schedule ', el('code', {}, attributes.cron), attributes.nextRunAt ? [' · next run ', time(attributes.nextRunAt)] : '')
      : el('span', {}, 'webhook ', el('code', {}, flow.links.webhook || ''));
    const stored = attributes.steps.filter((step) => step.snapshot);
    cards.push(el('article', { class: 'flow', 'data-flow': flow.id, 'aria-label': `Flow ${attributes.name}` },
      el('div', { class: 'flow-head' },
        el('h3', {}, attributes.name, attributes.name !== flow.id ? el('span', { class: 'flow-id' }, flow.id) : ''),
        el('span', { class: 'badge ' + (active ? 'on' : 'off') }, attributes.status)),
      el('p', { class: 'meta' }, trigger),
      el('div', { class: 'flow-actions' },
        el('button', { type: 'button', class: 'small', disabled: !mayEdit(), onclick: () => control(flow.id, active ? 'stop' : 'start') }, active ? 'Stop' : 'Start'),
        active ? el('button', { type: 'button', class: 'small', disabled: !mayEdit(), onclick: () => control(flow.id, 'run-now') }, 'Run now') : '',
        el('button', { type: 'button', class: 'small danger', disabled: stored.length === 0 || !mayEdit(), 'data-action': 'reset-flow',
          onclick: () => resetFlow(flow) }, 'Reset all snapshots…')),
      el('ul', { class: 'steps' }, steps.map((step) => stepItem(flow, step)))));
  }
  const empty = !state.key ? 'Enter an API key to see the flows.'
    : state.keyProblem ? state.keyProblem
    : state.role === null ? 'Reading the flows…'
    : state.flows.length ? 'No flow or step matches the filter.' : 'No flows are served.';
  list.replaceChildren(...(cards.length ? cards : [el('p', { class: 'empty' }, empty)]));
}

function stepItem(flow, step) {
  const snapshot = step.snapshot;
  const limit = snapshot ? snapshot.limit : LIMIT_FALLBACK;
  const selected = state.selected && state.selected.flow === flow.id && state.selected.step === step.id;
  const label = step.name ? `${step.id} · ${step.name}` : step.id;
  return el('li', {},
    el('button', { type: 'button', class: 'step' + (selected ? ' selected' : ''), 'data-step': step.id, 'aria-current': selected ? 'true' : false,
      onclick: () => select(flow.id, step.id) },
      el('span', { class: 'step-name' }, label, step.running ? el('span', { class: 'running', title: 'running now' }, ' ● running') : ''),
      snapshot
        ? el('span', { class: 'step-meta' },
            el('meter', { min: 0, max: limit, value: snapshot.bytes, high: limit * 0.8, optimum: 0, 'aria-label': 'size against the limit' }),
            ` ${bytes(snapshot.bytes)} of ${bytes(limit)} · v${snapshot.version} · `, time(snapshot.updatedAt), ' · ', writer(snapshot.writtenBy))
        : el('span', { class: 'step-meta none' }, 'no snapshot'),
      step.queueDepth ? el('span', { class: 'queue' }, `${step.queueDepth} queued`) : ''));
}

async function control(flow, action) {
  try {
    await api('POST', `/v2/flows/${encodeURIComponent(flow)}/${action}`);
    toast(`Flow ${flow}: ${action === 'run-now' ? 'run started' : action === 'stop' ? 'stopped' : 'started'}.`, 'ok');
    await loadFlows();
  } catch (error) {
    failed(error);
  }
}

async function resetFlow(flow) {
  const stored = flow.attributes.steps.filter((step) => step.snapshot);
  const values = [];
  for (const step of stored) {
    try {
      const { json } = await api('GET', snapshotPath(flow.id, step.id));
      values.push(`${step.id} (version ${json.data.meta.version}): ${JSON.stringify(json.data.attributes.snapshot)}`);
    } catch (_) { values.push(`${step.id}: (could not be read)`); }
  }
  const ok = await confirmLoss(`Reset every snapshot of flow ${flow.attributes.name}?`,
    (stored.length === 1 ? 'The next run of this step starts from nothing.' : `The next run of each of these ${stored.length} steps starts from nothing.`)
      + ' The values stay in the history, so you can roll back.',
    values.join('\n'), `Reset ${stored.length} snapshot${stored.length === 1 ? '' : 's'}`);
  if (!ok) return;
  const problems = [];
  for (const step of stored) {
    try {
      await api('DELETE', snapshotPath(flow.id, step.id), { ifMatch: step.snapshot.version, reason: 'reset of the flow from the page' });
    } catch (error) { problems.push(`${step.id}: ${error.message}`); }
  }
  if (problems.length) toast('Not every step was reset: ' + problems.join('; '));
  else toast(`Flow ${flow.id}: ${stored.length} snapshot${stored.length === 1 ? '' : 's'} reset.`, 'ok');
  await loadFlows();
  if (state.selected && state.selected.flow === flow.id) await loadDetail({ keepEdits: false });
}

// ---- one step ----

async function select(flow, step) {
  if (isDirty() && !(await confirmLoss('Leave your unsaved changes?', `Your edit of ${state.selected.step} is not saved.`, $('editor').value, 'Leave them'))) return;
  state.selected = { flow, step };
  state.compareVersion = null;
  $('compare').hidden = true;
  $('detail').hidden = false;
  renderFlows();
  await loadDetail({ keepEdits: false });
  $('editor').focus();
}

function isDirty() { return state.selected !== null && $('editor').value !== state.baseText; }

async function loadDetail({ keepEdits }) {
  const { flow, step } = state.selected;
  const flowDoc = state.flows.find((candidate) => candidate.id === flow);
  const stepDoc = flowDoc && flowDoc.attributes.steps.find((candidate) => candidate.id === step);
  $('detail-title').replaceChildren(el('span', { class: 'crumb' }, flowDoc ? flowDoc.attributes.name : flow), ' › ', step);
  let current = null;
  try {
    current = (await api('GET', snapshotPath(flow, step))).json.data;
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 404)) return failed(error);
  }
  const version = current ? current.meta.version : 0;
  if (keepEdits && isDirty()) {
    if (version !== state.baseVersion) {
      const notice = $('newer');
      notice.textContent = `Version ${version} was committed while you edit (you started from version ${state.baseVersion}). Saving will show both.`;
      notice.hidden = false;
    }
  } else {
    state.current = current;
    state.baseVersion = version;
    state.baseText = current ? pretty(current.attributes.snapshot) : '';
    $('editor').value = state.baseText;
    $('newer').hidden = true;
    $('conflict').hidden = true;
  }
  const limit = stepDoc && stepDoc.snapshot ? stepDoc.snapshot.limit : LIMIT_FALLBACK;
  state.limit = limit;
  $('detail-meta').replaceChildren(...(current
    ? [`version ${version} · ${bytes(current.meta.bytes)} of ${bytes(limit)} · written `, time(current.meta.updatedAt),
       stepDoc && stepDoc.snapshot && stepDoc.snapshot.writtenBy ? ` by ${writer(stepDoc.snapshot.writtenBy)}` : '']
    : ['no snapshot stored: the next run starts from nothing. Type one and save to create it.']));
  $('reset-step').disabled = !current || !mayEdit();
  validate();
  const audit = await loadAudit();
  await Promise.all([loadVersions(audit), loadRuns()]);
}

function validate() {
  const text = $('editor').value;
  const box = $('validity');
  const save = $('save');
  // Discard is there for any edit, whatever state it left the text in.
  $('discard').disabled = !isDirty();
  if (!mayEdit()) {
    box.textContent = 'This key may only read.';
    box.className = 'validity';
    save.disabled = true;
    return null;
  }
  if (text.trim() === '') {
    box.textContent = state.current ? 'Empty: to clear the snapshot use Reset step.' : 'Type a JSON value to create the snapshot.';
    box.className = 'validity';
    save.disabled = true;
    return null;
  }
  try {
    const value = JSON.parse(text);
    if (value === null) throw new Error('null is not a snapshot; use Reset step to clear it');
    const size = utf8Length(JSON.stringify(value));
    const limit = state.limit || LIMIT_FALLBACK;
    if (size > limit) {
      box.textContent = `Valid JSON, but ${bytes(size)}: over the ${bytes(limit)} limit (${size} of ${limit} bytes).`;
      box.className = 'validity bad';
      save.disabled = true;
      return null;
    }
    box.textContent = `Valid JSON · ${bytes(size)} of ${bytes(limit)}` + (isDirty() ? ' · not saved' : '');
    box.className = 'validity good';
    save.disabled = !isDirty();
    return value;
  } catch (error) {
    box.textContent = 'Not valid JSON: ' + error.message;
    box.className = 'validity bad';
    save.disabled = true;
    return null;
  }
}

async function save({ over } = {}) {
  if (!state.selected || !mayEdit()) return;
  const value = validate();
  if (value === null && !over) return;
  const { flow, step } = state.selected;
  const reason = $('reason').value.trim() || undefined;
  const document = { data: { type: 'snapshot', id: step, attributes: { snapshot: over !== undefined ? over.value : value } } };
  if (reason) document.meta = { reason };
  const expected = over !== undefined ? over.version : state.baseVersion;
  // No snapshot to change (none yet, or it was reset meanwhile): create one.
  const create = over !== undefined ? over.create : !state.current;
  try {
    if (create) {
      await api('POST', `/v2/flows/${encodeURIComponent(flow)}/snapshots/`, { body: document });
    } else {
      await api('PATCH', snapshotPath(flow, step), { body: document, ifMatch: expected });
    }
    toast(`Saved ${step}.`, 'ok');
    $('reason').value = '';
    await loadFlows();
    await loadDetail({ keepEdits: false });
  } catch (error) {
    if (error instanceof ApiError && (error.status === 412 || (error.status === 409 && /has a snapshot already/.test(error.message)))) {
      return showConflict(value);
    }
    failed(error);
  }
}

/** Who wrote a version: a run (its id), or a person or key (from the audit trail); null when it cannot be told. */
async function authorOf(flow, step, version) {
  try {
    const source = (await api('GET', snapshotPath(flow, step) + '/versions/' + version)).json.data.attributes.source;
    if (source.startsWith('run:')) return `A run of the step (${source.slice(4, 12)}) committed`;
    const entry = (await api('GET', snapshotPath(flow, step) + '/audit')).json.data.find((item) => item.attributes.newVersion === version);
    if (entry) return `${entry.attributes.editor.kind === 'api-key' ? 'Key ' : ''}${entry.attributes.editor.name} saved`;
  } catch (_) { /* said plainly below */ }
  return null;
}

async function showConflict(mine) {
  const { flow, step } = state.selected;
  let theirs = null;
  try { theirs = (await api('GET', snapshotPath(flow, step))).json.data; } catch (_) { theirs = null; }
  const version = theirs ? theirs.meta.version : 0;
  const who = theirs ? await authorOf(flow, step, version) : null;
  const what = theirs ? `${who || 'Someone saved'} version ${version} of ${step}` : `${step} was reset`;
  $('conflict-text').textContent = `${what} after you opened version ${state.baseVersion}. Nothing of yours was written. Compare, then keep theirs or save yours over it.`;
  $('theirs-title').textContent = theirs ? `Theirs (version ${version})` : 'Theirs (cleared)';
  $('theirs').textContent = theirs ? pretty(theirs.attributes.snapshot) : '(no snapshot)';
  $('yours').textContent = pretty(mine);
  $('conflict').hidden = false;
  $('force-mine').onclick = () => save({ over: { value: mine, version, create: theirs === null } });
  $('take-theirs').onclick = () => { $('conflict').hidden = true; loadDetail({ keepEdits: false }); };
  $('conflict').scrollIntoView({ block: 'nearest' });
  $('take-theirs').focus();
}

async function resetStep() {
  if (!state.selected || !state.current || !mayEdit()) return;
  const { flow, step } = state.selected;
  const ok = await confirmLoss(`Reset the snapshot of ${step}?`,
    `Its next run starts from nothing. Version ${state.current.meta.version} stays in the history, so you can roll back.`,
    pretty(state.current.attributes.snapshot), `Reset ${step}`);
  if (!ok) return;
  try {
    await api('DELETE', snapshotPath(flow, step), { ifMatch: state.current.meta.version, reason: $('reason').value.trim() || undefined });
    toast(`Reset ${step}.`, 'ok');
    await loadFlows();
    await loadDetail({ keepEdits: false });
  } catch (error) {
    if (error instanceof ApiError && error.status === 412) toast('The snapshot changed since you opened it: look at the new value, then reset again.');
    else failed(error);
    await loadDetail({ keepEdits: false });
  }
}

// ---- history, diff and rollback ----

/** Versions, each with the run or the person (from the audit trail) that wrote it. */
async function loadVersions(audit) {
  const { flow, step } = state.selected;
  const editors = new Map((audit || []).map((entry) => [entry.attributes.newVersion, entry.attributes.editor]));
  try {
    const { json } = await api('GET', snapshotPath(flow, step) + '/versions');
    const rows = json.data.map((version) => {
      const source = version.attributes.source;
      const editor = editors.get(Number(version.id));
      const by = source.startsWith('run:') ? 'run ' + source.slice(4, 12)
        : source + (editor ? ' by ' + (editor.kind === 'api-key' ? 'key ' : '') + editor.name : '');
      const isCurrent = state.current && Number(version.id) === state.current.meta.version;
      return el('tr', { 'data-version': version.id },
        el('td', {}, 'v' + version.id, isCurrent ? el('span', { class: 'tag' }, 'current') : ''),
        el('td', {}, time(version.attributes.createdAt)),
        el('td', {}, by),
        el('td', {}, version.attributes.snapshot === null ? 'cleared' : bytes(version.attributes.bytes)),
        el('td', {}, isCurrent ? '' : el('button', { type: 'button', class: 'small', 'data-compare': version.id,
          'aria-label': `Compare version ${version.id} with the current one`, onclick: () => compare(Number(version.id)) }, 'Compare')));
    });
    $('versions').replaceChildren(...(rows.length ? rows : [el('tr', {}, el('td', { colspan: 5, class: 'empty' }, 'No versions yet.'))]));
  } catch (error) { failed(error); }
}

/** The longest common subsequence of two line arrays, as rows of [left, right, kind]. */
function lineDiff(left, right) {
  const n = left.length, m = right.length;
  const table = Array.from({ length: n + 1 }, () => new Array(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) {
    table[i][j] = left[i] === right[j] ? table[i + 1][j + 1] + 1 : Math.max(table[i + 1][j], table[i][j + 1]);
  }
  const rows = [];
  let removed = [], added = [];
  // A run of removed lines and the added lines after it face each other, as a changed block.
  const flush = () => {
    for (let k = 0; k < Math.max(removed.length, added.length); k++) {
      rows.push([removed[k] ?? null, added[k] ?? null, 'changed']);
    }
    removed = []; added = [];
  };
  let i = 0, j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && left[i] === right[j]) { flush(); rows.push([left[i++], right[j++], 'same']); }
    else if (j < m && (i === n || table[i][j + 1] >= table[i + 1][j])) { added.push(right[j++]); }
    else { removed.push(left[i++]); }
  }
  flush();
  return rows;
}

async function compare(version) {
  const { flow, step } = state.selected;
  try {
    const old = (await api('GET', snapshotPath(flow, step) + '/versions/' + version)).json.data.attributes.snapshot;
    const currentVersion = state.current ? state.current.meta.version : 0;
    const now = state.current ? state.current.attributes.snapshot : null;
    const { json } = await api('GET', snapshotPath(flow, step) + `/diff?from=${version}&to=${currentVersion}`);
    const changes = json.data.attributes.patch.length;
    const left = old === null ? ['(cleared)'] : pretty(old).split('\n');
    const right = now === null ? ['(no snapshot)'] : pretty(now).split('\n');
    $('compare-title').textContent = `Version ${version} beside the current version ${currentVersion} · ${changes} change${changes === 1 ? '' : 's'}`;
    const header = el('div', { class: 'diff-row head', role: 'row' },
      el('span', { role: 'columnheader' }, `Version ${version}`), el('span', { role: 'columnheader' }, `Current (version ${currentVersion})`));
    const rows = lineDiff(left, right).map(([a, b, kind]) => el('div', { class: 'diff-row ' + kind, role: 'row' },
      el('span', { role: 'cell', class: kind === 'changed' && a !== null ? 'removed' : '' }, a ?? ''),
      el('span', { role: 'cell', class: kind === 'changed' && b !== null ? 'added' : '' }, b ?? '')));
    $('diff').replaceChildren(header, ...rows);
    state.compareVersion = version;
    $('rollback').textContent = `Roll back to version ${version}…`;
    $('compare').hidden = false;
    $('rollback').focus();
  } catch (error) { failed(error); }
}

async function rollback() {
  if (!state.selected || state.compareVersion == null || !mayEdit()) return;
  const { flow, step } = state.selected;
  const version = state.compareVersion;
  const lost = state.current ? pretty(state.current.attributes.snapshot) : '';
  const ok = await confirmLoss(`Roll ${step} back to version ${version}?`,
    `Version ${version}'s value becomes a new version; the current value${lost ? ' (below)' : ''} stays in the history.`, lost, `Roll back to version ${version}`);
  if (!ok) return;
  try {
    await api('POST', snapshotPath(flow, step) + '/rollback', {
      body: { data: { type: 'snapshot-rollback', attributes: { version } }, meta: { reason: $('reason').value.trim() || `rollback to version ${version} from the page` } },
      ifMatch: state.current ? state.current.meta.version : 0,
    });
    toast(`Rolled ${step} back to version ${version}.`, 'ok');
    $('compare').hidden = true;
    await loadFlows();
    await loadDetail({ keepEdits: false });
  } catch (error) {
    if (error instanceof ApiError && error.status === 412) toast('The snapshot changed while you compared: compare again.');
    else failed(error);
  }
}

// ---- runs and audit ----

async function loadRuns() {
  const { flow, step } = state.selected;
  try {
    const { json } = await api('GET', `/v2/flows/${encodeURIComponent(flow)}/steps/${encodeURIComponent(step)}/runs?limit=10`);
    $('queue').textContent = `${json.meta.queueDepth} message${json.meta.queueDepth === 1 ? '' : 's'} queued` + (json.meta.running ? ' · running now' : '');
    const rows = json.data.map((run) => {
      const a = run.attributes;
      const firstError = a.errors[0] ? (a.errors[0].message || JSON.stringify(a.errors[0])) : '';
      return el('tr', {},
        el('td', {}, time(a.endedAt)),
        el('td', {}, el('span', { class: 'outcome ' + a.outcome }, a.outcome)),
        el('td', {}, String(a.dataCount)),
        el('td', { class: a.errorCount ? 'bad' : '' }, a.errorCount ? `${a.errorCount}${firstError ? ': ' + firstError : ''}` : '0'),
        el('td', {}, a.snapshotVersion == null ? '–' : 'v' + a.snapshotVersion));
    });
    $('runs').replaceChildren(...(rows.length ? rows : [el('tr', {}, el('td', { colspan: 5, class: 'empty' }, 'No runs yet.'))]));
  } catch (error) { failed(error); }
}

/** The audit trail, newest first; its entries, for the history to name who wrote each version. */
async function loadAudit() {
  const { flow, step } = state.selected;
  try {
    const { json } = await api('GET', snapshotPath(flow, step) + '/audit');
    const rows = json.data.slice().reverse().map((entry) => {
      const a = entry.attributes;
      return el('tr', {},
        el('td', {}, time(a.at)),
        el('td', {}, a.action),
        el('td', {}, (a.editor.kind === 'api-key' ? 'key ' : '') + a.editor.name),
        el('td', {}, `v${a.oldVersion} → v${a.newVersion}`),
        el('td', {}, a.reason || ''));
    });
    $('audit').replaceChildren(...(rows.length ? rows : [el('tr', {}, el('td', { colspan: 5, class: 'empty' }, 'Nobody changed it by hand.'))]));
    return json.data;
  } catch (error) { failed(error); return []; }
}

// ---- live updates ----

function scheduleRefresh(event) {
  clearTimeout(state.refreshTimer);
  state.refreshTimer = setTimeout(async () => {
    await loadFlows();
    if (state.selected && (!event || event.flow === state.selected.flow)) await loadDetail({ keepEdits: true });
  }, 150);
}

async function listen() {
  const live = $('live');
  while (true) {
    if (!state.key || state.keyProblem) {
      live.textContent = state.key ? 'key not accepted' : 'offline';
      live.className = 'live';
      await new Promise((r) => setTimeout(r, 500));
      continue;
    }
    const key = state.key;
    // Another key ends this stream at once (useKey aborts it), so no event of the new key's time is missed.
    const stream = new AbortController();
    state.stream = stream;
    try {
      const response = await fetch('/v2/events', { headers: { 'Authorization': 'Bearer ' + key }, signal: stream.signal });
      // A refused key is not retried: the page waits for another one.
      if (response.status === 401) { if (state.key === key) refuseKey('The API key was not accepted. Enter a key made with “jshost apikey create NAME --role edit”.'); continue; }
      if (!response.ok) throw new Error('status ' + response.status);
      live.textContent = 'live';
      live.className = 'live on';
      const reader = response.body.getReader();
      const decoder = new TextDecoder();
      let buffer = '';
      while (state.key === key) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = block.split('\n').filter((line) => line.startsWith('data: ')).map((line) => line.slice(6)).join('\n');
          if (data) { try { scheduleRefresh(JSON.parse(data)); } catch (_) { /* a malformed event is skipped */ } }
        }
      }
      reader.cancel().catch(() => {});
    } catch (_) { /* reconnect below */ }
    if (state.key !== key) continue;
    live.textContent = 'reconnecting…';
    live.className = 'live';
    await new Promise((r) => setTimeout(r, 2000));
  }
}

// ---- wiring ----

/** No step chosen: the editor and its controls are not shown. */
function closeDetail() {
  state.selected = null;
  state.current = null;
  state.baseText = '';
  state.compareVersion = null;
  $('editor').value = '';
  $('detail').hidden = true;
}

function useKey(key) {
  if (state.stream) state.stream.abort();
  state.key = key;
  state.keyProblem = null;
  state.role = null;
  state.flows = [];
  if (key) sessionStorage.setItem('jshost.key', key); else sessionStorage.removeItem('jshost.key');
  $('key-input').value = '';
  $('key-input').placeholder = key ? 'key in use · enter another' : 'jsk_…';
  closeDetail();
  applyRole();
  renderFlows();
  if (key) loadFlows();
}

document.addEventListener('DOMContentLoaded', () => {
  $('key-form').addEventListener('submit', (event) => { event.preventDefault(); useKey($('key-input').value.trim()); });
  $('key-forget').addEventListener('click', () => useKey(''));
  $('filter').addEventListener('input', renderFlows);
  $('editor').addEventListener('input', validate);
  $('editor').addEventListener('keydown', (event) => {
    if ((event.ctrlKey || event.metaKey) && event.key === 's') { event.preventDefault(); save(); }
  });
  $('save').addEventListener('click', () => save());
  $('discard').addEventListener('click', () => { $('editor').value = state.baseText; $('newer').hidden = true; validate(); loadDetail({ keepEdits: false }); });
  $('reset-step').addEventListener('click', resetStep);
  $('rollback').addEventListener('click', rollback);
  $('close-compare').addEventListener('click', () => { $('compare').hidden = true; });
  setInterval(() => { for (const node of document.querySelectorAll('time[datetime]')) node.textContent = relative(node.getAttribute('datetime')); }, 15000);
  useKey(state.key);
  listen();
});
