import type { Department, District, Place, Province } from "./types.ts";

/** Lookups over the ubigeo tables, built once per directory. */
export interface Geography {
  readonly districts: readonly District[];
  district(code: string): District | undefined;
  province(code: string): Province | undefined;
  department(code: string): Department | undefined;
  /**
   * The point that stands for an INEI code: a district's capital, or for an area code (`DDPP00` province,
   * `DD0000` department) that area's capital. Undefined for unknown codes.
   */
  pointOf(ubigeo: string): { latitude: number; longitude: number } | undefined;
  /** A Place for a district, at the given point (defaults to the district capital). */
  toPlace(
    district: District,
    matchedBy: Place["matchedBy"],
    point?: { latitude: number; longitude: number },
  ): Place;
}

/** Indexes the three ubigeo tables by INEI code. */
export function createGeography(
  districts: readonly District[],
  provinces: readonly Province[],
  departments: readonly Department[],
): Geography {
  const districtByCode = new Map(districts.map((d) => [d.code, d]));
  const provinceByCode = new Map(provinces.map((p) => [p.code, p]));
  const departmentByCode = new Map(departments.map((d) => [d.code, d]));
  return {
    districts,
    district: (code) => districtByCode.get(code),
    province: (code) => provinceByCode.get(code),
    department: (code) => departmentByCode.get(code),
    pointOf(ubigeo) {
      const area = districtByCode.get(ubigeo) ?? provinceByCode.get(ubigeo) ?? departmentByCode.get(ubigeo);
      return area ? { latitude: area.latitude, longitude: area.longitude } : undefined;
    },
    toPlace(district, matchedBy, point = district) {
      return {
        districtCode: district.code,
        district: district.name,
        province: district.province,
        department: district.department,
        provinceCode: district.provinceCode,
        departmentCode: district.departmentCode,
        latitude: point.latitude,
        longitude: point.longitude,
        matchedBy,
      };
    },
  };
}
