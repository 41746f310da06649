import PaddyMethane

/// Monte Carlo settings of a run: the parameter set whose factor ranges are drawn, the draws,
/// the seed and the GWP; part of the shard state, so that `merge` draws exactly as one run.
struct MonteCarloSettings: Sendable, Codable {
    var parameters: ParameterSet
    var draws: Int
    var seed: UInt64
    /// CO2e per kg CH4 [kg].
    var gwp: Double
    /// Base year of the Approach 1 trend columns (`--base-year`), or nil.
    var baseYear: Int? = nil

    var model: FactorModel { FactorModel(parameters: parameters) }
}

/// `region_summary.csv`: seasons, area, CH4 and CO2e per region and in total.
struct RegionSummarySection: ReportSection {
    let aggregate: InventoryAggregate

    struct Row {
        var name: String
        var totals: EmissionTotals
    }

    static let fileName = "region_summary.csv"
    static let table = CSVTable<Row>([
        .text("region") { $0.name },
        .int("paddy_seasons") { $0.totals.seasons },
        .number("area_ha", decimals: 4) { $0.totals.areaHa },
        .number("ch4_t", decimals: 6) { $0.totals.ch4Kg / 1000 },
        .number("co2e_t", decimals: 6) { $0.totals.co2eT },
        .number("ch4_kg_per_ha", decimals: 4) { $0.totals.ch4KgPerHa },
    ])

    func rows() -> [Row] {
        aggregate.byRegion.keys.sorted().map { Row(name: $0, totals: aggregate.byRegion[$0]!) } + [Row(name: "TOTAL", totals: aggregate.total)]
    }
}

/// Where the intervals of a report come from: the IPCC factor Monte Carlo, or the process
/// model's per-draw sums of one ledger (0: the inventory or baseline).
enum Intervals: Sendable {
    case ipcc(MonteCarloSettings)
    case process(ProcessDrawSums, ledger: Int)
}

/// `uncertainty.csv`: for the total and each CRT row, CH4 [t] and CO2e [t] with their 95 %
/// intervals. IPCC methods: Approach 2 and Approach 1, all rows drawn together (the factors and
/// the activity-data error sources are shared), factor and activity-data uncertainty combined.
/// The process model: the empirical interval of the per-draw totals over CH4MOD's parameter draws
/// (`ProcessDrawSums`), no Approach 1.
struct UncertaintySection: ReportSection {
    let aggregate: InventoryAggregate
    let intervals: Intervals

    struct Row {
        var code: String
        var label: String
        /// CH4 [kg]: the estimate (factors or parameters at their published values) and the 95 %
        /// interval (nil when every draw failed).
        var ch4Kg: Double
        var draws: DrawSummary?
        var approach1U95: Double?
        var gwp: Double
        /// Draws the interval is taken over, and their seed.
        var drawCount: Int
        var seed: UInt64
    }

    static let fileName = "uncertainty.csv"
    static let table = CSVTable<Row>([
        .text("code") { $0.code },
        .text("category") { $0.label },
        .number("ch4_t", decimals: 6) { $0.ch4Kg / 1000 },
        .optional("ch4_t_low95", decimals: 6) { $0.draws.map { $0.low95 / 1000 } },
        .optional("ch4_t_high95", decimals: 6) { $0.draws.map { $0.high95 / 1000 } },
        .number("co2e_t", decimals: 6) { $0.ch4Kg * $0.gwp / 1000 },
        .optional("co2e_t_low95", decimals: 6) { r in r.draws.map { $0.low95 * r.gwp / 1000 } },
        .optional("co2e_t_high95", decimals: 6) { r in r.draws.map { $0.high95 * r.gwp / 1000 } },
        .optional("approach1_u95_pct", decimals: 3) { $0.approach1U95.map { 100 * $0 } },
        .int("draws") { $0.drawCount },
        .text("seed") { String($0.seed) },
    ])

    func rows() -> [Row] {
        switch intervals {
        case .ipcc(let settings): ipccRows(settings)
        case .process(let sums, let ledger): processRows(sums, ledger: ledger)
        }
    }

    /// Total and CRT rows of the process model: the nominal estimate and the per-draw totals of
    /// the rows' CRT keys.
    private func processRows(_ sums: ProcessDrawSums, ledger: Int) -> [Row] {
        let crt = CRTRow.allCases.filter { aggregate.byCRT[$0] != nil }
        let key = { (r: CRTRow) in ProcessDrawKey(ledger: ledger, scope: .crt(r)) }
        func row(_ code: String, _ label: String, _ ch4Kg: Double, _ keys: [ProcessDrawKey]) -> Row {
            Row(code: code, label: label, ch4Kg: ch4Kg, draws: sums.summary(keys), approach1U95: nil, gwp: sums.gwp,
                drawCount: sums.validDraws.count, seed: sums.seed)
        }
        return [row("3.C", "Rice cultivation: total", aggregate.total.ch4Kg, crt.map(key))]
            + crt.map { row(CRTTable3C.line(of: $0).code, CRTTable3C.line(of: $0).label, aggregate.byCRT[$0]!.ch4Kg, [key($0)]) }
    }

    private func ipccRows(_ settings: MonteCarloSettings) -> [Row] {
        let weights = aggregate.uncertaintyWeights()
        let crt = CRTRow.allCases.filter { weights[$0] != nil }
        var total = UncertaintyWeights()
        for r in crt { total.add(weights[r]!) }
        let sets = [total] + crt.map { weights[$0]! }
        let lines = crt.map(CRTTable3C.line(of:))
        let labels = ["Rice cultivation: total"] + lines.map(\.label)
        let codes = ["3.C"] + lines.map(\.code)
        let model = settings.model
        let draws = MonteCarlo(model: model, draws: settings.draws, seed: settings.seed).totals(sets)
        return sets.indices.map { i in
            let budget = UncertaintyBudget(sets[i], model: model)
            return Row(code: codes[i], label: labels[i], ch4Kg: budget.emissionKg, draws: DrawSummary(draws[i]),
                       approach1U95: budget.combinedU95, gwp: settings.gwp, drawCount: settings.draws, seed: settings.seed)
        }
    }
}

/// `region_seasons.csv`: per region and season (the run configuration's named seasons by harvest
/// month, else the harvest month), the totals per hectare, the emission intensity where grain
/// yields are known and, with draws (IPCC methods or the process model), the Monte Carlo 95 %
/// interval of each cell (the same draws as `uncertainty.csv`).
struct RegionSeasonSection: ReportSection {
    /// The cells, where their intervals come from (nil: no interval) and the scenario names (nil
    /// for an inventory).
    let cells: [(scenario: String?, cells: [RegionSeasonKey: BreakdownCell], intervals: Intervals?)]

    struct Row {
        var scenario: String
        var key: RegionSeasonKey
        var cell: BreakdownCell
        /// CH4 [kg] of the draws and the GWP [kg CO2e per kg CH4], when drawn.
        var draws: DrawSummary?
        var gwp: Double?
    }

    static let fileName = "region_seasons.csv"
    static var table: CSVTable<Row> { CSVTable(columns) }

    /// The columns after the key: shared with `scenario_region_seasons.csv`.
    static let columns: [Column<Row>] = [
        .text("region") { $0.key.region },
        .int("harvest_year") { $0.key.harvestYear },
        .text("season") { $0.key.season },
    ] + BreakdownColumns.totals { $0.cell } + [
        .optional("ch4_t_low95", decimals: 6) { $0.draws.map { $0.low95 / 1000 } },
        .optional("ch4_t_high95", decimals: 6) { $0.draws.map { $0.high95 / 1000 } },
        .optional("co2e_t_low95", decimals: 6) { r in r.draws.map { $0.low95 * r.gwp! / 1000 } },
        .optional("co2e_t_high95", decimals: 6) { r in r.draws.map { $0.high95 * r.gwp! / 1000 } },
    ] + BreakdownColumns.intensity { $0.cell }

    func rows() -> [Row] {
        cells.flatMap { scenario, cells, intervals in
            let keys = cells.keys.sorted()
            let draws: [DrawSummary?]?, gwp: Double?
            switch intervals {
            case .ipcc(let mc)?:
                draws = mc.draws > 0 ? MonteCarlo(model: mc.model, draws: mc.draws, seed: mc.seed).totals(keys.map { cells[$0]!.weights }).map(DrawSummary.init) : nil
                gwp = mc.gwp
            case .process(let sums, let ledger)?:
                draws = keys.map { sums.summary([ProcessDrawKey(ledger: ledger, scope: .regionSeason($0))]) }
                gwp = sums.gwp
            case nil:
                (draws, gwp) = (nil, nil)
            }
            return keys.enumerated().map { i, k in
                Row(scenario: scenario ?? "", key: k, cell: cells[k]!, draws: draws?[i], gwp: gwp)
            }
        }
    }
}

/// `attribute_summary.csv`: per attribute of `--group-by` and each of its values ("" for paddies
/// without it), the totals per hectare and the emission intensity where grain yields are known.
struct AttributeSummarySection: ReportSection {
    let cells: [(scenario: String?, cells: [AttributeValueKey: BreakdownCell])]

    struct Row {
        var scenario: String
        var key: AttributeValueKey
        var cell: BreakdownCell
    }

    static let fileName = "attribute_summary.csv"
    static var table: CSVTable<Row> { CSVTable(columns) }

    static let columns: [Column<Row>] = [
        .text("attribute") { $0.key.attribute },
        .text("value") { $0.key.value },
    ] + BreakdownColumns.totals { $0.cell } + BreakdownColumns.intensity { $0.cell }

    func rows() -> [Row] {
        cells.flatMap { scenario, cells in
            cells.keys.sorted().map { Row(scenario: scenario ?? "", key: $0, cell: cells[$0]!) }
        }
    }
}

/// The columns every breakdown shares: totals, per hectare, and the emission intensity.
enum BreakdownColumns {
    static func totals<Row>(_ cell: @escaping @Sendable (Row) -> BreakdownCell) -> [Column<Row>] {
        [
            .int("paddy_seasons") { cell($0).totals.seasons },
            .number("area_ha", decimals: 4) { cell($0).totals.areaHa },
            .number("ch4_t", decimals: 6) { cell($0).totals.ch4Kg / 1000 },
            .number("co2e_t", decimals: 6) { cell($0).totals.co2eT },
            .number("ch4_kg_ha", decimals: 4) { cell($0).totals.ch4KgPerHa },
            .number("co2e_t_ha", decimals: 6) { r in
                let t = cell(r).totals
                return t.areaHa > 0 ? t.co2eT / t.areaHa : 0
            },
        ]
    }

    static func intensity<Row>(_ cell: @escaping @Sendable (Row) -> BreakdownCell) -> [Column<Row>] {
        [
            .number("grain_t", decimals: 4) { cell($0).grainT },
            .optional("co2e_kg_per_kg_grain", decimals: 6) { cell($0).co2eKgPerKgGrain },
        ]
    }
}

/// The summary reports of an inventory: region summary, CRT 3.C, region × season and, with
/// `--group-by`, the attribute summary; with draws, the uncertainty (and for IPCC methods,
/// Approach 1). All are computed from the exact aggregate, breakdowns and per-draw sums.
struct InventorySections {
    let summary: RunSummary
    let monteCarlo: MonteCarloSettings?
    let reporting: ReportingOptions

    /// (file name, contents) in the order they are written.
    var files: [(String, ReportText)] {
        let aggregate = summary.aggregate, b = summary.breakdowns
        var out: [(String, ReportText)] = [(RegionSummarySection.fileName, RegionSummarySection(aggregate: aggregate).text()),
                   (CRTSection.fileName, CRTSection(aggregate: aggregate, breakdowns: b, year: reporting.inventoryYear).text()),
                   (RegionSeasonSection.fileName, RegionSeasonSection(cells: [(nil, b.byRegionSeason, intervals)]).text())]
        if !reporting.groupBy.isEmpty {
            out.append((AttributeSummarySection.fileName, AttributeSummarySection(cells: [(nil, b.byAttribute)]).text()))
        }
        if let m = monteCarlo {
            out.append((UncertaintySection.fileName, UncertaintySection(aggregate: aggregate, intervals: .ipcc(m)).text()))
            out.append((ApproachOneSection.fileName, ApproachOneSection(aggregate: aggregate, settings: m).text()))
        } else if let p = summary.processDraws {
            out.append((UncertaintySection.fileName, UncertaintySection(aggregate: aggregate, intervals: .process(p, ledger: 0)).text()))
        }
        return out
    }

    /// The intervals of the inventory's breakdowns: the IPCC Monte Carlo, else the process model's draws.
    var intervals: Intervals? {
        monteCarlo.map { .ipcc($0) } ?? summary.processDraws.map { .process($0, ledger: 0) }
    }
}
