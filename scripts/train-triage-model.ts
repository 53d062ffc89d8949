/**
 * `npm run triage:train`: retrains src/triage/data/resemblance-model.json from every labelled set in
 * test/fixtures (run it after adding or relabelling cases; a test fails until you do).
 */
import { writeFileSync } from "node:fs";
import { trainResemblance } from "../src/triage/train-resemblance.ts";
import { fixturesDigest, loadLabelledFixtures } from "../test/triage/labelled-fixtures.ts";

const cases = loadLabelledFixtures();
const model = trainResemblance(cases, fixturesDigest(cases));
writeFileSync(new URL("../src/triage/data/resemblance-model.json", import.meta.url), `${JSON.stringify(model)}\n`);
console.log(`trained on ${cases.length} labelled texts: ${model.features.length} features`);
