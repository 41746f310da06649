import PaddyMethane

/// Monte Carlo 95 % intervals by region, drawn as the reports' intervals are (one draw of every
/// factor for all regions and scenarios, `MonteCarloSettings`), for the HTML report's charts.
enum RegionIntervals {
    /// CO2e [t] of each region of the inventory.
    static func inventory(_ aggregate: InventoryAggregate, _ mc: MonteCarloSettings) -> [String: DrawSummary] {
        let regions = aggregate.weightsByRegion.keys.sorted()
        guard mc.draws > 0, !regions.isEmpty else { return [:] }
        let draws = MonteCarlo(model: mc.model, draws: mc.draws, seed: mc.seed).totals(regions.map { aggregate.weightsByRegion[$0]! })
        return Dictionary(uniqueKeysWithValues: zip(regions, draws.map { DrawSummary($0.map { $0 * mc.gwp / 1000 }) }))
    }

    /// CO2e [t] of each region of a process-model inventory, over the parameter draws.
    static func inventory(_ aggregate: InventoryAggregate, _ p: ProcessDrawSums) -> [String: DrawSummary] {
        var out: [String: DrawSummary] = [:]
        for r in aggregate.byRegion.keys { out[r] = p.summary([ProcessDrawSums.region(r, ledger: 0)], scale: p.gwp / 1000) }
        return out
    }

    /// The change of CO2e [t] from the observed practice of each scenario and region of a
    /// process-model run, draw by draw, under the conditions of `scenarioChanges(_:_:)`.
    static func scenarioChanges(_ accounting: ScenarioAccounting, _ settings: ScenarioReportSettings, _ p: ProcessDrawSums) -> [Int: [String: DrawSummary]] {
        let ledgers = accounting.ledgers, drawn = settings.processDrawnWithBaseline
        var out: [Int: [String: DrawSummary]] = [:]
        for i in ledgers.indices.dropFirst() where drawn[i] && drawn[0] && ledgers[i].reference == ledgers[0].reference {
            var regions: [String: DrawSummary] = [:]
            for r in ledgers[i].byRegion.keys {
                regions[r] = p.difference([ProcessDrawSums.region(r, ledger: i)], minus: [ProcessDrawSums.region(r, ledger: 0)], scale: p.gwp / 1000)
            }
            out[i] = regions
        }
        return out
    }

    /// The change of CO2e [t] from the observed practice of each scenario (index ≥ 1) and region,
    /// where the scenario is drawn with the baseline and measured from the same reference, as
    /// `scenario_summary.csv`'s intervals are; keyed by scenario index and region.
    static func scenarioChanges(_ accounting: ScenarioAccounting, _ settings: ScenarioReportSettings) -> [Int: [String: DrawSummary]] {
        let mc = settings.monteCarlo, ledgers = accounting.ledgers
        guard mc.draws > 0 else { return [:] }
        let base = ledgers[0]
        var out: [Int: [String: DrawSummary]] = [:]
        for i in ledgers.indices.dropFirst() where settings.drawnWithBaseline[i] && settings.drawnWithBaseline[0] && ledgers[i].reference == base.reference {
            let regions = ledgers[i].weightsByRegion.keys.sorted()
            let sets = regions.flatMap { [ledgers[i].weightsByRegion[$0]!, base.weightsByRegion[$0] ?? UncertaintyWeights()] }
            let draws = MonteCarlo(model: mc.model, draws: mc.draws, seed: mc.seed).totals(sets)
            out[i] = Dictionary(uniqueKeysWithValues: regions.enumerated().map { k, r in
                (r, DrawSummary(zip(draws[2 * k], draws[2 * k + 1]).map { ($0 - $1) * mc.gwp / 1000 }))
            })
        }
        return out
    }
}
