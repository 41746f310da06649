import PaddyMethane

/// Monte Carlo settings of a run: the parameter set whose factor ranges are drawn, the draws,
/// the seed and the GWP; part of the shard state, so that `merge` draws exactly as one run.
struct MonteCarloSettings: Sendable, Codable {
    var parameters: ParameterSet
    var draws: Int
    var seed: UInt64
    /// CO2e per kg CH4 [kg].
    var gwp: Double

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

/// CRT 3.C: harvested area [kha and 10⁹ m²], organic amendments added [t ha⁻¹], implied emission
/// factor [g CH4 m⁻²], CH4 [kt]. Subtotals and the total are sums of the rows above them.
struct CRTSection: ReportSection {
    let aggregate: InventoryAggregate

    struct Row {
        var code: String
        var label: String
        var totals: EmissionTotals
    }

    static let fileName = "crt_3c.csv"
    static let table = CSVTable<Row>([
        .text("code") { $0.code },
        .text("category") { $0.label },
        .int("paddy_seasons") { $0.totals.seasons },
        .number("harvested_area_kha", decimals: 6) { $0.totals.areaHa / 1000 },
        .number("harvested_area_1e9_m2", decimals: 6) { $0.totals.areaHa / 100_000 },
        .number("organic_amendments_t_ha", decimals: 4) { $0.totals.amendmentTPerHa },
        .number("implied_ef_g_m2", decimals: 6) { $0.totals.ch4KgPerHa / 10 },
        .number("ch4_kt", decimals: 9) { $0.totals.ch4Kg / 1e6 },
    ])

    func rows() -> [Row] {
        var out: [Row] = []
        var grand = EmissionTotals()
        for (code, title) in [("3.C.1", "Irrigated"), ("3.C.2", "Rainfed"), ("3.C.3", "Deep water"), ("3.C.4", "Other")] {
            var sub = EmissionTotals()
            for row in CRTRow.allCases where row.code == code {
                let t = aggregate.byCRT[row] ?? EmissionTotals()
                out.append(Row(code: code, label: row.label, totals: t))
                sub.add(t)
            }
            out.append(Row(code: code, label: "\(title): total", totals: sub))
            grand.add(sub)
        }
        out.append(Row(code: "3.C", label: "Rice cultivation: total", totals: grand))
        return out
    }
}

/// `uncertainty.csv`: IPCC Approach 2 and Approach 1 for the total and each CRT row: CH4 [t] and
/// CO2e [t] with their 95 % intervals, all rows drawn together (the factors are shared).
struct UncertaintySection: ReportSection {
    let aggregate: InventoryAggregate
    let settings: MonteCarloSettings

    struct Row {
        var code: String
        var label: String
        /// CH4 [kg]: the estimate (factors at their published values) and the 95 % interval.
        var ch4Kg: Double
        var draws: DrawSummary
        var approach1U95: Double
        var settings: MonteCarloSettings
    }

    static let fileName = "uncertainty.csv"
    static let table = CSVTable<Row>([
        .text("code") { $0.code },
        .text("category") { $0.label },
        .number("ch4_t", decimals: 6) { $0.ch4Kg / 1000 },
        .number("ch4_t_low95", decimals: 6) { $0.draws.low95 / 1000 },
        .number("ch4_t_high95", decimals: 6) { $0.draws.high95 / 1000 },
        .number("co2e_t", decimals: 6) { $0.ch4Kg * $0.settings.gwp / 1000 },
        .number("co2e_t_low95", decimals: 6) { $0.draws.low95 * $0.settings.gwp / 1000 },
        .number("co2e_t_high95", decimals: 6) { $0.draws.high95 * $0.settings.gwp / 1000 },
        .number("approach1_u95_pct", decimals: 3) { 100 * $0.approach1U95 },
        .int("draws") { $0.settings.draws },
        .text("seed") { String($0.settings.seed) },
    ])

    func rows() -> [Row] {
        let crt = CRTRow.allCases.filter { aggregate.weightsByCRT[$0] != nil }
        var total = CategoryWeights()
        for r in crt { total.add(aggregate.weightsByCRT[r]!) }
        let sets = [total] + crt.map { aggregate.weightsByCRT[$0]! }
        let labels = ["Rice cultivation: total"] + crt.map(\.label)
        let codes = ["3.C"] + crt.map(\.code)
        let model = settings.model
        let draws = MonteCarlo(model: model, draws: settings.draws, seed: settings.seed).totals(sets)
        return sets.indices.map { i in
            let estimate = zip(sets[i].keys, sets[i].weights).reduce(0.0) { $0 + $1.1 * model.ef(model.plan($1.0), model.values) }
            return Row(code: codes[i], label: labels[i], ch4Kg: estimate, draws: DrawSummary(draws[i]),
                       approach1U95: model.approach1(sets[i]), settings: settings)
        }
    }
}

/// The summary reports of an inventory: region summary, CRT 3.C and, for IPCC methods with
/// draws, the uncertainty; all computed from the exact aggregate.
struct InventorySections {
    let aggregate: InventoryAggregate
    let monteCarlo: MonteCarloSettings?

    /// (file name, contents) in the order they are written.
    var files: [(String, ReportText)] {
        var out: [(String, ReportText)] = [(RegionSummarySection.fileName, RegionSummarySection(aggregate: aggregate).text()),
                   (CRTSection.fileName, CRTSection(aggregate: aggregate).text())]
        if let m = monteCarlo { out.append((UncertaintySection.fileName, UncertaintySection(aggregate: aggregate, settings: m).text())) }
        return out
    }
}
