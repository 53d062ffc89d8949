/**
 * Benchmark (not a test): `npx tsx test/directory/benchmark-nearest.ts`.
 * Times resolvePlace (coordinates and text) + nearest over random points in Peru's box and over every
 * district name, with the shipped services and with ~450 synthetic CEMs (the size of MIMP's CEM list).
 * Goal: under 1 ms per lookup.
 */
import { createDirectory } from "../../src/directory/create-directory.ts";
import { loadShippedData } from "../../src/directory/load-directory.ts";
import type { Directory, ServiceRecord } from "../../src/directory/types.ts";

const data = loadShippedData();
const syntheticCems: ServiceRecord[] = data.districts
  .filter((_, i) => i % 4 === 0)
  .map((d) => ({
    id: `cem-bench-${d.code}`,
    kind: "CEM",
    name: `CEM ${d.name}`,
    phones: [],
    hours: "unknown",
    languages: ["es"],
    ubigeo: d.code,
    serves: ["gender_violence", "sexual_violence", "trafficking", "child"],
    referralCodes: ["CEM"],
    source: "benchmark",
    verifiedOn: "2026-11-24",
    confirmed: true,
  }));

let seed = 42;
const random = () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
  return seed / 2 ** 31;
};
const points = Array.from({ length: 20_000 }, () => ({
  latitude: -18 + random() * 18,
  longitude: -81 + random() * 12,
}));
const texts = data.districts.map((d) => `${d.name} ${d.province}`);

function time(label: string, n: number, run: () => void): void {
  run(); // warm-up
  const t0 = performance.now();
  run();
  const ms = (performance.now() - t0) / n;
  console.log(`${label.padEnd(62)} ${(ms * 1000).toFixed(1).padStart(7)} µs per lookup`);
}

for (const [label, directory] of [
  ["shipped services", createDirectory(data)],
  [`shipped + ${syntheticCems.length} synthetic CEMs`, createDirectory({ ...data, services: [...data.services, ...syntheticCems] })],
] as [string, Directory][]) {
  console.log(`— ${label}`);
  time("resolvePlace(coordinates) + nearest(emergency, limit 5)", points.length, () => {
    for (const p of points) directory.nearest(directory.resolvePlace(p), ["emergency"], { limit: 5 });
  });
  time("resolvePlace(coordinates) + nearest(gender_violence)", points.length, () => {
    for (const p of points) directory.nearest(directory.resolvePlace(p), ["gender_violence"]);
  });
  time("resolvePlace(text 'district province') + nearest(emergency)", texts.length, () => {
    for (const t of texts) directory.nearest(directory.resolvePlace({ text: t }), ["emergency"]);
  });
  time("resolvePlace(text with a typo, fuzzy path)", texts.length, () => {
    for (const t of texts) directory.resolvePlace({ text: `${t.slice(0, 3)}x${t.slice(4)}` });
  });
}
