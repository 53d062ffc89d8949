import type { CaseSummary } from "../../app/console/ports.ts";
import type { ReasonRef } from "../../app/ports.ts";
import type { Directory } from "../../directory/index.ts";
import type { Translator } from "../../i18n/i18n.ts";
import { DEPARTMENTS, PROVINCES } from "../peru-geo.ts";

/** Spanish labels, place names and dates for the console's pages (the console UI is Spanish). */
export interface Presenter {
  /** a `console.*` text */
  t(key: string, params?: Record<string, unknown>): string;
  /** any i18n key (triage reasons, flow labels) in Spanish */
  raw(key: string, params?: Record<string, unknown>): string;
  has(key: string): boolean;
  reason(ref: ReasonRef): string;
  department(code: string | undefined): string | undefined;
  province(code: string | undefined): string | undefined;
  district(code: string | undefined): string | undefined;
  /** "Inambari, Tambopata (Madre de Dios)" or the coarsest part known */
  place(c: Pick<CaseSummary, "districtCode" | "provinceCode" | "departmentCode">): string | undefined;
  dateTime(date: Date): string;
  date(date: Date): string;
  /** "hace 3 h" relative to now */
  age(date: Date, now: Date): string;
}

const DEPARTMENT_NAMES = new Map(DEPARTMENTS.map(([code, name]) => [code, name]));
const PROVINCE_NAMES = new Map(PROVINCES.map(([code, name]) => [code, name]));

function titleCase(name: string): string {
  return name.toLowerCase().replace(/(^|[\s-])(\p{L})/gu, (_, sep: string, ch: string) => sep + ch.toUpperCase());
}

export function createPresenter(translator: Translator, directory: Pick<Directory, "districtByCode">): Presenter {
  const dateTime = new Intl.DateTimeFormat("es-PE", { timeZone: "America/Lima", dateStyle: "medium", timeStyle: "short" });
  const date = new Intl.DateTimeFormat("es-PE", { timeZone: "America/Lima", dateStyle: "medium" });
  const presenter: Presenter = {
    t: (key, params) => translator.t("es", `console.${key}`, params),
    raw: (key, params) => translator.t("es", key, params),
    has: (key) => translator.has(key),
    reason: (ref) => translator.t("es", ref.key, ref.params),
    department: (code) => (code ? DEPARTMENT_NAMES.get(code) : undefined),
    province: (code) => (code ? PROVINCE_NAMES.get(code) : undefined),
    district(code) {
      const d = code ? directory.districtByCode(code) : undefined;
      return d ? titleCase(d.name) : undefined;
    },
    place(c) {
      const department = presenter.department(c.departmentCode);
      const province = presenter.province(c.provinceCode);
      const district = presenter.district(c.districtCode);
      if (district && province) return `${district}, ${province} (${department ?? ""})`;
      if (province) return `${province} (${department ?? ""})`;
      return department;
    },
    dateTime: (d) => dateTime.format(d),
    date: (d) => date.format(d),
    age(d, now) {
      const minutes = Math.max(0, Math.round((now.getTime() - d.getTime()) / 60_000));
      if (minutes < 60) return `hace ${minutes} min`;
      const hours = Math.round(minutes / 60);
      if (hours < 48) return `hace ${hours} h`;
      return `hace ${Math.round(hours / 24)} días`;
    },
  };
  return presenter;
}
