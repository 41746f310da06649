import PaddyMethane

/// What the scenario reports need besides the accounting: the scenario names (index 0 the
/// baseline), which ledgers the baseline's Monte Carlo draws, its settings and the crediting rule.
struct ScenarioReportSettings: Sendable, Codable {
    var names: [String]
    /// Per ledger: IPCC factors of the baseline's parameter set, so that one set of draws serves
    /// it and the baseline and differences are computed draw by draw.
    var drawnWithBaseline: [Bool]
    /// The baseline's parameter set, the plan's draws and seed, the baseline's GWP.
    var monteCarlo: MonteCarloSettings
    var creditingRule: CreditingRule?
}

/// `scenario_summary.csv`: per scenario, its expected totals, the change from the observed
/// practice computed with its method, and the Monte Carlo intervals where they exist.
struct ScenarioSummarySection: ReportSection {
    let accounting: ScenarioAccounting
    let settings: ScenarioReportSettings

    struct Interval {
        /// CO2e [t]: the level and the change from the baseline, 95 % intervals.
        var level: DrawSummary
        var change: DrawSummary
        var approach1U95: Double
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
        .optional("approach1_u95_pct", decimals: 3) { $0.interval.map { 100 * $0.approach1U95 } },
        .text("interval_method") { $0.interval?.method ?? "none: process model or another parameter set" },
    ])

    func rows() -> [Row] {
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
                                    approach1U95: model.approach1(ledgers[i].weights),
                                    method: "approach2-monte-carlo \(mc.draws) draws, seed \(mc.seed)")
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

/// `crediting.csv`: emission reductions per monitoring period, the counterfactual (baseline
/// practice) minus the observed practice, with the methodology's uncertainty deduction.
struct CreditingSection: ReportSection {
    let ledger: CreditingLedger
    let rule: CreditingRule
    /// The Monte Carlo of the reductions, when the counterfactual is drawn with the baseline.
    let monteCarlo: MonteCarloSettings?

    struct Row {
        var first: CalendarDate
        var last: CalendarDate
        var period: CreditingLedger.Period
        var interval: DrawSummary?
        var rule: CreditingRule
        var credited: Double? { rule.credited(reductions: period.reductionsCO2eT, low95: interval?.low95) }
    }

    static let fileName = "crediting.csv"
    static let table = CSVTable<Row>([
        .text("period_start") { $0.first.description },
        .text("period_end") { $0.last.description },
        .int("paddy_seasons") { $0.period.seasons },
        .number("area_ha", decimals: 4) { $0.period.areaHa },
        .number("baseline_co2e_t", decimals: 6) { $0.period.counterfactualCO2eT },
        .number("project_co2e_t", decimals: 6) { $0.period.observedCO2eT },
        .number("reductions_co2e_t", decimals: 6) { $0.period.reductionsCO2eT },
        .optional("reductions_low95_co2e_t", decimals: 6) { $0.interval?.low95 },
        .optional("reductions_high95_co2e_t", decimals: 6) { $0.interval?.high95 },
        .optional("credited_co2e_t", decimals: 6) { $0.credited },
        .text("methodology") { $0.rule.name },
        .text("n2o_deducted") { _ in "no" },
    ])

    func rows() -> [Row] {
        ledger.entries.keys.sorted().map { p in
            let e = ledger.entries[p]!
            var interval: DrawSummary? = nil
            if let mc = monteCarlo, mc.draws > 0 {
                // Each period draws with its own seed: the plan's seed plus the period index.
                let t = MonteCarlo(model: mc.model, draws: mc.draws, seed: mc.seed &+ UInt64(bitPattern: Int64(p)))
                    .totals([e.counterfactualWeights, e.observedWeights])
                interval = DrawSummary(zip(t[0], t[1]).map { ($0 - $1) * (mc.gwp / 1000) })
            }
            let (first, last) = ledger.periods.bounds(p)
            return Row(first: first, last: last, period: e, interval: interval, rule: rule)
        }
    }
}

/// The summary reports of a scenario run, from its accounting.
struct ScenarioSections {
    let accounting: ScenarioAccounting
    let settings: ScenarioReportSettings

    /// (file name, contents) in the order they are written.
    var files: [(String, ReportText)] {
        var out: [(String, ReportText)] = [(ScenarioSummarySection.fileName, ScenarioSummarySection(accounting: accounting, settings: settings).text()),
                   (ScenarioRegionsSection.fileName, ScenarioRegionsSection(accounting: accounting, settings: settings).text())]
        if let ledger = accounting.crediting, let rule = settings.creditingRule, let s = accounting.creditingScenario {
            let section = CreditingSection(ledger: ledger, rule: rule, monteCarlo: settings.drawnWithBaseline[s] ? settings.monteCarlo : nil)
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
