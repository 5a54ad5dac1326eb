// The peer side of bench_importers: parses the same JCAMP-DX files with
// jcampconverter@10.0.1 under Node.js, from bytes already in memory.
// usage: node peer.mjs MODULE ITERATIONS DUMP_JSON|- FILE...
// Prints one "iteration_ms: X" line per iteration; with DUMP_JSON, first writes every
// decoded spectrum (x and y) so that the benchmark can check both sides agree.
import fs from 'node:fs';
import { pathToFileURL } from 'node:url';

const [modulePath, iterationsText, dumpPath, ...files] = process.argv.slice(2);
const { convert } = await import(pathToFileURL(modulePath).href);
const inputs = files.map((f) => fs.readFileSync(f));

if (dumpPath !== '-') {
  const out = inputs.map((bytes) => {
    const result = convert(bytes, {});
    const spectra = [];
    for (const entry of result.flatten) {
      for (const s of entry.spectra || []) {
        if (s.data && s.data.x) spectra.push({ x: Array.from(s.data.x), y: Array.from(s.data.y) });
      }
    }
    return spectra;
  });
  fs.writeFileSync(dumpPath, JSON.stringify(out));
}

const iterations = Number(iterationsText);
let sink = 0;
for (let i = 0; i < iterations; ++i) {
  const start = process.hrtime.bigint();
  for (const bytes of inputs) sink += convert(bytes, {}).flatten.length;
  const ns = Number(process.hrtime.bigint() - start);
  console.log(`iteration_ms: ${ns / 1e6}`);
}
if (sink < 0) console.log(sink);
