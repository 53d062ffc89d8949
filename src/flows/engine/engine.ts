import { parseCaseCode } from "../../core/case-code.ts";
import type { AskNode, Choice, FlowDefinition, FlowMessage, FlowSet } from "../schema.ts";
import { buttonId, fingerprint, parseButtonId, SKIP_CHOICE } from "./fingerprint.ts";
import { type GlobalCommand, matchGlobalCommand } from "./global-commands.ts";
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
import { evaluate, resolveItems, resolveJsonParams, resolveParams } from "./variables.ts";

const DEFAULT_MAX_STEPS = 100;
const MISSES_BEFORE_HELP = 3;

/** A fresh conversation: the welcome flow. `input` only matters when it is a command (e.g. "borrar"). */
export function start(
  flows: FlowSet,
  locale: string,
  input: EngineInput | undefined,
  env: EngineEnv,
): Sprint {
  const turn = new Turn(flows, env, emptySession(flows, flows.entry.welcome, locale));
  if (input?.kind === "text") {
    const command = matchGlobalCommand(input.text);
    if (command && command !== "start") return turn.command(command);
  }
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
    const command = input.kind === "text" ? matchGlobalCommand(input.text) : undefined;

    if (s.status === "waiting" && s.wait && new Date(s.wait.expiresAt) <= this.env.now) {
      this.emit({ type: "session_reset", reason: "expired", createdOn: this.at });
      this.say({ key: "common.expired" });
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

  command(command: GlobalCommand): Sprint {
    switch (command) {
      case "exit":
        this.emit({ type: "conversation_wiped", createdOn: this.at });
        this.say({ key: "common.exit_done" });
        this.session = { ...emptySession(this.flows, this.flows.entry.menu, this.session.locale) };
        return this.done();
      case "help":
        this.say({ key: "common.help" });
        if (this.session.status === "waiting" && this.session.wait?.kind === "input") return this.reRender();
        return this.enterFlow(this.flows.entry.menu);
      case "language":
        return this.enterFlow(this.flows.entry.language);
      case "start":
        if (this.session.status === "waiting") return this.enterFlow(this.flows.entry.menu);
        return this.enterFlow(this.flows.entry.welcome);
      case "menu":
        return this.enterFlow(this.flows.entry.menu);
    }
  }

  enterFlow(flowId: string, nodeId?: string): Sprint {
    const flow = this.flows.flows[flowId];
    if (!flow) throw new Error(`unknown flow ${flowId}`);
    this.session.flowId = flow.id;
    this.session.revision = flow.revision;
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
    const params = resolveParams(m.params, this.session.vars);
    return params ? { key: m.key, params } : { key: m.key };
  }

  private itemsOf(m: FlowMessage): { items?: TextRef[] } {
    const items = resolveItems(m.items, this.session.vars);
    return items ? { items } : {};
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
    const fp = this.session.wait!.fingerprint;
    const buttons: RenderedButton[] =
      node.input.kind === "choice"
        ? node.input.choices.map((c) => ({ id: buttonId(fp, c.id), label: { key: c.label } }))
        : [];
    if (node.optional) buttons.push({ id: buttonId(fp, SKIP_CHOICE), label: { key: "common.skip" } });
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
      return choice ? this.choose(node, choice) : this.reject(node);
    }

    if (input.kind === "text" && node.optional && this.isSkipWord(input.text)) return this.accept(node, null);

    switch (node.input.kind) {
      case "choice": {
        const choice = input.kind === "text" ? this.matchChoice(node.input.choices, input.text) : undefined;
        if (choice) return this.choose(node, choice);
        // numbered menus (WhatsApp, terminal) list the skip button last: its number skips
        const skipNumber = node.optional && input.kind === "text" && this.isMenuNumber(input.text, node.input.choices.length + 1);
        return skipNumber ? this.accept(node, null) : this.reject(node);
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

  private isSkipWord(text: string): boolean {
    const normalized = normalizeText(text);
    const label = this.env.labelOf?.("common.skip", this.session.locale);
    return (
      ["saltar", "omitir", "skip", "no se", "paway", "-"].includes(normalized) ||
      normalized === normalizeText(label ?? "\u0000")
    );
  }

  /** Typed answers to a choice: its number ("2", "2.", "dos", "2️⃣"), its id, an alias or its label. */
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
    if (normalized.split(" ").length > 3) return undefined; // a sentence, not a menu number
    const n = parseNumber(text);
    return n !== undefined && n >= 1 && n <= choices.length ? choices[n - 1] : undefined;
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
    if (choice.returnHere) {
      // An "edit" button on a review screen: jump to the question, then come back here.
      this.session.returnTo = this.session.nodeId;
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
