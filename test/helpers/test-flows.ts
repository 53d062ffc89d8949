import { type FlowSet, parseFlow } from "../../src/flows/schema.ts";

/** A tiny flow set that exercises every node kind, independent of the real content. */
export function testFlowSet(): FlowSet {
  const menu = parseFlow({
    specVersion: 1,
    id: "menu",
    revision: 1,
    start: "main",
    nodes: {
      main: {
        type: "ask",
        messages: [{ key: "menu.prompt" }],
        input: {
          kind: "choice",
          choices: [
            { id: "report", label: "menu.report", next: "to_report", aliases: ["reportar"] },
            { id: "age", label: "menu.age", next: "to_age" },
          ],
        },
      },
      to_report: { type: "goto", flow: "report" },
      to_age: { type: "goto", flow: "age" },
    },
  });
  const welcome = parseFlow({
    specVersion: 1,
    id: "welcome",
    revision: 1,
    start: "hello",
    nodes: {
      hello: { type: "say", messages: [{ key: "welcome.hello" }], next: "lang" },
      lang: {
        type: "ask",
        messages: [{ key: "welcome.lang" }],
        input: {
          kind: "choice",
          choices: [
            { id: "es", label: "lang.es", locale: "es" },
            { id: "qu", label: "lang.qu", locale: "qu" },
          ],
        },
        next: "go",
      },
      go: { type: "goto", flow: "menu" },
    },
  });
  const language = parseFlow({
    specVersion: 1,
    id: "language",
    revision: 1,
    start: "go",
    nodes: { go: { type: "goto", flow: "welcome", node: "lang" } },
  });
  const report = parseFlow({
    specVersion: 1,
    id: "report",
    revision: 1,
    start: "describe",
    nodes: {
      describe: {
        type: "ask",
        messages: [{ key: "report.describe" }],
        input: { kind: "text", minLength: 3, maxLength: 50 },
        saveAs: "description",
        next: "where",
      },
      where: {
        type: "ask",
        messages: [{ key: "report.where" }],
        input: { kind: "location" },
        optional: true,
        saveAs: "place",
        next: "review",
      },
      review: {
        type: "ask",
        messages: [{ key: "report.review", params: { description: "@description" } }],
        input: {
          kind: "choice",
          choices: [
            { id: "send", label: "report.send", next: "submit" },
            { id: "edit", label: "report.edit", next: "describe", returnHere: true },
          ],
        },
      },
      submit: {
        type: "action",
        action: "submit_report",
        params: { description: "@description", place: "@place" },
        saveAs: "report",
        next: "branch",
        onError: "failed",
      },
      branch: {
        type: "branch",
        cases: [{ when: { var: "report.urgency", eq: "emergency" }, next: "emergency" }],
        otherwise: "done",
      },
      emergency: { type: "say", messages: [{ key: "report.emergency" }], next: "done" },
      done: {
        type: "end",
        messages: [{ key: "report.receipt", params: { code: "@report.caseCode" }, items: "@report.lines" }],
      },
      failed: { type: "end", messages: [{ key: "report.failed" }] },
    },
  });
  const age = parseFlow({
    specVersion: 1,
    id: "age",
    revision: 1,
    start: "ask",
    nodes: {
      ask: {
        type: "ask",
        messages: [{ key: "age.prompt" }],
        input: { kind: "number", min: 5, max: 99 },
        saveAs: "age",
        next: "check",
      },
      check: { type: "branch", cases: [{ when: { var: "age", lt: 18 }, next: "minor" }], otherwise: "adult" },
      minor: { type: "end", messages: [{ key: "age.minor" }] },
      adult: { type: "end", messages: [{ key: "age.adult" }] },
    },
  });
  return {
    flows: { menu, welcome, language, report, age },
    entry: { welcome: "welcome", menu: "menu", language: "language" },
  };
}
