/*
 * gongkai full-text search: the client of the index that gongkai.site.search writes.
 *
 * No dependencies, no server, nothing from another host. The text functions and the query
 * steps mirror gongkai/site/search/text.py and query.py line for line; the tests run both
 * on the same inputs (tests/search/test_search_js.py), so change them together.
 * Report text is untrusted: it reaches the page only through textContent and DOM nodes.
 */
(function (root) {
  "use strict";

  const INVISIBLE = /[\u00ad\u200b\u200c\u200d\u2060\ufeff]/g;
  const HAN = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u{20000}-\u{3134f}";
  const TOKEN = new RegExp("([" + HAN + "]+)|([a-z0-9]+)", "gu");
  // An explicit set, because Python's \s and JavaScript's \s differ at the edges.
  const SPACE = /[ \t\n\r\f\v\u00a0\u3000]+/g;
  const SNIPPET_BEFORE = 40;
  const SNIPPET_LENGTH = 160;
  const MANIFEST = "manifest.json";
  const FILTERS = "filters.bin";
  const LENGTHS = "lengths.bin";
  // BM25's constants (query.py K1, B).
  const K1 = 1.2;
  const B = 0.75;
  const FILTER_KEYS = ["year", "type", "issuer"];
  const VERIFY_PER_HIT = 5;
  const ENCODER = new TextEncoder();
  const DECODER = new TextDecoder();

  // ---- text (text.py) ----

  function normalise(text) {
    return text.normalize("NFKC").toLowerCase().replace(INVISIBLE, "");
  }

  function stripInvisible(text) {
    return text.replace(INVISIBLE, "");
  }

  function runs(normalised) {
    return Array.from(normalised.matchAll(TOKEN), (m) => (m[1] ? [m[1], true] : [m[2], false]));
  }

  function pairs(run) {
    const chars = Array.from(run);
    return chars.slice(1).map((c, i) => chars[i] + c);
  }

  function queryTerms(query) {
    const terms = [];
    for (const [run, han] of runs(normalise(query))) {
      const parts = han && Array.from(run).length > 1 ? pairs(run) : [run];
      for (const t of parts) if (!terms.includes(t)) terms.push(t);
    }
    return terms;
  }

  function queryPhrases(query) {
    const phrases = [];
    for (const part of normalise(query).split(SPACE)) {
      if (part && !phrases.includes(part)) phrases.push(part);
    }
    return phrases;
  }

  function containsPhrases(normalisedText, phrases) {
    return phrases.length > 0 && phrases.every((p) => normalisedText.includes(p));
  }

  function snippet(text, phrases) {
    const chars = Array.from(text);
    // origin[k]: the index in chars of the character that produced UTF-16 unit k of norm.
    const origin = [];
    let norm = "";
    chars.forEach((c, i) => {
      const part = c.normalize("NFKC").toLowerCase().replace(INVISIBLE, "");
      for (let k = 0; k < part.length; k++) origin.push(i);
      norm += part;
    });
    const spans = [];
    for (const phrase of phrases) {
      let start = norm.indexOf(phrase);
      while (start >= 0) {
        spans.push([origin[start], origin[start + phrase.length - 1] + 1]);
        start = norm.indexOf(phrase, start + phrase.length);
      }
    }
    const anchor = spans.length ? Math.min(...spans.map((s) => s[0])) : 0;
    const begin = Math.max(0, anchor - SNIPPET_BEFORE);
    const end = Math.min(chars.length, begin + SNIPPET_LENGTH);
    const pieces = [];
    let cursor = begin;
    for (let [s, e] of merge(spans)) {
      if (e <= begin || s >= end) continue;
      s = Math.max(s, begin);
      e = Math.min(e, end);
      if (s > cursor) pieces.push([display(chars.slice(cursor, s)), false]);
      pieces.push([display(chars.slice(s, e)), true]);
      cursor = e;
    }
    if (cursor < end) pieces.push([display(chars.slice(cursor, end)), false]);
    if (begin > 0) pieces.unshift(["…", false]);
    if (end < chars.length) pieces.push(["…", false]);
    return pieces;
  }

  function merge(spans) {
    const merged = [];
    const sorted = spans.slice().sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    for (const [s, e] of sorted) {
      const last = merged[merged.length - 1];
      if (last && s <= last[1]) last[1] = Math.max(last[1], e);
      else merged.push([s, e]);
    }
    return merged;
  }

  function display(chars) {
    return stripInvisible(chars.join("")).replace(SPACE, " ");
  }

  // ---- index format (codec.py) ----

  function fnv1a(term) {
    let h = 0x811c9dc5;
    for (const byte of ENCODER.encode(term)) h = Math.imul(h ^ byte, 0x01000193) >>> 0;
    return h;
  }

  function shardOf(term, bits) {
    return fnv1a(term) & ((1 << bits) - 1);
  }

  function varint(data, at) {
    let value = 0;
    let shift = 0;
    for (;;) {
      const byte = data[at.pos++];
      value += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return value;
      shift += 7;
    }
  }

  async function unpack(bytes) {
    // A server that labels .bin files Content-Encoding: gzip hands over inflated bytes.
    if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  }

  function parseShard(data) {
    const terms = new Map();
    const at = { pos: 0 };
    const count = varint(data, at);
    for (let n = 0; n < count; n++) {
      const size = varint(data, at);
      const term = DECODER.decode(data.subarray(at.pos, at.pos + size));
      at.pos += size;
      const df = varint(data, at);
      const weight = varint(data, at);
      const external = varint(data, at);
      const length = external ? 0 : varint(data, at);
      terms.set(term, { df, weight, external, postings: data.subarray(at.pos, at.pos + length) });
      at.pos += length;
    }
    return terms;
  }

  function varints(data, count) {
    const at = { pos: 0 };
    const values = [];
    for (let i = 0; i < count; i++) values.push(varint(data, at));
    return values;
  }

  // Document id → the term's frequency there.
  function decode(data, df) {
    const postings = new Map();
    const at = { pos: 0 };
    const ids = [];
    let id = 0;
    for (let i = 0; i < df; i++) {
      id += varint(data, at);
      ids.push(id);
    }
    for (const docId of ids) postings.set(docId, varint(data, at));
    return postings;
  }

  function lengthNorm(length, average) {
    return K1 * (1 - B + (B * length) / average);
  }

  // query.py impact: the same exactly rounded steps, and Python's round (half to even).
  function impact(tf, norm) {
    const x = (255 * tf) / (tf + norm);
    let rounded = Math.round(x);
    if (rounded - x === 0.5 && rounded % 2 === 1) rounded -= 1;
    return Math.max(1, Math.min(255, rounded));
  }

  function ids(deltas) {
    const out = new Set();
    let id = 0;
    for (const delta of deltas) {
      id += delta;
      out.add(id);
    }
    return out;
  }

  // ---- query (query.py) ----

  // load(path, version) → Promise<Uint8Array>; version is undefined for the manifest only.
  function createEngine(load) {
    const files = new Map();
    const shards = new Map();
    let manifest = null;

    function get(path) {
      if (!files.has(path)) {
        const version = path === MANIFEST ? undefined : manifest.version;
        const file = load(path, version).then(unpack);
        files.set(path, file);
        // A failed download is not remembered: the next search tries again.
        file.catch(() => files.delete(path));
      }
      return files.get(path);
    }

    async function json(path) {
      return JSON.parse(DECODER.decode(await get(path)));
    }

    async function loadManifest() {
      if (!manifest) {
        manifest = json(MANIFEST).then(
          (m) => (manifest = m),
          (error) => {
            manifest = null;
            throw error;
          },
        );
      }
      return manifest;
    }

    function shard(n) {
      if (!shards.has(n)) {
        const parsed = get("s/" + n + ".bin").then(parseShard);
        shards.set(n, parsed);
        parsed.catch(() => shards.delete(n));
      }
      return shards.get(n);
    }

    async function postings(entry, shard) {
      if (!entry.external) return entry.postings;
      return get("p/" + shard + "-" + entry.external + ".bin");
    }

    async function filterIds(wanted) {
      const filters = await json(FILTERS);
      let allowed = null;
      for (const [key, value] of Object.entries(wanted)) {
        let set = new Set();
        if (key === "issuer") {
          const needle = normalise(value);
          for (const [name, deltas] of filters.issuers) {
            if (normalise(name).includes(needle)) for (const id of ids(deltas)) set.add(id);
          }
        } else {
          set = ids(filters[key + "s"][value] || []);
        }
        allowed = allowed === null ? set : new Set([...allowed].filter((id) => set.has(id)));
      }
      return allowed || new Set();
    }

    async function start(query, filters) {
      const wanted = {};
      for (const [key, value] of Object.entries(filters || {})) {
        if (!FILTER_KEYS.includes(key)) throw new Error("unknown search filter: " + key);
        if (String(value).trim()) wanted[key] = String(value).trim();
      }
      const m = await loadManifest();
      const terms = queryTerms(query);
      const phrases = queryPhrases(query);
      if (!terms.length) return new Session(get, [], phrases);
      const numbers = [];
      for (const t of terms) {
        const n = shardOf(t, m.bits);
        if (!numbers.includes(n)) numbers.push(n);
      }
      const hasFilters = Object.keys(wanted).length > 0;
      const [parsed, allowed, lengths] = await Promise.all([
        Promise.all(numbers.map(shard)),
        hasFilters ? filterIds(wanted) : null,
        get(LENGTHS).then((data) => varints(data, m.docs)),
      ]);
      const byNumber = new Map(numbers.map((n, i) => [n, parsed[i]]));
      const shardNumbers = terms.map((t) => shardOf(t, m.bits));
      const entries = terms.map((t, i) => byNumber.get(shardNumbers[i]).get(t));
      if (entries.some((e) => e === undefined)) return new Session(get, [], phrases);
      const data = await Promise.all(entries.map((e, i) => postings(e, shardNumbers[i])));
      const lists = entries.map((e, i) => decode(data[i], e.df));
      const weights = entries.map((e) => e.weight);
      const scored = rank(lists, weights, allowed, lengths, m.chars / m.docs);
      return new Session(get, scored, phrases);
    }

    async function filters() {
      await loadManifest();
      return json(FILTERS);
    }

    return { start, manifest: loadManifest, filters };
  }

  function rank(lists, weights, allowed, lengths, average) {
    let shortest = lists[0];
    for (const list of lists) if (list.size < shortest.size) shortest = list;
    const scored = [];
    for (const id of shortest.keys()) {
      if (allowed && !allowed.has(id)) continue;
      if (lists.every((list) => list.has(id))) {
        const norm = lengthNorm(lengths[id], average);
        let score = 0;
        lists.forEach((list, i) => (score += weights[i] * impact(list.get(id), norm)));
        scored.push({ id, score });
      }
    }
    return scored.sort((a, b) => b.score - a.score || a.id - b.id);
  }

  // The candidates of one query, checked for the exact phrase a page at a time.
  class Session {
    constructor(get, candidates, phrases) {
      this.get = get;
      this.candidates = candidates;
      this.phrases = phrases;
      this.total = candidates.length;
      this.pos = 0;
      this.exact = [];
      this.inexact = [];
    }

    async take(limit) {
      const budget = Math.min(this.candidates.length, VERIFY_PER_HIT * limit);
      while (this.exact.length < limit && this.pos < budget) {
        const end = Math.min(budget, this.pos + limit - this.exact.length);
        const batch = this.candidates.slice(this.pos, end);
        const docs = await Promise.all(
          batch.map(async (c) => JSON.parse(DECODER.decode(await this.get("d/" + c.id + ".bin")))),
        );
        docs.forEach((doc, i) => {
          const ok = containsPhrases(normalise(doc.title + "\n" + doc.text), this.phrases);
          (ok ? this.exact : this.inexact).push(hit(doc, batch[i].score, ok, this.phrases));
        });
        this.pos += batch.length;
      }
      const done = this.pos >= budget;
      return (done ? this.exact.concat(this.inexact) : this.exact).slice(0, limit);
    }
  }

  function hit(doc, score, exact, phrases) {
    return {
      url: doc.url,
      title: doc.title,
      issuer: doc.issuer,
      year: doc.year,
      typeName: doc.typeName,
      published: doc.published,
      score,
      exact,
      snippet: snippet(doc.text, phrases),
    };
  }

  // ---- the page (page.py writes its HTML) ----

  const PAGE_SIZE = 10;
  const DEBOUNCE_MS = 120;

  function start(box) {
    const base = new URL(box.dataset.index.replace(/\/?$/, "/"), document.baseURI);
    const siteRoot = new URL("../", base);
    const $ = (id) => document.getElementById("gk-search-" + id);
    const form = box.querySelector("form");
    const input = $("q");
    const fields = { year: $("year"), type: $("type"), issuer: $("issuer") };
    const status = $("status");
    const list = $("results");
    const more = $("more");
    const engine = createEngine(async (path, version) => {
      const url = new URL(path, base);
      if (version) url.searchParams.set("v", version);
      const response = await fetch(url, version ? {} : { cache: "no-cache" });
      if (!response.ok) throw new Error(response.status + " " + url);
      return new Uint8Array(await response.arrayBuffer());
    });
    let current = null;
    let sequence = 0;
    let timer = 0;
    let issuersLoaded = false;
    let composing = false;

    const params = new URLSearchParams(location.search);
    input.value = params.get("q") || "";
    for (const key of FILTER_KEYS) fields[key].value = params.get(key) || "";

    engine.manifest().then(
      (m) => {
        for (const [year, count] of m.years) option(fields.year, year, year + " 年度（" + count + "）");
        for (const [id, name, count] of m.types) option(fields.type, id, name + "（" + count + "）");
        // Selects drop a value they had no option for yet: apply the URL's again.
        for (const key of ["year", "type"]) fields[key].value = params.get(key) || "";
        run();
      },
      () => fail(),
    );

    function option(select, value, label) {
      const o = document.createElement("option");
      o.value = String(value);
      o.textContent = label;
      select.append(o);
    }

    function loadIssuers() {
      if (issuersLoaded) return;
      issuersLoaded = true;
      engine.filters().then((f) => {
        const datalist = $("issuers");
        for (const [name] of f.issuers) {
          const o = document.createElement("option");
          o.value = name;
          datalist.append(o);
        }
      }, () => (issuersLoaded = false));
    }

    function later() {
      clearTimeout(timer);
      timer = setTimeout(run, DEBOUNCE_MS);
    }

    function filters() {
      const out = {};
      for (const key of FILTER_KEYS) if (fields[key].value.trim()) out[key] = fields[key].value.trim();
      return out;
    }

    function remember(query, wanted) {
      const url = new URL(location.href);
      for (const key of ["q", ...FILTER_KEYS]) url.searchParams.delete(key);
      if (query) url.searchParams.set("q", query);
      for (const [key, value] of Object.entries(wanted)) url.searchParams.set(key, value);
      history.replaceState(history.state, "", url);
    }

    async function run() {
      clearTimeout(timer);
      const query = input.value.trim();
      const wanted = filters();
      const key = JSON.stringify([query, wanted]);
      if (current && current.key === key) return;
      const mine = ++sequence;
      current = { key, query, wanted, session: null, shown: 0 };
      remember(query, wanted);
      if (!query) {
        list.replaceChildren();
        more.hidden = true;
        status.textContent = "";
        box.dataset.state = "idle";
        return;
      }
      box.dataset.state = "busy";
      list.setAttribute("aria-busy", "true");
      try {
        const session = await engine.start(query, wanted);
        const hits = await session.take(PAGE_SIZE);
        if (mine !== sequence) return;
        current.session = session;
        show(hits);
        announce(session.total, query, Object.keys(wanted).length > 0);
        box.dataset.query = query;
        box.dataset.state = "done";
      } catch (error) {
        if (mine === sequence) {
          current = null;
          fail();
        }
      } finally {
        if (mine === sequence) list.removeAttribute("aria-busy");
      }
    }

    // The whole list each time: a later page can find exact matches that rank above pages
    // shown before it (see take).
    function show(hits) {
      list.replaceChildren(...hits.map(render));
      current.shown = hits.length;
      more.hidden = hits.length >= current.session.total;
    }

    function announce(total, query, filtered) {
      const scope = filtered ? "（已按筛选条件）" : "";
      status.textContent = total
        ? "找到 " + total + " 篇报告" + scope
        : "没有找到包含“" + query + "”的报告" + scope;
    }

    function fail() {
      box.dataset.state = "error";
      status.textContent = "搜索暂时无法使用：索引文件加载失败。";
    }

    function render(h) {
      const li = document.createElement("li");
      li.className = "gk-search__hit";
      const title = document.createElement("p");
      title.className = "gk-search__title";
      const link = document.createElement("a");
      const target = new URL(h.url, siteRoot);
      // Only our own pages: a URL in the index can never become javascript: or another host.
      if (target.origin === siteRoot.origin && target.protocol === siteRoot.protocol) {
        link.href = target.href;
      }
      link.textContent = h.title || h.url;
      title.append(link);
      const meta = document.createElement("p");
      meta.className = "gk-search__meta";
      const published = h.published ? "公开日期 " + h.published : "";
      meta.textContent = [h.issuer, h.year + " 年度", h.typeName, published]
        .filter(Boolean)
        .join(" · ");
      const text = document.createElement("p");
      text.className = "gk-search__snippet";
      for (const [piece, marked] of h.snippet) {
        if (marked) {
          const mark = document.createElement("mark");
          mark.textContent = piece;
          text.append(mark);
        } else {
          text.append(document.createTextNode(piece));
        }
      }
      li.append(title, meta, text);
      return li;
    }

    // Mid-composition a text box holds pinyin, not the query: neither an input event nor a
    // search already waiting may use it. compositionend brings the text.
    form.addEventListener("compositionstart", () => {
      composing = true;
      clearTimeout(timer);
    });
    form.addEventListener("compositionend", () => {
      composing = false;
      later();
    });
    input.addEventListener("input", (e) => {
      if (!e.isComposing && !composing) later();
    });
    fields.issuer.addEventListener("input", (e) => {
      if (!e.isComposing && !composing) later();
    });
    fields.issuer.addEventListener("focus", loadIssuers);
    fields.year.addEventListener("change", run);
    fields.type.addEventListener("change", run);
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      run();
    });
    more.addEventListener("click", async () => {
      const state = current;
      if (!state || !state.session) return;
      more.disabled = true;
      try {
        const before = state.shown;
        const hits = await state.session.take(before + PAGE_SIZE);
        if (state !== current) return;
        show(hits);
        // Keyboard and screen-reader users continue where the new results begin.
        const next = list.children[before];
        if (next) next.querySelector("a").focus();
      } catch (error) {
        fail();
      } finally {
        more.disabled = false;
      }
    });
  }

  const api = { normalise, queryTerms, queryPhrases, snippet, fnv1a, impact, createEngine };
  if (typeof module === "object" && module.exports) module.exports = api;
  else root.GongkaiSearch = api;

  if (typeof document !== "undefined") {
    const init = () => document.querySelectorAll(".gk-search[data-index]").forEach(start);
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
    else init();
  }
})(globalThis);
