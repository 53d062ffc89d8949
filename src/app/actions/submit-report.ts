import { type Directory, serviceLine } from "../../directory/index.ts";
import type { Json } from "../../flows/engine/types.ts";
import { mediaIdsIn } from "../media/media-ref.ts";
import type { Identity, Report } from "../ports.ts";
import type { ActionHandler } from "./action-runner.ts";
import { answersFromParams, langOf, type RiskAssessor, textOf } from "./assess-risk.ts";
import { placeFromAnswer } from "./resolve-place.ts";

export interface SubmitReportDeps {
  assessor: RiskAssessor;
  directory: Directory;
  identity: Identity;
  /** called after the report is stored (e.g. the console's live queue); must not throw */
  onCreated?: (report: Report) => void;
}

/** What the report keeps of the answers (encrypted at rest); `media` is the platform's photo reference. */
const BODY_FIELDS = [
  "kind",
  "description",
  "place",
  "when",
  "minor",
  "ageBand",
  "age",
  "count",
  "venue",
  "plate",
  "account",
  "phone",
  "details",
  "media",
] as const;


/**
 * `submit_report`: triage the answers, store the report with a fresh case code and return the receipt.
 * Exactly once per inbound message: a redelivered message finds the report it already created.
 */
export function submitReport(deps: SubmitReportDeps): ActionHandler {
  return async (params, context) => {
    const existing = await context.tx.reports.findBySourceKey(context.sourceKey);
    // Only its hash was kept: a repeat shows the same report's code masked but for the tail (in practice the
    // dedupe record answers a redelivered message before this runs).
    if (existing) return receipt(existing, `····-····-····-${existing.codeTail}`, deps.directory);

    const triage = deps.assessor.assess({
      text: textOf(params),
      lang: langOf(context.locale()),
      answers: answersFromParams(params),
    });
    const place = placeFromAnswer(deps.directory, params.place);
    const body: Record<string, Json> = {};
    for (const field of BODY_FIELDS)
      if (params[field] !== undefined && params[field] !== null) body[field] = params[field];
    const flow = context.flow();
    const caseCode = deps.identity.newCaseCode();
    const report = await context.tx.reports.create({
      id: deps.identity.newId(),
      codeHash: deps.identity.caseCodeHash(caseCode),
      codeTail: caseCode.slice(-4),
      sourceKey: context.sourceKey,
      channel: context.channel,
      locale: context.locale(),
      flowId: flow.id,
      flowRevision: flow.revision,
      kind: typeof params.kind === "string" ? params.kind : "other",
      body,
      urgency: triage.urgency,
      categories: triage.categories,
      minor: triage.minor,
      referrals: triage.referrals,
      reasons: triage.reasons,
      departmentCode: place?.departmentCode,
      provinceCode: place?.provinceCode,
      districtCode: place?.districtCode,
      reporterLink: context.conversationId,
      createdAt: context.now,
    });
    // photos stored by the channel before the report existed (`media:<id>` answers, whatever the question
    // saved them as) now belong to it
    await context.tx.media.attach(mediaIdsIn(params), report.id);
    await context.tx.audit.record({
      actor: "bot",
      action: "report.created",
      subject: report.id,
      details: { urgency: report.urgency, channel: report.channel },
    });
    const onCreated = deps.onCreated;
    if (onCreated) context.afterCommit(() => onCreated(report));
    return receipt(report, caseCode, deps.directory);
  };
}

/**
 * The receipt: the case code and where to turn, with phones and hours from the directory where a service is
 * the code's own line (105, 1818, Línea 100…), else the referral's explanation (e.g. CEM: "Línea 100 tells you
 * the nearest one").
 */
function receipt(report: Report, caseCode: string, directory: Directory): Json {
  const lines = report.referrals.map((code): Json => {
    const own = directory.forReferral(code).find((s) => s.referralCodes[0] === code);
    return own ? (serviceLine(own) as unknown as Json) : { key: `referral.${code}` };
  });
  return { caseCode, urgency: report.urgency, referralLines: lines };
}
