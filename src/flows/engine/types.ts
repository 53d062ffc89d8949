/**
 * Engine contract: `resume(flows, session, input, env) → Sprint { session, events }`. Pure: no I/O, no clock
 * other than `env.now`, no randomness. The app persists the session and carries out the events in order.
 */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type ParamValue = string | number | boolean;
export type Params = Record<string, ParamValue>;

/** A line of text to render: an i18n key and its parameters. */
export interface TextRef {
  key: string;
  params?: Params;
}

export type SessionStatus = "waiting" | "completed" | "failed" | "expired" | "interrupted";

export interface SessionWait {
  /** input: a person's answer; action: the result of an action the app runs */
  kind: "input" | "action";
  /** fingerprint of flow + node + revision, carried by the buttons rendered for this wait */
  fingerprint: string;
  /** ISO time after which the wait is expired */
  expiresAt: string;
  /** answers that did not fit, to offer help after 3 */
  misses: number;
  /** a gentle reminder was already sent for this wait */
  reminded?: boolean;
  /** after 3 misses the question also shows a "Menu" button */
  offerMenu?: boolean;
}

/** Persisted as JSON between turns; `v` lets a loader detect and reset old shapes. */
export interface Session {
  v: 1;
  flowId: string;
  revision: number;
  nodeId: string;
  status: SessionStatus;
  locale: string;
  wait?: SessionWait;
  vars: Record<string, Json>;
  /** review screens: after the next answered question go back to this node */
  returnTo?: string;
}

export type EngineInput =
  | { kind: "text"; text: string }
  | { kind: "choice"; id: string }
  | { kind: "location"; latitude: number; longitude: number }
  | { kind: "media"; mediaType: string; ref: string }
  | { kind: "unsupported"; what: string }
  | { kind: "action_result"; ok: true; value: Json }
  | { kind: "action_result"; ok: false; error: string };

export interface RenderedButton {
  id: string;
  label: TextRef;
}

export type EngineEvent =
  | {
      type: "message_sent";
      text: TextRef;
      /** list items rendered under the text (e.g. referral lines) */
      items?: TextRef[];
      buttons?: RenderedButton[];
      /** what the bot is waiting for, so channels can show a location button */
      expects?: "choice" | "text" | "number" | "location" | "media" | "code";
      createdOn: string;
    }
  | { type: "action_requested"; action: string; params: Record<string, Json>; createdOn: string }
  | { type: "locale_changed"; locale: string; createdOn: string }
  /** quick exit: the app wipes the conversation's stored data */
  | { type: "conversation_wiped"; createdOn: string }
  | {
      type: "session_reset";
      reason: "expired" | "invalid" | "flow_changed" | "step_limit";
      createdOn: string;
    }
  | { type: "input_rejected"; misses: number; createdOn: string }
  | { type: "stale_button_pressed"; createdOn: string };

export interface Sprint {
  session: Session;
  events: EngineEvent[];
}

export interface EngineEnv {
  now: Date;
  /** how long a question waits before the next message starts fresh */
  waitTimeoutMs: number;
  /** the label text of an i18n key in the session's language, to match typed answers to buttons */
  labelOf?: (key: string, locale: string) => string;
  /** guard rail against loops in a definition */
  maxStepsPerTurn?: number;
  /** told about every node the engine enters (tests that walk every node) */
  trace?: (flowId: string, nodeId: string) => void;
}
