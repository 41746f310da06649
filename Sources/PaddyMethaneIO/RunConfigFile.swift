public import PaddyMethane
import Foundation
import Yams

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
/// ```
public struct RunConfigFile: Sendable {
    public var seasonsByRegion: [String: [MonthDayWindow]] = [:]
    public var amendmentsByRegion: [String: [OrganicAmendment]] = [:]
    public var waterSupplyByRegion: [String: WaterSupply] = [:]

    /// Puts these values into a run configuration (values in the input file still come first).
    public func apply(to configuration: inout RunConfiguration) {
        configuration.seasonsByRegion = seasonsByRegion
        configuration.amendmentsByRegion = amendmentsByRegion
        configuration.waterSupplyByRegion = waterSupplyByRegion
    }

    public static func load(_ path: String) throws -> RunConfigFile {
        func fail(_ m: String) -> ScenarioFileError { ScenarioFileError(path: path, message: m) }
        let spec: Spec
        do { spec = try YAMLDecoder().decode(Spec.self, from: try String(contentsOfFile: path, encoding: .utf8)) } catch {
            throw fail("is not a valid run configuration: \(error)")
        }
        var out = RunConfigFile()
        for (region, list) in spec.seasons ?? [:] {
            out.seasonsByRegion[region] = try list.map { w in
                guard let m = MonthDayWindow(start: w.start, end: w.end) else { throw fail("seasons.\(region): \(w.start)…\(w.end) is not MM-DD to MM-DD") }
                return m
            }
        }
        for (region, list) in spec.amendments ?? [:] {
            out.amendmentsByRegion[region] = try list.map { a in
                guard let type = AmendmentType(token: a.type), a.rate_t_ha.isFinite, a.rate_t_ha >= 0 else {
                    throw fail("amendments.\(region): \(a.type) at \(a.rate_t_ha) t/ha is not a known type with a non-negative rate")
                }
                return OrganicAmendment(type: type, rateTPerHa: a.rate_t_ha)
            }
        }
        for (region, token) in spec.water_supply ?? [:] {
            guard let supply = WaterSupply(token: token) else {
                throw fail("water_supply.\(region): \(token) is not one of \(WaterSupply.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            out.waterSupplyByRegion[region] = supply
        }
        return out
    }

    private struct Spec: Decodable {
        var seasons: [String: [Window]]?
        var amendments: [String: [Amendment]]?
        var water_supply: [String: String]?
    }
    private struct Window: Decodable { var start: String; var end: String }
    private struct Amendment: Decodable { var type: String; var rate_t_ha: Double }
}
