/// The calendar month of day numbers, worked out from the calendar once per month rather than
/// once per day: it keeps the span of day numbers of the last month it found, so that a run of
/// days in order costs one date conversion per month. Any order of days gives the right month.
struct CalendarMonthCursor {
    let calendar: CFCalendar
    /// The day numbers of the month last found: first day, and the first day after it.
    private var first = 0, end = 0
    private var month = 0

    init(calendar: CFCalendar) {
        self.calendar = calendar
    }

    /// The month (1…12) of day number `day`.
    mutating func month(ofDay day: Int) -> Int {
        if day < first || day >= end {
            let date = calendar.date(ofDay: day)
            let next = date.month == 12 ? CalendarDate(year: date.year + 1, month: 1, day: 1)
                                        : CalendarDate(year: date.year, month: date.month + 1, day: 1)
            month = date.month
            first = calendar.dayNumber(CalendarDate(year: date.year, month: date.month, day: 1))
            end = calendar.dayNumber(next)
        }
        return month
    }
}
