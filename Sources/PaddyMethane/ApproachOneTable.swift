/// The Approach 1 uncertainty calculation in the layout of IPCC 2006 Vol. 1 Ch. 3, Table 3.3,
/// for the rows of one source category (3.C): base-year emissions (C) and year-t emissions (D),
/// activity-data (E), emission-factor (F) and combined (G = √(E² + F²)) uncertainty, the
/// contribution to the variance in year t (H = (G × D)² / (ΣD)²), the type A and type B
/// sensitivities (I, J), and the trend uncertainty introduced by the factors (K = I × F: factors
/// fully correlated between the years) and by the activity data (L = J × E × √2: activity data
/// independent between the years), M = K² + L².
///
/// Eq. 3.1 and 3.2 and the sums over Table 3.3's rows hold for independent rows; the rows of 3.C
/// share factors (every row uses the one EF_c), so the total row combines every error source
/// across the rows before squaring (Section 3.2.3.1: correlated terms combined first): its G is
/// the uncertainty of the total, its M that of the trend, and with rows that share nothing they
/// equal √ΣH and ΣM of the table.
public struct ApproachOneTable: Sendable {
    private static func square(_ x: Double) -> Double { x * x }

    public struct Row: Sendable, Equatable {
        /// C and D: CH4 [kg] at the published factors; C is nil without a base year.
        public var baseYearKg: Double?
        public var yearKg: Double
        /// E, F, G: relative 95 % half-widths (0.1 for ±10 %), of year t (of the base year where
        /// the row has no emission in year t).
        public var activityU95: Double
        public var factorU95: Double
        public var combinedU95: Double
        /// H: contribution to the variance of the total in year t [fraction²].
        public var varianceContribution: Double
        /// I, J: the type A and type B sensitivities (ratios); K, L [fractions]; M [fraction²];
        /// nil without a base year with emissions.
        public var trend: Trend?
        /// Whether any season of the row (year t, else the base year) has activity-data uncertainty given.
        public var hasActivityUncertainty: Bool
        /// Share of the row's emission (year t, else the base year) whose seasons have no activity-data uncertainty.
        public var shareWithoutActivityUncertainty: Double
    }

    public struct Trend: Sendable, Equatable {
        public var typeA: Double
        public var typeB: Double
        public var factor: Double
        public var activity: Double
        public var variance: Double { factor * factor + activity * activity }
    }

    public var rows: [Row]
    public var total: Row

    /// `year[i]` and `base[i]` are the budgets of row i in year t and in the base year (nil: no
    /// base year given).
    public init(year: [UncertaintyBudget], base: [UncertaintyBudget]?, model: FactorModel) {
        var totalYear = UncertaintyBudget(model: model), totalBase = UncertaintyBudget(model: model)
        for b in year { totalYear.add(b) }
        for b in base ?? [] { totalBase.add(b) }
        let sumD = totalYear.emissionKg, sumC = totalBase.emissionKg
        let withTrend = base != nil && sumC > 0
        // Per row: the budget whose relative uncertainties apply (year t's, else the base year's).
        let relative = year.indices.map { i in year[i].emissionKg > 0 || base == nil ? year[i] : base![i] }
        rows = year.indices.map { i in
            let r = relative[i], d = year[i].emissionKg
            let trend: Trend? = withTrend ? {
                let c = base![i].emissionKg
                // Table 3.3 column I: the change of the trend (percentage points) per 1 % more emission of the row in both years.
                let typeA = ((0.01 * d + sumD) - (0.01 * c + sumC)) / (0.01 * c + sumC) * 100 - (sumD - sumC) / sumC * 100
                let typeB = d / sumC
                return Trend(typeA: typeA, typeB: typeB, factor: typeA * r.factorU95, activity: typeB * r.activityU95 * 2.0.squareRoot())
            }() : nil
            return Row(baseYearKg: base.map { $0[i].emissionKg }, yearKg: d, activityU95: r.activityU95, factorU95: r.factorU95,
                       combinedU95: r.combinedU95,
                       varianceContribution: sumD > 0 ? Self.square(r.combinedU95 * d / sumD) : 0,
                       trend: trend, hasActivityUncertainty: r.hasActivityUncertainty,
                       shareWithoutActivityUncertainty: r.emissionKg > 0 ? r.emissionWithoutActivityUncertaintyKg / r.emissionKg : 0)
        }
        // The total: every source combined across the rows before squaring.
        var totalTrend: Trend? = nil
        if withTrend {
            var k = [Double](repeating: 0, count: model.values.count)
            var l: [ActivityErrorSource: Double] = [:]
            for (i, row) in rows.enumerated() {
                let r = relative[i], t = row.trend!
                guard r.emissionKg > 0 else { continue }
                for f in k.indices { k[f] += t.typeA * r.factorHalfWidthsKg[f] / r.emissionKg }
                for (g, h) in r.activityHalfWidthsKg { l[g, default: 0] += t.typeB * h / r.emissionKg * 2.0.squareRoot() }
            }
            let typeA = ((sumD + 0.01 * sumD) - (sumC + 0.01 * sumC)) / (sumC + 0.01 * sumC) * 100 - (sumD - sumC) / sumC * 100
            totalTrend = Trend(typeA: typeA, typeB: sumD / sumC, factor: k.reduce(0) { $0 + $1 * $1 }.squareRoot(),
                               activity: l.values.reduce(0) { $0 + $1 * $1 }.squareRoot())
        }
        total = Row(baseYearKg: base.map { _ in sumC }, yearKg: sumD, activityU95: totalYear.activityU95,
                    factorU95: totalYear.factorU95, combinedU95: totalYear.combinedU95,
                    varianceContribution: Self.square(totalYear.combinedU95), trend: totalTrend,
                    hasActivityUncertainty: totalYear.hasActivityUncertainty,
                    shareWithoutActivityUncertainty: sumD > 0 ? totalYear.emissionWithoutActivityUncertaintyKg / sumD : 0)
    }
}
