import Foundation
import Testing
@testable import PaddyMethane
@testable import PaddyMethaneIO

/// Tabular activity data (`run --activity-data`): rows of statistics through the same engine and
/// reports as observed paddies, checked against IPCC 2019 Vol. 4 Ch. 5 Eq. 5.1–5.3 worked by hand
/// with the factors of models/ipcc-2019.yaml (Tables 5.11–5.14), and the Approach 1 table of
/// IPCC 2006 Vol. 1 Ch. 3 (Table 3.3) worked by hand.
@Suite struct ActivityDataTests {
    static let header = "year,region,water_supply,water_regime,pre_season,amendment_type,amendment_rate_t_ha,season_days,area_ha,area_uncertainty_pct,season_days_uncertainty_pct"

    /// A file of `rows` under the standard header.
    static func file(_ rows: [String], header: String = header) throws -> String {
        let path = try fixtureTemporaryPath("activity.csv")
        try ([header] + rows).joined(separator: "\n").appending("\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Runs `path` alone with the default Tier 1 set (ipcc-2019, global EF_c, AR5) into a new folder.
    static func run(_ path: String, draws: Int = 0, baseYear: Int? = nil, config: String? = nil) throws -> (URL, RunSummary) {
        var request = RunRequest()
        request.config = config
        let setup = try TestModels.library.runSetup(request)
        let activity = try ActivityDataFile.load(path, limits: TestModels.detection())
        var options = RunOptions()
        options.draws = draws
        options.baseYear = baseYear
        options.namedRegions = setup.namedRegions
        let out = try makeFixtureDirectory()
        let settings = try RunSettings.run(input: nil, activityData: path, maxGapDays: 15, strict: false, setup: setup,
                                           draws: draws, seed: 1, baseYear: baseYear)
        let summary = try InventoryRunner(engine: setup.engine, options: options).run(activity: activity, into: out, settings: settings)
        return (out, summary)
    }

    /// Rows of a report (RFC 4180: CRT labels have quoted commas), by column name.
    static func rows(_ dir: URL, _ name: String) throws -> [[String: String]] {
        let csv = try CSVFile(path: dir.appendingPathComponent(name).path)
        return (0..<csv.rowCount).map { r in Dictionary(uniqueKeysWithValues: csv.header.enumerated().map { ($1, csv[r, $0]) }) }
    }

    @Test func threeCategoriesReproduceEquationsFivePointOneToFivePointThree() throws {
        let path = try Self.file([
            "2024,Takeo,irrigated,continuously_flooded,not_flooded_lt_180d,straw_short,2.5,120,1000,,",
            "2024,Battambang,irrigated,single_drainage,not_flooded_gt_180d,compost,4,100,500,,",
            "2024,Prey Veng,rainfed,rainfed_regular,unknown,none,,110,2000,,",
        ])
        let (out, summary) = try Self.run(path)
        #expect(summary.paddiesRead == 3 && summary.paddiesWithResults == 3 && summary.paddiesRejected == 0)
        // None of the regions is a key of Table 5.11: EF_c = 1.19 kg CH4 ha⁻¹ d⁻¹ (global).
        // EF = EF_c × SF_w × SF_p × SF_o with SF_o = (1 + Σ ROA × CFOA)^0.59 (Eq. 5.2, 5.3):
        // Takeo: SF_w 1.00 (continuously flooded), SF_p 1.00 (< 180 d), straw < 30 d: CFOA 1.00,
        //   SF_o = (1 + 2.5 × 1.00)^0.59 = 3.5^0.59 = 2.094113; EF = 1.19 × 2.094113 = 2.491995;
        //   CH4 = 2.491995 × 120 d × 1000 ha = 299 039.36 kg (Eq. 5.1).
        let takeo = 1.19 * 1.00 * 1.00 * pow(1 + 2.5 * 1.00, 0.59) * 120 * 1000
        // Battambang: SF_w 0.71 (single drainage), SF_p 0.89 (> 180 d), compost CFOA 0.17,
        //   SF_o = (1 + 4 × 0.17)^0.59 = 1.68^0.59 = 1.358; EF = 1.19 × 0.71 × 0.89 × 1.358 = 1.021240;
        //   CH4 = 1.021240 × 100 × 500 = 51 062.00 kg.
        let battambang = 1.19 * 0.71 * 0.89 * pow(1 + 4 * 0.17, 0.59) * 100 * 500
        // Prey Veng: SF_w 0.54 (regular rainfed), pre-season unknown: Table 5.13 aggregated 1.22,
        //   no amendment SF_o 1; EF = 1.19 × 0.54 × 1.22 = 0.783972; CH4 = 0.783972 × 110 × 2000 = 172 473.84 kg.
        let preyVeng = 1.19 * 0.54 * 1.22 * 110 * 2000
        #expect(TestModels.close(takeo, 299_039.359, rel: 1e-8) && TestModels.close(preyVeng, 172_473.84, rel: 1e-12))
        let seasons = try Self.rows(out, "paddy_seasons.csv")
        let byRegion = Dictionary(uniqueKeysWithValues: seasons.map { ($0["region"]!, $0) })
        for (region, expected) in [("Takeo", takeo), ("Battambang", battambang), ("Prey Veng", preyVeng)] {
            #expect(TestModels.close(Double(byRegion[region]!["ch4_kg"]!)!, expected, rel: 1e-8), "\(region)")
        }
        #expect(byRegion["Takeo"]!["paddy_id"] == "activity.csv:2" && byRegion["Takeo"]!["days"] == "120")
        #expect(byRegion["Takeo"]!["season_end"] == "2024-12-31" && byRegion["Takeo"]!["season_start"] == "2024-09-03")
        #expect(byRegion["Prey Veng"]!["pre_season"] == "unknown" && byRegion["Prey Veng"]!["sf_p"] == "1.220000")
        #expect(byRegion["Battambang"]!["drainage_rule"] == ActivityDataFile.drainageRuleColumn)
        // Region summary and CRT 3.C: the sums of the rows (t and kt).
        let total = try Self.rows(out, "region_summary.csv").first { $0["region"] == "TOTAL" }!
        #expect(TestModels.close(Double(total["ch4_t"]!)!, (takeo + battambang + preyVeng) / 1000, rel: 1e-8))
        #expect(Double(total["area_ha"]!) == 3500)
        let crt = try Self.rows(out, "crt_3c.csv")
        let continuous = crt.first { $0["code"] == "3.C.1.a" }!  // continuously flooded
        #expect(TestModels.close(Double(continuous["ch4_kt"]!)!, takeo / 1e6, rel: 1e-8))
        let rainfed = crt.first { $0["code"] == "3.C.2.a" }!  // rainfed, flood prone
        #expect(TestModels.close(Double(rainfed["ch4_kt"]!)!, preyVeng / 1e6, rel: 1e-8))
    }

    @Test func approachOneTableIsTableThreePointThreeByHand() throws {
        // Year t (2024): continuously flooded 1000 ha × 100 d, area ±10 %; single drainage 1000 ha × 100 d,
        // area ±10 % and season length ±5 %. Base year (1990): continuously flooded 2000 ha × 100 d, area ±20 %.
        // All: global EF_c, pre-season < 180 d, no amendment.
        let path = try Self.file([
            "2024,A,irrigated,continuously_flooded,not_flooded_lt_180d,none,,100,1000,10,",
            "2024,A,irrigated,single_drainage,not_flooded_lt_180d,none,,100,1000,10,5",
            "1990,A,irrigated,continuously_flooded,not_flooded_lt_180d,none,,100,2000,20,",
        ])
        let (out, _) = try Self.run(path, draws: 200, baseYear: 1990)
        let table = try Self.rows(out, "approach1_3c.csv")
        let cf = table.first { $0["code"] == "3.C.1.a" }!
        let sd = table.first { $0["code"] == "3.C.1.b.i" }!
        let total = table.first { $0["code"] == "3.C" }!
        // Factor uncertainties U = ln(high/low)/2 (lognormal fitted to the 95 % range):
        // EF_c 0.80–1.76, SF_w continuous 0.73–1.27, single 0.53–0.94, SF_p 0.88–1.12.
        let u = { (lo: Double, hi: Double) in log(hi / lo) / 2 }
        let uEF = u(0.80, 1.76), uCF = u(0.73, 1.27), uSD = u(0.53, 0.94), uP = u(0.88, 1.12)
        // D (year t): CF 1.19 × 1.00 × 100 000 = 119 000 kg; SD 1.19 × 0.71 × 100 000 = 84 490 kg.
        // C (base year): CF 1.19 × 200 000 = 238 000 kg; SD 0.
        let dCF = 119_000.0, dSD = 84_490.0, sumD = dCF + dSD, cCF = 238_000.0, sumC = cCF
        // Columns C and D in Gg CO2e (AR5: 28).
        #expect(TestModels.close(Double(cf["base_year_co2e_gg"]!)!, cCF * 28 / 1e6, rel: 1e-6))
        #expect(TestModels.close(Double(cf["year_co2e_gg"]!)!, dCF * 28 / 1e6, rel: 1e-6))
        #expect(sd["base_year_co2e_gg"] == "0.000000")
        // E, F, G (Eq. 3.1 for the product EF × t × A):
        let eCF = 0.10, fCF = (uEF * uEF + uCF * uCF + uP * uP).squareRoot(), gCF = (eCF * eCF + fCF * fCF).squareRoot()
        let eSD = (0.10 * 0.10 + 0.05 * 0.05).squareRoot(), fSD = (uEF * uEF + uSD * uSD + uP * uP).squareRoot()
        let gSD = (eSD * eSD + fSD * fSD).squareRoot()
        func pct(_ row: [String: String], _ column: String) -> Double { Double(row[column]!)! / 100 }
        #expect(abs(pct(cf, "ad_uncertainty_pct") - eCF) < 5e-6 && abs(pct(cf, "ef_uncertainty_pct") - fCF) < 5e-6)
        #expect(abs(pct(cf, "combined_uncertainty_pct") - gCF) < 5e-6)
        #expect(abs(pct(sd, "ad_uncertainty_pct") - eSD) < 5e-6 && abs(pct(sd, "combined_uncertainty_pct") - gSD) < 5e-6)
        // H = (G × D)² / (ΣD)² [%²].
        #expect(abs(Double(cf["variance_contribution_pct2"]!)! - 1e4 * pow(gCF * dCF / sumD, 2)) < 1e-4)
        // I = ((0.01 D_x + ΣD) − (0.01 C_x + ΣC)) / (0.01 C_x + ΣC) × 100 − (ΣD − ΣC)/ΣC × 100; J = D_x / ΣC.
        let iCF = ((0.01 * dCF + sumD) - (0.01 * cCF + sumC)) / (0.01 * cCF + sumC) * 100 - (sumD - sumC) / sumC * 100
        let iSD = ((0.01 * dSD + sumD) - sumC) / sumC * 100 - (sumD - sumC) / sumC * 100
        let jCF = dCF / sumC, jSD = dSD / sumC
        #expect(abs(Double(cf["type_a_sensitivity"]!)! - iCF) < 1e-6 && abs(Double(sd["type_b_sensitivity"]!)! - jSD) < 1e-6)
        // K = I × F (factors correlated between years), L = J × E × √2 (activity data independent), M = K² + L².
        let kCF = iCF * fCF, lCF = jCF * eCF * 2.0.squareRoot()
        #expect(abs(pct(cf, "trend_uncertainty_ef_pct") - kCF) < 5e-6 && abs(pct(cf, "trend_uncertainty_ad_pct") - lCF) < 5e-6)
        #expect(abs(Double(cf["trend_variance_pct2"]!)! - 1e4 * (kCF * kCF + lCF * lCF)) < 1e-4)
        // Total: EF_c and SF_p are one value for both rows, so their terms add before squaring; the
        // three activity-data figures are independent sources.
        let fTotal = (pow(uEF * sumD, 2) + pow(uP * sumD, 2) + pow(uCF * dCF, 2) + pow(uSD * dSD, 2)).squareRoot() / sumD
        let eTotal = (pow(0.10 * dCF, 2) + pow(0.10 * dSD, 2) + pow(0.05 * dSD, 2)).squareRoot() / sumD
        #expect(abs(pct(total, "ef_uncertainty_pct") - fTotal) < 5e-6 && abs(pct(total, "ad_uncertainty_pct") - eTotal) < 5e-6)
        #expect(abs(pct(total, "combined_uncertainty_pct") - (fTotal * fTotal + eTotal * eTotal).squareRoot()) < 5e-6)
        // Trend of the total: K = √(Σ_f (Σ_x I_x F_x,f)²), L = √2 √(Σ_g (J_x E_x,g)²).
        let kTotal = (pow((iCF + iSD) * uEF, 2) + pow((iCF + iSD) * uP, 2) + pow(iCF * uCF, 2) + pow(iSD * uSD, 2)).squareRoot()
        let lTotal = 2.0.squareRoot() * (pow(jCF * 0.10, 2) + pow(jSD * 0.10, 2) + pow(jSD * 0.05, 2)).squareRoot()
        #expect(abs(pct(total, "trend_uncertainty_ef_pct") - kTotal) < 5e-6 && abs(pct(total, "trend_uncertainty_ad_pct") - lTotal) < 5e-6)
        #expect(abs(pct(total, "trend_uncertainty_pct") - (kTotal * kTotal + lTotal * lTotal).squareRoot()) < 5e-6)
        #expect(total["type_a_sensitivity"] == "" && cf["base_year"] == "1990" && cf["year"] == "2024")
    }

    @Test func withoutBaseYearTheTrendIsNotApplicable() throws {
        let path = try Self.file(["2024,A,irrigated,continuously_flooded,not_flooded_lt_180d,none,,100,1000,,"])
        let (out, _) = try Self.run(path, draws: 50)
        let table = try Self.rows(out, "approach1_3c.csv")
        #expect(table.allSatisfy { $0["trend_uncertainty_ef_pct"] == "NA" && $0["base_year"] == "NA" && $0["ad_uncertainty_pct"] == "NE" })
        #expect(table.allSatisfy { $0["note"]!.contains("no base year given") && $0["note"]!.contains("activity-data uncertainty NE") })
        // With no activity-data uncertainty, G is F.
        #expect(table.allSatisfy { $0["combined_uncertainty_pct"] == $0["ef_uncertainty_pct"] })
    }

    @Test func monteCarloDrawsTheActivityData() {
        // One category, 100 000 ha d continuously flooded, with a ±20 % area figure: the Monte Carlo
        // half-width agrees with Approach 1 (factors and area combined), to first order, and is wider
        // than the factors' alone.
        let parameters = try! TestModels.parameters()
        let model = FactorModel(parameters: parameters)
        let category = FactorCategory(baselineKey: "global", overrideRegion: "", regime: .continuously_flooded,
                                      preSeason: .not_flooded_lt_180d, amendments: [])
        var w = UncertaintyWeights()
        w.add(.init(category: category, activity: ActivityUncertainty(scope: "A", areaPct: 20, seasonLengthPct: nil)), haDays: 100_000)
        let budget = UncertaintyBudget(w, model: model)
        #expect(TestModels.close(budget.activityU95, 0.20, rel: 1e-12))
        let draws = DrawSummary(MonteCarlo(model: model, draws: 20_000, seed: 5).totals([w])[0])
        let halfWidth = (draws.high95 - draws.low95) / 2 / draws.median
        #expect(abs(halfWidth - budget.combinedU95) < 0.1 * budget.combinedU95)
        #expect(halfWidth > budget.factorU95 * 1.05)
    }

    @Test func configuredRegionUncertaintyIsOneSourcePerRegionAndYear() throws {
        // Two rows of region A in 2024 without their own figures share the configured ±10 % area of
        // "region A 2024" (fully correlated): E = 10 % for their sum, not 10 %/√2.
        let config = try fixtureTemporaryPath("run-config.yaml")
        try "activity_data_uncertainty:\n  A: {area_pct: 10}\n".write(toFile: config, atomically: true, encoding: .utf8)
        let path = try Self.file([
            "2024,A,irrigated,continuously_flooded,not_flooded_lt_180d,none,,100,1000,,",
            "2024,A,irrigated,continuously_flooded,not_flooded_gt_180d,none,,100,1000,,",
        ])
        let (out, _) = try Self.run(path, draws: 50, config: config)
        let total = try Self.rows(out, "approach1_3c.csv").first { $0["code"] == "3.C" }!
        #expect(total["ad_uncertainty_pct"] == "10.000")
    }

    @Test func unknownRunConfigKeyNamesTheNearest() throws {
        let config = try fixtureTemporaryPath("run-config.yaml")
        try "activity_data_uncertainty:\n  A: {area_pc: 10}\n".write(toFile: config, atomically: true, encoding: .utf8)
        #expect { try RunConfigFile.load(config) } throws: { "\($0)".contains("area_pc") && "\($0)".contains("area_pct") }
        try "activity_data_uncertainty:\n  A: {area_pct: -3}\n".write(toFile: config, atomically: true, encoding: .utf8)
        #expect { try RunConfigFile.load(config) } throws: { "\($0)".contains("activity_data_uncertainty.A.area_pct") }
    }

    /// The example file run without draws, with ±10 % area and ±4 % season length for every region.
    static func runExampleWithTenAndFourPercent() throws -> (RunSetup, RunSummary) {
        let config = try fixtureTemporaryPath("run-config.yaml")
        try "activity_data_uncertainty:\n  \"*\": {area_pct: 10, season_length_pct: 4}\n".write(toFile: config, atomically: true, encoding: .utf8)
        var request = RunRequest()
        request.config = config
        let setup = try TestModels.library.runSetup(request)
        var options = RunOptions()
        options.draws = 0
        let reader = try PaddyFileReader(path: ShardMergeTests.example, resampler: TestModels.resampler())
        return (setup, try InventoryRunner(engine: setup.engine, options: options).run(reader, into: try makeFixtureDirectory()))
    }

    @Test func configuredUncertaintyAppliesToObservedPaddiesByRegionAndYear() throws {
        // The example file's paddies with ±10 % area and ±4 % season length for every region: each
        // season carries the sources of its region and harvest year, one source per (region, year).
        let (_, summary) = try Self.runExampleWithTenAndFourPercent()
        var pairs = Set<String>()
        for (year, rows) in summary.aggregate.uncertaintyByYear {
            for (_, w) in rows {
                for (key, _) in w.entries {
                    let region = key.activity.area?.scope ?? ""
                    #expect(key.activity.area?.u95 == 0.10 && key.activity.seasonLength?.u95 == 0.04)
                    #expect(key.activity.area?.scope == key.activity.seasonLength?.scope && region.hasSuffix(" \(year)") && region.hasPrefix("region "))
                    pairs.insert(region)
                }
            }
        }
        #expect(pairs.count > 5)   // five provinces, seasons ending in more than one year
    }

    /// region_seasons.csv draws each cell's activity-data errors with the factors, the same draws
    /// as uncertainty.csv: the cells' totals add up to the inventory total draw by draw, and a
    /// cell's interval is wider than its factors' alone.
    @Test func regionSeasonCellsDrawTheActivityDataWithTheTotal() throws {
        let (setup, summary) = try Self.runExampleWithTenAndFourPercent()
        let cells = summary.breakdowns.byRegionSeason.keys.sorted().map { summary.breakdowns.byRegionSeason[$0]!.weights }
        #expect(cells.count > 5 && cells.allSatisfy { !$0.sources.isEmpty })
        var total = UncertaintyWeights()
        for (_, w) in summary.aggregate.uncertaintyWeights() { total.add(w) }
        let mc = MonteCarlo(model: FactorModel(parameters: setup.engine.configuration.parameters), draws: 200, seed: 3)
        let byCell = mc.totals(cells), whole = mc.totals([total])[0]
        for d in 0..<200 {
            let sum = byCell.reduce(0) { $0 + $1[d] }
            #expect(TestModels.close(sum, whole[d], rel: 1e-9), "draw \(d): \(sum) vs \(whole[d])")
        }
        // The first cell with and without its activity-data errors (the factors draw alike).
        let with = DrawSummary(byCell[0]), without = DrawSummary(mc.totals([UncertaintyWeights(cells[0].categoryWeights)])[0])
        #expect(with.high95 - with.low95 > without.high95 - without.low95)
    }

    // MARK: Bad input

    @Test func unknownOrMissingColumnsStopTheRunNamingTheNearest() throws {
        let typo = try Self.file([], header: Self.header.replacingOccurrences(of: "area_ha", with: "aera_ha"))
        #expect { try ActivityDataFile.load(typo, limits: TestModels.detection()) } throws: {
            let m = "\($0)"
            return m.contains(typo) && m.contains("line 1, column 9") && m.contains("\"aera_ha\"") && m.contains("did you mean \"area_ha\"")
        }
        let missing = try Self.file([], header: "year,region,water_supply,water_regime,pre_season,amendment_type,amendment_rate_t_ha,season_days")
        #expect { try ActivityDataFile.load(missing, limits: TestModels.detection()) } throws: { "\($0)".contains("missing column(s) area_ha") }
    }

    @Test func badRowsAreRejectedWithFileLineColumnAndNearestValue() throws {
        let path = try Self.file([
            "2024,A,irrigated,continuously_flooded,not_flooded_lt_180d,none,,100,-5,,",          // line 2: negative area
            "2024,A,irrigated,continous_flooded,not_flooded_lt_180d,none,,100,10,,",             // line 3: unknown regime
            "24,A,irrigated,continuously_flooded,not_flooded_lt_180d,none,,100,10,,",             // line 4: bad year
            "2024,A,rainfed,single_drainage,not_flooded_lt_180d,none,,100,10,,",                 // line 5: regime of another supply
            "2024,A,irrigated,continuously_flooded,not_flooded_lt_180d,none,,400,10,,",          // line 6: longer than a year
            "2024,A,irrigated,continuously_flooded,not_flooded_lt_180d,straw,2,100,10,,",        // line 7: unknown amendment
            "2024,A,irrigated,continuously_flooded,not_flooded_lt_180d,none,,100,10,150,",       // line 8: percentage
            "2024,A,irrigated,continuously_flooded,not_flooded_lt_180d,none,,100,ten,,",         // line 9: not a number
            "2024,A,irrigated,continuously_flooded,not_flooded_lt_180d,none,,100,10,,",          // line 10: good
        ])
        let file = try ActivityDataFile.load(path, limits: TestModels.detection())
        #expect(file.rows.map(\.line) == [10])
        let reasons = Dictionary(uniqueKeysWithValues: file.rejections.map { ($0.paddyID, $0.reason) })
        func reason(_ line: Int) -> String { reasons["activity.csv:\(line)"] ?? "" }
        #expect(reason(2).contains(path) && reason(2).contains("line 2, column 9 (area_ha)") && reason(2).contains("must be positive"))
        #expect(reason(3).contains("column 4 (water_regime)") && reason(3).contains("did you mean \"continuously_flooded\""))
        #expect(reason(4).contains("column 1 (year)") && reason(4).contains("not a year"))
        #expect(reason(5).contains("single_drainage is not a regime of rainfed rice"))
        #expect(reason(6).contains("column 8 (season_days)") && reason(6).contains("1 to 366 days in 2024"))
        #expect(reason(7).contains("column 6 (amendment_type)") && reason(7).contains("straw_short"))
        #expect(reason(8).contains("column 10 (area_uncertainty_pct)"))
        #expect(reason(9).contains("\"ten\" is not a number"))
        // In a run: the rejected rows are in rejected.csv (nothing lost), the good one in the totals.
        let (out, summary) = try Self.run(path)
        #expect(summary.paddiesRead == 9 && summary.paddiesRejected == 8 && summary.paddiesWithResults == 1)
        let rejected = try String(contentsOf: out.appendingPathComponent("rejected.csv"), encoding: .utf8)
        #expect(rejected.split(separator: "\n").count == 9)
        let seasons = try Self.rows(out, "paddy_seasons.csv")
        #expect(seasons.count == 1 && seasons[0]["paddy_id"] == "activity.csv:10")
    }

    @Test func deepWaterRowsNeedTheirDepthForTheCRTSplit() throws {
        let path = try Self.file([
            "2024,A,deepwater,deep_water,not_flooded_gt_180d,none,,150,100,,,80",
            "2024,A,deepwater,deep_water,not_flooded_gt_180d,none,,150,200,,,120",
            "2024,A,deepwater,deep_water,not_flooded_gt_180d,none,,150,300,,,",
        ], header: Self.header + ",water_depth_cm")
        let (out, summary) = try Self.run(path)
        #expect(summary.paddiesRejected == 1)
        let crt = try Self.rows(out, "crt_3c.csv")
        #expect(crt.first { $0["code"] == "3.C.3.a" }!["harvested_area_kha"] == "0.100000")
        #expect(crt.first { $0["code"] == "3.C.3.b" }!["harvested_area_kha"] == "0.200000")
    }

    @Test func observedPaddiesAndStatisticsInOneRun() throws {
        // The example file's paddies (five provinces, seasons ending in 2024 and 2025) with
        // statistics for a province it does not have: one set of reports, the sums of both.
        let reader = try PaddyFileReader(path: ShardMergeTests.example, resampler: TestModels.resampler())
        let setup = try TestModels.library.runSetup(RunRequest())
        var options = RunOptions()
        options.draws = 0
        let observedOnly = try makeFixtureDirectory()
        let alone = try InventoryRunner(engine: setup.engine, options: options).run(reader, into: observedOnly)
        let stats = try Self.file(["2024,Mondulkiri,irrigated,continuously_flooded,not_flooded_lt_180d,none,,100,1000,,"])
        let activity = try ActivityDataFile.load(stats, limits: TestModels.detection())
        let out = try makeFixtureDirectory()
        let settings = try RunSettings.run(input: reader.path, activityData: stats, maxGapDays: 15, strict: false, setup: setup, draws: 0, seed: 1)
        let both = try InventoryRunner(engine: setup.engine, options: options).run(reader, activity: activity, into: out, settings: settings)
        // The statistics row: 1.19 × 1.00 × 1.00 × 100 d × 1000 ha = 119 000 kg.
        #expect(both.paddiesRead == alone.paddiesRead + 1)
        #expect(TestModels.close(both.aggregate.total.ch4Kg, alone.aggregate.total.ch4Kg + 119_000, rel: 1e-9))
        #expect(TestModels.close(both.aggregate.byRegion["Mondulkiri"]!.ch4Kg, 119_000, rel: 1e-12))
        // A region and year the paddies already cover would be counted twice: the run stops.
        let region = alone.aggregate.byRegion.keys.sorted().first!
        let overlap = try Self.file(["2024,\(region),irrigated,continuously_flooded,not_flooded_lt_180d,none,,100,1000,,"])
        let twice = try ActivityDataFile.load(overlap, limits: TestModels.detection())
        #expect { try InventoryRunner(engine: setup.engine, options: options).run(reader, activity: twice, into: try makeFixtureDirectory(), settings: settings) } throws: {
            "\($0)".contains("region \(region) in 2024 is also in the observed paddies") && "\($0)".contains("line 2")
        }
    }
}

@Suite("Activity data through scenario-runner", .serialized,
       .enabled(if: cliToolsBuilt, "scenario-runner is not built next to the test bundle (run `swift build --build-tests` first)"))
struct ActivityDataCLITests {
    static let template = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("data/activity-data-template.csv").path

    @Test func templateRunsEndToEndFromTheReadme() throws {
        let out = try makeFixtureDirectory()
        let r = try scenarioRunner("run", ["--activity-data", Self.template, "--out", out.path, "--base-year", "1990", "--draws", "200", "--quiet"])
        #expect(r.status == 0 && !r.signalled, "\(r.summary)")
        for name in ["paddy_seasons.csv", "region_summary.csv", "crt_3c.csv", "uncertainty.csv", "approach1_3c.csv", "rejected.csv", "manifest.json"] {
            #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent(name).path), "\(name)")
        }
        let table = try ActivityDataTests.rows(out, "approach1_3c.csv")
        #expect(table.allSatisfy { $0["base_year"] == "1990" && $0["year"] == "2024" && $0["trend_uncertainty_ef_pct"] != "NA" })
        // Kratie's 80 cm deep water is in 1990 only (±20 % area, ±10 % season length): its row has
        // the base year's E = √(20² + 10²) = 22.361 %.
        let deep = try #require(table.first { $0["code"] == "3.C.3.a" })
        #expect(deep["ad_uncertainty_pct"] == "22.361" && deep["note"]!.contains("no emission in year t"), "\(deep)")
        let manifest = try String(contentsOf: out.appendingPathComponent("manifest.json"), encoding: .utf8)
        #expect(manifest.contains("\"activity_data\"") && manifest.contains("\"base_year\" : 1990"))
        #expect(try ActivityDataTests.rows(out, "paddy_seasons.csv").count == 7)
    }

    @Test func usageAndFileProblemsHaveTheirExitCodes() throws {
        let out = try makeFixtureDirectory()
        let process = try scenarioRunner("run", ["--activity-data", Self.template, "--out", out.path, "--method", "process"])
        #expect(process.status == 64 && process.stderr.contains("--activity-data needs --method ipcc"), "\(process.summary)")
        let none = try scenarioRunner("run", ["--out", out.path])
        #expect(none.status == 64 && none.stderr.contains("--activity-data"), "\(none.summary)")
        let typo = try ActivityDataTests.file([], header: ActivityDataTests.header.replacingOccurrences(of: "season_days,", with: "season_dys,"))
        let bad = try scenarioRunner("run", ["--activity-data", typo, "--out", out.path, "--quiet"])
        #expect(bad.status == 1 && bad.stderrLines.count == 1 && bad.stderr.contains("did you mean \"season_days\""), "\(bad.summary)")
        // A rejected row: exit 2 (listed in rejected.csv); with --strict exit 1 naming the file and line.
        let negative = try ActivityDataTests.file(["2024,A,irrigated,continuously_flooded,not_flooded_lt_180d,none,,100,-1,,"])
        let rejected = try scenarioRunner("run", ["--activity-data", negative, "--out", out.path, "--quiet", "--draws", "0"])
        #expect(rejected.status == 2, "\(rejected.summary)")
        let strict = try scenarioRunner("run", ["--activity-data", negative, "--out", try makeFixtureDirectory().path, "--strict", "--draws", "0"])
        #expect(strict.status == 1 && strict.stderr.contains("line 2, column 9 (area_ha)"), "\(strict.summary)")
    }
}
