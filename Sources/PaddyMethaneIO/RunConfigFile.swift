public import PaddyMethane
import Foundation

/// A run configuration file (YAML): cultivation periods, organic amendments and water supply by
/// region, for paddies whose input does not give them. Region "*" applies to all other regions.
///
/// ```yaml
/// seasons:
///   "*": [{start: "06-01", end: "10-31"}, {start: "12-01", end: "03-31"}]
/// amendments:
///   Battambang: [{type: straw_short, rate_t_ha: 2.5}]
/// water_supply:
///   Mondulkiri: upland
/// activity_data_uncertainty:
///   "*": {area_pct: 5, season_length_pct: 10}
/// season_calendar:          # named seasons by harvest month, for region_seasons.csv
///   wet: [9, 10, 11, 12, 1]
///   dry: [2, 3, 4, 5, 6, 7, 8]
/// nitrogen_rate_kg_ha:
///   "*": 90
/// ```
public struct RunConfigFile: Sendable {
    public var seasonsByRegion: [String: [MonthDayWindow]] = [:]
    /// Named seasons by harvest month for the region × season summaries; nil: by harvest month.
    public var seasonCalendar: SeasonCalendar?
    public var amendmentsByRegion: [String: [OrganicAmendment]] = [:]
    public var waterSupplyByRegion: [String: WaterSupply] = [:]
    /// 95 % half-widths [%] of harvested area and season length by region (Approach 1, Monte Carlo).
    public var activityUncertaintyByRegion: [String: ActivityUncertaintyPercent] = [:]
    /// Nitrogen applied per season [kg N ha⁻¹], for the N2O of crediting.
    public var nitrogenRateByRegion: [String: Double] = [:]
    /// The regions the file names (not "*"): each must be the region of some paddy of the input.
    public var namedRegions: [RegionReference] = []

    /// Puts these values into a run configuration (values in the input file still come first).
    public func apply(to configuration: inout RunConfiguration) {
        configuration.seasonsByRegion = seasonsByRegion
        configuration.amendmentsByRegion = amendmentsByRegion
        configuration.waterSupplyByRegion = waterSupplyByRegion
        configuration.activityUncertaintyByRegion = activityUncertaintyByRegion
        configuration.seasonCalendar = seasonCalendar
        configuration.nitrogenRateByRegion = nitrogenRateByRegion
    }

    public static func load(_ path: String) throws -> RunConfigFile {
        func fail(_ m: String) -> ScenarioFileError { ScenarioFileError(path: path, message: m) }
        let spec = try StrictYAML.decodeFile(Spec.self, path: path)
        var out = RunConfigFile()
        out.namedRegions = RegionReference.table((spec.seasons ?? [:]).keys, file: path, keyPath: "seasons")
            + RegionReference.table((spec.amendments ?? [:]).keys, file: path, keyPath: "amendments")
            + RegionReference.table((spec.water_supply ?? [:]).keys, file: path, keyPath: "water_supply")
            + RegionReference.table((spec.activity_data_uncertainty ?? [:]).keys, file: path, keyPath: "activity_data_uncertainty")
            + RegionReference.table((spec.nitrogen_rate_kg_ha ?? [:]).keys, file: path, keyPath: "nitrogen_rate_kg_ha")
        for (region, list) in spec.seasons ?? [:] {
            out.seasonsByRegion[region] = try list.map { w in
                guard let m = MonthDayWindow(start: w.start, end: w.end) else { throw fail("seasons.\(region): \(w.start)…\(w.end) is not MM-DD to MM-DD") }
                return m
            }
        }
        for (region, list) in spec.amendments ?? [:] {
            out.amendmentsByRegion[region] = try list.map { a in
                guard a.rate_t_ha.isFinite, a.rate_t_ha >= 0 else {
                    throw fail("amendments.\(region): \(a.type.rawValue) at \(a.rate_t_ha) t/ha: the rate must be a non-negative number")
                }
                return OrganicAmendment(type: a.type, rateTPerHa: a.rate_t_ha)
            }
        }
        out.waterSupplyByRegion = spec.water_supply ?? [:]
        for (region, u) in spec.activity_data_uncertainty ?? [:] {
            for (key, pct) in [("area_pct", u.area_pct), ("season_length_pct", u.season_length_pct)] {
                guard let pct else { continue }
                guard pct.isFinite, (0...100).contains(pct) else {
                    throw fail("activity_data_uncertainty.\(region).\(key): \(pct) is not a percentage between 0 and 100 (the half-width of the 95 % interval)")
                }
            }
            out.activityUncertaintyByRegion[region] = ActivityUncertaintyPercent(areaPct: u.area_pct, seasonLengthPct: u.season_length_pct)
        }
        if let calendar = spec.season_calendar {
            do { out.seasonCalendar = try SeasonCalendar(harvestMonths: calendar) } catch { throw fail("season_calendar: \(error.description)") }
        }
        for (region, rate) in spec.nitrogen_rate_kg_ha ?? [:] where !(rate.isFinite && rate >= 0) {
            throw fail("nitrogen_rate_kg_ha.\(region): \(rate) kg N/ha: the rate must be a non-negative number")
        }
        out.nitrogenRateByRegion = spec.nitrogen_rate_kg_ha ?? [:]
        return out
    }

    private struct Spec: Decodable {
        var seasons: [String: [Window]]?
        var amendments: [String: [Amendment]]?
        var water_supply: [String: WaterSupply]?
        var activity_data_uncertainty: [String: Uncertainty]?
        var season_calendar: [String: [Int]]?
        var nitrogen_rate_kg_ha: [String: Double]?
    }
    private struct Uncertainty: Decodable { var area_pct: Double?; var season_length_pct: Double? }
    private struct Window: Decodable { var start: String; var end: String }
    private struct Amendment: Decodable { var type: AmendmentType; var rate_t_ha: Double }
}
