import { describe, expect, it } from "vitest";
import { expandPhrase } from "../../src/triage/data-schema.ts";
import { INDICATORS, MACROS } from "../../src/triage/indicators.ts";
import { matchIndicators } from "../../src/triage/match.ts";
import { normalize } from "../../src/triage/normalize.ts";

type Lang = "es" | "en" | "qu";

/**
 * One message per indicator and language in which it has phrases: each must fire its indicator.
 * Written as people write (typos, chat spellings, other people and places than the data's own words).
 */
const EXAMPLES: Record<string, Partial<Record<Lang, string>>> = {
  locked_in: { es: "a mi cuñada la tienen encerrada en un depa de comas", en: "they locked my friend up in a warehouse", qu: "cuartopi wichq'awanku" },
  against_will: { es: "la subieron a una van contra su voluntad", en: "two guys dragged my sister into a van", qu: "kallpawan apawanku" },
  weapon: { es: "el capataz anda con una escopeta", en: "the foreman carries a gun", qu: "patronqa armawan purin" },
  death_threat: { es: "dice q si hablo me mata", en: "he threatened to kill my mother", qu: "wañuchisqayki nin" },
  sexual_violence_now: { es: "me estan tocando y no me sueltan", en: "he is abusing her right now" , qu: "kunan tiyuy primayta abusachkan" },
  being_moved_now: { es: "nos estan trasladando de noche a otro campamento", en: "we are being driven somewhere in the dark", qu: "kunan apachkawanku" },
  unknown_destination: { es: "no sabemos a donde nos llevan", en: "we do not know where they are going", qu: "mana yachanichu maymanchus" },
  being_forced: { es: "me estan obligando a firmar", en: "they are forcing her to stay" },
  escaped: { es: "logre escaparme del local anoche", en: "we escaped from the camp", qu: "ayqirqani chakramanta" },
  being_hunted: { es: "me andan buscando los del bar", en: "they are looking for me everywhere", qu: "maskawachkanku" },
  cannot_leave: { es: "la patrona no la deja salir ni los domingos", en: "they will not let us go home", qu: "mana ripuyta atinichu" },
  document_retention: { es: "el dueño del taller retiene nuestros pasaportes", en: "the agency kept my passport", qu: "DNI-yta qichuwanku" },
  debt_bondage: { es: "nos descuentan el cuarto y la comida y la deuda nunca baja", en: "she says I owe her for the flight", qu: "manuyuqmi kani patronman" },
  wage_theft: { es: "hace 3 meses q no nos pagan", en: "the farmer never paid us", qu: "mana pagawankuchu" },
  forced_labor: { es: "nos hacen trabajar de sol a sol", en: "they make us work day and night", qu: "llamk'achiwanku" },
  threats: { es: "me amenasan si reclamo", en: "he keeps threatening my family", qu: "manchachiwanku" },
  physical_violence: { es: "el encargado nos golpea", en: "the boss hit me yesterday", qu: "maqawanku" },
  sexual_exploitation: { es: "la obligan a acostarse con los clientes", en: "they force the girls to have sex with clients", qu: "qharikunawan puñuchinku" },
  being_sold: { es: "dicen q la van a vender a un señor de la mina", en: "they sold my cousin to a man", qu: "ususiyta vendenku" },
  kept_somewhere: { es: "me tienen en un cuarto del hostal", en: "they are keeping her at a house in Cusco" },
  violence_now: { es: "la estan golpeando en la calle", en: "he is beating my mom", qu: "maqachkanku" },
  attempted_taking: { es: "unos tipos intentaron llevarme", en: "a man tried to grab my daughter", qu: "apayta munawanku" },
  minors_with_adults: { es: "en ese hostal entran colegialas con señores", en: "girls with older men go into that hotel" },
  sexual_images: { es: "un tipo me pide fotos sin ropa", en: "he wants naked pictures", qu: "qala fotokunata mañan" },
  missing: { es: "mi primo se fue a la mina y ya no contesta", en: "my aunt has been missing since monday", qu: "churiy chinkarqun" },
  forced_begging: { es: "los mandan a pedir limosna en los micros", en: "the kids are forced to beg", qu: "mañakuchiwanku" },
  gender_violence: { es: "mi esposo me pega cuando toma", en: "my boyfriend hits me", qu: "qusay maqawan" },
  partner_control: { es: "mi ex me revisa el celular todo el tiempo", en: "my husband controls where I go" , qu: "qusayqa sapa tuta celularniyta qhawan" },
  sexual_assault: { es: "me violaron en la fiesta", en: "she was raped at the camp", qu: "abusawanku" },
  no_phone: { es: "me dijeron q no lleve mi celular al viaje", en: "they told me not to bring my phone" },
  authority_ignored: { es: "en la comisaria no me quisieron recibir la denuncia", en: "the police refused to help us" },
  in_danger: { es: "mi hermana corre peligro", en: "I think she is in danger", qu: "peligropim kachkani" },
  controlled_work: { es: "el señor tiene a varios chicos vendiendo en el mercado", en: "he has kids working in his shop" },
  child_labour: { es: "hay niñitos cargando ladrillos", en: "children carrying bricks at the kiln", qu: "wawakuna llamk'anku" },
  out_of_school: { es: "el chico ya no va al colegio", en: "she does not go to school anymore", qu: "mana yachay wasiman rinchu" },
  abusive_conditions: { es: "trabajamos 16 horas", en: "we work 18 hours a day", qu: "mana mikhuchiwankuchu" },
  labor_rights: { es: "no me pagan el sueldo minimo", en: "I want my severance" , qu: "mana vacacionniyta qunkuchu" },
  too_good_offer: { es: "pagan el triple y no piden experiencia", en: "they promise easy money", qu: "allin qullqi nin" },
  travel_paid: { es: "ellos pagan los pasajes", en: "they will pay for my flight", qu: "pasajita pagan" },
  lodging_included: { es: "dan alojamiento y comida gratis", en: "room and board included", qu: "mikhuy puñuna ima kanqa" },
  pay_at_end: { es: "el sueldo te lo dan al final de la temporada", en: "you get paid only at the end", qu: "tukuyninpi pagasunki" },
  risky_place: { es: "es en un campamento en la selva", en: "it is a job in the jungle", qu: "karu llaqtaman" },
  young_women_wanted: { es: "se necesitan señoritas para atencion", en: "young women wanted for hostess jobs", qu: "sipaskunata maskan" },
  agency_fee: { es: "la agencia me cobra 500 soles", en: "the agency charges a fee", qu: "agenciam qullqita mañawan" },
  upfront_fee: { es: "piden 300 soles para los tramites", en: "I have to pay a fee first", qu: "qullqita ñawpaqta mañawan" },
  modelling_offer: { es: "me ofrecen chamba de anfitriona", en: "a job as a dancer", qu: "tusuq llamk'ay" },
  fear: { es: "su ultimo audio decia q estaba muy asustada", en: "she said she was really scared", qu: "manchakuchkanim nispa willawarqa" },
  labour_abuse: { es: "si llegas tarde te descuentan el dia entero", en: "the manager docks our pay for every mistake" },
  doubtful_kinship: { es: "el señor dice q son sus hijas pero ellas no saben su apellido", en: "he claims they are his nieces but they do not know his last name" },
  isolation: { es: "su novio le pide q deje a su familia y se vaya con el", en: "he wants her to leave everything and move to his town" },
  cut_off: { es: "desde q se fue con ese chico ya no nos llama", en: "she stopped talking to us after she moved in with him" },
  documents_requested: { es: "quieren q les deje mi pasaporte", en: "they asked for my passport", qu: "DNI-yta mañawan" },
  secrecy: { es: "me dijo q no le cuente a mi familia", en: "he said not to tell anyone", qu: "ama mamaykiman willakuychu" },
  go_alone: { es: "tienes q venir sola", en: "I must travel alone" },
  online_contact: { es: "lo conoci por tiktok", en: "we met online", qu: "facebookpi riqsirqani" },
  romance_recruitment: { es: "mi enamorado quiere q me vaya a vivir con el a lima", en: "my boyfriend wants me to move with him", qu: "huk qhari riqsirqani" },
  recruiter_active: { es: "una señora anda captando chicas en la plaza", en: "someone is recruiting girls at school" },
  study_lure: { es: "ofrecen becas en lima", en: "they promise a scholarship" },
  asks_for_images: { es: "me pide q le mande videos", en: "he keeps asking for pics", qu: "fotokunata mañan" },
  deceived: { es: "me engañaron con el trabajo", en: "I was tricked" , qu: "'yanapakuq' nispa pusarqanku" },
  trusted_recruiter: { es: "mi madrina me quiere llevar", en: "my aunt offered to take me" },
  stranger_recruiter: { es: "una señora que no conozco me ofrece trabajo", en: "a stranger offered me work", qu: "mana riqsisqa warmi" },
  sent_away_to_work: { es: "mi papa me quiere mandar a trabajar a lima", en: "they want to send me to work abroad", qu: "limaman apayta munanku" },
  no_contract: { es: "no firmamos contrato", en: "there is no written contract" , qu: "mana contratoyuqchu llamk'ani" },
  nightlife_venue: { es: "trabaja en un karaoke", en: "she works at a nightclub", qu: "barpi llamk'an" },
  mining_site: { es: "se fue a la rinconada", en: "he works at a gold mine", qu: "minapi llamk'an" },
  workplace: { es: "en la ladrillera", en: "at the farm", qu: "chakrapi" },
  boss_agent: { es: "el capataz", en: "my employer", qu: "patronniy" },
  partner_agent: { es: "mi conviviente", en: "my husband", qu: "qusay" },
  work_activity: { es: "chambea en el mercado", en: "she is working there", qu: "llamk'ani" },
  street_work: { es: "vende caramelos en el semaforo", en: "selling candy at the traffic lights", qu: "callepi" },
  serve_clients: { es: "tiene que atender a los clientes", en: "she is serving drinks" },
  money_from_adult: { es: "un señor le regala plata a mi hija", en: "a man offers her money", qu: "huk qhari ususiyman qullqita qun" },
  grooming: { es: "le manda mensajes de madrugada", en: "he wants to meet her alone" },
  debt_mention: { es: "tengo una deuda con el", en: "I owe them", qu: "manuyki" },
  wants_out: { es: "quiero irme a mi casa", en: "I want to go home", qu: "ripuyta munani" },
  attacker_nearby: { es: "el tipo sigue afuera", en: "he is still outside", qu: "punkupi kachkan" },
  men_come_in: { es: "a ese cuarto entran señores a cada rato", en: "older men keep coming upstairs", qu: "qharikuna yaykunku tutantin" },
  pays_for_person: { es: "la dueña cobra a los mineros", en: "the clerk takes money from the guys", qu: "qharikuna pagan" },
  with_adult_men: { es: "la vi con unos gringos mayores", en: "she was with much older guys", qu: "machu qharikunawan purin" },
  lodging_venue: { es: "en el hospedaje de la esquina", en: "at a motel near the highway", qu: "hotelpi" },
  relayed_sos: { es: "mi prima me mando su ubicacion desde un hostal", en: "my cousin shared her live location with me at 2am", qu: "ubicacionninta kachamuwan" },
  right_now: { es: "esta pasando en este momento", en: "it is going on as we speak", qu: "kunallan" },
  here_now: { es: "estamos dentro de una casa en ate", en: "we are stuck in a basement", qu: "discotecapi kachkani" },
  imminent_departure: { es: "la combi sale en media hora", en: "they are leaving in 20 minutes", qu: "kunan tuta apanqaku" },
  recent: { es: "paso anoche", en: "it happened last night", qu: "kunan" },
  vehicle: { es: "la subieron a una combi", qu: "carropi" },
  night_time: { es: "trabaja por las noches", en: "she works at night", qu: "tutan" },
  job_offer: { es: "me ofrecieron un trabajo", en: "they offered me a job", qu: "llamk'ayta quwan" },
  foreign: { es: "es venezolana", en: "she is a migrant" },
  happening_now: { es: "ahorita mismo", en: "right now", qu: "kunan" },
  urgent_help: { es: "auxilio", en: "please help", qu: "yanapaway" },
  confined: { es: "el galpon no tiene ventana, no tenemos por donde escapar", en: "the basement is windowless", qu: "mana ventanayuq wasipi" },
  disoriented: { es: "ni se en que parte estoy", en: "she does not know where she is", qu: "mana yachaykuchu maypi kachkasqaykuta" },
  made_to: { es: "el capataz nos obliga a cosechar de noche", en: "the owner makes us work without a break", qu: "llamk'anaypaq obligawanku" },
  forced_to_go: { es: "la hicieron subir a una lancha", en: "he forced her to travel to the border", qu: "mayuta chimpachiwanku" },
  pay_rate: { es: "pagan 90 soles por dia", en: "they offer 50 dollars a day", qu: "sapa punchaw 80 soles" },
  recruit_channel: { es: "pusieron carteles en la plaza", en: "a woman texted me about a job", qu: "volantekunata rakinku" },
  work_role: { es: "buscan una vendedora", en: "they need a nanny", qu: "cocinerata maskanku" },
  outing_with_men: { es: "quiere que salga con sus socios", en: "he wants her to party with his friends", qu: "amigonkunawan fiestaman rinan" },
  taken_by_someone: { es: "la recogen a la salida", en: "a van picks her up after class" },
  begging: { es: "los mandan pidiendo monedas", en: "an old man begging at the corner", qu: "mañakuchkan plazapi" },
  vulnerable_group: { es: "usan a los ancianitos", en: "they use disabled people", qu: "machulakunata" },
  speaker_present: { es: "seguimos en el galpon", en: "we are inside a truck", qu: "chakrapi kachkayku" },
};

const fires = (text: string) => matchIndicators(normalize(text)).fired;

describe("indicator phrases (data/indicators.json)", () => {
  const cases = Object.entries(EXAMPLES).flatMap(([id, byLang]) => Object.entries(byLang).map(([lang, text]) => [id, lang, text] as const));

  it.each(cases)("should fire %s on a %s message", (id, _lang, text) => {
    expect([...fires(text!)]).toContain(id);
  });

  it("should have an example for every indicator in every language it has phrases for", () => {
    const missing = INDICATORS.flatMap((indicator) =>
      (["es", "en", "qu"] as const).filter((l) => indicator.phrases[l]?.length && !EXAMPLES[indicator.id]?.[l]).map((l) => `${indicator.id}/${l}`),
    );
    expect(missing).toEqual([]);
  });

  it("should write every phrase in normalized form, so it can match normalized text", () => {
    for (const indicator of INDICATORS) {
      for (const phrase of [...Object.values(indicator.phrases).flat(), ...(indicator.topic ?? [])]) {
        const source = expandPhrase(phrase, MACROS);
        expect(() => new RegExp(source), `${indicator.id}: ${phrase}`).not.toThrow();
        // no capitals outside escapes (\w, \b, \d): normalized text is lower case
        expect(source.replace(/\\[a-zA-Z]/g, ""), `${indicator.id}: ${phrase}`).not.toMatch(/[A-Z]/);
        // an empty match would fire on every message
        expect(new RegExp(`^(?:${source})$`).test(""), `${indicator.id}: ${phrase}`).toBe(false);
      }
    }
  });

  it("should not fire indicators on a greeting", () => {
    for (const text of ["hola buenas tardes", "good morning", "Allillanchu"]) {
      expect([...fires(text)].filter((id) => INDICATORS.find((i) => i.id === id)!.level !== "signal")).toEqual([]);
    }
  });
});
