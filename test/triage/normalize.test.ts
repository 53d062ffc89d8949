import { describe, expect, it } from "vitest";
import { extractAges, hasMinorWords } from "../../src/triage/age.ts";
import { normalize } from "../../src/triage/normalize.ts";

describe("normalize", () => {
  it("should expand chat spellings token by token, never by prefix", () => {
    expect(normalize("k hago, m kieren llevar xq tng 15")).toBe("que hago , me quieren llevar porque tengo 15");
    expect(normalize("aki no hay nadie, kien me ayuda")).toBe("aqui no hay nadie , quien me ayuda");
    // English and Quechua words that start with k + i/e stay as they are
    expect(normalize("they will kill me, he kept my passport, kids")).toBe("they will kill me , he kept my passport , kids");
    expect(normalize("chunka kimsayuq watayuq")).toBe("chunka kimsayuq watayuq");
  });

  it("should expand English contractions, with or without the apostrophe", () => {
    expect(normalize("she's 15, he hasn't paid me, I can't leave")).toBe("she is 15 , he has not paid me , i can not leave");
    expect(normalize("my boss doesn’t pay, she's been missing, they won't let me")).toBe("my boss does not pay , she has been missing , they will not let me");
    expect(normalize("im scared, dont know")).toBe("i am scared , do not know");
    expect(normalize("no one knows")).toBe("nobody knows");
  });

  it("should drop apostrophes and join hyphenated Quechua words, and fold manam/manan into mana", () => {
    expect(normalize("wasipi wichq'asqa kachkani, manam lluqsichiwankuchu")).toBe("wasipi wichqasqa kachkani , mana lluqsichiwankuchu");
    expect(normalize("Patronniy DNI-yta qichuwan, bar-pi")).toBe("patronniy dniyta qichuwan , barpi");
    // "mañan" (asks) is not the negation "manan"
    expect(normalize("fotokunata mañan")).toBe("fotokunata manan");
    expect(normalize("Manan yachanichu")).toBe("mana yachanichu");
  });

  it("should keep sentence ends and commas as breaks and fold accents, repeated letters and money", () => {
    expect(normalize("¡¡Ayudaaaa!! Están aquí. Pagan S/ 3,500")).toBe("ayuda | estan aqui | pagan 3500 soles");
    expect(normalize("Niña, año, corazón")).toBe("nina , ano , corazon");
  });
});

describe("age extraction", () => {
  const ages = (text: string) => extractAges(normalize(text));

  it.each([
    ["tengo 15 y me ofrecen trabajo", 15],
    ["tng 16, trabajo en un bar", 16],
    ["tiene como 14 y trabaja de noche", 14],
    ["hay una niña de como 12 años", 12],
    ["mi ahijada de 15 trabaja en un karaoke", 15],
    ["mi hermanita de trece", 13],
    ["tiene 15 anios", 15],
    ["she's 15 and works at a bar", 15],
    ["my 15-year-old cousin", 15],
    ["my sister (16) is working", 16],
    ["im 17 n they want me", 17],
    ["chunka kimsayuq watayuq", 13],
    ["Chunka pichqayuq watayuqmi kani", 15],
    ["16 watayuq", 16],
    ["a boy who looks about 12", 12],
    ["the girl seems 14", 14],
    ["my nephew is 16.", 16],
    ["they are 14 and 15", 14],
    ["he was 12 when he left", 12],
    ["one of the waitresses (15) told me", 15],
    ["a 13-year-old", 13],
    ["a 15 y/o girl", 15],
    ["a girl of 14", 14],
    ["girls under 16", 15],
    ["chicas de menos de 15 años", 14],
    ["parece de 13", 13],
    ["la chica aparenta 14", 14],
    ["tendra unos 12", 12],
    ["tengo 16 estoy en un bar", 16],
    ["tng 15 trabajo de noche", 15],
  ])("should read the age in %j", (text, age) => {
    expect(ages(text)).toContain(age);
  });

  it.each([
    "tengo 15 minutos libres",
    "tengo 10 mil soles de deuda",
    "el dueño tiene 15 trabajadores",
    "me ofrecen 3000 soles",
    "hace 15 años trabajé en la mina",
    "desde hace 2 años no me dan vacaciones",
    "I worked there for 2 years",
    "I have 10 minutes",
    "iskay chunka watayuq", // twenty
    "tiene 3 hijos",
    "there are 15 girls at the bar",
    "the bus is 10 minutes away",
    "tengo 14 ovejas y 3 vacas",
    "it costs 12 soles",
  ])("should not read an age in %j", (text) => {
    expect(ages(text).filter((a) => a < 18)).toEqual([]);
  });

  it("should find minor words, but not school words in a school assignment", () => {
    expect(hasMinorWords(normalize("hay kids begging"))).toBe(true);
    expect(hasMinorWords(normalize("esta en 4to de secu"))).toBe(true);
    expect(hasMinorWords(normalize("el chico no va al colegio"))).toBe(true);
    expect(hasMinorWords(normalize("un hombre me sigue desde el colegio"))).toBe(true);
    expect(hasMinorWords(normalize("es para un trabajo del colegio, que es la trata?"))).toBe(false);
    expect(hasMinorWords(normalize("una chica de la sierra"))).toBe(false);
    expect(hasMinorWords(normalize("she is a sophomore"))).toBe(true);
    expect(hasMinorWords(normalize("a boy in grade 7"))).toBe(true);
    expect(hasMinorWords(normalize("las vi con uniforme escolar"))).toBe(true);
    expect(hasMinorWords(normalize("sipaschakuna barpi kachkanku"))).toBe(true);
    expect(hasMinorWords(normalize("it is a school project about forced labour"))).toBe(false);
  });
});
