public import PaddyMethane
public import Foundation

/// A crediting rule set file (`models/crediting/<id>.yaml`), decoded strictly: every rule is
/// `{value, section, status, source}`, so that each value names where in the methodology it
/// comes from and whether it was read there, only transcribed, or is a project convention.
public struct CreditingRuleSetFile: Sendable, Decodable {
    /// How a rule's value is known.
    public enum Status: String, Sendable, Decodable, CaseIterable {
        /// Read in the methodology text itself.
        case verified
        /// From a public transcription only.
        case transcribed
        /// A convention of this project where the methodology sets no number.
        case project
    }

    public struct Rule<Value: Decodable & Sendable>: Decodable, Sendable {
        public var value: Value
        public var section: String
        public var status: Status
        public var source: String
    }

    public enum Approach: String, Sendable, Decodable, CaseIterable { case default_factors }
    public enum Construction: String, Sendable, Decodable, CaseIterable { case lookback, counterfactual }
    public enum LookbackUndetermined: String, Sendable, Decodable, CaseIterable { case ineligible }

    public struct Eligibility: Decodable, Sendable { public var water_supply: Rule<[WaterSupply]> }
    public struct Baseline: Decodable, Sendable {
        public var construction: Rule<Construction>
        public var lookback_years: Rule<Int>?
        public var min_seasons_per_year: Rule<Int>?
        public var statistic: Rule<LookbackStatistic>?
        public var allowed_regimes: Rule<[WaterRegime]>?
        public var undetermined_lookback: Rule<LookbackUndetermined>?
        public var season_match_days: Rule<Int>?
        public var counterfactual_level_cm: Rule<Double>?
    }
    public struct Drainage: Decodable, Sendable {
        public var threshold_cm: Rule<Double>
        public var min_days: Rule<Int>
        public var reach_cm: Rule<Double>?
        public var exclude_end_season_drainage: Rule<Bool>
    }
    public struct Evidence: Decodable, Sendable {
        public var min_observed_days_per_event: Rule<Int>
        public var max_unobserved_days_in_event: Rule<Int>
        public var undetermined_regime: Rule<UndeterminedRegimeTreatment>
    }
    public struct Uncertainty: Decodable, Sendable {
        public var applies_to: Rule<UncertaintyBase>
        public var deduction: Rule<Double>
        public var annual_ceiling_t_co2e: Rule<Double>?
    }
    public struct N2O: Decodable, Sendable {
        public var deducted: Rule<Bool>
        public var method: Rule<N2ODeduction.Method>
        public var factor_kg_n2o_per_kg_n: Rule<Double>?
    }
    public struct Period: Decodable, Sendable { public var max_months: Rule<Int> }

    public var id: String
    public var title: String
    public var approach: Approach
    public var eligibility: Eligibility
    public var baseline: Baseline
    public var drainage: Drainage
    public var evidence: Evidence
    public var uncertainty: Uncertainty
    public var gwp: Rule<String>
    public var n2o: N2O
    public var period: Period

    /// The domain rule set, with the GWPs and N2O factors it binds; throws the first rule that
    /// is missing or out of range, naming its key.
    func validated(gwpCH4: GWP, gwpN2O: Double, n2oFactors: N2OFactors) throws(ModelLibrary.RuleProblem) -> CreditingRuleSet {
        func need<V>(_ r: Rule<V>?, _ key: String) throws(ModelLibrary.RuleProblem) -> V {
            guard let r else { throw .init("baseline.\(key) is required with construction \(baseline.construction.value.rawValue)") }
            return r.value
        }
        let construction: BaselineConstruction
        switch baseline.construction.value {
        case .lookback:
            let years = try need(baseline.lookback_years, "lookback_years")
            guard years >= 1 else { throw .init("baseline.lookback_years must be at least 1") }
            construction = .lookback(years: years, minSeasonsPerYear: try need(baseline.min_seasons_per_year, "min_seasons_per_year"),
                                     statistic: try need(baseline.statistic, "statistic"),
                                     allowedRegimes: WaterRegime.inCaseOrder(try need(baseline.allowed_regimes, "allowed_regimes")),
                                     undeterminedIneligible: baseline.undetermined_lookback != nil,
                                     seasonMatchDays: try need(baseline.season_match_days, "season_match_days"))
        case .counterfactual:
            construction = .counterfactual(levelCm: try need(baseline.counterfactual_level_cm, "counterfactual_level_cm"))
        }
        guard (0..<1).contains(uncertainty.deduction.value) else { throw .init("uncertainty.deduction must be at least 0 and below 1") }
        guard (1...12).contains(period.max_months.value) else { throw .init("period.max_months must be 1 to 12") }
        if n2o.method.value == .fixed_factor && n2o.factor_kg_n2o_per_kg_n == nil {
            throw .init("n2o.factor_kg_n2o_per_kg_n is required with method fixed_factor")
        }
        let rule = DrainageRule(name: id, thresholdCm: drainage.threshold_cm.value, minDays: drainage.min_days.value,
                                reachCm: drainage.reach_cm?.value, excludeEndSeasonDrainage: drainage.exclude_end_season_drainage.value,
                                source: "\(title): \(drainage.min_days.source)",
                                minObservedDays: evidence.min_observed_days_per_event.value,
                                maxUnobservedDays: evidence.max_unobserved_days_in_event.value)
        return CreditingRuleSet(
            id: id, title: title, eligibleWaterSupplies: Set(eligibility.water_supply.value), baseline: construction, drainage: rule,
            undeterminedRegime: evidence.undetermined_regime.value, uncertaintyDeduction: uncertainty.deduction.value,
            uncertaintyAppliesTo: uncertainty.applies_to.value, annualCeilingCO2eT: uncertainty.annual_ceiling_t_co2e?.value,
            gwpID: gwpCH4.id, gwpCH4: gwpCH4.value, gwpN2O: gwpN2O,
            n2o: N2ODeduction(deducted: n2o.deducted.value, method: n2o.method.value, fixedFactorKgN2OPerKgN: n2o.factor_kg_n2o_per_kg_n?.value,
                              factors: n2oFactors),
            maxPeriodMonths: period.max_months.value)
    }
}

/// `models/n2o-ipcc-2019.yaml`.
struct N2OFactorsFile: Decodable {
    var ef1fr_continuous_flooding, ef1fr_drainage, ef1fr_aggregated, ef1_aggregated, n2o_per_n2o_n: Factor

    var factors: N2OFactors {
        N2OFactors(ef1frContinuousFlooding: ef1fr_continuous_flooding.value, ef1frDrainage: ef1fr_drainage.value,
                   ef1frAggregated: ef1fr_aggregated.value, ef1Aggregated: ef1_aggregated.value, n2oPerN2ON: n2o_per_n2o_n.value)
    }
}

extension ModelLibrary {
    /// A rule of a rule set file that cannot be used.
    public struct RuleProblem: Error {
        let message: String
        init(_ m: String) { message = m }
    }

    /// The folder of the crediting rule sets.
    public var creditingDirectory: URL { directory.appendingPathComponent("crediting") }

    /// The ids of the shipped rule sets (file names under `models/crediting/`).
    public func creditingRuleSetIDs() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: creditingDirectory.path)) ?? [])
            .filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }.sorted()
    }

    /// The rule sets of the former `models/crediting.yaml`, and the rule set that replaces each.
    static let formerCreditingRules = ["vm0051-ipcc-defaults": "vm0051-v1.1", "india-ccts-ag04": "cdm-ams-iii-au-v4.0",
                                       "none": "(no crediting key: the scenarios alone)", "conservative-95": "vm0051-v1.1"]

    /// Loads a crediting rule set by id (`vm0051-v1.1`) or path, with the GWPs of its `gwp`
    /// binding (`gwp.yaml`, `gwp-n2o.yaml`) and the IPCC 2019 N2O factors; returns it with the
    /// files it was read from (role, path).
    public func creditingRuleSet(_ nameOrPath: String) throws -> (CreditingRuleSet, [(String, String)]) {
        let url = nameOrPath.hasSuffix(".yaml") || nameOrPath.contains("/") ? URL(fileURLWithPath: nameOrPath)
            : creditingDirectory.appendingPathComponent(nameOrPath + ".yaml")
        guard FileManager.default.fileExists(atPath: url.path) else {
            if let replacement = Self.formerCreditingRules[nameOrPath] {
                throw ModelError(url: url, message: "\"\(nameOrPath)\" was a rule of models/crediting.yaml, which rule sets in models/crediting/ replaced: use methodology: \(replacement)")
            }
            throw ModelError(url: url, message: "no crediting rule set \"\(nameOrPath)\"" + Self.choice(nameOrPath, among: creditingRuleSetIDs()))
        }
        let file: CreditingRuleSetFile = try Self.decodeFile(url)
        let gwpURL = self.url(for: "gwp-n2o"), n2oURL = self.url(for: "n2o-ipcc-2019")
        let ch4 = try gwp(file.gwp.value)
        let n2oTable: [String: GWPValue] = try Self.decodeFile(gwpURL)
        guard let n2oGWP = n2oTable[ch4.id] else {
            throw ModelError(url: gwpURL, message: "no N2O GWP \"\(ch4.id)\" (bound by \(url.lastPathComponent))" + Self.choice(ch4.id, among: Array(n2oTable.keys)))
        }
        let factors: N2OFactorsFile = try Self.decodeFile(n2oURL)
        do {
            let rules = try file.validated(gwpCH4: ch4, gwpN2O: n2oGWP.value, n2oFactors: factors.factors)
            return (rules, [("crediting_rule_set", url.path), ("gwp", self.url(for: "gwp").path), ("gwp_n2o", gwpURL.path), ("n2o_factors", n2oURL.path)])
        } catch {
            throw ModelError(url: url, message: error.message)
        }
    }

    private struct GWPValue: Decodable { var value: Double; var source: String }
}
