// The x402 node dashboard: plain JS, no framework, no build step. Reads the node's public JSON
// APIs; admin data only with the token the user types in (kept in sessionStorage).
"use strict";

const SVG_NS = "http://www.w3.org/2000/svg";
const TOKEN_KEY = "x402-admin-token";
const HISTORY = 180; // samples kept per time series
const TRAIL = 40; // Bloch points kept per member
const PERMIT2 = "0x000000000022D473030F116dDEE9F6B43aC78BA3";
const EXACT_PROXY = "0x402085c248EeA27D92E8b30b2C58ed07f9E20001";

const $ = (id) => document.getElementById(id);

/** An HTML element with attributes (`text` sets textContent, `on*` adds listeners). */
function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  setAttrs(e, attrs);
  for (const c of children) if (c != null) e.append(c);
  return e;
}
/** An SVG element. */
function sv(tag, attrs, ...children) {
  const e = document.createElementNS(SVG_NS, tag);
  setAttrs(e, attrs);
  for (const c of children) if (c != null) e.append(c);
  return e;
}
function setAttrs(e, attrs) {
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v == null || v === false) continue;
    if (k === "text") e.textContent = v;
    else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v);
  }
}
function clear(e) { while (e.firstChild) e.firstChild.remove(); return e; }
function short(s, n = 8) { return s == null ? "—" : (s.length > 2 * n + 1 ? `${s.slice(0, n)}…${s.slice(-n)}` : String(s)); }
function num(x, d = 3) { return typeof x === "number" && isFinite(x) ? x.toFixed(d) : "—"; }
function kv(target, rows) {
  clear(target);
  for (const [k, v] of rows) target.append(el("dt", { text: k }), el("dd", { text: v == null ? "—" : String(v) }));
}
function table(target, head, rows) {
  clear(target);
  target.append(el("tr", {}, ...head.map((h) => el("th", { text: h }))));
  for (const r of rows) target.append(el("tr", {}, ...r.map((c) => c instanceof Node ? el("td", {}, c) : el("td", { text: c == null ? "—" : String(c) }))));
}
function iqText(iq) {
  if (iq == null) return "—";
  if (typeof iq === "number") return num(iq, 1);
  const parts = [];
  if (iq.self != null) parts.push(`self ${num(iq.self, 1)}`);
  if (iq.colony != null) parts.push(`colony ${num(iq.colony, 1)}`);
  if (iq.attempted) parts.push(`${iq.passed ?? 0}/${iq.attempted} passed`);
  if (!parts.length && iq.solver) parts.push(`solver ${iq.solver}, no session yet`);
  return parts.join(", ") || "—";
}
function b64json(s) {
  try { return JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(s), (c) => c.charCodeAt(0)))); } catch { return null; }
}
function toB64(text) {
  const bytes = new TextEncoder().encode(text);
  let bin = "";
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

// ---------------------------------------------------------------- state and polling

const state = {
  status: null,
  view: "swarm",
  psi: [], // {value, integration, synchrony, diversity, vitality}
  fe: [],
  trails: new Map(), // peer id -> [[theta, phi]]
  loss: new Map(), // round -> loss
  members: new Map(), // peer id -> <g>
  queen: null,
  selected: null,
  delay: 1000,
  timer: 0,
  marketAt: 0,
  rendered: false,
};

async function poll() {
  clearTimeout(state.timer);
  try {
    const resp = await fetch("/swarm/status", { cache: "no-store" });
    if (!resp.ok) throw new Error(`status ${resp.status}`);
    const st = await resp.json();
    state.delay = 1000;
    setConn(true, `live · ${st.swarm}`);
    update(st);
  } catch (e) {
    state.delay = Math.min(state.delay * 2, 15000); // back off while the node is away
    setConn(false, `offline, retry in ${Math.round(state.delay / 1000)} s`);
  }
  state.timer = setTimeout(poll, state.delay);
}
let kickPending = false;
/** Polls soon after a gossip event (debounced). */
function kick() {
  if (kickPending) return;
  kickPending = true;
  setTimeout(() => { kickPending = false; poll(); }, 150);
}
function setConn(live, text) {
  const c = $("conn");
  c.className = `conn ${live ? "live" : "down"}`;
  c.textContent = text;
}
function listen() {
  if (!window.EventSource) return;
  for (const topic of ["queen", "members"]) {
    const es = new EventSource(`/swarm/events?topic=${topic}`);
    es.addEventListener(topic, kick);
  }
}

function update(st) {
  state.status = st;
  $("node-name").textContent = `${st.name} · ${st.role}`;
  document.title = `${st.name} · x402 swarm`;
  const p = st.psi || {};
  push(state.psi, { value: p.value, integration: p.integration, synchrony: p.synchrony, diversity: p.diversity, vitality: p.vitality });
  push(state.fe, { value: st.free_energy?.value });
  for (const m of members(st)) {
    if (!m.bloch || typeof m.bloch.theta !== "number") continue;
    const t = state.trails.get(m.peer_id) || [];
    const last = t[t.length - 1];
    if (!last || last[0] !== m.bloch.theta || last[1] !== m.bloch.phi) t.push([m.bloch.theta, m.bloch.phi]);
    if (t.length > TRAIL) t.shift();
    state.trails.set(m.peer_id, t);
  }
  const w = st.weights;
  if (w?.canonical_eval && typeof w.canonical_eval.loss === "number") state.loss.set(w.round, w.canonical_eval.loss);
  while (state.loss.size > HISTORY) state.loss.delete(state.loss.keys().next().value);
  $("foot").textContent = `x402-node ${st.version} · peer ${short(st.peer_id)} · up ${Math.round(st.uptime_ms / 1000)} s`;
  render();
  if (!state.rendered) { state.rendered = true; performance.mark("x402-first-status"); }
  if ((state.view === "market" || state.view === "play") && Date.now() - state.marketAt > 15000) loadMarket();
}
/** Draws the current view from the latest status. */
function render() {
  const st = state.status;
  if (!st) return;
  renderSwarm(st);
  if (state.view === "mind") renderMind(st);
  if (state.view === "models") renderModels(st);
}
function push(list, v) { list.push(v); if (list.length > HISTORY) list.shift(); }

/** This node and its peers, sorted by peer id (stable layout). */
function members(st) {
  const self = {
    peer_id: st.peer_id, name: st.name, role: st.role, agent_id: st.agent_id, wallet: st.wallet,
    iq: st.iq, weights_hash: st.weights?.canonical_hash, bloch: st.bloch, psi: st.psi, alive: true, self: true,
  };
  return [self, ...(st.peers || [])].sort((a, b) => (a.peer_id < b.peer_id ? -1 : 1));
}

// ---------------------------------------------------------------- swarm

function renderSwarm(st) {
  const list = members(st);
  const queen = st.queen?.peer_id ?? null;
  const alive = list.filter((m) => m.alive !== false);
  const s = clear($("swarm-summary"));
  const q = list.find((m) => m.peer_id === queen);
  s.append(
    el("span", {}, "members ", el("b", { text: String(alive.length) })),
    el("span", {}, "queen ", el("b", { id: "queen-name", text: q ? q.name : short(queen) }), ` term ${st.queen?.term ?? "—"}`),
    el("span", {}, "elections ", el("b", { text: String(st.elections ?? "—") })),
    el("span", {}, "connected ", el("b", { text: String(st.connected_peers ?? "—") })),
  );
  if (st.iq) s.append(el("span", {}, "IQ ", el("b", { text: iqText(st.iq) })));

  const g = $("graph");
  const n = list.length;
  const pos = new Map(list.map((m, i) => {
    const a = (2 * Math.PI * i) / n - Math.PI / 2;
    const r = n === 1 ? 0 : 130;
    return [m.peer_id, [r * Math.cos(a), r * Math.sin(a)]];
  }));
  let edges = g.querySelector("g.edges");
  if (!edges) { edges = sv("g", { class: "edges" }); g.prepend(edges); }
  clear(edges);
  for (const m of alive) {
    const [x, y] = pos.get(m.peer_id);
    if (!m.self) {
      const [sx, sy] = pos.get(st.peer_id);
      edges.append(sv("line", { class: "edge", x1: sx, y1: sy, x2: x, y2: y }));
    }
    if (queen && m.peer_id !== queen && pos.has(queen)) {
      const [qx, qy] = pos.get(queen);
      edges.append(sv("line", { class: "edge to-queen", x1: x, y1: y, x2: qx, y2: qy }));
    }
  }
  const seen = new Set();
  for (const m of list) {
    seen.add(m.peer_id);
    let node = state.members.get(m.peer_id);
    const isQueen = m.peer_id === queen;
    const dead = m.alive === false;
    if (!node) {
      node = sv("g", { class: "node joining", tabindex: "0", role: "button", "data-peer": m.peer_id,
        onclick: () => select(m.peer_id), onkeydown: (e) => { if (e.key === "Enter") select(m.peer_id); },
        onanimationend: (e) => e.currentTarget.classList.remove("joining", "dying") });
      // The outer group is placed (transform attribute); the inner one animates (CSS transform).
      node.append(sv("title"), sv("g", { class: "body" }, sv("circle", { r: 18 }), sv("text", { class: "label", y: 34 }), sv("text", { class: "crown", y: -24, text: "♛" })));
      g.append(node);
      state.members.set(m.peer_id, node);
    } else if (dead && !node.classList.contains("dead")) {
      node.classList.add("dying");
    }
    if (isQueen && state.queen !== queen && state.queen !== null) {
      node.classList.remove("crowned");
      node.getBBox(); // restart the animation
      node.classList.add("crowned");
    }
    node.classList.toggle("queen", isQueen);
    node.classList.toggle("dead", dead);
    node.classList.toggle("self", !!m.self);
    node.dataset.role = isQueen ? "queen" : m.role || "member";
    const [x, y] = pos.get(m.peer_id);
    node.setAttribute("transform", `translate(${x.toFixed(1)} ${y.toFixed(1)})`);
    node.querySelector("text.label").textContent = m.name || short(m.peer_id, 4);
    node.querySelector("text.crown").setAttribute("visibility", isQueen ? "visible" : "hidden");
    node.querySelector("title").textContent = details(m, st).map(([k, v]) => `${k}: ${v ?? "—"}`).join("\n");
  }
  for (const [id, node] of state.members) {
    if (!seen.has(id)) { node.remove(); state.members.delete(id); }
  }
  state.queen = queen;
  if (!state.selected) state.selected = st.peer_id;
  if (state.selected) showMember(list.find((m) => m.peer_id === state.selected), st);
}
function details(m, st) {
  const isQueen = m.peer_id === st.queen?.peer_id;
  return [
    ["name", m.name], ["role", isQueen ? `queen (term ${st.queen.term})` : m.role], ["peer id", m.peer_id],
    ["agent id", m.agent_id], ["wallet", m.wallet], ["IQ", iqText(m.iq)], ["weights hash", m.weights_hash],
    ["Ψ", num(m.psi?.value)], ["alive", m.alive === false ? "no" : "yes"],
    ["last seen", m.self ? "this node" : m.last_seen_ms != null ? `${m.last_seen_ms} ms ago` : null],
  ];
}
function select(id) { state.selected = id; showMember(members(state.status).find((m) => m.peer_id === id), state.status); }
function showMember(m, st) {
  const box = clear($("member"));
  if (!m) { box.textContent = "That member left."; return; }
  const dl = el("dl", { class: "kv" });
  kv(dl, details(m, st));
  box.append(el("h2", { text: m.name || "member" }), dl);
  // A peer's gateway is what it claims: link only http(s) URLs (never `javascript:`).
  let gw = null;
  try { gw = m.gateway && new URL(m.gateway); } catch { gw = null; }
  if (gw && !m.self && (gw.protocol === "http:" || gw.protocol === "https:")) {
    box.append(el("p", {}, el("a", { href: gw.href, rel: "noreferrer noopener", text: "open its dashboard" })));
  }
}

// ---------------------------------------------------------------- mind

const COLORS = ["s1", "s2", "s3", "s4", "s5"];
function renderMind(st) {
  const sp = clear($("sphere"));
  const R = 100, az = 0.5, elv = 0.35;
  const project = (theta, phi) => {
    const x = Math.sin(theta) * Math.cos(phi), y = Math.sin(theta) * Math.sin(phi), z = Math.cos(theta);
    const x1 = x * Math.cos(az) - y * Math.sin(az), y1 = x * Math.sin(az) + y * Math.cos(az);
    return [R * x1, -R * (z * Math.cos(elv) - y1 * Math.sin(elv)), y1 * Math.cos(elv) + z * Math.sin(elv)];
  };
  sp.append(sv("circle", { class: "sphere-outline", r: R }));
  const eq = [];
  for (let i = 0; i <= 48; i++) eq.push(project(Math.PI / 2, (i / 48) * 2 * Math.PI).slice(0, 2).join(","));
  sp.append(sv("polyline", { class: "sphere-eq", points: eq.join(" ") }));
  const [nx, ny] = project(0, 0), [sx, sy] = project(Math.PI, 0);
  sp.append(sv("line", { class: "sphere-eq", x1: nx, y1: ny, x2: sx, y2: sy }));
  sp.append(sv("text", { x: nx + 4, y: ny - 4, fill: "currentColor", "font-size": 10, text: "|0⟩ exploit" }));
  sp.append(sv("text", { x: sx + 4, y: sy + 12, fill: "currentColor", "font-size": 10, text: "|1⟩ explore" }));
  members(st).forEach((m, i) => {
    const t = state.trails.get(m.peer_id);
    if (!t || !t.length) return;
    const cls = COLORS[i % COLORS.length];
    sp.append(sv("polyline", { class: `bloch-trail ${cls}`, points: t.map(([a, b]) => project(a, b).slice(0, 2).map((v) => v.toFixed(1)).join(",")).join(" ") }));
    const [x, y, depth] = project(...t[t.length - 1]);
    sp.append(sv("circle", { class: `bloch-dot ${cls}`, cx: x, cy: y, r: 6, fill: "currentColor", opacity: depth < 0 ? 0.5 : 1 },
      sv("title", { text: `${m.name}: θ ${num(t[t.length - 1][0])}, φ ${num(t[t.length - 1][1])}` })));
  });

  const p = st.psi || {};
  kv($("psi-now"), [["Ψ", num(p.value)], ["trend", num(p.trend)], ["integration", num(p.integration)],
    ["synchrony", num(p.synchrony)], ["diversity", num(p.diversity)], ["vitality", num(p.vitality)]]);
  const keys = ["value", "integration", "synchrony", "diversity", "vitality"];
  chart($("psi-chart"), keys.map((k, i) => ({ cls: COLORS[i], points: state.psi.map((s, j) => [j, s[k]]) })));
  const lg = clear($("psi-legend"));
  keys.forEach((k, i) => lg.append(el("span", { class: COLORS[i], text: `■ ${k === "value" ? "Ψ" : k}` })));

  const fe = st.free_energy || {};
  kv($("fe"), [["F", num(fe.value)], ["trend", num(fe.trend)],
    ...Object.entries(fe.surprise || {}).map(([k, v]) => [`surprise: ${k}`, num(v)])]);
  chart($("fe-chart"), [{ cls: "s3", points: state.fe.map((s, j) => [j, s.value]) }]);

  const names = new Map(members(st).map((m) => [m.peer_id, m.name]));
  table($("trails"), ["resource", "kind", "valence", "strength"],
    (st.pheromones?.strongest || []).map((t) => [names.get(t.resource) || short(t.resource, 6), t.category, num(t.valence, 2), num(t.intensity, 2)]));
  const soul = clear($("soul"));
  if (!st.soul) { soul.textContent = "This node reports no soul (no goals or thoughts yet)."; return; }
  const list = (title, items) => {
    soul.append(el("h3", { text: title }));
    const ul = el("ul");
    for (const it of (Array.isArray(items) ? items : items ? [items] : []).slice(0, 10)) ul.append(el("li", { text: typeof it === "string" ? it : JSON.stringify(it) }));
    soul.append(ul);
  };
  list("Goals", st.soul.goals);
  list("Plan", st.soul.plan);
  list("Recent thoughts", st.soul.thoughts);
}

/** Line chart of `series` ({cls, points: [[x, y]]}) scaled to the box. */
function chart(svg, series, xLabel) {
  clear(svg);
  const all = series.flatMap((s) => s.points.filter((p) => typeof p[1] === "number" && isFinite(p[1])));
  svg.append(sv("line", { class: "axis", x1: 24, y1: 110, x2: 300, y2: 110 }));
  if (!all.length) { svg.append(sv("text", { x: 30, y: 60, text: "no data yet" })); return; }
  let [x0, x1] = [Math.min(...all.map((p) => p[0])), Math.max(...all.map((p) => p[0]))];
  let [y0, y1] = [Math.min(...all.map((p) => p[1])), Math.max(...all.map((p) => p[1]))];
  if (x1 === x0) x1 = x0 + 1;
  if (y1 === y0) { y0 -= 0.5; y1 += 0.5; }
  const X = (x) => 26 + ((x - x0) / (x1 - x0)) * 270, Y = (y) => 106 - ((y - y0) / (y1 - y0)) * 96;
  svg.append(sv("text", { x: 0, y: 12, text: num(y1, 2) }), sv("text", { x: 0, y: 108, text: num(y0, 2) }));
  if (xLabel) svg.append(sv("text", { x: 200, y: 120, text: xLabel }));
  for (const s of series) {
    const pts = s.points.filter((p) => typeof p[1] === "number" && isFinite(p[1]));
    svg.append(sv("polyline", { class: s.cls, points: pts.map(([x, y]) => `${X(x).toFixed(1)},${Y(y).toFixed(1)}`).join(" ") }));
    if (pts.length < 30) for (const [x, y] of pts) svg.append(sv("circle", { class: s.cls, cx: X(x).toFixed(1), cy: Y(y).toFixed(1), r: 2, fill: "currentColor" }));
  }
}

// ---------------------------------------------------------------- models

function renderModels(st) {
  const w = st.weights || {};
  kv($("weights"), [["model", w.model], ["round", w.round], ["term", w.term], ["canonical hash", w.canonical_hash],
    ["held-out loss", num(w.canonical_eval?.loss)], ["local loss", num(w.local_eval?.loss)], ["rule", w.rule],
    ["parameters", w.params], ["updates published", w.updates_published], ["aggregates published", w.aggregates_published],
    ["adopted", w.adopted], ["collecting", w.collecting ? `round ${w.collecting[0]}, ${w.collecting[1]} updates` : null]]);
  chart($("loss-chart"), [{ cls: "s1", points: [...state.loss].map(([r, l]) => [r, l]) }], "round");
  const names = new Map(members(st).map((m) => [m.peer_id, m.name]));
  table($("updates"), ["peer", "kind", "round", "term", "hash", "rejected"],
    Object.entries(w.peers || {}).map(([id, a]) => [names.get(id) || short(id), a.kind, a.round, a.term, short(a.hash),
      w.rejected?.[id] ? JSON.stringify(w.rejected[id]) : "0"]));
}

// ---------------------------------------------------------------- market

function token() { return sessionStorage.getItem(TOKEN_KEY); }
async function loadMarket() {
  state.marketAt = Date.now();
  const [disc, carts] = await Promise.all([
    fetch("/discovery/resources?limit=100").then((r) => r.json()).catch(() => null),
    fetch("/c").then((r) => r.json()).catch(() => null),
  ]);
  const rows = [];
  for (const it of disc?.items || []) {
    const u = new URL(it.resource, location.origin);
    const path = u.pathname + u.search;
    const method = it.metadata?.method || "GET";
    rows.push([el("code", { text: `${method} ${path}` }), it.metadata?.price, it.metadata?.description || "", actions(path, method)]);
  }
  for (const c of carts?.cartridges || []) {
    const cell = actions(`/c/${c.slug}`, "GET");
    if (token() && c.previous_version != null) cell.append(el("button", { type: "button", class: "ghost rollback", "data-slug": c.slug, text: `roll back to v${c.previous_version}`, onclick: () => rollback(c.slug) }));
    if (!(disc?.items || []).some((it) => new URL(it.resource, location.origin).pathname === `/c/${c.slug}`)) {
      rows.push([el("code", { text: `/c/${c.slug}` }), c.price, `${c.kind} cartridge v${c.version}, ${short(c.hash)}`, cell]);
    }
  }
  table($("routes"), ["route", "price", "what", ""], rows);
  if (!rows.length) $("routes").append(el("tr", {}, el("td", { colspan: 4, text: "No paid routes yet (payments start once the node's wallet and chain are ready)." })));
  renderPlayList(carts?.cartridges || []);
  if (token()) loadAdmin();
}
function actions(path, method) {
  const cell = el("div", { class: "row" }, el("button", { type: "button", class: "ghost", text: "try it", onclick: () => tryIt(path, method) }));
  if (window.ethereum) cell.append(el("button", { type: "button", text: "pay", onclick: () => pay(path, method) }));
  return cell;
}
/** Calls `path` without paying and shows the decoded 402 challenge. */
async function tryIt(path, method, headers) {
  const out = clear($("try"));
  out.append(el("p", { text: `${method} ${path} …` }));
  try {
    const resp = await fetch(path, { method, headers: headers || {}, cache: "no-store" });
    const body = await resp.text();
    const challenge = resp.headers.get("payment-required");
    const receipt = resp.headers.get("payment-response") || resp.headers.get("x-payment-response");
    clear(out).append(el("p", { class: resp.ok ? "ok" : resp.status === 402 ? "" : "err", text: `${method} ${path} → ${resp.status} ${resp.statusText}` }));
    let decoded = null;
    if (challenge) {
      decoded = b64json(challenge);
      out.append(el("h3", { text: "PAYMENT-REQUIRED (decoded)" }), el("pre", { text: JSON.stringify(decoded, null, 2) }));
    }
    if (receipt) {
      const r = b64json(receipt);
      out.append(el("h3", { text: "PAYMENT-RESPONSE (decoded)" }), el("pre", { text: JSON.stringify(r, null, 2) }));
      if (r?.transaction) out.append(el("p", {}, "transaction ", el("code", { text: r.transaction })));
    }
    let pretty = body;
    try { pretty = JSON.stringify(JSON.parse(body), null, 2); } catch { /* not JSON */ }
    out.append(el("h3", { text: "body" }), el("pre", { text: pretty.slice(0, 8000) }));
    return { status: resp.status, challenge: decoded };
  } catch (e) {
    clear(out).append(el("p", { class: "err", text: `${path}: ${e.message}` }));
    return null;
  }
}
/** Signs the x402 `exact` (Permit2) payment with the browser wallet and retries. */
async function pay(path, method) {
  const first = await tryIt(path, method);
  const out = $("try");
  const fail = (m) => out.prepend(el("p", { class: "err", text: m }));
  const ch = first?.challenge;
  const req = ch?.accepts?.find((a) => a.scheme === "exact" && (a.extra?.assetTransferMethod ?? "permit2") === "permit2");
  if (!req) return fail("No `exact` (Permit2) requirement in the challenge.");
  const chainId = Number(String(req.network).split(":")[1]);
  try {
    const [from] = await window.ethereum.request({ method: "eth_requestAccounts" });
    const walletChain = parseInt(await window.ethereum.request({ method: "eth_chainId" }), 16);
    if (walletChain !== chainId) return fail(`The wallet is on chain ${walletChain}; this payment is on ${chainId}. Switch networks and retry.`);
    const now = Math.floor(Date.now() / 1000);
    const nonce = BigInt("0x" + [...crypto.getRandomValues(new Uint8Array(31))].map((b) => b.toString(16).padStart(2, "0")).join("")).toString();
    const auth = {
      permitted: { token: req.asset, amount: req.amount }, from, spender: EXACT_PROXY, nonce,
      deadline: String(now + Number(req.maxTimeoutSeconds || 300)), witness: { to: req.payTo, validAfter: String(now - 600) },
    };
    const typed = {
      types: {
        EIP712Domain: [{ name: "name", type: "string" }, { name: "chainId", type: "uint256" }, { name: "verifyingContract", type: "address" }],
        PermitWitnessTransferFrom: [{ name: "permitted", type: "TokenPermissions" }, { name: "spender", type: "address" },
          { name: "nonce", type: "uint256" }, { name: "deadline", type: "uint256" }, { name: "witness", type: "Witness" }],
        TokenPermissions: [{ name: "token", type: "address" }, { name: "amount", type: "uint256" }],
        Witness: [{ name: "to", type: "address" }, { name: "validAfter", type: "uint256" }],
      },
      primaryType: "PermitWitnessTransferFrom",
      domain: { name: "Permit2", chainId, verifyingContract: PERMIT2 },
      message: { permitted: auth.permitted, spender: auth.spender, nonce, deadline: auth.deadline, witness: auth.witness },
    };
    const signature = await window.ethereum.request({ method: "eth_signTypedData_v4", params: [from, JSON.stringify(typed)] });
    const payment = { x402Version: 2, resource: ch.resource, accepted: req, payload: { signature, permit2Authorization: auth } };
    // No Permit2 allowance yet: sign the token's EIP-2612 permit for exactly this amount and
    // let the facilitator relay it (when the server offers eip2612GasSponsoring).
    const allowance = BigInt(await ethCall(req.asset, "0xdd62ed3e" + word(from) + word(PERMIT2)));
    if (allowance < BigInt(req.amount) && ch.extensions?.eip2612GasSponsoring) {
      const tokenNonce = BigInt(await ethCall(req.asset, "0x7ecebe00" + word(from))).toString();
      const permit = {
        types: {
          EIP712Domain: [{ name: "name", type: "string" }, { name: "version", type: "string" }, { name: "chainId", type: "uint256" }, { name: "verifyingContract", type: "address" }],
          Permit: [{ name: "owner", type: "address" }, { name: "spender", type: "address" }, { name: "value", type: "uint256" }, { name: "nonce", type: "uint256" }, { name: "deadline", type: "uint256" }],
        },
        primaryType: "Permit",
        domain: { name: req.extra?.name || "PathUSD", version: "1", chainId, verifyingContract: req.asset },
        message: { owner: from, spender: PERMIT2, value: req.amount, nonce: tokenNonce, deadline: auth.deadline },
      };
      const permitSig = await window.ethereum.request({ method: "eth_signTypedData_v4", params: [from, JSON.stringify(permit)] });
      payment.extensions = { eip2612GasSponsoring: { info: { from, asset: req.asset, spender: PERMIT2, amount: req.amount, nonce: tokenNonce, deadline: auth.deadline, signature: permitSig, version: "1" } } };
    }
    await tryIt(path, method, { "PAYMENT-SIGNATURE": toB64(JSON.stringify(payment)) });
    out.prepend(el("p", { text: `Signed by ${from}.` }));
  } catch (e) {
    fail(`Wallet: ${e.message || e}`);
  }
}

/** `eth_call` through the browser wallet. */
function ethCall(to, data) { return window.ethereum.request({ method: "eth_call", params: [{ to, data }, "latest"] }); }
/** An address as a 32-byte ABI word (hex, no 0x). */
function word(address) { return address.toLowerCase().replace(/^0x/, "").padStart(64, "0"); }

async function admin(path, init = {}) {
  const resp = await fetch(path, { ...init, headers: { ...(init.headers || {}), Authorization: `Bearer ${token()}` }, cache: "no-store" });
  const body = await resp.json().catch(() => ({}));
  if (resp.status === 401) { sessionStorage.removeItem(TOKEN_KEY); $("admin").hidden = true; }
  return { resp, body };
}
async function loadAdmin() {
  $("admin").hidden = false;
  const { resp, body } = await admin("/payments");
  if (resp.status === 401) { $("token-msg").textContent = "The node refused that token."; return; }
  $("token-msg").textContent = "Token accepted (kept in this tab only).";
  if (!resp.ok) { table($("payments"), ["payments"], [[body.message || body.error || `HTTP ${resp.status}`]]); return; }
  const pays = (body.payments || []).slice().sort((a, b) => a.created_ms - b.created_ms);
  table($("payments"), ["when", "state", "payer", "amount", "resource", "transaction"],
    pays.slice(-100).reverse().map((p) => [new Date(p.created_ms).toLocaleString(), p.state, short(p.payer, 6), p.amount, p.resource, short(p.transaction)]));
  let total = 0n;
  const points = [];
  for (const p of pays) {
    if (p.state !== "settled") continue;
    try { total += BigInt(p.amount); } catch { continue; }
    points.push([p.created_ms / 1000, Number(total) / 1e6]);
  }
  chart($("revenue-chart"), [{ cls: "s2", points }], "time");
  kv($("revenue"), [["settled payments", points.length], ["revenue (6-decimal tokens)", (Number(total) / 1e6).toFixed(6)]]);
}
async function rollback(slug) {
  const { resp, body } = await admin(`/admin/cartridges/${encodeURIComponent(slug)}/rollback`, { method: "POST" });
  $("deploy-out").textContent = `rollback ${slug}: ${resp.status}\n${JSON.stringify(body, null, 2)}`;
  loadMarket();
}
async function deploy(ev) {
  ev.preventDefault();
  const f = ev.target;
  const req = { slug: f.slug.value.trim() };
  if (f.price.value.trim()) req.price = f.price.value.trim();
  const file = f.wasm.files[0];
  if (file) {
    const bytes = new Uint8Array(await file.arrayBuffer());
    let bin = "";
    for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    req.wasm_base64 = btoa(bin);
  } else req.source = f.source.value;
  $("deploy-out").textContent = "deploying…";
  const { resp, body } = await admin("/admin/cartridges", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(req) });
  $("deploy-out").textContent = `${resp.status}\n${JSON.stringify(body, null, 2)}`;
  loadMarket();
}

// ---------------------------------------------------------------- interactive cartridges

// The module runs in the page (a worker, see cart.js); without WebAssembly the node renders the
// frames (`/c/{slug}/frame?ticks=N`).
const play = { slug: null, tick: 0, timer: 0, worker: null, watchdog: 0, server: false };
function renderPlayList(carts) {
  const list = clear($("play-list"));
  const inter = carts.filter((c) => c.kind === "interactive");
  if (!inter.length) list.append(el("span", { text: "No interactive cartridges on this node." }));
  for (const c of inter) list.append(el("button", { type: "button", class: "ghost", "data-slug": c.slug, text: c.slug, onclick: () => startPlay(c.slug) }));
}
function startPlay(slug) {
  stopPlay();
  play.slug = slug;
  play.tick = 0;
  play.server = !(window.Worker && window.WebAssembly);
  if (play.server) { frame(); return; }
  const w = new Worker("/dashboard/cart.js");
  play.worker = w;
  w.onmessage = (ev) => {
    const m = ev.data;
    clearTimeout(play.watchdog);
    if (w !== play.worker) return;
    if (m.type === "error") { $("play-info").textContent = `${slug}: ${m.message}`; stopPlay(); return; }
    if (m.type === "frame") { draw(m.width, m.height, new Uint8ClampedArray(m.px)); play.tick++; info(slug, m.width, m.height, "in this page"); }
    play.timer = setTimeout(() => step(w), m.type === "ready" ? 0 : 50);
  };
  arm(slug);
  w.postMessage({ type: "load", url: `/c/${encodeURIComponent(slug)}/wasm` });
}
function step(w) {
  if (w !== play.worker || state.view !== "play") return;
  arm(play.slug);
  w.postMessage({ type: "tick" });
}
/** A cartridge that does not answer within 2 s is stopped (its worker terminated). */
function arm(slug) {
  clearTimeout(play.watchdog);
  play.watchdog = setTimeout(() => { $("play-info").textContent = `${slug}: stopped (no frame within 2 s)`; stopPlay(); }, 2000);
}
function stopPlay() {
  clearTimeout(play.timer);
  clearTimeout(play.watchdog);
  if (play.worker) play.worker.terminate();
  play.worker = null;
  play.slug = null;
}
function draw(w, h, px) {
  const cv = $("screen");
  if (cv.width !== w || cv.height !== h) { cv.width = w; cv.height = h; }
  cv.getContext("2d").putImageData(new ImageData(px, w, h), 0, 0);
}
function info(slug, w, h, where) {
  $("play-info").textContent = `${slug} · ${w}×${h} · tick ${play.tick} · ${where}`;
  $("play-info").dataset.tick = String(play.tick);
}
async function frame() {
  const slug = play.slug;
  if (!slug || state.view !== "play") return;
  try {
    play.tick = play.tick >= 600 ? 1 : play.tick + 1;
    const resp = await fetch(`/c/${encodeURIComponent(slug)}/frame?ticks=${play.tick}`, { cache: "no-store" });
    if (!resp.ok) { $("play-info").textContent = `${slug}: HTTP ${resp.status}`; stopPlay(); return; }
    const w = Number(resp.headers.get("x-frame-width")), h = Number(resp.headers.get("x-frame-height"));
    const px = new Uint8ClampedArray(await resp.arrayBuffer());
    if (slug !== play.slug || w * h * 4 !== px.length) return;
    draw(w, h, px);
    info(slug, w, h, "rendered by the node");
  } catch (e) {
    $("play-info").textContent = `${slug}: ${e.message}`;
  }
  play.timer = setTimeout(frame, 100);
}

// ---------------------------------------------------------------- navigation

function show(view) {
  if (!["swarm", "mind", "market", "models", "play"].includes(view)) view = "swarm";
  state.view = view;
  for (const s of document.querySelectorAll(".view")) s.hidden = s.id !== `view-${view}`;
  for (const a of document.querySelectorAll("#tabs a")) a.classList.toggle("active", a.dataset.view === view);
  if (view === "market" || view === "play") loadMarket();
  if (view !== "play") stopPlay();
  render();
}

document.addEventListener("DOMContentLoaded", () => {
  window.addEventListener("hashchange", () => show(location.hash.slice(1)));
  $("token-form").addEventListener("submit", (e) => {
    e.preventDefault();
    const t = $("token").value.trim();
    $("token").value = "";
    if (t) { sessionStorage.setItem(TOKEN_KEY, t); loadMarket(); }
  });
  $("token-clear").addEventListener("click", () => { sessionStorage.removeItem(TOKEN_KEY); $("admin").hidden = true; $("token-msg").textContent = ""; loadMarket(); });
  $("deploy").addEventListener("submit", deploy);
  $("play-stop").addEventListener("click", stopPlay);
  show(location.hash.slice(1));
  poll();
  listen();
});
