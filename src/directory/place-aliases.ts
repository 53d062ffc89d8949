/**
 * Names people use that are not a district, province or department name in the ubigeo data, mapped to the
 * district (INEI code) they are in. Capital towns ("Mazuko", "Puerto Maldonado", "Juliaca") need no alias:
 * the CSV `capital` column is indexed too. An alias beats a district of the same name unless the person
 * adds a province or department that rules it out ("la pampa corongo" → LA PAMPA, Áncash).
 *
 * Only places whose district is certain are listed; anything else is left to the fuzzy matcher, which
 * returns nothing rather than a guess.
 */
export const PLACE_ALIASES: readonly { names: readonly string[]; districtCode: string; why: string }[] = [
  {
    names: ["la pampa", "pampa interoceanica"],
    districtCode: "170102",
    why:
      "La Pampa, the illegal-mining and trata hotspot along the Interoceánica (km ~95–115, " +
      "REFERENCE.md §3 R1/R2), lies mostly in district INAMBARI (Tambopata, Madre de Dios; capital " +
      "Mazuko). Chosen over Laberinto, which only borders it. The district LA PAMPA (Corongo, Áncash) " +
      "is still reached with a qualifier.",
  },
  {
    names: ["mazuco", "masuko", "mazucu"],
    districtCode: "170102",
    why: "Common spellings of Mazuko, capital of INAMBARI (the CSV spells it Mazuko).",
  },
  {
    names: ["huaypetue", "huaypetuhe"],
    districtCode: "170204",
    why: "Older and common spellings of Huepetuhe (district HUEPETUHE, Manu, Madre de Dios).",
  },
  {
    names: ["la rinconada", "rinconada ananea"],
    districtCode: "211002",
    why:
      "La Rinconada, the gold-mining town of REFERENCE.md §3 R2, is in district ANANEA " +
      "(San Antonio de Putina, Puno).",
  },
  {
    names: ["lima metropolitana", "lima cercado", "cercado lima", "lima centro"],
    districtCode: "150101",
    why: "Lima Metropolitana / Cercado de Lima → district LIMA (the department capital).",
  },
  {
    names: ["surco"],
    districtCode: "150140",
    why:
      "In everyday speech 'Surco' is Santiago de Surco (Lima, ~330,000 people), not the small " +
      "district SURCO (Huarochirí), which is still reached as 'surco huarochiri'.",
  },
  {
    names: ["cuzco"],
    districtCode: "080101",
    why: "Older spelling of Cusco.",
  },
  {
    names: ["pto maldonado", "pto. maldonado", "pto maldonao"],
    districtCode: "170101",
    why: "Chat abbreviation of Puerto Maldonado, capital of TAMBOPATA (Madre de Dios).",
  },
  {
    names: ["sjl", "san juan de lurigancho", "s j l"],
    districtCode: "150132",
    why: "SJL is the everyday name of SAN JUAN DE LURIGANCHO (Lima).",
  },
];
