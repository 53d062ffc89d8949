import { parseCaseCode } from "../../core/case-code.ts";
import type { AskNode, Choice, FlowDefinition, FlowMessage, FlowSet } from "../schema.ts";
import {
  buttonId,
  type CommandButton,
  fingerprint,
  MENU_BUTTON_ID,
  parseButtonId,
  parseCommandButton,
  SKIP_CHOICE,
} from "./fingerprint.ts";
import { type GlobalCommand, greetingLocale, matchGlobalCommand } from "./global-commands.ts";
import { isBlank, normalizeText, parseNumber } from "./text-input.ts";
import type {
  EngineEnv,
  EngineEvent,
  EngineInput,
  Json,
  RenderedButton,
  Session,
  Sprint,
  TextRef,
} from "./types.ts";
import { evaluate, resolveItems, resolveJsonParams, resolveLines, resolveParams } from "./variables.ts";

const DEFAULT_MAX_STEPS = 100;
const MISSES_BEFORE_HELP = 3;
/** What people type to pass on an optional question ("no", "nada", "no sé", "mana"…), normalized. */
const SKIP_WORDS = new Set([
  "saltar", "omitir", "skip", "paway", "-",
  "no", "nada", "ninguno", "ninguna", "no tengo", "no se", "no lo se", "no sabemos",
  "none", "nothing", "no idea", "not sure", "i don t know", "i dont know",
  "mana", "manam", "mana kanchu", "mana yachanichu",
]);

/** A fresh conversation: the welcome flow. `input` only matters when it is a command (e.g. "borrar"). */
export function start(
  flows: FlowSet,
  locale: string,
  input: EngineInput | undefined,
  env: EngineEnv,
): Sprint {
  // "hi" or "allillanchu" says which language to greet in
  const greeted = input?.kind === "text" ? greetingLocale(input.text) : undefined;
  const turn = new Turn(flows, env, emptySession(flows, flows.entry.welcome, greeted ?? locale));
  if (greeted && greeted !== locale) turn.emit({ type: "locale_changed", locale: greeted, createdOn: turn.at });
  const command = commandOf(input);
  if (command && command.command !== "start") return turn.command(command);
  return turn.enterFlow(flows.entry.welcome);
}

/**
 * Moves a conversation one turn forward. Never throws for anything a person can send: bad input is re-asked,
 * stale buttons answered with the current step, broken or outdated sessions reset to the menu.
 */
export function resume(
  flows: FlowSet,
  session: Session | undefined,
  input: EngineInput,
  env: EngineEnv,
): Sprint {
  if (!session) return start(flows, "es", input, env);
  if (!isUsableSession(flows, session)) {
    const turn = new Turn(flows, env, emptySession(flows, flows.entry.menu, safeLocale(session)));
    turn.emit({ type: "session_reset", reason: "invalid", createdOn: turn.at });
    turn.say({ key: "common.session_reset" });
    return turn.enterFlow(flows.entry.menu);
  }
  const turn = new Turn(flows, env, structuredClone(session));
  return turn.handle(input);
}

/**
 * The gentle reminder for a question left unanswered: said once per wait; the app calls this from a sweeper.
 * Returns undefined when there is nothing to remind.
 */
export function remind(flows: FlowSet, session: Session, env: EngineEnv): Sprint | undefined {
  if (session.status !== "waiting" || session.wait?.kind !== "input" || session.wait.reminded)
    return undefined;
  if (new Date(session.wait.expiresAt) <= env.now || !isUsableSession(flows, session)) return undefined;
  const next = structuredClone(session);
  next.wait!.reminded = true;
  const turn = new Turn(flows, env, next);
  turn.say({ key: "common.reminder" });
  return turn.done();
}

type Command = { command: GlobalCommand } | CommandButton;

/** A typed command word, or a command button ("menu" after misses, "reply" under a team message). */
function commandOf(input: EngineInput | undefined): Command | undefined {
  if (input?.kind === "text") {
    const command = matchGlobalCommand(input.text);
    return command ? { command } : undefined;
  }
  if (input?.kind === "choice") return parseCommandButton(input.id);
  return undefined;
}

function emptySession(flows: FlowSet, flowId: string, locale: string): Session {
  const flow = flows.flows[flowId]!;
  return { v: 1, flowId, revision: flow.revision, nodeId: flow.start, status: "completed", locale, vars: {} };
}

function safeLocale(session: unknown): string {
  const locale = (session as { locale?: unknown })?.locale;
  return locale === "en" || locale === "qu" ? locale : "es";
}

/** A session is usable when its flow and node still exist and it is waiting where it says it is. */
function isUsableSession(flows: FlowSet, session: Session): boolean {
  if (session?.v !== 1 || typeof session.vars !== "object" || session.vars === null) return false;
  const flow = flows.flows[session.flowId];
  if (!flow) return false;
  if (session.status !== "waiting") return true;
  const node = flow.nodes[session.nodeId];
  if (!node || !session.wait) return false;
  return session.wait.kind === "input" ? node.type === "ask" : node.type === "action";
}

/** One turn of the engine: a mutable session and the events emitted so far. */
class Turn {
  readonly at: string;
  private readonly events: EngineEvent[] = [];
  private steps = 0;

  constructor(
    private readonly flows: FlowSet,
    private readonly env: EngineEnv,
    private session: Session,
  ) {
    this.at = env.now.toISOString();
  }

  done(): Sprint {
    return { session: this.session, events: this.events };
  }

  emit(event: EngineEvent): void {
    this.events.push(event);
  }

  say(text: TextRef, extra: Partial<Extract<EngineEvent, { type: "message_sent" }>> = {}): void {
    this.emit({ type: "message_sent", text, ...extra, createdOn: this.at });
  }

  handle(input: EngineInput): Sprint {
    const s = this.session;
    const command = commandOf(input);

    if (s.status === "waiting" && s.wait && new Date(s.wait.expiresAt) <= this.env.now) {
      // Start fresh: what was not sent is forgotten, as the note says.
      this.emit({ type: "session_reset", reason: "expired", createdOn: this.at });
      this.say({ key: "common.expired" });
      this.session = emptySession(this.flows, this.flows.entry.menu, s.locale);
      if (command) return this.command(command);
      return this.enterFlow(this.flows.entry.menu);
    }
    if (command) return this.command(command);

    if (s.status !== "waiting" || !s.wait) {
      // The conversation had ended: whatever comes next opens the menu.
      if (input.kind === "choice") this.emit({ type: "stale_button_pressed", createdOn: this.at });
      return this.enterFlow(this.flows.entry.menu);
    }

    const flow = this.currentFlow();
    if (s.revision !== flow.revision) {
      // The flow changed under a waiting conversation: continue only if the same question still exists.
      const node = flow.nodes[s.nodeId];
      const same = node?.type === "ask" && s.wait.kind === "input";
      if (!same) {
        this.emit({ type: "session_reset", reason: "flow_changed", createdOn: this.at });
        this.say({ key: "common.session_reset" });
        return this.enterFlow(this.flows.entry.menu);
      }
      s.revision = flow.revision;
      s.wait.fingerprint = fingerprint(flow.id, s.nodeId, flow.revision);
    }

    if (s.wait.kind === "action") {
      if (input.kind !== "action_result") {
        // Interrupted before the action finished (e.g. a crash): ask the app to run it again.
        return this.enterNode(s.nodeId);
      }
      return this.finishAction(input);
    }
    if (input.kind === "action_result") return this.done();
    return this.answer(this.currentNode() as AskNode, input);
  }

  command(command: Command): Sprint {
    const waitingForInput = this.session.status === "waiting" && this.session.wait?.kind === "input";
    switch (command.command) {
      case "exit":
        this.emit({ type: "conversation_wiped", createdOn: this.at });
        this.say({ key: "common.exit_done" });
        this.session = { ...emptySession(this.flows, this.flows.entry.menu, this.session.locale) };
        return this.done();
      case "help":
        this.say({ key: "common.help" });
        if (waitingForInput) return this.reRender();
        return this.enterFlow(this.flows.entry.menu);
      case "language":
        return this.enterFlow(this.flows.entry.language);
      case "start":
        // "hola" in the middle of a report is a greeting, not a wish to lose what was typed so far
        if (waitingForInput) return this.reRender({ key: "common.resume" });
        return this.enterFlow(this.flows.entry.welcome);
      case "menu":
        return this.enterFlow(this.flows.entry.menu);
      case "reply":
        if (!this.flows.entry.reply) return this.enterFlow(this.flows.entry.menu);
        return this.enterFlow(this.flows.entry.reply, undefined, { replyTo: command.reportId });
    }
  }

  /** Every flow starts with no answers: nothing typed in one flow lingers in the next. */
  enterFlow(flowId: string, nodeId?: string, vars: Record<string, Json> = {}): Sprint {
    const flow = this.flows.flows[flowId];
    if (!flow) throw new Error(`unknown flow ${flowId}`);
    this.session.flowId = flow.id;
    this.session.revision = flow.revision;
    this.session.vars = vars;
    delete this.session.returnTo;
    return this.enterNode(nodeId ?? flow.start);
  }

  private currentFlow(): FlowDefinition {
    return this.flows.flows[this.session.flowId]!;
  }

  private currentNode() {
    return this.currentFlow().nodes[this.session.nodeId]!;
  }

  private enterNode(nodeId: string): Sprint {
    const limit = this.env.maxStepsPerTurn ?? DEFAULT_MAX_STEPS;
    if (++this.steps > limit) {
      this.emit({ type: "session_reset", reason: "step_limit", createdOn: this.at });
      this.say({ key: "errors.try_again" });
      this.session = emptySession(this.flows, this.flows.entry.menu, this.session.locale);
      return this.done();
    }
    const flow = this.currentFlow();
    const node = flow.nodes[nodeId];
    if (!node) throw new Error(`flow ${flow.id}: unknown node ${nodeId}`);
    const s = this.session;
    s.nodeId = nodeId;
    delete s.wait;
    this.env.trace?.(flow.id, nodeId);

    switch (node.type) {
      case "say":
        this.sayAll(node.messages);
        return this.enterNode(node.next);
      case "ask":
        return this.ask(node);
      case "branch": {
        const match = node.cases.find((c) => evaluate(c.when, s.vars));
        return this.enterNode(match ? match.next : node.otherwise);
      }
      case "action":
        this.emit({
          type: "action_requested",
          action: node.action,
          params: resolveJsonParams(node.params, s.vars),
          createdOn: this.at,
        });
        s.status = "waiting";
        s.wait = this.newWait("action");
        return this.done();
      case "goto":
        return this.enterFlow(node.flow, node.node);
      case "end":
        this.sayAll(node.messages);
        s.status = "completed";
        s.vars = {}; // a finished flow keeps no answers
        delete s.returnTo;
        return this.done();
    }
  }

  private newWait(kind: "input" | "action") {
    const s = this.session;
    return {
      kind,
      fingerprint: fingerprint(s.flowId, s.nodeId, s.revision),
      expiresAt: new Date(this.env.now.getTime() + this.env.waitTimeoutMs).toISOString(),
      misses: 0,
    };
  }

  private sayAll(messages: FlowMessage[]): void {
    for (const m of messages) this.say(this.textOf(m), this.itemsOf(m));
  }

  private textOf(m: FlowMessage): TextRef {
    const params = resolveParams(m.params, this.session.vars, m.clip);
    return params ? { key: m.key, params } : { key: m.key };
  }

  private itemsOf(m: FlowMessage): { items?: TextRef[] } {
    const items = [
      ...(resolveItems(m.items, this.session.vars) ?? []),
      ...resolveLines(m.lines, this.session.vars),
    ];
    return items.length ? { items } : {};
  }

  private ask(node: AskNode): Sprint {
    this.session.status = "waiting";
    this.session.wait = this.newWait("input");
    this.renderQuestion(node, node.messages);
    return this.done();
  }

  /** The question's messages; buttons and the expected input ride on the last one. */
  private renderQuestion(node: AskNode, messages: FlowMessage[], lead?: TextRef): void {
    const texts = messages.map((m) => ({ text: this.textOf(m), ...this.itemsOf(m) }));
    if (lead) texts.unshift({ text: lead });
    if (texts.length === 0) texts.push({ text: { key: "common.choose" } });
    const buttons = this.buttonsFor(node);
    texts.forEach((t, i) => {
      const last = i === texts.length - 1;
      this.say(t.text, {
        ...(t.items ? { items: t.items } : {}),
        ...(last && buttons.length ? { buttons } : {}),
        ...(last ? { expects: node.input.kind } : {}),
      });
    });
  }

  private buttonsFor(node: AskNode): RenderedButton[] {
    const wait = this.session.wait!;
    const fp = wait.fingerprint;
    const buttons: RenderedButton[] =
      node.input.kind === "choice"
        ? node.input.choices.map((c) => ({ id: buttonId(fp, c.id), label: { key: c.label } }))
        : [];
    if (node.optional) {
      buttons.push({ id: buttonId(fp, SKIP_CHOICE), label: { key: node.skipLabel ?? "common.skip" } });
    }
    if (wait.offerMenu) buttons.push({ id: MENU_BUTTON_ID, label: { key: "common.menu_button" } });
    return buttons;
  }

  private reRender(lead?: TextRef): Sprint {
    const node = this.currentNode() as AskNode;
    this.renderQuestion(node, node.messages, lead);
    return this.done();
  }

  private answer(node: AskNode, input: EngineInput): Sprint {
    const wait = this.session.wait!;
    if (input.kind === "choice") {
      const parsed = parseButtonId(input.id);
      if (!parsed || parsed.fingerprint !== wait.fingerprint) {
        this.emit({ type: "stale_button_pressed", createdOn: this.at });
        return this.reRender({ key: "common.stale_button" });
      }
      if (parsed.choiceId === SKIP_CHOICE && node.optional) return this.accept(node, null);
      if (node.input.kind !== "choice") return this.reject(node);
      const choice = node.input.choices.find((c) => c.id === parsed.choiceId);
      if (!choice) return this.reject(node);
      if (node.saveNumberAs) this.session.vars[node.saveNumberAs] = null;
      return this.choose(node, choice);
    }

    if (input.kind === "text") {
      if (node.optional && this.isSkipWord(input.text, node)) return this.accept(node, null);
      // numbered menus (WhatsApp, terminal) list the menu button last once it is offered: its number opens the menu
      if (wait.offerMenu && this.isMenuNumber(input.text, this.buttonsFor(node).length)) {
        return this.enterFlow(this.flows.entry.menu);
      }
    }

    switch (node.input.kind) {
      case "choice": {
        if (input.kind !== "text") return this.reject(node);
        const choice = this.matchChoice(node.input.choices, input.text);
        if (choice) {
          if (node.saveNumberAs) {
            const typed = this.typedNumber(node.input.choices, input.text);
            this.session.vars[node.saveNumberAs] = typed ?? null;
          }
          return this.choose(node, choice);
        }
        // numbered menus (WhatsApp, terminal) list the skip button after the choices: its number skips
        if (node.optional && this.isMenuNumber(input.text, node.input.choices.length + 1)) {
          return this.accept(node, null);
        }
        const free = node.input.freeText;
        const typed = input.text.trim();
        if (free && !isBlank(typed) && typed.length >= free.minLength && typed.length <= free.maxLength) {
          // an answer in the person's own words: keep it, and leave the chosen value empty
          this.session.vars[free.saveAs] = typed;
          return this.accept(node, null, free.next);
        }
        return this.reject(node);
      }
      case "text": {
        if (input.kind !== "text" || isBlank(input.text)) return this.reject(node);
        const text = input.text.trim();
        if (text.length < node.input.minLength || text.length > node.input.maxLength)
          return this.reject(node);
        return this.accept(node, text);
      }
      case "number": {
        const value = input.kind === "text" ? parseNumber(input.text) : undefined;
        if (value === undefined || value < node.input.min || value > node.input.max) return this.reject(node);
        return this.accept(node, value);
      }
      case "location":
        if (input.kind === "location") {
          return this.accept(node, { latitude: input.latitude, longitude: input.longitude });
        }
        if (input.kind === "text" && !isBlank(input.text))
          return this.accept(node, { text: input.text.trim() });
        return this.reject(node);
      case "media":
        if (input.kind === "media") return this.accept(node, { mediaType: input.mediaType, ref: input.ref });
        return this.reject(node);
      case "code": {
        const code = input.kind === "text" ? parseCaseCode(input.text) : undefined;
        return code ? this.accept(node, code) : this.reject(node);
      }
    }
  }

  private isSkipWord(text: string, node: AskNode): boolean {
    const normalized = normalizeText(text);
    const labels = ["common.skip", ...(node.skipLabel ? [node.skipLabel] : [])].map((key) =>
      normalizeText(this.env.labelOf?.(key, this.session.locale) ?? "\u0000"),
    );
    if (node.input.kind === "choice" && this.matchChoice(node.input.choices, text)) return false; // a "No" choice wins
    return SKIP_WORDS.has(normalized) || labels.includes(normalized);
  }

  /**
   * Typed answers to a choice: its number ("2", "2.", "dos", "2️⃣"), its id, an alias or its label, or a
   * number inside a choice's range ("15", "tengo 15 años", "quince" for "14 a 17"). A bare small number is the
   * menu number; with "años" / "years" / "wata" it is an age.
   */
  private matchChoice(choices: Choice[], text: string): Choice | undefined {
    const normalized = normalizeText(text);
    if (!normalized && !/\d/.test(text)) return undefined;
    const byLabel = choices.find((c) => {
      const words = [c.id, ...(c.aliases ?? [])];
      const label = this.env.labelOf?.(c.label, this.session.locale);
      if (label) words.push(label);
      return words.some((w) => normalizeText(w) === normalized);
    });
    if (byLabel) return byLabel;
    const typed = this.typedNumber(choices, text);
    if (typed !== undefined) {
      const inRange = choices.find((c) => c.range && typed >= c.range[0] && typed <= c.range[1]);
      if (inRange) return inRange;
    }
    if (normalized.split(" ").length > 3) return undefined; // a sentence, not a menu number
    const n = parseNumber(text);
    return n !== undefined && n >= 1 && n <= choices.length ? choices[n - 1] : undefined;
  }

  /** A number typed for a choice with ranges, unless it is just a menu number. */
  private typedNumber(choices: Choice[], text: string): number | undefined {
    if (!choices.some((c) => c.range)) return undefined;
    const n = parseNumber(text);
    if (n === undefined) return undefined;
    const saysAge = /\b(anos?|years?|yrs?|wata\w*)\b/.test(normalizeText(text));
    const menuNumber = n >= 1 && n <= choices.length && normalizeText(text).split(" ").length <= 1;
    return menuNumber && !saysAge ? undefined : n;
  }

  private isMenuNumber(text: string, n: number): boolean {
    return normalizeText(text).split(" ").length <= 3 && parseNumber(text) === n;
  }

  private choose(node: AskNode, choice: Choice): Sprint {
    if (choice.locale) {
      this.session.locale = choice.locale;
      this.emit({ type: "locale_changed", locale: choice.locale, createdOn: this.at });
    }
    const value = choice.value ?? choice.id;
    if (choice.returnHere || choice.returnTo) {
      // An "edit" button on a review screen: jump to the question, then come back here (or through `returnTo`).
      this.session.returnTo = choice.returnTo ?? this.session.nodeId;
      return this.enterNode(choice.next ?? node.next!);
    }
    return this.accept(node, value, choice.next);
  }

  private accept(node: AskNode, value: Json, next?: string): Sprint {
    if (node.saveAs) this.session.vars[node.saveAs] = value;
    const returnTo = this.session.returnTo;
    if (returnTo) {
      delete this.session.returnTo;
      return this.enterNode(returnTo);
    }
    const target = next ?? node.next;
    if (!target) throw new Error(`flow ${this.session.flowId}: node ${this.session.nodeId} has no next`);
    return this.enterNode(target);
  }

  private reject(node: AskNode): Sprint {
    const wait = this.session.wait!;
    wait.misses += 1;
    this.emit({ type: "input_rejected", misses: wait.misses, createdOn: this.at });
    if (wait.misses >= MISSES_BEFORE_HELP) {
      wait.misses = 0;
      wait.offerMenu = true; // from now on this question also shows a "Menu" button
      return this.reRender({ key: "common.too_many_misses" });
    }
    const lead = { key: node.reask ?? `common.reask_${node.input.kind}` };
    const buttons = this.buttonsFor(node);
    this.say(lead, { ...(buttons.length ? { buttons } : {}), expects: node.input.kind });
    return this.done();
  }

  private finishAction(input: Extract<EngineInput, { kind: "action_result" }>): Sprint {
    const node = this.currentNode();
    if (node.type !== "action") return this.enterFlow(this.flows.entry.menu);
    if (!input.ok) {
      if (node.onError) return this.enterNode(node.onError);
      this.say({ key: "errors.try_again" });
      return this.enterFlow(this.flows.entry.menu);
    }
    this.session.vars[node.saveAs] = input.value;
    return this.enterNode(node.next);
  }
}
