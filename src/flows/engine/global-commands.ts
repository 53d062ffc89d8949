import { normalizeText } from "./text-input.ts";

/**
 * Words that work at any step, in es / en / qu. A command must be the whole message (after normalizing), so
 * "ayuda" is a command but "necesito ayuda con mi hija" is an answer.
 */
export type GlobalCommand = "menu" | "help" | "exit" | "language" | "start";

/** Greetings say which language the person speaks: the welcome answers in it. */
const GREETINGS: Record<"es" | "en" | "qu", string[]> = {
  es: ["hola", "buenas", "buenos dias", "buenas tardes", "buenas noches", "ola"],
  en: ["hello", "hi", "hey", "good morning", "good evening"],
  qu: ["allillanchu", "napaykullayki", "rimaykullayki", "imaynalla", "imaynallam"],
};

const COMMANDS: Record<GlobalCommand, string[]> = {
  start: ["/start", "start", ...GREETINGS.es, ...GREETINGS.en, ...GREETINGS.qu],
  menu: ["menu", "/menu", "inicio", "volver", "main menu", "qallariy"],
  help: ["ayuda", "/ayuda", "help", "/help", "yanapay", "yanapaway"],
  exit: ["salir", "borrar", "/borrar", "/salir", "exit", "delete", "quit", "stop", "lluqsiy", "pichay"],
  language: ["idioma", "/idioma", "language", "/language", "simi", "lengua"],
};

const LOOKUP = new Map<string, GlobalCommand>();
for (const [command, words] of Object.entries(COMMANDS) as [GlobalCommand, string[]][]) {
  for (const word of words) LOOKUP.set(word.startsWith("/") ? word : normalizeText(word), command);
}

export function matchGlobalCommand(text: string): GlobalCommand | undefined {
  const trimmed = text.trim().toLowerCase();
  // "/start@MyBot" in Telegram groups, "/start payload" deep links
  const slash = /^\/[a-z_]+/.exec(trimmed)?.[0];
  if (slash && LOOKUP.has(slash)) return LOOKUP.get(slash);
  return LOOKUP.get(normalizeText(text));
}

/** The language a greeting is in ("hi" → en, "allillanchu" → qu), or undefined when it is not a greeting. */
export function greetingLocale(text: string): "es" | "en" | "qu" | undefined {
  const normalized = normalizeText(text);
  for (const [locale, words] of Object.entries(GREETINGS) as ["es" | "en" | "qu", string[]][]) {
    if (words.some((w) => normalizeText(w) === normalized)) return locale;
  }
  return undefined;
}
