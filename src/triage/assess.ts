import { extractAges, hasMinorWords } from "./age.ts";
import { readAnswers } from "./answers.ts";
import { beggingFloor, FAMILY, type Floor, type FloorFacts, minorFloor, recruitmentFloor, womenTakenOutAtNight, writerInDangerNow } from "./floors.ts";
import * as indicators from "./indicators.ts";
import * as lexicon from "./lexicon.ts";
import { matchIndicators } from "./match.ts";
import { normalize } from "./normalize.ts";
import { referralsFor } from "./referrals.ts";
import { resemblesEmergency } from "./resemblance.ts";
import { type Category, type Reason, type TriageInput, type TriageResult, type Urgency, URGENCY_ORDER } from "./types.ts";

/** Offer parts that are enough on their own to call an offer a possible captación (R3, R4, R20). */
const STRONG_OFFER_PARTS = new Set([
  "travel_paid",
  "agency_fee",
  "upfront_fee",
  "young_women_wanted",
  "sent_away_to_work",
  "documents_requested",
  "secrecy",
  "deceived",
  "recruiter_active",
]);
/** Offer parts that show control over the person (documents, secrecy, a partner or godparent, deceit). */
const CONTROL_PARTS = new Set(["documents_requested", "secrecy", "romance_recruitment", "deceived", "go_alone", "isolation", "cut_off"]);
/** Signs of coercion or control (ILO indicators, R4–R8). */
const COERCION = [
  "cannot_leave",
  "confined",
  "made_to",
  "forced_to_go",
  "kept_somewhere",
  "locked_in",
  "threats",
  "weapon",
  "death_threat",
  "document_retention",
  "debt_bondage",
  "wage_theft",
  "forced_labor",
  "controlled_work",
  "being_forced",
];
// Long hours alone ("pasa todo el dia en el cel") are not work: abusive conditions need one of these.
const WORK_CONTEXT = ["workplace", "work_activity", "forced_labor", "wage_theft", "controlled_work", "child_labour", "street_work", "boss_agent"];
/** Exploitation said of the work itself: with these, a relative or partner is also an exploiter, not only violent. */
const WORK_EXPLOITATION = ["forced_labor", "wage_theft", "controlled_work", "debt_bondage", "child_labour"];
/** Force, restriction or threat (R6, R8): with "right now" or the attacker at the door, it is an emergency. */
const DANGER_NOW = ["locked_in", "cannot_leave", "kept_somewhere", "confined", "disoriented", "made_to", "forced_to_go", "against_will", "being_forced", "threats", "death_threat", "weapon", "physical_violence", "violence_now", "sexual_assault", "being_sold", "attempted_taking"];
/** Control beyond the work's terms: with these, a labour complaint is not only a labour-rights case. */
const SERIOUS_CONTROL = ["cannot_leave", "kept_somewhere", "locked_in", "confined", "threats", "weapon", "death_threat", "document_retention", "debt_bondage", "being_forced", "physical_violence", "made_to"];
/** A plain labour dispute: unpaid wages or no contract, with nothing else wrong (SUNAFIL, REFERENCE §1.7). */
const OTHER_EXPLOITATION = ["cannot_leave", "kept_somewhere", "locked_in", "threats", "weapon", "death_threat", "document_retention", "debt_bondage", "forced_labor", "controlled_work", "being_forced", "physical_violence", "child_labour", "abusive_conditions", "risky_place", "mining_site", "nightlife_venue", "foreign"];
const HARSH_WORK = ["workplace", "mining_site", "risky_place", "cannot_leave", "abusive_conditions", "night_time", "wage_theft", "street_work", "out_of_school", "forced_labor", "controlled_work"];
/** Helps the debt named without its cause read as debt bondage. */
const DEBT_CONTEXT = ["workplace", "work_activity", "boss_agent", "travel_paid", "cannot_leave", "document_retention", "nightlife_venue", "wage_theft", "threats", "job_offer", "lodging_included"];

/** Girls or women named in the message (a group recruited, kept or visited). */
const WOMEN = /\b(?:chicas|chica|chiquillas|senoritas|jovencitas|mujeres|muchachas|chamas|girls|girl|women|woman|young women|sipas\w*|warmikuna\w*)\b/;

/** Someone already at the job (so papers kept there are kept by the employer). */
const WORKING_THERE = /\b(?:ya trabajo|trabajo aqui|trabajo alla|trabajamos|estoy trabajando|estamos trabajando|ya estoy en|llegue a|llegamos a|hago limpieza|donde trabajo|donde trabaja|(?:se fue|se fueron|me fui|nos fuimos) (?:\w+ ){0,2}a (?:chile|argentina|bolivia|brasil|espana|italia|japon|ecuador|colombia|mexico|estados unidos)|i work|we work|i am working|we are working|i arrived|we arrived|i clean for|i work for|i cook for|llamkani|llamkachkani|llamkayku)\b/;
/** A trip named (tickets, a terminal, travelling). */
const TRAVEL = /\b(?:pasajes?|boletos?|tickets?|terminal|viaj\w*|travel\w*|embarc\w*)\b/;
/** The person has not left yet ("aun no viajo", "antes de viajar"). */
const NOT_YET_LEFT = /\b(?:(?:aun|todavia|recien) no (?:viajo|viaje|me voy|nos vamos|se va|se fue|salgo|parto|viajamos|viaja)|antes de (?:viajar|irme|irse|irnos|ir|salir|partir|embarcar)|before (?:i|we|she|he|they) (?:leave|travel|go|fly)|(?:have|has) not (?:left|travelled|traveled|gone) yet)\b/;
/** Who keeps the papers of someone not yet gone: an agency or a recruiter. */
const AGENCY = /\b(?:agencias?|agency|agencies|empresa|company|reclutador\w*|recruiters?|agencia\w*)\b/;
/** Wanting or looking for a job, not having one. */
const JOB_SEEKING = /\b(?:quiere|quiero|queremos|quisiera|quisieramos|busca|busco|buscando|buscamos|piensa|pienso|planea|desea|deseo|wants?|looking for|looking to|hoping to|would like to|plans? to|planning to) (?:a |un |una |some )?(?:trabajar|trabajo|chamba|chambear|empleo|work|job|a job|llamka\w*)\b/;
/** Someone comes to collect the writer ("me recogen a las 5am"). */
const PICKED_UP = /\b(?:me|nos|la|lo|las|los) (?:recogen|recoge|recogeran|recogera|llevan|lleva|llevaran|llevara|vienen a recoger|pasan a recoger|pasa a recoger)\b/;
/** The services that turn away a gender-violence case ("en el cem me atendieron mal"). */
const GENDER_VIOLENCE_SERVICE = /\b(?:cem|linea 100|chat 100)\b/;
/** Money demanded ("me pide 800 soles o lo manda", "si no le deposito plata"). */
const MONEY_DEMAND = /\b(?:plata|dinero|soles|dolares|deposit\w*|yape\w*|money|pay him|pay her)\b/;
/** Someone on the other side of an online contact. */
const CONTACT_PERSON = /\b(?:chico|chica|hombre|senor|senora|tipo|viejo|joven|muchacho|persona|alguien|desconocid[oa]|man|guy|boy|woman|someone|somebody|stranger|person|adult|qhari\w*|wayna\w*|runa\w*)\b/;

const { BY_ID, COMPILED } = indicators;
const { INFO_ONLY, PAST_TIME, REASSURED, SAFE_NOW, STILL_HAPPENING } = lexicon;
const OFFER_PARTS = COMPILED.filter((i) => i.group === "offer").map((i) => i.id);
const MINOR_INDICATORS = COMPILED.filter((i) => i.minor).map((i) => i.id);
const LEVELLED = COMPILED.filter((i) => i.level !== "signal");

const rank = (u: Urgency) => URGENCY_ORDER.indexOf(u);
const atLeast = (current: Urgency, floor: Urgency): Urgency => (rank(current) >= rank(floor) ? current : floor);

/**
 * Explainable, rule-based triage of a report or a self-check: urgency, categories, whether a minor is
 * involved, where to refer, and the reasons (i18n keys); deterministic and fast. It errs toward over-triage:
 * a danger sign is never "low" (not even when denied, unless the person says they are only asking), and a
 * minor with any exploitation sign is at least "high". Rules follow REFERENCE.md §1.0 and §3.
 */
export function assess(input: TriageInput): TriageResult {
  const text = normalize(input.text ?? "");
  const facts = readAnswers(input.answers ?? {});
  const { fired, denied, reported, withoutTopics } = matchIndicators(text);
  const infoOnly = INFO_ONLY.test(text);
  for (const id of facts.signs) fired.add(id);
  const has = (id: string) => fired.has(id);
  const any = (ids: string[]) => ids.some(has);
  const extra: Reason[] = [];

  if (facts.minorVenue && !has("mining_site")) fired.add("nightlife_venue");
  // children asking for money in the street are begging, not paying a recruiter's fee
  if (has("begging")) fired.delete("upfront_fee");
  const workContext = any(WORK_CONTEXT);
  if (has("debt_mention") && any(DEBT_CONTEXT)) fired.add("debt_bondage");

  // ——— who is involved ———
  const ages = extractAges(text);
  if (facts.age !== undefined) ages.push(facts.age);
  const youngest = ages.length ? Math.min(...ages) : undefined;
  const statedAdult = youngest !== undefined && youngest >= 18;
  const minorWords = hasMinorWords(withoutTopics) || MINOR_INDICATORS.some(has);
  let minor =
    (youngest !== undefined && youngest < 18) ||
    facts.minor === true ||
    (facts.minor === undefined && minorWords && !statedAdult) ||
    // "chicos pidiendo limosna": young people begging or selling in the street are treated as children
    ((has("forced_begging") || has("street_work")) && /\b(?:chicos|chicas|chiquillos|muchachos|girls|boys)\b/.test(text)) ||
    // girls taken "to study" in the city are schoolgirls (in doubt, with a risk sign, a minor)
    (has("study_lure") && /\b(?:chicas|chicos|ninas|ninos|muchachas|muchachos|jovencitas|girls|boys)\b/.test(text) && !statedAdult);

  // ——— categories ———
  const categories = new Set<Category>();
  let urgency: Urgency = "low";
  // R20: papers kept by an agency or recruiter before the trip, with no workplace and nothing else wrong, are
  // part of a deceptive offer (medium), not yet someone held by a boss
  const dangerIds = [...fired].filter((id) => BY_ID.get(id)!.danger);
  const offerContext = has("job_offer") || OFFER_PARTS.some((p) => p !== "online_contact" && has(p));
  const papersBeforeTrip =
    has("document_retention") &&
    offerContext &&
    dangerIds.length === 1 &&
    (has("agency_fee") || has("upfront_fee") || has("documents_requested") || AGENCY.test(text)) &&
    !has("workplace") &&
    !has("boss_agent") &&
    !has("here_now") &&
    !has("urgent_help") &&
    !has("being_moved_now") &&
    !has("imminent_departure") &&
    !WORKING_THERE.test(text) &&
    !minor;
  for (const indicator of LEVELLED) {
    if (!has(indicator.id) || indicator.level === "signal") continue;
    for (const c of indicator.categories) categories.add(c);
    urgency = atLeast(urgency, papersBeforeTrip && indicator.id === "document_retention" ? "medium" : indicator.level);
  }
  // sextortion: intimate images and a threat to spread them
  if (has("sexual_images") && (has("threats") || has("death_threat"))) {
    // intimate images used to extort an adult for money are violence against her; for sex or a child, exploitation
    categories.add(!minor && MONEY_DEMAND.test(text) && !has("serve_clients") ? "gender_violence" : "sexual_exploitation");
    urgency = atLeast(urgency, "high");
  }

  // "se fue a trabajar a arequipa y esta bien, hablamos todos los dias": going away to work is no sign by itself
  const dangerSign = [...fired].some((id) => BY_ID.get(id)!.danger);
  if (has("sent_away_to_work") && !dangerSign && REASSURED.test(text)) fired.delete("sent_away_to_work");
  const offerParts = OFFER_PARTS.filter(has);
  const strongOffer = offerParts.some((p) => STRONG_OFFER_PARTS.has(p));
  const recruitment =
    offerParts.length >= 2 ||
    // R1/R3: an offer to work in a bar, a karaoke or a nightclub
    (has("nightlife_venue") && offerParts.some((p) => p !== "online_contact") && (has("job_offer") || has("too_good_offer") || has("modelling_offer") || has("young_women_wanted"))) ||
    (strongOffer && (has("job_offer") || has("work_activity") || offerParts.length > 0)) ||
    (offerParts.length >= 1 && (has("sexual_images") || has("no_phone") || (has("job_offer") && !infoOnly)));
  // R3/R16: taken or sent somewhere for a job that was a lie, or a migrant without papers offered work
  const lured = has("deceived") || has("modelling_offer") || has("job_offer") || has("sent_away_to_work");
  const taken = has("being_moved_now") || has("imminent_departure") || has("sent_away_to_work") || has("travel_paid") || (has("vehicle") && TRAVEL.test(text));
  const recruitedAway = lured && taken && (has("deceived") || has("modelling_offer") || has("risky_place") || minor);
  const migrantOffer = has("foreign") && (has("job_offer") || offerParts.length > 0);
  if (recruitment || recruitedAway || migrantOffer) {
    categories.add("deceptive_recruitment");
    urgency = atLeast(urgency, "medium");
    // R3/R9 M→H: a partner who recruits and isolates, or a full captación pattern kept secret.
    const romanceWithControl = has("romance_recruitment") && offerParts.some((p) => p !== "romance_recruitment" && CONTROL_PARTS.has(p));
    if (romanceWithControl || (has("secrecy") && offerParts.length >= 4)) urgency = atLeast(urgency, "high");
  }

  // Who does it decides the category of hitting and confinement: a partner or a relative at home is
  // violence against women and the family (Línea 100, CEM); a boss, a workplace or a bar is exploitation.
  const commercialSex = (has("men_come_in") || has("pays_for_person")) && (has("nightlife_venue") || has("lodging_venue") || minor || WOMEN.test(text));
  const sexualContext =
    has("nightlife_venue") ||
    has("sexual_exploitation") ||
    (has("serve_clients") && has("night_time")) ||
    commercialSex ||
    // made to keep a man's friends company in a hotel, or where she cannot leave
    (has("outing_with_men") && (has("lodging_venue") || has("cannot_leave") || has("locked_in")));
  // a partner or relative who threatens or hits is violence against women and the family, even when the message
  // names a job ("shows up at my work"); only exploitation of the work itself makes them an exploiter too
  // (money taken by a husband is violence against women, unless it is the pay of a job they run)
  const realWork = has("workplace") || has("work_activity") || has("boss_agent") || has("street_work") || has("child_labour");
  const byPartner = has("partner_agent") && !has("boss_agent") && !sexualContext && !(realWork && any(WORK_EXPLOITATION));
  if (byPartner && !realWork && !has("debt_bondage")) categories.delete("labor_exploitation");
  const violence = has("physical_violence") || has("violence_now");
  if (violence && (byPartner || (!has("boss_agent") && !workContext && !sexualContext))) categories.add("gender_violence");
  const coercion = any(COERCION) || (violence && !byPartner && (has("boss_agent") || workContext || sexualContext));
  // a relative who is also the employer ("mi padrino tiene mi dni… trabajo en su restaurante") exploits the work too
  if (byPartner && workContext && any(["document_retention", "cannot_leave", "threats", "wage_theft"])) categories.add("labor_exploitation");
  if (byPartner && any(["locked_in", "cannot_leave", "confined", "made_to", "forced_to_go", "document_retention", "threats", "death_threat", "weapon", "being_forced"])) categories.add("gender_violence");
  else if (coercion) {
    if (sexualContext) {
      categories.add("sexual_exploitation");
      // a bar or a hostal alone makes the context sexual; the control over the work is exploitation of labour too
      if (workContext && !has("sexual_exploitation") && !commercialSex && !has("serve_clients")) categories.add("labor_exploitation");
    } else if (workContext || has("debt_bondage") || has("mining_site")) categories.add("labor_exploitation");
  }
  // R1: men coming in and paying where girls or women are kept
  if (commercialSex) {
    categories.add("sexual_exploitation");
    urgency = atLeast(urgency, "high");
  }
  if (has("serve_clients") && (has("nightlife_venue") || (coercion && has("night_time")))) {
    categories.add("sexual_exploitation");
    urgency = atLeast(urgency, "high");
  }
  if (has("abusive_conditions") && workContext) {
    categories.add("labor_exploitation");
    urgency = atLeast(urgency, "medium");
    extra.push({ key: "triage.reason.abusive_conditions" });
  }
  // debts, papers or the phone taken before the person has left: part of the captación (R4, R20)
  if ((has("debt_bondage") || has("document_retention") || has("no_phone") || has("documents_requested")) && NOT_YET_LEFT.test(text)) {
    categories.add("deceptive_recruitment");
    urgency = atLeast(urgency, "medium");
  }
  // papers held by whoever takes people somewhere (an offer, a trip, a vehicle), with no workplace and no other force
  const papersOnTheWay = () => offerParts.length > 0 || has("job_offer") || has("vehicle") || has("being_moved_now") || has("imminent_departure") || TRAVEL.test(text);
  if (has("document_retention") && !workContext && !COERCION.some((c) => c !== "document_retention" && has(c)) && papersOnTheWay()) {
    categories.add("deceptive_recruitment");
  }
  if (has("street_work") && (has("wage_theft") || has("controlled_work")) && (minor || has("forced_begging") || has("made_to"))) {
    categories.add("forced_begging");
    urgency = atLeast(urgency, "high");
  }

  // A minor in doubt, with other risk signs, is treated as a minor.
  // (a labour-rights question, or "online" with nobody in it, is no risk sign: "my son is 12, how do I protect him online?")
  const someoneOnline = has("stranger_recruiter") || has("romance_recruitment") || has("asks_for_images") || CONTACT_PERSON.test(text);
  const riskSigns = [...categories].some((c) => c !== "labor_rights") || offerParts.some((p) => p !== "online_contact" || someoneOnline) || coercion;
  if (!minor && facts.minorUnsure && riskSigns) minor = true;

  const inVenue =
    has("nightlife_venue") ||
    commercialSex ||
    (has("mining_site") && (has("work_activity") || has("workplace") || has("being_moved_now") || has("imminent_departure") || has("forced_labor") || has("child_labour") || has("abusive_conditions"))) ||
    // "toy en el campamento, el patron…": a remote camp where the writer works
    (has("risky_place") && (has("workplace") || has("work_activity") || has("boss_agent")) && (has("here_now") || has("speaker_present")));
  if (minor && has("nightlife_venue")) categories.add("sexual_exploitation");
  // R1: a child with adult men in a hotel, a bar or at night, or where men come in and pay
  const minorWithMen = minor && has("with_adult_men") && (has("lodging_venue") || has("nightlife_venue") || has("night_time") || has("men_come_in") || has("pays_for_person"));
  if (minorWithMen || (minor && has("lodging_venue") && (has("men_come_in") || has("pays_for_person")))) {
    categories.add("sexual_exploitation");
    urgency = atLeast(urgency, "high");
  }
  if (minor && (has("asks_for_images") || has("money_from_adult") || has("grooming"))) {
    categories.add("sexual_exploitation");
    urgency = atLeast(urgency, "high");
  }
  if (minor && has("mining_site") && !has("nightlife_venue") && (has("work_activity") || has("being_moved_now") || has("taken_by_someone") || coercion || inVenue)) categories.add("labor_exploitation");
  // a teen who only wants or looks for a job ("quiere trabajar en vacaciones en una tienda") is not yet working anywhere
  const harshWork = HARSH_WORK.filter((id) => has(id) && !(id === "workplace" && JOB_SEEKING.test(text)));
  if (minor && has("work_activity") && harshWork.length > 0) {
    categories.add("labor_exploitation");
    urgency = atLeast(urgency, "high");
  }
  // R12/R14: a child kept from school to do the house's work or under harsh conditions is child labour
  if (minor && has("out_of_school") && (has("work_activity") || has("controlled_work") || has("sent_away_to_work") || has("abusive_conditions") || violence || has("trusted_recruiter"))) {
    categories.add("labor_exploitation");
    urgency = atLeast(urgency, "high");
  }
  if (minor && (riskSigns || inVenue)) urgency = atLeast(urgency, "high");
  // R12: any job offer made to a minor is a possible captación
  if (minor && !infoOnly && (has("job_offer") || offerParts.some((p) => p !== "online_contact" && p !== "no_contract"))) categories.add("deceptive_recruitment");
  if (minor && inVenue) extra.push({ key: "triage.reason.minor_in_venue" });
  // children taken away by someone who promises them work (R12)
  if (minor && has("taken_by_someone") && (has("job_offer") || offerParts.length > 0) && !FAMILY.test(text)) {
    urgency = atLeast(urgency, "high");
    categories.add("deceptive_recruitment");
  }
  if (has("recruiter_active") && (has("risky_place") || has("nightlife_venue")) && (has("young_women_wanted") || minor || WOMEN.test(text))) {
    urgency = atLeast(urgency, "high");
  }
  if (has("being_moved_now") && has("risky_place") && minor) categories.add("labor_exploitation");
  // a man who keeps bringing women and taking them somewhere else (R12, R19)
  if ((has("recruiter_active") || has("young_women_wanted")) && has("taken_by_someone") && WOMEN.test(text)) {
    urgency = atLeast(urgency, "high");
    categories.add("deceptive_recruitment");
  }
  // picked up for a job and not told where it is (R19)
  if (has("unknown_destination") && (has("job_offer") || (has("work_activity") && PICKED_UP.test(text))) && !infoOnly) {
    urgency = atLeast(urgency, "high");
    categories.add("deceptive_recruitment");
  }
  // a child left alone, without food or sleep: child protection, never low
  if (minor && has("abusive_conditions") && !infoOnly) urgency = atLeast(urgency, "medium");
  // R12: a child recruited for work (carrying loads, a farm, a kiln) is child labour as well as a captación
  if (minor && has("recruiter_active") && !sexualContext) categories.add("labor_exploitation");

  // ——— safety floors: an offer, a minor near adult money or the night, begging for someone else (floors.ts) ———
  const held = has("cannot_leave") || has("locked_in") || has("kept_somewhere") || has("confined");
  const floorFacts: FloorFacts = { has, text, minor, infoOnly, workContext, held, urgency, categories };
  const raise = (floor: Floor | undefined) => {
    if (!floor) return;
    urgency = floorFacts.urgency = atLeast(urgency, floor.urgency);
    for (const c of floor.categories) categories.add(c);
    if (floor.reason && !extra.some((r) => r.key === floor.reason!.key)) extra.push(floor.reason);
  };
  raise(recruitmentFloor(floorFacts));
  raise(minorFloor(floorFacts));
  raise(beggingFloor(floorFacts));
  raise(womenTakenOutAtNight(floorFacts));

  // ——— danger now (REFERENCE §1.0: locked in, being moved now, weapon or threat, a minor in a bar or camp now, sexual violence now) ———
  const exploited = categories.has("sexual_exploitation") || categories.has("labor_exploitation");
  // exploitation said in the message, not only inferred from a minor being in a bar ("celebrando con mis primos")
  const exploitedThere = (exploited && (coercion || commercialSex || has("sexual_exploitation") || has("forced_labor") || has("child_labour"))) || minorWithMen;
  const rightNow = has("right_now");
  const now = has("happening_now") || rightNow;
  const help = has("urgent_help");
  const hurt = violence || has("threats") || has("weapon");
  // about to be taken away with a minor, a lie or a trap, or against their will: being moved now
  const trap = held || hurt || has("against_will") || has("being_forced") || has("unknown_destination") || has("no_phone") || has("wants_out");
  if (has("imminent_departure") && (trap || (minor && (offerParts.length > 0 || has("risky_place") || has("job_offer") || has("work_activity") || inVenue)))) {
    fired.add("being_moved_now");
  }
  if (has("imminent_departure") && offerParts.length > 0 && (has("risky_place") || has("documents_requested") || has("secrecy"))) urgency = atLeast(urgency, "high");
  // a child taken into a hotel room by an adult man this very moment
  const childIntoHotelNow = minor && has("lodging_venue") && has("with_adult_men") && now;
  // children on their way to a mining area or with someone who is not family, in a vehicle now: being moved
  if (minor && has("vehicle") && has("taken_by_someone") && (has("mining_site") || has("stranger_recruiter") || has("doubtful_kinship")) && !FAMILY.test(text)) {
    fired.add("being_moved_now");
  }
  // in a vehicle, not knowing where to: being moved
  if (has("vehicle") && (has("unknown_destination") || has("disoriented"))) fired.add("being_moved_now");
  // taken into a vehicle right now by someone who is not family ("estan subiendo ahorita a una camioneta, un señor las lleva")
  if (has("vehicle") && has("taken_by_someone") && now && !FAMILY.test(text)) fired.add("being_moved_now");
  // children with an adult whose kinship does not fit (R12)
  if (minor && has("doubtful_kinship")) {
    categories.add("deceptive_recruitment");
    urgency = atLeast(urgency, "high");
  }
  const emergency =
    (has("being_moved_now") && (help || minor || hurt || has("being_forced") || has("unknown_destination") || now || has("vehicle") || held || has("wants_out"))) ||
    (has("being_forced") && (now || help || sexualContext)) ||
    // made to go to a brothel, or driven there
    (has("forced_to_go") && (sexualContext || has("vehicle") || has("being_moved_now"))) ||
    (has("escaped") && has("being_hunted")) ||
    childIntoHotelNow ||
    // a child who stayed behind at a mine and no longer answers is a child in a camp now (REFERENCE §1.0)
    (minor && has("missing") && has("mining_site") && !infoOnly) ||
    // a child in a room or a bar where men are sent in, or someone takes money at the door, now
    (minor && (has("lodging_venue") || has("nightlife_venue")) && (has("men_come_in") || has("pays_for_person")) && (now || has("here_now") || has("speaker_present"))) ||
    // a child told to go and keep the men company tonight
    (minor && has("sexual_exploitation") && has("night_time") && (has("speaker_present") || has("here_now") || now)) ||
    // asking to be fetched from a hotel or a bar where men are being called in
    (help && (has("speaker_present") || has("here_now")) && has("men_come_in") && (has("lodging_venue") || has("nightlife_venue"))) ||
    // a sign, a note or a plea for help from someone in or put into a vehicle ("ella me hace señas de ayuda")
    (has("relayed_sos") && (help || has("wants_out") || has("against_will")) && (has("vehicle") || has("taken_by_someone") || has("being_moved_now"))) ||
    (has("being_hunted") && (help || hurt || minor || has("vehicle") || has("attempted_taking"))) ||
    (held && minor && (inVenue || now || has("night_time"))) ||
    (held && categories.has("sexual_exploitation")) ||
    (held && (help || has("vehicle") || hurt)) ||
    (held && now && (exploited || minor)) ||
    (has("in_danger") && (held || exploited || hurt || help)) ||
    // gone silent after saying they were afraid
    (has("missing") && has("fear")) ||
    (has("kept_somewhere") && has("cannot_leave")) ||
    // someone who did not come back, and someone says they have her
    (has("kept_somewhere") && has("missing")) ||
    (has("being_sold") && (now || help || held || has("in_danger") || has("recent") || (minor && has("vehicle")))) ||
    (has("attempted_taking") && (help || has("vehicle") || hurt || has("against_will") || has("attacker_nearby"))) ||
    // a call for help with whoever guards or hurts them right outside
    (help && has("attacker_nearby")) ||
    // children with an adult whose kinship does not fit, leaving now
    (minor && has("doubtful_kinship") && (has("imminent_departure") || has("being_moved_now") || has("vehicle"))) ||
    (has("unknown_destination") && (has("being_forced") || held || hurt)) ||
    (minor && inVenue && (now || (has("night_time") && has("recent"))) && (exploited || has("serve_clients") || has("work_activity"))) ||
    (minor && inVenue && (has("forced_labor") || has("being_forced") || has("wants_out"))) ||
    // REFERENCE §1.0: a minor in a mining camp right now
    (minor && has("mining_site") && (now || has("here_now")) && !has("recent") && !infoOnly) ||
    (has("sexual_assault") && (has("attacker_nearby") || held || now || (has("recent") && help))) ||
    // a child who called crying or sent a call for help from a mining camp, a bar or a hotel
    (has("relayed_sos") && minor && (has("mining_site") || has("nightlife_venue") || has("lodging_venue") || has("risky_place"))) ||
    // the person sent a call for help or her location, and is in a trap, a venue or no longer answers
    (has("relayed_sos") && (has("missing") || held || hurt || has("being_moved_now") || has("in_danger") || has("against_will") || has("sexual_assault") || exploitedThere || (help && (has("nightlife_venue") || has("lodging_venue"))))) ||
    // force, restriction or a threat happening this very minute, or the attacker at the door
    (any(DANGER_NOW) && (rightNow || (has("attacker_nearby") && (hurt || has("sexual_assault") || held)))) ||
    // a minor in a bar, a brothel or a camp who is there now, with a danger sign or a call for help
    (minor && inVenue && (now || has("here_now") || has("recent")) && (exploited || help || held || hurt || has("against_will") || has("being_forced"))) ||
    (facts.held && !facts.earlier) ||
    (facts.minorVenue && !facts.earlier) ||
    facts.danger;
  if (emergency) urgency = "emergency";
  // someone from a bar coming to take a woman away; a man trying to get at someone who hides and calls for help
  if (has("attempted_taking") && has("nightlife_venue")) categories.add("sexual_exploitation");
  if (help && has("attacker_nearby") && !coercion && !workContext && !sexualContext) categories.add("gender_violence");
  floorFacts.urgency = urgency;
  // confinement, restriction or force happening to the writer where they are now
  raise(writerInDangerNow(floorFacts));
  if (has("in_danger") || has("being_hunted") || has("escaped") || facts.held || facts.minorVenue) urgency = atLeast(urgency, "high");

  // ——— it happened before and the writer is safe now ("hace un año me obligaban en un bar, ya estoy en mi casa"):
  // a past case to report, medium (high for a child, papers still kept or a threat), unless danger is back ———
  const pastAndSafe =
    SAFE_NOW.test(text) &&
    (PAST_TIME.test(text) || has("escaped")) &&
    !STILL_HAPPENING.test(text) &&
    !help &&
    !rightNow &&
    !has("being_hunted") &&
    !(has("weapon") && has("recent")) &&
    !has("death_threat") &&
    !has("attacker_nearby") &&
    !has("violence_now") &&
    !has("sexual_violence_now");
  if (pastAndSafe && rank(urgency) > rank("medium")) {
    urgency = minor || has("document_retention") || has("threats") ? "high" : "medium";
    extra.push({ key: "triage.reason.past_and_safe" });
  } else if (pastAndSafe && urgency === "low" && (dangerIds.length > 0 || has("nightlife_venue") || has("mining_site"))) {
    // out of a bar or a camp long ago and safe now: still a case to report
    urgency = "medium";
    extra.push({ key: "triage.reason.past_and_safe" });
  }

  // ——— a learned safety net: a message the rules found risky that resembles the emergencies seen before is
  // treated as one (resemblance.ts); a question "only to know", a denied sign or a retold story are left to the
  // rules (the model does not read negation: "no me tienen encerrada") ———
  if ((urgency === "medium" || urgency === "high") && !infoOnly && !pastAndSafe && denied.size === 0 && reported.size === 0 && resemblesEmergency(text)) {
    urgency = "emergency";
    extra.push({ key: "triage.reason.resembles_urgent_reports" });
  }

  // ——— a danger sign that is denied or only retold is never ranked low ———
  if (urgency === "low" && reported.size) {
    urgency = "medium";
    extra.push({ key: "triage.reason.reported_danger" });
  } else if (urgency === "low" && denied.size && !infoOnly) {
    urgency = "medium";
    extra.push({ key: "triage.reason.denied_danger" });
  }

  // A plain labour dispute (unpaid pay, no contract at a job one has) is also a labour-rights case for SUNAFIL.
  const plainDispute = (has("wage_theft") || has("no_contract")) && (workContext || has("no_contract")) && !minor && !any(OTHER_EXPLOITATION) && !sexualContext && !has("job_offer") && offerParts.every((p) => p === "no_contract");
  // long hours, unpaid overtime or pay withheld, without force, papers, debts or a child: SUNAFIL too, beside
  // any exploitation found ("me hace trabajar 14 horas y no me paga las extras")
  const labourComplaint =
    (has("wage_theft") || has("no_contract") || has("labor_rights") || has("labour_abuse")) &&
    (workContext || has("no_contract") || has("labor_rights")) &&
    !minor &&
    !sexualContext &&
    !any(SERIOUS_CONTROL) &&
    !has("job_offer") &&
    offerParts.every((p) => p === "no_contract");
  if (labourComplaint && has("labour_abuse")) urgency = atLeast(urgency, "medium");
  // turned away by a CEM or Línea 100: a gender-violence case that needs another door
  if (has("authority_ignored") && GENDER_VIOLENCE_SERVICE.test(text)) categories.add("gender_violence");
  if (plainDispute || labourComplaint) categories.add("labor_rights");
  else if (categories.has("labor_rights") && [...categories].some((c) => c !== "labor_rights" && c !== "gender_violence")) {
    categories.delete("labor_rights");
  }

  return {
    urgency,
    categories: [...categories].sort(),
    minor,
    referrals: referralsFor(urgency, categories, minor, fired, text),
    reasons: reasonsFor(fired, minor, youngest !== undefined && youngest < 18 ? youngest : undefined, extra),
  };
}

const LEVEL_ORDER = ["emergency", "high", "medium", "low", "signal"];
const HIDDEN_GROUPS = new Set(["context", "now", "help"]);

function reasonsFor(fired: Set<string>, minor: boolean, age: number | undefined, extra: Reason[]): Reason[] {
  const reasons: Reason[] = [];
  if (minor) reasons.push(age !== undefined ? { key: "triage.reason.minor_age", params: { age } } : { key: "triage.reason.minor" });
  const shown = [...fired].map((id) => BY_ID.get(id)!).filter((i) => !HIDDEN_GROUPS.has(i.group ?? ""));
  shown.sort((a, b) => LEVEL_ORDER.indexOf(a.level) - LEVEL_ORDER.indexOf(b.level) || a.id.localeCompare(b.id));
  for (const indicator of shown) reasons.push({ key: `triage.reason.${indicator.id}` });
  reasons.push(...extra);
  return reasons;
}
