/// A crediting methodology's rules as data (`models/crediting/<id>.yaml`): which fields are
/// eligible, how each field's baseline is built, what a drainage is and what evidence it needs,
/// the uncertainty deduction and size ceiling, the GWPs and the N2O deduction. The README's
/// crediting section says what each shipped rule set implements.
public struct CreditingRuleSet: Sendable, Equatable, Codable {
    public var id: String
    public var title: String
    public var eligibleWaterSupplies: Set<WaterSupply>
    public var baseline: BaselineConstruction
    /// The methodology's drainage definition with its evidence thresholds (project seasons).
    public var drainage: DrainageRule
    public var undeterminedRegime: UndeterminedRegimeTreatment
    /// Fraction of the reductions deducted for uncertainty.
    public var uncertaintyDeduction: Double
    public var uncertaintyAppliesTo: UncertaintyBase
    /// Largest annual reductions [t CO2e] the approach may credit; nil when there is none.
    public var annualCeilingCO2eT: Double?
    public var gwpID: String
    /// kg CO2e per kg CH4 and per kg N2O.
    public var gwpCH4: Double
    public var gwpN2O: Double
    public var n2o: N2ODeduction
    public var maxPeriodMonths: Int

    public init(id: String, title: String, eligibleWaterSupplies: Set<WaterSupply>, baseline: BaselineConstruction,
                drainage: DrainageRule, undeterminedRegime: UndeterminedRegimeTreatment, uncertaintyDeduction: Double,
                uncertaintyAppliesTo: UncertaintyBase, annualCeilingCO2eT: Double?, gwpID: String, gwpCH4: Double,
                gwpN2O: Double, n2o: N2ODeduction, maxPeriodMonths: Int) {
        self.id = id
        self.title = title
        self.eligibleWaterSupplies = eligibleWaterSupplies
        self.baseline = baseline
        self.drainage = drainage
        self.undeterminedRegime = undeterminedRegime
        self.uncertaintyDeduction = uncertaintyDeduction
        self.uncertaintyAppliesTo = uncertaintyAppliesTo
        self.annualCeilingCO2eT = annualCeilingCO2eT
        self.gwpID = gwpID
        self.gwpCH4 = gwpCH4
        self.gwpN2O = gwpN2O
        self.n2o = n2o
        self.maxPeriodMonths = maxPeriodMonths
    }
}

/// How a field's baseline is built.
public enum BaselineConstruction: Sendable, Equatable, Codable {
    /// From the field's own seasons in the `years` years before the project start (VM0051
    /// Section 6): at least `minSeasonsPerYear` seasons in each of those years, every one with a
    /// regime in `allowedRegimes` (practice history); `statistic` picks the baseline of a project
    /// season from the look-back seasons ending within `seasonMatchDays` of its time of year.
    case lookback(years: Int, minSeasonsPerYear: Int, statistic: LookbackStatistic, allowedRegimes: [WaterRegime],
                  undeterminedIneligible: Bool, seasonMatchDays: Int)
    /// The project season itself under a counterfactual practice: continuous flooding at
    /// `levelCm` (CDM AMS-III.AU: continuation of the continuously flooded practice).
    case counterfactual(levelCm: Double)
}

/// Which look-back season sets the baseline.
public enum LookbackStatistic: String, Sendable, Equatable, Codable, CaseIterable {
    /// The lowest daily emission factor among the look-back seasons (the most conservative).
    case most_conservative
    /// The mean daily emission factor and season length of the look-back seasons.
    case mean
}

/// A project season whose water regime the series cannot show.
public enum UndeterminedRegimeTreatment: String, Sendable, Equatable, Codable, CaseIterable {
    /// Left out of baseline and project.
    case exclude
    /// Counted as continuously flooded in the project.
    case continuous_flooding
}

/// What the uncertainty deduction multiplies.
public enum UncertaintyBase: String, Sendable, Equatable, Codable, CaseIterable {
    /// The CH4 reductions, before the N2O deduction (VM0051 Eq. 29).
    case ch4_reductions
    /// The reductions net of the N2O deduction (ER = (BE − PE) × (1 − U)).
    case net_reductions
}

/// The N2O of a season's nitrogen under IPCC 2019 Table 11.1 and the methodology's deduction.
public struct N2ODeduction: Sendable, Equatable, Codable {
    public enum Method: String, Sendable, Equatable, Codable, CaseIterable {
        /// N × A × `fixedFactorKgN2OPerKgN` where a continuously flooded baseline drains (VM0051 Eq. 25).
        case fixed_factor
        /// The increase N × A × (EF1FR project − EF1FR baseline) × 44/28, when positive.
        case ef_difference
    }
    public var deducted: Bool
    public var method: Method
    public var fixedFactorKgN2OPerKgN: Double?
    public var factors: N2OFactors

    public init(deducted: Bool, method: Method, fixedFactorKgN2OPerKgN: Double?, factors: N2OFactors) {
        self.deducted = deducted
        self.method = method
        self.fixedFactorKgN2OPerKgN = fixedFactorKgN2OPerKgN
        self.factors = factors
    }

    /// The deducted N2O [kg N2O] of a season with `nitrogenKg` kg N applied (rate × area).
    public func deductionKg(nitrogenKg: Double, baseline: WaterRegime, project: WaterRegime) -> Double {
        guard deducted, nitrogenKg > 0 else { return 0 }
        switch method {
        case .fixed_factor:
            let drains = project == .single_drainage || project == .multiple_drainage
            return baseline == .continuously_flooded && drains ? nitrogenKg * (fixedFactorKgN2OPerKgN ?? 0) : 0
        case .ef_difference:
            return max(0, factors.n2oKg(nitrogenKg: nitrogenKg, regime: project) - factors.n2oKg(nitrogenKg: nitrogenKg, regime: baseline))
        }
    }
}

/// Direct N2O emission factors [kg N2O-N per kg N] (IPCC 2019 Vol. 4 Ch. 11 Table 11.1,
/// `models/n2o-ipcc-2019.yaml`).
public struct N2OFactors: Sendable, Equatable, Codable {
    public var ef1frContinuousFlooding: Double
    public var ef1frDrainage: Double
    public var ef1frAggregated: Double
    public var ef1Aggregated: Double
    /// 44/28.
    public var n2oPerN2ON: Double

    public init(ef1frContinuousFlooding: Double, ef1frDrainage: Double, ef1frAggregated: Double, ef1Aggregated: Double, n2oPerN2ON: Double) {
        self.ef1frContinuousFlooding = ef1frContinuousFlooding
        self.ef1frDrainage = ef1frDrainage
        self.ef1frAggregated = ef1frAggregated
        self.ef1Aggregated = ef1Aggregated
        self.n2oPerN2ON = n2oPerN2ON
    }

    /// EF1FR by water regime: continuous flooding, drainage (single, multiple), the aggregated
    /// value where the regime is not one of those; EF1 for upland rice.
    public func emissionFactor(_ regime: WaterRegime) -> Double {
        switch regime {
        case .continuously_flooded: ef1frContinuousFlooding
        case .single_drainage, .multiple_drainage: ef1frDrainage
        case .upland: ef1Aggregated
        default: ef1frAggregated
        }
    }

    /// Direct N2O [kg N2O] of `nitrogenKg` kg N applied: N × EF × 44/28 (IPCC 2019 Eq. 11.1).
    public func n2oKg(nitrogenKg: Double, regime: WaterRegime) -> Double {
        nitrogenKg * emissionFactor(regime) * n2oPerN2ON
    }
}
