/** Distinctive strings a person might type, which must never appear in clear in logs or tables. */
export const CANARY = {
  phone: "987654321",
  name: "Rosalinda Quispeccanary",
  text: "CANARY-TEXT-7c1f",
  latitude: -12.5931234,
  longitude: -69.1891234,
  chatId: "canary-chat-4242",
} as const;

/** What Telegram tells the bot about a person: their chat id, username and names. */
export const TELEGRAM_CANARY = {
  chatId: 7700123456,
  username: "rosa_canary_tg",
  firstName: "Rosalindatg",
  lastName: "Quispecanarytg",
} as const;

export const CANARY_STRINGS = [
  CANARY.phone,
  CANARY.name,
  CANARY.text,
  "12.5931234",
  "69.1891234",
  CANARY.chatId,
  String(TELEGRAM_CANARY.chatId),
  TELEGRAM_CANARY.username,
  TELEGRAM_CANARY.firstName,
  TELEGRAM_CANARY.lastName,
];

export function findCanaries(haystack: string, extra: string[] = []): string[] {
  return [...CANARY_STRINGS, ...extra].filter((c) => haystack.includes(c));
}
