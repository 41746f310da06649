import PaddyMethane

/// What the scenario reports need besides the accounting: the scenario names (index 0 the
/// baseline), which ledgers the baseline's Monte Carlo draws, its settings and the crediting
/// rule set with its period length.
struct ScenarioReportSettings: Sendable, Codable {
    var names: [String]
    /// Per ledger: IPCC factors of the baseline's parameter set, so that one set of draws serves
    /// it and the baseline and differences are computed draw by draw.
    var drawnWithBaseline: [Bool]
    /// Per ledger: the process model with the baseline's parameters and ranges, so that the
    /// baseline's parameter draws serve it (`ProcessDrawSums`, ledger by ledger).
    var processDrawnWithBaseline: [Bool]
    /// The baseline's parameter set, the plan's draws and seed, the baseline's GWP.
    var monteCarlo: MonteCarloSettings
    var creditingRules: CreditingRuleSet?
    var creditingPeriodMonths: Int?
}

/// `scenario_summary.csv`: per scenario, its expected totals, the change from the observed
/// practice computed with its method, and the Monte Carlo intervals where they exist.
struct ScenarioSummarySection: ReportSection {
    let accounting: ScenarioAccounting
    let settings: ScenarioReportSettings
    /// The process model's per-draw sums, when the baseline is the process model with draws.
    let process: ProcessDrawSums?

    struct Interval {
        /// CO2e [t]: the level and the change from the baseline, 95 % intervals.
        var level: DrawSummary
        var change: DrawSummary
        /// IPCC Approach 1 (nil for the process model).
        var approach1U95: Double?
        var method: String
    }

    struct Row {
        var name: String
        var ledger: ScenarioLedger
        var interval: Interval?
        var change: Double { ledger.totals.co2eT - ledger.reference.co2eT }
    }

    static let fileName = "scenario_summary.csv"
    static let table = CSVTable<Row>([
        .text("scenario") { $0.name },
        .int("paddy_seasons") { $0.ledger.totals.seasons },
        .number("area_ha", decimals: 4) { $0.ledger.totals.areaHa },
        .number("adopted_area_ha", decimals: 4) { $0.ledger.adoptedAreaHa },
        .number("ch4_t", decimals: 6) { $0.ledger.totals.ch4Kg / 1000 },
        .number("co2e_t", decimals: 6) { $0.ledger.totals.co2eT },
        .number("co2e_t_change", decimals: 6) { $0.change },
        .number("change_pct", decimals: 3) { r in r.ledger.reference.co2eT > 0 ? 100 * r.change / r.ledger.reference.co2eT : 0 },
        .optional("co2e_t_low95", decimals: 6) { $0.interval?.level.low95 },
        .optional("co2e_t_high95", decimals: 6) { $0.interval?.level.high95 },
        .optional("co2e_t_change_low95", decimals: 6) { $0.interval?.change.low95 },
        .optional("co2e_t_change_high95", decimals: 6) { $0.interval?.change.high95 },
        .optional("approach1_u95_pct", decimals: 3) { $0.interval?.approach1U95.map { 100 * $0 } },
        .text("interval_method") { $0.interval?.method ?? "none: no draws, another method or parameter set than the baseline's, or another reference" },
    ])

    func rows() -> [Row] {
        if let process { return processRows(process) }
        let ledgers = accounting.ledgers
        let mc = settings.monteCarlo
        let model = mc.model
        let gwp = mc.gwp / 1000
        let drawn = ledgers.indices.filter { settings.drawnWithBaseline[$0] }
        let draws = mc.draws > 0 ? MonteCarlo(model: model, draws: mc.draws, seed: mc.seed).totals(drawn.map { ledgers[$0].weights }) : []
        func drawsOf(_ i: Int) -> [Double]? { drawn.firstIndex(of: i).flatMap { draws.isEmpty ? nil : draws[$0] } }
        return ledgers.indices.map { i in
            var interval: Interval? = nil
            // An interval of the change needs the same reference as the baseline's draws.
            if let d = drawsOf(i), let b = drawsOf(0), ledgers[i].reference == ledgers[0].reference {
                interval = Interval(level: DrawSummary(d.map { $0 * gwp }), change: DrawSummary(zip(d, b).map { ($0 - $1) * gwp }),
                                    approach1U95: UncertaintyBudget(ledgers[i].weights, model: model).combinedU95,
                                    method: "approach2-monte-carlo \(mc.draws) draws, seed \(mc.seed)")
            }
            return Row(name: settings.names[i], ledger: ledgers[i], interval: interval)
        }
    }

    /// The process model's intervals: each ledger drawn with the baseline, its level and its
    /// change from the baseline draw by draw (where both share the reference, as for the IPCC).
    private func processRows(_ sums: ProcessDrawSums) -> [Row] {
        let ledgers = accounting.ledgers, scale = sums.gwp / 1000
        let drawn = settings.processDrawnWithBaseline
        return ledgers.indices.map { i in
            var interval: Interval? = nil
            let keys = sums.regionKeys(ledger: i), base = sums.regionKeys(ledger: 0)
            if drawn[i], drawn[0], ledgers[i].reference == ledgers[0].reference,
               let level = sums.summary(keys, scale: scale), let change = sums.difference(keys, minus: base, scale: scale) {
                interval = Interval(level: level, change: change, approach1U95: nil,
                                    method: "process-ch4mod-monte-carlo \(sums.validDraws.count) draws, seed \(sums.seed)")
            }
            return Row(name: settings.names[i], ledger: ledgers[i], interval: interval)
        }
    }
}

/// `scenario_regions.csv`: per scenario and region, the expected totals and the change from the
/// observed practice computed with the scenario's method.
struct ScenarioRegionsSection: ReportSection {
    let accounting: ScenarioAccounting
    let settings: ScenarioReportSettings

    struct Row {
        var scenario: String
        var region: String
        var totals: EmissionTotals
        var reference: EmissionTotals
    }

    static let fileName = "scenario_regions.csv"
    static let table = CSVTable<Row>([
        .text("scenario") { $0.scenario },
        .text("region") { $0.region },
        .int("paddy_seasons") { $0.totals.seasons },
        .number("area_ha", decimals: 4) { $0.totals.areaHa },
        .number("ch4_t", decimals: 6) { $0.totals.ch4Kg / 1000 },
        .number("co2e_t", decimals: 6) { $0.totals.co2eT },
        .number("co2e_t_change", decimals: 6) { $0.totals.co2eT - $0.reference.co2eT },
    ])

    func rows() -> [Row] {
        zip(settings.names, accounting.ledgers).flatMap { name, ledger in
            ledger.byRegion.keys.sorted().map { region in
                Row(scenario: name, region: region, totals: ledger.byRegion[region]!,
                    reference: ledger.referenceByRegion[region] ?? EmissionTotals())
            }
        }
    }
}

/// `crediting.csv`, the periods of the monitoring report: per monitoring period, its vintage, the
/// baseline and project emissions of the credited fields, each deduction (uncertainty, N2O,
/// size ceiling) and the credited amount, the evidence counts and what was not claimed and why.
struct CreditingSection: ReportSection {
    let ledger: CreditingLedger
    let rules: CreditingRuleSet
    let periodMonths: Int
    /// The Monte Carlo of the reductions (IPCC factors of the baseline's parameter set).
    let monteCarlo: MonteCarloSettings?

    struct Row {
        var first: CalendarDate
        var last: CalendarDate
        var period: CreditingLedger.Period
        var amounts: CreditedAmounts
        var interval: DrawSummary?
        var rules: CreditingRuleSet
        var ch4: Double { rules.gwpCH4 / 1000 }
    }

    static let fileName = "crediting.csv"
    static let table = CSVTable<Row>([
        .text("period_start") { $0.first.description },
        .text("period_end") { $0.last.description },
        .int("vintage") { $0.first.year },
        .text("methodology") { $0.rules.id },
        .int("fields") { $0.period.fields },
        .int("paddy_seasons") { $0.period.seasons },
        .number("area_ha", decimals: 4) { $0.period.areaHa },
        .number("baseline_co2e_t", decimals: 6) { $0.amounts.baselineCO2eT },
        .number("project_co2e_t", decimals: 6) { $0.amounts.projectCO2eT },
        .number("reductions_co2e_t", decimals: 6) { $0.amounts.reductionsCO2eT },
        .optional("reductions_low95_co2e_t", decimals: 6) { $0.interval?.low95 },
        .optional("reductions_high95_co2e_t", decimals: 6) { $0.interval?.high95 },
        .number("uncertainty_deduction_co2e_t", decimals: 6) { $0.amounts.uncertaintyDeductionCO2eT },
        .number("nitrogen_kg", decimals: 3) { $0.period.nitrogen.value },
        .number("n2o_baseline_kg", decimals: 6) { $0.period.n2oBaseline.value },
        .number("n2o_project_kg", decimals: 6) { $0.period.n2oProject.value },
        .number("n2o_change_co2e_t", decimals: 6) { $0.amounts.n2oChangeCO2eT },
        .number("n2o_deduction_co2e_t", decimals: 6) { $0.amounts.n2oDeductionCO2eT },
        .number("net_co2e_t", decimals: 6) { $0.amounts.netCO2eT },
        .optional("ceiling_co2e_t", decimals: 6) { $0.amounts.ceilingCO2eT },
        .number("ceiling_deduction_co2e_t", decimals: 6) { $0.amounts.ceilingDeductionCO2eT },
        .number("credited_co2e_t", decimals: 6) { $0.amounts.creditedCO2eT },
        .int("events_counted") { $0.period.eventsCounted },
        .int("events_not_counted") { $0.period.eventsNotCounted },
        .number("unproven_reductions_co2e_t", decimals: 6) { $0.period.unprovenCH4.value * $0.ch4 },
        .int("undetermined_seasons") { $0.period.undeterminedSeasons },
        .int("excluded_seasons") { $0.period.excludedSeasons },
        .number("undetermined_area_ha", decimals: 4) { $0.period.undeterminedArea.value },
        .number("undetermined_reductions_not_claimed_co2e_t", decimals: 6) { $0.period.undeterminedCH4.value * $0.ch4 },
        .int("ineligible_fields") { $0.period.ineligibleFields },
        .number("ineligible_area_ha", decimals: 4) { $0.period.ineligibleArea.value },
    ])

    func rows() -> [Row] {
        ledger.entries.keys.sorted().map { p in
            let e = ledger.entries[p]!
            var interval: DrawSummary? = nil
            if let mc = monteCarlo, mc.draws > 0 {
                // Each period draws with its own seed: the plan's seed plus the period index.
                let t = MonteCarlo(model: mc.model, draws: mc.draws, seed: mc.seed &+ UInt64(bitPattern: Int64(p)))
                    .totals([e.baselineWeights, e.projectWeights])
                interval = DrawSummary(zip(t[0], t[1]).map { ($0 - $1) * (rules.gwpCH4 / 1000) })
            }
            let (first, last) = ledger.periods.bounds(p)
            return Row(first: first, last: last, period: e, amounts: CreditedAmounts(e, rules: rules, periodMonths: periodMonths),
                       interval: interval, rules: rules)
        }
    }
}

/// `scenario_region_seasons.csv`: `region_seasons.csv` for every scenario (the baseline first), at
/// expected values; the interval where the scenario is drawn with the baseline's factors.
struct ScenarioRegionSeasonSection: ReportSection {
    let section: RegionSeasonSection
    static let fileName = "scenario_region_seasons.csv"
    static var table: CSVTable<RegionSeasonSection.Row> {
        CSVTable([.text("scenario") { $0.scenario }] + RegionSeasonSection.columns)
    }
    func rows() -> [RegionSeasonSection.Row] { section.rows() }
}

/// `scenario_attribute_summary.csv`: `attribute_summary.csv` for every scenario, at expected values.
struct ScenarioAttributeSummarySection: ReportSection {
    let section: AttributeSummarySection
    static let fileName = "scenario_attribute_summary.csv"
    static var table: CSVTable<AttributeSummarySection.Row> {
        CSVTable([.text("scenario") { $0.scenario }] + AttributeSummarySection.columns)
    }
    func rows() -> [AttributeSummarySection.Row] { section.rows() }
}

/// `monitoring_fields.csv`, the fields of the monitoring report: one row per field and
/// monitoring period (an ineligible field without project seasons: one row without a period),
/// with its eligibility, baseline and project emissions, the N2O of its nitrogen and the
/// evidence behind its project regime; formatted on the compute threads.
enum MonitoringFieldRows {
    struct Row {
        var field: CreditingField
        var bounds: (CalendarDate, CalendarDate)?
        var seasons: [CreditingSeason]
        var rules: CreditingRuleSet
        var ch4: Double { rules.gwpCH4 / 1000 }
        func sum(_ f: (CreditingSeason) -> Double) -> Double { seasons.filter(\.counts).reduce(0) { $0 + f($1) } }
        func list(_ f: (CreditingSeason) -> String?) -> String {
            var seen: [String] = []
            for s in seasons { if let v = f(s), !seen.contains(v) { seen.append(v) } }
            return seen.joined(separator: ";")
        }
    }

    static let fileName = "monitoring_fields.csv"
    static let table = CSVTable<Row>([
        .text("paddy_id") { $0.field.paddyID },
        .text("region") { $0.field.region ?? "" },
        .text("period_start") { $0.bounds?.0.description ?? "" },
        .text("period_end") { $0.bounds?.1.description ?? "" },
        .text("vintage") { $0.bounds.map { String($0.0.year) } ?? "" },
        .text("eligible") { $0.field.ineligibility == nil ? "yes" : "no" },
        .text("ineligibility_reason") { $0.field.ineligibility ?? "" },
        .text("status") { r in r.list { $0.status.rawValue } },
        .int("paddy_seasons") { $0.seasons.count },
        .number("area_ha", decimals: 6) { $0.seasons.first?.areaHa ?? 0 },
        .int("lookback_seasons") { $0.field.lookback.count },
        .text("baseline_regime") { r in r.list { $0.baselineRegime?.rawValue } },
        .text("project_regime") { r in r.list { $0.projectRegime?.rawValue } },
        .number("baseline_co2e_t", decimals: 6) { r in r.sum(\.baselineCH4Kg) * r.ch4 },
        .number("project_co2e_t", decimals: 6) { r in r.sum(\.projectCH4Kg) * r.ch4 },
        .number("reductions_co2e_t", decimals: 6) { r in r.sum { $0.baselineCH4Kg - $0.projectCH4Kg } * r.ch4 },
        .optional("nitrogen_kg", decimals: 3) { r in r.seasons.contains { $0.nitrogenKg != nil } ? r.sum { $0.nitrogenKg ?? 0 } : nil },
        .number("n2o_baseline_kg", decimals: 6) { r in r.sum(\.n2oBaselineKg) },
        .number("n2o_project_kg", decimals: 6) { r in r.sum(\.n2oProjectKg) },
        .number("n2o_deduction_co2e_t", decimals: 6) { r in r.sum(\.n2oDeductionKg) * r.rules.gwpN2O / 1000 },
        .int("events_counted") { r in r.seasons.reduce(0) { $0 + $1.eventsCounted } },
        .int("events_not_counted") { r in r.seasons.reduce(0) { $0 + $1.eventsNotCounted } },
        .int("observed_event_days") { r in r.seasons.reduce(0) { $0 + $1.observedEventDays } },
        .int("longest_revisit_gap_days") { r in r.seasons.map(\.longestRevisitGapDays).max() ?? 0 },
        .number("unproven_reductions_co2e_t", decimals: 6) { r in r.sum(\.unprovenCH4Kg) * r.ch4 },
        .number("undetermined_reductions_not_claimed_co2e_t", decimals: 6) { r in
            r.seasons.reduce(0) { $0 + $1.undeterminedCH4Kg } * r.ch4
        },
    ])

    /// The rows of one field, in period order.
    static func bytes(_ field: CreditingField, rules: CreditingRuleSet, periods: MonitoringPeriods) -> [UInt8] {
        var out: [UInt8] = []
        guard !field.seasons.isEmpty else {
            if field.ineligibility != nil { table.append(Row(field: field, bounds: nil, seasons: [], rules: rules), to: &out) }
            return out
        }
        var byPeriod: [(Int, [CreditingSeason])] = []
        for s in field.seasons {
            if let k = byPeriod.firstIndex(where: { $0.0 == s.period }) { byPeriod[k].1.append(s) } else { byPeriod.append((s.period, [s])) }
        }
        for (p, seasons) in byPeriod.sorted(by: { $0.0 < $1.0 }) {
            table.append(Row(field: field, bounds: periods.bounds(p), seasons: seasons, rules: rules), to: &out)
        }
        return out
    }
}

/// The summary reports of a scenario run, from its accounting and breakdowns.
struct ScenarioSections {
    let accounting: ScenarioAccounting
    let settings: ScenarioReportSettings
    /// Each ledger's breakdowns (index 0 the baseline).
    let breakdowns: [Breakdowns]
    let reporting: ReportingOptions
    /// The process model's per-draw sums, when drawn.
    let process: ProcessDrawSums?

    /// (file name, contents) in the order they are written.
    var files: [(String, ReportText)] {
        var out: [(String, ReportText)] = [(ScenarioSummarySection.fileName, ScenarioSummarySection(accounting: accounting, settings: settings, process: process).text()),
                   (ScenarioRegionsSection.fileName, ScenarioRegionsSection(accounting: accounting, settings: settings).text())]
        let named = Array(zip(settings.names, breakdowns).enumerated())
        let seasons = RegionSeasonSection(cells: named.map { i, nb in
            (nb.0, nb.1.byRegionSeason, settings.drawnWithBaseline[i] ? .ipcc(settings.monteCarlo)
                : process.flatMap { settings.processDrawnWithBaseline[i] ? .process($0, ledger: i) : nil })
        })
        out.append((ScenarioRegionSeasonSection.fileName, ScenarioRegionSeasonSection(section: seasons).text()))
        if !reporting.groupBy.isEmpty {
            let groups = AttributeSummarySection(cells: named.map { _, nb in (nb.0, nb.1.byAttribute) })
            out.append((ScenarioAttributeSummarySection.fileName, ScenarioAttributeSummarySection(section: groups).text()))
        }
        if let ledger = accounting.crediting, let rules = settings.creditingRules, let months = settings.creditingPeriodMonths {
            let section = CreditingSection(ledger: ledger, rules: rules, periodMonths: months,
                                           monteCarlo: settings.drawnWithBaseline[0] ? settings.monteCarlo : nil)
            out.append((CreditingSection.fileName, section.text()))
        }
        return out
    }
}

/// `scenario_paddy_seasons.csv`: one row per scenario and paddy-season, formatted on the
/// compute threads.
enum ScenarioSeasonRows {
    struct Row {
        var scenario: String
        var result: ScenarioSeasonResult
        var baseline: PaddySeasonResult { result.baseline }
        var adopted: PaddySeasonResult { result.adopted }
    }

    static let fileName = "scenario_paddy_seasons.csv"
    static let table = CSVTable<Row>([
        .text("scenario") { $0.scenario },
        .text("paddy_id") { $0.baseline.paddyID },
        .text("region") { $0.baseline.region ?? "" },
        .text("season_start") { $0.baseline.calendar.date(ofDay: $0.baseline.assessment.window.firstDay).description },
        .text("season_end") { $0.baseline.calendar.date(ofDay: $0.baseline.assessment.window.lastDay).description },
        .int("days") { $0.baseline.days },
        .number("area_ha", decimals: 6) { $0.baseline.areaHa },
        .number("adoption_fraction", decimals: 4) { $0.result.adoptionFraction },
        .text("water_regime_baseline") { $0.baseline.assessment.regime.rawValue },
        .text("water_regime_scenario") { $0.adopted.assessment.regime.rawValue },
        .int("drainage_events_scenario") { $0.adopted.assessment.events.count },
        .number("organic_amendment_t_ha_scenario", decimals: 3) { $0.adopted.amendmentRateTPerHa },
        .number("ch4_kg_baseline", decimals: 6) { $0.baseline.ch4Kg },
        .number("ch4_kg_adopted", decimals: 6) { $0.adopted.ch4Kg },
        .number("ch4_kg_expected", decimals: 6) { $0.result.expectedCH4Kg },
        .number("co2e_t_expected", decimals: 6) { $0.result.expectedCO2eT },
        .text("method") { $0.adopted.method },
    ])

    /// The rows of one paddy under every scenario, in scenario order.
    static func bytes(_ names: [String], _ perScenario: [[ScenarioSeasonResult]]) -> [UInt8] {
        var out: [UInt8] = []
        for (name, results) in zip(names, perScenario) {
            for x in results { out += table.line(Row(scenario: name, result: x)).utf8 }
        }
        return out
    }
}
