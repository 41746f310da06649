/// Monitoring periods of `months` months from `start` (six or less, as Cambodia's ministry asks).
public struct MonitoringPeriods: Sendable {
    public let start: CalendarDate
    public let months: Int
    public let calendar: CFCalendar

    public init(start: CalendarDate, months: Int, calendar: CFCalendar) {
        self.start = start
        self.months = months
        self.calendar = calendar
    }

    /// The index of the period containing day number `day` (negative before `start`).
    public func index(ofDay day: Int) -> Int {
        let d = calendar.date(ofDay: day)
        var m = (d.year - start.year) * 12 + (d.month - start.month)
        if d.day < start.day { m -= 1 }
        return m >= 0 ? m / months : -((-m + months - 1) / months)
    }

    /// First and last day of period `i`.
    public func bounds(_ i: Int) -> (CalendarDate, CalendarDate) {
        func add(_ k: Int) -> CalendarDate {
            let total = start.year * 12 + (start.month - 1) + k * months
            let y = total >= 0 ? total / 12 : -((-total + 11) / 12)
            let month = total - y * 12 + 1
            return CalendarDate(year: y, month: month, day: min(start.day, calendar.daysInMonth(month, year: y)))
        }
        let first = add(i)
        let last = calendar.date(ofDay: calendar.dayNumber(add(i + 1)) - 1)
        return (first, last)
    }
}

/// The credited amount of one monitoring period and each deduction on the way [t CO2e], from
/// the period's sums and the rule set: reductions = baseline − project CH4 (× GWP_CH4); the
/// uncertainty deduction U × the CH4 reductions (VM0051 Eq. 29) or × the reductions net of the
/// N2O deduction (ER = (BE − PE)(1 − U)), never of a negative amount; the N2O deduction
/// (× GWP_N2O); the size ceiling (annual ceiling × months / 12); credited never below 0.
public struct CreditedAmounts: Sendable, Equatable {
    public var baselineCO2eT: Double
    public var projectCO2eT: Double
    public var reductionsCO2eT: Double { baselineCO2eT - projectCO2eT }
    public var uncertaintyDeductionCO2eT: Double
    public var n2oDeductionCO2eT: Double
    /// CO2e of the N2O of the project minus that of the baseline (reported; deducted as the rule set says).
    public var n2oChangeCO2eT: Double
    public var ceilingCO2eT: Double?
    public var ceilingDeductionCO2eT: Double
    /// Reductions less the uncertainty and N2O deductions (may be negative).
    public var netCO2eT: Double
    public var creditedCO2eT: Double

    public init(_ p: CreditingLedger.Period, rules: CreditingRuleSet, periodMonths: Int) {
        let ch4 = rules.gwpCH4 / 1000, n2o = rules.gwpN2O / 1000
        baselineCO2eT = p.baselineCH4.value * ch4
        projectCO2eT = p.projectCH4.value * ch4
        n2oDeductionCO2eT = p.n2oDeduction.value * n2o
        n2oChangeCO2eT = (p.n2oProject.value - p.n2oBaseline.value) * n2o
        let reductions = baselineCO2eT - projectCO2eT
        let base = rules.uncertaintyAppliesTo == .ch4_reductions ? reductions : reductions - n2oDeductionCO2eT
        uncertaintyDeductionCO2eT = max(0, base) * rules.uncertaintyDeduction
        netCO2eT = reductions - n2oDeductionCO2eT - uncertaintyDeductionCO2eT
        let net = reductions - n2oDeductionCO2eT - uncertaintyDeductionCO2eT
        let ceiling = rules.annualCeilingCO2eT.map { $0 * Double(periodMonths) / 12 }
        ceilingCO2eT = ceiling
        ceilingDeductionCO2eT = ceiling.map { max(0, net - $0) } ?? 0
        creditedCO2eT = max(0, net - ceilingDeductionCO2eT)
    }
}
