// Runs the browser's search code under node for the agreement tests.
// Reads one JSON request on stdin, writes one JSON answer on stdout:
//   {"script": path, "texts": [...], "snippets": [[text, query], ...]}
//     -> {"texts": [{normalised, terms, phrases, hash}], "snippets": [pieces, ...]}
//   {"script": path, "impacts": [[tf, norm], ...]} -> {"impacts": [...]}
//   {"script": path, "index": dir, "queries": [{query, filters, limit}]}
//     -> {"results": [{total, fetched, hits}]}, each query on a cold engine.
"use strict";
const fs = require("fs");
const path = require("path");

async function main() {
  const request = JSON.parse(fs.readFileSync(0, "utf8"));
  const search = require(request.script);
  const answer = {};
  if (request.texts) {
    answer.texts = request.texts.map((t) => ({
      normalised: search.normalise(t),
      terms: search.queryTerms(t),
      phrases: search.queryPhrases(t),
      hash: search.fnv1a(t),
    }));
    answer.snippets = request.snippets.map(([text, query]) =>
      search.snippet(text, search.queryPhrases(query)),
    );
  }
  if (request.impacts) {
    answer.impacts = request.impacts.map(([tf, norm]) => search.impact(tf, norm));
  }
  if (request.index) {
    answer.results = [];
    for (const q of request.queries) {
      const fetched = [];
      const engine = search.createEngine(async (file) => {
        fetched.push(file);
        return new Uint8Array(fs.readFileSync(path.join(request.index, file)));
      });
      const session = await engine.start(q.query, q.filters);
      const hits = await session.take(q.limit);
      answer.results.push({ total: session.total, fetched, hits });
    }
  }
  process.stdout.write(JSON.stringify(answer));
}

main().catch((error) => {
  process.stderr.write(String(error && error.stack ? error.stack : error));
  process.exit(1);
});
