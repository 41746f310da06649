import Testing
@testable import PaddyMethane
@testable import PaddyMethaneIO

private func date(_ y: Int, _ m: Int, _ d: Int) -> CalendarDate { CalendarDate(year: y, month: m, day: d) }

/// Every valid date of `years` in calendar order, enumerated independently of `dayNumber`.
private func allDates(_ calendar: CFCalendar, years: ClosedRange<Int>) -> [CalendarDate] {
    var result: [CalendarDate] = []
    for y in years {
        for m in 1...12 {
            for d in 1...31 where calendar.isValid(date(y, m, d)) { result.append(date(y, m, d)) }
        }
    }
    return result
}

@Suite("CF calendars")
struct CalendarTests {
    @Test("Calendar names and aliases", arguments: [
        ("standard", CFCalendar.standard), ("gregorian", .standard), ("GREGORIAN", .standard), ("", .standard),
        ("proleptic_gregorian", .proleptic_gregorian), ("julian", .julian),
        ("noleap", .noleap), ("365_day", .noleap), ("all_leap", .all_leap), ("366_day", .all_leap),
        ("360_day", .day360), (" noleap ", .noleap),
    ])
    func names(name: String, expected: CFCalendar) {
        #expect(CFCalendar(cfName: name) == expected)
    }

    @Test func unknownCalendarName() {
        #expect(CFCalendar(cfName: "lunar") == nil)
        #expect(CFCalendar(cfName: "360") == nil)
    }

    @Test("Consecutive dates have consecutive day numbers, and date(ofDay:) inverts dayNumber", arguments: CFCalendar.allCases)
    func roundTrip(calendar: CFCalendar) {
        for years in [1...3, 1580...1584, 1896...1904, 1999...2101] {
            let dates = allDates(calendar, years: years)
            let first = calendar.dayNumber(dates[0])
            for (i, d) in dates.enumerated() {
                let n = calendar.dayNumber(d)
                #expect(n == first + i, "\(calendar.rawValue) \(d)")
                #expect(calendar.date(ofDay: n) == d, "\(calendar.rawValue) day \(n)")
                if n != first + i { return }
            }
        }
        // day number → date → day number over a wide range, including days before 0001-01-01
        for n in stride(from: -800, through: 800_000, by: 37) {
            let d = calendar.date(ofDay: n)
            #expect(calendar.isValid(d), "\(calendar.rawValue) day \(n) gave \(d)")
            #expect(calendar.dayNumber(d) == n, "\(calendar.rawValue) day \(n) gave \(d)")
        }
    }

    @Test("Day 0 is 0001-01-01 in every calendar", arguments: CFCalendar.allCases)
    func epoch(calendar: CFCalendar) {
        #expect(calendar.dayNumber(date(1, 1, 1)) == 0)
        #expect(calendar.date(ofDay: 0) == date(1, 1, 1))
        #expect(calendar.date(ofDay: -1) == date(0, 12, calendar == .day360 ? 30 : 31))
    }

    @Test func knownAbsoluteDayNumbers() {
        // Proleptic Gregorian: Python's date(2024, 1, 1).toordinal() - 1 = 738885.
        #expect(CFCalendar.proleptic_gregorian.dayNumber(date(2024, 1, 1)) == 738_885)
        // Julian 0001-01-01 is proleptic Gregorian 0000-12-30, two days earlier.
        #expect(CFCalendar.standard.dayNumber(date(2024, 1, 1)) == 738_887)
        // Julian 2024-01-01 is Gregorian 2024-01-14: 738885 + 13 + 2.
        #expect(CFCalendar.julian.dayNumber(date(2024, 1, 1)) == 738_900)
        #expect(CFCalendar.noleap.dayNumber(date(2024, 1, 1)) == 2023 * 365)
        #expect(CFCalendar.all_leap.dayNumber(date(2024, 1, 1)) == 2023 * 366)
        #expect(CFCalendar.day360.dayNumber(date(2024, 1, 1)) == 2023 * 360)
        // 1582-10-15 (first Gregorian day): Gregorian ordinal 577735 + 2.
        #expect(CFCalendar.standard.dayNumber(date(1582, 10, 15)) == 577_737)
    }

    @Test func februaryLengths() {
        let d = CFCalendar.proleptic_gregorian
        #expect(d.dayNumber(date(2024, 3, 1)) - d.dayNumber(date(2024, 2, 28)) == 2)
        #expect(d.dayNumber(date(2023, 3, 1)) - d.dayNumber(date(2023, 2, 28)) == 1)
        #expect(d.dayNumber(date(1900, 3, 1)) - d.dayNumber(date(1900, 2, 28)) == 1)
        #expect(d.dayNumber(date(2000, 3, 1)) - d.dayNumber(date(2000, 2, 28)) == 2)
        let n = CFCalendar.noleap
        #expect(n.dayNumber(date(2024, 3, 1)) - n.dayNumber(date(2024, 2, 28)) == 1)
        #expect(!n.isValid(date(2024, 2, 29)))
        let a = CFCalendar.all_leap
        #expect(a.dayNumber(date(2023, 3, 1)) - a.dayNumber(date(2023, 2, 28)) == 2)
        #expect(a.isValid(date(2023, 2, 29)))
        let t = CFCalendar.day360
        #expect(t.isValid(date(2023, 2, 30)))
        #expect(!t.isValid(date(2023, 1, 31)))
        #expect(t.dayNumber(date(2024, 3, 1)) - t.dayNumber(date(2024, 2, 28)) == 3)
        #expect(t.dayNumber(date(2025, 1, 1)) - t.dayNumber(date(2024, 1, 1)) == 360)
        #expect(n.dayNumber(date(2025, 1, 1)) - n.dayNumber(date(2024, 1, 1)) == 365)
        #expect(a.dayNumber(date(2025, 1, 1)) - a.dayNumber(date(2024, 1, 1)) == 366)
    }

    @Test func gregorianReformInStandardCalendar() {
        let s = CFCalendar.standard
        let oct4 = s.dayNumber(date(1582, 10, 4))
        #expect(s.date(ofDay: oct4 + 1) == date(1582, 10, 15))
        #expect(s.dayNumber(date(1582, 10, 15)) == oct4 + 1)
        for day in 5...14 { #expect(!s.isValid(date(1582, 10, day))) }
        #expect(s.isValid(date(1582, 10, 4)) && s.isValid(date(1582, 10, 15)))
        // Before the reform the standard calendar is the Julian one (1500 is a Julian leap year).
        #expect(s.isValid(date(1500, 2, 29)))
        #expect(s.dayNumber(date(1500, 3, 1)) == CFCalendar.julian.dayNumber(date(1500, 3, 1)))
        // After it, it is the Gregorian one, two days ahead of the proleptic count since 0001-01-01.
        #expect(!s.isValid(date(1700, 2, 29)))
        #expect(s.dayNumber(date(2024, 1, 1)) - CFCalendar.proleptic_gregorian.dayNumber(date(2024, 1, 1)) == 2)
        // The proleptic Gregorian calendar has no gap.
        let p = CFCalendar.proleptic_gregorian
        #expect(p.isValid(date(1582, 10, 10)))
        #expect(p.dayNumber(date(1582, 10, 15)) - p.dayNumber(date(1582, 10, 4)) == 11)
    }

    @Test func julianLeapYears() {
        let j = CFCalendar.julian
        #expect(j.isValid(date(1900, 2, 29)))
        #expect(j.date(ofDay: j.dayNumber(date(1900, 2, 28)) + 1) == date(1900, 2, 29))
        #expect(j.date(ofDay: j.dayNumber(date(1900, 2, 28)) + 2) == date(1900, 3, 1))
        #expect(!CFCalendar.proleptic_gregorian.isValid(date(1900, 2, 29)))
        #expect(!CFCalendar.standard.isValid(date(1900, 2, 29)))
        #expect(CFCalendar.standard.isValid(date(2000, 2, 29)))
    }

    @Test func dateDescriptionAndParsing() {
        #expect(date(2024, 2, 30).description == "2024-02-30")
        #expect(date(5, 1, 9).description == "0005-01-09")
        #expect(CalendarDate(iso: "2024-1-2") == date(2024, 1, 2))
        #expect(CalendarDate(iso: "2024-01") == nil)
        #expect(CalendarDate(iso: "2024-xx-01") == nil)
        #expect(date(2024, 1, 31) < date(2024, 2, 1))
    }
}

@Suite("CF time units")
struct CFTimeUnitsTests {
    private let jan1 = Double(CFCalendar.proleptic_gregorian.dayNumber(CalendarDate(year: 2024, month: 1, day: 1)))

    @Test func daysSinceDate() throws {
        let u = try #require(CFTimeUnits("days since 2024-01-01", calendar: .proleptic_gregorian))
        #expect(u.secondsPerUnit == 86_400)
        #expect(u.referenceDay == 738_885)
        #expect(u.dayNumber(59) == 738_885 + 59)
        #expect(u.dayNumber(1.5) == 738_885 + 1.5)
    }

    @Test func hoursSinceWithTime() throws {
        let u = try #require(CFTimeUnits("hours since 2024-01-01 06:00:00", calendar: .proleptic_gregorian))
        #expect(u.secondsPerUnit == 3_600)
        #expect(abs(u.referenceDay - (jan1 + 0.25)) < 1e-9)
        #expect(abs(u.dayNumber(18) - (jan1 + 1)) < 1e-9)
        #expect(abs(u.dayNumber(-6) - jan1) < 1e-9)
    }

    @Test func secondsSinceIsoWithZ() throws {
        let u = try #require(CFTimeUnits("seconds since 2024-01-01T00:00:00Z", calendar: .proleptic_gregorian))
        #expect(u.secondsPerUnit == 1)
        #expect(abs(u.referenceDay - jan1) < 1e-9)
        #expect(abs(u.dayNumber(86_400 * 3 + 43_200) - (jan1 + 3.5)) < 1e-9)
    }

    @Test func minutesAndUTCSuffix() throws {
        let u = try #require(CFTimeUnits("minutes since 2024-01-01 12:00:00 UTC", calendar: .proleptic_gregorian))
        #expect(u.secondsPerUnit == 60)
        #expect(abs(u.referenceDay - (jan1 + 0.5)) < 1e-9)
        #expect(abs(u.dayNumber(720) - (jan1 + 1)) < 1e-9)
    }

    @Test func timezoneOffsets() throws {
        // 07:00 at UTC+7 is midnight UTC.
        let a = try #require(CFTimeUnits("days since 2024-01-01 07:00:00+07:00", calendar: .proleptic_gregorian))
        #expect(abs(a.referenceDay - jan1) < 1e-9)
        // Midnight at UTC+7 is 17:00 UTC the day before.
        let b = try #require(CFTimeUnits("hours since 2024-01-01 00:00:00 +07:00", calendar: .proleptic_gregorian))
        #expect(abs(b.referenceDay - (jan1 - 7.0 / 24)) < 1e-9)
        // Midnight at UTC-05:30 is 05:30 UTC.
        let c = try #require(CFTimeUnits("hours since 2024-01-01T00:00:00-05:30", calendar: .proleptic_gregorian))
        #expect(abs(c.referenceDay - (jan1 + 5.5 / 24)) < 1e-9)
    }

    @Test func shortFormsAndOtherCalendars() throws {
        let u = try #require(CFTimeUnits("days since 2024-1-1", calendar: .proleptic_gregorian))
        #expect(u.referenceDay == jan1)
        let d360 = try #require(CFTimeUnits("days since 2024-01-01", calendar: .day360))
        #expect(d360.referenceDay == Double(2023 * 360))
        #expect(CFCalendar.day360.date(ofDay: Int(d360.dayNumber(59))) == CalendarDate(year: 2024, month: 2, day: 30))
        let hm = try #require(CFTimeUnits("hours since 2024-01-01 06:30", calendar: .proleptic_gregorian))
        #expect(abs(hm.referenceDay - (jan1 + 6.5 / 24)) < 1e-9)
    }

    @Test("Malformed units are rejected", arguments: [
        "days", "days after 2024-01-01", "months since 2024-01-01", "days since yesterday",
        "days since 2024-02-30", "days since 2024-13-01", "days since 2024-01-01 aa:00",
    ])
    func malformed(units: String) {
        #expect(CFTimeUnits(units, calendar: .proleptic_gregorian) == nil)
    }

    @Test func referenceMustExistInCalendar() {
        #expect(CFTimeUnits("days since 2024-02-30", calendar: .day360) != nil)
        #expect(CFTimeUnits("days since 2023-02-29", calendar: .all_leap) != nil)
        #expect(CFTimeUnits("days since 2024-02-29", calendar: .noleap) == nil)
        #expect(CFTimeUnits("days since 1582-10-10", calendar: .standard) == nil)
    }
}

@Suite("CF length and area units")
struct CFUnitsTests {
    @Test func lengths() {
        #expect(CFUnits.centimetres(per: "m") == 100)
        #expect(CFUnits.centimetres(per: "metres") == 100)
        #expect(CFUnits.centimetres(per: "cm") == 1)
        #expect(CFUnits.centimetres(per: "mm") == 0.1)
        #expect(CFUnits.centimetres(per: " MM ") == 0.1)
        // UDUNITS-2: foot = 12 international inches of 2.54 cm = 30.48 cm (was refused before
        // lengths were read with the UDUNITS-2 grammar).
        #expect(abs(CFUnits.centimetres(per: "feet")! - 30.48) < 1e-12)
        #expect(CFUnits.centimetres(per: "m2") == nil)
    }

    @Test func areas() {
        #expect(CFUnits.hectares(per: "ha") == 1)
        #expect(CFUnits.hectares(per: "m2") == 1e-4)
        #expect(CFUnits.hectares(per: "m^2") == 1e-4)
        #expect(CFUnits.hectares(per: "km2") == 100)
        // UDUNITS-2: acre = 160 rod², rod = 16.5 × 1200/3937 m: 4046.8726 m² = 0.40468726 ha
        // (was refused before areas were read with the UDUNITS-2 grammar).
        #expect(abs(CFUnits.hectares(per: "acre")! - 0.404_687_260_987) < 1e-11)
        #expect(CFUnits.hectares(per: "m") == nil)
    }
}
