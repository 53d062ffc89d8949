import { describe, expect, it } from "vitest";
import { assess } from "../../src/triage/index.ts";
import type { Category, Urgency } from "../../src/triage/types.ts";

const RANK: Record<Urgency, number> = { low: 0, medium: 1, high: 2, emergency: 3 };

interface Case {
  text: string;
  /** the least urgency it must get */
  atLeast: Urgency;
  /** the most it may get (defaults to emergency) */
  atMost?: Urgency;
  minor?: boolean;
  /** one of these categories must be there */
  category?: Category[];
}

/**
 * One block per mechanism the engine generalises by (not per phrase), each with es, en and qu wordings that
 * appear nowhere in the fixtures. A failure names the mechanism that broke.
 */
const MECHANISMS: Record<string, Case[]> = {
  "sexual violence, now or just now, is an emergency": [
    { text: "el primo de mi amiga la esta violando en la fiesta, estan en el segundo piso", atLeast: "emergency", category: ["gender_violence"] },
    { text: "my roommate's uncle is molesting her in the kitchen as we speak", atLeast: "emergency", category: ["gender_violence"] },
    { text: "Kunan huk machasqa runa sipasta abusachkan wasi qhipanpi", atLeast: "emergency", category: ["gender_violence"] },
    { text: "she was raped at the camp last month and is afraid to report it", atLeast: "high", atMost: "high", category: ["gender_violence"] },
  ],
  "ages said in other ways make a minor": [
    { text: "a boy who looks about twelve is washing dishes at the bar every night", atLeast: "high", minor: true },
    { text: "the kid is 13, he works at the brick kiln", atLeast: "high", minor: true },
    { text: "my neighbour's daughter (15) works at a karaoke bar", atLeast: "high", minor: true },
    { text: "a 14-year-old works as a hostess at the disco", atLeast: "high", minor: true },
    { text: "there are girls under 16 serving drinks at that cantina", atLeast: "high", minor: true },
    { text: "la chica aparenta 13 y atiende en la cantina de noche", atLeast: "high", minor: true },
    { text: "tengo 15 trabajo en un bar y el dueño no me paga", atLeast: "high", minor: true },
    { text: "she's in 8th grade and a man from instagram sends her money", atLeast: "high", minor: true },
  ],
  "ages that are not ages stay adult": [
    { text: "there are 15 girls working at the factory, is that legal?", atLeast: "low", atMost: "high", minor: false },
    { text: "the bus is 10 minutes away, where is the CEM?", atLeast: "low", atMost: "low", minor: false },
  ],
  "force, restriction or threat with 'right now' or 'just' is an emergency": [
    { text: "acaban de amenazar a mi hermana con quemarle la casa si habla, ahorita mismo", atLeast: "emergency" },
    { text: "the foreman just threatened us again, nobody can leave the camp", atLeast: "emergency" },
    { text: "my aunt's husband is hitting her right now", atLeast: "emergency", category: ["gender_violence"] },
    { text: "Kunallan patronqa manchachiwanku, mana lluqsiyta atinchikchu", atLeast: "emergency" },
  ],
  "being taken away within minutes or hours, with a minor or a trap, is an emergency": [
    { text: "el bus sale en media hora y la señora lleva a tres chicas de 14 a trabajar a mazuko", atLeast: "emergency", minor: true },
    { text: "the van leaves in 20 minutes with two 15 year olds going to work at a mine", atLeast: "emergency", minor: true },
    { text: "Kunan tuta apanqaku sipaschakunata Mazukuman, 14 watayuq kanku", atLeast: "emergency", minor: true },
    { text: "mi hija de 16 viaja hoy a lima con su tia para estudiar", atLeast: "low", atMost: "high", minor: true },
  ],
  "threats against relatives are threats": [
    { text: "dice q si me voy de la casa le va a hacer daño a mi hermanito", atLeast: "high" },
    { text: "he says he knows where my family lives and will hurt my mom if I quit", atLeast: "high" },
    { text: "Willakuqtiykiqa taytaykita wañuchisaq nin", atLeast: "emergency" },
    { text: "si denuncio, matan a mis hijos, eso me dijo el capataz", atLeast: "emergency" },
  ],
  "the attacker at the door with a threat is an emergency": [
    { text: "mi ex me amenazo y ahora esta afuera de mi casa tocando la puerta", atLeast: "emergency" },
    { text: "he threatened me and now he is banging on my door", atLeast: "emergency" },
    { text: "Qusayqa manchachiwan, kunan wasiy punkupi kachkan", atLeast: "emergency" },
  ],
  "restriction said indirectly is restriction": [
    { text: "la empleada de los vecinos nunca sale, ni los domingos", atLeast: "high" },
    { text: "the girls in that house are never allowed out and a guard watches them day and night", atLeast: "high" },
    { text: "Chay warmikunata punkupi qhawachkanku, mana haykapas lluqsinkuchu", atLeast: "high" },
    { text: "there is always a guard at the entrance of my building, is that normal?", atLeast: "low", atMost: "medium" },
  ],
  "men coming in and paying where girls are kept is sexual exploitation": [
    { text: "en ese hospedaje hay chicas y suben señores a los cuartos toda la noche", atLeast: "high", category: ["sexual_exploitation"] },
    { text: "at the motel by the road the clerk takes cash from men and sends them to the girls' rooms", atLeast: "high", category: ["sexual_exploitation"] },
    { text: "Chay hostalpi sipaskuna kanku, tutantin qharikuna yaykunku", atLeast: "high", category: ["sexual_exploitation"] },
  ],
  "a minor with adult men in a hotel or at night is sexual exploitation": [
    { text: "a girl of about 13 stays at the hotel with much older tourists", atLeast: "high", minor: true, category: ["sexual_exploitation"] },
    { text: "una chibola de 14 entra al hostal con un señor de 50 todas las noches", atLeast: "high", minor: true, category: ["sexual_exploitation"] },
    { text: "Chunka tawayuq watayuq sipascha hotelpi machu qharikunawan kachkan", atLeast: "high", minor: true, category: ["sexual_exploitation"] },
  ],
  "upfront fees and board charged from the first day are a deceptive offer": [
    { text: "they want a $300 registration fee before I travel for the job in Chile", atLeast: "medium", category: ["deceptive_recruitment"] },
    { text: "para el trabajo en la mina piden yapear 200 soles por adelantado", atLeast: "medium", category: ["deceptive_recruitment"] },
    { text: "Agenciaqa llamk'aypaq ñawpaqta qullqita pagay nin", atLeast: "medium", category: ["deceptive_recruitment"] },
  ],
  "a migrant without papers offered work with deducted fares is a deceptive offer": [
    { text: "soy colombiana sin papeles, un paisano me ofrece chamba en trujillo y el pasaje me lo descuenta del sueldo", atLeast: "medium", category: ["deceptive_recruitment"] },
    { text: "I'm a Venezuelan migrant and a man says he has work for me, the bus fare comes out of my first pay", atLeast: "medium", category: ["deceptive_recruitment"] },
  ],
  "a romance with a marriage promise, a paid ticket and secrecy is captación": [
    { text: "Tiktokpi huk waynata riqsirqani, casarakusun nin, pasajeta kachamusaq nin, ama taytaykiman willankichu nin", atLeast: "medium", category: ["deceptive_recruitment"] },
    { text: "a guy I met on a game says he will marry me and send me the ticket, I must not tell my parents", atLeast: "medium", category: ["deceptive_recruitment"] },
    { text: "un chico de facebook me manda plata y quiere que me vaya a vivir con el a tacna", atLeast: "medium", category: ["deceptive_recruitment"] },
  ],
  "children begging under someone's control is forced begging": [
    { text: "Mercadopi huch'uy wawakuna qullqita mañakuchkanku, huk qhari qullqinkuta qichun", atLeast: "high", minor: true, category: ["forced_begging"] },
    { text: "kids begging at the terminal hand all the coins to a woman who hits them", atLeast: "high", minor: true, category: ["forced_begging"] },
  ],
  "leaving home is going missing": [
    { text: "mi hija de 15 se fue de la casa el viernes con un chico que conocio en un juego", atLeast: "high", minor: true, category: ["missing_person"] },
    { text: "my 16 year old ran away from home three days ago and her phone is off", atLeast: "high", minor: true, category: ["missing_person"] },
    { text: "Ususiy wasinmanta ripurqan, celularninpas wañusqa", atLeast: "high", category: ["missing_person"] },
  ],
  "a plain labour dispute is a labour-rights case": [
    { text: "my boss hasn't given me a contract in a year, can he do that?", atLeast: "low", atMost: "medium", category: ["labor_rights"] },
    { text: "no me dan contrato en la tienda y ya van 8 meses", atLeast: "low", atMost: "medium", category: ["labor_rights"] },
    { text: "el dueño no me pagó los dos últimos meses", atLeast: "high", category: ["labor_rights"] },
  ],
  "a relayed call for help with a trap, a venue or a silent phone is an emergency": [
    { text: "mi amiga me mando su ubicacion desde un hostal de tacna y ya no contesta", atLeast: "emergency" },
    { text: "my sister texted me 'help' from a truck stop and now her phone is switched off", atLeast: "emergency" },
    { text: "Ñañay ubicacionninta kachamuwan huk barmanta, kunanqa mana contestanchu", atLeast: "emergency" },
  ],
  "someone pushed or lured into a vehicle is an emergency": [
    { text: "unos tipos subian a la fuerza a un chico a una mototaxi, el lloraba", atLeast: "emergency" },
    { text: "a man keeps telling my 11 year old to get in his car after school", atLeast: "emergency", minor: true },
    { text: "Iskay qharikuna huk warmachata hapispa carroman churanku", atLeast: "emergency" },
  ],
  "images plus a threat to spread them is sextortion": [
    { text: "mi ex dice q va a subir mis fotos intimas a facebook si no vuelvo con el", atLeast: "high", category: ["sexual_exploitation"] },
    { text: "someone is threatening to share my 13 year old cousin's pictures unless she sends more", atLeast: "high", minor: true, category: ["sexual_exploitation"] },
    { text: "Huk qhari q'ala fotoykunata facebookman lluqsichisaq nin, mana qullqita quptiyqa", atLeast: "high", category: ["sexual_exploitation"] },
  ],
  "children made to move drugs are exploited": [
    { text: "en mi barrio unos tipos obligan a chibolos a llevar droga en mochilas", atLeast: "high", category: ["labor_exploitation"] },
    { text: "they use kids from the village to carry drugs across the river", atLeast: "high", minor: true, category: ["labor_exploitation"] },
  ],
  "papers kept by an agency before the trip are part of a deceptive offer, papers kept at work are retention": [
    { text: "the agency in Lima keeps my passport until the flight to Japan and charges a fee", atLeast: "medium", atMost: "high", category: ["deceptive_recruitment"] },
    { text: "la agencia me pide 400 soles y se queda con mi pasaporte hasta que viaje", atLeast: "medium", atMost: "high", category: ["deceptive_recruitment"] },
    { text: "la dueña del restaurante donde trabajo se quedo con mi pasaporte", atLeast: "high" },
  ],
  "a partner who controls money, messages and outings is gender violence": [
    { text: "mi esposo me quita el sueldo y revisa todos mis mensajes", atLeast: "medium", category: ["gender_violence"] },
    { text: "my husband takes my salary and tracks my location", atLeast: "medium", category: ["gender_violence"] },
    { text: "Qusayqa sapa p'unchaw celularniyta qhawan, phiñakun", atLeast: "medium", category: ["gender_violence"] },
  ],
  "an offer described (who offers, pay, a place, flyers, a message about work, an advance) is at least medium": [
    { text: "pegan afiches en el paradero, buscan personal para la selva", atLeast: "medium", category: ["deceptive_recruitment"] },
    { text: "me mandaron un mensaje por whatsapp para trabajar de promotora en chiclayo, 120 soles al dia", atLeast: "medium", category: ["deceptive_recruitment"] },
    { text: "la supuesta empresa no tiene oficina y me quiere entrevistar en un hostal", atLeast: "medium", category: ["deceptive_recruitment"] },
    { text: "una señora paga adelantado para trabajar en una chacra en la selva", atLeast: "medium", category: ["deceptive_recruitment"] },
    { text: "el señor dice que puedo cantar en ecuador y que el se encarga de mis papeles", atLeast: "medium", category: ["deceptive_recruitment"] },
    { text: "is it safe to take a cook job at a mining camp that pays in advance?", atLeast: "medium", category: ["deceptive_recruitment"] },
    { text: "someone on instagram messaged me about a promoter job in tumbes, 150 a day", atLeast: "medium", category: ["deceptive_recruitment"] },
    { text: "Facebookpi willawanku Ica llaqtapi llamk'ay kan, sapa punchaw 90 soles", atLeast: "medium", category: ["deceptive_recruitment"] },
    { text: "un chico de instagram me paga el bus a juliaca para atender en su bar de noche", atLeast: "medium", category: ["deceptive_recruitment"] },
    { text: "my boyfriend from tiktok sent me the ticket to come help at his night club", atLeast: "high", category: ["deceptive_recruitment"] },
  ],
  "asking about offers in general, a job one has, or a checked offer is no offer": [
    { text: "how do I know if a job offer is fake?", atLeast: "low", atMost: "low" },
    { text: "que señales tiene una oferta de trabajo engañosa", atLeast: "low", atMost: "low" },
    { text: "trabajo en una tienda, me pagan 40 soles diarios sin contrato", atLeast: "low", atMost: "low", category: ["labor_rights"] },
    { text: "ya confirme con sunafil que la empresa es formal, solo queria saber del contrato", atLeast: "low", atMost: "low" },
    { text: "busco trabajo de cocinera en lima", atLeast: "low", atMost: "low" },
    { text: "Llamk'ayta maskani Limapi, maypi tapukuyman?", atLeast: "low", atMost: "low" },
  ],
  "a minor with adult money, men, a hotel or the night, taken away or kept secret, is at least high": [
    { text: "unos señores le dan propina a mi vecinita de 12 para que los acompañe a tomar", atLeast: "high", minor: true, category: ["sexual_exploitation"] },
    { text: "a la colegiala del 3ro la llevan de noche a un hostal de la panamericana", atLeast: "high", minor: true, category: ["sexual_exploitation"] },
    { text: "a mi alumna la recogen en la puerta del colegio en un carro polarizado", atLeast: "high", minor: true },
    { text: "my friend is 15 and a man pays her to go to parties with his friends", atLeast: "high", minor: true, category: ["sexual_exploitation"] },
    { text: "they take my 14 year old neighbour to a motel at night", atLeast: "high", minor: true, category: ["sexual_exploitation"] },
    { text: "Huk qhari qullqita qun primayman, amigonkunawan fiestaman rinanpaq, 15 watayuqmi", atLeast: "high", minor: true, category: ["sexual_exploitation"] },
    { text: "tengo 15 y un entrenador quiere que me vaya sola a arequipa sin decirle nada a mi mama", atLeast: "high", minor: true, category: ["deceptive_recruitment"] },
    { text: "en la discoteca de la plaza dejan entrar chicas de colegio con hombres mayores", atLeast: "high", minor: true, category: ["sexual_exploitation"] },
    { text: "mi hijo de 16 quiere ir de viaje de promocion, es seguro?", atLeast: "low", atMost: "medium", minor: true },
  ],
  "confinement or disorientation is high, and an emergency when the writer is there now": [
    { text: "nos trajeron engañadas, nos tienen, no sabemos en que ciudad estamos", atLeast: "emergency" },
    { text: "estoy en un cuarto sin ventanas, el señor se llevo la llave", atLeast: "emergency" },
    { text: "we are at a farmhouse and the man won't let us go, no idea where we are", atLeast: "emergency" },
    { text: "Kaypi kachkayku, mana yachaykuchu maypi kasqaykuta, ventananaq cuartopi", atLeast: "emergency" },
    { text: "a mi prima la tienen en un depa sin ventanas en ate", atLeast: "emergency" },
    { text: "no nos dejan, ya no aguanto", atLeast: "high" },
    { text: "estoy en mi casa, no tengo como salir porque llueve mucho", atLeast: "low", atMost: "medium" },
    { text: "estoy en el terminal de plaza norte, a que hora abre el cem?", atLeast: "low", atMost: "low" },
  ],
  "force to go somewhere or to work is high, and an emergency when the writer is there now": [
    { text: "un tipo me obliga a cruzar el rio con unos paquetes, estoy en la orilla", atLeast: "emergency" },
    { text: "estoy en el paradero de ilo, el tipo que me recogio me hace subir a un camion a bolivia", atLeast: "emergency" },
    { text: "the man who brought me here forces me to cross the border tonight", atLeast: "high" },
    { text: "Mayuta chimpachiwanku, kunan chakapi kachkayku", atLeast: "emergency" },
    { text: "el patron nos obliga a cargar sacos en la noche", atLeast: "high", category: ["labor_exploitation"] },
    { text: "me obligan a trabajar horas extras sin pago, estoy en la oficina", atLeast: "low", atMost: "high" },
    { text: "mi mama me obliga a estudiar", atLeast: "low", atMost: "low" },
    { text: "mis papas me obligan a mudarme con mi abuela", atLeast: "low", atMost: "medium" },
  ],
  "begging for someone else who keeps the money is forced begging": [
    { text: "los abuelos del asilo salen a pedir dinero y la encargada se queda con todo", atLeast: "high", category: ["forced_begging"] },
    { text: "the old people at the shelter are sent to beg and the manager keeps everything", atLeast: "high", category: ["forced_begging"] },
    { text: "Machulakunata plazaman apanku mañakunankupaq, qullqintataq patron qichun", atLeast: "high", category: ["forced_begging"] },
  ],
  "gone silent after saying they were afraid is an emergency": [
    { text: "mi sobrina viajo a una chamba en ica, anoche dijo q estaba asustada y ya no contesta", atLeast: "emergency", category: ["missing_person"] },
    { text: "my friend went to a job in Lima, her last text said she was terrified and now her phone is off", atLeast: "emergency" },
    { text: "tengo miedo de que mi hija caiga en una mala oferta, que señales hay?", atLeast: "low", atMost: "medium" },
  ],
  "about to be taken somewhere the person does not want to go is an emergency": [
    { text: "dicen q esta noche nos llevan al campamento y no queremos ir", atLeast: "emergency" },
    { text: "they say we leave for the camp in an hour and I do not want to go", atLeast: "emergency" },
  ],
  "a child who calls crying from a camp, a bar or a hotel is an emergency": [
    { text: "mi hermanita de 15 me escribio llorando desde un bar en la pampa", atLeast: "emergency", minor: true },
    { text: "my 16 year old nephew called me crying from a mining camp", atLeast: "emergency", minor: true },
  ],
  "debts, papers or the phone taken before the trip are part of a captación": [
    { text: "antes de viajar a la chamba en la selva me piden q deje mi dni con ellos", atLeast: "medium", category: ["deceptive_recruitment"] },
    { text: "they told me to hand over my phone to them before we travel to the farm", atLeast: "medium", category: ["deceptive_recruitment"] },
    { text: "aun no viajo pero ya me dicen q les debo el pasaje y la comida", atLeast: "medium", category: ["deceptive_recruitment"] },
  ],
  "girls or women taken out at night by someone who is not family": [
    { text: "en ese cuarto viven varias chicas y un tipo las saca de noche en su carro", atLeast: "high", category: ["sexual_exploitation"] },
    { text: "a man picks the women up from that house at night and brings them back at dawn", atLeast: "high", category: ["sexual_exploitation"] },
    { text: "mis hijas salen de noche con su papa a la feria", atLeast: "low", atMost: "medium" },
  ],
  "a child recruited for work is child labour as well as a captación": [
    { text: "un señor recluta chiquillos de 14 para cargar sacos en el puerto", atLeast: "high", minor: true, category: ["labor_exploitation"] },
  ],
  "a labour complaint stays a labour-rights case beside the exploitation found": [
    { text: "la dueña me hace trabajar 13 horas y no me paga las horas extras", atLeast: "medium", category: ["labor_rights"] },
    { text: "me descuentan el dia si me enfermo y no tengo contrato", atLeast: "medium", atMost: "high", category: ["labor_rights"] },
    { text: "me botaron del trabajo cuando supieron q estaba embarazada", atLeast: "medium", atMost: "high", category: ["labor_rights"] },
    { text: "mi jefe guarda mi dni y no me paga hace 2 meses", atLeast: "high", category: ["labor_exploitation"] },
  ],
  "papers kept by the owner of a bar or a hostal where one works are labour exploitation too": [
    { text: "el dueño del bar donde trabajo de cocinera tiene mi dni y no me lo quiere dar", atLeast: "high", category: ["labor_exploitation"] },
  ],
  "children looked after as a job, or pupils in a teacher's talk, are not the person at risk": [
    { text: "una amiga me ofrece chamba cuidando niños en chile, ella paga el pasaje", atLeast: "medium", minor: false },
    { text: "soy profesor y quiero dar una charla a mis alumnos sobre la trata", atLeast: "low", atMost: "low", minor: false },
    { text: "mi alumna de 2do de secundaria trabaja de noche en un taller y llega con moretones", atLeast: "high", minor: true },
  ],
  "school look, school mates and apposed ages make a minor": [
    { text: "subio al bus un señor con 4 chicas q parecen de colegio, el tiene sus dni", atLeast: "high", minor: true },
    { text: "un tipo les paga a chicas de mi salon por fotos", atLeast: "high", minor: true, category: ["sexual_exploitation"] },
    { text: "a boy at my school, 15, says a man pays him to carry packages at night", atLeast: "high", minor: true },
  ],
  "shutting oneself in is not captivity": [
    { text: "mi hijo de 16 se encierra en su cuarto todo el dia con el celular", atLeast: "low", atMost: "high", minor: true },
  ],
  "a partner who keeps the money and does not let her go out": [
    { text: "mi esposo me quita todo mi sueldo y no me deja estudiar ni salir", atLeast: "high", category: ["gender_violence"] },
  ],
  "a call for help with the guard or the attacker right outside is an emergency": [
    { text: "ayudenme, el tipo q nos cuida esta afuera de la puerta", atLeast: "emergency" },
    { text: "please help, the man who watches us is outside the door", atLeast: "emergency" },
    { text: "a man from the karaoke is outside waiting to take my cousin", atLeast: "emergency", category: ["sexual_exploitation"] },
  ],
  "children with an adult whose kinship does not fit, leaving now, is an emergency": [
    { text: "una señora con 4 chiquillas dice q son sus hijas pero no saben su apellido, ya sale la combi", atLeast: "emergency", minor: true },
    { text: "a man with two young girls says they are his daughters but they do not know his surname, the bus is about to leave", atLeast: "emergency", minor: true },
  ],
  "children put into a vehicle right now by someone who is not family": [
    { text: "tres colegialas estan subiendo ahorita a un carro con un señor q no conozco", atLeast: "emergency", minor: true },
  ],
  "a minor at a remote camp now, with threats or no pay, is an emergency": [
    { text: "tengo 15, estoy en el campamento maderero y el capataz dice q si me voy me mata", atLeast: "emergency", minor: true },
  ],
  "asked to leave everything or the family for a partner is romance recruitment with control": [
    { text: "mi prima tiene un novio mayor q le pide dejar sus estudios e irse con el a la selva", atLeast: "high", category: ["deceptive_recruitment"] },
  ],
  "a minor who is at a camp or a bar now, with harsh work, is an emergency": [
    { text: "mi sobrino de 14 esta en una draga en el rio, trabaja dia y noche con mercurio", atLeast: "emergency", minor: true },
    { text: "my 15 year old brother is at a mining camp now, they make him work all night", atLeast: "emergency", minor: true },
  ],
  "kept in a house without being let out, told by phone, is an emergency": [
    { text: "mi prima llamo llorando, la tienen en un cuarto en tacna sin dejarla salir", atLeast: "emergency" },
  ],
  "children put on a bus or taken away against their will now": [
    { text: "en este momento una señora mete a dos niñas a una combi y ellas lloran", atLeast: "emergency", minor: true },
    { text: "mi amiga me escribio, dice q se la llevan a chile y ella no quiere", atLeast: "emergency" },
  ],
  "told they will not be able to call anyone, or to leave the phone at home": [
    { text: "la chamba es en la selva y me dijeron q alla no voy a poder llamar a mi familia", atLeast: "high", category: ["deceptive_recruitment"] },
  ],
  "a partner who takes her away and cuts her off from the family": [
    { text: "mi tia se fue con un hombre de internet a piura y ya no nos llama", atLeast: "high", category: ["deceptive_recruitment"] },
    { text: "my boyfriend says if I love him I will party with his friends for cash", atLeast: "high", category: ["sexual_exploitation"] },
  ],
  "wages kept, work when sick, or a threat to pay dearly at a job are exploitation": [
    { text: "el patron guarda todo nuestro sueldo hasta fin de año y no tenemos para volver", atLeast: "high", category: ["labor_exploitation"] },
    { text: "aunque estemos enfermos tenemos q trabajar 18 horas en el fundo", atLeast: "high" },
    { text: "la señora donde trabajo dice q si renuncio lo voy a pagar caro", atLeast: "high" },
  ],
  "any job offer made to a minor is a possible captación": [
    { text: "tengo 16 y un señor de la feria dice q en arequipa ganaria bien cuidando su tienda", atLeast: "high", minor: true, category: ["deceptive_recruitment"] },
  ],
  "a relative who is the employer and keeps the papers exploits the work": [
    { text: "mi tia tiene mi dni y no me deja salir, trabajo en su tienda sin sueldo", atLeast: "high", category: ["labor_exploitation"] },
  ],
  "a begging child being hit now is an emergency and forced begging": [
    { text: "un señor esta pegandole a una niña q vende caramelos en el paradero, ahorita", atLeast: "emergency", minor: true },
  ],
  "a minor in a mining camp right now is an emergency (REFERENCE §1.0)": [
    { text: "mi nieta de 16 esta ahorita en un campamento minero en ananea, la llevaron a lavar ropa", atLeast: "emergency", minor: true },
    { text: "my 13 year old cousin is at a gold mining camp now, they took him to cook", atLeast: "emergency", minor: true },
  ],
  "someone heard screaming for help in a bar or a hotel is an emergency": [
    { text: "se escucha a una chica pidiendo auxilio en el segundo piso de la cantina", atLeast: "emergency" },
    { text: "we can hear a girl screaming for help in the room above the bar", atLeast: "emergency" },
  ],
  "girls collected from the communities 'to study' are a captación of minors": [
    { text: "un señor junta chicas de los caserios de huanta diciendo q van a estudiar a lima", atLeast: "high", minor: true, category: ["deceptive_recruitment"] },
  ],
  "a husband who keeps her money and does not let her out is violence against women": [
    { text: "mi marido se queda con todo mi sueldo y no me deja salir ni a ver a mi mama", atLeast: "high", category: ["gender_violence"] },
  ],
  "kept in a brothel or a karaoke is an emergency": [
    { text: "me tienen en un chongo de pucallpa y no tengo mis papeles", atLeast: "emergency", category: ["sexual_exploitation"] },
    { text: "they keep me in a room above the karaoke and make me serve the men every night", atLeast: "emergency", category: ["sexual_exploitation"] },
  ],
  "made to go to a brothel, or a child at a camp serving miners, is an emergency": [
    { text: "un mototaxista me conto q lleva a una chica q dice q la obligan a ir a un chongo", atLeast: "emergency" },
    { text: "hay dos chiquillas de 13 en el campamento de la mina, las tienen atendiendo a los mineros", atLeast: "emergency", minor: true },
  ],
  "women kept in a house and made to work at night": [
    { text: "en un cuarto de ate tienen a unas jovencitas trabajando de noche y no salen", atLeast: "high", category: ["sexual_exploitation"] },
  ],
  "a recruiter waiting for girls who arrive from the countryside": [
    { text: "un tipo en el paradero ofrecia chamba a las chicas q bajaban de los buses de la sierra", atLeast: "medium", category: ["deceptive_recruitment"] },
  ],
  "a child taken 'to study' and put to work instead": [
    { text: "su tia se llevo a mi hermanita a lima para estudiar y la tiene lavando ropa sin colegio", atLeast: "high", minor: true, category: ["labor_exploitation"] },
  ],
  "held on a boat, or pulled onto a bus, is an emergency": [
    { text: "mi tio llamo desde un barco pesquero, no lo dejan bajar y le quitaron el dni", atLeast: "emergency" },
    { text: "a man is dragging a girl onto a van outside the market, she is screaming", atLeast: "emergency" },
  ],
  "a child handed over to someone to work far away": [
    { text: "sus papas entregaron a la niña de 10 a una señora para trabajar en arequipa", atLeast: "high", minor: true, category: ["deceptive_recruitment"] },
  ],
  "someone wanting to force a person into sex now, or a 'get me out of here' from a bar": [
    { text: "auxilio, el dueño quiere obligarme a estar con un cliente, toy en el karaoke", atLeast: "emergency" },
    { text: "mi prima me escribio sacame de aqui desde una cantina en juliaca", atLeast: "emergency" },
  ],
  "a missing person someone says they have": [
    { text: "mi sobrina no regreso anoche y un numero desconocido me escribio q ya la tienen", atLeast: "emergency", category: ["missing_person"] },
  ],
  "a message from someone held asking to call the police": [
    { text: "mi hermano me escribio: nos tienen en la chacra sin paga, avisen a la policia", atLeast: "emergency" },
  ],
  "offers announced on the radio or with everything paid": [
    { text: "por la radio anuncian chamba en una mina de nazca, sueldo bien alto, sin experiencia", atLeast: "medium", category: ["deceptive_recruitment"] },
    { text: "un señor en la plaza ofrece trabajo de cocinera en ica con todo pagado", atLeast: "medium", category: ["deceptive_recruitment"] },
  ],
  "held against her will, heard, or in a stranger's car now": [
    { text: "en el cuarto de al lado una chica grita q la dejen salir", atLeast: "emergency" },
    { text: "mi sobrina no regreso del colegio y un hombre escribio q ya esta en su camioneta con el", atLeast: "emergency", minor: true },
    { text: "su padrastro abusa de ella y esta noche se queda sola con el", atLeast: "emergency" },
  ],
  "the way out taken away, or not let off a vehicle, is being held": [
    { text: "estamos en una isla del rio, el capataz se llevo los botes y dice q nadie se va sin terminar la zafra, a uno le pegaron", atLeast: "emergency" },
    { text: "la chiquita en el asiento de atras quiere bajarse del carro pero el tipo no la deja", atLeast: "emergency", minor: true },
    { text: "the foreman took the boats and nobody leaves until the harvest is done", atLeast: "high" },
  ],
  "it happened before and the person is safe now: a past case to report, not an emergency": [
    { text: "hace dos años me hacian trabajar sin pago en una chacra, ahora ya estoy con mi familia, se puede denunciar?", atLeast: "medium", atMost: "high" },
    { text: "two years ago they kept me in a bar in la pampa; now I'm home with my mom and want to report the owner", atLeast: "medium", atMost: "high" },
    { text: "hace un año me tuvieron en un karaoke, ya estoy en mi casa pero la dueña todavia me amenaza", atLeast: "high", atMost: "high" },
    { text: "hace meses me escape de la mina y ya estoy en mi casa, pero hoy el patron vino a buscarme con un arma", atLeast: "emergency" },
  ],
  "a thing held, a rumour seen online or a threat to fire is not a kidnapping or a threat of harm": [
    { text: "mi hermanito me tiene secuestrada la laptop pa sus juegos, como uso el bot?", atLeast: "low", atMost: "medium" },
    { text: "jaja el profe nos tiene secuestrados en el salon con este examen", atLeast: "low", atMost: "medium" },
    { text: "los niños cortan arroz con machete en la chacra todo el dia", atLeast: "high", atMost: "high", minor: true },
    { text: "vi un video de tiktok que dice que raptan chicas en las combis, sera cierto?", atLeast: "low", atMost: "medium" },
    { text: "el encargado no nos paga las horas extras y dice que si reclamamos nos despide", atLeast: "low", atMost: "high", category: ["labor_rights"] },
  ],
  "men served, a game friend's gifts, the camera turned on: a child's sexual exploitation": [
    { text: "en ese local de la carretera hay chiquillas que atienden a mineros", atLeast: "high", minor: true, category: ["sexual_exploitation"] },
    { text: "a mi sobrina de 13 un amigo del free fire le manda diamantes y le pide que prenda la camara de noche", atLeast: "high", minor: true, category: ["sexual_exploitation"] },
  ],
  "the audience of a talk and school grades": [
    { text: "soy docente, quiero afiches sobre trata para mis alumnos de la escuela", atLeast: "low", atMost: "low", minor: false },
    { text: "mi papa me pega y me manda a vender caramelos en la calle, estoy en 5to grado", atLeast: "high", minor: true },
  ],
  "what a witness sees: a sign or a note for help, chains, marks and the man waiting, blows and pleas": [
    { text: "en el paradero una chica en la camioneta de un señor me miraba y me hacia señas de auxilio", atLeast: "emergency" },
    { text: "a woman in the back of the truck slipped me a note that said help me, they are taking us", atLeast: "emergency" },
    { text: "en el aserradero vi a un muchacho con una cadena en el tobillo", atLeast: "emergency" },
    { text: "llego una señora con moretones en los brazos, el que la trajo la espera en la puerta", atLeast: "emergency" },
    { text: "en el hostal se escuchan golpes y una mujer grita que la deje salir", atLeast: "emergency" },
    { text: "un hombre empuja a una chica a un taxi y ella llora", atLeast: "emergency" },
  ],
  "out of where she was held, and looked for now": [
    { text: "me escape del cuarto donde me tenian encerrada y ahora el tipo anda buscandome, estoy en una iglesia", atLeast: "emergency" },
    { text: "salimos del carro en el que nos llevaban y el chofer nos busca", atLeast: "emergency" },
  ],
  "papers not given back, the trip worked off, pay held until leaving": [
    { text: "en el fundo nos pidieron el dni para el contrato y no nos lo devuelven", atLeast: "high" },
    { text: "trajo a unas chicas de iquitos y las manda a los karaokes a pagar el pasaje", atLeast: "high", category: ["sexual_exploitation"] },
    { text: "trabajo en una casa hace un año y la señora dice que me paga todo cuando me vaya", atLeast: "high" },
  ],
  "slang weapons, resistance and a guarded door": [
    { text: "el capataz nos enseño su fierro y dijo que el que se escapa no llega vivo", atLeast: "emergency" },
    { text: "me sacaron la chaira en el local porque no quise ir con un cliente", atLeast: "emergency" },
    { text: "en el mercado jalan a una chiquita a un mototaxi, ella llora y patalea", atLeast: "emergency", minor: true },
    { text: "they took all our phones and a guard stands at the gate day and night, we are in a farm house", atLeast: "emergency" },
  ],
  "said to be a joke, or staying in with the flu, is no kidnapping": [
    { text: "le escribi a mi prima que la tenian secuestrada, perdon por la broma, como funciona el bot?", atLeast: "low", atMost: "medium" },
    { text: "ando encerrada en mi cuarto con fiebre, que numeros de ayuda tienen?", atLeast: "low", atMost: "medium" },
    { text: "el jefe me amenazo con despedirme si no hago horas extra, puedo quejarme?", atLeast: "low", atMost: "medium", category: ["labor_rights"] },
    { text: "una menor de edad puede trabajar en vacaciones? cuantas horas?", atLeast: "low", atMost: "low", minor: false },
    { text: "no es broma, me tienen encerrada en un cuarto", atLeast: "emergency" },
  ],
  "children taken away with a promise of work, or on their way to a camp with a stranger": [
    { text: "un señor en el paradero se llevo a tres niños diciendo que les daria chamba en su chacra", atLeast: "high", minor: true, category: ["deceptive_recruitment"] },
    { text: "en el bus a la rinconada va un tipo con dos chiquitas que no son de su familia, dice que las lleva a trabajar", atLeast: "emergency", minor: true },
  ],
  "tied up, a man who buys girls, forced now, a job with no pay at first": [
    { text: "el dueño de la chacra me amarro pa q no me vaya, escribo a escondidas", atLeast: "emergency" },
    { text: "a man on the river boat with a girl of 12, people say he buys children", atLeast: "emergency", minor: true },
    { text: "un pata me ofrece chamba en una chanchería en lurin, los dos primeros meses sin sueldo, solo comida", atLeast: "medium", category: ["deceptive_recruitment"] },
  ],
  "an ad seen online is an offer, not news; a rumour about kidnappings is": [
    { text: "vi en facebook que buscan chicas para un restaurante en la selva, 3500 soles y pasajes pagados", atLeast: "medium", category: ["deceptive_recruitment"] },
    { text: "dicen en tiktok que raptan niños en los mercados, es cierto?", atLeast: "low", atMost: "medium" },
  ],
  "children out of school selling, papers kept 'to keep them safe', a man who brings women and takes them away": [
    { text: "mi vecinito de 10 ya no va al colegio, vende en los buses hasta tarde", atLeast: "high", minor: true },
    { text: "en la panaderia donde trabajo el dueño me pidio mi dni para guardarlo y no me lo devuelve", atLeast: "high" },
    { text: "un señor trae chicas de la selva a su casa cada semana y despues se las lleva en su camioneta", atLeast: "high" },
  ],
  "the emergency boundary: men sent in to a child, a child taken up to a hotel room, a plea to be fetched": [
    { text: "there is a boy who can't be more than 14 in the back of the karaoke now and they keep letting men in", atLeast: "emergency", minor: true },
    { text: "ahorita un gringo con una chica de colegio entraron al hostal de la esquina y subieron a un cuarto", atLeast: "emergency", minor: true },
    { text: "ven por mi al hotel de la plaza, no me devuelve mi dni y ya llamo a unos amigos suyos", atLeast: "emergency" },
    { text: "me pasaron a otro carro en la carretera y ahora me llevan a otro sitio, ayuda", atLeast: "emergency" },
    { text: "no puedo hablar, estoy escondida en la cocina y el tipo esta en la puerta, manden a alguien", atLeast: "emergency" },
  ],
  "past and over, fiction, a jammed door, a surprise trip": [
    { text: "hace dos años el patron nos amenazo con un arma, ya salimos todos y pusimos la denuncia, como va el caso?", atLeast: "medium", atMost: "high" },
    { text: "estoy escribiendo un relato sobre una chica encerrada en un bar, que datos me pueden dar?", atLeast: "low", atMost: "medium" },
    { text: "se trabo la puerta del baño y estoy encerrado jaja, alguien tiene el numero del conserje", atLeast: "low", atMost: "medium" },
    { text: "mi esposo me secuestro para un paseo sorpresa a paracas", atLeast: "low", atMost: "medium" },
  ],
  "extortion with intimate images, children begging, a threat of a false accusation": [
    { text: "un tipo tiene fotos mias y dice que si no le yapeo 500 soles las sube a facebook", atLeast: "high", category: ["gender_violence"] },
    { text: "hay niñitos pidiendo plata en el paradero todos los dias hasta tarde", atLeast: "medium", minor: true, category: ["forced_begging"] },
    { text: "la puerta esta abierta pero el dueño dice que si me voy me denuncia por robo", atLeast: "high" },
  ],
  "held or moved told without a keyword": [
    { text: "el tipo no me da la llave del cuarto y dice que hoy vienen sus amigos", atLeast: "emergency" },
    { text: "a la niña del costado le ponen candado a la puerta cuando salen", atLeast: "emergency", minor: true },
    { text: "mi hermana me escribio que el bus no para y ya pasaron arequipa, ella iba a camana", atLeast: "emergency" },
    { text: "el capataz dice que al que se escape lo tiran al rio, estamos en el campamento", atLeast: "emergency" },
    { text: "nos quitaron los zapatos y la ropa para que no nos escapemos, estamos en una casa en la selva", atLeast: "emergency" },
  ],
  "a child kept company with men tonight, or left at a mine": [
    { text: "tengo 15 y la señora dice que esta noche me toca atender a los señores del salon", atLeast: "emergency", minor: true },
    { text: "mi hijo de 16 se quedo en un campamento minero en la rinconada y ya no contesta", atLeast: "emergency", minor: true },
  ],
  "a ransom, a guard who lets men in, the card key taken, a truck that does not stop": [
    { text: "me llamo mi hermana llorando y luego un hombre dijo que si quiero verla pague 3 mil hoy", atLeast: "emergency" },
    { text: "un señor esta parado en la puerta del cuarto y solo abre para que entren clientes, estoy en un hostal", atLeast: "emergency" },
    { text: "el que me trajo tiene la tarjeta de la puerta y mi celular, estoy en un hotel de lince", atLeast: "emergency" },
    { text: "vamos en la tolva de un camion y no para hace horas, somos como 20", atLeast: "emergency" },
    { text: "me sali de un karaoke en juliaca hace dos años, estoy en puno y bien, quiero saber si puedo denunciar", atLeast: "medium", atMost: "high" },
    { text: "si me olvido de poner el candado a la tienda me pueden descontar?", atLeast: "low", atMost: "medium" },
  ],
  "ages implied by school, and a trip tonight that she does not want": [
    { text: "estoy en 4to y un chico del juego me pide fotos en ropa interior", atLeast: "high", minor: true },
    { text: "esta noche llevan a mi prima a la frontera y ella no quiere, esta en el terminal", atLeast: "emergency" },
    { text: "la señora le esta dando con el cable a la niña que trabaja en su casa", atLeast: "emergency", minor: true },
  ],
  "the frames that lower a message never swallow a case told with them": [
    { text: "te cuento que la tienen encerrada en un bar de la pampa", atLeast: "emergency" },
    { text: "me ofrecen trabajo, es para un taller en gamarra y ahora no me dejan salir", atLeast: "high" },
    { text: "si alguien la ve, avisen: la tienen encerrada en mazuko", atLeast: "emergency" },
    { text: "ya paso el bus y la chica esta bien asustada, la tienen encerrada", atLeast: "emergency" },
    { text: "ahora vivo con el y me tiene encerrada, hace un año me trajo", atLeast: "emergency" },
    { text: "se trabo la puerta y me tienen encerrada, ayuda", atLeast: "emergency" },
    { text: "me dijo que era broma pero me tienen encerrada", atLeast: "emergency" },
    { text: "una señora me dijo que hace anos la tienen encerrada en su casa", atLeast: "emergency" },
    { text: "hace rato llego la policia pero no hicieron nada, la siguen teniendo encerrada", atLeast: "emergency" },
  ],
  "the strips that keep a child out of a question never hide a child in a case": [
    { text: "alguien se llevo a una nina de mi barrio en un carro", atLeast: "high", minor: true },
    { text: "una nina tiene que atender a los mineros en el bar", atLeast: "high", minor: true },
    { text: "el patron se lleva a los ninos a la mina todos los dias", atLeast: "high", minor: true },
    { text: "he takes the kids to beg at the market every day", atLeast: "high", minor: true },
    { text: "la secuestraron con un trabajo falso en la selva", atLeast: "emergency" },
    { text: "el patron nos pone candado en las noches", atLeast: "emergency" },
  ],
  "a single ambiguous word does not raise the urgency": [
    { text: "nadie me obliga, me voy a trabajar por mi cuenta a arequipa, que debo llevar?", atLeast: "low", atMost: "medium" },
    { text: "mi hija de 13 se pasa todo el dia en el celular, es normal?", atLeast: "low", atMost: "low", minor: true },
    { text: "mi primo se fue a trabajar a lima y esta bien, hablamos todos los dias", atLeast: "low", atMost: "low" },
    { text: "disculpen la molestia, que horario tiene la linea 100?", atLeast: "low", atMost: "low" },
    { text: "my ex keeps texting me insults and showing up at my work", atLeast: "medium", atMost: "high", category: ["gender_violence"] },
    { text: "mi hija de 15 quiere trabajar en vacaciones en una panaderia, que papeles necesita?", atLeast: "low", atMost: "medium" },
    { text: "mi enamorado es muy bueno, queremos casarnos el otro año, donde queda el cem?", atLeast: "low", atMost: "medium" },
    { text: "trabajo de mesera en un restaurante de miraflores, cuanto es el sueldo minimo?", atLeast: "low", atMost: "low" },
    { text: "Patronniy gratificacionniyta mana qunchu", atLeast: "low", atMost: "medium", category: ["labor_rights"] },
  ],
};

describe.each(Object.entries(MECHANISMS))("mechanism: %s", (_name, cases) => {
  it.each(cases)("should triage $text", (c) => {
    const r = assess({ text: c.text });
    expect(RANK[r.urgency], `urgency ${r.urgency}`).toBeGreaterThanOrEqual(RANK[c.atLeast]);
    expect(RANK[r.urgency], `urgency ${r.urgency}`).toBeLessThanOrEqual(RANK[c.atMost ?? "emergency"]);
    if (c.minor !== undefined) expect(r.minor).toBe(c.minor);
    if (c.category) expect(r.categories.some((x) => c.category!.includes(x)), `categories ${r.categories.join(",")}`).toBe(true);
  });
});
