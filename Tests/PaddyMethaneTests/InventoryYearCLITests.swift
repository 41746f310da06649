import Foundation
import Testing
import PaddyMethaneIO

/// `--inventory-year`, paddy attributes, `--group-by`, per-hectare columns, emission intensity
/// and the region × season summary, end to end through the built `scenario-runner` on a CDL file
/// written as netCDF4-python writes one (string ids and attributes, an integer and a char-array
/// attribute, int64 times, NaN fill, season dates per (paddy, season) with a fill for the unused one).
///
/// Three paddies of Takeo, daily levels from 2023-06-01: flooded (5 cm) inside their given seasons,
/// −10 cm outside. Seasons S1 2023-06-10…2023-09-30 (harvest 2023) and S2 2023-12-15…2024-03-31
/// (harvest 2024: 17 + 31 + 29 + 31 = 108 days); P3 has S1 only.
@Suite(.serialized) struct InventoryYearCLITests {
    static let days = 420   // 2023-06-01 … 2024-07-24

    /// Day number (days since 2023-06-01) of a date in 2023–2024.
    static func day(_ y: Int, _ m: Int, _ d: Int) -> Int {
        let cum2023 = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334]
        let cum2024 = [0, 31, 60, 91, 121, 152, 182, 213, 244, 274, 305, 335]
        let ordinal = y == 2023 ? cum2023[m - 1] + d - 1 : 365 + cum2024[m - 1] + d - 1
        return ordinal - (cum2023[5])   // 2023-06-01 is ordinal 151
    }

    static let s1 = (day(2023, 6, 10), day(2023, 9, 30)), s2 = (day(2023, 12, 15), day(2024, 3, 31))

    static func cdl() -> String {
        func level(_ seasons: [(Int, Int)]) -> String {
            (0..<days).map { t in seasons.contains { t >= $0.0 && t <= $0.1 } ? "5" : "-10" }.joined(separator: ", ")
        }
        return """
        netcdf inventory_year {
        dimensions:
        \tpaddy = 3 ;
        \tseason = 2 ;
        \tnchar = 4 ;
        \ttime = \(days) ;
        variables:
        \tstring paddy_id(paddy) ;
        \t\tpaddy_id:cf_role = "timeseries_id" ;
        \tstring region(paddy) ;
        \tstring treatment(paddy) ;
        \tint block(paddy) ;
        \t\tblock:_FillValue = -1 ;
        \t\tblock:paddymethane_role = "attribute" ;
        \tchar site(paddy, nchar) ;
        \t\tsite:paddymethane_role = "attribute" ;
        \tdouble area(paddy) ;
        \t\tarea:units = "ha" ;
        \tdouble grain_yield(paddy) ;
        \t\tgrain_yield:units = "t ha-1" ;
        \t\tgrain_yield:_FillValue = NaN ;
        \tint64 season_start(paddy, season) ;
        \t\tseason_start:units = "days since 2023-06-01" ;
        \t\tseason_start:_FillValue = -9223372036854775806L ;
        \tint64 season_end(paddy, season) ;
        \t\tseason_end:units = "days since 2023-06-01" ;
        \t\tseason_end:_FillValue = -9223372036854775806L ;
        \tint64 time(time) ;
        \t\ttime:units = "days since 2023-06-01" ;
        \t\ttime:calendar = "proleptic_gregorian" ;
        \tfloat water_level(paddy, time) ;
        \t\twater_level:_FillValue = NaNf ;
        \t\twater_level:units = "cm" ;
        // global attributes:
        \t\t:Conventions = "CF-1.8" ;
        \t\t:featureType = "timeSeries" ;
        data:
        \tpaddy_id = "P1", "P2", "P3" ;
        \tregion = "Takeo", "Takeo", "Takeo" ;
        \ttreatment = "control", "straw", "control" ;
        \tblock = 1, 2, _ ;
        \tsite = "N-01", "S-2", "" ;
        \tarea = 2, 1, 0.5 ;
        \tgrain_yield = 5, NaN, NaN ;
        \tseason_start = \(s1.0), \(s2.0), \(s1.0), \(s2.0), \(s1.0), _ ;
        \tseason_end = \(s1.1), \(s2.1), \(s1.1), \(s2.1), \(s1.1), _ ;
        \ttime = \((0..<days).map(String.init).joined(separator: ", ")) ;
        \twater_level = \(level([s1, s2])), \(level([s1, s2])), \(level([s1])) ;
        }
        """
    }

    /// The rows of a CSV report as dictionaries by header (no quoted fields in these reports).
    func table(_ dir: URL, _ name: String) throws -> [[String: String]] {
        let lines = try String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8).split(separator: "\n").map(String.init)
        let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        return lines.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init))) }
    }

    func number(_ s: String?) -> Double { s.flatMap(Double.init) ?? .nan }

    @Test(.enabled(if: cliToolsBuilt)) func inventoryYearAttributesAndBreakdowns() throws {
        let input = try ncgen(Self.cdl(), name: "inventory_year")
        let dir = try makeFixtureDirectory()
        let config = dir.appendingPathComponent("calendar.yaml")
        try "season_calendar:\n  wet: [6, 7, 8, 9, 10, 11]\n  dry: [12, 1, 2, 3, 4, 5]\n".write(to: config, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("out")
        let r = try scenarioRunner("run", ["--input", input, "--out", out.path, "--inventory-year", "2024", "--group-by", "treatment",
                                           "--config", config.path, "--draws", "200", "--quiet"])
        // Seasons of 2023 are out of scope, not rejected: exit 0.
        #expect(r.status == 0, "\(r.summary)")

        // S2 of P1 and P2: continuously flooded, after a 75-day dry fallow (SF_p 1), global EF_c 1.19:
        // CH4 = 1.19 × 108 d = 128.52 kg ha⁻¹; CO2e = 128.52 × 28 / 1000 = 3.59856 t ha⁻¹.
        let seasons = try table(out, "paddy_seasons.csv")
        #expect(seasons.map { $0["paddy_id"]! } == ["P1", "P2"])
        for s in seasons {
            #expect(s["season_end"] == "2024-03-31" && s["days"] == "108" && s["water_regime"] == "continuously_flooded")
            #expect(abs(number(s["ch4_kg_ha"]) - 128.52) < 1e-6)
            #expect(abs(number(s["co2e_t_ha"]) - 3.59856) < 1e-6)
        }
        // Emission intensity of P1: 3.59856 t CO2e ha⁻¹ × 2 ha / (5 t ha⁻¹ × 2 ha) = 0.719712 kg per kg.
        #expect(abs(number(seasons[0]["co2e_kg_per_kg_grain"]) - 0.719712) < 1e-6)
        #expect(seasons[1]["co2e_kg_per_kg_grain"] == "" && seasons[1]["grain_yield_t_ha"] == "")
        // Attributes after the fixed columns: the asked-for one, then the marked one.
        let header = try String(contentsOf: out.appendingPathComponent("paddy_seasons.csv"), encoding: .utf8).prefix { $0 != "\n" }
        #expect(header.hasSuffix(",co2e_kg_per_kg_grain,treatment,block,site"), "\(header)")
        #expect(seasons[0]["treatment"] == "control" && seasons[0]["block"] == "1" && seasons[1]["block"] == "2")
        // A char array attribute, as netCDF4-python writes fixed-width text.
        #expect(seasons[0]["site"] == "N-01" && seasons[1]["site"] == "S-2")

        // Out of scope: the three S1 seasons, harvested 2023-09-30.
        let outside = try table(out, "out_of_scope.csv")
        #expect(outside.map { $0["paddy_id"]! } == ["P1", "P2", "P3"])
        #expect(outside.allSatisfy { $0["harvest_year"] == "2023" && $0["season_end"] == "2023-09-30" })
        #expect(outside[0]["reason"] == "season end (harvest) 2023-09-30 is in 2023; the inventory year is 2024")
        #expect(try String(contentsOf: out.appendingPathComponent("rejected.csv"), encoding: .utf8).split(separator: "\n").count == 1)

        // Manifest: the year, P3 out of scope, 385.56 kg = 128.52 × 3 ha in the totals.
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("manifest.json"))) as! [String: Any]
        #expect(manifest["inventory_year"] as? Int == 2024)
        #expect(manifest["paddies_out_of_scope"] as? Int == 1 && manifest["seasons_out_of_scope"] as? Int == 3)
        #expect(manifest["paddy_seasons"] as? Int == 2 && manifest["reconciled"] as? Bool == true)
        #expect(abs((manifest["total_ch4_kg"] as? Double ?? 0) - 385.56) < 1e-6)

        // CRT: continuously flooded 3 ha, 0.00038556 kt, IEF 128.52 / 10 = 12.852 g m⁻²; single aeration NO.
        let crt = try table(out, "crt_3c.csv")
        let cf = try #require(crt.first { $0["code"] == "3.C.1.a" })
        #expect(cf["inventory_year"] == "2024" && cf["paddy_seasons"] == "2")
        #expect(abs(number(cf["ch4_kt"]) - 0.00038556) < 1e-12 && abs(number(cf["implied_ef_g_m2"]) - 12.852) < 1e-6)
        #expect(crt.first { $0["code"] == "3.C.1.b.i" }?["ch4_kt"] == "NO")

        // Region × season: one dry-season cell (harvest March 2024), with a Monte Carlo interval around it.
        let cells = try table(out, "region_seasons.csv")
        #expect(cells.count == 1)
        let cell = cells[0]
        #expect(cell["region"] == "Takeo" && cell["harvest_year"] == "2024" && cell["season"] == "dry" && cell["paddy_seasons"] == "2")
        #expect(abs(number(cell["ch4_t"]) - 0.38556) < 1e-9 && abs(number(cell["ch4_kg_ha"]) - 128.52) < 1e-4)
        #expect(number(cell["ch4_t_low95"]) < 0.38556 && number(cell["ch4_t_high95"]) > 0.38556)
        // Grain of P1 only: 10 t; intensity 7.19712 t CO2e / 10 t = 0.719712.
        #expect(abs(number(cell["grain_t"]) - 10) < 1e-9 && abs(number(cell["co2e_kg_per_kg_grain"]) - 0.719712) < 1e-6)

        // By treatment: control (P1, 2 ha) and straw (P2, 1 ha, no grain: empty intensity).
        let groups = try table(out, "attribute_summary.csv")
        #expect(groups.map { "\($0["attribute"]!)=\($0["value"]!)" } == ["treatment=control", "treatment=straw"])
        #expect(abs(number(groups[0]["ch4_t"]) - 0.25704) < 1e-9 && abs(number(groups[1]["area_ha"]) - 1) < 1e-9)
        #expect(groups[1]["co2e_kg_per_kg_grain"] == "")

        // Without a year every season counts: 6 season rows (P3 has one), no out_of_scope.csv.
        let all = dir.appendingPathComponent("all")
        let r2 = try scenarioRunner("run", ["--input", input, "--out", all.path, "--draws", "0", "--quiet"])
        #expect(r2.status == 0, "\(r2.summary)")
        #expect(try table(all, "paddy_seasons.csv").count == 5)
        #expect(!FileManager.default.fileExists(atPath: all.appendingPathComponent("out_of_scope.csv").path))
        #expect(try table(all, "crt_3c.csv").allSatisfy { $0["inventory_year"] == "all" })
        // By harvest month without a calendar: 2023-09 and 2024-03.
        #expect(try table(all, "region_seasons.csv").map { $0["season"]! } == ["2023-09", "2024-03"])
    }

    @Test(.enabled(if: cliToolsBuilt)) func scenariosReportTheYearAndTheBreakdownsForEveryScenario() throws {
        let input = try ncgen(Self.cdl(), name: "inventory_year")
        let dir = try makeFixtureDirectory()
        let plan = dir.appendingPathComponent("plan.yaml")
        try """
        title: one year
        baseline: {method: ipcc}
        monte_carlo: {draws: 100, seed: 3}
        scenarios:
          - name: drain
            water: {practice: mid_season_drainage, start_fraction: 0.4, length_days: 7}
        """.write(to: plan, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("out")
        let r = try scenarioRunner("scenarios", ["--input", input, "--scenarios", plan.path, "--out", out.path,
                                                 "--inventory-year", "2024", "--group-by", "treatment", "--quiet"])
        #expect(r.status == 0, "\(r.summary)")
        let cells = try table(out, "scenario_region_seasons.csv")
        #expect(cells.map { $0["scenario"]! } == ["baseline", "drain"])
        // The baseline is the run's 2024: 0.38556 t CH4; one added drainage lowers it (SF_w 1 → 0.71).
        #expect(abs(number(cells[0]["ch4_t"]) - 0.38556) < 1e-9)
        #expect(abs(number(cells[1]["ch4_t"]) - 0.38556 * 0.71) < 5e-7)   // 0.2737476 printed to 6 decimals
        #expect(number(cells[1]["co2e_t_low95"]) < number(cells[1]["co2e_t"]))
        let groups = try table(out, "scenario_attribute_summary.csv")
        #expect(groups.map { "\($0["scenario"]!):\($0["value"]!)" } == ["baseline:control", "baseline:straw", "drain:control", "drain:straw"])
        let scenarioSeasons = try table(out, "scenario_paddy_seasons.csv")
        #expect(scenarioSeasons.allSatisfy { $0["season_end"] == "2024-03-31" } && scenarioSeasons.count == 2)
    }
}
