import Foundation
import Testing
@testable import PaddyMethane
@testable import PaddyMethaneIO

/// Crediting under the VM0051 v1.1 rule set (models/crediting/vm0051-v1.1.yaml), worked by hand
/// from IPCC 2019 Eq. 5.1-5.2 (ipcc-2019: global EF_c 1.19 kg CH4 ha⁻¹ d⁻¹; SF_w continuously
/// flooded 1.00, single drainage 0.71, multiple drainage 0.55, aggregated irrigated 0.60; SF_p
/// 1.00 after a fallow of less than 180 days, 1.22 where unknown; no amendments, SF_o 1), the
/// rule set (look-back 3 years, most conservative season, drainage reaching -10 cm, at least 2
/// observed days per event, 15 % uncertainty on the CH4 reductions, N2O 0.00314 kg N2O per kg N
/// where a continuously flooded baseline drains, ceiling 60 000 t CO2e a year) and AR5 GWPs
/// (CH4 28, N2O 265).
@Suite struct CreditingRuleSetTests {
    static let cal = TestSeries.calendar
    static func day(_ y: Int, _ m: Int, _ d: Int) -> Int { cal.dayNumber(CalendarDate(year: y, month: m, day: d)) }
    /// The series starts 2020-01-10 (the first season's pre-season is unknown: SF_p 1.22).
    static let first = day(2020, 1, 10)
    /// Two 100-day seasons a year, 2020-2023: dry from 20 Jan, wet from 1 Jul.
    static let seasons: [SeasonWindow] = (2020...2023).flatMap { y in
        [SeasonWindow(firstDay: day(y, 1, 20), lastDay: day(y, 1, 20) + 99), SeasonWindow(firstDay: day(y, 7, 1), lastDay: day(y, 7, 1) + 99)]
    }

    /// What a season shows: flooded (+5 cm) with 6-day drainages at −15 cm starting on the
    /// given days of the season; `thin` drainages are observed on their first day only (the
    /// other five interpolated); `missing` days of the season have no level.
    struct Plan { var drainages: [Int] = []; var thin: [Int] = []; var missing: Range<Int>? = nil }

    /// A field: fallow at −20 cm between seasons, each season as planned (default: flooded).
    static func paddy(_ id: String, areaHa: Double, nitrogen: Double, plans: [Int: Plan]) -> Paddy {
        let end = seasons.last!.lastDay + 20
        var level = [Float](repeating: -20, count: end - first + 1)
        var quality = [DayQuality](repeating: .observed, count: level.count)
        for (k, w) in seasons.enumerated() {
            let p = plans[k] ?? Plan()
            for d in 0..<w.days { level[w.firstDay - first + d] = 5 }
            for start in p.drainages + p.thin {
                for d in start..<(start + 6) {
                    level[w.firstDay - first + d] = -15
                    if p.thin.contains(start) && d > start { quality[w.firstDay - first + d] = .interpolated }
                }
            }
            for d in p.missing ?? 0..<0 {
                level[w.firstDay - first + d] = .nan
                quality[w.firstDay - first + d] = .missing
            }
        }
        var p = TestPaddy.make(id, areaHa: areaHa, seasons: seasons,
                               water: DailyWaterSeries(calendar: cal, firstDay: first, levelCm: level, quality: quality))
        p.nitrogenRateKgPerHa = nitrogen
        return p
    }

    static func calculator() throws -> CreditingCalculator {
        let (rules, _) = try TestModels.library.creditingRuleSet("vm0051-v1.1")
        let configuration = RunConfiguration(parameters: try TestModels.parameters(), detection: try TestModels.detection(),
                                             drainageRule: try TestModels.rule(), gwp: try TestModels.gwp("ar5"))
        return CreditingCalculator(rules: rules, periods: MonitoringPeriods(start: CalendarDate(year: 2023, month: 1, day: 1), months: 6, calendar: cal),
                                   projectStart: CalendarDate(year: 2023, month: 1, day: 1), configuration: configuration)
    }

    func close(_ a: Double, _ b: Double, rel: Double = 1e-9) -> Bool { TestModels.close(a, b, rel: rel) }

    // Season indices: 0-5 look-back (2020-2022 dry, wet), 6 = dry 2023 (period 0), 7 = wet 2023 (period 1).
    /// A: 40 000 ha (a large unit, so that the ceiling binds), N 100 kg/ha; continuously flooded
    /// look-back; 2023 dry AWD (two drainages), wet single drainage.
    static func fieldA() -> Paddy { paddy("A", areaHa: 40_000, nitrogen: 100, plans: [6: Plan(drainages: [30, 60]), 7: Plan(drainages: [40])]) }
    /// B: 10 ha, N 80; single drainage in the 2021 wet season (baseline single drainage); 2023
    /// dry: two drainages, one seen by a single observation; wet: two drainages.
    static func fieldB() -> Paddy {
        paddy("B", areaHa: 10, nitrogen: 80, plans: [3: Plan(drainages: [40]), 6: Plan(drainages: [30], thin: [60]), 7: Plan(drainages: [30, 60])])
    }
    /// C: 20 ha, N 90; flooded look-back; 2023 dry: 25 of 100 days missing (regime undetermined);
    /// wet: two drainages.
    static func fieldC() -> Paddy { paddy("C", areaHa: 20, nitrogen: 90, plans: [6: Plan(missing: 10..<35), 7: Plan(drainages: [30, 60])]) }

    @Test("Same time of year in a 360-day calendar: the year has 360 days, so 28 November and 25 January are 57 days apart")
    func timeOfYearIn360DayCalendar() throws {
        let c = try Self.calculator()
        let cal = CFCalendar.day360
        func day(_ y: Int, _ m: Int, _ d: Int) -> Int { cal.dayNumber(CalendarDate(year: y, month: m, day: d)) }
        let category = FactorCategory(baselineKey: "global", overrideRegion: "", regime: .continuously_flooded, preSeason: .unknown, amendments: [])
        func lookback(endingOn end: Int) -> LookbackSeason {
            LookbackSeason(firstDay: end - 99, lastDay: end, regime: .continuously_flooded, efKgPerHaPerDay: 1.19, sfW: 1, category: category)
        }
        let w = SeasonWindow(firstDay: day(2023, 10, 16), lastDay: day(2024, 1, 25))
        // Day of the year (from 0): 25 January 24, 28 November 10 × 30 + 27 = 327, 24 November 323.
        // 28 November: 327 − 24 = 303 days one way, 360 − 303 = 57 the other, within the rule
        // set's 60 days (a 365-day year would make it 62, outside).
        let base = try #require(try c.seasonBaseline([lookback(endingOn: day(2022, 11, 28))], for: w, calendar: cal).get())
        #expect(close(base.efKgPerHaPerDay, 1.19) && base.seasonDays == 100)
        // 24 November: 360 − (323 − 24) = 61 days, outside.
        guard case .failure = c.seasonBaseline([lookback(endingOn: day(2022, 11, 24))], for: w, calendar: cal) else {
            Issue.record("a look-back season 61 days of the year away was matched")
            return
        }
        #expect(cal.daysInYear(2023) == 360 && CFCalendar.standard.daysInYear(1582) == 355 && CFCalendar.standard.daysInYear(2024) == 366)
    }

    @Test func threeFieldsTwoPeriodsReproduceEveryDeduction() throws {
        let c = try Self.calculator()
        var ledger = CreditingLedger(periods: c.periods)
        var fields: [CreditingField] = []
        for p in [Self.fieldA(), Self.fieldB(), Self.fieldC()] {
            let f = c.evaluate(p, seasons: Self.seasons, history: [])
            #expect(f.ineligibility == nil, "\(p.id): \(f.ineligibility ?? "")")
            fields.append(f)
            ledger.add(f)
        }
        let (a, b, cc) = (fields[0], fields[1], fields[2])
        // Baselines: the regime is the field's most conservative over the six look-back seasons,
        // the rest the lowest EF_i of the seasons of the same time of year. A (and C), dry:
        // 2020 1.19 × 1.00 × 1.22 (pre-season unknown) = 1.4518, 2021 and 2022 1.19 → 1.19. B:
        // single drainage in the 2021 wet season, so SF_w 0.71 in every season: dry 2021/2022
        // 1.19 × 0.71 = 0.8449 (2020: 1.4518 × 0.71 = 1.0308), wet 0.8449.
        #expect(a.lookback.count == 6)
        let aDry = try #require(try c.seasonBaseline(a.lookback, for: Self.seasons[6], calendar: Self.cal).get())
        #expect(close(aDry.efKgPerHaPerDay, 1.19) && aDry.regime == .continuously_flooded && aDry.seasonDays == 100)
        for k in [6, 7] {
            let bBase = try #require(try c.seasonBaseline(b.lookback, for: Self.seasons[k], calendar: Self.cal).get())
            #expect(close(bBase.efKgPerHaPerDay, 1.19 * 0.71) && bBase.regime == .single_drainage)
        }
        // A dry: baseline 1.19 × 100 d × 40 000 ha = 4 760 000 kg; project 1.19 × 0.55 × 100 × 40 000 = 2 618 000.
        #expect(close(a.seasons[0].baselineCH4Kg, 4_760_000) && close(a.seasons[0].projectCH4Kg, 2_618_000))
        // N2O of A per season: N = 100 × 40 000 = 4e6 kg N; baseline 4e6 × 0.003 × 44/28 =
        // 18 857.142857 kg, project 4e6 × 0.005 × 44/28 = 31 428.571429 kg; deducted 4e6 × 0.00314 = 12 560 kg.
        #expect(close(a.seasons[0].n2oBaselineKg, 4e6 * 0.003 * 44 / 28) && close(a.seasons[0].n2oProjectKg, 4e6 * 0.005 * 44 / 28))
        #expect(close(a.seasons[0].n2oDeductionKg, 12_560))
        // B dry: the thin drainage (one observed day) does not count: single drainage, project =
        // baseline 0.8449 × 100 × 10 = 844.9 kg; unproven 1.19 × (0.71 − 0.55) × 100 × 10 = 190.4 kg;
        // no N2O deduction (the baseline already drains).
        #expect(b.seasons[0].projectRegime == .single_drainage && b.seasons[0].eventsCounted == 1 && b.seasons[0].eventsNotCounted == 1)
        #expect(close(b.seasons[0].projectCH4Kg, 844.9) && close(b.seasons[0].unprovenCH4Kg, 190.4) && b.seasons[0].n2oDeductionKg == 0)
        // C dry: regime undetermined, counted as continuously flooded: project = baseline 2380 kg;
        // not claimed against the aggregated factor: 1.19 × (1 − 0.60) × 100 × 20 = 952 kg.
        #expect(cc.seasons[0].status == .counted_as_flooded && close(cc.seasons[0].projectCH4Kg, 2380) && close(cc.seasons[0].undeterminedCH4Kg, 952))
        #expect(cc.seasons[0].n2oDeductionKg == 0)

        let months = 6
        // Period 0 (2023-01-01…06-30): reductions (4 760 000 − 2 618 000) + 0 + 0 = 2 142 000 kg CH4
        // × 28 / 1000 = 59 976 t; uncertainty 0.15 × 59 976 = 8 996.4; N2O 12 560 × 265 / 1000 =
        // 3 328.4; net 59 976 − 8 996.4 − 3 328.4 = 47 651.2; ceiling 60 000 × 6/12 = 30 000:
        // deducted 17 651.2, credited 30 000.
        let p0 = CreditedAmounts(ledger.entries[0]!, rules: c.rules, periodMonths: months)
        #expect(close(p0.reductionsCO2eT, 59_976, rel: 1e-8) && close(p0.uncertaintyDeductionCO2eT, 8_996.4, rel: 1e-8))
        #expect(close(p0.n2oDeductionCO2eT, 3_328.4, rel: 1e-8) && close(p0.netCO2eT, 47_651.2, rel: 1e-8))
        #expect(p0.ceilingCO2eT == 30_000 && close(p0.ceilingDeductionCO2eT, 17_651.2, rel: 1e-8) && close(p0.creditedCO2eT, 30_000, rel: 1e-12))
        let e0 = ledger.entries[0]!
        #expect(e0.fields == 3 && e0.seasons == 3 && e0.eventsCounted == 3 && e0.eventsNotCounted == 1)
        #expect(e0.undeterminedSeasons == 1 && e0.excludedSeasons == 0 && close(e0.undeterminedArea.value, 20))
        #expect(close(e0.unprovenCH4.value * 28 / 1000, 5.3312) && close(e0.undeterminedCH4.value * 28 / 1000, 26.656))
        // Period 1: A 4 760 000 − 1.19 × 0.71 × 100 × 40 000 (3 379 600) = 1 380 400; B 844.9 −
        // 1.19 × 0.55 × 1000 (654.5) = 190.4; C 2380 − 1309 = 1071; sum 1 381 661.4 kg × 0.028 =
        // 38 686.5192 t; uncertainty 5 802.97788; N2O (12 560 + 90 × 20 × 0.00314 = 5.652) × 0.265 =
        // 3 329.89778; net and credited 29 553.64354 (below the ceiling).
        let p1 = CreditedAmounts(ledger.entries[1]!, rules: c.rules, periodMonths: months)
        #expect(close(p1.reductionsCO2eT, 38_686.5192, rel: 1e-8) && close(p1.uncertaintyDeductionCO2eT, 5_802.97788, rel: 1e-8))
        #expect(close(p1.n2oDeductionCO2eT, 3_329.89778, rel: 1e-8))
        #expect(p1.ceilingDeductionCO2eT == 0 && close(p1.creditedCO2eT, 29_553.64354, rel: 1e-8))
    }

    @Test func theCounterfactualRuleSetDeductsTheNetReductions() throws {
        // CDM AMS-III.AU v4.0: baseline = the season itself continuously flooded; AR4 GWPs (CH4
        // 25, N2O 298); N2O increase N × (0.005 − 0.003) × 44/28; 15 % on the net reductions.
        let (rules, _) = try TestModels.library.creditingRuleSet("cdm-ams-iii-au-v4.0")
        let base = try Self.calculator()
        let c = CreditingCalculator(rules: rules, periods: base.periods, projectStart: base.projectStart, configuration: base.configuration)
        var ledger = CreditingLedger(periods: c.periods)
        // Field A with its look-back seasons cut off: a counterfactual needs none.
        let f = c.evaluate(Self.fieldA(), seasons: Array(Self.seasons.suffix(2)), history: [])
        #expect(f.ineligibility == nil && f.lookback.isEmpty)
        ledger.add(f)
        // Dry 2023: baseline 1.19 × 100 × 40 000 = 4 760 000 kg, project × 0.55 = 2 618 000. It
        // is the first given season: its fallow is read back through the series, where the 2022
        // wet season's 100-day flood is the previous crop (fallow 103 days < 180: SF_p 1.00).
        let s = f.seasons[0]
        #expect(s.baselineRegime == .continuously_flooded && s.projectRegime == .multiple_drainage)
        let sfP = 1.0
        #expect(close(s.baselineCH4Kg, 4_760_000) && close(s.projectCH4Kg, 2_618_000))
        // N2O: 4e6 kg N × 0.002 × 44/28 = 12 571.428571 kg N2O.
        #expect(close(s.n2oDeductionKg, 4e6 * 0.002 * 44 / 28))
        // Reductions 2 142 000 × SF_p × 25 / 1000; N2O 12 571.428571 × 298 / 1000 = 3 746.285714;
        // uncertainty 0.15 × (reductions − N2O); credited = 0.85 × (reductions − N2O), no ceiling.
        let p0 = CreditedAmounts(ledger.entries[0]!, rules: rules, periodMonths: 6)
        let reductions = 2_142_000 * sfP * 25 / 1000
        #expect(close(p0.reductionsCO2eT, reductions, rel: 1e-8) && close(p0.n2oDeductionCO2eT, 3_746.285714, rel: 1e-8))
        #expect(p0.ceilingCO2eT == nil && close(p0.creditedCO2eT, 0.85 * (reductions - 3_746.285714), rel: 1e-8))
    }

    @Test func gapsAndSingleObservationEventsNoLongerRaiseCredits() throws {
        let c = try Self.calculator()
        // A flooded look-back; in 2023 every drainage is seen by one observation only (the dry
        // season) or the season is a quarter missing (the wet season).
        let thin = Self.paddy("T", areaHa: 5, nitrogen: 100, plans: [6: Plan(thin: [30, 60]), 7: Plan(drainages: [30, 60], missing: 65..<95)])
        let f = c.evaluate(thin, seasons: Self.seasons, history: [])
        #expect(f.ineligibility == nil)
        // Dry: no event counts, continuously flooded: no reduction, no N2O deduction; the shown
        // AWD would have claimed 1.19 × (1 − 0.55) × 100 × 5 = 267.75 kg CH4.
        #expect(f.seasons[0].projectRegime == .continuously_flooded && f.seasons[0].eventsNotCounted == 2)
        #expect(close(f.seasons[0].baselineCH4Kg - f.seasons[0].projectCH4Kg, 0) && close(f.seasons[0].unprovenCH4Kg, 267.75))
        // Wet: 30 days missing, regime undetermined: counted as flooded, no reduction (the
        // aggregated factor 0.60 would have claimed 1.19 × 0.40 × 100 × 5 = 238 kg).
        #expect(f.seasons[1].status == .counted_as_flooded && close(f.seasons[1].baselineCH4Kg, f.seasons[1].projectCH4Kg))
        #expect(close(f.seasons[1].undeterminedCH4Kg, 238))
        var ledger = CreditingLedger(periods: c.periods)
        ledger.add(f)
        for p in [0, 1] { #expect(CreditedAmounts(ledger.entries[p]!, rules: c.rules, periodMonths: 6).creditedCO2eT == 0) }
    }

    @Test func fieldsFailingEligibilityAreListedWithTheReason() throws {
        let c = try Self.calculator()
        // AWD in the 2022 dry look-back season: no water-management change to credit.
        let awd = c.evaluate(Self.paddy("D", areaHa: 1, nitrogen: 50, plans: [4: Plan(drainages: [30, 60])]), seasons: Self.seasons, history: [])
        #expect(awd.ineligibility?.contains("was multiple_drainage") == true, "\(awd.ineligibility ?? "")")
        #expect(awd.seasons.allSatisfy { $0.status == .ineligible })
        // Only two years of look-back (the 2020 seasons left out).
        let short = c.evaluate(Self.paddy("E", areaHa: 1, nitrogen: 50, plans: [:]), seasons: Array(Self.seasons.dropFirst(2)), history: [])
        #expect(short.ineligibility?.contains("0 season(s) ending 2020-01-01") == true, "\(short.ineligibility ?? "")")
        // The same seasons given as history from an earlier file make it eligible again.
        let early = c.lookback(Self.paddy("E", areaHa: 1, nitrogen: 50, plans: [:])).filter { $0.lastDay < Self.day(2021, 1, 1) }
        #expect(c.evaluate(Self.paddy("E", areaHa: 1, nitrogen: 50, plans: [:]), seasons: Array(Self.seasons.dropFirst(2)), history: early).ineligibility == nil)
        // No nitrogen rate: VM0051 deducts the N2O of drainage, so the rate is needed.
        var noN = Self.paddy("F", areaHa: 1, nitrogen: 0, plans: [:])
        noN.nitrogenRateKgPerHa = nil
        #expect(c.evaluate(noN, seasons: Self.seasons, history: []).ineligibility?.contains("no nitrogen rate") == true)
        // Rainfed: not eligible.
        var rainfed = Self.paddy("G", areaHa: 1, nitrogen: 50, plans: [:])
        rainfed.waterSupply = .rainfed
        #expect(c.evaluate(rainfed, seasons: Self.seasons, history: []).ineligibility?.contains("water supply rainfed") == true)
    }

    @Test func ruleSetsDecodeStrictlyAndTheFormerFormNamesTheFix() throws {
        let lib = TestModels.library
        #expect(lib.creditingRuleSetIDs() == ["cdm-ams-iii-au-v4.0", "jcm-ph-am004-v01.0", "vm0051-v1.1"])
        for id in lib.creditingRuleSetIDs() { _ = try lib.creditingRuleSet(id) }
        let (vm, files) = try lib.creditingRuleSet("vm0051-v1.1")
        #expect(vm.gwpCH4 == 28 && vm.gwpN2O == 265 && vm.uncertaintyDeduction == 0.15 && vm.annualCeilingCO2eT == 60_000)
        #expect(vm.drainage.reachCm == -10 && vm.drainage.minObservedDays == 2 && vm.n2o.fixedFactorKgN2OPerKgN == 0.00314)
        #expect(files.map(\.0) == ["crediting_rule_set", "gwp", "gwp_n2o", "n2o_factors"])
        // VM0051's fixed factor is (EF1FR drained − EF1FR flooded) × 44/28 = 0.002 × 1.5714 = 0.0031429.
        #expect(close(vm.n2o.factors.n2oKg(nitrogenKg: 1, regime: .multiple_drainage) - vm.n2o.factors.n2oKg(nitrogenKg: 1, regime: .continuously_flooded),
                      0.00314, rel: 1e-3))
        // A misspelt key of a rule set names the file, the key and the nearest.
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rules-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let text = try String(contentsOf: lib.creditingDirectory.appendingPathComponent("vm0051-v1.1.yaml"), encoding: .utf8)
        let bad = dir.appendingPathComponent("bad.yaml")
        try text.replacingOccurrences(of: "  min_observed_days_per_event:", with: "  min_observed_day_per_event:").write(to: bad, atomically: true, encoding: .utf8)
        #expect { _ = try lib.creditingRuleSet(bad.path) } throws: { "\($0)".contains("evidence.min_observed_day_per_event") && "\($0)".contains("did you mean") }
        // The former models/crediting.yaml rule names say what replaced them.
        #expect { _ = try lib.creditingRuleSet("vm0051-ipcc-defaults") } throws: { "\($0)".contains("use methodology: vm0051-v1.1") }
        // The former crediting block with a baseline_scenario is refused with the fix.
        let scenarios = dir.appendingPathComponent("s.yaml")
        try "scenarios:\n  - name: flooded\n    water: {practice: continuous_flooding}\ncrediting: {baseline_scenario: flooded, methodology: vm0051-v1.1}\n"
            .write(to: scenarios, atomically: true, encoding: .utf8)
        #expect { _ = try ScenarioPlan.load(scenarios.path, library: lib) } throws: {
            "\($0)".contains("crediting.baseline_scenario (flooded) is no longer read") && "\($0)".contains("remove baseline_scenario")
        }
        try "crediting: {methodology: vm0051-v1.1, period_months: 6, period_start: 2024-03-01}\n".write(to: scenarios, atomically: true, encoding: .utf8)
        #expect { _ = try ScenarioPlan.load(scenarios.path, library: lib) } throws: { "\($0)".contains("none spans two calendar years") }
    }
}

/// `nitrogen_rate(paddy)` as xarray writes a float column with NaN for a missing value, and the
/// run configuration's rate by region for paddies that have none.
@Suite struct NitrogenRateInputTests {
    @Test func nitrogenRatesAreReadPerPaddyWithUnitsAndMissingValues() throws {
        let cdl = """
        netcdf n {
        dimensions: paddy = 3 ; time = 2 ;
        variables:
            string paddy_id(paddy) ; paddy_id:cf_role = "timeseries_id" ;
            int64 time(time) ; time:units = "days since 2024-06-01" ; time:calendar = "proleptic_gregorian" ;
            float water_level(paddy, time) ; water_level:units = "cm" ; water_level:_FillValue = NaNf ;
            double area(paddy) ; area:units = "ha" ;
            string region(paddy) ;
            float nitrogen_rate(paddy) ; nitrogen_rate:units = "t ha-1" ; nitrogen_rate:_FillValue = NaNf ;
        data:
            paddy_id = "a", "b", "c" ;
            time = 0, 1 ;
            water_level = 5, 5, 5, 5, 5, 5 ;
            area = 1, 2, 3 ;
            region = "Takeo", "Kandal", "Takeo" ;
            nitrogen_rate = 0.09, NaN, -0.01 ;
        }
        """
        let reader = try PaddyFileReader(path: try ncgen(cdl), resampler: TestModels.resampler())
        let records = try reader.read(start: 0, count: 3)
        guard case .paddy(let a) = records[0], case .paddy(let b) = records[1], case .rejected(let c) = records[2] else {
            Issue.record("expected two paddies and a rejection: \(records)")
            return
        }
        // 0.09 t ha-1 = 90 kg N ha-1; NaN is not given; a negative rate rejects the paddy.
        #expect(TestModels.close(a.nitrogenRateKgPerHa ?? 0, 90, rel: 1e-6) && b.nitrogenRateKgPerHa == nil)
        #expect(c.reason.contains("nitrogen_rate") && c.reason.contains("not a non-negative number"))
        // The run configuration's rate for the region applies where the file has none.
        var configuration = RunConfiguration(parameters: try TestModels.parameters(), detection: try TestModels.detection(),
                                             drainageRule: try TestModels.rule(), gwp: try TestModels.gwp())
        configuration.nitrogenRateByRegion = ["Kandal": 110, "*": 60]
        #expect(configuration.nitrogenRate(for: b) == 110 && TestModels.close(configuration.nitrogenRate(for: a) ?? 0, 90, rel: 1e-6))
    }
}
