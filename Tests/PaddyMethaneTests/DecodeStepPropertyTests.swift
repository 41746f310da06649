import Foundation
import Testing
import PropertyBased
@testable import PaddyMethane
@testable import PaddyMethaneIO

// Round trips of each CF decode step (CF 1.8 sections 2.5.1, 4.4 and 8.1): every step's encoder
// (what a writer such as xarray or netCDF4-python does) followed by its decoder gives the value
// back, and a value the step marks missing is missing after the round trip.

/// Relative closeness for values that went through a multiplication and a division.
private func close(_ a: Double, _ b: Double, rel: Double = 1e-12) -> Bool {
    abs(a - b) <= rel * max(1, abs(a), abs(b))
}

@Suite("CF decode steps: round trips")
struct DecodeStepPropertyTests {
    /// Packed integers as netCDF stores them in a short (int16).
    static let packed = Gen.int(in: -32_000...32_000).map { Double($0) }

    @Test("mask: a value that is not a marker comes back; a missing value encodes to a marker and decodes to missing")
    func mask() async {
        await propertyCheck(input: Self.packed.array(of: 0...3), Self.packed, Gen.bool) { markers, value, nanFill in
            let step = MaskStep(markers: markers + (nanFill ? [.nan] : []))
            if !markers.contains(value) {
                #expect(step.encode(value).flatMap(step.decode) == value)
            } else {
                #expect(step.decode(value) == nil)
            }
            if let stored = step.encode(nil) {
                #expect(step.decode(stored) == nil, "the marker \(stored) must decode to missing")
            } else {
                #expect(markers.isEmpty && !nanFill)
            }
        }
    }

    @Test("valid range: values inside come back, values outside cannot be stored and decode to missing")
    func validRange() async {
        await propertyCheck(input: Self.packed, Self.packed, Self.packed) { a, b, value in
            let step = ValidRangeStep(min: min(a, b), max: max(a, b))
            if value >= min(a, b) && value <= max(a, b) {
                #expect(step.encode(value).flatMap(step.decode) == value)
            } else {
                #expect(step.encode(value) == nil && step.decode(value) == nil)
            }
        }
    }

    @Test("scale and offset: encode then decode gives the value; two maps fold into one")
    func affine() async {
        let scale = Gen.double(in: 0.001...1000).map { $0 }
        let offset = Gen.double(in: -1000...1000)
        await propertyCheck(input: scale, offset, Gen.bool, Self.packed) { s, o, negative, x in
            let step = AffineStep(scale: negative ? -s : s, offset: o)
            #expect(close(step.encode(step.decode(x)), x, rel: 1e-9))
            #expect(close(step.decode(step.encode(x)), x, rel: 1e-9))
            // The unit conversion after unpacking (m to cm: × 100; K to °C: − 273.15) as one map.
            let unit = AffineStep(scale: 100, offset: -273.15)
            #expect(close(step.then(unit).decode(x), unit.decode(step.decode(x)), rel: 1e-12))
        }
    }

    @Test("unit conversion: m, cm and mm to cm and back")
    func unitConversion() async throws {
        await propertyCheck(input: Gen.element(of: ["m", "cm", "mm"]), Gen.double(in: -500...500)) { unit, level in
            let factor = try #require(unit.flatMap(CFUnits.centimetres(per:)))
            let step = AffineStep(scale: factor, offset: 0)
            #expect(close(step.decode(step.encode(level)), level))
        }
        // By hand: 0.05 m is 5 cm, 50 mm is 5 cm.
        let perM = try #require(CFUnits.centimetres(per: "m")), perMM = try #require(CFUnits.centimetres(per: "mm"))
        #expect(close(AffineStep(scale: perM, offset: 0).decode(0.05), 5))
        #expect(close(AffineStep(scale: perMM, offset: 0).decode(50), 5))
    }

    @Test("packed decoder: the composed steps invert, and markers and out-of-range values are missing")
    func packedDecoder() async {
        // An int16 water level in m packed with scale 0.001 and offset −1, fill −32767, valid
        // range −30000…30000 (the way netCDF4-python packs with set_auto_scale).
        let decoder = PackedDecoder(mask: MaskStep(markers: [-32_767]), validRange: ValidRangeStep(min: -30_000, max: 30_000),
                                    unpack: AffineStep(scale: 0.001, offset: -1), unit: AffineStep(scale: 100, offset: 0))
        // By hand: 1050 × 0.001 − 1 = 0.05 m = 5 cm.
        #expect(close(decoder.decode(1050), 5))
        await propertyCheck(input: Gen.int(in: -32_768...32_767)) { k in
            let packed = Double(k)
            var counts = MaskCounts()
            let level = decoder.decode(packed, counting: &counts)
            if k == -32_767 {
                #expect(level.isNaN && counts.fillOrMissing == 1)
            } else if abs(k) > 30_000 {
                #expect(level.isNaN && counts.validRange == 1 && decoder.encode(level) == -32_767)
            } else {
                #expect(counts == { var c = MaskCounts(); c.values = 1; return c }())
                #expect(decoder.encode(level).map { $0.rounded() } == packed)
            }
        }
    }

    @Test("a row decoded in one pass equals its values decoded one by one, with the same counts")
    func rowDecoding() {
        // The int16 level in m of the test above (scale 0.001, offset −1, to cm): 1050 → 5 cm,
        // 0 → −100 cm; −32767 is the fill, 30001 is outside the valid range, NaN is NaN.
        let packed: [Double] = [1050, -32_767, 30_001, .nan, 0]
        for markers in [[-32_767.0], [-32_767, 31_000], []] {   // one marker, several, none
            let decoder = PackedDecoder(mask: MaskStep(markers: markers), validRange: ValidRangeStep(min: -30_000, max: 30_000),
                                        unpack: AffineStep(scale: 0.001, offset: -1), unit: AffineStep(scale: 100, offset: 0))
            var one = MaskCounts(), row = MaskCounts()
            let expected = packed.map { decoder.decode($0, counting: &one) }
            var out = [Double](repeating: 0, count: packed.count)
            packed.withUnsafeBufferPointer { p in out.withUnsafeMutableBufferPointer { decoder.decode(p, into: $0, counting: &row) } }
            #expect(close(out[0], 5) && close(out[4], -100))
            #expect(out.map(\.bitPattern) == expected.map(\.bitPattern))
            #expect(row == one)
            // With the fill a marker: 1 fill, 1 out of range, 1 NaN; without markers −32767 is out of range.
            #expect(row.fillOrMissing == (markers.isEmpty ? 0 : 1) && row.validRange == (markers.isEmpty ? 2 : 1) && row.nan == 1)
        }
    }

    @Test("time axis: day numbers encode to time values and decode back, in every calendar and zone")
    func timeAxis() async throws {
        let unitsText = ["days since 2024-01-01", "hours since 2024-06-01 00:00 +07:00", "seconds since 1970-01-01 00:00:00 0:00",
                         "milliseconds since 2023-05-01T00:00:00.250Z", "minutes since 2000-02-28 12:30 -03:30", "weeks since 1999-12-27"]
        let calendars: [CFCalendar] = [.standard, .proleptic_gregorian, .julian, .noleap, .all_leap, .day360]
        await propertyCheck(input: Gen.element(of: unitsText), Gen.element(of: calendars), Gen.int(in: 0...20_000), Gen.int(in: 0...1439)) { text, calendar, dayOffset, minute in
            let text = try #require(text), calendar = try #require(calendar)
            let units = try #require(CFTimeUnits(text, calendar: calendar))
            let time = CFTimeDecoder(variable: "time", values: PackedDecoder(mask: MaskStep(markers: [CFTimeDecoder.numpyNaT])),
                                     units: units, fileCalendar: units.calendar)
            let day = units.dayNumber(0) + Double(dayOffset) + Double(minute) / 1440
            let stored = try #require(time.encode(day: day))
            guard case .success(let decoded?) = time.day(stored) else { Issue.record("\(stored) did not decode"); return }
            #expect(close(decoded, day, rel: 1e-12))
            // A missing time (numpy's NaT) encodes to the marker and decodes to missing.
            guard case .success(nil) = time.day(try #require(time.encode(day: .nan))) else { Issue.record("NaT is not missing"); return }
        }
        // By hand: hours since 2024-06-01 00:00 +07:00, value 48 is local midnight of 3 June.
        let units = try #require(CFTimeUnits("hours since 2024-06-01 00:00 +07:00", calendar: .standard))
        #expect(units.dayNumber(48) == Double(CFCalendar.standard.dayNumber(CalendarDate(year: 2024, month: 6, day: 3))))
        #expect(units.value(ofDay: units.dayNumber(48)) == 48)
    }

    @Test("time axis: a strictly increasing series decodes in one pass; missing times are refused or skipped")
    func axis() async throws {
        let units = try #require(CFTimeUnits("days since 2024-01-01", calendar: .standard))
        let time = CFTimeDecoder(variable: "time", values: PackedDecoder(mask: MaskStep(markers: [-1])), units: units, fileCalendar: .standard)
        await propertyCheck(input: Gen.int(in: 1...12).array(of: 1...40), Gen.int(in: 0...39)) { steps, hole in
            var days: [Double] = []
            for s in steps { days.append((days.last ?? units.dayNumber(0)) + Double(s)) }
            let stored = days.map { time.encode(day: $0)! }
            guard case .success(let (decoded, kept)) = time.axis(stored, skipMissing: false) else { Issue.record("not decoded"); return }
            #expect(decoded == days && kept == Array(days.indices))
            // A missing time at `hole`: a shared axis refuses it, a paddy's own times drop it.
            guard hole < stored.count, stored.count > 1 else { return }
            var holed = stored
            holed[hole] = -1
            guard case .failure(.missing(let at)) = time.axis(holed, skipMissing: false) else { Issue.record("hole accepted"); return }
            #expect(at == hole)
            guard case .success(let (own, ownKept)) = time.axis(holed, skipMissing: true) else { Issue.record("hole not skipped"); return }
            #expect(ownKept == Array(days.indices).filter { $0 != hole } && own == ownKept.map { days[$0] })
        }
    }
}
