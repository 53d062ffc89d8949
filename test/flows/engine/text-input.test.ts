import { describe, expect, it } from "vitest";
import { greetingLocale, matchGlobalCommand } from "../../../src/flows/engine/global-commands.ts";
import { parseNumber } from "../../../src/flows/engine/text-input.ts";

describe("parseNumber", () => {
  it("should read digits, keycaps and numbers inside a sentence", () => {
    const cases: [string, number][] = [
      ["15", 15],
      ["15 años", 15],
      ["tengo 15", 15],
      ["2.", 2],
      ["3️⃣", 3],
      ["I'm 17", 17],
    ];
    for (const [text, n] of cases) expect(parseNumber(text), text).toBe(n);
  });

  it("should read number words in Spanish and English, tens and units together", () => {
    const cases: [string, number][] = [
      ["quince", 15],
      ["tengo quince años", 15],
      ["veintiún años", 21],
      ["treinta y dos", 32],
      ["twenty-one", 21],
      ["twenty one", 21],
      ["fifteen", 15],
    ];
    for (const [text, n] of cases) expect(parseNumber(text), text).toBe(n);
  });

  it("should multiply Quechua tens and add units with -yuq / -niyuq", () => {
    const cases: [string, number][] = [
      ["chunka", 10],
      ["chunka pichqayuq", 15],
      ["chunka hukniyuq", 11],
      ["iskay chunka", 20],
      ["iskay chunka kimsayuq", 23],
      ["kimsa chunka", 30],
      ["chunka pichqa watayuq kani", 15],
      ["iskay", 2],
    ];
    for (const [text, n] of cases) expect(parseNumber(text), text).toBe(n);
  });

  it("should not turn a choice between numbers, or numbers run together, into one number", () => {
    for (const text of ["dos o tres", "2 o 3", "two or three", "iskay utaq kimsa", "uno dos", "hola", "pichqayuq"]) {
      expect(parseNumber(text), text).toBeUndefined();
    }
  });
});

describe("greetings and commands", () => {
  it("should tell the language of a greeting", () => {
    expect(greetingLocale("Hola!")).toBe("es");
    expect(greetingLocale("hi")).toBe("en");
    expect(greetingLocale("Allillanchu")).toBe("qu");
    expect(greetingLocale("necesito ayuda")).toBeUndefined();
  });

  it("should treat a command word only as the whole message", () => {
    expect(matchGlobalCommand("MENÚ")).toBe("menu");
    expect(matchGlobalCommand("/start@trata_bot")).toBe("start");
    expect(matchGlobalCommand("quiero ver el menu")).toBeUndefined();
  });
});
