/// How a methodology's uncertainty deduction is applied.
public enum CreditingRuleKind: String, Sendable, Equatable, Codable, CaseIterable {
    /// credited = reductions × (1 − deduction).
    case flat
    /// credited = the lower end of the 95 % interval of the reductions.
    case lower_bound_95
}

/// How a methodology deducts for uncertainty (`models/crediting.yaml`).
public struct CreditingRule: Sendable, Equatable, Codable {
    public var name: String
    public var type: CreditingRuleKind
    public var deduction: Double
    public var source: String

    public init(name: String, type: CreditingRuleKind, deduction: Double, source: String) {
        self.name = name
        self.type = type
        self.deduction = deduction
        self.source = source
    }

    /// Credited reductions from the estimate and the lower end of its 95 % interval; nil when the
    /// rule needs an interval that the computation does not have.
    public func credited(reductions: Double, low95: Double?) -> Double? {
        switch type {
        case .lower_bound_95: low95.map { min(reductions, $0) }
        case .flat: reductions * (1 - deduction)
        }
    }
}

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
