/** Distinctive strings a person might type, which must never appear in clear in logs or tables. */
export const CANARY = {
  phone: "987654321",
  name: "Rosalinda Quispeccanary",
  text: "CANARY-TEXT-7c1f",
  latitude: -12.5931234,
  longitude: -69.1891234,
  chatId: "canary-chat-4242",
} as const;

export const CANARY_STRINGS = [CANARY.phone, CANARY.name, CANARY.text, "12.5931234", "69.1891234", CANARY.chatId];

export function findCanaries(haystack: string): string[] {
  return CANARY_STRINGS.filter((c) => haystack.includes(c));
}
