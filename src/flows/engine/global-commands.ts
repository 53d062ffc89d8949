import { normalizeText } from "./text-input.ts";

/**
 * Words that work at any step, in es / en / qu. A command must be the whole message (after normalizing), so
 * "ayuda" is a command but "necesito ayuda con mi hija" is an answer.
 */
export type GlobalCommand = "menu" | "help" | "exit" | "language" | "start";

const COMMANDS: Record<GlobalCommand, string[]> = {
  start: ["/start", "start", "hola", "hello", "hi", "buenas", "allillanchu", "napaykullayki"],
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
