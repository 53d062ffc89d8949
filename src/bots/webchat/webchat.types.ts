import { z } from "zod";

export const ZConversationId = z
  .string()
  .regex(/^[A-Za-z0-9_-]{8,64}$/, "8–64 characters of A-Z a-z 0-9 _ -");

const ZBody = z
  .object({
    text: z.string().max(4000, "text must be at most 4,000 characters").optional(),
    choice: z.string().min(1).max(64).optional(),
    location: z
      .object({ latitude: z.number().min(-90).max(90), longitude: z.number().min(-180).max(180) })
      .strict()
      .optional(),
    /** optional client id of this message: a retried POST with the same id has no second effect */
    messageId: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,64}$/)
      .optional(),
  })
  .strict();

/** `POST /api/webchat/:conversationId/messages` body: exactly one of text, choice, location. */
export const ZWebchatMessageRequest = ZBody.refine(
  (b) => [b.text, b.choice, b.location].filter((v) => v !== undefined).length === 1,
  { message: "send exactly one of text, choice or location" },
);
export type TWebchatMessageRequest = z.infer<typeof ZWebchatMessageRequest>;
