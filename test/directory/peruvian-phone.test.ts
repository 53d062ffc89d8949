import { describe, expect, it } from "vitest";
import { parsePeruvianPhones } from "../../src/directory/peruvian-phone.ts";

describe("parsePeruvianPhones", () => {
  it.each([
    ["900 000 001", ["900 000 001"]],
    ["900-000-001", ["900 000 001"]],
    ["+51 900000001", ["900 000 001"]],
    ["(01) 400-0001", ["01 4000001"]],
    ["+51 1 4000001", ["01 4000001"]],
    ["014000001", ["01 4000001"]],
    ["(082) 000003", ["082 000003"]],
    ["082-000003", ["082 000003"]],
    ["82000003", ["082 000003"]],
    ["0800-15170", ["0800-15170"]],
    ["(01) 400-0001 anexo 123 / 900000001", ["01 4000001", "900 000 001"]],
    ["900000001 y 900000002", ["900 000 001", "900 000 002"]],
    ["900000001; 900000001", ["900 000 001"]],
  ])("should keep %j as %j", (cell, phones) => {
    expect(parsePeruvianPhones(cell)).toEqual({ phones, rejected: [] });
  });

  it.each([
    ["000003"], // provincial number without area code: never completed
    ["(099) 000003"], // not an area code
    ["100"], // a short code is not the office's phone
    ["Sra. Quispe"],
    ["4000001"], // bare 7 digits outside Lima/Callao
  ])("should reject %j", (cell) => {
    expect(parsePeruvianPhones(cell).phones).toEqual([]);
    expect(parsePeruvianPhones(cell).rejected).toHaveLength(1);
  });

  it("should accept a bare 7-digit number as a Lima landline only in Lima or Callao", () => {
    expect(parsePeruvianPhones("4000001", { limaArea: true }).phones).toEqual(["01 4000001"]);
  });

  it.each([[""], ["-"], ["s/n"], ["sin teléfono"], [undefined]])("should treat %j as no phone, silently", (cell) => {
    expect(parsePeruvianPhones(cell)).toEqual({ phones: [], rejected: [] });
  });
});
