import type { FlowDefinition, FlowMessage, FlowNode, FlowSet } from "./schema.ts";

export interface FlowCheckOptions {
  /** true when the i18n key exists in the base language */
  hasKey: (key: string) => boolean;
  /** the actions the app knows how to run */
  actions: readonly string[];
}

/**
 * Static checks a JSON schema cannot do: every reference points to a node or flow that exists, every node is
 * reachable from the start, every text key exists, every action is known, every question can move on.
 * Returns the problems as readable lines (empty when the set is sound).
 */
export function checkFlowSet(set: FlowSet, options: FlowCheckOptions): string[] {
  const problems: string[] = [];
  for (const entry of Object.values(set.entry)) {
    if (entry !== undefined && !set.flows[entry]) problems.push(`entry flow ${entry} does not exist`);
  }
  for (const flow of Object.values(set.flows)) problems.push(...checkFlow(flow, set, options));
  return problems;
}

function checkFlow(flow: FlowDefinition, set: FlowSet, options: FlowCheckOptions): string[] {
  const problems: string[] = [];
  const at = (node: string) => `flow ${flow.id} node ${node}`;
  const nodeExists = (id: string | undefined) => id !== undefined && id in flow.nodes;
  if (!nodeExists(flow.start)) problems.push(`flow ${flow.id}: start node ${flow.start} does not exist`);

  const checkKeys = (id: string, messages: FlowMessage[]) => {
    for (const m of messages) {
      for (const key of [m.key, ...(m.lines ?? []).map((l) => l.key)]) {
        if (!options.hasKey(key)) problems.push(`${at(id)}: missing text ${key}`);
      }
    }
  };

  for (const [id, node] of Object.entries(flow.nodes)) {
    for (const target of targetsOf(node)) {
      if (!nodeExists(target)) problems.push(`${at(id)}: unknown node ${target}`);
    }
    if ("messages" in node) checkKeys(id, node.messages);
    if (node.type === "ask") {
      if (node.input.kind === "choice") {
        for (const c of node.input.choices) {
          if (!options.hasKey(c.label)) problems.push(`${at(id)}: missing text ${c.label}`);
          if (!c.next && !node.next) problems.push(`${at(id)}: choice ${c.id} has nowhere to go`);
        }
        const ids = node.input.choices.map((c) => c.id);
        if (new Set(ids).size !== ids.length) problems.push(`${at(id)}: duplicate choice ids`);
      } else if (!node.next) {
        problems.push(`${at(id)}: question has no next node`);
      }
      if (node.reask && !options.hasKey(node.reask)) problems.push(`${at(id)}: missing text ${node.reask}`);
      if (node.skipLabel && !options.hasKey(node.skipLabel)) problems.push(`${at(id)}: missing text ${node.skipLabel}`);
      if (node.skipLabel && !node.optional) problems.push(`${at(id)}: skipLabel on a question that cannot be skipped`);
      if (!node.reask && !options.hasKey(`common.reask_${node.input.kind}`)) {
        problems.push(`${at(id)}: missing text common.reask_${node.input.kind}`);
      }
    }
    if (node.type === "action" && !options.actions.includes(node.action)) {
      problems.push(`${at(id)}: unknown action ${node.action}`);
    }
    if (node.type === "goto") {
      const target = set.flows[node.flow];
      if (!target) problems.push(`${at(id)}: unknown flow ${node.flow}`);
      else if (node.node && !(node.node in target.nodes))
        problems.push(`${at(id)}: unknown node ${node.flow}.${node.node}`);
    }
  }

  const reachable = new Set<string>();
  const queue = [flow.start];
  while (queue.length) {
    const id = queue.pop()!;
    if (reachable.has(id) || !flow.nodes[id]) continue;
    reachable.add(id);
    queue.push(...targetsOf(flow.nodes[id]!));
  }
  for (const id of Object.keys(flow.nodes)) {
    if (!reachable.has(id)) problems.push(`flow ${flow.id}: node ${id} is unreachable`);
  }
  return problems;
}

/** Every node id a node can move to within its own flow. */
export function targetsOf(node: FlowNode): string[] {
  switch (node.type) {
    case "say":
      return [node.next];
    case "ask": {
      const choiceTargets =
        node.input.kind === "choice"
          ? [...node.input.choices.flatMap((c) => [c.next, c.returnTo]), node.input.freeText?.next]
          : [];
      return [node.next, ...choiceTargets].filter((t): t is string => t !== undefined);
    }
    case "branch":
      return [...node.cases.map((c) => c.next), node.otherwise];
    case "action":
      return [node.next, node.onError].filter((t): t is string => t !== undefined);
    case "goto":
    case "end":
      return [];
  }
}
